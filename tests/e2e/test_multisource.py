"""Many reports, one graph: the multi-source fixture (tests/fixtures/multisource) loaded in every
order, reloaded, edited and unloaded, against a real Neo4j.

The fixture is a fictional network reported by four publishers: a first report, a wire service
relaying it (the same voice, other spellings, another description of a shared site), a
ministry's later denial of the first report, and a sanctions notice naming the report's unnamed
official. Each file declares what it refers to, so any subset of them loads.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from neo4j import Driver

from cypher.registry import get_registry
from graph.schema import migrate
from graph.settings import Settings
from loaders import load_paths
from loaders.errors import FactFileError
from loaders.load import unload
from loaders.writer import OwnershipError, write_plan

# About how long the module takes (tests/e2e/fixtures.py runs long modules early).
pytestmark = pytest.mark.lasts(seconds=25)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "multisource"
FILES = sorted(FIXTURES.glob("*.yaml"))
SOURCES = {
    "a-gazette.yaml": "source:gazette-ring-report",
    "b-wire-relay.yaml": "source:wire-relay",
    "c-ministry-denial.yaml": "source:ministry-statement",
    "d-treasury-notice.yaml": "source:treasury-notice",
}


def state_hash(driver: Driver, settings: Settings) -> str:
    """Every node (entities, claims, statements) and relationship, with labels and properties,
    Neo4j's internal ids aside."""
    db = settings.neo4j_database
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE n:Entity OR n:Claim OR n:Statement "
        "RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.id",
        database_=db,
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props "
        "ORDER BY a, t, b",
        database_=db,
    )
    payload = [[sorted(r["labels"]), r["props"]] for r in nodes] + [
        [r["a"], r["t"], r["b"], r["props"]] for r in rels
    ]
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


@pytest.fixture
def graph(clean_graph: Driver, settings: Settings) -> Driver:
    migrate(clean_graph, database=settings.neo4j_database)
    return clean_graph


def _wipe(driver: Driver, settings: Settings) -> None:
    driver.execute_query(
        "MATCH (n) WHERE NOT n:TipgraphTestMarker DETACH DELETE n",
        database_=settings.neo4j_database,
    )


def _load_one_by_one(driver: Driver, settings: Settings, files: list[Path]) -> None:
    for path in files:
        report = load_paths(driver, [path], database=settings.neo4j_database)
        assert report.ok, [str(p) for p in report.problems]


def _edge(driver: Driver, settings: Settings, s: str, rel: str, o: str) -> dict[str, Any]:
    records, _, _ = driver.execute_query(
        f"MATCH (:Entity {{id: $s}})-[r:{rel}]->(:Entity {{id: $o}}) RETURN properties(r) AS p",
        s=s,
        o=o,
        database_=settings.neo4j_database,
    )
    assert len(records) == 1, (s, rel, o, records)
    return dict(records[0]["p"])


def test_every_load_order_gives_the_graph_of_loading_the_set_once(
    graph: Driver, settings: Settings
) -> None:
    assert load_paths(graph, [FIXTURES], database=settings.neo4j_database).ok
    expected = state_hash(graph, settings)
    for order in itertools.permutations(FILES):
        _wipe(graph, settings)
        _load_one_by_one(graph, settings, list(order))
        assert state_hash(graph, settings) == expected, [p.name for p in order]


def test_a_second_load_in_any_order_changes_nothing(graph: Driver, settings: Settings) -> None:
    db = settings.neo4j_database
    assert load_paths(graph, [FIXTURES], database=db).ok
    before = state_hash(graph, settings)
    for path in reversed(FILES):
        again = load_paths(graph, [path], database=db, force=True)
        assert again.ok
        f = again.files[0]
        assert (f.entities.changed, f.claims.changed, f.edges.changed) == (0, 0, 0), path.name
    assert state_hash(graph, settings) == before


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_unload_gives_the_graph_loaded_without_that_file(
    graph: Driver, settings: Settings, name: str
) -> None:
    db = settings.neo4j_database
    others = [p for p in FILES if p.name != name]
    _load_one_by_one(graph, settings, others)
    without = state_hash(graph, settings)
    _wipe(graph, settings)
    assert load_paths(graph, [FIXTURES], database=db).ok
    report = unload(graph, SOURCES[name], database=db)
    assert report.ok and report.files[0].status == "unloaded"
    assert state_hash(graph, settings) == without
    # ...and loading it back returns the graph of the whole set.
    _wipe(graph, settings)
    assert load_paths(graph, [FIXTURES], database=db).ok
    whole = state_hash(graph, settings)
    unload(graph, SOURCES[name], database=db)
    assert load_paths(graph, [FIXTURES / name], database=db).ok
    assert state_hash(graph, settings) == whole


