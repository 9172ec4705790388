"""Running saved queries for the API: one path for every route, audited and paginated."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request
from pydantic import BaseModel, Field

from api import audit
from cypher.registry import QueryResult, Registry, get_registry
from graph.values import to_graph, to_jsonable
from graph.vocabulary import CAVEAT


class Page(BaseModel):
    page: int = Field(description="1-based page number.")
    per_page: int
    has_more: bool = Field(description="True when another page follows.")


class Rows(BaseModel):
    """Rows of a saved query, as JSON."""

    query: str
    columns: list[str]
    rows: list[dict[str, Any]]
    page: Page
    caveat: str = CAVEAT


class GraphNode(BaseModel):
    key: str = Field(description="The entity id, or the database's element id.")
    labels: list[str]
    properties: dict[str, Any]


class GraphRelationship(BaseModel):
    key: str
    type: str
    start: str
    end: str
    properties: dict[str, Any] = Field(
        description="For a direct edge: claim_ids, source_ids, n_sources, status, dates."
    )


class GraphForm(BaseModel):
    """Nodes and relationships found in the rows, de-duplicated, ready to draw."""

    query: str
    nodes: list[GraphNode]
    relationships: list[GraphRelationship]
    caveat: str = CAVEAT


def registry(request: Request) -> Registry:
    reg: Registry = getattr(request.app.state, "registry", None) or get_registry()
    return reg


async def run_saved(
    request: Request,
    name: str,
    params: Mapping[str, Any],
    *,
    page: int = 1,
    per_page: int | None = None,
) -> tuple[QueryResult, list[dict[str, Any]], bool]:
    """Run a saved query read-only and return (result, this page's rows, has_more)."""
    reg = registry(request)
    settings = request.app.state.settings
    per_page = per_page or reg.max_rows
    wanted = page * per_page
    result = await reg.arun(
        request.app.state.driver,
        name,
        params,
        database=settings.neo4j_database,
        row_cap=min(wanted, reg.max_rows),
    )
    start = (page - 1) * per_page
    rows = result.rows[start : start + per_page]
    has_more = len(result.rows) > start + per_page or (result.truncated and wanted <= reg.max_rows)
    audit.note(request, query=name, params_hash=audit.params_hash(request, params), rows=len(rows))
    return result, rows, has_more


def rows_body(
    result: QueryResult, rows: list[dict[str, Any]], page: int, per_page: int, more: bool
) -> Rows:
    return Rows(
        query=result.name,
        columns=result.keys,
        rows=[to_jsonable(r) for r in rows],
        page=Page(page=page, per_page=per_page, has_more=more),
    )


def graph_body(result: QueryResult, rows: list[dict[str, Any]]) -> GraphForm:
    graph = to_graph(rows)
    return GraphForm(
        query=result.name,
        nodes=[GraphNode(**n) for n in graph["nodes"]],
        relationships=[GraphRelationship(**r) for r in graph["relationships"]],
    )
