"""Ingest: a writer POSTs a fact file; it is checked and loaded exactly as `tipgraph load` does."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from api import audit
from api.auth import Writer
from api.deps import AppSettings, Graph
from api.problems import responses
from graph.errors import TipgraphError
from graph.ontology import get_ontology
from loaders import ids, load_document
from loaders.errors import FactFileError

router = APIRouter(tags=["ingest"])

YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain")


class PayloadError(TipgraphError):
    status = 415
    title = "Unsupported fact-file body"


class BadUpload(TipgraphError):
    status = 422
    title = "Invalid upload"


class Counts(BaseModel):
    created: int
    updated: int
    unchanged: int
    deleted: int


class IngestReport(BaseModel):
    file: str
    source_id: str | None
    status: str = Field(description="loaded, skipped (unchanged), or checked (dry run).")
    quotes_checked: bool = Field(
        description="True when the source text came with the file and every quote was found "
        "in it; false when no text was sent, so the claims are stored as unverified."
    )
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
    summary="Load a fact file, with its source text (writer key)",
    responses=responses(401, 403, 409, 413, 415, 422, 429, 503),
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "One fact file as YAML or JSON (see docs/fact-files.md); or a "
            "multipart form with the fact file as `fact_file` and the source's text as `text`, "
            "so that every quote is checked against it.",
            "content": {
                "application/yaml": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "object"}},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["fact_file"],
                        "properties": {
                            "fact_file": {"type": "string", "format": "binary"},
                            "text": {"type": "string", "format": "binary"},
                        },
                    }
                },
            },
        }
    },
)
async def ingest(
    request: Request,
    driver: Graph,
    settings: AppSettings,
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
    replace: Annotated[
        bool,
        Query(
            description="Replace (or empty) a source another writer wrote; without it, that "
            "answers 409 naming the writer."
        ),
    ] = False,
) -> IngestReport:
    """Check and load one fact file in one transaction: a file with any problem writes nothing
    and answers 422 listing every problem with its line, field and fix; loading the same file
    twice changes nothing. Sent as a multipart form with a `text` part, the file's quotes are
    checked against that text exactly as `tipgraph load` checks them against `source.text`;
    sent alone, its claims are stored as unverified (`quotes_checked: false`). A `source.text`
    path is never read by the API. The source records the key that wrote it: another key's
    file for it (even one with no facts, which would empty it) answers 409 unless `replace`."""
    data, text = await _fact_file_and_text(request, settings.max_body_bytes)
    # Noted before loading, so a refused attempt is in the audit log with what it tried.
    audit.note(
        request,
        ingest=filename,
        content_hash=ids.content_hash(data, text, get_ontology().version),
        dry_run=dry_run,
        replace=replace,
        quotes_checked=text is not None,
    )

    def work() -> Any:
        # The body is read on the event loop; the load blocks, so it runs in a worker thread.
        return load_document(
            driver,
            data,
            filename=filename,
            database=settings.neo4j_database,
            text=text,
            dry_run=dry_run,
            written_by=key.key_id,
            replace=replace,
        )

    try:
        report = await run_in_threadpool(work)
    except FactFileError as exc:
        raise FactFileProblems(exc) from None
    file = report.files[0]
    audit.note(
        request,
        source_id=file.source_id,
        **{
            f"{kind}_{outcome}": getattr(getattr(file, kind), outcome)
            for kind in ("entities", "claims", "edges")
            for outcome in ("created", "updated", "deleted")
        },
    )
    return IngestReport(
        file=file.file,
        source_id=file.source_id,
        status=file.status,
        quotes_checked=text is not None,
        entities=Counts(**vars(file.entities)),
        claims=Counts(**vars(file.claims)),
        edges=Counts(**vars(file.edges)),
    )


async def _fact_file_and_text(request: Request, limit: int) -> tuple[bytes, str | None]:
    """The fact file's bytes and the source text, if sent. The body arrives through the limits
    middleware, which stops it past `max_body_bytes`; nothing here reads more than that."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        try:
            form = await request.form(max_files=2, max_fields=2, max_part_size=limit)
        except HTTPException as exc:
            # Starlette's multipart errors (too many parts, a malformed body) name the problem.
            raise BadUpload(
                f"the form cannot be read: {exc.detail}",
                hint="send `fact_file` and, optionally, `text`, and nothing else",
            ) from None
        data = await _part(form.get("fact_file"))
        text_bytes = await _part(form.get("text")) if "text" in form else None
        unknown = set(form.keys()) - {"fact_file", "text"}
        if unknown:
            raise BadUpload(
                f"unknown form part(s): {', '.join(sorted(unknown))}",
                hint="send `fact_file` and, optionally, `text`",
            )
        if data is None:
            raise BadUpload("the form has no `fact_file` part", hint="send the fact file in it")
        text = None
        if text_bytes is not None:
            try:
                text = text_bytes.decode("utf-8")
            except UnicodeDecodeError:
                raise BadUpload("the `text` part is not UTF-8", hint="send it as UTF-8") from None
            if not text.strip():
                raise BadUpload("the `text` part is empty", hint="send the source's text")
    elif kind == "application/json" or kind in YAML_TYPES:
        data, text = await request.body(), None
    else:
        raise PayloadError(
            f"content type {kind or 'none'!r} is not a fact file",
            hint="send YAML as application/yaml, JSON as application/json, or a multipart "
            "form with `fact_file` and `text`",
        )
    if not data.strip():
        raise PayloadError("the fact file is empty", hint="send the fact file as the request body")
    return data, text


async def _part(value: UploadFile | str | None) -> bytes | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.encode("utf-8")
    return await value.read()
