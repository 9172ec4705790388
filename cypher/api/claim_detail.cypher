// name: claim_detail
// title: One claim with its provenance
// description: >-
//   A claim by id: subject, predicate, object, stance, quote, dates and properties; the source
//   it is cited in and the report it is attributed to; who made it; the claims it answers and
//   the claims that answer it.
// tags: [claims, sources]
// params:
//   claim_id: {type: string, required: true, max_length: 80, description: "The claim's id (claim:...)."}
// examples:
//   - description: Long Dimanche's denial of the Al Jazeera documentary, as a fact of its own
//     params: {claim_id: "claim:70a85ccfdfa47d42fbb4"}
//     rows:
//       - {subject: Long Dimanche, predicate: DENIES, stance: asserts, speaker: Long Dimanche}
MATCH (c:Claim {id: $claim_id})
OPTIONAL MATCH (c)-[:SUBJECT]->(s:Entity)
OPTIONAL MATCH (c)-[:OBJECT]->(o:Entity)
OPTIONAL MATCH (c)-[:CITED_IN]->(src:Source)
OPTIONAL MATCH (c)-[:ACCORDING_TO]->(according:Source)
OPTIONAL MATCH (c)-[:MADE_BY]->(speaker:Entity)
RETURN
  c.id AS id,
  s.id AS subject_id,
  s.name AS subject,
  c.predicate AS predicate,
  o.id AS object_id,
  o.name AS object,
  c.stance AS stance,
  c.quote AS quote,
  c.stated_on AS stated_on,
  c.valid_from AS valid_from,
  c.valid_to AS valid_to,
  c.props AS props,
  c.note AS note,
  src.id AS source_id,
  src.name AS source,
  according.id AS according_to_id,
  speaker.id AS speaker_id,
  speaker.name AS speaker,
  COLLECT { MATCH (c)-[:CONTRADICTS]->(a:Claim) RETURN a.id ORDER BY a.id } AS answers,
  COLLECT { MATCH (d:Claim)-[:CONTRADICTS]->(c) RETURN d.id ORDER BY d.id } AS answered_by
