"""Neo4j values as plain data: JSON-ready rows, and rows as a graph of nodes and relationships."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from neo4j.graph import Node, Path, Relationship


def to_jsonable(value: Any) -> Any:
    """Nodes, relationships, paths and temporals as plain JSON-ready data, all the way down:
    `json_default`, one level at a time, until only plain data is left."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_jsonable(v) for v in value]
    return to_jsonable(json_default(value))


def json_default(value: Any) -> Any:
    """orjson's `default`: the same data as `to_jsonable`, one level at a time. orjson calls it
    only for what it does not know, and again for what is inside (a path's nodes, a node's
    temporals), so the lists and strings of a node's or relationship's properties are written
    in C; `to_jsonable` would first copy them item by item in Python (a path through a hub
    carries the hub's list of the hundreds of sources describing it)."""
    if isinstance(value, Node):
        return {"labels": sorted(value.labels), **dict(value.items())}
    if isinstance(value, Relationship):
        return {"type": value.type, **dict(value.items())}
    if isinstance(value, Path):
        return {"nodes": list(value.nodes), "relationships": list(value.relationships)}
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        # Subclasses orjson does not take as its own: a spatial point is a tuple.
        return list(value)
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return str(value)


def _node_key(node: Node) -> str:
    return str(node.get("id") or node.element_id)


def to_graph(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Every node and relationship found in the rows (also inside lists and paths), de-duplicated.

    Nodes are keyed by their tipgraph `id` where they have one; relationships carry the keys of
    their ends, so a client can draw them without another call.
    """
    nodes: dict[str, dict[str, Any]] = {}
    rels: dict[str, dict[str, Any]] = {}

    def add_node(node: Node) -> None:
        key = _node_key(node)
        if key not in nodes:
            nodes[key] = {
                "key": key,
                "labels": sorted(node.labels),
                "properties": {k: to_jsonable(v) for k, v in node.items()},
            }

    def visit(value: Any) -> None:
        if isinstance(value, Node):
            add_node(value)
        elif isinstance(value, Relationship):
            if value.start_node is None or value.end_node is None:
                return
            add_node(value.start_node)
            add_node(value.end_node)
            rels.setdefault(
                value.element_id,
                {
                    "key": value.element_id,
                    "type": value.type,
                    "start": _node_key(value.start_node),
                    "end": _node_key(value.end_node),
                    "properties": {k: to_jsonable(v) for k, v in value.items()},
                },
            )
        elif isinstance(value, Path):
            for rel in value.relationships:
                visit(rel)
            for node in value.nodes:
                add_node(node)
        elif isinstance(value, Mapping):
            for item in value.values():
                visit(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                visit(item)

    for row in rows:
        visit(row)
    return {"nodes": list(nodes.values()), "relationships": list(rels.values())}
