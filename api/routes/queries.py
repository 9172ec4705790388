"""Saved queries over HTTP: list them, read one, and run each with its own typed parameters.

Each saved query gets its own route, `GET /queries/{name}/run`, whose query parameters are the
query's own (from its header), so OpenAPI documents every one of them.
"""

# No `from __future__ import annotations` here: FastAPI must see the generated models as objects.

from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, create_model

from api.auth import Reader
from api.deps import Queries, Runs
from api.formats import GRAPH_FORMATS, MEDIA, Format, bundle_for, graph_response, table_response
from api.problems import responses
from api.running import GraphForm, Rows, rows_response
from cypher.registry import Registry, SavedQuery

router = APIRouter(prefix="/queries", tags=["saved queries"])

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
    entities: dict[str, str] = Field(
        description="Columns naming entities beyond `id`/`*_id`: by `name` or `claim` id."
    )
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
        "entities": dict(query.entities),
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
async def list_queries(registry: Queries, _key: Reader) -> list[QueryInfo]:
    """Every saved query with its parameters (types, defaults, bounds) and where to run it."""
    return [QueryInfo(**_info(q)) for q in registry.queries]


@router.get(
    "/{name}",
    response_model=QueryDetail,
    summary="One saved query",
    responses=responses(401, 404),
)
async def get_query(registry: Queries, name: str, _key: Reader) -> QueryDetail:
    """A saved query's header, its Cypher text and its examples."""
    query = registry.get(name)
    return QueryDetail(
        **_info(query),
        cypher=query.text,
        examples=[e.model_dump() for e in query.examples],
    )


def _request_model(query: SavedQuery, per_page_cap: int) -> type[BaseModel]:
    """The query's own parameters plus the output controls every run route shares."""
    clash = [name for name in RESERVED if name in query.params_model.model_fields]
    if clash:
        raise RuntimeError(f"saved query {query.name} uses reserved parameter names {clash}")
    fields: dict[str, Any] = {
        "format": (
            Format,
            Field(
                default="json",
                description="json rows; csv or xlsx (every row up to the row cap unless "
                "`page`/`per_page` are given); graph, graphml, gexf or ftm (the entities the "
                "rows name, the direct edges between them, and their claims).",
            ),
        ),
        "page": (int, Field(default=1, ge=1, le=10_000, description="1-based page.")),
        "per_page": (
            int,
            Field(
                default=min(100, per_page_cap),
                ge=1,
                le=per_page_cap,
                description="Rows a page; for csv and xlsx, every row unless given.",
            ),
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

    def run(runs: Runs, params: BaseModel, _key: Reader) -> Response:
        values = params.model_dump(exclude=set(RESERVED), exclude_unset=True)
        fmt, page, per_page = (getattr(params, k) for k in RESERVED)
        paged = bool({"page", "per_page"} & params.model_fields_set)
        if fmt in ("csv", "xlsx") and not paged:
            page, per_page = 1, reg.max_rows  # a download holds every row, up to the cap
        result, rows, more = runs.page(query.name, values, page=page, per_page=per_page)
        if fmt in ("csv", "xlsx"):
            return table_response(fmt, result, rows, values, more)
        if fmt in GRAPH_FORMATS:
            bundle = bundle_for(runs, query, result, rows, values)
            return graph_response(fmt, query.name, bundle, more)
        return rows_response(result, rows, page, per_page, more)

    # FastAPI reads the signature: the query's own model, taken from the query string.
    run.__annotations__["params"] = Annotated[model, Query()]
    run.__doc__ = (
        f"{query.title}.\n\n{query.description}\n\n"
        "`format` picks JSON rows, CSV, XLSX, a graph of nodes and relationships, GraphML, "
        "GEXF or FollowTheMoney JSON lines. Runs read-only, within the time limit and row "
        "cap; downloads say `X-Tipgraph-Truncated: true` when the cap cut them."
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
                "description": "Rows (json), CSV, XLSX, graph form, GraphML, GEXF or FtM lines.",
                "content": {media: {"schema": {"type": "string"}} for media in MEDIA.values()},
            },
            **responses(400, 401, 404, 422, 503, 504),
        },
    )


def install(app: FastAPI, reg: Registry) -> None:
    """The listing routes, then one run route per saved query."""
    app.include_router(router)
    for query in reg.queries:
        _add_run_route(app, query, reg)
