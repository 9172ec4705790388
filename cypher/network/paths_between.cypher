// name: paths_between
// title: Paths between two entities
// description: >-
//   The shortest paths over direct edges between two entities (actors, places, sites, ...), at
//   most `max_hops` long, each edge backed by at least `min_sources` independent sources.
//   Paths do not pass through a source unless `through_sources` is true. With `as_of`, an edge
//   counts only when one of its claims was stated on or before that date (statuses and source
//   counts are the edges' current ones). Each row is one path, spelled out hop by hop with each
//   edge's status.
// tags: [network, as-of]
// params:
//   from:
//     type: entity_id
//     labels: [Entity]
//     required: true
//     description: Where the paths start.
//   to:
//     type: entity_id
//     labels: [Entity]
//     required: true
//     description: Where the paths end.
//   max_hops: {type: integer, default: 4, min: 1, max: 6, description: Longest path allowed.}
//   min_sources:
//     type: integer
//     default: 1
//     min: 1
//     max: 20
//     description: Fewest independent sources (distinct publishers) every edge must have.
//   through_sources:
//     type: boolean
//     default: false
//     description: Let paths pass through source nodes.
//   as_of:
//     type: date
//     description: Only edges backed by a claim stated on or before this partial date.
// examples:
//   - params: {"from": "person:long-dimanche", "to": "org:scam-syndicates"}
//     rows:
//       - {"hops_count": 3,
//          "hops": ["Long Dimanche -[STATES asserted]-> Sihanoukville authorities", "Sihanoukville authorities -[LOCATED_IN asserted]-> Sihanoukville", "Sihanoukville <-[OPERATES_IN asserted]- syndicates run by Chinese organized crime"],
//          "ids": ["person:long-dimanche", "org:sihanoukville-authorities", "city:sihanoukville", "org:scam-syndicates"],
//          "weakest_sources": 1}
//   - params: {"from": "person:long-dimanche", "to": "org:scam-syndicates", "as_of": "2021"}
//     description: "Every claim on the way was stated in 2022, so in 2021 no path was known."
//     rows: []
CALL () {
  // The conditions on each hop sit inside the pattern, so the search drops a hop as it meets it:
  // it never walks into claims, statements or (unless asked) sources, which hubs have by the
  // thousand. A pattern's bounds cannot come from a parameter, so each `max_hops` has its own
  // branch: a search bounded by 6 and cut afterwards would go on to 6 hops, through hubs,
  // whenever no path is short enough.
  WITH 1 AS hops WHERE $max_hops = 1
  MATCH p = ALL SHORTEST (a:Entity {id: $from})
    ((x:Entity)-[r]-(y:Entity)
      WHERE ($through_sources OR y.id = $to OR NOT y:Source)
        AND coalesce(r.n_independent_sources, 0) >= $min_sources
        AND ($as_of IS NULL OR any(cid IN r.claim_ids WHERE EXISTS {
          MATCH (c:Claim {id: cid})
          WHERE left(coalesce(c.stated_on, '9999'), size($as_of)) <= $as_of
        }))
    ){1}
    (b:Entity {id: $to})
  RETURN p
  UNION ALL
  WITH 1 AS hops WHERE $max_hops = 2
  MATCH p = ALL SHORTEST (a:Entity {id: $from})
    ((x:Entity)-[r]-(y:Entity)
      WHERE ($through_sources OR y.id = $to OR NOT y:Source)
        AND coalesce(r.n_independent_sources, 0) >= $min_sources
        AND ($as_of IS NULL OR any(cid IN r.claim_ids WHERE EXISTS {
          MATCH (c:Claim {id: cid})
          WHERE left(coalesce(c.stated_on, '9999'), size($as_of)) <= $as_of
        }))
    ){1,2}
    (b:Entity {id: $to})
  RETURN p
  UNION ALL
  WITH 1 AS hops WHERE $max_hops = 3
  MATCH p = ALL SHORTEST (a:Entity {id: $from})
    ((x:Entity)-[r]-(y:Entity)
      WHERE ($through_sources OR y.id = $to OR NOT y:Source)
        AND coalesce(r.n_independent_sources, 0) >= $min_sources
        AND ($as_of IS NULL OR any(cid IN r.claim_ids WHERE EXISTS {
          MATCH (c:Claim {id: cid})
          WHERE left(coalesce(c.stated_on, '9999'), size($as_of)) <= $as_of
        }))
    ){1,3}
    (b:Entity {id: $to})
  RETURN p
  UNION ALL
  WITH 1 AS hops WHERE $max_hops = 4
  MATCH p = ALL SHORTEST (a:Entity {id: $from})
    ((x:Entity)-[r]-(y:Entity)
      WHERE ($through_sources OR y.id = $to OR NOT y:Source)
        AND coalesce(r.n_independent_sources, 0) >= $min_sources
        AND ($as_of IS NULL OR any(cid IN r.claim_ids WHERE EXISTS {
          MATCH (c:Claim {id: cid})
          WHERE left(coalesce(c.stated_on, '9999'), size($as_of)) <= $as_of
        }))
    ){1,4}
    (b:Entity {id: $to})
  RETURN p
  UNION ALL
  WITH 1 AS hops WHERE $max_hops = 5
  MATCH p = ALL SHORTEST (a:Entity {id: $from})
    ((x:Entity)-[r]-(y:Entity)
      WHERE ($through_sources OR y.id = $to OR NOT y:Source)
        AND coalesce(r.n_independent_sources, 0) >= $min_sources
        AND ($as_of IS NULL OR any(cid IN r.claim_ids WHERE EXISTS {
          MATCH (c:Claim {id: cid})
          WHERE left(coalesce(c.stated_on, '9999'), size($as_of)) <= $as_of
        }))
    ){1,5}
    (b:Entity {id: $to})
  RETURN p
  UNION ALL
  WITH 1 AS hops WHERE $max_hops >= 6
  MATCH p = ALL SHORTEST (a:Entity {id: $from})
    ((x:Entity)-[r]-(y:Entity)
      WHERE ($through_sources OR y.id = $to OR NOT y:Source)
        AND coalesce(r.n_independent_sources, 0) >= $min_sources
        AND ($as_of IS NULL OR any(cid IN r.claim_ids WHERE EXISTS {
          MATCH (c:Claim {id: cid})
          WHERE left(coalesce(c.stated_on, '9999'), size($as_of)) <= $as_of
        }))
    ){1,6}
    (b:Entity {id: $to})
  RETURN p
}
WITH p, [i IN range(0, length(p) - 1) |
  nodes(p)[i].name +
  CASE WHEN startNode(relationships(p)[i]) = nodes(p)[i] THEN ' -[' ELSE ' <-[' END +
  type(relationships(p)[i]) + ' ' + relationships(p)[i].status +
  CASE WHEN startNode(relationships(p)[i]) = nodes(p)[i] THEN ']-> ' ELSE ']- ' END +
  nodes(p)[i + 1].name] AS hops
RETURN
  length(p) AS hops_count,
  hops,
  [x IN nodes(p) | x.id] AS ids,
  reduce(m = 1000000, r IN relationships(p) |
    CASE WHEN r.n_independent_sources < m THEN r.n_independent_sources ELSE m END
  ) AS weakest_sources,
  // Each hop's claims, so every path shows the words that support (or deny) it.
  [r IN relationships(p) | [(c:Claim)-[:CITED_IN]->(src:Source) WHERE c.id IN r.claim_ids |
    {stance: c.stance, quote: c.quote, source: src.name}]] AS quotes,
  p AS path
ORDER BY hops_count, ids
