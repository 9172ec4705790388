// name: positions_held
// title: Who holds which office, and where
// description: >-
//   People and the positions they hold, with the organisation or place each position belongs
//   to, and the quote and source for each. Filter by a person, or by the organisation or place
//   the positions belong to.
// tags: [entities, officials]
// entities: {position: name, part_of: name, source: name}
// params:
//   person:
//     type: entity_id
//     labels: [Person]
//     description: Only this person's positions.
//   within:
//     type: entity_id
//     labels: [Organization, Country, Province, City, Site]
//     description: Only positions part of this organisation or place.
// examples:
//   - params: {}
//     rows:
//       - {"person_id": "person:am-sam-ath",
//          "position": "operations director at Licadho",
//          "part_of": "Licadho",
//          "status": "asserted",
//          "quote": "Am Sam Ath, operations director at Licadho, a local rights group"}
//       - {"person_id": "person:chou-bun-eng",
//          "position": "vice chairperson of the National Committee for Counter Trafficking",
//          "part_of": "National Committee for Counter Trafficking",
//          "status": "asserted",
//          "quote": "Chou Bun Eng, vice chairperson of the National Committee for Counter Trafficking"}
//       - {"person_id": "person:hun-sen",
//          "position": "Prime Minister of Cambodia",
//          "part_of": "Cambodia",
//          "status": "asserted",
//          "quote": "Prime Minister Hun Sen"}
//       - {"person_id": "person:long-dimanche",
//          "position": "deputy governor of Preah Sihanouk province",
//          "part_of": "Preah Sihanouk",
//          "status": "asserted",
//          "quote": "Long Dimanche, deputy governor of Preah Sihanouk province"}
//   - params: {"within": "org:ncct"}
//     rows:
//       - {"person_id": "person:chou-bun-eng",
//          "position": "vice chairperson of the National Committee for Counter Trafficking",
//          "part_of": "National Committee for Counter Trafficking",
//          "status": "asserted",
//          "quote": "Chou Bun Eng, vice chairperson of the National Committee for Counter Trafficking"}
CALL () {
  // Two branches, so that a given person is found by an index seek rather than a scan; the
  // second checks its parameter first, so a given id costs no scan of the whole label.
  MATCH (p:Entity {id: $person}) USING INDEX p:Entity(id) WHERE p:Person RETURN p
  UNION
  WITH 1 AS everyone WHERE $person IS NULL
  MATCH (p:Person) RETURN p
}
MATCH (p)-[h:HOLDS_POSITION]->(pos:Position)
// Sorted before anything is looked up per row: the rows come out in this order, so a capped
// read looks up the organisations and quotes of the rows it keeps, not of every office held.
WITH p, h, pos ORDER BY p.name, pos.name
CALL (h) {
  MATCH (c:Claim)-[:CITED_IN]->(src:Source)
  WHERE c.id IN h.claim_ids
  RETURN c.quote AS quote, src.name AS source
  ORDER BY c.id
  LIMIT 1
}
OPTIONAL MATCH (pos)-[:PART_OF]->(org:Entity)
WITH p, h, pos, org, quote, source
WHERE $within IS NULL OR org.id = $within
RETURN p.id AS person_id, p.name AS person, pos.name AS position, org.name AS part_of,
  org.type AS part_of_type, h.status AS status, quote, source
ORDER BY person, position
