// name: unnamed_actors
// title: Unnamed actors waiting to be identified
// description: >-
//   Actors a source mentions without naming them ("two military officials"), each described in
//   the source's own words, with the claims made about them and the sources those come from. A
//   later source that names one resolves onto it; until then it stays unnamed.
// tags: [entities, unnamed]
// params:
//   type:
//     type: enum
//     values: [Person, Organization, CriminalGroup, Company, PublicBody, NGO, MediaOutlet,
//       InternationalBody, Site, Source]
//     description: Only unnamed entities of this type (Organization includes its subtypes).
// examples:
//   - params: {"type": "Person"}
//     rows:
//       - {"id": "person:arrested-chinese-nationals",
//          "type": "Person",
//          "described_as": "a group of Chinese nationals arrested in Preah Sihanouk province, September 2021",
//          "claims": 3}
//       - {"id": "person:businessmen-linked-to-syndicate-buildings",
//          "type": "Person",
//          "described_as": "wealthy businessmen linked to the syndicates’ buildings",
//          "claims": 1}
//       - {"id": "person:cambodians-trafficked-internally",
//          "type": "Person",
//          "described_as": "thousands of Cambodians trafficked internally each year",
//          "claims": 2}
//       - {"id": "person:complicit-officials",
//          "type": "Person",
//          "described_as": "officials involved in credible reports of complicity",
//          "claims": 3}
//       - {"id": "person:foreign-call-center-workers",
//          "type": "Person",
//          "described_as": "foreign call-center workers held against their will",
//          "claims": 1}
//       - {"id": "person:hun-sen-bodyguard-commander",
//          "type": "Person",
//          "described_as": "a commander in Prime Minister Hun Sen’s bodyguard unit",
//          "claims": 3}
//       - {"id": "person:men-women-children-trafficked-throughout-cambodia",
//          "type": "Person",
//          "described_as": "thousands of men, women, and children subjected to human trafficking throughout the country",
//          "claims": 3}
//       - {"id": "person:officials-linked-to-syndicate-buildings",
//          "type": "Person",
//          "described_as": "government officials linked to the syndicates’ buildings",
//          "claims": 1}
//       - {"id": "person:ream-military-official-1",
//          "type": "Person",
//          "described_as": "military official sanctioned by the U.S. in November (first of two)",
//          "claims": 2}
//       - {"id": "person:ream-military-official-2",
//          "type": "Person",
//          "described_as": "military official sanctioned by the U.S. in November (second of two)",
//          "claims": 2}
//       - {"id": "person:unscrupulous-business-owners",
//          "type": "Person",
//          "described_as": "unscrupulous business owners",
//          "claims": 3}
//       - {"id": "person:victims-lured-into-scam-compounds",
//          "type": "Person",
//          "described_as": "victims lured by online ads promising high salaries and easy work",
//          "claims": 2}
MATCH (e:Entity {unnamed: true})
WHERE $type IS NULL OR $type IN labels(e)
OPTIONAL MATCH (e)<-[:SUBJECT|OBJECT]-(c:Claim)-[:CITED_IN]->(src:Source)
WITH e, count(DISTINCT c) AS claims, collect(DISTINCT src.id) AS sources
RETURN e.id AS id, e.type AS type, e.name AS described_as, e.description AS description,
  claims, sources
ORDER BY type, id
