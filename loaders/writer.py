"""Write one source's plan in one transaction, in batched UNWIND statements.

A source's words are kept as its own: its statements about entities (`:Statement`) and its
claims. Loading replaces exactly that source's statements and claims; then what they touched is
derived again from every source (`loaders/derive.py`): the entity nodes (name, aliases,
properties, and which ids a named entity absorbed through `same_as`), the claims' links to
those nodes, and the direct edges. So the graph is a function of the set of sources loaded,
whatever their order, and removing a source (`unload_source`) gives the graph loaded without it.

Writers of one source are serialised by a lock taken before anything is read, and writers of
sources that share entities by locking those entities' nodes, in a stable order.
Labels and relationship types are interpolated only after the ontology has vouched for them;
every value is a parameter.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import Neo4jError

from graph.ontology import Ontology, get_ontology
from loaders.derive import as_of_properties, derive_entity, edge_properties
from loaders.errors import FactFileError, Problem
from loaders.plan import ClaimRow, KnownClaim, KnownEntity, WritePlan, name_key
from loaders.report import Counts, FileReport

Triple = tuple[str, str, str]
_ENDS = (("subject_ref", "subject_id", "SUBJECT"), ("object_ref", "object_id", "OBJECT"))


class OwnershipError(FactFileError):
    """A writer replacing or emptying a source that another writer wrote."""

    status = 409
    title = "Source written by someone else"


class DependencyError(FactFileError):
    """Removing a source, or an entity from it, would leave other sources' claims dangling."""

    status = 409
    title = "Other sources depend on it"


class DriverGraphView:
    """The GraphView the checks use, backed by the database (read transactions)."""

    def __init__(self, driver: Driver, database: str) -> None:
        self._driver = driver
        self._database = database

    def _read(self, query: str, **params: Any) -> list[Any]:
        records, _, _ = self._driver.execute_query(
            query, params, database_=self._database, routing_="r"
        )
        return list(records)

    def known(self, ids: Iterable[str]) -> dict[str, KnownEntity]:
        wanted = list(ids)
        if not wanted:
            return {}
        # By the node's own id, or through a statement made under a placeholder's id. Every
        # statement under one id describes the same node (each write points them all there),
        # so one statement finds it: a hub's thousands are not walked.
        records = self._read(
            "UNWIND $ids AS ref CALL (ref) { "
            "  MATCH (e:Entity {id: ref}) RETURN e "
            "  UNION MATCH (:Statement {entity_ref: ref})-[:DESCRIBES]->(e:Entity) "
            "  RETURN e LIMIT 1 "
            "} WITH DISTINCT ref, e, coalesce(e.declared_in, []) AS declared "
            "RETURN ref, e.id AS id, e.type AS type, e.name AS name, "
            "  coalesce(e.unnamed, false) AS unnamed, "
            # A few sources that rely on its type tell whether a file may retype it: two that
            # describe it settle that (one is not this file); else the sources of its claims.
            "  CASE WHEN size(declared) >= 2 THEN declared[..4] ELSE declared + COLLECT { "
            "    MATCH (e)<-[:SUBJECT|OBJECT|MADE_BY]-(c:Claim) "
            "    RETURN DISTINCT c.source_id LIMIT 3 "
            "  } END AS sources",
            ids=wanted,
        )
        return {r["ref"]: _known(r) for r in records}

    def named(self, names: Iterable[str]) -> dict[str, list[KnownEntity]]:
        wanted = sorted({name_key(n) for n in names})
        if not wanted:
            return {}
        # The full-text index finds the statements naming each; exact equality is checked here.
        records = self._read(
            "UNWIND $names AS n "
            "CALL db.index.fulltext.queryNodes('statement_names', $phrase[n], {limit: 50}) "
            "YIELD node AS s "
            "WHERE any(x IN [s.name] + coalesce(s.aliases, []) "
            "  WHERE toLower(trim(x)) = n OR x = n) "
            "MATCH (s)-[:DESCRIBES]->(e:Entity) "
            "RETURN DISTINCT n, [s.name] + coalesce(s.aliases, []) AS said, e.id AS id, "
            "  e.type AS type, e.name AS name, coalesce(e.unnamed, false) AS unnamed, "
            # A few of the sources describing it say whether a file may retype it; a hub's
            # thousands would be read for every file naming it.
            "  coalesce(e.declared_in, [])[..4] AS sources",
            names=wanted,
            phrase={n: _phrase(n) for n in wanted},
        )
        out: dict[str, list[KnownEntity]] = defaultdict(list)
        for r in records:
            if not any(name_key(x) == r["n"] for x in r["said"]):
                continue
            if all(k.id != r["id"] for k in out[r["n"]]):
                out[r["n"]].append(_known(r))
        return dict(out)

    def suggest(self, text: str, limit: int = 3) -> list[KnownEntity]:
        words = [w for w in "".join(ch if ch.isalnum() else " " for ch in text).split() if w]
        if not words:
            return []
        query = " ".join(f"{w}~" for w in words)
        try:
            records = self._read(
                "CALL db.index.fulltext.queryNodes('entity_names', $q, {limit: $limit}) "
                "YIELD node AS e RETURN e.id AS id, e.type AS type, e.name AS name, "
                "  coalesce(e.unnamed, false) AS unnamed, [] AS sources",
                q=query,
                limit=limit,
            )
        except Neo4jError:  # a suggestion is a courtesy; its absence is no error
            return []
        return [_known(r) for r in records]

    def claims(self, claim_ids: Iterable[str]) -> dict[str, KnownClaim]:
        wanted = list(claim_ids)
        if not wanted:
            return {}
        records = self._read(
            "UNWIND $ids AS id MATCH (c:Claim {id: id}) "
            "RETURN c.id AS id, c.source_id AS source_id, c.subject_id AS s, "
            "  c.predicate AS p, c.object_id AS o",
            ids=wanted,
        )
        return {
            r["id"]: KnownClaim(r["id"], r["source_id"], r["s"], r["p"], r["o"]) for r in records
        }


