"""Graph and table downloads of saved queries, read from the real app over HTTP: every query
whose rows name entities draws them in every graph format, GraphML/GEXF keep types, quotes and
stable edge ids, and CSV/XLSX hold flat, formula-safe cells with a download name."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from typing import Any

import httpx
import networkx as nx
from neo4j import Driver
from openpyxl import load_workbook

from cypher.registry import get_registry
from exports.context import link_id

GRAPHML = {"g": "http://graphml.graphdrawing.org/xmlns"}


def _run(api: httpx.Client, reader: dict[str, str], name: str, **params: Any) -> httpx.Response:
    answer = api.get(f"/queries/{name}/run", params=params, headers=reader, timeout=60)
    assert answer.status_code == 200, (name, answer.text)
    return answer


def test_every_query_with_rows_draws_them_in_every_graph_format(
    seed_graph: Driver, api: httpx.Client, reader: dict[str, str]
) -> None:
    empty = []
    for query in get_registry().queries:
        for n, example in enumerate(query.examples, start=1):
            if not example.rows:
                continue
            graph = _run(api, reader, query.name, **example.params, format="graph").json()
            graphml = _run(api, reader, query.name, **example.params, format="graphml")
            gexf = _run(api, reader, query.name, **example.params, format="gexf")
            drawn = {
                "graph": len(graph["nodes"]),
                "graphml": len(ET.fromstring(graphml.text).findall(".//g:node", GRAPHML)),  # noqa: S314
                "gexf": nx.number_of_nodes(nx.read_gexf(io.BytesIO(gexf.content))),
            }
            empty += [f"{query.name} example {n}: {f}" for f, count in drawn.items() if not count]
            for rel in graph["relationships"]:  # keyed by the triple, never an element id
                assert rel["key"] == link_id(rel["start"], rel["type"], rel["end"])
            assert graphml.headers["content-disposition"].startswith("attachment;")
    assert empty == []


def test_graphml_keeps_types_quotes_and_stable_edge_ids(
    seed_graph: Driver, api: httpx.Client, reader: dict[str, str]
) -> None:
    answer = _run(api, reader, "neighbourhood", id="org:scam-syndicates", format="graphml")
    graph = nx.read_graphml(io.BytesIO(answer.content), edge_key_type=str)
    assert graph.nodes["org:scam-syndicates"]["type"] == "CriminalGroup"
    unnamed = [d.get("unnamed") for _, d in graph.nodes(data=True) if "unnamed" in d]
    assert unnamed and all(isinstance(v, bool) for v in unnamed)
    edges = list(graph.edges(data=True))
    assert edges
    for start, end, data in edges:
        assert isinstance(data["n_claims"], int) and data["n_claims"] >= 1
        assert data["quotes"] and data["sources"] and data["claim_stances"]
        # The id is the triple's hash, the same in every rebuild and in the FtM export.
        assert data["id"] == link_id(start, data["type"], end)
    root = ET.fromstring(answer.text)  # noqa: S314 - our own output
    types = {k.get("attr.name"): k.get("attr.type") for k in root.findall("g:key", GRAPHML)}
    assert types["n_claims"] in ("int", "long") and types["unnamed"] == "boolean"
    unnamed_key = next(
        k.get("id") for k in root.findall("g:key", GRAPHML) if k.get("attr.name") == "unnamed"
    )
    values = {d.text for d in root.iter(f"{{{GRAPHML['g']}}}data") if d.get("key") == unnamed_key}
    assert values and values <= {"true", "false"}  # GraphML's spelling, not Python's


def test_gexf_edges_carry_claims(
    seed_graph: Driver, api: httpx.Client, reader: dict[str, str]
) -> None:
    answer = _run(api, reader, "neighbourhood", id="city:sihanoukville", format="gexf")
    assert answer.headers["content-type"].startswith("application/gexf+xml")
    graph = nx.read_gexf(io.BytesIO(answer.content))
    data = [d for _, _, d in graph.edges(data=True)]
    assert data and all(d["quotes"] for d in data)


def test_csv_download_holds_every_row_and_says_so(
    seed_graph: Driver, api: httpx.Client, reader: dict[str, str]
) -> None:
    params = {"source": "source:camboja-2022-cambodia-tier-3"}
    answer = _run(api, reader, "source_claims", **params, format="csv")
    assert answer.headers["content-disposition"] == 'attachment; filename="source_claims.csv"'
    assert answer.headers["x-tipgraph-truncated"] == "false"
    table = list(csv.DictReader(io.StringIO(answer.text)))
    # More than the JSON's first page of 100: a download is not cut to one page.
    as_json = _run(api, reader, "source_claims", **params, per_page=10).json()
    assert as_json["page"]["has_more"] and len(table) > 10
    assert not any(cell.startswith(("[", "{")) for row in table for cell in row.values() if cell)
    paged = _run(api, reader, "source_claims", **params, format="csv", per_page=10)
    assert len(list(csv.DictReader(io.StringIO(paged.text)))) == 10
    assert paged.headers["x-tipgraph-truncated"] == "true"


def test_xlsx_download(seed_graph: Driver, api: httpx.Client, reader: dict[str, str]) -> None:
    answer = _run(api, reader, "paths_between", **_example("paths_between"), format="xlsx")
    assert answer.headers["content-disposition"] == 'attachment; filename="paths_between.xlsx"'
    book = load_workbook(io.BytesIO(answer.content))
    sheet = book["paths_between"]
    header = [c.value for c in sheet[1]]
    first = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert isinstance(first["hops_count"], int)
    assert " -[" in str(first["path"]) and "{" not in str(first["path"])
    about = [r[0].value for r in book["about"].iter_rows()]
    assert "query: paths_between" in about and any("not proof" in str(a) for a in about)


def _example(name: str) -> dict[str, Any]:
    return dict(get_registry().get(name).examples[0].params)
