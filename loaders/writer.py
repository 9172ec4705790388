"""Write one source's plan in one transaction, in batched UNWIND statements.

The source's claims are replaced: claims no longer in the file are deleted, changed ones
rewritten, unchanged ones left alone (each claim carries a fingerprint of its content). The
direct edges of every (subject, predicate, object) a change touched are then recomputed from
all claims behind them, from every source. Labels and relationship types are interpolated only
after the ontology has vouched for them; every value is a parameter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from neo4j import Driver, ManagedTransaction

from graph.ontology import Ontology, get_ontology
from loaders.plan import ClaimRow, KnownEntity, WritePlan
from loaders.report import Counts, FileReport

Triple = tuple[str, str, str]


class DriverGraphView:
    """The GraphView the checks use, backed by the database (read transactions)."""

    def __init__(self, driver: Driver, database: str) -> None:
        self._driver = driver
        self._database = database

    def known(self, ids: Iterable[str]) -> dict[str, KnownEntity]:
        wanted = list(ids)
        if not wanted:
            return {}
        # Ids by the index; former ids (referents) by one pass over the entities that have any.
        records, _, _ = self._driver.execute_query(
            "CALL () { "
            "  UNWIND $ids AS ref MATCH (e:Entity {id: ref}) RETURN ref, e "
            "  UNION "
            "  MATCH (e:Entity) WHERE size(coalesce(e.referents, [])) > 0 "
            "  UNWIND e.referents AS ref WITH ref, e WHERE ref IN $ids RETURN ref, e "
            "} "
            "RETURN ref, e.id AS id, e.type AS type, coalesce(e.unnamed, false) AS unnamed, "
            "  coalesce(e.declared_in, []) + COLLECT { "
            "    MATCH (e)<-[:SUBJECT|OBJECT|MADE_BY|ACCORDING_TO]-(c:Claim) "
            "    RETURN DISTINCT c.source_id } AS sources",
            {"ids": wanted},
            database_=self._database,
            routing_="r",
        )
        return {
            r["ref"]: KnownEntity(
                id=r["id"],
                type=r["type"],
                unnamed=bool(r["unnamed"]),
                sources=frozenset(r["sources"]),
            )
            for r in records
        }


def stored_content_hash(driver: Driver, database: str, source_id: str) -> str | None:
    records, _, _ = driver.execute_query(
        "MATCH (s:Source {id: $id}) RETURN s.content_hash AS h",
        {"id": source_id},
        database_=database,
        routing_="r",
    )
    return records[0]["h"] if records else None


def write_plan(driver: Driver, database: str, plan: WritePlan) -> FileReport:
    """Apply the plan atomically; the report says what was created, updated or left alone."""
    with driver.session(database=database) as session:
        return session.execute_write(_write, plan, get_ontology())


def _write(tx: ManagedTransaction, plan: WritePlan, onto: Ontology) -> FileReport:
    # The driver may run this again after a transient error: the report is made afresh inside.
    report = FileReport(file=plan.file, status="loaded", source_id=plan.source_id)
    _rename_placeholders(tx, plan.renames)
    _write_entities(tx, plan, onto, report.entities)
    touched = _write_claims(tx, plan, onto, report.claims)
    _recompute_edges(tx, touched, onto, report.edges)
    _forget_undeclared(tx, plan, report.entities)
    return report


def _rename_placeholders(tx: ManagedTransaction, renames: dict[str, str]) -> None:
    if not renames:
        return
    rows = [{"old": old, "new": new} for old, new in renames.items()]
    # The placeholder node itself becomes the named entity, so every claim already attached to
    # it stays attached; the claims' denormalised ends follow.
    tx.run(
        "UNWIND $rows AS r MATCH (p:Entity {id: r.old}) "
        "SET p.id = r.new, p.referents = coalesce(p.referents, []) + r.old, p.unnamed = false",
        rows=rows,
    ).consume()
    tx.run(
        "UNWIND $rows AS r MATCH (c:Claim {subject_id: r.old}) SET c.subject_id = r.new",
        rows=rows,
    ).consume()
    tx.run(
        "UNWIND $rows AS r MATCH (c:Claim) WHERE c.object_id = r.old SET c.object_id = r.new",
        rows=rows,
    ).consume()


def _write_entities(
    tx: ManagedTransaction, plan: WritePlan, onto: Ontology, counts: Counts
) -> None:
    ids = [e.id for e in plan.entities]
    stored = {
        r["id"]: r["fp"]
        for r in tx.run(
            "UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN id, e.fingerprint AS fp", ids=ids
        )
    }
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in plan.entities:
        if e.id not in stored:
            counts.add("created")
        elif stored[e.id] != e.props["fingerprint"]:
            counts.add("updated")
        else:
            counts.add("unchanged")
            # The source row carries the content hash that makes the next load a skip: write
            # it whenever the source is written at all, even when nothing else changed.
            if e.id != plan.source_id:
                continue
        by_type[e.type].append({"id": e.id, "props": e.props, "referents": e.referents})
    for type_name, rows in by_type.items():
        labels = ":".join(onto.label(lbl) for lbl in onto.entity_type(type_name).labels)
        tx.run(
            "UNWIND $rows AS row "
            "MERGE (e:Entity {id: row.id}) "
            "WITH e, row, coalesce(e.declared_in, []) AS declared, "
            "     coalesce(e.referents, []) AS refs "
            "SET e = row.props "
            "SET e.declared_in = declared, "
            "    e.referents = refs + [r IN row.referents WHERE NOT r IN refs] "
            f"SET e:{labels}",
            rows=rows,
        ).consume()
        # A type corrected in its only fact file: the labels of the old type go.
        stale = [onto.label(t) for t in onto.types if t not in onto.entity_type(type_name).labels]
        tx.run(
            f"UNWIND $ids AS id MATCH (e:Entity {{id: id}}) REMOVE e:{':'.join(stale)}",
            ids=[row["id"] for row in rows],
        ).consume()
    tx.run(
        "UNWIND $ids AS id MATCH (e:Entity {id: id}) "
        "WHERE NOT $sid IN coalesce(e.declared_in, []) "
        "SET e.declared_in = coalesce(e.declared_in, []) + $sid",
        ids=plan.declared_ids,
        sid=plan.source_id,
    ).consume()


def _write_claims(
    tx: ManagedTransaction, plan: WritePlan, onto: Ontology, counts: Counts
) -> set[Triple]:
    stored = {
        r["id"]: r
        for r in tx.run(
            "MATCH (c:Claim {source_id: $sid}) "
            "RETURN c.id AS id, c.fingerprint AS fp, c.subject_id AS s, c.predicate AS p, "
            "       c.object_id AS o",
            sid=plan.source_id,
        )
    }
    touched: set[Triple] = set()
    changed: list[ClaimRow] = []
    for cl in plan.claims:
        old = stored.get(cl.id)
        if old is not None and old["fp"] == cl.props["fingerprint"]:
            counts.add("unchanged")
            continue
        counts.add("created" if old is None else "updated")
        changed.append(cl)
        touched.add((cl.subject_id, cl.predicate, cl.object_id))
        if old is not None:
            touched.add((old["s"], old["p"], old["o"]))
    wanted = {cl.id for cl in plan.claims}
    removed = [cid for cid in stored if cid not in wanted]
    for cid in removed:
        old = stored[cid]
        touched.add((old["s"], old["p"], old["o"]))
    counts.add("deleted", len(removed))
    if removed:
        tx.run("UNWIND $ids AS id MATCH (c:Claim {id: id}) DETACH DELETE c", ids=removed).consume()
    if not changed:
        return touched
    changed_ids = [cl.id for cl in changed]
    tx.run("UNWIND $ids AS id MATCH (c:Claim {id: id})-[r]->() DELETE r", ids=changed_ids).consume()
    rows = [
        {
            "id": cl.id,
            "props": cl.props,
            "s": cl.subject_id,
            "o": cl.object_id,
            "speaker": cl.speaker_id,
            "according_to": cl.according_to_id,
            "answers": cl.answers,
        }
        for cl in changed
    ]
    subject, obj, cited = (onto.relationship_type(t) for t in ("SUBJECT", "OBJECT", "CITED_IN"))
    tx.run(
        "UNWIND $rows AS row "
        "MERGE (c:Claim {id: row.id}) SET c = row.props "
        "WITH c, row "
        "MATCH (s:Entity {id: row.s}), (o:Entity {id: row.o}), (src:Source {id: $sid}) "
        f"CREATE (c)-[:{subject}]->(s), (c)-[:{obj}]->(o), (c)-[:{cited}]->(src)",
        rows=rows,
        sid=plan.source_id,
    ).consume()
    made_by, according = onto.relationship_type("MADE_BY"), onto.relationship_type("ACCORDING_TO")
    tx.run(
        "UNWIND $rows AS row WITH row WHERE row.speaker IS NOT NULL "
        "MATCH (c:Claim {id: row.id}), (who:Entity {id: row.speaker}) "
        f"CREATE (c)-[:{made_by}]->(who)",
        rows=rows,
    ).consume()
    tx.run(
        "UNWIND $rows AS row WITH row WHERE row.according_to IS NOT NULL "
        "MATCH (c:Claim {id: row.id}), (rep:Source {id: row.according_to}) "
        f"CREATE (c)-[:{according}]->(rep)",
        rows=rows,
    ).consume()
    contradicts = onto.relationship_type("CONTRADICTS")
    tx.run(
        "UNWIND $rows AS row UNWIND row.answers AS answered "
        "MATCH (c:Claim {id: row.id}), (t:Claim {id: answered}) "
        f"CREATE (c)-[:{contradicts}]->(t)",
        rows=rows,
    ).consume()
    return touched


def edge_properties(claims: list[dict[str, Any]], answering: frozenset[str]) -> dict[str, Any]:
    """The direct edge's properties from the claims behind it."""
    stances = sorted({c["stance"] for c in claims})
    if any(s in answering for s in stances):
        status = "disputed"
    elif "asserts" in stances:
        status = "asserted"
    else:
        status = "alleged"
    dates = sorted(d for c in claims for d in c["dates"] if d)
    props: dict[str, Any] = {
        "claim_ids": sorted(c["id"] for c in claims),
        "source_ids": sorted({c["source"] for c in claims}),
        "n_claims": len(claims),
        "n_sources": len({c["source"] for c in claims}),
        "n_independent_sources": len({c["publisher"] for c in claims}),
        "status": status,
        "stances": stances,
    }
    if dates:
        props["first_date"], props["last_date"] = dates[0], dates[-1]
    return props