def test_reloading_one_file_leaves_what_other_sources_said(
    graph: Driver, settings: Settings, tmp_path: Path
) -> None:
    db = settings.neo4j_database
    work = tmp_path / "facts"
    shutil.copytree(FIXTURES, work)
    assert load_paths(graph, [work], database=db).ok
    gazette = work / "a-gazette.yaml"
    gazette.write_text(gazette.read_text() + "# a comment changes nothing the source says\n")
    assert load_paths(graph, [gazette], database=db).ok
    records, _, _ = graph.execute_query(
        "MATCH (e:Entity {id: 'org:red-lantern'}) RETURN e.name AS name, e.aliases AS aliases",
        database_=db,
    )
    # The wire's spellings survive the gazette's reload: aliases are the union of all sources.
    assert records[0]["name"] == "Red Lantern ring"
    assert records[0]["aliases"] == ["Hong Deng", "Red Lantern Syndicate"]
    records, _, _ = graph.execute_query(
        "MATCH (e:Sanction {id: 'sanction:marek-2023'}) RETURN e.program AS p, e.imposed_on AS d",
        database_=db,
    )
    assert (records[0]["p"], records[0]["d"]) == ("Port Vell corruption", "2023-05-02")


def test_counts_match_hand_computed_values(graph: Driver, settings: Settings) -> None:
    assert load_paths(graph, [FIXTURES], database=settings.neo4j_database).ok
    # The gazette alleges it, the wire relays the gazette (one voice), the ministry denies it.
    works_from = _edge(graph, settings, "org:red-lantern", "OPERATES_FROM", "site:dock-7")
    assert works_from["n_claims"] == 3
    assert (works_from["n_sources"], works_from["n_independent_sources"]) == (2, 1)
    assert (works_from["n_against"], works_from["n_sources_against"]) == (1, 1)
    assert works_from["status"] == "disputed"
    assert works_from["source_ids"][:2] == works_from["supporting_source_ids"]
    # The named official: the gazette's allegation (about the placeholder), the wire's relay of
    # it, and the treasury's own assertion: two independent voices.
    linked = _edge(graph, settings, "person:ivo-marek", "LINKED_TO", "site:dock-7")
    assert (linked["n_claims"], linked["n_sources"], linked["n_independent_sources"]) == (3, 3, 2)
    assert (linked["n_against"], linked["status"]) == (0, "asserted")
    # The curator's inference is no source's assertion.
    inferred = _edge(graph, settings, "site:dock-7", "LOCATED_IN", "city:port-vell")
    assert (inferred["status"], inferred["n_sources"], inferred["n_inferred"]) == ("inferred", 0, 1)


def test_the_late_denial_reaches_the_claim_it_answers(graph: Driver, settings: Settings) -> None:
    db = settings.neo4j_database
    # The denial loads first; the claim it answers arrives later and is linked then.
    for name in ("c-ministry-denial.yaml", "a-gazette.yaml"):
        assert load_paths(graph, [FIXTURES / name], database=db).ok
    records, _, _ = graph.execute_query(
        "MATCH (d:Claim {source_id: 'source:ministry-statement'})-[:CONTRADICTS]->(c:Claim) "
        "RETURN c.source_id AS source, c.fact_key AS fact",
        database_=db,
    )
    assert [(r["source"], r["fact"]) for r in records] == [
        ("source:gazette-ring-report", "ring-works-from-dock-7")
    ]


def test_a_placeholder_named_later_keeps_its_words_and_loses_its_name_on_unload(
    graph: Driver, settings: Settings
) -> None:
    db = settings.neo4j_database
    assert load_paths(graph, [FIXTURES], database=db).ok
    records, _, _ = graph.execute_query(
        "MATCH (e:Person {id: 'person:ivo-marek'}) "
        "RETURN e.unnamed AS unnamed, e.referents AS refs, e.description AS d, e.aliases AS a",
        database_=db,
    )
    (row,) = records
    assert row["unnamed"] is False and row["refs"] == ["person:harbour-official"]
    assert "a senior harbour official" in row["d"] and "Ivo Mareck" in row["a"]
    unload(graph, "source:treasury-notice", database=db)
    records, _, _ = graph.execute_query(
        "MATCH (e:Person) WHERE e.id IN ['person:ivo-marek', 'person:harbour-official'] "
        "RETURN e.id AS id, e.unnamed AS unnamed, "
        "  COUNT { (e)<-[:SUBJECT]-(:Claim) } AS claims",
        database_=db,
    )
    assert [(r["id"], r["unnamed"], r["claims"]) for r in records] == [
        ("person:harbour-official", True, 2)
    ]


