"""`tipgraph queries ...` on the seed graph, the generated docs, and the Browser guide and style."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
import subprocess
import sys
import time
from html import unescape
from pathlib import Path

import httpx
import pytest
from neo4j import Driver

from cypher.browser import TYPE_COLOURS, param_lines, render_grass, render_guide
from cypher.docs import doc_path, render_markdown
from cypher.registry import get_registry
from graph.ontology import get_ontology
from tests.conftest import run_cli
from tests.paths import PROJECT_ROOT

CHAIN = get_registry().get("complicity_chain")


def tipgraph(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("queries", *args, timeout=120)


def example_args(params: dict[str, object]) -> list[str]:
    args: list[str] = []
    for key, value in params.items():
        args += ["--param", f"{key}={value if isinstance(value, str) else json.dumps(value)}"]
    return args


def test_list_names_every_query() -> None:
    result = tipgraph("list")
    assert result.returncode == 0, result.stderr
    for query in get_registry().queries:
        assert query.name in result.stdout


def test_show_gives_parameters_examples_and_cypher() -> None:
    result = tipgraph("show", "complicity_chain")
    assert result.returncode == 0, result.stderr
    for spec in CHAIN.params:
        assert spec.name in result.stdout
    assert "tipgraph queries run complicity_chain --param official=" in result.stdout
    assert "UNWIND range(0, length(ch.path) - 1) AS i" in result.stdout


def test_complicity_chain_prints_every_hop_with_quote_and_source(seed_graph: Driver) -> None:
    example = CHAIN.examples[0]
    result = tipgraph("run", "complicity_chain", *example_args(example.params))
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    chains = re.split(r"(?:^| )chain (?=\d+:)", text)[1:]
    assert [c.split(":")[0] for c in chains] == sorted({str(r["chain"]) for r in example.rows})
    for row in example.rows:
        chain = chains[int(row["chain"]) - 1]
        arrow = (
            f"-[{row['predicate']}]->" if row["direction"] == "->" else f"<-[{row['predicate']}]-"
        )
        hop = f"{row['hop']}. {row['from']} {arrow} {row['to']} ({row['hop_status']})"
        assert hop in chain, hop
        after = chain.split(hop, 1)[1]
        assert f"{row['stance']}: “{row['quote']}” source: {row['source']}" in after
    assert "not proof of wrongdoing" in text


def test_json_and_csv_hold_the_example_rows(seed_graph: Driver) -> None:
    query = get_registry().get("countries_by_tier")
    example = query.examples[0]
    as_json = tipgraph("run", query.name, *example_args(example.params), "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    rows = json.loads(as_json.stdout)
    assert [{k: r[k] for k in want} for r, want in zip(rows, example.rows, strict=True)] == (
        example.rows
    )
    as_csv = tipgraph("run", query.name, *example_args(example.params), "-f", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    table = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["country_id"] for r in table] == [r["country_id"] for r in example.rows]


def test_a_repeated_param_is_a_list_and_limits_apply(seed_graph: Driver) -> None:
    result = tipgraph(
        "run",
        "complicit_not_investigated",
        "--param",
        "record_kinds=investigation",
        "--param",
        "record_kinds=prosecution",
        "--limit",
        "2",
        "-f",
        "json",
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 2
    assert "only the first 2 rows" in result.stderr
    # Each repeated value is an item of the list, checked on its own.
    bad = tipgraph(
        "run",
        "complicit_not_investigated",
        "--param",
        "record_kinds=investigation",
        "--param",
        "record_kinds=raid",
    )
    assert bad.returncode == 1 and "record_kinds[1]" in bad.stderr


def test_bad_params_and_unknown_queries_fail_with_a_message(seed_graph: Driver) -> None:
    bad = tipgraph("run", "neighbourhood", "--param", "id=city:nowhere", "--param", "depth=9")
    assert bad.returncode == 1
    assert "depth" in bad.stderr and "less than or equal to 3" in bad.stderr
    missing = tipgraph("run", "neighbourhood", "--param", "id=city:nowhere")
    assert missing.returncode == 1
    assert "no entity has the id city:nowhere" in missing.stderr
    unknown = tipgraph("run", "no_such_query")
    assert unknown.returncode == 1
    assert "no saved query is named 'no_such_query'" in unknown.stderr


def test_docs_page_is_current() -> None:
    assert doc_path().is_file(), "run `tipgraph queries docs`"
    assert doc_path().read_text(encoding="utf-8") == render_markdown(get_registry()), (
        "docs/queries.md is stale: run `tipgraph queries docs` and commit it"
    )
    assert tipgraph("docs", "--check").returncode == 0


def test_docs_page_documents_every_query() -> None:
    text = doc_path().read_text(encoding="utf-8")
    for query in get_registry().queries:
        assert f"### {query.name}: {query.title}" in text
        assert query.text in text


def test_guide_and_style_are_written(tmp_path: Path) -> None:
    result = tipgraph("guide", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "guide.html").read_text() == render_guide(get_registry())
    assert (tmp_path / "style.grass").read_text() == render_grass()


def test_guide_has_a_runnable_slide_per_query() -> None:
    html = render_guide(get_registry())
    queries = get_registry().queries
    assert html.count("<slide") == len(queries) + 1
    blocks = [
        unescape(b) for b in re.findall(r'<pre class="[^"]*runnable[^"]*">(.*?)</pre>', html, re.S)
    ]
    for query in queries:
        assert query.text in blocks, f"{query.name} has no runnable block with its query"
        if query.params:
            assert param_lines(query) in blocks
            for spec in query.params:
                assert re.search(rf"^:param {spec.name} => .+;$", param_lines(query), re.M)
    assert "not proof of wrongdoing" in html


def grass_rules(text: str) -> dict[str, dict[str, str]]:
    """Read GraSS the way the Browser does: selector { key: value; ... }."""
    rules: dict[str, dict[str, str]] = {}
    for selector, body in re.findall(r"^([\w.]+) \{\n(.*?)\n\}$", text, re.S | re.M):
        props = dict(
            (k.strip(), v.strip().strip("'"))
            for k, v in (p.split(":", 1) for p in body.split(";") if ":" in p)
        )
        rules[selector] = props
    return rules


def test_style_colours_every_type_and_sets_claims_and_sources_apart() -> None:
    rules = grass_rules(render_grass())
    types = get_ontology().types
    assert set(TYPE_COLOURS) == set(types)
    colours = set()
    for name in types:
        rule = rules[f"node.{name}"]
        assert rule["caption"] == "{name}"
        colours.add(rule["color"])
    assert len(colours) == len(types), "two entity types share a colour"
    claim, source = rules["node.Claim"], rules["node.Source"]
    assert claim["caption"] == "{stance}"
    assert int(claim["diameter"].rstrip("px")) < int(rules["node"]["diameter"].rstrip("px"))
    assert int(source["diameter"].rstrip("px")) > int(rules["node"]["diameter"].rstrip("px"))
    assert claim["color"] not in colours
    order = list(rules)
    for entity_type in types.values():
        if entity_type.parent:
            # The Browser lets the later of two matching rules win: subtypes come last.
            assert order.index(f"node.{entity_type.parent}") < order.index(
                f"node.{entity_type.name}"
            )


@pytest.mark.parametrize("name", ["SUBJECT", "CITED_IN", "CONTRADICTS"])
def test_claim_relationships_are_styled(name: str) -> None:
    assert f"relationship.{name}" in grass_rules(render_grass())


def test_guide_is_served_with_the_cors_answers_the_browser_needs() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "queries", "guide", "--serve", "--port", str(port)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                guide = httpx.get(f"{base}/guide.html", headers={"Origin": "http://x"}, timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("the guide server did not start")
        assert guide.status_code == 200
        assert guide.headers["access-control-allow-origin"] == "*"
        assert guide.text == render_guide(get_registry())
        preflight = httpx.options(
            f"{base}/guide.html",
            headers={
                "Origin": "http://127.0.0.1:7474",
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "pragma,cache-control",
            },
        )
        assert preflight.status_code == 204
        allowed = preflight.headers["access-control-allow-headers"].replace(" ", "").split(",")
        assert {"pragma", "cache-control"} <= set(allowed)
        assert httpx.get(f"{base}/style.grass").text == render_grass()
        assert httpx.get(f"{base}/other").status_code == 404
    finally:
        proc.terminate()
        proc.wait(timeout=10)
