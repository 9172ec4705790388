"""`tipgraph queries ...` without a database: list, show, the generated docs, and the Browser
guide and style (written, and served with the CORS answers the Browser needs)."""

from __future__ import annotations

import re
import threading
from html import unescape
from pathlib import Path

import httpx
import pytest

from cypher.browser import TYPE_COLOURS, guide_server, param_lines, render_grass, render_guide
from cypher.docs import doc_path, render_markdown
from cypher.registry import get_registry
from graph.ontology import get_ontology
from tests.inprocess import CliResult, run_cli

CHAIN = get_registry().get("complicity_chain")


def tipgraph(*args: str) -> CliResult:
    return run_cli("queries", *args)


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
    assert "UNWIND range(0, size(ch.edges) - 1) AS i" in result.stdout


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
    # What `tipgraph queries guide --serve` serves, on a port the server binds itself.
    server = guide_server(get_registry(), port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        guide = httpx.get(f"{base}/guide.html", headers={"Origin": "http://x"}, timeout=10)
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
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