def _phrase(text: str) -> str:
    # One Lucene phrase: quotes and backslashes escaped, so any name is a literal search.
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _known(r: Any) -> KnownEntity:
    return KnownEntity(
        id=r["id"],
        type=r["type"],
        unnamed=bool(r["unnamed"]),
        sources=frozenset(r["sources"]),
        name=r["name"] or "",
    )


def holds_unchanged(
    driver: Driver, database: str, written_by: str, replace: bool
) -> Callable[[str, str], bool]:
    """For the checks: whether the graph holds a source with this content hash, written by
    this writer (or `replace`), so that loading it again would be skipped anyway."""

    def unchanged(source_id: str, content_hash: str) -> bool:
        records, _, _ = driver.execute_query(
            "MATCH (s:Statement {source_id: $sid, entity_ref: $sid}) RETURN s.props AS props",
            {"sid": source_id},
            database_=database,
            routing_="r",
        )
        if not records or not records[0]["props"]:
            return False
        stored = json.loads(records[0]["props"])
        same_writer = replace or stored.get("written_by", "cli") == written_by
        return bool(same_writer and stored.get("content_hash") == content_hash)

    return unchanged


def write_plan(
    driver: Driver,
    database: str,
    plan: WritePlan,
    *,
    written_by: str = "cli",
    replace: bool = False,
    force: bool = False,
) -> FileReport:
    """Apply the plan atomically; the report says what was created, updated or left alone.

    An unchanged source (same content hash) is skipped unless `force`. A source another writer
    wrote is replaced only with `replace`.
    """
    with driver.session(database=database) as session:
        return session.execute_write(_write, plan, get_ontology(), written_by, replace, force)


def unload_source(
    driver: Driver, database: str, source_id: str, *, written_by: str = "cli", replace: bool = False
) -> FileReport:
    """Remove exactly one source's statements and claims, and derive again what they touched."""
    empty = WritePlan(
        file=source_id, source_id=source_id, content_hash="", statements=[], claims=[]
    )
    with driver.session(database=database) as session:
        return session.execute_write(_write, empty, get_ontology(), written_by, replace, True, True)


