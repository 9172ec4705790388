// name: sanctioned_actors
// title: Who is sanctioned, by whom, under what, and what lies around them
// description: >-
//   Every sanction with its target, the country or body that issued it, its programme and
//   date, what it concerns (a site, an event), the quote that records it, and the target's
//   other direct edges (memberships, alleged involvements, ...). Filter by the sanctioned
//   actor or by the issuer; an issuing agency counts for the country it acts for.
// tags: [sanctions]
// entities: {sanction: name, issuers: name, concerns: name, source: name}
// params:
//   target:
//     type: entity_id
//     labels: [Person, Organization, Site]
//     description: Only sanctions on this actor or site.
//   issuer:
//     type: entity_id
//     labels: [Country, Organization]
//     description: >-
//       Only sanctions issued by this country or body, or by a body acting for it (ACTS_FOR)
//       or inside it (UNIT_OF), at any depth of units.
// examples:
//   - params: {}
//     rows:
//       - {"target_id": "person:ream-military-official-1",
//          "sanction": "U.S. sanctions on two military officials over corruption allegations at Ream Naval Base",
//          "imposed_on": "2021-11",
//          "issuers": ["United States"],
//          "concerns": ["Ream Naval Base", "corruption at Ream Naval Base (alleged)"],
//          "around": ["INVOLVED_IN corruption at Ream Naval Base (alleged) (alleged)"]}
//       - {"target_id": "person:ream-military-official-2",
//          "sanction": "U.S. sanctions on two military officials over corruption allegations at Ream Naval Base",
//          "imposed_on": "2021-11",
//          "issuers": ["United States"],
//          "concerns": ["Ream Naval Base", "corruption at Ream Naval Base (alleged)"],
//          "around": ["INVOLVED_IN corruption at Ream Naval Base (alleged) (alleged)"]}
//       - {"target_id": "person:hun-sen-bodyguard-commander",
//          "sanction": "U.S. blacklisting of a commander in Prime Minister Hun Sen’s bodyguard unit",
//          "imposed_on": "2018",
//          "issuers": ["United States"],
//          "concerns": ["human rights abuses Washington accused a commander in Hun Sen’s bodyguard unit of"],
//          "around": ["INVOLVED_IN human rights abuses Washington accused a commander in Hun Sen’s bodyguard unit of (alleged)", "MEMBER_OF Prime Minister Hun Sen’s bodyguard unit (asserted)"]}
//   - params: {"target": "person:hun-sen-bodyguard-commander"}
//     rows:
//       - {"target_id": "person:hun-sen-bodyguard-commander",
//          "sanction": "U.S. blacklisting of a commander in Prime Minister Hun Sen’s bodyguard unit",
//          "imposed_on": "2018",
//          "issuers": ["United States"],
//          "concerns": ["human rights abuses Washington accused a commander in Hun Sen’s bodyguard unit of"],
//          "around": ["INVOLVED_IN human rights abuses Washington accused a commander in Hun Sen’s bodyguard unit of (alleged)", "MEMBER_OF Prime Minister Hun Sen’s bodyguard unit (asserted)"]}
CALL () {
  // Two branches, so that a given target is found by an index seek rather than a scan; the
  // second checks its parameter first, so a given id costs no scan of the whole label.
  MATCH (t:Entity {id: $target})<-[:TARGETS]-(s:Sanction)
  USING INDEX t:Entity(id)
  RETURN s, t
  UNION
  WITH 1 AS everyone WHERE $target IS NULL
  MATCH (t:Entity)<-[:TARGETS]-(s:Sanction) RETURN s, t
}
// Sorted before anything is looked up per row (nothing below gathers rows), so a capped read
// looks up the issuers, quotes and surroundings of the rows it keeps, not of every sanction.
WITH s, t ORDER BY s.imposed_on DESC, s.name, t.name
WITH s, t, COLLECT { MATCH (s)-[:ISSUED_BY]->(issuer:Entity) RETURN issuer } AS issued_by
// The issuer asked for, or a body inside it (UNIT_OF), or one acting for it (ACTS_FOR): the
// sanctions of a country include those its agencies and their offices issued.
WHERE $issuer IS NULL OR any(i IN issued_by WHERE i.id = $issuer OR EXISTS {
    MATCH (i)-[:UNIT_OF*0..4]->(body:Organization)
    WHERE EXISTS { (body)-[:UNIT_OF|ACTS_FOR]->(:Entity {id: $issuer}) }
  })
MATCH (s)-[tr:TARGETS]->(t)
CALL (tr) {
  // Primary sources first: a claim the source makes in its own name before one it relays, an
  // official notice or report before other kinds, then the earliest.
  MATCH (c:Claim)-[:CITED_IN]->(src:Source)
  WHERE c.id IN tr.claim_ids
  WITH c, src ORDER BY c.according_to IS NOT NULL,
    CASE src.kind WHEN 'sanctions_notice' THEN 0 WHEN 'government_report' THEN 1 ELSE 2 END,
    src.published_on, c.id
  RETURN collect(c.quote)[0] AS quote, collect(src.name)[0] AS source,
    collect(DISTINCT src.name) AS sources,
    collect({stance: c.stance, quote: c.quote, source: src.name}) AS quotes
}
RETURN t.id AS target_id, t.name AS target, t.type AS target_type, s.name AS sanction,
  s.imposed_on AS imposed_on, s.program AS program, [i IN issued_by | i.name] AS issuers,
  COLLECT {
    MATCH (s)-[:CONCERNS]->(x:Entity) RETURN x.name AS concern ORDER BY concern
  } AS concerns,
  COLLECT {
    MATCH (t)-[r]-(n:Entity)
    WHERE n <> s AND NOT n:Source
    RETURN type(r) + ' ' + n.name + ' (' + r.status + ')' AS edge ORDER BY edge
  } AS around,
  quote, source, sources, quotes
ORDER BY imposed_on DESC, sanction, target
