// name: edge_sources
// title: The claims and sources behind one direct edge
// description: >-
//   One direct edge (subject, predicate, object) expanded into the claims behind it: each
//   claim's stance, quote, dates, the source it is cited in and that source's publisher, the
//   report it is attributed to, and who is speaking; with the edge's own status and counts.
//   Denials of the edge sit on it too, since they share its subject, predicate and object.
// tags: [claims, sources]
// entities: {source: name, speaker: name, publisher: name}
// params:
//   subject:
//     type: entity_id
//     labels: [Entity]
//     required: true
//     description: The edge's subject.
//   predicate:
//     type: enum
//     values: [HOLDS_POSITION, PART_OF, MEMBER_OF, LEADS, EMPLOYS, OWNS, LINKED_TO, OPERATES_IN,
//       OPERATES_FROM, RUNS, LOCATED_IN, NATIONAL_OF, TARGETS, ISSUED_BY, CONCERNS, RATES,
//       RECORDED, INVOLVED_IN, FUNDS, INVESTS_IN, ACCUSES, DENIES, STATES, REPORTS_ON,
//       PUBLISHED_BY]
//     required: true
//     description: The edge's predicate.
//   object:
//     type: entity_id
//     labels: [Entity]
//     required: true
//     description: The edge's object.
// examples:
//   - params: {"subject": "source:tip-2022", "predicate": "RATES", "object": "country:cambodia"}
//     rows:
//       - {"edge_status": "disputed",
//          "n_independent_sources": 1,
//          "stance": "disputes",
//          "quote": "Chou Bun Eng, vice chairperson of the National Committee for Counter Trafficking, said the U.S. report did not tell the whole story.",
//          "publisher": "Cambodian Journalists Alliance Association",
//          "speaker": "Chou Bun Eng"}
//       - {"edge_status": "disputed",
//          "n_independent_sources": 1,
//          "stance": "disputes",
//          "quote": "Long Dimanche, deputy governor of Preah Sihanouk province, said Sihanoukville authorities had made great strides in recent months, yet those achievements were left out of the U.S. report.",
//          "publisher": "Cambodian Journalists Alliance Association",
//          "speaker": "Long Dimanche"}
//       - {"edge_status": "disputed",
//          "n_independent_sources": 1,
//          "stance": "asserts",
//          "quote": "Washington, in its 2022 Trafficking in Persons report, downgraded the Kingdom to Tier 3 status, the lowest of three designations",
//          "publisher": "Cambodian Journalists Alliance Association",
//          "speaker": null}
MATCH (s:Entity {id: $subject})-[r]->(o:Entity {id: $object})
USING INDEX s:Entity(id)
USING INDEX o:Entity(id)
WHERE type(r) = $predicate
MATCH (c:Claim)-[:CITED_IN]->(src:Source)
WHERE c.id IN r.claim_ids
OPTIONAL MATCH (src)-[:PUBLISHED_BY]->(publisher:Entity)
OPTIONAL MATCH (c)-[:ACCORDING_TO]->(according:Entity)
OPTIONAL MATCH (c)-[:MADE_BY]->(speaker:Entity)
RETURN r.status AS edge_status, r.n_sources AS n_sources,
  r.n_independent_sources AS n_independent_sources, c.stance AS stance, c.quote AS quote,
  c.stated_on AS stated_on, c.valid_from AS valid_from, src.name AS source,
  publisher.name AS publisher, according.name AS according_to, speaker.name AS speaker,
  c.id AS claim_id, c.note AS note, coalesce(c.inferred, false) AS inferred,
  c.quote_checked AS quote_checked, c.props AS props, r.n_against AS n_against,
  s {.*, fingerprint: null, declared_in: null} AS subject_entity,
  o {.*, fingerprint: null, declared_in: null} AS object_entity
ORDER BY c.stated_on, c.fact_key
