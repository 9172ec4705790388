// name: neighbourhood
// title: Neighbourhood of an entity
// description: >-
//   Every entity within `depth` hops of one entity over direct edges, with the shortest way to
//   reach it and the weakest edge on that way. Paths do not pass through a source unless
//   `through_sources` is true, since a report would otherwise link everything it mentions.
//   With `as_of`, an edge counts only when one of its claims was stated on or before that date:
//   the neighbourhood as it was known then (the status shown is the edge's current one).
// tags: [network, as-of]
// params:
//   id:
//     type: entity_id
//     labels: [Entity]
//     required: true
//     description: The entity at the centre.
//   depth: {type: integer, default: 1, min: 1, max: 3, description: How many hops out.}
//   through_sources:
//     type: boolean
//     default: false
//     description: Let paths pass through source nodes.
//   as_of:
//     type: date
//     description: Only edges backed by a claim stated on or before this partial date.
// examples:
//   - params: {"id": "city:sihanoukville"}
//     rows:
//       - {"id": "source:al-jazeera-documentary",
//          "type": "Source",
//          "distance": 1,
//          "via": ["REPORTS_ON"],
//          "weakest_status": "asserted"}
//       - {"id": "source:gi-toc-study",
//          "type": "Source",
//          "distance": 1,
//          "via": ["REPORTS_ON"],
//          "weakest_status": "asserted"}
//       - {"id": "province:preah-sihanouk",
//          "type": "Province",
//          "distance": 1,
//          "via": ["LOCATED_IN"],
//          "weakest_status": "asserted"}
//       - {"id": "org:sihanoukville-authorities",
//          "type": "PublicBody",
//          "distance": 1,
//          "via": ["LOCATED_IN"],
//          "weakest_status": "asserted"}
//       - {"id": "org:scam-syndicates",
//          "type": "CriminalGroup",
//          "distance": 1,
//          "via": ["OPERATES_IN"],
//          "weakest_status": "asserted"}
//       - {"id": "event:risk-of-illicit-trade-in-sihanoukville",
//          "type": "Event",
//          "distance": 1,
//          "via": ["LOCATED_IN"],
//          "weakest_status": "asserted"}
//   - params: {"id": "city:sihanoukville", "depth": 2, "as_of": "2021"}
//     description: "As known at the end of 2021, only the GI-TOC study (stated 2021) was on record."
//     rows:
//       - {"id": "source:gi-toc-study",
//          "type": "Source",
//          "distance": 1,
//          "via": ["REPORTS_ON"],
//          "weakest_status": "asserted"}
MATCH (centre:Entity {id: $id})
  // A pattern's bounds cannot come from a parameter, so each depth has its own branch: a walk
  // bounded by 3 and cut to `depth` afterwards would still take every third hop, and past a hub
  // that is most of the graph.
CALL (centre) {
  WITH centre WHERE $depth = 1
  MATCH p = (centre)
    ((a:Entity)-[r]-(b:Entity)
      WHERE ($through_sources OR a.id = $id OR NOT a:Source)
        AND ($as_of IS NULL OR any(cid IN r.claim_ids WHERE EXISTS {
          MATCH (c:Claim {id: cid})
          WHERE left(coalesce(c.stated_on, '9999'), size($as_of)) <= $as_of
        }))
    ){1}
    (:Entity)
  RETURN p
  UNION ALL
  WITH centre WHERE $depth = 2
  MATCH p = (centre)
    ((a:Entity)-[r]-(b:Entity)
      WHERE ($through_sources OR a.id = $id OR NOT a:Source)
        AND ($as_of IS NULL OR any(cid IN r.claim_ids WHERE EXISTS {
          MATCH (c:Claim {id: cid})
          WHERE left(coalesce(c.stated_on, '9999'), size($as_of)) <= $as_of
        }))
    ){1,2}
    (:Entity)
  RETURN p
  UNION ALL
  WITH centre WHERE $depth >= 3
  MATCH p = (centre)
    ((a:Entity)-[r]-(b:Entity)
      WHERE ($through_sources OR a.id = $id OR NOT a:Source)
        AND ($as_of IS NULL OR any(cid IN r.claim_ids WHERE EXISTS {
          MATCH (c:Claim {id: cid})
          WHERE left(coalesce(c.stated_on, '9999'), size($as_of)) <= $as_of
        }))
    ){1,3}
    (:Entity)
  RETURN p
}
WITH centre, p, last(nodes(p)) AS neighbour
WHERE neighbour <> centre
WITH neighbour, p
ORDER BY length(p), [x IN nodes(p) | x.id]
WITH neighbour, collect(p)[0] AS path
RETURN
  neighbour.id AS id,
  neighbour.name AS name,
  neighbour.type AS type,
  length(path) AS distance,
  [x IN relationships(path) | type(x)] AS via,
  reduce(s = 'asserted', x IN relationships(path) |
    CASE
      WHEN s = 'disputed' OR x.status = 'disputed' THEN 'disputed'
      WHEN s = 'alleged' OR x.status = 'alleged' THEN 'alleged'
      ELSE 'asserted'
    END) AS weakest_status,
  path
ORDER BY distance, name
