"""The load benchmark's yardsticks: the graph the loader built, written back by hand.

`dump` reads every node and relationship the loader wrote; `write_unwind` writes them into an
empty database with plain `UNWIND ... MERGE` in batches (what a careful hand-written loader
with the derivation already done would send), `write_naive` one `MERGE` per transaction.
Labels and relationship types pass through the ontology's allow-list like the loader's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver

from bench.database import wipe
from bench.timing import clock
from graph.ontology import Ontology, get_ontology

_KEY_LABELS = ("Claim", "Statement", "Entity")


@dataclass
class Dump:
    # (labels...) -> [{id, props}]
    nodes: dict[tuple[str, ...], list[dict[str, Any]]] = field(default_factory=dict)
    # (start key label, type, end key label) -> [{a, b, props}]
    rels: dict[tuple[str, str, str], list[dict[str, Any]]] = field(default_factory=dict)

    def head(self, n: int) -> Dump:
        """The first n rows of every kind: enough to have the server plan each statement."""
        return Dump(
            {k: v[:n] for k, v in self.nodes.items()}, {k: v[:n] for k, v in self.rels.items()}
        )

    @property
    def rows(self) -> int:
        return sum(map(len, self.nodes.values())) + sum(map(len, self.rels.values()))


def _key_label(labels: list[str]) -> str:
    return next(label for label in _KEY_LABELS if label in labels)


def dump(driver: Driver, database: str) -> Dump:
    out = Dump()
    nodes: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    rels: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    with driver.session(database=database) as session:
        for r in session.run(
            "MATCH (n) WHERE n:Entity OR n:Claim OR n:Statement "
            "RETURN labels(n) AS labels, n.id AS id, properties(n) AS props"
        ):
            nodes[tuple(sorted(r["labels"]))].append({"id": r["id"], "props": r["props"]})
        for r in session.run(
            "MATCH (a)-[r]->(b) RETURN labels(a) AS la, a.id AS a, type(r) AS t, "
            "labels(b) AS lb, b.id AS b, properties(r) AS props"
        ):
            key = (_key_label(r["la"]), r["t"], _key_label(r["lb"]))
            rels[key].append({"a": r["a"], "b": r["b"], "props": r["props"]})
    out.nodes, out.rels = dict(nodes), dict(rels)
    return out


def _statements(
    data: Dump, onto: Ontology, *, merge_ends: bool = False
) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    for labels, rows in sorted(data.nodes.items()):
        key = _key_label(list(labels))
        extra = ":".join(onto.label(x) for x in labels if x != key)
        set_labels = f" SET n:{extra}" if extra else ""
        yield (
            f"UNWIND $rows AS row MERGE (n:{onto.label(key)} {{id: row.id}}) "
            f"SET n = row.props{set_labels}",
            rows,
        )
    # A naive writer, one row a transaction, cannot count on the ends being there yet.
    find = "MERGE" if merge_ends else "MATCH"
    for (start, rel, end), rows in sorted(data.rels.items()):
        yield (
            f"UNWIND $rows AS row {find} (a:{onto.label(start)} {{id: row.a}}) "
            f"{find} (b:{onto.label(end)} {{id: row.b}}) "
            f"MERGE (a)-[r:{onto.relationship_type(rel)}]->(b) SET r = row.props",
            rows,
        )


def write_unwind(driver: Driver, database: str, data: Dump, batch: int) -> int:
    """Every row, `batch` rows a statement and a transaction; the number of transactions."""
    onto = get_ontology()
    transactions = 0
    for query, rows in _statements(data, onto):
        for start in range(0, len(rows), batch):
            driver.execute_query(query, {"rows": rows[start : start + batch]}, database_=database)
            transactions += 1
    return transactions


def write_naive(driver: Driver, database: str, data: Dump, limit: int) -> int:
    """About `limit` rows, the same share of every kind of node and relationship, one MERGE
    per transaction; the number of rows written."""
    onto = get_ontology()
    share = min(1.0, limit / max(1, data.rows))
    written = 0
    for query, rows in _statements(data, onto, merge_ends=True):
        single = query.replace("UNWIND $rows AS row ", "WITH $row AS row ", 1)
        for row in rows[: max(1, round(len(rows) * share))]:
            driver.execute_query(single, {"row": row}, database_=database)
            written += 1
    return written


def timed_unwind(driver: Driver, database: str, data: Dump, batch: int) -> float:
    """Seconds to write the dump by UNWIND into an empty database; each statement is first
    planned on a few rows, untimed, so that neither arm is timed planning."""
    wipe(driver, database)
    write_unwind(driver, database, data.head(5), batch)
    write_naive(driver, database, data.head(1), data.head(1).rows)
    wipe(driver, database)
    start = clock()
    write_unwind(driver, database, data, batch)
    return clock() - start
