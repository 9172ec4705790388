"""The benchmark's hold on its database: refuse anyone else's graph, wipe its own, hash it."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from neo4j import Driver

from graph.driver import long_running
from graph.schema import migrate
from graph.settings import Settings

# Graphs a benchmark may wipe: one it marked, or the test suite's (`make test` runs the smoke
# benchmark on the test instance).
MARKERS = ("TipgraphBenchMarker", "TipgraphTestMarker")


class RefusedDatabase(SystemExit):
    pass


def claim_database(driver: Driver, settings: Settings) -> bool:
    """Mark the database as the benchmark's, or refuse when it holds a graph nobody marked;
    whether the mark is new (`release_database` takes it away again)."""
    if settings.instance == "main":
        raise RefusedDatabase("the benchmark wipes its database: never run it on the main instance")
    db = settings.neo4j_database
    records, _, _ = driver.execute_query(
        "OPTIONAL MATCH (m) WHERE m:TipgraphBenchMarker OR m:TipgraphTestMarker "
        "WITH count(m) AS markers OPTIONAL MATCH (n) RETURN markers, count(n) AS nodes",
        database_=db,
    )
    markers, nodes = int(records[0]["markers"]), int(records[0]["nodes"])
    if markers == 0 and nodes > 0:
        raise RefusedDatabase(
            f"refusing to wipe {settings.uri}: it holds {nodes} nodes and no benchmark or test "
            "marker; point TIPGRAPH_INSTANCE at an empty server of your own"
        )
    if markers == 0:
        driver.execute_query("CREATE (:TipgraphBenchMarker)", database_=db)
    return markers == 0


def release_database(driver: Driver, database: str) -> None:
    """Leave an empty database behind, as found: the test suite refuses a marker not its own."""
    driver.execute_query("MATCH (m:TipgraphBenchMarker) DELETE m", database_=database)


def wipe(driver: Driver, database: str) -> None:
    """Everything but the markers, leaving the schema: an empty graph ready to load."""
    # Relationships first: DETACH DELETE of a hub (a country every source names) deletes all its
    # relationships in one transaction. Each round is a transaction of its own, under the
    # server's transaction timeout: one `CALL ... IN TRANSACTIONS` counts its whole run against
    # it, and at 1,000,000 facts ran past it.
    for statement in (
        "MATCH ()-[r]->() WITH r LIMIT 50000 DELETE r RETURN count(*) AS n",
        "MATCH (n) WHERE NOT (n:TipgraphBenchMarker OR n:TipgraphTestMarker) "
        "WITH n LIMIT 50000 DELETE n RETURN count(*) AS n",
    ):
        while True:
            records, _, _ = driver.execute_query(statement, database_=database)
            if not records or records[0]["n"] == 0:
                break
    migrate(driver, database=database)


def counts(driver: Driver, database: str) -> tuple[int, int]:
    records, _, _ = driver.execute_query(
        "CALL () { MATCH (n) WHERE n:Entity OR n:Claim OR n:Statement RETURN count(n) AS nodes } "
        "CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, rels",
        database_=database,
    )
    return int(records[0]["nodes"]), int(records[0]["rels"])


def state_hash(driver: Driver, database: str) -> str:
    """Every entity, claim and statement node and every relationship, with labels and
    properties (Neo4j's internal ids aside): equal hashes, equal graphs."""
    # A sum of each row's hash is the same in any order, so the server streams the rows as it
    # finds them: sorting a million-fact graph's rows first ran its 4 GiB heap out.
    total = 0
    rows = 0
    with driver.session(database=database) as session:
        for statement, labelled in (
            (
                "MATCH (n) WHERE n:Entity OR n:Claim OR n:Statement "
                "RETURN [labels(n), properties(n)] AS row",
                True,
            ),
            ("MATCH (a)-[r]->(b) RETURN [a.id, type(r), b.id, properties(r)] AS row", False),
        ):
            # Streaming the whole graph while this process hashes it outlasts the server's
            # default transaction timeout on a large graph.
            for record in session.run(long_running(statement)):
                row = record["row"]
                if labelled:
                    row[0] = sorted(row[0])
                digest = hashlib.sha256(_canonical(row)).digest()
                total = (total + int.from_bytes(digest, "big")) % (1 << 256)
                rows += 1
    return hashlib.sha256(f"{rows}:{total:064x}".encode()).hexdigest()


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, default=str).encode() + b"\n"
