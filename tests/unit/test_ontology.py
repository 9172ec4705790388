"""The ontology file is consistent, the neomodel classes match it, and the schema installs."""

from __future__ import annotations

from typing import Any

import pytest
from neomodel import ArrayProperty, BooleanProperty, IntegerProperty, StringProperty

from graph import models, schema
from graph.ontology import Ontology, OntologyError, PropertySpec, get_ontology, parse

# The neomodel property class each ontology kind maps to; `scalar` has no neomodel form, so the
# ontology may use it only on predicates (stored on claims as JSON), never on a node.
NEOMODEL_KIND = {
    "string": StringProperty,
    "date": StringProperty,
    "integer": IntegerProperty,
    "boolean": BooleanProperty,
    "strings": ArrayProperty,
}


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return get_ontology()


def _db_props(cls: Any) -> dict[str, Any]:
    out = {}
    for attr, prop in cls.defined_properties(aliases=False, rels=False).items():
        out[prop.get_db_property_name(attr)] = prop
    return out


def _check(spec: dict[str, PropertySpec], actual: dict[str, Any], where: str) -> None:
    assert set(spec) == set(actual), f"{where}: ontology {sorted(spec)} vs model {sorted(actual)}"
    for name, ps in spec.items():
        assert isinstance(actual[name], NEOMODEL_KIND[ps.kind]), f"{where}.{name}: {ps.kind}"


def test_every_ontology_type_has_a_class_with_its_labels(onto: Ontology) -> None:
    assert set(models.ENTITY_CLASSES) == set(onto.types)
    for name, etype in onto.types.items():
        cls = models.ENTITY_CLASSES[name]
        assert set(cls.inherited_labels()) == set(etype.labels), name
        wanted = {**onto.entity_properties, **etype.properties}
        _check(wanted, _db_props(cls), name)


def test_claim_and_direct_edge_classes_match(onto: Ontology) -> None:
    _check(onto.claim_properties, _db_props(models.Claim), "Claim")
    _check(onto.direct_edge_properties, _db_props(models.DirectEdge), "DirectEdge")
    claim_rels = {
        r.definition["relation_type"]
        for r in models.Claim.defined_properties(aliases=False, properties=False).values()
    }
    assert claim_rels == set(onto.claim_relationships)


def test_entity_relationships_are_exactly_the_predicates(onto: Ontology) -> None:
    rels = models.Entity.defined_properties(aliases=False, properties=False).values()
    assert {r.definition["relation_type"] for r in rels} == set(onto.predicates)
    assert all(r.definition["model"] is models.DirectEdge for r in rels)


def test_groups_and_parents_expand_to_concrete_types(onto: Ontology) -> None:
    runs = onto.predicate("RUNS")
    assert {"Person", "CriminalGroup", "PublicBody"} <= runs.subject
    assert "Site" in runs.object and "Person" not in runs.object
    assert onto.predicate("LOCATED_IN").object == {"Country", "Province", "City", "Site"}
    assert onto.expand("Actor") == onto.predicate("MEMBER_OF").subject
    assert onto.expand("Organization") == onto.expand("Actor") - {"Person"}


def test_only_ontology_names_reach_cypher(onto: Ontology) -> None:
    assert onto.label("CriminalGroup") == "CriminalGroup"
    assert onto.relationship_type("OPERATES_IN") == "OPERATES_IN"
    assert onto.relationship_type("CITED_IN") == "CITED_IN"
    for bad in ("Person) DETACH DELETE (n", "Bogus", "person"):
        with pytest.raises(OntologyError):
            onto.label(bad)
    with pytest.raises(OntologyError):
        onto.relationship_type("OPERATES_IN]->() DELETE x//")


def test_every_predicate_and_type_is_described(onto: Ontology) -> None:
    assert all(p.description.strip() for p in onto.predicates.values())
    assert all(t.description.strip() for t in onto.types.values())
    assert onto.answering_stances == {"denies", "disputes", "retracts"}


def test_ftm_mappings_name_distinct_schemas(onto: Ontology) -> None:
    links = {p.name: p.ftm for p in onto.predicates.values() if p.ftm is not None}
    assert links["OWNS"] is not None and links["OWNS"].schema == "Ownership"
    assert (links["OWNS"].subject, links["OWNS"].object) == ("owner", "asset")
    assert len({link.schema for link in links.values()}) == len(links)


def test_parse_rejects_an_unknown_type_in_a_predicate() -> None:
    raw = {
        "version": 1,
        "entity_properties": {},
        "types": {"Person": {"prefix": "person", "description": "x"}},
        "stances": {"asserts": "x"},
        "answering_stances": [],
        "source_kinds": {},
        "topics": {},
        "predicates": {"KNOWS": {"description": "x", "subject": ["Person"], "object": ["Ghost"]}},
        "claim_relationships": {},
        "claim_properties": {},
        "direct_edge_properties": {},
    }
    with pytest.raises(OntologyError, match="unknown type 'Ghost'"):
        parse(raw)


def test_the_node_classes_declare_the_schema_the_ontology_marks(onto: Ontology) -> None:
    declared = set(schema.declared_names())
    marked = {
        f"{'constraint_unique' if spec.index == 'unique' else 'index'}_{label}_{name}"
        for label, specs in (
            ("Entity", onto.entity_properties),
            ("Claim", onto.claim_properties),
            ("Statement", onto.statement_properties),
        )
        for name, spec in specs.items()
        if spec.index
    }
    marked |= {
        f"index_{t.name}_{name}"
        for t in onto.types.values()
        for name, spec in t.properties.items()
        if spec.index and (t.parent is None or name not in onto.types[t.parent].properties)
    }
    locks = {"constraint_unique_EntityWriteLock_id", "constraint_unique_SourceWriteLock_id"}
    assert declared == marked | locks
    # Declared once: a subclass installs no copy of what its parent declares.
    assert not any(name.startswith("constraint_unique_Person") for name in declared)
