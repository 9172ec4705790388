// name: officials_linked
// title: Officials linked to sites or syndicates
// description: >-
//   Officials tied to a site or a criminal group, directly (owns, runs, is linked to, leads,
//   is a member of, works from) or through an event that happened at a site. An official is a
//   person who holds a position in a public body or a place's administration, who is a member
//   of a public body, who carries an official's topic (role.pep, role.civil, role.judge,
//   role.diplo, mil, gov.*), or whom the source itself calls an official. Each row is one tie,
//   with its weakest status and the quotes behind it; an alleged tie stays an allegation. With
//   `as_of`, only claims stated on or before that date count, for the ties, statuses and quotes.
// tags: [complicity, officials, as-of]
// params:
//   official:
//     type: entity_id
//     labels: [Person]
//     description: Only this official; every official when omitted.
//   as_of:
//     type: date
//     description: Only ties backed by claims stated on or before this partial date.
// examples:
//   - params: {}
//     rows:
//       - {"official_id": "person:officials-linked-to-syndicate-buildings",
//          "target_id": "site:syndicate-buildings",
//          "via": ["LINKED_TO"],
//          "through": [],
//          "weakest_status": "alleged",
//          "quotes": ["They often work from buildings owned or linked to government officials and wealthy businessmen."]}
//       - {"official_id": "person:ream-military-official-1",
//          "target_id": "site:ream-naval-base",
//          "via": ["INVOLVED_IN", "LOCATED_IN"],
//          "through": ["corruption at Ream Naval Base (alleged)"],
//          "weakest_status": "alleged",
//          "quotes": ["The U.S. in November sanctioned two military officials over corruption allegations at Ream Naval Base.", "corruption allegations at Ream Naval Base"]}
//       - {"official_id": "person:ream-military-official-2",
//          "target_id": "site:ream-naval-base",
//          "via": ["INVOLVED_IN", "LOCATED_IN"],
//          "through": ["corruption at Ream Naval Base (alleged)"],
//          "weakest_status": "alleged",
//          "quotes": ["The U.S. in November sanctioned two military officials over corruption allegations at Ream Naval Base.", "corruption allegations at Ream Naval Base"]}
//   - params: {"as_of": "2021"}
//     rows: []
//   - params: {"official": "person:ream-military-official-2"}
//     rows:
//       - {"official_id": "person:ream-military-official-2",
//          "target_id": "site:ream-naval-base",
//          "via": ["INVOLVED_IN", "LOCATED_IN"],
//          "through": ["corruption at Ream Naval Base (alleged)"],
//          "weakest_status": "alleged",
//          "quotes": ["The U.S. in November sanctioned two military officials over corruption allegations at Ream Naval Base.", "corruption allegations at Ream Naval Base"]}
CALL () {
  // Two branches, so that a given official is found by an index seek rather than a scan; the
  // second checks its parameter first, so a given id costs no scan of the whole label.
  MATCH (o:Entity {id: $official}) USING INDEX o:Entity(id) WHERE o:Person RETURN o
  UNION
  WITH 1 AS everyone WHERE $official IS NULL
  MATCH (o:Person) RETURN o
}
WITH o
WHERE EXISTS {
    (o)-[:HOLDS_POSITION]->(:Position)-[:PART_OF]->(b)
    WHERE b:PublicBody OR b:Country OR b:Province OR b:City
  }
  OR EXISTS { (o)-[:MEMBER_OF]->(:PublicBody) }
  OR any(t IN coalesce(o.topics, []) WHERE t IN ['role.pep', 'role.civil', 'role.judge',
    'role.diplo', 'mil'] OR t STARTS WITH 'gov')
  OR toLower(o.name) CONTAINS 'official'
CALL (o) {
  MATCH p = (o)-[:OWNS|RUNS|LINKED_TO|LEADS|MEMBER_OF|OPERATES_FROM]-(target:Entity)
  RETURN p, target
  UNION
  MATCH p = (o)-[:INVOLVED_IN]->(:Event)-[:LOCATED_IN]->(target:Entity)
  RETURN p, target
}
WITH o, p, target
WHERE (target:Site OR target:CriminalGroup)
  AND ($as_of IS NULL OR all(r IN relationships(p) WHERE any(cid IN r.claim_ids WHERE EXISTS {
    MATCH (c:Claim {id: cid})
    WHERE left(coalesce(c.stated_on, '9999'), size($as_of)) <= $as_of
  })))
// Each hop takes its status as the loader stored it: on the edge, or with `as_of` on its
// latest claim stated by then (the edge as known on that date).
CALL (p) {
  UNWIND range(0, length(p) - 1) AS i
  MATCH (c:Claim)
  WHERE c.id IN relationships(p)[i].claim_ids
    AND ($as_of IS NULL OR left(coalesce(c.stated_on, '9999'), size($as_of)) <= $as_of)
  WITH i, c ORDER BY i, c.stated_on, c.id
  WITH i, collect(c) AS claims
  ORDER BY i
  WITH i, claims, CASE WHEN $as_of IS NULL
      THEN {status: relationships(p)[i].status, rank: relationships(p)[i].status_rank}
      ELSE {status: last(claims).edge_status, rank: last(claims).edge_rank} END AS hop
  WITH collect(hop) AS hops, collect(claims) AS per_hop
  WITH per_hop, reduce(w = head(hops), h IN hops | CASE WHEN h.rank < w.rank THEN h ELSE w END)
    AS weakest
  RETURN weakest.status AS weakest_status,
    reduce(q = [], cs IN per_hop | q + [c IN cs | c.quote]) AS quotes
}
RETURN o.id AS official_id, o.name AS official, target.id AS target_id, target.name AS target,
  target.type AS target_type, [r IN relationships(p) | type(r)] AS via,
  [x IN nodes(p)[1..-1] | x.name] AS through, weakest_status, quotes
ORDER BY official, target, size(via)
