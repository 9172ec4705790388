"""A saved query's rows in each format the run routes offer, with download headers.

Graph formats (graph, graphml, gexf, ftm) draw what the rows name: nodes and paths in the rows,
the entities the query's columns name (by id, name or claim, see `SavedQuery.entity_columns`)
and the ones its parameters ask about, with the direct edges between them and their claims.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal

from fastapi.responses import Response

from api.jsonbody import JsonBody
from api.running import GraphForm, GraphNode, GraphRelationship, SavedRuns
from cypher.registry import QueryResult, SavedQuery
from exports.context import Bundle, Named, named_in
from exports.ftm import to_ftm
from exports.networks import to_gexf, to_graphml
from exports.tables import to_csv, to_xlsx
from graph.values import to_graph
from graph.vocabulary import CAVEAT

Format = Literal["json", "csv", "xlsx", "graph", "graphml", "gexf", "ftm"]
GRAPH_FORMATS = ("graph", "graphml", "gexf", "ftm")
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "ftm": "application/x-ndjson",
}
EXTENSION = {"csv": "csv", "xlsx": "xlsx", "graphml": "graphml", "gexf": "gexf", "ftm": "ftm.json"}


def download_headers(stem: str, fmt: str, truncated: bool) -> dict[str, str]:
    """Caveat, file name, and an explicit sign when the rows stop at the row cap."""
    return {
        "X-Tipgraph-Caveat": CAVEAT,
        "Content-Disposition": f'attachment; filename="{stem}.{EXTENSION[fmt]}"',
        "X-Tipgraph-Truncated": "true" if truncated else "false",
    }


def bundle_for(
    runs: SavedRuns,
    query: SavedQuery,
    result: QueryResult,
    rows: list[dict[str, Any]],
    values: Mapping[str, Any],
) -> Bundle:
    named = named_in(rows, query.entity_columns(result.keys))
    named = Named(sorted({*named.ids, *query.entity_params(values)}), named.names, named.claim_ids)
    return runs.bundle(to_graph(rows), named)


def graph_form(name: str, bundle: Bundle) -> GraphForm:
    return GraphForm(
        query=name,
        nodes=[GraphNode(**n) for n in bundle.graph["nodes"]],
        relationships=[GraphRelationship(**r) for r in bundle.graph["relationships"]],
    )


def graph_response(fmt: str, name: str, bundle: Bundle, truncated: bool) -> Response:
    if fmt == "graph":
        return JsonBody(
            graph_form(name, bundle).model_dump(), headers={"X-Tipgraph-Caveat": CAVEAT}
        )
    headers = download_headers(name, fmt, truncated)
    if fmt == "ftm":
        body = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in to_ftm(bundle))
    elif fmt == "gexf":
        body = to_gexf(bundle)
    else:
        body = to_graphml(bundle)
    return Response(body, media_type=MEDIA[fmt], headers=headers)


def table_response(
    fmt: str,
    result: QueryResult,
    rows: list[dict[str, Any]],
    values: Mapping[str, Any],
    truncated: bool,
) -> Response:
    headers = download_headers(result.name, fmt, truncated)
    if fmt == "csv":
        return Response(to_csv(result.keys, rows), media_type=MEDIA["csv"], headers=headers)
    notes = [
        f"query: {result.name}",
        f"parameters: {json.dumps(dict(values), ensure_ascii=False, default=str)}",
        f"rows: {len(rows)}"
        + (" (cut at the row cap: narrow the query or page through it)" if truncated else ""),
        CAVEAT,
    ]
    body = to_xlsx(result.keys, rows, title=result.name, notes=notes)
    return Response(body, media_type=MEDIA["xlsx"], headers=headers)
