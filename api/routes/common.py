"""Shared pieces of the resource routers: run a saved query and answer with its rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import Path, Query, Request

from api.running import Rows, rows_body, run_saved
from cypher.errors import QueryParamsError
from graph.errors import TipgraphError
from graph.vocabulary import ENTITY_ID_PATTERN, PARTIAL_DATE_PATTERN

# Route parameters spelled once, from the project's vocabulary.
PartialDate = Query(pattern=PARTIAL_DATE_PATTERN, description="Partial ISO date.")
EntityId = Annotated[
    str,
    Path(
        description="An entity id such as `person:chou-bun-eng`; a former id works too.",
        min_length=3,
        max_length=200,
        pattern=ENTITY_ID_PATTERN,
    ),
]

# The search routes' shared parameters: plain words (any text is safe, see graph/fulltext.py).
SearchText = Annotated[
    str, Query(min_length=1, max_length=200, description="Plain words; any text is safe.")
]
SearchLimit = Annotated[int, Query(ge=1, le=100, description="How many matches.")]


class NotFound(TipgraphError):
    status = 404
    title = "Not found"


async def saved_rows(
    request: Request,
    name: str,
    params: Mapping[str, Any],
    *,
    page: int = 1,
    per_page: int = 100,
    not_found: str | None = None,
) -> Rows:
    """Rows of a saved query; with `not_found`, an unknown entity id in it answers 404."""
    try:
        result, rows, more = await run_saved(request, name, params, page=page, per_page=per_page)
    except QueryParamsError as exc:
        missing = [e for e in exc.errors if e["message"].startswith("no entity has the id")]
        if not_found and missing:
            raise NotFound(
                f"{not_found}: {missing[0]['message']}",
                hint="search for it with GET /entities/search?text=...",
            ) from None
        raise
    return rows_body(result, rows, page, per_page, more)
