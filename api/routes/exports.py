"""Exports of an entity's neighbourhood: GraphML and FollowTheMoney JSON lines.

A saved query's result is exported by its own run route with `format=graphml` or `format=ftm`.
"""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.auth import Reader
from api.exports import to_ftm, to_graphml
from api.problems import responses
from api.routes.common import NotFound
from api.running import run_saved
from cypher.errors import QueryParamsError
from graph.values import to_graph
from graph.vocabulary import CAVEAT

router = APIRouter(prefix="/exports", tags=["exports"])


@router.get(
    "/neighbourhood",
    summary="Export an entity's neighbourhood",
    response_class=Response,
    responses={
        200: {
            "description": "GraphML, or FollowTheMoney entities one JSON object per line.",
            "content": {
                "application/graphml+xml": {"schema": {"type": "string"}},
                "application/x-ndjson": {"schema": {"type": "string"}},
            },
        },
        **responses(401, 404, 422, 503, 504),
    },
)
async def neighbourhood(
    request: Request,
    _key: Reader,
    id: Annotated[str, Query(min_length=3, max_length=200, description="The centre entity id.")],
    depth: Annotated[int, Query(ge=1, le=3, description="How many hops out.")] = 1,
    format: Annotated[
        Literal["graphml", "ftm"], Query(description="graphml or ftm (JSON lines).")
    ] = "graphml",
) -> Response:
    """Every entity within `depth` hops and the direct edges between them (with claim ids,
    source ids, status and dates), for Gephi, yEd or FollowTheMoney tools."""
    try:
        _, rows, _ = await run_saved(request, "neighbourhood", {"id": id, "depth": depth})
    except QueryParamsError as exc:
        if any(e["message"].startswith("no entity") for e in exc.errors):
            raise NotFound(f"no entity has the id {id}") from None
        raise
    graph = to_graph(rows)
    headers = {
        "X-Tipgraph-Caveat": CAVEAT,
        "Content-Disposition": f'attachment; filename="neighbourhood.{format}"',
    }
    if format == "ftm":
        body = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in to_ftm(graph))
        return Response(body, media_type="application/x-ndjson", headers=headers)
    return Response(to_graphml(graph), media_type="application/graphml+xml", headers=headers)