def _write(
    tx: ManagedTransaction,
    plan: WritePlan,
    onto: Ontology,
    written_by: str,
    replace: bool,
    force: bool,
    unload: bool = False,
) -> FileReport:
    # The driver may run this again after a transient error: the report is made afresh inside.
    report = FileReport(file=plan.file, status="loaded", source_id=plan.source_id)
    report.warnings = list(plan.warnings)
    sid = plan.source_id
    # Taken before anything is compared: a second writer of this source waits here, then
    # reads what the first one committed.
    tx.run("MERGE (l:SourceWriteLock {id: $sid}) SET l.held = true", sid=sid).consume()
    owner = tx.run(
        "OPTIONAL MATCH (s:Statement {source_id: $sid, entity_ref: $sid}) RETURN s.props AS props",
        sid=sid,
    ).single()
    stored = json.loads(owner["props"]) if owner and owner["props"] else None
    if unload and stored is None:
        _unlock(tx, sid)
        report.status = "skipped"
        return report
    if stored is not None:
        previous = stored.get("written_by", "cli")
        if previous != written_by and not replace:
            raise OwnershipError(
                [
                    Problem(
                        plan.file,
                        0,
                        "source.id",
                        f"source '{sid}' was written by '{previous}', not '{written_by}'; "
                        "loading this would replace or delete what they wrote",
                        "ask its writer, or replace it explicitly (--replace, ?replace=true) "
                        "with a writer allowed to",
                    )
                ]
            )
        if not force and stored.get("content_hash") == plan.content_hash:
            _unlock(tx, sid)
            report.status = "skipped"
            return report
    for st in plan.statements:
        if st.entity_ref == sid:
            props = json.loads(st.props["props"])
            props["written_by"] = written_by
            st.props["props"] = json.dumps(props, sort_keys=True, ensure_ascii=False)
    refs = _affected_refs(tx, plan)
    _lock_entities(tx, refs)
    statement_refs, written_statements = _write_statements(tx, plan)
    written, touched = _write_claims(tx, plan, onto, report.claims)
    canon, reconciled = _reconcile(
        tx,
        refs | statement_refs,
        written_statements,
        onto,
        report.entities,
        report.edges,
        plan.file,
    )
    touched |= reconciled
    touched |= _attach_claims(tx, [cl for cl in plan.claims if cl.id in written], canon, onto)
    if sid in statement_refs:
        # The source's own description changed (its publisher, say): every voice it lends.
        # Its own claims' edges are derived again already when all of them were written now.
        touched |= _relays(tx, sid, onto, own=len(written) < len(plan.claims))
    _recompute_edges(tx, touched, onto, report.edges)
    _unlock_entities(tx, refs)
    _unlock(tx, sid)
    if unload:
        report.status = "unloaded"
    return report


def _unlock(tx: ManagedTransaction, sid: str) -> None:
    tx.run("MATCH (l:SourceWriteLock {id: $sid}) DELETE l", sid=sid).consume()


def _affected_refs(tx: ManagedTransaction, plan: WritePlan) -> set[str]:
    """Every entity id this load may change: what the file declares and refers to, and what
    the source's stored statements and claims did."""
    refs = {s.entity_ref for s in plan.statements}
    refs |= {str(s.props["same_as"]) for s in plan.statements if s.props.get("same_as")}
    for cl in plan.claims:
        refs |= {r for r in (cl.subject_ref, cl.object_ref, cl.speaker_ref) if r}
    record = tx.run(
        "CALL () { MATCH (s:Statement {source_id: $sid}) "
        "  RETURN collect(s.entity_ref) + collect(s.same_as) AS a } "
        "CALL () { MATCH (c:Claim {source_id: $sid}) "
        "  RETURN collect(c.subject_ref) + collect(c.object_ref) + collect(c.speaker_ref) AS b } "
        "RETURN a + b AS refs",
        sid=plan.source_id,
    ).single()
    if record:
        refs |= {r for r in record["refs"] if r}
    return refs


def _lock_entities(tx: ManagedTransaction, refs: set[str]) -> None:
    # Sources that share entities are written one after the other from here on: each takes a
    # lock per entity id it will derive again (a node under a uniqueness constraint, so a second
    # writer waits even for an entity neither has created yet), in one order, so neither
    # derives from a stale read. The locks go when the transaction ends.
    tx.run(
        "UNWIND $ids AS id MERGE (l:EntityWriteLock {id: id}) SET l.held = true",
        ids=sorted(refs),
    ).consume()


def _unlock_entities(tx: ManagedTransaction, refs: set[str]) -> None:
    tx.run(
        "UNWIND $ids AS id MATCH (l:EntityWriteLock {id: id}) DELETE l", ids=sorted(refs)
    ).consume()


