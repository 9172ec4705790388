"""Claims: one claim with its provenance and the claims it answers or is answered by."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from api.auth import Reader
from api.problems import responses
from api.routes.common import NotFound, saved_rows
from api.running import Rows

router = APIRouter(prefix="/claims", tags=["claims"])


@router.get(
    "/{claim_id}",
    response_model=Rows,
    summary="One claim with its quote, source and contradictions",
    responses=responses(401, 404, 422, 503),
)
async def claim(
    request: Request,
    _key: Reader,
    claim_id: Annotated[
        str, Path(pattern=r"^claim:[0-9a-f]{8,64}$", description="A claim id, `claim:...`.")
    ],
) -> Rows:
    """The claim's subject, predicate, object, stance, quote, dates, source, speaker, and the
    claims it answers and that answer it."""
    body = await saved_rows(request, "claim_detail", {"claim_id": claim_id})
    if not body.rows:
        raise NotFound(f"no claim has the id {claim_id}")
    return body
