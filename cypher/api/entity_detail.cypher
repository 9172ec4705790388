// name: entity_detail
// title: An entity with its neighbours, claims and sources
// description: >-
//   One entity: its properties; its direct edges to other entities (predicate, direction,
//   status, how many sources); every claim naming it as subject or object or made by it, with stance, quote,
//   source and speaker, and the claims that contradict it (denials beside what they deny); and
//   the sources those claims are cited in. An old id of the entity (a referent) finds it too.
// tags: [entities, claims, sources]
// params:
//   id: {type: entity_id, labels: [Entity], required: true, description: The entity's id.}
// examples:
//   - params: {id: person:long-dimanche}
//     rows:
//       - {id: person:long-dimanche, name: Long Dimanche, type: Person, unnamed: false}
MATCH (e:Entity {id: $id})
CALL (e) {
  OPTIONAL MATCH (e)-[r]-(other:Entity)
  WITH r, other
  ORDER BY type(r), other.name
  RETURN collect(CASE WHEN r IS NOT NULL THEN {
    predicate: type(r),
    direction: CASE WHEN startNode(r) = other THEN 'in' ELSE 'out' END,
    id: other.id,
    name: other.name,
    type: other.type,
    status: r.status,
    n_sources: r.n_sources,
    claim_ids: r.claim_ids
  } END) AS neighbours
}
CALL (e) {
  // A claim is listed once, with every part the entity plays in it (subject and speaker...).
  OPTIONAL MATCH (c:Claim)-[role:SUBJECT|OBJECT|MADE_BY]->(e)
  WITH c, collect(toLower(type(role))) AS roles
  OPTIONAL MATCH (c)-[:SUBJECT]->(s:Entity)
  OPTIONAL MATCH (c)-[:OBJECT]->(o:Entity)
  OPTIONAL MATCH (c)-[:CITED_IN]->(src:Source)
  OPTIONAL MATCH (c)-[:MADE_BY]->(speaker:Entity)
  WITH c, roles, s, o, src, speaker
  ORDER BY c.stated_on, c.id
  WITH c, roles, s, o, src, speaker,
    COLLECT { MATCH (d:Claim)-[:CONTRADICTS]->(c) RETURN d.id ORDER BY d.id } AS contradicted_by,
    COLLECT { MATCH (c)-[:CONTRADICTS]->(a:Claim) RETURN a.id ORDER BY a.id } AS answers
  RETURN collect(CASE WHEN c IS NOT NULL THEN {
    id: c.id,
    role: roles[0],
    roles: roles,
    subject: s.id,
    predicate: c.predicate,
    object: o.id,
    stance: c.stance,
    quote: c.quote,
    stated_on: c.stated_on,
    source_id: src.id,
    source_title: src.name,
    speaker: speaker.name,
    inferred: coalesce(c.inferred, false),
    quote_checked: c.quote_checked,
    note: c.note,
    answers: answers,
    contradicted_by: contradicted_by
  } END) AS claims
}
CALL (e) {
  OPTIONAL MATCH (e)<-[:SUBJECT|OBJECT]-(:Claim)-[:CITED_IN]->(src:Source)
  WITH DISTINCT src
  ORDER BY src.published_on, src.id
  RETURN collect(CASE WHEN src IS NOT NULL THEN {
    id: src.id, name: src.name, kind: src.kind, published_on: src.published_on
  } END) AS sources
}
RETURN
  e.id AS id,
  e.name AS name,
  e.type AS type,
  coalesce(e.aliases, []) AS aliases,
  coalesce(e.topics, []) AS topics,
  coalesce(e.unnamed, false) AS unnamed,
  e.description AS description,
  coalesce(e.referents, []) AS referents,
  // The type's own properties (a sanction's programme, an event's date), and the keys on which
  // sources disagree; each source's own words are under `statements`.
  e {.*, id: null, name: null, type: null, aliases: null, topics: null, unnamed: null,
    description: null, referents: null, fingerprint: null, conflicting: null,
    declared_in: null} AS properties,
  coalesce(e.conflicting, []) AS conflicting,
  COLLECT {
    MATCH (st:Statement)-[:DESCRIBES]->(e)
    RETURN st {.source_id, .entity_ref, .name, .aliases, .description, .unnamed, .props}
    ORDER BY st.source_id, st.entity_ref
  } AS statements,
  neighbours,
  claims,
  sources
