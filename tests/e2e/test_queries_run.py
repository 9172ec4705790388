"""Running saved queries on the real server: read-only, time-limited, capped, ids resolved.

The queries here live in a temporary folder, so that a query that tries to write can be run
through exactly the path every saved query takes.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest
from neo4j import Driver, Session

from cypher.errors import QueryParamsError, QueryRefused, QueryTimeout
from cypher.registry import Registry
from graph.settings import Settings


def header(name: str, params: str = "") -> str:
    return (
        dedent(
            f"""\
        // name: {name}
        // title: Probe {name}
        // description: A query written by the test suite.
        // tags: [test]
        """
        )
        + (f"// params:\n{params}" if params else "")
        + ("// examples:\n//   - params: {}\n//     rows: []\n")
    )


WRITES = {
    "create": "CREATE (n:ShouldNotExist {by: 'saved query'}) RETURN n",
    "merge": "MERGE (n:ShouldNotExist {by: 'saved query'}) RETURN n",
    "set": "MATCH (n:Entity) SET n.tampered = true RETURN count(n) AS n",
    "delete": "MATCH (n:Entity) DETACH DELETE n",
    "remove": "MATCH (n:Entity) REMOVE n.name RETURN count(n) AS n",
    "procedure": "CALL apoc.create.node(['ShouldNotExist'], {}) YIELD node RETURN node",
    "label": "CALL db.createLabel('ShouldNotExist')",
}


def probe_with_id(folder: Path, name: str, param: str, example: str, body: str) -> None:
    """A probe query taking one entity id, its example naming `example`."""
    text = header(name, param).replace("params: {}", f"params: {{id: {example}}}")
    (folder / f"{name}.cypher").write_text(text + body + "\n")


@pytest.fixture
def probes(tmp_path: Path) -> Registry:
    folder = tmp_path / "probe"
    folder.mkdir()
    for name, body in WRITES.items():
        (folder / f"write_{name}.cypher").write_text(header(f"write_{name}") + body + "\n")
    (folder / "count_up.cypher").write_text(
        header(
            "count_up",
            "//   n: {type: integer, default: 10, min: 0, max: 100000, description: How many.}\n",
        )
        + "UNWIND range(1, $n) AS i RETURN i\n"
    )
    (folder / "slow.cypher").write_text(
        header("slow")
        + "UNWIND range(1, 400000000) AS x WITH x WHERE x % 7 = 99 RETURN count(x) AS c\n"
    )
    person = "//   id: {type: entity_id, labels: [Person], required: true, description: Who.}\n"
    probe_with_id(
        folder,
        "who",
        person,
        "person:probe",
        "MATCH (p:Entity {id: $id}) RETURN p.id AS id, p.name AS name",
    )
    probe_with_id(
        folder,
        "gang",
        "//   id: {type: entity_id, labels: [CriminalGroup], required: true,\n"
        "//        description: The group.}\n",
        "org:probe-gang",
        "MATCH (g:Entity {id: $id}) RETURN g.name AS name",
    )
    (folder / "names.cypher").write_text(
        header(
            "names",
            "//   ids:\n//     type: list\n//     items: {type: entity_id, labels: [Entity]}\n"
            "//     description: The entities.\n",
        )
        + "UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN e.name AS name ORDER BY name\n"
    )
    probe_with_id(
        folder,
        "friends",
        person,
        "person:probe",
        "MATCH (:Entity {id: $id})-[:KNOWS]->(f:Entity) RETURN f.name AS name",
    )
    probe_with_id(
        folder,
        "friend_or_none",
        person,
        "person:probe",
        "MATCH (p:Entity {id: $id}) OPTIONAL MATCH (p)-[:KNOWS]->(f) RETURN f.name AS name",
    )
    probe_with_id(
        folder,
        "friends_unnamed",
        person,
        "person:probe",
        "MATCH (:Entity {id: $id})-[:KNOWS]->(f:Entity) RETURN f.name",
    )
    probe_with_id(
        folder,
        "bare_call",
        person,
        "person:probe",
        "CALL db.index.fulltext.queryNodes('entity_names', replace($id, ':', ' '))",
    )
    probe_with_id(
        folder,
        "either",
        "//   id: {type: entity_id, labels: [Person, CriminalGroup], required: true,\n"
        "//        description: Who.}\n",
        "person:probe",
        "MATCH (p:Entity {id: $id}) RETURN p.name AS name\n"
        "UNION MATCH (c:City) RETURN c.name AS name",
    )
    return Registry.load(tmp_path, max_timeout=10.0, max_rows=50)


def snapshot(driver: Driver, settings: Settings) -> tuple[int, int, int, int]:
    records, _, _ = driver.execute_query(
        "MATCH (n) WITH count(n) AS nodes "
        "OPTIONAL MATCH ()-[r]->() WITH nodes, count(r) AS rels "
        "OPTIONAL MATCH (t:Entity) WHERE t.tampered IS NOT NULL OR t.name IS NULL "
        "WITH nodes, rels, count(t) AS tampered "
        "CALL db.labels() YIELD label RETURN nodes, rels, tampered, count(label) AS labels",
        database_=settings.neo4j_database,
    )
    row = records[0]
    return row["nodes"], row["rels"], row["tampered"], row["labels"]


@pytest.fixture
def people(clean_graph: Driver, settings: Settings) -> Driver:
    clean_graph.execute_query(
        "CREATE (:Entity:Person {id: 'person:probe', type: 'Person', name: 'Probe Person', "
        "referents: ['person:old-probe']}), "
        "(:Entity:City {id: 'city:probe', type: 'City', name: 'Probe City', referents: []}), "
        "(:Entity:Organization:NGO {id: 'org:probe-ngo', type: 'NGO', name: 'Probe NGO'})",
        database_=settings.neo4j_database,
    )
    return clean_graph


@pytest.mark.parametrize("kind", sorted(WRITES))
def test_a_writing_query_is_refused_and_changes_nothing(
    probes: Registry, people: Driver, settings: Settings, kind: str
) -> None:
    before = snapshot(people, settings)
    with pytest.raises(QueryRefused) as info:
        probes.run(people, f"write_{kind}", {}, database=settings.neo4j_database)
    assert info.value.status == 403
    assert "read-only" in info.value.message
    assert snapshot(people, settings) == before


def test_rows_are_capped_and_the_cap_flagged(
    probes: Registry, driver: Driver, settings: Settings
) -> None:
    db = settings.neo4j_database
    full = probes.run(driver, "count_up", {"n": 50}, database=db)
    assert [r["i"] for r in full.rows] == list(range(1, 51))
    assert not full.truncated
    over = probes.run(driver, "count_up", {"n": 51}, database=db)
    assert len(over.rows) == 50 and over.truncated
    lowered = probes.run(driver, "count_up", {"n": 51}, database=db, row_cap=7)
    assert [r["i"] for r in lowered.rows] == list(range(1, 8)) and lowered.truncated
    raised = probes.run(driver, "count_up", {"n": 5000}, database=db, row_cap=10_000)
    assert len(raised.rows) == 50 and raised.truncated
    assert full.keys == ["i"]


def test_a_slow_query_is_stopped_by_the_server(
    probes: Registry, driver: Driver, settings: Settings
) -> None:
    with pytest.raises(QueryTimeout) as info:
        probes.run(driver, "slow", {}, database=settings.neo4j_database, timeout=0.5)
    assert info.value.status == 504
    # The server stopped it: the next query on the same driver runs normally.
    again = probes.run(driver, "count_up", {"n": 3}, database=settings.neo4j_database)
    assert [r["i"] for r in again.rows] == [1, 2, 3]


def test_entity_ids_are_resolved_checked_and_typed(
    probes: Registry, people: Driver, settings: Settings
) -> None:
    db = settings.neo4j_database
    current = probes.run(people, "who", {"id": "person:probe"}, database=db)
    assert current.rows == [{"id": "person:probe", "name": "Probe Person"}]
    # An id an entity used to have (a referent) still finds it.
    former = probes.run(people, "who", {"id": "person:old-probe"}, database=db)
    assert former.rows == current.rows
    with pytest.raises(QueryParamsError) as missing:
        probes.run(people, "who", {"id": "person:nobody"}, database=db)
    assert missing.value.errors == [
        {"field": "id", "message": "no entity has the id person:nobody"}
    ]


def test_an_id_of_the_wrong_type_is_refused(
    probes: Registry, people: Driver, settings: Settings
) -> None:
    db = settings.neo4j_database
    # The id's prefix already rules a city out, before the server is asked.
    with pytest.raises(QueryParamsError) as by_prefix:
        probes.run(people, "who", {"id": "city:probe"}, database=db)
    assert "cannot be a Person" in by_prefix.value.errors[0]["message"]
    # An NGO shares the `org:` prefix with criminal groups: only the graph can tell them apart.
    with pytest.raises(QueryParamsError) as by_label:
        probes.run(people, "gang", {"id": "org:probe-ngo"}, database=db)
    assert by_label.value.errors == [
        {"field": "id", "message": "org:probe-ngo is a NGO; gang takes a CriminalGroup here"}
    ]


def test_ids_in_a_list_are_resolved_and_checked_one_by_one(
    probes: Registry, people: Driver, settings: Settings
) -> None:
    db = settings.neo4j_database
    found = probes.run(people, "names", {"ids": "person:old-probe,city:probe"}, database=db)
    assert found.rows == [{"name": "Probe City"}, {"name": "Probe Person"}]
    with pytest.raises(QueryParamsError) as info:
        probes.run(people, "names", {"ids": ["city:probe", "org:nothing"]}, database=db)
    assert info.value.errors == [{"field": "ids", "message": "no entity has the id org:nothing"}]


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every statement a session sends from here on (to the real server)."""
    sent: list[str] = []
    real = Session.run

    def run(self: Session, query: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(str(getattr(query, "text", query)))
        return real(self, query, *args, **kwargs)

    monkeypatch.setattr(Session, "run", run)
    return sent


def test_ids_are_checked_in_the_query_itself(
    probes: Registry, people: Driver, settings: Settings, statements: list[str]
) -> None:
    db = settings.neo4j_database

    def run(name: str, given: str) -> tuple[list[dict[str, Any]], int]:
        statements.clear()
        return probes.run(people, name, {"id": given}, database=db).rows, len(statements)

    assert run("who", "person:probe") == ([{"id": "person:probe", "name": "Probe Person"}], 1)
    # The guard let the query run, and it found nothing: no need to ask why.
    assert run("friends", "person:probe") == ([], 1)
    # The guard stopped it: the id is looked up (by id, then among referents), and the query
    # runs again on the entity's current id.
    assert run("friends", "person:old-probe") == ([], 4)
    assert run("who", "person:old-probe") == (
        [{"id": "person:probe", "name": "Probe Person"}],
        4,
    )
    # One row of nulls is also what the query itself may answer: the ids are looked at, and
    # the row stands.
    assert run("friend_or_none", "person:probe") == ([{"name": None}], 2)
    # Columns the guard cannot name (no alias): an empty answer is asked about.
    assert run("friends_unnamed", "person:probe") == ([], 2)


def test_a_query_the_guard_cannot_cover_has_its_ids_checked_first(
    probes: Registry, people: Driver, settings: Settings, statements: list[str]
) -> None:
    db = settings.neo4j_database
    # Its second part would answer whatever the id: the check must come before it.
    with pytest.raises(QueryParamsError) as info:
        probes.run(people, "either", {"id": "org:probe-ngo"}, database=db)
    assert "takes a Person or CriminalGroup" in info.value.errors[0]["message"]
    rows = probes.run(people, "either", {"id": "person:old-probe"}, database=db).rows
    assert sorted(r["name"] for r in rows) == ["Probe City", "Probe Person"]
    assert not any("_tipgraph_ids" in text for text in statements)


def test_a_query_that_cannot_follow_the_guard_has_its_ids_checked_first(
    probes: Registry, people: Driver, settings: Settings, statements: list[str]
) -> None:
    db = settings.neo4j_database
    # A procedure called on its own, without YIELD, is a query only when it comes first.
    for _ in range(2):
        rows = probes.run(people, "bare_call", {"id": "person:probe"}, database=db).rows
        assert rows and rows[0]["node"]["id"] == "person:probe"
    with pytest.raises(QueryParamsError):
        probes.run(people, "bare_call", {"id": "person:nobody"}, database=db)
    # Refused by the server once, the guard is not sent again.
    assert sum("_tipgraph_ids" in text for text in statements) == 1
