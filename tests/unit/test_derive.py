"""The entity derivation gives the same node whether each source's statement comes as its own
row (the bulk path) or statements saying the same words come as one row listing their sources
(the writer's read)."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from graph.ontology import get_ontology
from loaders.derive import derive_entity


def _statement(source: str, name: str, props: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "source_id": source,
        "entity_ref": "org:acme",
        "type": "Company",
        "name": name,
        "aliases": extra.get("aliases", []),
        "topics": extra.get("topics", []),
        "unnamed": False,
        "props": json.dumps(props, sort_keys=True),
    }


def _grouped(statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    members: dict[str, list[str]] = defaultdict(list)
    for st in statements:
        row = {k: v for k, v in st.items() if k != "source_id"}
        key = json.dumps(row, sort_keys=True)
        groups[key] = row
        members[key].append(st["source_id"])
    return [{**row, "sources": members[key]} for key, row in groups.items()]


# Three sources spell it one way and agree on a date; two spell it another way and give
# another date: the majority must win either way, which a row per group would lose if the
# groups were counted once each.
SAID = [
    _statement("source:a", "Acme Ltd", {"registered_on": "2019"}),
    _statement("source:b", "Acme Ltd", {"registered_on": "2019"}),
    _statement("source:c", "Acme Ltd", {"registered_on": "2019"}, topics=["fraud"]),
    _statement("source:d", "ACME Limited", {"registered_on": "2020"}, aliases=["Acme"]),
    _statement("source:e", "ACME Limited", {"registered_on": "2020"}, aliases=["Acme"]),
]


def test_grouped_rows_derive_the_same_entity_as_a_row_per_source() -> None:
    onto = get_ontology()
    one_each = derive_entity("org:acme", {"org:acme"}, SAID, onto)
    grouped = _grouped(SAID)
    assert len(grouped) == 3
    assert derive_entity("org:acme", {"org:acme"}, grouped, onto) == one_each
    assert one_each["name"] == "Acme Ltd"
    assert one_each["declared_in"] == [f"source:{x}" for x in "abcde"]


def test_a_group_counts_as_many_sources_as_it_lists() -> None:
    onto = get_ontology()
    # One row each: counted by rows the longer name would win the tie; by sources, two
    # sources outweigh one.
    longer_by_one = _grouped(SAID[3:4])
    shorter_by_two = _grouped(SAID[:2])
    assert len(longer_by_one) == len(shorter_by_two) == 1
    derived = derive_entity("org:acme", {"org:acme"}, longer_by_one + shorter_by_two, onto)
    assert derived["name"] == "Acme Ltd"
    assert derived["aliases"] == ["ACME Limited", "Acme"]
