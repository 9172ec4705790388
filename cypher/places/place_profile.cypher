// name: place_profile
// title: Profile of a city, province or country
// description: >-
//   What the graph holds about a place and the places inside it (through LOCATED_IN, up to
//   three levels down): the syndicates active there, the sites, the officials whose positions
//   belong to it, the authorities and other bodies based there, and the events that happened
//   there. Each row says how the entity is tied to the place, with that edge's status.
// tags: [places, overview]
// params:
//   place:
//     type: entity_id
//     labels: [Country, Province, City, Site]
//     required: true
//     description: The place.
// examples:
//   - params: {"place": "province:preah-sihanouk"}
//     rows:
//       - {"kind": "event",
//          "id": "event:arrest-preah-sihanouk-2021-09",
//          "place": "Preah Sihanouk",
//          "tie": "LOCATED_IN",
//          "status": "asserted"}
//       - {"kind": "event",
//          "id": "event:risk-of-illicit-trade-in-sihanoukville",
//          "place": "Sihanoukville",
//          "tie": "LOCATED_IN",
//          "status": "asserted"}
//       - {"kind": "official",
//          "id": "person:long-dimanche",
//          "place": "Preah Sihanouk",
//          "tie": "HOLDS_POSITION deputy governor of Preah Sihanouk province",
//          "status": "asserted"}
//       - {"kind": "organisation",
//          "id": "org:sihanoukville-authorities",
//          "place": "Sihanoukville",
//          "tie": "LOCATED_IN",
//          "status": "asserted"}
//       - {"kind": "syndicate",
//          "id": "org:scam-syndicates",
//          "place": "Sihanoukville",
//          "tie": "OPERATES_IN",
//          "status": "asserted"}
MATCH (top:Entity {id: $place})
USING INDEX top:Entity(id)
MATCH (inner:Entity)-[:LOCATED_IN]->{0,3}(top)
WHERE inner:Country OR inner:Province OR inner:City OR inner:Site
CALL (inner) {
  MATCH (g:CriminalGroup)-[r:OPERATES_IN|OPERATES_FROM]->(inner)
  RETURN 'syndicate' AS kind, g AS entity, type(r) AS tie, r.status AS status, r AS rel
  UNION
  MATCH (s:Site)-[r:LOCATED_IN]->(inner)
  RETURN 'site' AS kind, s AS entity, type(r) AS tie, r.status AS status, r AS rel
  UNION
  MATCH (p:Person)-[h:HOLDS_POSITION]->(pos:Position)-[r:PART_OF]->(inner)
  RETURN 'official' AS kind, p AS entity, 'HOLDS_POSITION ' + pos.name AS tie,
    h.status AS status, h AS rel
  UNION
  MATCH (o:Organization)-[r:LOCATED_IN|OPERATES_IN]->(inner)
  WHERE NOT o:CriminalGroup
  RETURN 'organisation' AS kind, o AS entity, type(r) AS tie, r.status AS status, r AS rel
  UNION
  MATCH (e:Event)-[r:LOCATED_IN]->(inner)
  RETURN 'event' AS kind, e AS entity, type(r) AS tie, r.status AS status, r AS rel
}
RETURN kind, entity.id AS id, entity.name AS name, entity.type AS type, inner.name AS place,
  tie, status, rel.n_independent_sources AS independent_sources,
  COLLECT {
    MATCH (c:Claim)-[:CITED_IN]->(src:Source) WHERE c.id IN rel.claim_ids
    RETURN {stance: c.stance, quote: c.quote, source: src.name, inferred: c.inferred}
    ORDER BY c.role DESC, c.stated_on, c.id
  } AS quotes
ORDER BY kind, name, place
