"""Sources: list them, and what one source says."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request

from api.auth import Reader
from api.problems import responses
from api.routes.common import saved_rows
from api.running import Rows

router = APIRouter(prefix="/sources", tags=["sources"])

SourceKind = Literal[
    "news_article", "government_report", "documentary", "study", "ngo_report",
    "social_media_post", "sanctions_notice", "reference",
]  # fmt: skip


@router.get("", response_model=Rows, summary="List sources", responses=responses(401, 422, 503))
async def list_sources(
    request: Request,
    _key: Reader,
    kind: Annotated[SourceKind | None, Query(description="Only sources of this kind.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="How many.")] = 100,
) -> Rows:
    """Every source with kind, publisher, date, and how many claims cite it."""
    params = {"kind": kind, "limit": limit}
    return await saved_rows(request, "list_sources", params, per_page=limit)


@router.get(
    "/{id}",
    response_model=Rows,
    summary="What one source says",
    responses=responses(401, 404, 422, 503),
)
async def source_claims(
    request: Request,
    _key: Reader,
    id: Annotated[str, Path(description="A source id such as `source:tip-2022`.")],
) -> Rows:
    """Every claim cited in (or attributed to) the source, with stance and quote."""
    return await saved_rows(request, "source_claims", {"source": id}, not_found="no such source")
