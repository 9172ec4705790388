// name: disputed_edges
// title: Contested facts (direct edges someone denies or disputes)
// description: >-
//   Every direct edge whose claims include a denial, dispute or retraction, with what was
//   claimed, who answered and how many claims stand on each side.
// tags: [claims, denials, overview]
// entities: {subject: name, object: name, answered_by: name}
// params:
//   speaker:
//     type: entity_id
//     labels: [Person, Organization]
//     description: Only edges this person or organisation answered.
// examples:
//   - params: {}
//     rows:
//       - {"subject": "2022 Trafficking in Persons report",
//          "predicate": "RATES",
//          "object": "Cambodia",
//          "status": "disputed",
//          "claims_for": 1,
//          "claims_against": 2,
//          "answered_by": ["Chou Bun Eng", "Long Dimanche"]}
//       - {"subject": "Al Jazeera documentary on foreign call-center workers",
//          "predicate": "REPORTS_ON",
//          "object": "forced labour in online-scam compounds",
//          "status": "disputed",
//          "claims_for": 1,
//          "claims_against": 2,
//          "answered_by": ["Long Dimanche"]}
//       - {"subject": "reports of foreign workers trapped in debt bondage",
//          "predicate": "REPORTS_ON",
//          "object": "foreign workers trapped in debt bondage",
//          "status": "disputed",
//          "claims_for": 1,
//          "claims_against": 2,
//          "answered_by": ["Chou Bun Eng"]}
//       - {"subject": "videos showing workers being beaten",
//          "predicate": "REPORTS_ON",
//          "object": "forced labour in online-scam compounds",
//          "status": "disputed",
//          "claims_for": 1,
//          "claims_against": 1,
//          "answered_by": ["Chou Bun Eng"]}
//   - params: {"speaker": "person:chou-bun-eng"}
//     rows:
//       - {"subject": "2022 Trafficking in Persons report",
//          "predicate": "RATES",
//          "object": "Cambodia",
//          "status": "disputed",
//          "claims_for": 1,
//          "claims_against": 2,
//          "answered_by": ["Chou Bun Eng", "Long Dimanche"]}
//       - {"subject": "reports of foreign workers trapped in debt bondage",
//          "predicate": "REPORTS_ON",
//          "object": "foreign workers trapped in debt bondage",
//          "status": "disputed",
//          "claims_for": 1,
//          "claims_against": 2,
//          "answered_by": ["Chou Bun Eng"]}
//       - {"subject": "videos showing workers being beaten",
//          "predicate": "REPORTS_ON",
//          "object": "forced labour in online-scam compounds",
//          "status": "disputed",
//          "claims_for": 1,
//          "claims_against": 1,
//          "answered_by": ["Chou Bun Eng"]}
CALL () {
  // Two branches, so that a given speaker is found by an index seek rather than a scan; the
  // second checks its parameter first, so a given id costs no scan of the whole label.
  MATCH (sp:Entity {id: $speaker})<-[:MADE_BY]-(d:Claim)
  USING INDEX sp:Entity(id)
  WHERE d.role = 'answers'
  RETURN DISTINCT d.subject_id AS sid, d.predicate AS predicate, d.object_id AS oid
  UNION
  WITH 1 AS everyone WHERE $speaker IS NULL
  MATCH (d:Claim)
  WHERE d.role = 'answers'
  RETURN DISTINCT d.subject_id AS sid, d.predicate AS predicate, d.object_id AS oid
}
MATCH (s:Entity {id: sid})-[r]->(o:Entity {id: oid})
WHERE type(r) = predicate
CALL (r) {
  MATCH (c:Claim)-[:CITED_IN]->(src:Source) WHERE c.id IN r.claim_ids
  OPTIONAL MATCH (c)-[:MADE_BY]->(who:Entity)
  WITH c, src, who ORDER BY c.role DESC, c.stated_on, c.id
  RETURN
    collect(DISTINCT CASE WHEN c.role = 'answers' THEN who.name END) AS answered_by,
    collect({stance: c.stance, quote: c.quote, source: src.name, speaker: who.name}) AS quotes
}
// Counts as the loader stored them on the edge.
RETURN s.name AS subject, type(r) AS predicate, o.name AS object, r.status AS status,
  r.n_claims - r.n_against - coalesce(r.n_inferred, 0) AS claims_for,
  r.n_against AS claims_against, r.n_independent_sources AS independent_sources, answered_by,
  quotes
ORDER BY subject, predicate, object
