"""Every saved query on the seed graph: its examples' rows, its plan, and that it only reads."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from neo4j import Driver
from neo4j.graph import Node, Path, Relationship

from api.jsonbody import JsonBody
from cypher.header import Example
from cypher.registry import SavedQuery, get_registry
from graph.ontology import get_ontology
from graph.settings import Settings
from graph.values import to_jsonable

QUERIES = get_registry().queries

EXAMPLES = [
    pytest.param(query, number, example, id=f"{query.name}[{number}]")
    for query in QUERIES
    for number, example in enumerate(query.examples, start=1)
]

# A plan leaf that finds nodes without reading every node of the database.
SEEKS = ("NodeUniqueIndexSeek", "NodeIndexSeek", "MultiNodeIndexSeek")


def shown(row: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    return {column: to_jsonable(row.get(column)) for column in columns}


@pytest.mark.parametrize(("query", "number", "example"), EXAMPLES)
def test_example_rows_on_the_seed_graph(
    seed_graph: Driver, settings: Settings, query: SavedQuery, number: int, example: Example
) -> None:
    result = get_registry().run(
        seed_graph, query.name, example.params, database=settings.neo4j_database
    )
    assert not result.truncated
    for row in example.rows:
        unknown = set(row) - set(result.keys)
        assert not unknown, f"example {number} lists columns the query does not return: {unknown}"
    got = [shown(row, list(want)) for row, want in zip(result.rows, example.rows, strict=False)]
    if example.match == "exact":
        assert len(result.rows) == len(example.rows), [shown(r, result.keys) for r in result.rows]
        assert got == example.rows
    else:
        for want in example.rows:
            candidates = [shown(r, list(want)) for r in result.rows]
            assert want in candidates, f"{want} not among {candidates}"


def test_the_api_writes_every_example_as_the_deep_conversion_would(
    seed_graph: Driver, settings: Settings
) -> None:
    met: set[str] = set()
    for query in QUERIES:
        for example in query.examples:
            rows = (
                get_registry()
                .run(seed_graph, query.name, example.params, database=settings.neo4j_database)
                .rows
            )
            walk(rows, met)
            assert orjson.loads(JsonBody(rows).body) == orjson.loads(
                orjson.dumps(to_jsonable(rows))
            )
    # The examples carry every kind of driver value the shallow conversion handles.
    assert {"node", "relationship", "path"} <= met, met


def walk(value: Any, met: set[str]) -> None:
    if isinstance(value, Path):
        met.add("path")
        for part in (*value.nodes, *value.relationships):
            walk(part, met)
    elif isinstance(value, Node | Relationship):
        met.add("node" if isinstance(value, Node) else "relationship")
        walk(dict(value.items()), met)
    elif isinstance(value, dict):
        for item in value.values():
            walk(item, met)
    elif isinstance(value, list | tuple):
        for item in value:
            walk(item, met)


def plan_nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """Every operator of a plan tree, the root first."""
    found = [plan]
    for child in plan.get("children", []):
        found.extend(plan_nodes(child))
    return found


def operator_name(node: dict[str, Any]) -> str:
    return str(node.get("operatorType", "")).split("@")[0]


def operators(plan: dict[str, Any]) -> list[tuple[str, str]]:
    """Every operator of a plan tree, with its details."""
    return [(operator_name(n), str(n.get("args", {}).get("Details", ""))) for n in plan_nodes(plan)]


@pytest.fixture
def planned_graph(seed_graph: Driver, settings: Settings) -> Driver:
    """The seed graph with fresh index statistics and no cached plans.

    Right after a load the index samples are stale; with them the planner may read an id
    through an index scan instead of a seek, so the plan check would depend on timing.
    """
    db = settings.neo4j_database
    seed_graph.execute_query("CALL db.resampleOutdatedIndexes()", database_=db)
    seed_graph.execute_query("CALL db.awaitIndexes(120)", database_=db)
    seed_graph.execute_query("CALL db.clearQueryCaches()", database_=db)
    return seed_graph


def explain(driver: Driver, settings: Settings, query: SavedQuery) -> tuple[list[Any], str]:
    # The plan of an optional anchor depends on its value's type: with a null id the planner
    # cannot seek, so the example that gives every entity id is the one planned.
    ids = [p.name for p in query.params if p.type == "entity_id"]
    example = next(
        (e for e in query.examples if all(e.params.get(name) is not None for name in ids)),
        query.examples[0],
    )
    params = query.validate_params(example.params)
    summary = driver.execute_query(
        "EXPLAIN " + query.text, params, database_=settings.neo4j_database
    ).summary
    assert summary.plan is not None
    return operators(summary.plan), str(summary.query_type)


def anchored(query: SavedQuery) -> bool:
    return any(p.type == "entity_id" for p in query.params)


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_plan_reads_only_and_never_scans_all_nodes(
    planned_graph: Driver, settings: Settings, query: SavedQuery
) -> None:
    ops, query_type = explain(planned_graph, settings, query)
    names = [name for name, _ in ops]
    assert query_type == "r", f"{query.name} is planned as {query_type!r}, not read-only"
    assert "AllNodesScan" not in names, names
    if anchored(query):
        seeks = [details for name, details in ops if name in SEEKS]
        assert any("(id)" in details for details in seeks), (
            f"{query.name} takes an entity id but its plan has no id index seek: {ops}"
        )
    elif any(p.type in ("string", "search") and p.required for p in query.params):
        assert any(name in SEEKS or name == "ProcedureCall" for name in names), names


def test_the_plan_check_can_fail(seed_graph: Driver, settings: Settings) -> None:
    """The same check on a query that ignores the id index: it must be caught."""
    summary = seed_graph.execute_query(
        "EXPLAIN MATCH (n) WHERE n.id = $id RETURN n",
        {"id": "city:sihanoukville"},
        database_=settings.neo4j_database,
    ).summary
    assert summary.plan is not None
    assert "AllNodesScan" in [name for name, _ in operators(summary.plan)]


OPTIONAL_ANCHORS = [
    q for q in QUERIES if any(p.type == "entity_id" and not p.required for p in q.params)
]


def absent_id(labels: tuple[str, ...]) -> str:
    """A well-formed id of one of these labels that no entity has."""
    prefix = next(
        prefix for prefix, kinds in get_ontology().prefixes().items() if set(kinds) & set(labels)
    )
    return f"{prefix}:no-such-entity-anywhere"


@pytest.mark.parametrize("query", OPTIONAL_ANCHORS, ids=[q.name for q in OPTIONAL_ANCHORS])
def test_a_given_optional_id_is_not_found_by_scanning_its_label(
    planned_graph: Driver, settings: Settings, query: SavedQuery
) -> None:
    """A query whose entity ids may be left out seeks the ids it is given: its branch for
    "every one" checks the parameter before it scans (not after, reading every node of the
    label only to drop them all). Given ids no entity has, no label scan may hand on a row."""
    given = {
        p.name: absent_id(p.labels or ("Entity",))
        for p in query.params
        if p.type == "entity_id" and not p.required
    }
    summary = planned_graph.execute_query(
        "PROFILE " + query.text,
        query.server_values(query.validate_params(given)),
        database_=settings.neo4j_database,
    ).summary
    assert summary.profile is not None
    scans = [
        (operator_name(n), int(n.get("rows", 0)))
        for n in plan_nodes(summary.profile)
        if "LabelScan" in operator_name(n)
    ]
    assert all(rows == 0 for _, rows in scans), f"{query.name} scanned a label: {scans}"
