"""The neomodel node classes, built from `graph/ontology.yaml` when this module is imported.

One class per entity type (its labels and properties as the ontology gives them), plus Claim,
Statement, the direct edge's relationship model and the writers' lock nodes. They declare the
schema once: a property the ontology marks `index: unique` or `index: range` becomes neomodel's
`unique_index` or `index`, and `tipgraph db migrate` installs them (graph/schema.py). They also
serve the single-node reads of the API and the CLI (graph/nodes.py).

The loader does not write through them: bulk writes stay batched `UNWIND` Cypher. Node ids live in
the database property `id`, which neomodel reserves as an attribute name, hence the attribute `uid`.
"""

from __future__ import annotations

from typing import Any

from neomodel import (
    ArrayProperty,
    BooleanProperty,
    FloatProperty,
    IntegerProperty,
    RelationshipTo,
    StringProperty,
    StructuredNode,
    StructuredRel,
)
from neomodel.properties import Property

from graph.ontology import Ontology, PropertySpec, get_ontology

# `scalar` (a string or a number) has no neomodel form; the ontology allows it only on predicate
# properties, which claims store as JSON, never on a node.
_SCALAR_KINDS = {
    "string": StringProperty,
    "date": StringProperty,  # a partial ISO date (YYYY, YYYY-MM or YYYY-MM-DD) is text
    "integer": IntegerProperty,
    "number": FloatProperty,
    "boolean": BooleanProperty,
}


def _property(spec: PropertySpec) -> Property[Any]:
    options: dict[str, Any] = {}
    if spec.name == "id":
        options["db_property"] = "id"
    if spec.index == "unique":
        options.update(unique_index=True, required=True)
    elif spec.index == "range":
        options["index"] = True
    if spec.kind == "strings":
        return ArrayProperty(StringProperty(), **options)
    prop: Property[Any] = _SCALAR_KINDS[spec.kind](**options)
    return prop


def _attribute(name: str) -> str:
    return "uid" if name == "id" else name


def _properties(specs: dict[str, PropertySpec], inherited: set[str]) -> dict[str, Any]:
    return {
        _attribute(name): _property(spec) for name, spec in specs.items() if name not in inherited
    }


def _node_class(name: str, bases: tuple[type, ...], attributes: dict[str, Any]) -> Any:
    # neomodel takes the class name as the label and registers the class under its labels, so
    # that a read returns the most specific class a node's labels name.
    return type(name, bases, {"__module__": __name__, **attributes})


def _relationships(
    types: dict[str, str], properties: dict[str, PropertySpec], targets: dict[str, str]
) -> dict[str, Any]:
    """Outgoing relationships named by their type in lower case, or with `_rel` added where a
    property has that name (a claim's `according_to` id beside its ACCORDING_TO relationship)."""
    out: dict[str, Any] = {}
    for rel in types:
        name = rel.lower()
        out[f"{name}_rel" if name in properties else name] = RelationshipTo(
            targets.get(rel, "Entity"), rel
        )
    return out


def _direct_edge(onto: Ontology) -> Any:
    return type(
        "DirectEdge",
        (StructuredRel,),
        {
            "__module__": __name__,
            "__doc__": "A direct edge between two entities, derived from the claims behind it.",
            **_properties(onto.direct_edge_properties, set()),
        },
    )


def _build(onto: Ontology) -> tuple[Any, dict[str, Any], Any, Any, Any]:
    edge = _direct_edge(onto)
    entity = _node_class(
        "Entity",
        (StructuredNode,),
        {
            "__doc__": "Every real-world thing; the type label sits on a subclass.",
            **_properties(onto.entity_properties, set()),
            # One relationship per predicate, named as in Cypher, each a derived direct edge.
            **{
                predicate.lower(): RelationshipTo("Entity", predicate, model=edge)
                for predicate in onto.predicates
            },
        },
    )
    classes: dict[str, Any] = {}
    # Parents first: a subtype's class inherits from its parent's.
    for etype in sorted(onto.types.values(), key=lambda t: t.parent is not None):
        parent = classes[etype.parent] if etype.parent else entity
        inherited = set(onto.entity_properties)
        if etype.parent:
            inherited |= set(onto.types[etype.parent].properties)
        classes[etype.name] = _node_class(
            etype.name,
            (parent,),
            {"__doc__": etype.description, **_properties(etype.properties, inherited)},
        )
    claim = _node_class(
        "Claim",
        (StructuredNode,),
        {
            "__doc__": "One fact as one source states it; direct edges are derived from these.",
            **_properties(onto.claim_properties, set()),
            **_relationships(
                onto.claim_relationships,
                onto.claim_properties,
                {"CONTRADICTS": "Claim", "CITED_IN": "Source", "ACCORDING_TO": "Source"},
            ),
        },
    )
    statement = _node_class(
        "Statement",
        (StructuredNode,),
        {
            "__doc__": "What one source says about one entity; entities derive from these.",
            **_properties(onto.statement_properties, set()),
            **_relationships(onto.statement_relationships, onto.statement_properties, {}),
        },
    )
    return entity, classes, claim, statement, edge


Entity, ENTITY_CLASSES, Claim, Statement, DirectEdge = _build(get_ontology())
Source = ENTITY_CLASSES["Source"]


class EntityWriteLock(StructuredNode):
    """A writer's lock on one entity id (loaders/writer.py); not part of the graph's story."""

    uid = StringProperty(db_property="id", unique_index=True, required=True)


class SourceWriteLock(StructuredNode):
    """A writer's lock on one source id (loaders/writer.py)."""

    uid = StringProperty(db_property="id", unique_index=True, required=True)


# Every class that declares schema, in the order `tipgraph db migrate` installs it.
SCHEMA_CLASSES: tuple[Any, ...] = (
    Entity,
    *ENTITY_CLASSES.values(),
    Claim,
    Statement,
    EntityWriteLock,
    SourceWriteLock,
)
