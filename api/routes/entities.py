"""Entities: full-text search, detail with neighbours, claims and sources, and timelines."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.auth import Reader
from api.deps import Runs
from api.problems import responses
from api.routes.common import EntityId, SearchLimit, SearchText
from api.running import Rows
from graph.vocabulary import PARTIAL_DATE_PATTERN, EntityTypeName

router = APIRouter(prefix="/entities", tags=["entities"])


@router.get(
    "/search",
    response_model=Rows,
    summary="Search entities by name, alias or description",
    responses=responses(401, 422, 503),
)
def search(
    runs: Runs,
    _key: Reader,
    text: SearchText,
    type: Annotated[EntityTypeName | None, Query(description="Only this type or subtype.")] = None,
    limit: SearchLimit = 20,
) -> Response:
    """Full-text search over names, aliases and descriptions, forgiving of accents, spacing,
    typos and partial words (the saved query `search_entities`). Text without a word finds
    nothing.

    Each row has the entity's id, name, type, aliases, description, whether it is unnamed, and
    a score.
    """
    params = {"text": text, "type": type, "limit": limit}
    return runs.rows("search_entities", params, per_page=limit)


@router.get(
    "/{id}",
    response_model=Rows,
    summary="An entity with its neighbours, claims and sources",
    responses=responses(401, 404, 422, 503),
)
def detail(runs: Runs, _key: Reader, id: EntityId) -> Response:
    """One row: the entity; its direct edges to neighbours (predicate, direction, status,
    number of sources, claim ids); every claim about it or made by it, with stance, quote,
    source, speaker, and the ids of claims that contradict it; and its sources."""
    return runs.rows("entity_detail", {"id": id})


@router.get(
    "/{id}/claims",
    response_model=Rows,
    summary="Claims about an entity beside the denials of them",
    responses=responses(401, 404, 422, 503),
)
def claims(
    runs: Runs,
    _key: Reader,
    id: EntityId,
    answered_only: Annotated[
        bool, Query(description="Only claims that someone denied, disputed or retracted.")
    ] = False,
) -> Response:
    """Every claim about the entity, each with the denials and disputes that answer it."""
    params = {"id": id, "answered_only": answered_only}
    return runs.rows("claims_and_denials", params)


@router.get(
    "/{id}/timeline",
    response_model=Rows,
    summary="An entity's timeline",
    responses=responses(401, 404, 422, 503),
)
def timeline(
    runs: Runs,
    _key: Reader,
    id: EntityId,
    date_from: Annotated[
        str | None,
        Query(alias="from", pattern=PARTIAL_DATE_PATTERN, description="Partial ISO date."),
    ] = None,
    date_to: Annotated[
        str | None,
        Query(alias="to", pattern=PARTIAL_DATE_PATTERN, description="Partial ISO date."),
    ] = None,
) -> Response:
    """The claims about the entity in date order, with quotes and sources."""
    params = {"id": id, "from": date_from, "to": date_to}
    return runs.rows("entity_timeline", params)
