"""Loading fact files into the real Neo4j: idempotency, replacement on reload, same_as, atomicity.

The fixtures under tests/fixtures/loader/ are made-up sources with their own small texts, so
these tests depend on nothing in data/.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from graph.schema import migrate
from graph.settings import Settings
from loaders import FactFileError, checks, load_document, load_paths
from loaders import load as load_module
from tests.inprocess import run_cli

FIXTURES = Path(__file__).parent.parent / "fixtures" / "loader"
HARBOUR = FIXTURES / "harbour.yaml"
FOLLOWUP = FIXTURES / "harbour-followup.yaml"
SOURCE = "source:harbour-gazette-ferry"


def graph_hash(driver: Driver, settings: Settings) -> str:
    """A hash of every node and relationship with its labels/type and properties, ids aside."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE n:Entity OR n:Claim "
        "RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.id",
        database_=settings.neo4j_database,
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props "
        "ORDER BY a, t, b",
        database_=settings.neo4j_database,
    )
    payload = [[sorted(r["labels"]), r["props"]] for r in nodes] + [
        [r["a"], r["t"], r["b"], r["props"]] for r in rels
    ]
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def one(driver: Driver, settings: Settings, query: str, **params: object) -> object:
    records, _, _ = driver.execute_query(query, params, database_=settings.neo4j_database)
    assert len(records) == 1, records
    return records[0][0]


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A copy of the loader fixtures that a test may edit."""
    target = tmp_path / "facts"
    shutil.copytree(FIXTURES, target)
    return target


@pytest.fixture
def graph(clean_graph: Driver, settings: Settings) -> Driver:
    migrate(clean_graph, database=settings.neo4j_database)
    return clean_graph


@pytest.fixture
def loaded(graph: Driver, settings: Settings, workdir: Path) -> Path:
    """An editable copy of harbour.yaml, loaded; a test edits it and loads it again."""
    path = workdir / "harbour.yaml"
    assert load_paths(graph, [path], database=settings.neo4j_database).ok
    return path


def test_second_load_changes_nothing(graph: Driver, settings: Settings) -> None:
    db = settings.neo4j_database
    first = load_paths(graph, [HARBOUR], database=db)
    assert first.ok and first.files[0].status == "loaded"
    assert first.total("claims").created == 7
    assert first.total("edges").created == 6
    before = graph_hash(graph, settings)

    second = load_paths(graph, [HARBOUR], database=db)
    assert [f.status for f in second.files] == ["skipped"]
    assert second.changed == 0
    assert graph_hash(graph, settings) == before


def test_an_unchanged_reload_reads_no_file_in_full(
    graph: Driver, settings: Settings, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = settings.neo4j_database
    paths = [workdir / "harbour.yaml", workdir / "harbour-followup.yaml"]
    assert load_paths(graph, paths, database=db).ok
    before = graph_hash(graph, settings)
    read_in_full: list[str] = []
    real = checks.read_document

    def counted(data: bytes, **kwargs: Any) -> Any:
        read_in_full.append(Path(kwargs["filename"]).name)
        return real(data, **kwargs)

    monkeypatch.setattr(load_module, "read_document", counted)
    again = load_paths(graph, paths, database=db)
    assert [f.status for f in again.files] == ["skipped", "skipped"]
    assert read_in_full == [] and graph_hash(graph, settings) == before
    # The same YAML over another source text is another file: read in full and loaded.
    text = workdir / "sources" / "harbour.txt"
    text.write_text(text.read_text() + "\nA line the report gained.\n")
    third = load_paths(graph, paths, database=db)
    assert [f.status for f in third.files] == ["loaded", "skipped"]
    assert read_in_full == ["harbour.yaml"]
    # Forced, nothing is skipped unread.
    read_in_full.clear()
    load_paths(graph, paths, database=db, force=True)
    assert read_in_full == ["harbour.yaml", "harbour-followup.yaml"]


def test_a_forced_reload_finds_everything_unchanged(graph: Driver, settings: Settings) -> None:
    db = settings.neo4j_database
    load_paths(graph, [HARBOUR], database=db)
    before = graph_hash(graph, settings)
    # Forced, the file is written again; every row must compare equal.
    again = load_paths(graph, [HARBOUR], database=db, force=True)
    f = again.files[0]
    assert f.status == "loaded"
    assert (f.claims.created, f.claims.updated, f.claims.deleted) == (0, 0, 0)
    assert f.claims.unchanged == 7
    assert (f.edges.created, f.edges.updated, f.edges.deleted) == (0, 0, 0)
    assert (f.entities.created, f.entities.updated, f.entities.unchanged) == (0, 0, 9)
    assert graph_hash(graph, settings) == before


def test_every_claim_is_quoted_cited_and_behind_an_edge(graph: Driver, settings: Settings) -> None:
    load_paths(graph, [HARBOUR], database=settings.neo4j_database)
    assert (
        one(
            graph,
            settings,
            "MATCH (c:Claim) WHERE c.quote IS NULL OR NOT (c)-[:CITED_IN]->(:Source) "
            "RETURN count(c)",
        )
        == 0
    )
    assert (
        one(
            graph,
            settings,
            "MATCH (s:Entity)-[r]->(o:Entity) WHERE r.claim_ids IS NOT NULL "
            "AND NOT EXISTS { MATCH (c:Claim) WHERE c.id IN r.claim_ids "
            "  AND (c)-[:SUBJECT]->(s) AND (c)-[:OBJECT]->(o) AND c.predicate = type(r) } "
            "RETURN count(r)",
        )
        == 0
    )


def test_a_denial_sits_beside_what_it_denies(graph: Driver, settings: Settings) -> None:
    load_paths(graph, [HARBOUR], database=settings.neo4j_database)
    records, _, _ = graph.execute_query(
        "MATCH (d:Claim {stance: 'denies'})-[:CONTRADICTS]->(a:Claim), "
        "(d)-[:MADE_BY]->(who:Person) "
        "MATCH (:Person {id: 'person:dana-reyes'})-[e:LINKED_TO]->(:CriminalGroup) "
        "RETURN a.stance AS answered, who.id AS who, e.status AS status, e.n_claims AS n",
        database_=settings.neo4j_database,
    )
    assert [dict(r) for r in records] == [
        {"answered": "alleges", "who": "person:dana-reyes", "status": "disputed", "n": 2}
    ]


def test_an_edited_file_replaces_its_claims(
    graph: Driver, settings: Settings, loaded: Path
) -> None:
    db, path = settings.neo4j_database, loaded
    # Drop the denial: its claim must go, and the edge it sat on is no longer disputed.
    text = path.read_text()
    start = text.index("  - id: reyes-denies-ring")
    end = text.index("  - id: ring-operates-in-port-town")
    path.write_text(text[:start] + text[end:])
    report = load_paths(graph, [path], database=db)
    f = report.files[0]
    assert f.status == "loaded"
    assert (f.claims.deleted, f.claims.created, f.claims.unchanged) == (1, 0, 6)
    # Every edge of the source is derived again (its content changed); only one differs.
    assert (f.edges.updated, f.edges.unchanged, f.edges.created) == (1, 5, 0)
    assert (
        one(graph, settings, "MATCH (c:Claim {fact_key: 'reyes-denies-ring'}) RETURN count(c)") == 0
    )
    edge = one(
        graph,
        settings,
        "MATCH (:Person {id: 'person:dana-reyes'})-[e:LINKED_TO]->() RETURN properties(e)",
    )
    assert isinstance(edge, dict)
    assert edge["status"] == "alleged" and edge["n_claims"] == 1


def test_an_edited_file_drops_an_edge_and_an_entity(
    graph: Driver, settings: Settings, loaded: Path
) -> None:
    db, path = settings.neo4j_database, loaded
    text = path.read_text()
    # Remove the inspector and the one fact about them.
    text = text.replace(
        "  - id: person:unnamed-inspector\n    type: Person\n"
        "    name: an unnamed inspector of the authority\n    unnamed: true\n",
        "",
    )
    text = text[: text.index("  - id: inspector-member-of-authority")]
    path.write_text(text)
    f = load_paths(graph, [path], database=db).files[0]
    assert (f.claims.deleted, f.edges.deleted, f.entities.deleted) == (1, 1, 1)
    assert one(graph, settings, "MATCH ()-[e:MEMBER_OF]->() RETURN count(e)") == 0
    assert one(graph, settings, "MATCH (p {id: 'person:unnamed-inspector'}) RETURN count(p)") == 0


def test_a_file_with_one_bad_fact_writes_nothing(
    graph: Driver, settings: Settings, loaded: Path
) -> None:
    db, path = settings.neo4j_database, loaded
    before = graph_hash(graph, settings)
    # A good new fact and a bad one in the same edit: neither may reach the graph.
    path.write_text(
        path.read_text()
        + "  - id: new-good-fact\n    subject: org:harbour-authority\n    predicate: OPERATES_IN\n"
        "    object: city:port-town\n    stance: asserts\n    quote: The Harbour Authority\n"
        "  - id: new-bad-fact\n    subject: org:blue-ferry\n    predicate: RUNS\n"
        "    object: city:port-town\n    stance: asserts\n    quote: Blue Ferry Co.\n"
    )
    report = load_paths(graph, [path], database=db)
    assert not report.ok
    assert [(p.field, p.message) for p in report.problems] == [
        (
            "facts[8].object",
            "RUNS takes as object a Site or Event or Organization; 'city:port-town' is a City",
        )
    ]
    assert graph_hash(graph, settings) == before


def test_a_folder_load_says_which_files_loaded(
    graph: Driver, settings: Settings, workdir: Path
) -> None:
    (workdir / "broken.yaml").write_text("source: [unclosed\n")
    report = load_paths(graph, [workdir], database=settings.neo4j_database)
    status = {Path(f.file).name: f.status for f in report.files}
    assert status == {
        "broken.yaml": "failed",
        "harbour-followup.yaml": "loaded",
        "harbour.yaml": "loaded",
    }
    assert not report.ok


def test_same_as_names_the_placeholder_and_keeps_its_id(graph: Driver, settings: Settings) -> None:
    db = settings.neo4j_database
    # harbour-followup.yaml sorts first and needs harbour.yaml; the loader retries it.
    report = load_paths(graph, [FIXTURES], database=db)
    assert report.ok, report.problems
    records, _, _ = graph.execute_query(
        "MATCH (p:Person {id: 'person:lena-park'}) "
        "OPTIONAL MATCH (old {id: 'person:unnamed-inspector'}) "
        "MATCH (p)-[e:MEMBER_OF]->(:PublicBody {id: 'org:harbour-authority'}) "
        "RETURN p.name AS name, p.unnamed AS unnamed, p.referents AS referents, "
        "       count(old) AS old_nodes, e.n_claims AS claims, e.n_sources AS sources, "
        "       e.n_independent_sources AS publishers",
        database_=db,
    )
    assert [dict(r) for r in records] == [
        {
            "name": "Lena Park",
            "unnamed": False,
            "referents": ["person:unnamed-inspector"],
            "old_nodes": 0,
            "claims": 2,
            "sources": 2,
            "publishers": 1,
        }
    ]
    # The first source still refers to the placeholder id; reloading it lands on the named node.
    graph.execute_query("MATCH (s:Source) REMOVE s.content_hash", database_=db)
    again = load_paths(graph, [HARBOUR], database=db)
    assert again.ok and again.total("entities").created == 0
    assert one(graph, settings, "MATCH (p:Person) WHERE p.unnamed RETURN count(p)") == 0


def test_dry_run_writes_nothing(graph: Driver, settings: Settings) -> None:
    report = load_paths(graph, [FIXTURES], database=settings.neo4j_database, dry_run=True)
    assert [f.status for f in report.files] == ["checked", "checked"]
    assert one(graph, settings, "MATCH (n:Entity) RETURN count(n)") == 0


def test_load_document_takes_json_and_the_text(graph: Driver, settings: Settings) -> None:
    import yaml

    doc = yaml.safe_load(HARBOUR.read_text())
    doc["source"]["published_on"] = "2023-04"
    del doc["source"]["text"]
    text = (FIXTURES / "sources" / "harbour.txt").read_text()
    report = load_document(
        graph,
        json.dumps(doc).encode(),
        filename="upload.json",
        database=settings.neo4j_database,
        text=text,
    )
    assert report.files[0].claims.created == 7
    doc["facts"][0]["quote"] = "Blue Ferry Co. runs three terminals."
    with pytest.raises(FactFileError) as caught:
        load_document(
            graph,
            json.dumps(doc).encode(),
            filename="upload.json",
            database=settings.neo4j_database,
            text=text,
        )
    assert caught.value.status == 422
    assert [(p.file, p.field) for p in caught.value.problems] == [("upload.json", "facts[0].quote")]


def test_cli_load_reports_problems_and_exits_non_zero(
    graph: Driver, settings: Settings, workdir: Path
) -> None:
    bad = workdir / "bad.yaml"
    bad.write_text(
        (workdir / "harbour.yaml").read_text().replace("predicate: RUNS", "predicate: OPERATES")
    )
    result = _cli("load", str(workdir))
    assert result.returncode == 1
    assert f"{bad}:43: facts[0].predicate: unknown predicate 'OPERATES' — use one of:" in (
        result.stderr
    )
    assert "2 file(s) loaded" in result.stdout


def test_a_type_corrected_in_its_only_file_is_relabelled(
    graph: Driver, settings: Settings, loaded: Path
) -> None:
    db, path = settings.neo4j_database, loaded
    path.write_text(path.read_text().replace("    type: Company\n", "    type: Organization\n"))
    assert load_paths(graph, [path], database=db).ok
    labels = one(graph, settings, "MATCH (e {id: 'org:blue-ferry'}) RETURN labels(e)")
    assert isinstance(labels, list)
    assert sorted(labels) == ["Entity", "Organization"]


def test_a_type_another_source_relies_on_cannot_change(
    graph: Driver, settings: Settings, workdir: Path
) -> None:
    db = settings.neo4j_database
    assert load_paths(graph, [workdir], database=db).ok
    # harbour-followup.yaml cites a claim about the authority, so harbour.yaml may not retype it.
    path = workdir / "harbour.yaml"
    path.write_text(path.read_text().replace("    type: PublicBody\n", "    type: NGO\n"))
    report = load_paths(graph, [path], database=db)
    assert [(p.line, p.field, p.message) for p in report.problems] == [
        (
            14,
            "entities[1].type",
            "id 'org:harbour-authority' is given two types: PublicBody in the graph "
            "(from source:harbour-gazette-inspector) and NGO here",
        )
    ]


_cli = run_cli


def test_cli_migrate_then_dry_run_then_load_twice(graph: Driver, settings: Settings) -> None:
    migrated = _cli("db", "migrate")
    assert migrated.returncode == 0 and "0 created" in migrated.stdout
    checked = _cli("load", "--dry-run", str(FIXTURES))
    assert checked.returncode == 0 and "2 file(s) checked" in checked.stdout
    assert one(graph, settings, "MATCH (n:Entity) RETURN count(n)") == 0
    first = _cli("load", str(FIXTURES))
    assert first.returncode == 0 and "2 file(s) loaded, 0 skipped" in first.stdout
    second = _cli("load", str(FIXTURES))
    assert second.returncode == 0 and "0 file(s) loaded, 2 skipped (unchanged)" in second.stdout