def _write_statements(tx: ManagedTransaction, plan: WritePlan) -> tuple[set[str], dict[str, str]]:
    """Replace the source's statements: the entity refs whose statements changed, and the
    entity ref of each statement written."""
    stored = {
        r["id"]: (r["fp"], r["ref"])
        for r in tx.run(
            "MATCH (s:Statement {source_id: $sid}) "
            "RETURN s.id AS id, s.fingerprint AS fp, s.entity_ref AS ref",
            sid=plan.source_id,
        )
    }
    wanted = {s.id for s in plan.statements}
    removed = [sid for sid in stored if sid not in wanted]
    changed = [
        s for s in plan.statements if stored.get(s.id, ("", ""))[0] != s.props["fingerprint"]
    ]
    refs = {stored[r][1] for r in removed} | {s.entity_ref for s in changed}
    if removed:
        tx.run(
            "UNWIND $ids AS id MATCH (s:Statement {id: id}) DETACH DELETE s", ids=removed
        ).consume()
    if changed:
        tx.run(
            "UNWIND $rows AS row MERGE (s:Statement {id: row.id}) SET s = row.props",
            rows=[{"id": st.id, "props": st.props} for st in changed],
        ).consume()
    return refs, {st.id: st.entity_ref for st in changed}


def _write_claims(
    tx: ManagedTransaction, plan: WritePlan, onto: Ontology, counts: Counts
) -> tuple[set[str], set[Triple]]:
    """Replace the source's claims: the ids of those written (to attach to their entities),
    and the edges that removed or rewritten ones leave to derive again."""
    stored = {
        r["id"]: r["fp"]
        for r in tx.run(
            "MATCH (c:Claim {source_id: $sid}) RETURN c.id AS id, c.fingerprint AS fp",
            sid=plan.source_id,
        )
    }
    changed = []
    for cl in plan.claims:
        old = stored.get(cl.id)
        if old is not None and old == cl.props["fingerprint"]:
            counts.add("unchanged")
            continue
        counts.add("created" if old is None else "updated")
        changed.append(cl)
    wanted = {cl.id for cl in plan.claims}
    removed = [cid for cid in stored if cid not in wanted]
    counts.add("deleted", len(removed))
    # A removed or rewritten claim leaves its direct edge to be derived again.
    gone = removed + [cl.id for cl in changed if cl.id in stored]
    touched: set[Triple] = {
        (r["s"], r["p"], r["o"])
        for r in tx.run(
            "UNWIND $ids AS id MATCH (c:Claim {id: id}) "
            "RETURN c.subject_id AS s, c.predicate AS p, c.object_id AS o",
            ids=gone,
        )
        if r["s"] and r["o"]
    }
    if removed:
        tx.run("UNWIND $ids AS id MATCH (c:Claim {id: id}) DETACH DELETE c", ids=removed).consume()
    if not changed:
        return set(), touched
    changed_ids = [cl.id for cl in changed]
    # A new claim has no relationships yet: only a rewritten one loses its old links.
    rewritten = [cid for cid in changed_ids if cid in stored]
    if rewritten:
        tx.run(
            "UNWIND $ids AS id MATCH (c:Claim {id: id})-[r]->() DELETE r", ids=rewritten
        ).consume()
    rows = [{"id": cl.id, "props": cl.props, "answers": cl.answers} for cl in changed]
    tx.run(
        "UNWIND $rows AS row "
        "MERGE (c:Claim {id: row.id}) SET c = row.props, c.answers = row.answers",
        rows=rows,
    ).consume()
    return set(changed_ids), touched


def _cluster_members(tx: ManagedTransaction, refs: set[str]) -> set[str]:
    """The refs, with every id that shares an entity node with one of them, and the ids that
    name them or that they name (same_as), until nothing more joins. One statement per ref
    finds its node, as in `DriverGraphView.known`."""
    members = set(refs)
    while True:
        record = tx.run(
            "UNWIND $refs AS ref "
            "CALL (ref) { "
            "  MATCH (e:Entity {id: ref}) RETURN [e.id] + coalesce(e.referents, []) AS ids "
            "  UNION MATCH (:Statement {entity_ref: ref})-[:DESCRIBES]->(e:Entity) "
            "  RETURN [e.id] + coalesce(e.referents, []) AS ids LIMIT 1 "
            "  UNION MATCH (s:Statement {same_as: ref}) RETURN [s.entity_ref] AS ids "
            "  UNION MATCH (s:Statement {entity_ref: ref}) WHERE s.same_as IS NOT NULL "
            "  RETURN [s.same_as] AS ids "
            "} "
            "UNWIND ids AS id RETURN collect(DISTINCT id) AS ids",
            refs=sorted(members),
        ).single()
        found = set(record["ids"]) if record else set()
        # Dataset ids kept as referents are not entity ids of any statement; they join nothing.
        grown = members | found
        if grown == members:
            return members
        members = grown


