"""`tipgraph db import-bulk`: an empty database filled by `neo4j-admin database import`.

The files are checked exactly as `tipgraph load --dry-run` checks them (against the empty
graph, files referring to each other whatever their order), the graph they make is derived
once in memory (`loaders/bulk.py`), written as CSV files, and imported with the server
stopped; then the schema is installed. The result is, by hash, the graph `tipgraph load` of the
same files builds, with nothing read back or derived per file; what it costs instead (a server
restart, the schema, the empty lists set again) is in docs/performance.md.
"""

from __future__ import annotations

import csv
import datetime
import gc
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from neo4j import Driver

from graph import localserver, schema
from graph.driver import LONG_RUNNING_SECONDS, long_running, make_driver
from graph.errors import TipgraphError
from graph.ontology import get_ontology
from graph.settings import Settings
from loaders.bulk import BulkGraph, build_graph
from loaders.load import load_paths
from loaders.plan import WritePlan
from loaders.report import LoadReport

_ARRAY = "\x1f"
Progress = Callable[[str], None]


class BulkImportError(TipgraphError):
    """The bulk import refused to start, or the files did not check."""


@dataclass(frozen=True)
class BulkReport:
    files: int
    nodes: int
    relationships: int
    checked: LoadReport


def database_nodes(driver: Driver, database: str) -> int:
    records, _, _ = driver.execute_query(
        "MATCH (n) RETURN count(n) AS n", database_=database, routing_="r"
    )
    return int(records[0]["n"])


def import_bulk(
    settings: Settings,
    paths: Iterable[str | Path],
    *,
    progress: Progress | None = None,
    work: Path | None = None,
) -> BulkReport:
    """Check the fact files, then replace the EMPTY database with the graph they make.

    Refuses a database holding any node, and refuses to start when any file fails its checks
    (nothing is imported then). The server is stopped for the import and started again, so
    this opens its own connections: other drivers' pooled connections do not survive it.
    """
    say = progress or (lambda _: None)
    with tempfile.TemporaryDirectory(prefix="tipgraph-import-", dir=work) as tmp:
        with _no_cycle_collection():
            with make_driver(settings) as driver:
                plans, checked = _checked_plans(driver, settings, paths, say)
            say(f"deriving the graph of {len(plans)} sources")
            graph = build_graph(plans, get_ontology())
            empties = EmptyLists.of(graph)
            say("writing CSV files")
            nodes, rels = write_csv(graph, Path(tmp))
        say("stopping the server")
        localserver.down(settings, say)
        localserver.import_full(settings, nodes, rels, say)
    say("starting the server")
    localserver.up(settings, say, use_docker=False)
    say("installing the schema")
    with make_driver(settings) as driver:
        # Every index is populated over the whole imported graph before the server is used.
        schema.migrate(driver, database=settings.neo4j_database, timeout=LONG_RUNNING_SECONDS)
        say("restoring empty lists")
        empties.restore(driver, settings.neo4j_database)
    return BulkReport(len(plans), len(graph.nodes), len(graph.rels), checked)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off while the plans and the graph are built: they only grow,
    and each full collection walks all of them again, which at 1,000,000 facts was more than
    half the time of the checks. What they leave as cyclic garbage is a few hundred objects."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def rebase(driver: Driver, settings: Settings) -> None:
    """Make a driver that was open across an import usable again: the import restarted the
    server (the driver drops dead pooled connections on its own) and began a new transaction
    history, so the bookmarks `execute_query` keeps would make the server wait for
    transactions it will never have; they are replaced by one of the new history."""
    with make_driver(settings) as fresh, fresh.session(database=settings.neo4j_database) as s:
        s.run("RETURN 1").consume()
        current = s.last_bookmarks().raw_values
    manager = driver.execute_query_bookmark_manager
    manager.update_bookmarks(manager.get_bookmarks(), current)


def _checked_plans(
    driver: Driver, settings: Settings, paths: Iterable[str | Path], say: Progress
) -> tuple[list[WritePlan], LoadReport]:
    db = settings.neo4j_database
    held = database_nodes(driver, db)
    if held:
        raise BulkImportError(
            f"the database '{db}' at {settings.uri} holds {held} nodes; the bulk import "
            "replaces a database and only starts on an empty one",
            hint="load into a non-empty graph with `tipgraph load`",
        )
    if localserver.status(settings).mode != "maven":
        raise BulkImportError(
            "the bulk import runs neo4j-admin on the local server's files, and this server "
            "was not started by `tipgraph db up` from the Maven build",
            hint="use `tipgraph load`",
        )
    plans: list[WritePlan] = []
    say("checking the fact files")
    checked = load_paths(
        driver, paths, database=db, dry_run=True, on_plan=plans.append, empty_graph=True
    )
    failed = [f for f in checked.files if f.status == "failed"]
    if failed:
        raise BulkImportError(
            f"{len(failed)} of {len(checked.files)} files failed their checks; nothing imported",
            hint="run `tipgraph load --dry-run` on them to see each problem",
        )
    return plans, checked


