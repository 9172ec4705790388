"""The ontology read from `graph/ontology.yaml` into typed, frozen objects: the allow-list.

Cypher can take labels and relationship types only as literal text, so every writer that needs
one asks this module for it (`label()`, `relationship_type()`): a name that is not in the
ontology raises instead of reaching a query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal

import yaml

from graph.errors import TipgraphError
from graph.paths import bundled

ONTOLOGY_FILE = bundled("graph", "ontology.yaml")

PropertyKind = Literal["string", "integer", "number", "boolean", "strings", "date", "scalar"]
PROPERTY_KINDS: frozenset[str] = frozenset(
    ("string", "integer", "number", "boolean", "strings", "date", "scalar")
)
# How a node property is indexed: `unique` (a uniqueness constraint, which is also its index)
# or `range` (a lookup index). graph/models.py turns these into neomodel declarations.
IndexKind = Literal["unique", "range"]
INDEX_KINDS: frozenset[str] = frozenset(("unique", "range"))
# Labels and relationship types are interpolated into Cypher, so they must be plain identifiers.
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


class OntologyError(TipgraphError):
    """The ontology file is inconsistent, or a name is not in it."""

    title = "Ontology error"


@dataclass(frozen=True)
class PropertySpec:
    name: str
    kind: PropertyKind
    description: str
    values: tuple[str, ...] | None = None  # the allowed values of a string property, if closed
    index: IndexKind | None = None


@dataclass(frozen=True)
class EntityType:
    name: str
    prefix: str
    description: str
    parent: str | None
    properties: dict[str, PropertySpec] = field(default_factory=dict)
    ftm: str | None = None  # the FollowTheMoney schema it is exported as; None for places

    @property
    def labels(self) -> tuple[str, ...]:
        """Neo4j labels of a node of this type: Entity, the parent (if any), the type."""
        return ("Entity", self.parent, self.name) if self.parent else ("Entity", self.name)


@dataclass(frozen=True)
class FtmLink:
    """The FollowTheMoney interval schema of a predicate, with its subject and object props."""

    schema: str
    subject: str
    object: str


@dataclass(frozen=True)
class Predicate:
    name: str
    description: str
    subject: frozenset[str]  # concrete type names, groups and parents expanded
    object: frozenset[str]
    subject_spec: tuple[str, ...]  # as written in the file, for messages
    object_spec: tuple[str, ...]
    properties: dict[str, PropertySpec] = field(default_factory=dict)
    ftm: FtmLink | None = None


@dataclass(frozen=True)
class EdgeStatus:
    """One rule of a direct edge's status: it applies when one of its stances is among the
    edge's counted claims (or, with `inferred`, when a claim is the curator's inference)."""

    name: str
    stances: frozenset[str]
    inferred: bool
    rank: int


@dataclass(frozen=True)
class Ontology:
    version: int
    caveat: str
    entity_properties: dict[str, PropertySpec]
    types: dict[str, EntityType]
    type_groups: dict[str, tuple[str, ...]]
    stances: dict[str, str]
    answering_stances: frozenset[str]
    supporting_stances: frozenset[str]
    edge_statuses: tuple[EdgeStatus, ...]
    source_kinds: dict[str, str]
    topics: dict[str, str]
    predicates: dict[str, Predicate]
    claim_relationships: dict[str, str]
    claim_properties: dict[str, PropertySpec]
    direct_edge_properties: dict[str, PropertySpec]
    statement_relationships: dict[str, str]
    statement_properties: dict[str, PropertySpec]

    def entity_type(self, name: str) -> EntityType:
        try:
            return self.types[name]
        except KeyError:
            raise OntologyError(f"unknown entity type {name!r}") from None

    def predicate(self, name: str) -> Predicate:
        try:
            return self.predicates[name]
        except KeyError:
            raise OntologyError(f"unknown predicate {name!r}") from None

    def expand(self, name: str) -> frozenset[str]:
        """The concrete types a group (Actor, Place) or a type with its subtypes stands for."""
        members = self.type_groups.get(name, (name,))
        return frozenset(
            t.name for t in self.types.values() if t.name in members or t.parent in members
        )

    def label(self, name: str) -> str:
        """A label safe to write into Cypher: an entity type, or Entity/Claim/Statement."""
        if name in self.types or name in ("Entity", "Claim", "Statement"):
            return _identifier(name)
        raise OntologyError(f"{name!r} is not a label of the ontology")

    def relationship_type(self, name: str) -> str:
        """A relationship type safe to write into Cypher: a predicate or a claim relationship."""
        if (
            name in self.predicates
            or name in self.claim_relationships
            or name in self.statement_relationships
        ):
            return _identifier(name)
        raise OntologyError(f"{name!r} is not a relationship type of the ontology")

    def prefixes(self) -> dict[str, tuple[str, ...]]:
        """Each id prefix and the types that use it."""
        out: dict[str, list[str]] = {}
        for t in self.types.values():
            out.setdefault(t.prefix, []).append(t.name)
        return {k: tuple(v) for k, v in out.items()}


def _identifier(name: str) -> str:
    if not _IDENTIFIER.match(name):
        raise OntologyError(f"{name!r} is not a plain identifier")
    return name


def _props(raw: dict[str, Any] | None, where: str) -> dict[str, PropertySpec]:
    out: dict[str, PropertySpec] = {}
    for name, spec in (raw or {}).items():
        kind = spec.get("kind")
        if kind not in PROPERTY_KINDS:
            raise OntologyError(f"{where}.{name}: unknown property kind {kind!r}")
        values = spec.get("values")
        if values is not None and (kind != "string" or not values):
            raise OntologyError(f"{where}.{name}: `values` lists the values of a string property")
        index = spec.get("index")
        if index is not None and index not in INDEX_KINDS:
            raise OntologyError(f"{where}.{name}: index is one of {sorted(INDEX_KINDS)}")
        out[name] = PropertySpec(
            name=name,
            kind=kind,
            description=str(spec.get("description")),
            values=tuple(str(v) for v in values) if values is not None else None,
            index=index,
        )
    return out


def parse(raw: dict[str, Any]) -> Ontology:
    """Build and cross-check an ontology from its YAML mapping."""
    types: dict[str, EntityType] = {}
    for name, spec in raw["types"].items():
        _identifier(name)
        types[name] = EntityType(
            name=name,
            prefix=spec["prefix"],
            description=spec["description"],
            parent=spec.get("parent"),
            properties=_props(spec.get("properties"), f"types.{name}"),
            ftm=spec.get("ftm"),
        )
    for t in list(types.values()):
        if t.parent is not None and (t.parent not in types or types[t.parent].parent):
            raise OntologyError(f"type {t.name}: parent {t.parent!r} must be a top-level type")
        if t.parent is not None:
            # A subtype is a kind of its parent, so it carries the parent's properties too.
            inherited = {**types[t.parent].properties, **t.properties}
            types[t.name] = replace(t, properties=inherited)
    groups = {k: tuple(v) for k, v in (raw.get("type_groups") or {}).items()}

    def expand(names: list[str], where: str) -> frozenset[str]:
        out: set[str] = set()
        for n in names:
            members = groups.get(n, (n,))
            for m in members:
                if m not in types:
                    raise OntologyError(f"{where}: unknown type {m!r}")
                out.add(m)
                out.update(t.name for t in types.values() if t.parent == m)
        return frozenset(out)

    predicates: dict[str, Predicate] = {}
    for name, spec in raw["predicates"].items():
        _identifier(name)
        if not spec.get("description"):
            raise OntologyError(f"predicate {name} has no description")
        predicates[name] = Predicate(
            name=name,
            description=spec["description"],
            subject=expand(spec["subject"], f"predicates.{name}.subject"),
            object=expand(spec["object"], f"predicates.{name}.object"),
            subject_spec=tuple(spec["subject"]),
            object_spec=tuple(spec["object"]),
            properties=_props(spec.get("properties"), f"predicates.{name}"),
            ftm=FtmLink(**spec["ftm"]) if spec.get("ftm") else None,
        )
    claim_rels = dict(raw["claim_relationships"])
    ftm_schemas = [p.ftm.schema for p in predicates.values() if p.ftm]
    if len(ftm_schemas) != len(set(ftm_schemas)):
        raise OntologyError("two predicates share one FollowTheMoney schema")
    clash = set(claim_rels) & set(predicates)
    if clash:
        raise OntologyError(f"claim relationships reused as predicates: {sorted(clash)}")
    stances = dict(raw["stances"])
    answering = frozenset(raw["answering_stances"])
    if not answering <= set(stances):
        raise OntologyError("answering_stances must all be stances")
    supporting = frozenset(raw["supporting_stances"])
    if not supporting <= set(stances) or supporting & answering:
        raise OntologyError("supporting_stances must be stances that do not answer")
    statuses = tuple(
        EdgeStatus(
            name=name,
            stances=frozenset(spec.get("stances") or ()),
            inferred=bool(spec.get("inferred", False)),
            rank=int(spec["rank"]),
        )
        for name, spec in raw["edge_statuses"].items()
    )
    for st in statuses:
        if not st.stances <= set(stances):
            raise OntologyError(f"edge_statuses.{st.name}: unknown stances")
    return Ontology(
        version=int(raw["version"]),
        caveat=" ".join(str(raw["caveat"]).split()),
        entity_properties=_props(raw["entity_properties"], "entity_properties"),
        types=types,
        type_groups=groups,
        stances=stances,
        answering_stances=answering,
        supporting_stances=supporting,
        edge_statuses=statuses,
        source_kinds=dict(raw["source_kinds"]),
        topics=dict(raw["topics"]),
        predicates=predicates,
        claim_relationships=claim_rels,
        claim_properties=_props(raw["claim_properties"], "claim_properties"),
        direct_edge_properties=_props(raw["direct_edge_properties"], "direct_edge_properties"),
        statement_relationships=dict(raw["statement_relationships"]),
        statement_properties=_props(raw["statement_properties"], "statement_properties"),
    )


@lru_cache(maxsize=1)
def get_ontology() -> Ontology:
    """The project's ontology, read once."""
    with ONTOLOGY_FILE.open(encoding="utf-8") as handle:
        return parse(yaml.safe_load(handle))
