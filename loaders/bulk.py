"""The graph a set of checked plans makes, worked out in memory for the bulk import.

The transactional writer (`loaders/writer.py`) derives, file by file, what every load touched
from all the sources' statements and claims; since the result is a function of the set of
sources, deriving it once from all of them gives the same graph. The rules are the same
functions (`loaders/derive.py`); what this module repeats is only the wiring the writer does in
Cypher: which placeholder a named entity absorbs, which node each statement and claim links to,
which claims stand behind each direct edge.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.ontology import Ontology
from loaders.derive import as_of_properties, derive_entity, edge_properties
from loaders.plan import WritePlan


@dataclass
class Node:
    space: str  # Entity, Statement or Claim: the key label, whose `id` is unique
    labels: tuple[str, ...]
    props: dict[str, Any]


@dataclass
class Rel:
    start: tuple[str, str]  # (space, id)
    type: str
    end: tuple[str, str]
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class BulkGraph:
    nodes: list[Node] = field(default_factory=list)
    rels: list[Rel] = field(default_factory=list)


def _stored(props: dict[str, Any]) -> dict[str, Any]:
    # Neo4j stores no null: `SET n = $props` drops those keys.
    return {k: v for k, v in props.items() if v is not None}


def build_graph(plans: Iterable[WritePlan], onto: Ontology, written_by: str = "cli") -> BulkGraph:
    statements: dict[str, list[dict[str, Any]]] = defaultdict(list)
    claims: list[dict[str, Any]] = []
    members: set[str] = set()
    for plan in plans:
        for st in plan.statements:
            props = _stored(st.props)
            if st.entity_ref == plan.source_id:
                # The writer records who wrote the source in its own statement.
                own = json.loads(props["props"])
                own["written_by"] = written_by
                props["props"] = json.dumps(own, sort_keys=True, ensure_ascii=False)
            statements[st.entity_ref].append(props)
            members.add(st.entity_ref)
            if props.get("same_as"):
                members.add(str(props["same_as"]))
        for cl in plan.claims:
            props = {**_stored(cl.props), "answers": list(cl.answers)}
            claims.append(props)
            members |= {r for r in (cl.subject_ref, cl.object_ref, cl.speaker_ref) if r}
    canon = _canonical(members, statements)
    clusters: dict[str, set[str]] = defaultdict(set)
    for m, c in canon.items():
        clusters[c].add(m)
    entities: dict[str, dict[str, Any]] = {}
    for c in sorted(clusters):
        said = [st for m in sorted(clusters[c]) for st in statements.get(m, [])]
        if said:
            entities[c] = derive_entity(c, clusters[c], said, onto)
    graph = BulkGraph()
    for props in entities.values():
        labels = tuple(onto.label(lbl) for lbl in onto.entity_type(props["type"]).labels)
        graph.nodes.append(Node("Entity", labels, props))
    describes = onto.relationship_type("DESCRIBES")
    for ref, stated in statements.items():
        for row in stated:
            graph.nodes.append(Node("Statement", (onto.label("Statement"),), row))
            if canon[ref] in entities:
                graph.rels.append(Rel(("Statement", row["id"]), describes, ("Entity", canon[ref])))
    _claims(graph, claims, canon, entities, onto)
    return graph


def _canonical(members: set[str], statements: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    """The entity id each ref stands for: a placeholder is absorbed by the (first) named entity
    whose statement says `same_as` it, as the writer's reconciliation does."""
    namers: dict[str, set[str]] = defaultdict(set)
    for said in statements.values():
        for st in said:
            if st.get("same_as") and not st.get("unnamed"):
                namers[str(st["same_as"])].add(st["entity_ref"])
    return {m: min(namers[m]) if namers.get(m) else m for m in members}


def _claims(
    graph: BulkGraph,
    claims: list[dict[str, Any]],
    canon: dict[str, str],
    entities: dict[str, dict[str, Any]],
    onto: Ontology,
) -> None:
    sources = {i for i, e in entities.items() if "Source" in onto.entity_type(e["type"]).labels}
    rel = onto.relationship_type
    behind: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for c in claims:
        for key, ref in (("subject_id", "subject_ref"), ("object_id", "object_ref")):
            if c.get(ref) in canon:
                c[key] = canon[c[ref]]
        cid = ("Claim", c["id"])
        if c["source_id"] in sources:
            graph.rels.append(Rel(cid, rel("CITED_IN"), ("Entity", c["source_id"])))
        for key, rtype in (("subject_id", "SUBJECT"), ("object_id", "OBJECT")):
            if c.get(key) in entities:
                graph.rels.append(Rel(cid, rel(rtype), ("Entity", c[key])))
        speaker = canon.get(c.get("speaker_ref") or "")
        if speaker in entities:
            graph.rels.append(Rel(cid, rel("MADE_BY"), ("Entity", speaker)))
        if c.get("according_to") in sources:
            graph.rels.append(Rel(cid, rel("ACCORDING_TO"), ("Entity", c["according_to"])))
        if c.get("subject_id") and c.get("object_id") and c["source_id"] in sources:
            behind[(c["subject_id"], c["predicate"], c["object_id"])].append(c)
    contradicts = rel("CONTRADICTS")
    for (subject, p, obj), group in sorted(behind.items()):
        rows = [_edge_row(c, entities, sources) for c in group]
        by_id = {c["id"]: (c, row) for c, row in zip(group, rows, strict=True)}
        for claim_id, extra in as_of_properties(rows, onto).items():
            claim, row = by_id[claim_id]
            claim.update(extra, voice=row["voice"])
        here = {c["id"] for c in group}
        links = {(c["id"], a) for c in group for a in c["answers"] if a in here}
        for answering, answered in sorted(links):
            graph.rels.append(Rel(("Claim", answering), contradicts, ("Claim", answered)))
        edge = rel(onto.predicate(p).name)
        props = edge_properties(rows, onto)
        graph.rels.append(Rel(("Entity", subject), edge, ("Entity", obj), props))
    for c in claims:
        graph.nodes.append(Node("Claim", (onto.label("Claim"),), c))


def _edge_row(
    c: dict[str, Any], entities: dict[str, dict[str, Any]], sources: set[str]
) -> dict[str, Any]:
    # The same row the writer reads back for an edge's claims, voice included: a claim relaying
    # another report counts as that report's publisher.
    src = entities[c["source_id"]]
    orig = entities.get(c["according_to"]) if c.get("according_to") in sources else None
    voice = (
        (orig or {}).get("publisher_id")
        or c.get("according_to")
        or src.get("publisher_id")
        or src["id"]
    )
    return {
        "id": c["id"],
        "stance": c["stance"],
        "role": c.get("role") or "supports",
        "source": c["source_id"],
        "stated_on": c.get("stated_on"),
        "voice": voice,
        "dates": [c.get("stated_on"), c.get("valid_from"), c.get("valid_to")],
        "answers": c["answers"],
    }
