"""Paths between entities, and the claims behind one direct edge."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.auth import Reader
from api.deps import Runs
from api.problems import responses
from api.routes.common import PartialDate
from api.running import Rows

router = APIRouter(tags=["network"])

Date = PartialDate


@router.get(
    "/paths",
    response_model=Rows,
    summary="Paths between two entities",
    responses=responses(401, 404, 422, 503, 504),
)
def paths(
    runs: Runs,
    _key: Reader,
    source: Annotated[str, Query(alias="from", description="Start entity id.")],
    target: Annotated[str, Query(alias="to", description="End entity id.")],
    max_hops: Annotated[int, Query(ge=1, le=6, description="Longest path.")] = 4,
    min_sources: Annotated[
        int, Query(ge=1, le=20, description="Fewest independent sources per edge.")
    ] = 1,
    as_of: Annotated[str | None, Date] = None,
) -> Response:
    """The shortest paths over direct edges, hop by hop with each edge's status."""
    params = {
        "from": source,
        "to": target,
        "max_hops": max_hops,
        "min_sources": min_sources,
        "as_of": as_of,
    }
    return runs.rows("paths_between", params)


@router.get(
    "/edges",
    response_model=Rows,
    summary="Expand a direct edge to its claims, quotes and sources",
    responses=responses(401, 404, 422, 503),
)
def edge(
    runs: Runs,
    _key: Reader,
    subject: Annotated[str, Query(description="The edge's subject id.")],
    predicate: Annotated[str, Query(description="The edge's type, e.g. OPERATES_IN.")],
    object: Annotated[str, Query(description="The edge's object id.")],
) -> Response:
    """Every claim behind the edge (subject)-[predicate]->(object): stance, quote, source,
    publisher, speaker and dates, denials included."""
    params = {"subject": subject, "predicate": predicate, "object": object}
    return runs.rows("edge_sources", params)
