"""Ingest: a writer POSTs a fact file; it is checked and loaded exactly as `tipgraph load` does."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api import audit
from api.auth import Writer
from api.problems import responses
from graph.driver import get_driver
from graph.errors import TipgraphError
from loaders import load_document
from loaders.errors import FactFileError

router = APIRouter(tags=["ingest"])

MAX_BYTES = 2_000_000
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain")


class PayloadError(TipgraphError):
    status = 415
    title = "Unsupported fact-file body"


class Counts(BaseModel):
    created: int
    updated: int
    unchanged: int
    deleted: int


class IngestReport(BaseModel):
    file: str
    source_id: str | None
    status: str = Field(description="loaded, skipped (unchanged), or checked (dry run).")
    entities: Counts
    claims: Counts
    edges: Counts


class FactFileProblems(TipgraphError):
    """A fact file's problems as the API's field errors: `file:line: field`, message and fix."""

    status = 422
    title = "Invalid fact file"

    def __init__(self, error: FactFileError) -> None:
        super().__init__(error.message, hint=error.hint)
        # 409 when the file is fine but the source belongs to another writer or others need it.
        self.status = error.status
        self.title = error.title
        self.errors = [
            {"field": f"{p.file}:{p.line}: {p.field}", "message": p.message, "fix": p.fix}
            for p in error.problems
        ]


@router.post(
    "/ingest",
    response_model=IngestReport,
    summary="Load a fact file (writer key)",
    responses=responses(401, 403, 415, 422, 503),
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "One fact file as YAML or JSON (see docs/fact-files.md).",
            "content": {
                "application/yaml": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "object"}},
            },
        }
    },
)
async def ingest(
    request: Request,
    key: Writer,
    filename: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            pattern=r"^[A-Za-z0-9._-]+$",
            description="A name for the file in error messages, e.g. report.yaml.",
        ),
    ] = "upload.yaml",
    dry_run: Annotated[bool, Query(description="Check only; write nothing.")] = False,
) -> IngestReport:
    """Check and load one fact file in one transaction: a file with any problem writes nothing
    and answers 422 listing every problem with its line, field and fix; loading the same file
    twice changes nothing. A `source.text` path cannot be read over HTTP, so files sent here are
    loaded without one (or fail if they name one)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json" and kind not in YAML_TYPES:
        raise PayloadError(
            f"content type {kind or 'none'!r} is not a fact file",
            hint="send YAML as application/yaml or JSON as application/json",
        )
    data = await request.body()
    if not data.strip():
        raise PayloadError("the body is empty", hint="send the fact file as the request body")
    if len(data) > MAX_BYTES:
        raise PayloadError(f"the body is over {MAX_BYTES} bytes", hint="split the fact file")
    settings = request.app.state.settings

    def work() -> Any:
        # The loader writes through the process's synchronous driver, in a worker thread.
        return load_document(
            get_driver(),
            data,
            filename=filename,
            database=settings.neo4j_database,
            dry_run=dry_run,
        )

    try:
        report = await run_in_threadpool(work)
    except FactFileError as exc:
        raise FactFileProblems(exc) from None
    audit.note(request, ingest=filename, params_hash=audit.params_hash({"dry_run": dry_run}))
    file = report.files[0]
    return IngestReport(
        file=file.file,
        source_id=file.source_id,
        status=file.status,
        entities=Counts(**vars(file.entities)),
        claims=Counts(**vars(file.claims)),
        edges=Counts(**vars(file.edges)),
    )