def test_conflicting_values_are_kept_with_their_sources(graph: Driver, settings: Settings) -> None:
    db = settings.neo4j_database
    assert load_paths(graph, [FIXTURES], database=db).ok
    records, _, _ = graph.execute_query(
        "MATCH (e:Site {id: 'site:dock-7'}) "
        "RETURN e.kind AS kind, e.conflicting AS conflicting, e.name AS name, "
        "  COLLECT { MATCH (s:Statement)-[:DESCRIBES]->(e) WHERE s.props CONTAINS 'kind' "
        "    RETURN s.source_id + '=' + s.props ORDER BY s.source_id } AS said",
        database_=db,
    )
    (row,) = records
    assert row["conflicting"] == ["kind"] and row["kind"] in ("building", "compound")
    assert row["name"] == "Dock 7"
    assert len(row["said"]) == 2


def test_a_name_from_another_file_resolves_and_a_lookalike_warns(
    graph: Driver, settings: Settings, tmp_path: Path
) -> None:
    db = settings.neo4j_database
    assert load_paths(graph, [FIXTURES], database=db).ok
    path = tmp_path / "late.yaml"
    path.write_text(
        "source: {id: 'source:late-note', kind: news_article, title: Late note, "
        "published_on: 2024}\n"
        "entities:\n"
        "  - {id: 'org:lantern-two', type: CriminalGroup, name: Red Lantern Syndicate}\n"
        "facts:\n"
        "  - {id: f1, subject: Interior Ministry, predicate: STATES, object: Port Vell,\n"
        "     stance: asserts, quote: The Interior Ministry spoke of Port Vell.}\n"
    )
    report = load_paths(graph, [path], database=db)
    assert report.ok
    (warning,) = report.files[0].warnings
    assert "org:red-lantern" in warning.message and warning.field == "entities[0].name"
    records, _, _ = graph.execute_query(
        "MATCH (c:Claim {source_id: 'source:late-note'}) "
        "RETURN c.subject_id AS s, c.object_id AS o",
        database_=db,
    )
    assert (records[0]["s"], records[0]["o"]) == ("org:interior-ministry", "city:port-vell")
    other = tmp_path / "other.yaml"
    other.write_text(
        path.read_text().replace("source:late-note", "source:other").replace("lantern-two", "x")
    )
    strict = load_paths(graph, [other], database=db, strict=True)
    assert not strict.ok and "--strict" in strict.problems[0].fix


def test_an_unknown_name_suggests_the_closest(
    graph: Driver, settings: Settings, tmp_path: Path
) -> None:
    db = settings.neo4j_database
    assert load_paths(graph, [FIXTURES], database=db).ok
    path = tmp_path / "typo.yaml"
    path.write_text(
        "source: {id: 'source:typo', kind: news_article, title: Typo, published_on: 2024}\n"
        "facts:\n"
        "  - {id: f1, subject: Red Lanturn ring, predicate: OPERATES_IN, object: Port Vell,\n"
        "     stance: asserts, quote: q}\n"
    )
    (problem,) = load_paths(graph, [path], database=db).problems
    assert "did you mean" in problem.message and "org:red-lantern" in problem.message


def test_another_writers_source_is_not_replaced_without_asking(
    graph: Driver, settings: Settings
) -> None:
    db = settings.neo4j_database
    assert load_paths(graph, [FIXTURES / "a-gazette.yaml"], database=db).ok
    before = state_hash(graph, settings)
    from loaders.checks import check_document
    from loaders.writer import DriverGraphView

    emptied = check_document(
        b"source: {id: 'source:gazette-ring-report', kind: news_article, title: x, "
        b"published_on: 2024}\n",
        filename="hijack.yaml",
        base_dir=None,
        graph=DriverGraphView(graph, db),
    )
    with pytest.raises(OwnershipError) as caught:
        write_plan(graph, db, emptied, written_by="someone-else")
    assert isinstance(caught.value, FactFileError) and caught.value.status == 409
    assert state_hash(graph, settings) == before
    write_plan(graph, db, emptied, written_by="someone-else", replace=True)
    assert state_hash(graph, settings) != before


