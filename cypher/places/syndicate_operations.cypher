// name: syndicate_operations
// title: Where a syndicate operates, and from which sites
// description: >-
//   The places a criminal group is active in (OPERATES_IN) and the sites it works from or runs
//   (OPERATES_FROM, RUNS), with who is linked to each site, each edge's status, its dates and
//   the quotes behind it. Without `syndicate`, every criminal group.
// tags: [places, syndicates]
// entities: {sources: name}
// params:
//   syndicate:
//     type: entity_id
//     labels: [CriminalGroup]
//     description: The criminal group; every one when omitted.
// examples:
//   - params: {"syndicate": "org:scam-syndicates"}
//     rows:
//       - {"relation": "OPERATES_FROM",
//          "place_id": "site:syndicate-buildings",
//          "place_type": "Site",
//          "status": "asserted",
//          "linked_to_site": ["government officials linked to the syndicates’ buildings (LINKED_TO, alleged)", "wealthy businessmen linked to the syndicates’ buildings (LINKED_TO, alleged)"],
//          "quotes": ["They often work from buildings owned or linked to government officials and wealthy businessmen."]}
//       - {"relation": "OPERATES_IN",
//          "place_id": "city:bavet",
//          "place_type": "City",
//          "status": "asserted",
//          "linked_to_site": [],
//          "quotes": ["Their presence has since grown to Phnom Penh, Bavet, Poipet and other cities."]}
//       - {"relation": "OPERATES_IN",
//          "place_id": "city:phnom-penh",
//          "place_type": "City",
//          "status": "asserted",
//          "linked_to_site": [],
//          "quotes": ["Their presence has since grown to Phnom Penh, Bavet, Poipet and other cities."]}
//       - {"relation": "OPERATES_IN",
//          "place_id": "city:poipet",
//          "place_type": "City",
//          "status": "asserted",
//          "linked_to_site": [],
//          "quotes": ["Their presence has since grown to Phnom Penh, Bavet, Poipet and other cities."]}
//       - {"relation": "OPERATES_IN",
//          "place_id": "city:sihanoukville",
//          "place_type": "City",
//          "status": "asserted",
//          "linked_to_site": [],
//          "quotes": ["The syndicates, run by Chinese organized crime, at first flourished in Sihanoukville."]}
//       - {"relation": "OPERATES_IN",
//          "place_id": "city:other-cities-of-the-spread",
//          "place_type": "City",
//          "status": "asserted",
//          "linked_to_site": [],
//          "quotes": ["Their presence has since grown to Phnom Penh, Bavet, Poipet and other cities."]}
//   - params: {}
//     description: "Every criminal group: in the seed only the syndicates have places or sites on record."
//     rows:
//       - {"relation": "OPERATES_FROM",
//          "place_id": "site:syndicate-buildings",
//          "place_type": "Site",
//          "status": "asserted",
//          "linked_to_site": ["government officials linked to the syndicates’ buildings (LINKED_TO, alleged)", "wealthy businessmen linked to the syndicates’ buildings (LINKED_TO, alleged)"],
//          "quotes": ["They often work from buildings owned or linked to government officials and wealthy businessmen."]}
//       - {"relation": "OPERATES_IN",
//          "place_id": "city:bavet",
//          "place_type": "City",
//          "status": "asserted",
//          "linked_to_site": [],
//          "quotes": ["Their presence has since grown to Phnom Penh, Bavet, Poipet and other cities."]}
//       - {"relation": "OPERATES_IN",
//          "place_id": "city:phnom-penh",
//          "place_type": "City",
//          "status": "asserted",
//          "linked_to_site": [],
//          "quotes": ["Their presence has since grown to Phnom Penh, Bavet, Poipet and other cities."]}
//       - {"relation": "OPERATES_IN",
//          "place_id": "city:poipet",
//          "place_type": "City",
//          "status": "asserted",
//          "linked_to_site": [],
//          "quotes": ["Their presence has since grown to Phnom Penh, Bavet, Poipet and other cities."]}
//       - {"relation": "OPERATES_IN",
//          "place_id": "city:sihanoukville",
//          "place_type": "City",
//          "status": "asserted",
//          "linked_to_site": [],
//          "quotes": ["The syndicates, run by Chinese organized crime, at first flourished in Sihanoukville."]}
//       - {"relation": "OPERATES_IN",
//          "place_id": "city:other-cities-of-the-spread",
//          "place_type": "City",
//          "status": "asserted",
//          "linked_to_site": [],
//          "quotes": ["Their presence has since grown to Phnom Penh, Bavet, Poipet and other cities."]}
CALL () {
  // Two branches, so that a given group is found by an index seek rather than a scan; the
  // second checks its parameter first, so a given id costs no scan of the whole label.
  MATCH (g:Entity {id: $syndicate}) USING INDEX g:Entity(id) WHERE g:CriminalGroup RETURN g
  UNION
  WITH 1 AS everyone WHERE $syndicate IS NULL
  MATCH (g:CriminalGroup) RETURN g
}
MATCH (g)-[r:OPERATES_IN|OPERATES_FROM|RUNS]->(place:Entity)
WHERE place:Country OR place:Province OR place:City OR place:Site
CALL (r) {
  MATCH (c:Claim)-[:CITED_IN]->(src:Source)
  WHERE c.id IN r.claim_ids
  WITH c, src ORDER BY c.stated_on, c.id
  RETURN collect(c.quote) AS quotes, collect(DISTINCT src.name) AS sources
}
WITH g, r, place, quotes, sources,
  COLLECT {
    MATCH (place)<-[l:LINKED_TO|OWNS|RUNS]-(a:Entity)
    WHERE a <> g
    RETURN a.name + ' (' + type(l) + ', ' + l.status + ')' AS linked
    ORDER BY linked
  } AS linked_to_site
RETURN g.id AS syndicate_id, g.name AS syndicate, type(r) AS relation, place.id AS place_id,
  place.name AS place, place.type AS place_type, r.status AS status, r.first_date AS first_date,
  r.n_independent_sources AS independent_sources, linked_to_site, quotes, sources
ORDER BY syndicate, relation, place
