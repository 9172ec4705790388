"""Saved queries over HTTP: list them, read one, and run each with its own typed parameters.

Each saved query gets its own route, `GET /queries/{name}/run`, whose query parameters are the
query's own (from its header), so OpenAPI documents every one of them.
"""

# No `from __future__ import annotations` here: FastAPI must see the generated models as objects.

import csv
import io
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field, create_model

from api.auth import Reader
from api.exports import to_ftm, to_graphml
from api.problems import responses
from api.running import GraphForm, Rows, graph_body, registry, rows_body, run_saved
from cypher.registry import Registry, SavedQuery
from graph.values import to_graph, to_jsonable
from graph.vocabulary import CAVEAT

router = APIRouter(prefix="/queries", tags=["saved queries"])

Format = Literal["json", "csv", "graph", "graphml", "ftm"]
RESERVED = ("format", "page", "per_page")


class ParamInfo(BaseModel):
    name: str
    type: str
    description: str
    required: bool
    default: Any = None
    min: float | None = None
    max: float | None = None
    values: list[str] | None = Field(default=None, description="Allowed values of an enum.")
    labels: list[str] | None = Field(default=None, description="Entity types an id may point at.")
    items: dict[str, Any] | None = Field(default=None, description="Item type of a list.")


class QueryInfo(BaseModel):
    name: str
    area: str
    title: str
    description: str
    tags: list[str]
    params: list[ParamInfo]
    params_schema: dict[str, Any] = Field(description="JSON Schema of the parameters.")
    run_url: str


class QueryDetail(QueryInfo):
    cypher: str = Field(description="The query text, as an analyst would paste it in the Browser.")
    examples: list[dict[str, Any]]


def _info(query: SavedQuery) -> dict[str, Any]:
    return {
        "name": query.name,
        "area": query.area,
        "title": query.title,
        "description": query.description,
        "tags": list(query.tags),
        "params": [
            ParamInfo(
                name=p.name,
                type=p.type,
                description=p.description,
                required=p.required,
                default=p.default,
                min=p.min,
                max=p.max,
                values=list(p.values) if p.values else None,
                labels=list(p.labels) if p.labels else None,
                items=p.items.model_dump(exclude_none=True) if p.items else None,
            )
            for p in query.params
        ],
        "params_schema": query.params_model.model_json_schema(),
        "run_url": f"/queries/{query.name}/run",
    }


@router.get(
    "", response_model=list[QueryInfo], summary="List saved queries", responses=responses(401)
)
async def list_queries(request: Request, _key: Reader) -> list[QueryInfo]:
    """Every saved query with its parameters (types, defaults, bounds) and where to run it."""
    return [QueryInfo(**_info(q)) for q in registry(request).queries]


@router.get(
    "/{name}",
    response_model=QueryDetail,
    summary="One saved query",
    responses=responses(401, 404),
)
async def get_query(request: Request, name: str, _key: Reader) -> QueryDetail:
    """A saved query's header, its Cypher text and its examples."""
    query = registry(request).get(name)
    return QueryDetail(
        **_info(query),
        cypher=query.text,
        examples=[e.model_dump() for e in query.examples],
    )


def _csv(columns: list[str], rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        cells = []
        for key in columns:
            value = to_jsonable(row.get(key))
            cells.append(
                ""
                if value is None
                else value
                if isinstance(value, str)
                else json.dumps(value, ensure_ascii=False)
            )
        writer.writerow(cells)
    return buffer.getvalue()


def _request_model(query: SavedQuery, per_page_cap: int) -> type[BaseModel]:
    """The query's own parameters plus the output controls every run route shares."""
    clash = [name for name in RESERVED if name in query.params_model.model_fields]
    if clash:
        raise RuntimeError(f"saved query {query.name} uses reserved parameter names {clash}")
    fields: dict[str, Any] = {
        "format": (
            Format,
            Field(default="json", description="json rows, csv, graph, graphml or ftm."),
        ),
        "page": (int, Field(default=1, ge=1, le=10_000, description="1-based page.")),
        "per_page": (
            int,
            Field(default=min(100, per_page_cap), ge=1, le=per_page_cap, description="Rows."),
        ),
    }
    model: type[BaseModel] = create_model(
        f"{query.name}_request",
        __base__=query.params_model,
        __config__=None,
        **fields,
    )
    model.model_config = ConfigDict(**{**query.params_model.model_config, "extra": "forbid"})
    model.model_rebuild(force=True)
    return model


def _add_run_route(app: FastAPI, query: SavedQuery, reg: Registry) -> None:
    model = _request_model(query, reg.max_rows)

    async def run(request: Request, params: BaseModel, _key: Reader) -> Response:
        values = params.model_dump(exclude=set(RESERVED), exclude_unset=True)
        fmt, page, per_page = (getattr(params, k) for k in RESERVED)
        result, rows, more = await run_saved(
            request, query.name, values, page=page, per_page=per_page
        )
        headers = {"X-Tipgraph-Caveat": CAVEAT}
        if fmt == "csv":
            return PlainTextResponse(
                _csv(result.keys, rows), media_type="text/csv", headers=headers
            )
        if fmt == "graph":
            return JSONResponse(graph_body(result, rows).model_dump(), headers=headers)
        if fmt == "graphml":
            return Response(
                to_graphml(to_graph(rows)), media_type="application/graphml+xml", headers=headers
            )
        if fmt == "ftm":
            lines = "".join(
                json.dumps(e, ensure_ascii=False) + "\n" for e in to_ftm(to_graph(rows))
            )
            return Response(lines, media_type="application/x-ndjson", headers=headers)
        body = rows_body(result, rows, page, per_page, more)
        return JSONResponse(body.model_dump(), headers=headers)

    # FastAPI reads the signature: the query's own model, taken from the query string.
    run.__annotations__["params"] = Annotated[model, Query()]
    run.__doc__ = (
        f"{query.title}.\n\n{query.description}\n\n"
        "`format` picks JSON rows, CSV, a graph of nodes and relationships, GraphML or "
        "FollowTheMoney JSON lines. Runs read-only, within the time limit and row cap."
    )
    app.add_api_route(
        f"/queries/{query.name}/run",
        run,
        methods=["GET"],
        name=f"run_{query.name}",
        operation_id=f"run_{query.name}",
        summary=query.title,
        tags=[f"query: {query.area}"],
        responses={
            200: {
                "model": Rows | GraphForm,
                "description": "Rows (json), CSV, graph form, GraphML or FtM JSON lines.",
                "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    "application/graphml+xml": {"schema": {"type": "string"}},
                    "application/x-ndjson": {"schema": {"type": "string"}},
                },
            },
            **responses(400, 401, 404, 422, 503, 504),
        },
    )


def install(app: FastAPI, reg: Registry) -> None:
    """The listing routes, then one run route per saved query."""
    app.include_router(router)
    for query in reg.queries:
        _add_run_route(app, query, reg)
