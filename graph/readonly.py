"""The investigators' read-only copy: a second local server holding a copy of the graph, every
database of it read-only, for Neo4j Browser sessions that must not be able to write.

On Community Edition every user is an administrator and `ALTER DATABASE ... READ ONLY` is not
supported, so a Browser connected to the graph the loader writes can write too. The copy is a
separate instance (`<instance>-ro`, its own ports, data and password) started with
`server.databases.default_to_read_only=true`: the server itself refuses every write, whatever
the session asks. `publish` refreshes it: the copy is started writable, emptied, given the
schema, filled from the source graph in batches, and restarted read-only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from neo4j import Driver, ManagedTransaction

from graph import localserver, schema
from graph.driver import LONG_RUNNING_SECONDS, long_running, make_driver
from graph.settings import Settings

BATCH = 2000
# Marks each copied node with its element id in the source until its relationships are drawn.
COPY_LABEL = "TipgraphCopy"
COPY_INDEX = "tipgraph_copy_eid"


def copy_settings(settings: Settings, *, read_only: bool = True) -> Settings:
    """The settings of the read-only copy of `settings`' local server."""
    return settings.model_copy(
        update={
            "instance": f"{settings.instance}-ro",
            "bolt_port": settings.effective_investigator_bolt_port,
            "http_port": settings.effective_investigator_http_port,
            "neo4j_uri": None,
            "read_only_server": read_only,
        }
    )


@dataclass(frozen=True)
class CopyReport:
    nodes: int
    relationships: int


def publish(settings: Settings, progress: localserver.Progress = localserver._noop) -> CopyReport:
    """Refresh the read-only copy from the graph of `settings` and leave it running read-only."""
    writable = copy_settings(settings, read_only=False)
    localserver.down(writable, progress)
    localserver.up(writable, progress, use_docker=False)
    source = make_driver(settings)
    target = make_driver(writable)
    try:
        progress("copying the graph")
        report = copy_graph(source, settings.neo4j_database, target, writable.neo4j_database)
    finally:
        source.close()
        target.close()
    localserver.down(writable, progress)
    localserver.up(copy_settings(settings), progress, use_docker=False)
    return report


def copy_graph(source: Driver, source_db: str, target: Driver, target_db: str) -> CopyReport:
    """Replace the target's graph with the source's: nodes with their labels and properties,
    relationships with their types and properties, and the project's schema."""
    with target.session(database=target_db) as session:
        session.run(
            long_running("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS")
        ).consume()
    schema.migrate(target, database=target_db)
    target.execute_query(
        f"CREATE INDEX {COPY_INDEX} IF NOT EXISTS FOR (n:{COPY_LABEL}) ON (n.copy_eid)",
        database_=target_db,
    )
    schema.await_indexes(target, database=target_db, timeout=120)
    nodes = relationships = 0
    # One read transaction, so relationships are read from the same graph as the nodes.
    with (
        source.session(database=source_db) as session,
        session.begin_transaction(timeout=LONG_RUNNING_SECONDS) as tx,
    ):
        for rows in _batches(_nodes(tx)):
            # Labels are parameters ($(...)), never spliced into the text.
            target.execute_query(
                "UNWIND $rows AS r CREATE (n:$(r.labels + [$copy])) "
                "SET n = r.props, n.copy_eid = r.eid",
                {"rows": rows, "copy": COPY_LABEL},
                database_=target_db,
            )
            nodes += len(rows)
        for rows in _batches(_relationships(tx)):
            target.execute_query(
                f"UNWIND $rows AS r MATCH (a:{COPY_LABEL} {{copy_eid: r.a}}) "
                f"MATCH (b:{COPY_LABEL} {{copy_eid: r.b}}) "
                "CREATE (a)-[x:$(r.type)]->(b) SET x = r.props",
                {"rows": rows},
                database_=target_db,
            )
            relationships += len(rows)
    with target.session(database=target_db) as session:
        session.run(
            long_running(
                f"MATCH (n:{COPY_LABEL}) CALL (n) {{ REMOVE n:{COPY_LABEL}, n.copy_eid }} "
                "IN TRANSACTIONS"
            )
        ).consume()
    target.execute_query(f"DROP INDEX {COPY_INDEX} IF EXISTS", database_=target_db)
    return CopyReport(nodes=nodes, relationships=relationships)


def _nodes(tx: ManagedTransaction | Any) -> Iterator[dict[str, Any]]:
    for record in tx.run(
        "MATCH (n) RETURN elementId(n) AS eid, labels(n) AS labels, properties(n) AS props"
    ):
        yield record.data()


def _relationships(tx: ManagedTransaction | Any) -> Iterator[dict[str, Any]]:
    for record in tx.run(
        "MATCH (a)-[r]->(b) RETURN elementId(a) AS a, elementId(b) AS b, type(r) AS type, "
        "properties(r) AS props"
    ):
        yield record.data()


def _batches(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    it = iter(rows)
    while batch := list(islice(it, BATCH)):
        yield batch
