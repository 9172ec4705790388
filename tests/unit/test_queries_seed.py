"""Every saved query on the seed graph: its examples' rows, its plan, and that it only reads."""

from __future__ import annotations

from cypher.registry import get_registry

QUERIES = get_registry().queries


def test_every_query_has_an_example_with_rows() -> None:
    empty = [q.name for q in QUERIES if not any(e.rows for e in q.examples)]
    assert not empty, f"these queries show no example rows: {empty}"
