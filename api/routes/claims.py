"""Claims: search over their quotes, and one claim with its provenance and the claims it
answers or is answered by."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from api.auth import Reader
from api.deps import Runs
from api.problems import responses
from api.routes.common import SearchLimit, SearchText
from api.running import Rows, rows_response
from graph.errors import NotFound
from graph.vocabulary import StanceName

router = APIRouter(prefix="/claims", tags=["claims"])


@router.get(
    "/search",
    response_model=Rows,
    summary="Search the quotes of claims",
    responses=responses(401, 422, 503),
)
def search(
    runs: Runs,
    _key: Reader,
    text: SearchText,
    stance: Annotated[StanceName | None, Query(description="Only claims of this stance.")] = None,
    limit: SearchLimit = 20,
) -> Response:
    """Full-text search over the quotes of every claim (the saved query `search_quotes`), each
    word matched exactly, as a prefix or nearly. Each row has the claim's id, quote, stance,
    subject, predicate, object, source, the report it is attributed to, its speaker and a
    score; GET /claims/{id} tells the rest."""
    params = {"text": text, "stance": stance, "limit": limit}
    return runs.rows("search_quotes", params, per_page=limit)


@router.get(
    "/{claim_id}",
    response_model=Rows,
    summary="One claim with its quote, source and contradictions",
    responses=responses(401, 404, 422, 503),
)
def claim(
    runs: Runs,
    _key: Reader,
    claim_id: Annotated[
        str, Path(pattern=r"^claim:[0-9a-f]{8,64}$", description="A claim id, `claim:...`.")
    ],
) -> Response:
    """The claim's subject, predicate, object, stance, quote, dates, source, speaker, and the
    claims it answers and that answer it."""
    result, rows, more = runs.page("claim_detail", {"claim_id": claim_id}, per_page=100)
    if not rows:
        raise NotFound(f"no claim has the id {claim_id}")
    return rows_response(result, rows, 1, 100, more)