def _reconcile(
    tx: ManagedTransaction,
    refs: set[str],
    written: dict[str, str],
    onto: Ontology,
    counts: Counts,
    edge_counts: Counts,
    file: str,
) -> tuple[dict[str, str], set[Triple]]:
    """Derive again the entities these refs belong to: the entity id each ref now stands for,
    and the direct edges that must follow."""
    members = _cluster_members(tx, refs)
    # The node each ref's claims hang from now: its own, or the one its statements describe
    # (one statement tells, as in `DriverGraphView.known`).
    holder = {
        r["ref"]: r["id"]
        for r in tx.run(
            "UNWIND $refs AS ref CALL (ref) { "
            "  MATCH (e:Entity {id: ref}) RETURN e.id AS id "
            "  UNION MATCH (:Statement {entity_ref: ref})-[:DESCRIBES]->(e:Entity) "
            "  RETURN e.id AS id LIMIT 1 "
            "} RETURN ref, min(id) AS id",
            refs=sorted(members),
        )
    }
    statements: dict[str, list[dict[str, Any]]] = defaultdict(list)
    namers: dict[str, set[str]] = defaultdict(set)
    # Sources that say the same words about an entity come back as one row with their ids: a
    # hub that thousands of sources name in the same words is a handful of rows, not thousands.
    for r in tx.run(
        "UNWIND $refs AS ref MATCH (s:Statement {entity_ref: ref}) "
        "RETURN ref AS entity_ref, s.type AS type, s.name AS name, s.aliases AS aliases, "
        "  s.topics AS topics, s.unnamed AS unnamed, s.description AS description, "
        "  s.same_as AS same_as, s.referents AS referents, s.props AS props, "
        "  collect(s.source_id) AS sources",
        refs=sorted(members),
    ):
        st = dict(r)
        statements[st["entity_ref"]].append(st)
        if st.get("same_as") and not st.get("unnamed"):
            namers[st["same_as"]].add(st["entity_ref"])
    canon = {m: min(namers[m]) if namers.get(m) else m for m in members}
    clusters: dict[str, set[str]] = defaultdict(set)
    for m, c in canon.items():
        clusters[c].add(m)
    nodes = {
        r["id"]: {"fingerprint": r["fingerprint"], "type": r["type"]}
        for r in tx.run(
            "UNWIND $ids AS id MATCH (e:Entity {id: id}) "
            "RETURN e.id AS id, e.fingerprint AS fingerprint, e.type AS type",
            ids=sorted(members),
        )
    }
    keep: dict[str, dict[str, Any]] = {}
    for c, cluster in clusters.items():
        said = [st for m in sorted(cluster) for st in statements.get(m, [])]
        if said:
            keep[c] = derive_entity(c, cluster, said, onto)
    # A placeholder's node becomes the entity that names it (it keeps its relationships);
    # the other nodes of a cluster hand theirs over and go.
    renames = []
    for c in keep:
        if c in nodes:
            continue
        spare = sorted(m for m in clusters[c] if m in nodes and m not in keep)
        if spare:
            renames.append({"old": spare[0], "new": c})
            nodes[c] = nodes.pop(spare[0])
    if renames:
        tx.run(
            "UNWIND $rows AS r MATCH (e:Entity {id: r.old}) SET e.id = r.new", rows=renames
        ).consume()
    upserts: list[dict[str, Any]] = []
    for c, props in keep.items():
        old = nodes.get(c)
        if old is None:
            counts.add("created")
        elif old.get("fingerprint") == props["fingerprint"] and old.get("type") == props["type"]:
            counts.add("unchanged")
            continue
        else:
            counts.add("updated")
        upserts.append({"id": c, "type": props["type"], "props": props})
    if upserts:
        tx.run(_entity_upsert(onto), rows=upserts).consume()
    describes = onto.relationship_type("DESCRIBES")
    point = (
        "MATCH (e:Entity {id: row.id}) "
        f"OPTIONAL MATCH (s)-[old:{describes}]->(other) WHERE other <> e DELETE old "
        f"MERGE (s)-[:{describes}]->(e)"
    )
    # Statements point at the node of their cluster. Where a ref's node is the one its
    # statements already describe, only the statements written now need pointing: a hub's
    # statements from every other source point there already.
    whole = {m for m in members if canon[m] in keep and holder.get(m) != canon[m]}
    tx.run(
        "UNWIND $rows AS row MATCH (s:Statement {entity_ref: row.ref}) " + point,
        rows=[{"ref": m, "id": canon[m]} for m in sorted(whole)],
    ).consume()
    tx.run(
        "UNWIND $rows AS row MATCH (s:Statement {id: row.sid}) " + point,
        rows=[
            {"sid": sid, "id": canon[ref]}
            for sid, ref in sorted(written.items())
            if ref not in whole and canon.get(ref) in keep
        ],
    ).consume()
    moved = {
        m: canon[m] for m in members if canon[m] in keep and holder.get(m, canon[m]) != canon[m]
    }
    touched = _repoint_claims(tx, moved, onto) if moved else set()
    # Nodes no statement describes any more go, unless another source's claims still need them.
    dead = sorted(n for n in nodes if n not in keep)
    if dead:
        needed = [
            r["id"]
            for r in tx.run(
                "UNWIND $ids AS id MATCH (e:Entity {id: id}) "
                "WHERE EXISTS { (e)<-[:SUBJECT|OBJECT|MADE_BY]-(:Claim) } "
                "RETURN e.id AS id",
                ids=dead,
            )
        ]
        if needed:
            users = tx.run(
                "UNWIND $ids AS id MATCH (e:Entity {id: id})<-[:SUBJECT|OBJECT|MADE_BY]-(c:Claim) "
                "RETURN collect(DISTINCT c.source_id)[..5] AS sources",
                ids=needed,
            ).single()
            raise DependencyError(
                [
                    Problem(
                        file,
                        0,
                        "entities",
                        f"{', '.join(needed[:5])} would be left with no source describing "
                        f"them, but claims of {', '.join(users['sources'] if users else [])} "
                        "refer to them",
                        "keep declaring them here, declare them in the files that refer to "
                        "them, or remove those files first",
                    )
                ]
            )
        counts.add("deleted", len(dead))
        edges = {
            (r["s"], r["p"], r["o"])
            for r in tx.run(
                "UNWIND $ids AS id MATCH (e:Entity {id: id})-[r]-(x:Entity) "
                "RETURN startNode(r).id AS s, type(r) AS p, endNode(r).id AS o",
                ids=dead,
            )
        }
        edge_counts.add("deleted", len(edges))
        touched |= edges
        tx.run("UNWIND $ids AS id MATCH (e:Entity {id: id}) DETACH DELETE e", ids=dead).consume()
    return {m: canon[m] for m in members if canon[m] in keep}, touched