@dataclass
class EmptyLists:
    """The empty lists the import leaves out (neo4j-admin reads an empty array field as no
    value), to set again once the server runs.

    A key that every node of a kind (or every direct edge) has as a list is restored by one
    statement for all that lack it; any other is restored node by node."""

    # (key label, key) for nodes; ("", key) for the direct edges between entities
    always: set[tuple[str, str]]
    # (key label, key) -> node ids
    rows: dict[tuple[str, str], list[str]]

    @classmethod
    def of(cls, graph: BulkGraph) -> EmptyLists:
        seen: dict[tuple[str, str], int] = defaultdict(int)
        listed: dict[tuple[str, str], int] = defaultdict(int)
        empty: dict[tuple[str, str], list[str]] = defaultdict(list)
        total: dict[str, int] = defaultdict(int)
        elements: list[tuple[str, str | None, dict[str, Any]]] = [
            (n.space, n.props["id"], n.props) for n in graph.nodes
        ]
        elements += [("", None, r.props) for r in graph.rels if r.start[0] == r.end[0] == "Entity"]
        for space, node_id, props in elements:
            total[space] += 1
            for k, v in props.items():
                seen[(space, k)] += 1
                if isinstance(v, list):
                    listed[(space, k)] += 1
                    if not v:
                        empty[(space, k)].append(node_id or "")
        always = {key for key in empty if listed[key] == seen[key] == total[key[0]]}
        rows = {key: ids for key, ids in empty.items() if key not in always}
        if any(space == "" for space, _ in rows):
            raise BulkImportError("a direct edge holds an empty list under an optional key")
        return cls(always, rows)

    def restore(self, driver: Driver, database: str) -> None:
        with driver.session(database=database) as session:
            by_space: dict[str, list[str]] = defaultdict(list)
            for space, key in sorted(self.always):
                # Keys are property names the loader wrote, written into the statement only
                # after this check.
                _identifier(key)
                by_space[space].append(key)
            for space, keys in by_space.items():
                # One pass per kind, each node written once whatever number of keys it lacks.
                match = f"MATCH (n:{space})" if space else "MATCH (:Entity)-[n]->(:Entity)"
                lacking = " OR ".join(f"n.`{k}` IS NULL" for k in keys)
                sets = ", ".join(f"n.`{k}` = coalesce(n.`{k}`, [])" for k in keys)
                session.run(
                    long_running(
                        f"{match} WHERE {lacking} "
                        f"CALL (n) {{ SET {sets} }} IN TRANSACTIONS OF 10000 ROWS"
                    )
                ).consume()
            for (space, key), ids in sorted(self.rows.items()):
                _identifier(key)
                session.run(
                    long_running(
                        f"UNWIND $ids AS id MATCH (n:{space} {{id: id}}) "
                        f"CALL (n) {{ SET n.`{key}` = [] }} IN TRANSACTIONS OF 10000 ROWS"
                    ),
                    ids=ids,
                ).consume()


def _identifier(key: str) -> None:
    if not key.replace("_", "").isalnum():
        raise BulkImportError(f"property name '{key}' is not a plain identifier")


def write_csv(graph: BulkGraph, folder: Path) -> tuple[list[Path], list[Path]]:
    """neo4j-admin's CSV files: one per kind of node or relationship and set of property
    types, since a column has one type for the whole file."""
    node_groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for node in graph.nodes:
        columns = _columns(node.props, skip="id")
        node_groups[(node.space, node.labels, columns)].append(node.props)
    rel_groups: dict[tuple[Any, ...], list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
    for rel in graph.rels:
        columns = _columns(rel.props)
        key = (rel.start[0], rel.type, rel.end[0], columns)
        rel_groups[key].append((rel.start[1], rel.end[1], rel.props))
    node_files = []
    for i, ((space, labels, columns), rows) in enumerate(sorted(node_groups.items())):
        path = folder / f"nodes-{i}.csv"
        header = [f"id:ID({space})", *(f"{k}:{t}" for k, t in columns), ":LABEL"]
        label_field = _ARRAY.join(labels)
        with path.open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
            out.writerow(header)
            for props in rows:
                out.writerow([props["id"], *(_field(props[k]) for k, _ in columns), label_field])
        node_files.append(path)
    rel_files = []
    for i, ((start, rtype, end, columns), rel_rows) in enumerate(sorted(rel_groups.items())):
        path = folder / f"rels-{i}.csv"
        header = [f":START_ID({start})", f":END_ID({end})", ":TYPE"]
        header += [f"{k}:{t}" for k, t in columns]
        with path.open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
            out.writerow(header)
            for a, b, props in rel_rows:
                out.writerow([a, b, rtype, *(_field(props[k]) for k, _ in columns)])
        rel_files.append(path)
    return node_files, rel_files


def _columns(props: dict[str, Any], skip: str = "") -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, _type(k, v)) for k, v in props.items() if k != skip))


def _scalar_type(key: str, value: Any) -> str:
    # bool before int: a bool is an int in Python.
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, datetime.datetime):
        return "localdatetime"
    if isinstance(value, datetime.date):
        return "date"
    raise BulkImportError(f"property '{key}' holds a {type(value).__name__}, which CSV cannot")


def _type(key: str, value: Any) -> str:
    if not isinstance(value, list):
        return _scalar_type(key, value)
    kinds = {_scalar_type(key, v) for v in value} or {"string"}
    if len(kinds) != 1:
        raise BulkImportError(f"property '{key}' holds a list of mixed types")
    return kinds.pop() + "[]"


def _field(value: Any) -> str:
    if isinstance(value, list):
        parts = [_field(v) for v in value]
        if any(_ARRAY in p for p in parts):
            raise BulkImportError("a list value holds the U+001F separator")
        return _ARRAY.join(parts)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
