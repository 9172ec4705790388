"""What an export needs beyond a query's rows: the entities the rows name, the direct edges
between them, and the claims and sources behind those edges.

Rows name entities by id (`id`, `target_id`, `ids`), by name, or through a claim id; the saved
query's header says which columns do what (`SavedQuery.entity_columns`). Everything here reads,
in one read transaction, with the names as parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from followthemoney.util import make_entity_id
from neo4j import READ_ACCESS, Driver

from graph.values import to_graph, to_jsonable

GraphDict = dict[str, list[dict[str, Any]]]

# The entities named by id, by exact name or by a claim's ends, and the direct edges between
# them. Claims hang off entities through SUBJECT/OBJECT from a :Claim node, so `(a)-[r]->(b)`
# between two entities is always a direct edge.
NAMED_SUBGRAPH = """
CALL () {
  UNWIND $ids AS wanted MATCH (e:Entity {id: wanted}) RETURN e
  UNION
  UNWIND $names AS wanted MATCH (e:Entity {name: wanted}) RETURN e
  UNION
  UNWIND $claim_ids AS wanted MATCH (:Claim {id: wanted})-[:SUBJECT|OBJECT]->(e:Entity) RETURN e
}
WITH collect(DISTINCT e) AS found
UNWIND found AS a
OPTIONAL MATCH (a)-[r]->(b:Entity) WHERE b IN found
RETURN a, collect(r) AS rels
"""

WHOLE_GRAPH = """
MATCH (a:Entity)
OPTIONAL MATCH (a)-[r]->(:Entity)
RETURN a, collect(r) AS rels
"""

CLAIMS = """
UNWIND $claim_ids AS wanted
MATCH (c:Claim {id: wanted})
OPTIONAL MATCH (c)-[:ACCORDING_TO]->(a:Source)
OPTIONAL MATCH (c)-[:MADE_BY]->(m:Entity)
RETURN c.id AS id, c.quote AS quote, c.stance AS stance, c.stated_on AS stated_on,
  c.valid_from AS valid_from, c.valid_to AS valid_to, c.source_id AS source_id,
  a.id AS according_to, m.name AS speaker,
  COLLECT {
    MATCH (c)-[:CONTRADICTS]->(x:Claim)
    RETURN [x.subject_id, x.predicate, x.object_id] AS triple ORDER BY x.id
  } AS answers
ORDER BY id
"""

SOURCES = """
UNWIND $source_ids AS wanted
MATCH (s:Entity:Source {id: wanted})
OPTIONAL MATCH (p:Entity {id: s.publisher_id})
RETURN s.id AS id, s.name AS name, s.title AS title, s.url AS url, s.kind AS kind,
  s.published_on AS published_on, s.language AS language, p.name AS publisher
ORDER BY id
"""


@dataclass(frozen=True)
class Named:
    """The entities a page of rows names: ids, exact names, and claims whose ends count."""

    ids: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    claim_ids: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.ids or self.names or self.claim_ids)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str)]
    return []


def named_in(rows: Iterable[Mapping[str, Any]], columns: Mapping[str, str]) -> Named:
    """What the rows name, by column: `id` columns give ids, `name` names, `claim` claim ids."""
    found: dict[str, set[str]] = {"id": set(), "name": set(), "claim": set()}
    for row in rows:
        for column, kind in columns.items():
            found[kind].update(_strings(row.get(column)))
    return Named(sorted(found["id"]), sorted(found["name"]), sorted(found["claim"]))


@dataclass
class Bundle:
    """A graph form (nodes, direct edges) with the claims and sources behind its edges."""

    graph: GraphDict
    claims: dict[str, dict[str, Any]]
    sources: dict[str, dict[str, Any]]


def link_id(start: str, predicate: str, end: str) -> str:
    """An edge's id from its triple, so it survives every rebuild of the graph (a database's
    element ids do not); the FtM link, GraphML and GEXF edge and graph form all use it."""
    return str(make_entity_id("tipgraph", start, predicate, end))


def merge(*graphs: GraphDict) -> GraphDict:
    """One graph form from several, each node and edge once (edges keyed by their triple)."""
    nodes: dict[str, dict[str, Any]] = {}
    rels: dict[tuple[str, str, str], dict[str, Any]] = {}
    for graph in graphs:
        for node in graph["nodes"]:
            nodes.setdefault(node["key"], node)
        for rel in graph["relationships"]:
            triple = (rel["start"], rel["type"], rel["end"])
            rels.setdefault(triple, {**rel, "key": link_id(*triple)})
    return {"nodes": list(nodes.values()), "relationships": list(rels.values())}


def _claim_ids(graph: GraphDict) -> list[str]:
    return sorted({c for r in graph["relationships"] for c in r["properties"].get("claim_ids", [])})


def _source_ids(claims: Mapping[str, Mapping[str, Any]], graph: GraphDict) -> list[str]:
    ids = {c["source_id"] for c in claims.values() if c.get("source_id")}
    ids |= {c["according_to"] for c in claims.values() if c.get("according_to")}
    ids |= {n["key"] for n in graph["nodes"] if n["properties"].get("type") == "Source"}
    return sorted(ids)


def _by_id(records: Iterable[Any]) -> dict[str, dict[str, Any]]:
    return {str(r["id"]): to_jsonable(dict(r)) for r in records}


def bundle(driver: Driver, database: str, graph: GraphDict, named: Named | None) -> Bundle:
    """The rows' graph form, with the entities they name and the claims and sources behind."""
    with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
        if named is None:
            extra = to_graph([dict(r) for r in session.run(WHOLE_GRAPH)])
        elif named:
            params = {"ids": named.ids, "names": named.names, "claim_ids": named.claim_ids}
            extra = to_graph([dict(r) for r in session.run(NAMED_SUBGRAPH, params)])
        else:
            extra = {"nodes": [], "relationships": []}
        whole = merge(graph, extra)
        claims = _by_id(session.run(CLAIMS, claim_ids=_claim_ids(whole)))
        sources = _by_id(session.run(SOURCES, source_ids=_source_ids(claims, whole)))
    return Bundle(whole, claims, sources)