def _repoint_claims(tx: ManagedTransaction, canon: dict[str, str], onto: Ontology) -> set[Triple]:
    """Claims whose ends now belong to another node follow it; their edges are derived again."""
    rows = [{"ref": ref, "id": cid} for ref, cid in sorted(canon.items())]
    touched: set[Triple] = set()
    for ref_key, id_key, rel in _ENDS:
        rel_type = onto.relationship_type(rel)
        for r in tx.run(
            f"UNWIND $rows AS row MATCH (c:Claim {{{ref_key}: row.ref}}) "
            f"WHERE c.{id_key} <> row.id OR c.{id_key} IS NULL "
            "MATCH (e:Entity {id: row.id}) "
            f"OPTIONAL MATCH (c)-[old:{rel_type}]->() DELETE old "
            f"WITH c, e, row, c.subject_id AS s, c.object_id AS o "
            f"CREATE (c)-[:{rel_type}]->(e) SET c.{id_key} = row.id "
            "RETURN s, c.predicate AS p, o, c.subject_id AS s2, c.object_id AS o2",
            rows=rows,
        ):
            touched.add((r["s"] or "", r["p"], r["o"] or ""))
            touched.add((r["s2"] or "", r["p"], r["o2"] or ""))
    made_by = onto.relationship_type("MADE_BY")
    tx.run(
        "UNWIND $rows AS row MATCH (c:Claim {speaker_ref: row.ref}) "
        f"OPTIONAL MATCH (c)-[old:{made_by}]->(x) WHERE x.id <> row.id DELETE old "
        "WITH c, row MATCH (e:Entity {id: row.id}) "
        f"MERGE (c)-[:{made_by}]->(e)",
        rows=rows,
    ).consume()
    return touched


