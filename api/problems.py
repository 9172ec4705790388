"""One error shape for every answer that is not a success: RFC 9457 `application/problem+json`.

Known errors (`TipgraphError` and its subclasses) carry their status and message; anything else
becomes a bare 500 whose body says nothing about the code, the query or the stack.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import TipgraphError

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("tipgraph.api")


class FieldProblem(BaseModel):
    field: str = Field(description="Where the problem is: a parameter name, or file:line:field.")
    message: str
    fix: str | None = None


class Problem(BaseModel):
    """The body of every error answer."""

    type: str = Field(default="about:blank")
    title: str = Field(description="Short, stable name of the problem.")
    status: int
    detail: str = Field(description="What went wrong and how to fix it.")
    instance: str | None = Field(default=None, description="The request path.")
    errors: list[FieldProblem] = Field(default_factory=list)


def problem_response(
    status: int,
    title: str,
    detail: str,
    request: Request,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = Problem(
        title=title,
        status=status,
        detail=detail,
        instance=request.url.path,
        errors=[FieldProblem(**e) for e in errors or []],
    )
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


# Shown in OpenAPI on every route that can fail this way.
def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    text = {
        400: "Bad request",
        401: "Missing API key",
        403: "Key lacks the role, or the operation is refused",
        404: "Not found",
        409: "The source belongs to another writer, or other sources depend on it",
        413: "Request body over the size limit",
        422: "Invalid parameters or fact file",
        429: "Over the key's request rate or requests in flight; retry after Retry-After seconds",
        503: "Neo4j unavailable; retry after the Retry-After seconds",
        504: "The query ran over its time limit",
    }
    return {
        s: {"model": Problem, "description": text.get(s, "Error"), "content": {PROBLEM_JSON: {}}}
        for s in statuses
    }


def _unavailable(request: Request) -> JSONResponse:
    return problem_response(
        503,
        "Database unavailable",
        "Neo4j does not answer; retry shortly",
        request,
        headers={"Retry-After": "5"},
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(TipgraphError)
    async def _known(request: Request, exc: TipgraphError) -> JSONResponse:
        errors = getattr(exc, "errors", None)
        if exc.status == 503:
            # The driver's message names the internal Bolt address; a client needs only this.
            return _unavailable(request)
        detail = f"{exc.message} ({exc.hint})" if exc.hint else exc.message
        return problem_response(exc.status, exc.title, detail, request, errors)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {
                "field": ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "body")),
                "message": str(err.get("msg", "invalid")),
            }
            for err in exc.errors()
        ]
        return problem_response(
            422, "Invalid parameters", "one or more parameters are invalid", request, errors
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        title = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "HTTP error")
        detail = exc.detail if isinstance(exc.detail, str) else title
        headers = dict(exc.headers) if exc.headers else None
        return problem_response(exc.status_code, title, detail, request, headers=headers)

    @app.exception_handler(ServiceUnavailable)
    @app.exception_handler(SessionExpired)
    async def _down(request: Request, exc: Exception) -> JSONResponse:
        return _unavailable(request)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return problem_response(
            500, "Internal error", "an unexpected error occurred; it has been logged", request
        )