def test_a_writer_unloads_a_source_over_http(
    graph: Driver, settings: Settings, api_url: str, reader: dict[str, str], writer: dict[str, str]
) -> None:
    db = settings.neo4j_database
    others = [p for p in FILES if p.name != "c-ministry-denial.yaml"]
    _load_one_by_one(graph, settings, others)
    without = state_hash(graph, settings)
    assert load_paths(graph, [FIXTURES / "c-ministry-denial.yaml"], database=db).ok
    url = f"{api_url}/sources/source:ministry-statement"
    assert httpx.delete(url, headers=reader, timeout=60).status_code == 403
    # The CLI wrote it: another writer must say it replaces what the CLI wrote.
    refused = httpx.delete(url, headers=writer, timeout=60)
    assert refused.status_code == 409 and "cli" in refused.json()["detail"]
    done = httpx.delete(url, headers=writer, params={"replace": "true"}, timeout=60)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "unloaded" and done.json()["claims"]["deleted"] == 1
    assert state_hash(graph, settings) == without


def test_two_concurrent_loads_of_one_source_end_in_one_version(
    graph: Driver, settings: Settings, tmp_path: Path
) -> None:
    """Two writers of two versions of one source at once: the graph ends as one version loaded
    alone, never a mix, and the next load of the winner is skipped as unchanged."""
    db = settings.neo4j_database
    first = tmp_path / "v1" / "a-gazette.yaml"
    second = tmp_path / "v2" / "a-gazette.yaml"
    first.parent.mkdir()
    second.parent.mkdir()
    text = (FIXTURES / "a-gazette.yaml").read_text()
    first.write_text(text)
    second.write_text(
        text.replace(
            "name: Red Lantern ring\n", "name: Red Lantern ring\n    aliases: [Lantern gang]\n"
        ).replace("title: Red Lantern ring runs", "title: Lantern gang runs")
    )
    expected = {}
    for version in (first, second):
        _wipe(graph, settings)
        assert load_paths(graph, [version], database=db).ok
        expected[version] = state_hash(graph, settings)
    for _ in range(4):
        _wipe(graph, settings)
        with ThreadPoolExecutor(max_workers=2) as pool:
            reports = list(
                pool.map(lambda p: load_paths(graph, [p], database=db, force=True), [first, second])
            )
        assert all(r.ok for r in reports), [str(p) for r in reports for p in r.problems]
        final = state_hash(graph, settings)
        assert final in expected.values()
        winner = next(p for p, h in expected.items() if h == final)
        assert load_paths(graph, [winner], database=db).files[0].status == "skipped"


@pytest.mark.parametrize(
    ("typed", "entity"),
    [
        ("Ivo Mareck", "person:ivo-marek"),
        ("ivo marek", "person:ivo-marek"),
        ("senior harbour official", "person:ivo-marek"),
        ("Red Lantern Syndicate", "org:red-lantern"),
        ("Hong Deng", "org:red-lantern"),
        ("Portvell", "city:port-vell"),
        ("Port Vell", "city:port-vell"),
        ("Dock Seven", "site:dock-7"),
    ],
)
def test_search_finds_every_spelling_the_sources_give(
    graph: Driver, settings: Settings, typed: str, entity: str
) -> None:
    db = settings.neo4j_database
    assert load_paths(graph, [FIXTURES], database=db).ok
    result = get_registry().run(graph, "search_entities", {"text": typed}, database=db)
    assert entity in [row["id"] for row in result.rows[:3]], result.rows


def test_concurrent_loads_of_sources_sharing_entities_end_as_a_serial_load(
    graph: Driver, settings: Settings
) -> None:
    """Four sources that describe the same entities, loaded at once: the graph is the one a
    serial load gives (each writer locks the entities it derives again before reading)."""
    db = settings.neo4j_database
    assert load_paths(graph, [FIXTURES], database=db).ok
    serial = state_hash(graph, settings)
    for _ in range(3):
        _wipe(graph, settings)
        with ThreadPoolExecutor(max_workers=len(FILES)) as pool:
            reports = list(pool.map(lambda p: load_paths(graph, [p], database=db), FILES))
        assert all(r.ok for r in reports), [str(p) for r in reports for p in r.problems]
        assert state_hash(graph, settings) == serial