def _attach_claims(
    tx: ManagedTransaction, claims: list[ClaimRow], canon: dict[str, str], onto: Ontology
) -> set[Triple]:
    """Claims just written link to the nodes their ends stand for, to their speaker and to the
    report they are attributed to; their edges are derived again. The plan says what each
    claim names, so nothing is read back, and each claim is found once for all its links."""
    if not claims:
        return set()
    rows = [
        {
            "id": cl.id,
            "s": canon.get(cl.subject_ref),
            "p": cl.predicate,
            "o": canon.get(cl.object_ref),
            "who": canon.get(cl.speaker_ref) if cl.speaker_ref else None,
            "src": cl.props["source_id"],
            "rep": cl.props.get("according_to"),
        }
        for cl in sorted(claims, key=lambda cl: cl.id)
    ]
    cited, according = onto.relationship_type("CITED_IN"), onto.relationship_type("ACCORDING_TO")
    subject, obj = onto.relationship_type("SUBJECT"), onto.relationship_type("OBJECT")
    made_by = onto.relationship_type("MADE_BY")
    # Unit subqueries: a link whose far end is missing is left out without dropping the others.
    tx.run(
        "UNWIND $rows AS row MATCH (c:Claim {id: row.id}) "
        "CALL (c, row) { MATCH (src:Entity:Source {id: row.src}) "
        f"  CREATE (c)-[:{cited}]->(src) }} "
        "CALL (c, row) { MATCH (s:Entity {id: row.s}), (o:Entity {id: row.o}) "
        "  SET c.subject_id = row.s, c.object_id = row.o "
        f"  CREATE (c)-[:{subject}]->(s), (c)-[:{obj}]->(o) }} "
        "CALL (c, row) { MATCH (who:Entity {id: row.who}) "
        f"  CREATE (c)-[:{made_by}]->(who) }} "
        "CALL (c, row) { MATCH (rep:Entity:Source {id: row.rep}) "
        f"  CREATE (c)-[:{according}]->(rep) }}",
        rows=rows,
    ).consume()
    return {(row["s"], row["p"], row["o"]) for row in rows}


def _relays(tx: ManagedTransaction, sid: str, onto: Ontology, *, own: bool) -> set[Triple]:
    """Claims of other sources attributed to this one: linked to it when it is here, and their
    edges derived again, since their voice is this source's publisher; with `own`, the edges of
    the source's own claims too."""
    according = onto.relationship_type("ACCORDING_TO")
    tx.run(
        "MATCH (c:Claim {according_to: $sid}) MATCH (rep:Entity:Source {id: $sid}) "
        f"MERGE (c)-[:{according}]->(rep)",
        sid=sid,
    ).consume()
    claims = (
        "MATCH (c:Claim) WHERE c.according_to = $sid OR c.source_id = $sid "
        if own
        else "MATCH (c:Claim {according_to: $sid}) "
    )
    return {
        (r["s"], r["p"], r["o"])
        for r in tx.run(
            claims + "RETURN c.subject_id AS s, c.predicate AS p, c.object_id AS o", sid=sid
        )
        if r["s"] and r["o"]
    }