def _recompute_edges(
    tx: ManagedTransaction, touched: set[Triple], onto: Ontology, counts: Counts
) -> None:
    triples = [{"s": s, "p": p, "o": o} for s, p, o in sorted(touched) if s and o]
    if not triples:
        return
    behind = {
        (r["s"], r["p"], r["o"]): r["claims"]
        for r in tx.run(
            "UNWIND $triples AS t "
            "MATCH (c:Claim {subject_id: t.s, predicate: t.p, object_id: t.o})"
            "-[:CITED_IN]->(src:Source) "
            # A claim the source attributes to another report is that report's word: two
            # sources relaying one report are not independent of each other.
            "OPTIONAL MATCH (c)-[:ACCORDING_TO]->(orig:Source) "
            "RETURN t.s AS s, t.p AS p, t.o AS o, collect({id: c.id, stance: c.stance, "
            "  source: src.id, "
            "  publisher: coalesce(orig.publisher_id, orig.id, src.publisher_id, src.id), "
            "  dates: [c.stated_on, c.valid_from, c.valid_to]}) AS claims",
            triples=triples,
        )
    }
    existing = {
        (r["s"], r["p"], r["o"]): dict(r["props"])
        for r in tx.run(
            "UNWIND $triples AS t "
            "MATCH (s:Entity {id: t.s})-[r]->(o:Entity {id: t.o}) WHERE type(r) = t.p "
            "RETURN t.s AS s, t.p AS p, t.o AS o, properties(r) AS props",
            triples=triples,
        )
    }
    upserts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    deletes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for t in triples:
        key = (t["s"], t["p"], t["o"])
        claims = behind.get(key)
        old = existing.get(key)
        if not claims:
            if old is not None:
                counts.add("deleted")
                deletes[t["p"]].append(t)
            continue
        props = edge_properties(claims, onto.answering_stances)
        if old is None:
            counts.add("created")
        elif old == props:
            counts.add("unchanged")
            continue
        else:
            counts.add("updated")
        upserts[t["p"]].append({**t, "props": props})
    for pred, rows in upserts.items():
        rel = onto.relationship_type(onto.predicate(pred).name)
        tx.run(
            "UNWIND $rows AS row MATCH (s:Entity {id: row.s}), (o:Entity {id: row.o}) "
            f"MERGE (s)-[r:{rel}]->(o) SET r = row.props",
            rows=rows,
        ).consume()
    for pred, rows in deletes.items():
        rel = onto.relationship_type(onto.predicate(pred).name)
        tx.run(
            f"UNWIND $rows AS row MATCH (:Entity {{id: row.s}})-[r:{rel}]->(:Entity {{id: row.o}}) "
            "DELETE r",
            rows=rows,
        ).consume()


def _forget_undeclared(tx: ManagedTransaction, plan: WritePlan, counts: Counts) -> None:
    # An entity this source no longer declares loses the source from `declared_in`; once no
    # source declares it and neither a claim nor a source's publisher refers to it, it goes.
    record = tx.run(
        "MATCH (e:Entity) WHERE $sid IN e.declared_in AND NOT e.id IN $ids "
        "SET e.declared_in = [x IN e.declared_in WHERE x <> $sid] "
        "WITH e WHERE size(e.declared_in) = 0 "
        "  AND NOT EXISTS { (e)<-[:SUBJECT|OBJECT|MADE_BY|ACCORDING_TO|CITED_IN]-(:Claim) } "
        "  AND NOT EXISTS { MATCH (s:Source) WHERE s.publisher_id = e.id } "
        "DETACH DELETE e RETURN count(*) AS n",
        sid=plan.source_id,
        ids=plan.declared_ids,
    ).single()
    counts.add("deleted", int(record["n"]) if record else 0)
