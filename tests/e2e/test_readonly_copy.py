"""The investigators' read-only copy: `tipgraph db publish` starts a second local server holding
a copy of the seed graph with every database read-only; reads through it give what the graph
gives, and every write through it is refused by the server, whatever the session asks.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from neo4j import Driver, GraphDatabase
from neo4j.exceptions import ClientError

from graph import localserver, readonly
from graph.settings import Settings
from tests.e2e.fixtures import graph_of, load_seed
from tests.inprocess import run_cli

# About how long the module takes (tests/e2e/fixtures.py runs long modules early).
pytestmark = pytest.mark.lasts(seconds=45)

COUNTS = (
    "MATCH (n) WITH count(n) AS nodes OPTIONAL MATCH ()-[r]->() "
    "RETURN nodes, count(r) AS relationships"
)


@pytest.fixture(scope="module")
def copy(driver: Driver, settings: Settings) -> Iterator[tuple[Settings, Driver]]:
    # The copy is of the seed graph; each test asks for `seed_graph` too, so it is still there.
    graph_of("seed", driver, settings, load_seed)
    result = run_cli("db", "publish")
    assert result.returncode == 0, result.stdout + result.stderr
    copy = readonly.copy_settings(settings)
    assert f"Bolt:    {copy.uri}" in result.stdout
    drv = GraphDatabase.driver(copy.uri, auth=(copy.neo4j_user, copy.password()))
    try:
        yield copy, drv
    finally:
        drv.close()
        stopped = run_cli("db", "publish", "--stop")
        assert stopped.returncode == 0, stopped.stderr


@pytest.mark.slow
def test_the_copy_holds_the_graph_and_its_indexes(
    copy: tuple[Settings, Driver], seed_graph: Driver, settings: Settings
) -> None:
    copy_settings, drv = copy
    [original] = seed_graph.execute_query(COUNTS, database_=settings.neo4j_database).records
    [copied] = drv.execute_query(COUNTS, database_=copy_settings.neo4j_database).records
    assert (copied["nodes"], copied["relationships"]) == (
        original["nodes"],
        original["relationships"],
    )
    assert original["nodes"] > 100
    found = drv.execute_query(
        "CALL db.index.fulltext.queryNodes('entity_names', 'Sihanoukville') YIELD node "
        "RETURN collect(node.id) AS ids",
        database_=copy_settings.neo4j_database,
    ).records[0]["ids"]
    assert "city:sihanoukville" in found
    leftovers = drv.execute_query(
        f"MATCH (n:{readonly.COPY_LABEL}) RETURN count(n) AS n",
        database_=copy_settings.neo4j_database,
    ).records[0]["n"]
    assert leftovers == 0


@pytest.mark.slow
@pytest.mark.parametrize(
    "statement",
    [
        "CREATE (n:ShouldNotExist) RETURN n",
        "MATCH (e:Entity {id: 'city:sihanoukville'}) SET e.name = 'tampered'",
        "MATCH (n) DETACH DELETE n",
        "CALL apoc.create.node(['ShouldNotExist'], {}) YIELD node RETURN node",
        "CREATE INDEX should_not_exist IF NOT EXISTS FOR (n:ShouldNotExist) ON (n.x)",
    ],
)
def test_every_write_through_the_copy_is_refused(
    copy: tuple[Settings, Driver], statement: str
) -> None:
    copy_settings, drv = copy
    # A write session, as Neo4j Browser opens: the server refuses, not the client.
    with pytest.raises(ClientError) as caught:
        drv.execute_query(statement, database_=copy_settings.neo4j_database, routing_="w")
    assert (
        "read-only" in (caught.value.message or "").lower()
        or "read only" in (caught.value.message or "").lower()
    ), caught.value.message
    [row] = drv.execute_query(
        "MATCH (e:Entity {id: 'city:sihanoukville'}) "
        "OPTIONAL MATCH (x:ShouldNotExist) RETURN e.name AS name, count(x) AS planted",
        database_=copy_settings.neo4j_database,
    ).records
    assert (row["name"], row["planted"]) == ("Sihanoukville", 0)


@pytest.mark.slow
def test_the_copy_runs_read_only_by_its_configuration(copy: tuple[Settings, Driver]) -> None:
    copy_settings, _ = copy
    conf = localserver.conf_file(copy_settings).read_text()
    assert "server.databases.default_to_read_only=true" in conf
    assert f"server.bolt.listen_address=127.0.0.1:{copy_settings.effective_bolt_port}" in conf