def _recompute_edges(
    tx: ManagedTransaction, touched: set[Triple], onto: Ontology, counts: Counts
) -> None:
    triples = [{"s": s, "p": p, "o": o} for s, p, o in sorted(touched) if s and o]
    if not triples:
        return
    behind: dict[Triple, list[dict[str, Any]]] = defaultdict(list)
    for r in tx.run(
        "UNWIND $triples AS t "
        "MATCH (c:Claim {subject_id: t.s, predicate: t.p, object_id: t.o})"
        "-[:CITED_IN]->(src:Source) "
        # A claim the source attributes to another report is that report's word: two sources
        # relaying one report are one voice, its original publisher's.
        "OPTIONAL MATCH (orig:Entity:Source {id: c.according_to}) "
        "RETURN t.s AS s, t.p AS p, t.o AS o, c.id AS id, c.stance AS stance, "
        "  coalesce(c.role, 'supports') AS role, src.id AS source, c.stated_on AS stated_on, "
        "  coalesce(orig.publisher_id, c.according_to, src.publisher_id, src.id) AS voice, "
        "  [c.stated_on, c.valid_from, c.valid_to] AS dates, c.answers AS answers, "
        "  {edge_status: c.edge_status, edge_rank: c.edge_rank, "
        "   edge_independent: c.edge_independent, voice: c.voice} AS stored",
        triples=triples,
    ):
        behind[(r["s"], r["p"], r["o"])].append(dict(r))
    existing = {
        (r["s"], r["p"], r["o"]): dict(r["props"])
        for r in tx.run(
            "UNWIND $triples AS t "
            "MATCH (s:Entity {id: t.s})-[r]->(o:Entity {id: t.o}) WHERE type(r) = t.p "
            "RETURN t.s AS s, t.p AS p, t.o AS o, properties(r) AS props",
            triples=triples,
        )
    }
    upserts: list[dict[str, Any]] = []
    deletes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    claim_rows: list[dict[str, Any]] = []
    links: list[dict[str, str]] = []
    for t in triples:
        key = (t["s"], t["p"], t["o"])
        claims = behind.get(key)
        old = existing.get(key)
        if not claims:
            if old is not None:
                counts.add("deleted")
                deletes[t["p"]].append(t)
            continue
        here = {c["id"] for c in claims}
        for c in claims:
            links += [{"d": c["id"], "t": a} for a in c["answers"] or [] if a in here]
        by_id = {c["id"]: c for c in claims}
        for cid, extra in as_of_properties(claims, onto).items():
            props = {**extra, "voice": by_id[cid]["voice"]}
            # Only claims whose values moved are written: a hub's edge has thousands of claims,
            # and a new one rarely changes what the earlier ones showed.
            if props != by_id[cid]["stored"]:
                claim_rows.append({"id": cid, "props": props})
        props = edge_properties(claims, onto)
        if old is None:
            counts.add("created")
        elif old == props:
            counts.add("unchanged")
            continue
        else:
            counts.add("updated")
        upserts.append({**t, "props": props})
    if claim_rows:
        tx.run(
            "UNWIND $rows AS row MATCH (c:Claim {id: row.id}) SET c += row.props", rows=claim_rows
        ).consume()
    contradicts = onto.relationship_type("CONTRADICTS")
    if links:
        # A denial and what it answers meet on their edge's triple, whichever loaded first.
        tx.run(
            "UNWIND $rows AS row MATCH (d:Claim {id: row.d}), (t:Claim {id: row.t}) "
            f"MERGE (d)-[:{contradicts}]->(t)",
            rows=links,
        ).consume()
    if upserts:
        tx.run(_edge_upsert(onto), rows=upserts).consume()
    for pred, rows in deletes.items():
        rel = onto.relationship_type(onto.predicate(pred).name)
        tx.run(
            f"UNWIND $rows AS row MATCH (:Entity {{id: row.s}})-[r:{rel}]->(:Entity {{id: row.o}}) "
            "DELETE r",
            rows=rows,
        ).consume()


# One statement for every type and predicate, instead of one round trip per type or predicate
# present (a file of 500 facts touched about 28 predicates and 16 types): each row takes the one
# branch its type or predicate names. The branches are written out from the ontology, so every
# label and relationship type still comes from its allow-list, and the text never changes (the
# server plans it once).


def _branch(value: str, key: str, body: str) -> str:
    return f"FOREACH (_ IN CASE WHEN row.{key} = '{value}' THEN [1] ELSE [] END | {body}) "


def _entity_upsert(onto: Ontology) -> str:
    branches = []
    for type_name in sorted(onto.types):
        labels = onto.entity_type(type_name).labels
        have = ":".join(onto.label(lbl) for lbl in labels)
        stale = ":".join(onto.label(t) for t in onto.types if t not in labels)
        branches.append(_branch(type_name, "type", f"SET e:{have} REMOVE e:{stale}"))
    return "UNWIND $rows AS row MERGE (e:Entity {id: row.id}) SET e = row.props " + "".join(
        branches
    )


def _edge_upsert(onto: Ontology) -> str:
    branches = []
    for name in sorted(onto.predicates):
        rel = onto.relationship_type(onto.predicate(name).name)
        branches.append(_branch(name, "p", f"MERGE (s)-[r:{rel}]->(o) SET r = row.props"))
    return "UNWIND $rows AS row MATCH (s:Entity {id: row.s}), (o:Entity {id: row.o}) " + "".join(
        branches
    )
