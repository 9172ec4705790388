"""Sources: list them, and what one source says."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api import audit
from api.auth import Reader, Writer
from api.deps import AppSettings, Graph, Runs
from api.problems import responses
from api.routes.ingest import FactFileProblems
from api.running import Rows
from graph.vocabulary import SourceKindName
from loaders.errors import FactFileError
from loaders.load import unload

router = APIRouter(prefix="/sources", tags=["sources"])


@router.get("", response_model=Rows, summary="List sources", responses=responses(401, 422, 503))
def list_sources(
    runs: Runs,
    _key: Reader,
    kind: Annotated[SourceKindName | None, Query(description="Only sources of this kind.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="How many.")] = 100,
) -> Response:
    """Every source with kind, publisher, date, and how many claims cite it."""
    params = {"kind": kind, "limit": limit}
    return runs.rows("list_sources", params, per_page=limit)


@router.get(
    "/{id}",
    response_model=Rows,
    summary="What one source says",
    responses=responses(401, 404, 422, 503),
)
def source_claims(
    runs: Runs,
    _key: Reader,
    id: Annotated[str, Path(description="A source id such as `source:tip-2022`.")],
) -> Response:
    """Every claim cited in (or attributed to) the source, with stance and quote."""
    return runs.rows("source_claims", {"source": id})


class UnloadReport(BaseModel):
    source_id: str
    status: str = Field(description="unloaded, or skipped when no such source was loaded.")
    entities: dict[str, int]
    claims: dict[str, int]
    edges: dict[str, int]


@router.delete(
    "/{id}",
    response_model=UnloadReport,
    summary="Remove a source (writer key)",
    responses=responses(401, 403, 409, 422, 503),
)
def unload_source(
    request: Request,
    driver: Graph,
    settings: AppSettings,
    key: Writer,
    id: Annotated[str, Path(description="A source id such as `source:tip-2022`.")],
    replace: Annotated[
        bool, Query(description="Also when another writer wrote it (they are named if not).")
    ] = False,
) -> UnloadReport:
    """Remove exactly this source's statements and claims and derive again what they touched:
    the graph becomes what it would be had the source never been loaded. 409 when another writer
    wrote it (without `replace`) or other sources' claims need entities only it describes."""
    try:
        report = unload(
            driver, id, database=settings.neo4j_database, written_by=key.key_id, replace=replace
        )
    except FactFileError as exc:
        raise FactFileProblems(exc) from None
    audit.note(request, unload=id)
    file = report.files[0]
    return UnloadReport(
        source_id=id,
        status=file.status,
        entities=vars(file.entities),
        claims=vars(file.claims),
        edges=vars(file.edges),
    )
