// name: most_connected
// title: Most connected entities of a type
// description: >-
//   Entities of one type ranked by how many distinct entities they share a direct edge with,
//   and by how many claims back those edges. Sources are not counted as neighbours unless
//   `count_sources` is true, since being reported on is not a connection.
// tags: [network, overview]
// params:
//   type:
//     type: enum
//     values: entity_types
//     default: Person
//     description: The entity type to rank (Organization includes its subtypes).
//   include_unnamed:
//     type: boolean
//     default: true
//     description: Rank unnamed actors too.
//   count_sources:
//     type: boolean
//     default: false
//     description: Count source nodes as neighbours.
//   limit: {type: integer, default: 10, min: 1, max: 100, description: How many entities.}
// examples:
//   - params: {"type": "Person", "limit": 5}
//     rows:
//       - {"id": "person:am-sam-ath", "neighbours": 4, "claims": 4}
//       - {"id": "person:long-dimanche", "neighbours": 3, "claims": 4}
//       - {"id": "person:chou-bun-eng", "neighbours": 3, "claims": 3}
//       - {"id": "person:hun-sen-bodyguard-commander", "neighbours": 3, "claims": 3}
//       - {"id": "person:arrested-chinese-nationals", "neighbours": 3, "claims": 3}
//   - params: {"type": "Organization", "include_unnamed": false, "limit": 3}
//     rows:
//       - {"id": "org:licadho", "neighbours": 2, "claims": 2}
//       - {"id": "org:ncct", "neighbours": 2, "claims": 2}
//       - {"id": "org:central", "neighbours": 1, "claims": 3}
MATCH (e:Entity)
WHERE $type IN labels(e) AND ($include_unnamed OR NOT coalesce(e.unnamed, false))
MATCH (e)-[r]-(n:Entity)
WHERE $count_sources OR NOT n:Source
WITH e, count(DISTINCT n) AS neighbours, sum(coalesce(r.n_claims, 0)) AS claims
RETURN e.id AS id, e.name AS name, e.type AS type, neighbours, claims
ORDER BY neighbours DESC, claims DESC, name
LIMIT $limit
