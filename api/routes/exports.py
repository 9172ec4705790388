"""Exports for graph tools: an entity's neighbourhood, or the whole graph, as GraphML, GEXF or
FollowTheMoney JSON lines.

A saved query's result is exported by its own run route with `format=graphml|gexf|ftm`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.auth import Reader
from api.deps import Runs
from api.formats import MEDIA, graph_response
from api.problems import responses
from exports.context import Named
from graph.values import to_graph

router = APIRouter(prefix="/exports", tags=["exports"])

ExportFormat = Literal["graphml", "gexf", "ftm"]
_FORMAT_HELP = "graphml, gexf, or ftm (FollowTheMoney entities, one JSON object a line)."
_OK: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "GraphML, GEXF, or FollowTheMoney entities one JSON object per line.",
        "content": {MEDIA[f]: {"schema": {"type": "string"}} for f in ("graphml", "gexf", "ftm")},
    }
}


@router.get(
    "/neighbourhood",
    summary="Export an entity's neighbourhood",
    response_class=Response,
    responses={**_OK, **responses(401, 404, 422, 503, 504)},
)
def neighbourhood(
    runs: Runs,
    _key: Reader,
    id: Annotated[str, Query(min_length=3, max_length=200, description="The centre entity id.")],
    depth: Annotated[int, Query(ge=1, le=3, description="How many hops out.")] = 1,
    format: Annotated[ExportFormat, Query(description=_FORMAT_HELP)] = "graphml",
) -> Response:
    """Every entity within `depth` hops and the direct edges between them, each edge with its
    claims' quotes, stances and sources, for Gephi, yEd, Aleph or other FollowTheMoney tools."""
    _, rows, more = runs.page("neighbourhood", {"id": id, "depth": depth})
    named = Named(ids=[id, *(str(r["id"]) for r in rows)])
    bundle = runs.bundle(to_graph(rows), named)
    return graph_response(format, f"neighbourhood.{id.replace(':', '-')}", bundle, more)


@router.get(
    "/graph",
    summary="Export the whole graph",
    response_class=Response,
    responses={**_OK, **responses(401, 503, 504)},
)
def whole_graph(
    runs: Runs,
    _key: Reader,
    format: Annotated[ExportFormat, Query(description=_FORMAT_HELP)] = "ftm",
) -> Response:
    """Every entity, every direct edge with its claims, and every source: the graph as
    FollowTheMoney (for Aleph, yente, nomenklatura) or as GraphML/GEXF (for Gephi)."""
    bundle = runs.bundle({"nodes": [], "relationships": []}, None)
    return graph_response(format, "tipgraph", bundle, False)
