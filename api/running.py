"""Running saved queries for the API: one path for every route, audited and paginated."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request
from neo4j import Driver
from pydantic import BaseModel, Field

from api import audit
from api.jsonbody import JsonBody
from cypher.registry import QueryResult, Registry
from exports.context import Bundle, GraphDict, Named, bundle
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
    key: str = Field(description="A hash of (start, type, end): the same in every rebuild.")
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


class SavedRuns:
    """Saved queries run for one request: read-only, within the limits, paginated, and noted in
    the request's audit record. Routes get one from `api.deps.Runs`."""

    def __init__(self, request: Request, driver: Driver, database: str, registry: Registry) -> None:
        self.request = request
        self.driver = driver
        self.database = database
        self.registry = registry

    def page(
        self, name: str, params: Mapping[str, Any], *, page: int = 1, per_page: int | None = None
    ) -> tuple[QueryResult, list[dict[str, Any]], bool]:
        """Run a saved query and return (result, this page's rows, has_more)."""
        reg = self.registry
        per_page = per_page or reg.max_rows
        wanted = page * per_page
        result = reg.run(
            self.driver, name, params, database=self.database, row_cap=min(wanted, reg.max_rows)
        )
        start = (page - 1) * per_page
        rows = result.rows[start : start + per_page]
        more = len(result.rows) > start + per_page or (result.truncated and wanted <= reg.max_rows)
        audit.note(
            self.request,
            query=name,
            params_hash=audit.params_hash(self.request, params),
            rows=len(rows),
        )
        return result, rows, more

    def rows(
        self, name: str, params: Mapping[str, Any], *, page: int = 1, per_page: int = 100
    ) -> JsonBody:
        """A saved query's page of rows as the `Rows` JSON answer, with the caveat header."""
        result, rows, more = self.page(name, params, page=page, per_page=per_page)
        return rows_response(result, rows, page, per_page, more)

    def bundle(self, graph: GraphDict, named: Named | None) -> Bundle:
        """The graph form of some rows with what they name, for the graph formats."""
        return bundle(self.driver, self.database, graph, named)


def rows_response(
    result: QueryResult, rows: list[dict[str, Any]], page: int, per_page: int, more: bool
) -> JsonBody:
    # Built as plain data in the shape of `Rows` (the route's documented model): validating
    # every row through the model again would cost more than the query on small answers. The
    # rows go as the driver gave them; `JsonBody` converts nodes and temporals as it meets them.
    body = {
        "query": result.name,
        "columns": result.keys,
        "rows": rows,
        "page": {"page": page, "per_page": per_page, "has_more": more},
        "caveat": CAVEAT,
    }
    return JsonBody(body, headers={"X-Tipgraph-Caveat": CAVEAT})
