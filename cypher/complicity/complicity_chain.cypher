// name: complicity_chain
// title: Complicity chains from an official to a site or syndicate
// description: >-
//   Chains of direct edges from an official to a site or a criminal group (through ownership,
//   links, membership, leadership, employment, funding, working from a site, events and where
//   they happened), spelled out hop by hop: one row per claim on each hop, with its stance,
//   quote, source and speaker, so denials sit beside what they deny. Chains are ranked by their
//   weakest hop (fewest independent sources, then disputed below alleged below asserted): a
//   chain is only as strong as that hop. Paths do not pass through countries, provinces,
//   cities or sources. An official is a person who holds a position in a public body or a
//   place's administration, who is a member of a public body, who carries an official's topic
//   (role.pep, role.civil, role.judge, role.diplo, mil, gov.*), or whom the source itself calls
//   an official. With `as_of`, only claims stated on or before that date count: for the hops
//   found, their quotes, their status and sources, and the ranking.
// tags: [complicity, officials, network, as-of]
// entities: {official: name, target: name, from: name, to: name, source: name}
// params:
//   official:
//     type: entity_id
//     labels: [Person]
//     description: The official the chains start from; every official when omitted.
//   target:
//     type: entity_id
//     labels: [Site, CriminalGroup]
//     description: The site or criminal group the chains end at; any when omitted.
//   max_hops: {type: integer, default: 3, min: 1, max: 4, description: Longest chain.}
//   max_chains: {type: integer, default: 20, min: 1, max: 200, description: How many chains.}
//   as_of:
//     type: date
//     description: Only claims stated on or before this partial date.
// examples:
//   - params: {"official": "person:officials-linked-to-syndicate-buildings"}
//     rows:
//       - {"chain": 1,
//          "target": "buildings the syndicates work from",
//          "weakest_status": "alleged",
//          "weakest_sources": 1,
//          "hop": 1,
//          "from": "government officials linked to the syndicates’ buildings",
//          "direction": "->",
//          "predicate": "LINKED_TO",
//          "to": "buildings the syndicates work from",
//          "hop_status": "alleged",
//          "stance": "alleges",
//          "quote": "They often work from buildings owned or linked to government officials and wealthy businessmen.",
//          "source": "Cambodia falls to bottom rank on U.S. human-trafficking index"}
//       - {"chain": 2,
//          "target": "syndicates run by Chinese organized crime",
//          "weakest_status": "alleged",
//          "weakest_sources": 1,
//          "hop": 1,
//          "from": "government officials linked to the syndicates’ buildings",
//          "direction": "->",
//          "predicate": "LINKED_TO",
//          "to": "buildings the syndicates work from",
//          "hop_status": "alleged",
//          "stance": "alleges",
//          "quote": "They often work from buildings owned or linked to government officials and wealthy businessmen.",
//          "source": "Cambodia falls to bottom rank on U.S. human-trafficking index"}
//       - {"chain": 2,
//          "target": "syndicates run by Chinese organized crime",
//          "weakest_status": "alleged",
//          "weakest_sources": 1,
//          "hop": 2,
//          "from": "buildings the syndicates work from",
//          "direction": "<-",
//          "predicate": "OPERATES_FROM",
//          "to": "syndicates run by Chinese organized crime",
//          "hop_status": "asserted",
//          "stance": "asserts",
//          "quote": "They often work from buildings owned or linked to government officials and wealthy businessmen.",
//          "source": "Cambodia falls to bottom rank on U.S. human-trafficking index"}
//       - {"chain": 3,
//          "target": "Chinese organized crime",
//          "weakest_status": "alleged",
//          "weakest_sources": 1,
//          "hop": 1,
//          "from": "government officials linked to the syndicates’ buildings",
//          "direction": "->",
//          "predicate": "LINKED_TO",
//          "to": "buildings the syndicates work from",
//          "hop_status": "alleged",
//          "stance": "alleges",
//          "quote": "They often work from buildings owned or linked to government officials and wealthy businessmen.",
//          "source": "Cambodia falls to bottom rank on U.S. human-trafficking index"}
//       - {"chain": 3,
//          "target": "Chinese organized crime",
//          "weakest_status": "alleged",
//          "weakest_sources": 1,
//          "hop": 2,
//          "from": "buildings the syndicates work from",
//          "direction": "<-",
//          "predicate": "OPERATES_FROM",
//          "to": "syndicates run by Chinese organized crime",
//          "hop_status": "asserted",
//          "stance": "asserts",
//          "quote": "They often work from buildings owned or linked to government officials and wealthy businessmen.",
//          "source": "Cambodia falls to bottom rank on U.S. human-trafficking index"}
//       - {"chain": 3,
//          "target": "Chinese organized crime",
//          "weakest_status": "alleged",
//          "weakest_sources": 1,
//          "hop": 3,
//          "from": "syndicates run by Chinese organized crime",
//          "direction": "<-",
//          "predicate": "RUNS",
//          "to": "Chinese organized crime",
//          "hop_status": "asserted",
//          "stance": "asserts",
//          "quote": "The syndicates, run by Chinese organized crime",
//          "source": "Cambodia falls to bottom rank on U.S. human-trafficking index"}
//   - params: {"official": "person:ream-military-official-1", "as_of": "2021-12"}
//     description: "The seed article (2022) states the sanctions; by December 2021 nothing was on record."
//     rows: []
CALL () {
  // Chains are walked from the official when one is given; else from the target when one is
  // given (fewer chains pass through one target than start from every official); else from every
  // official. Both ways give each chain's entities and edges listed from the official on.
  //
  // Every chain is ranked but only `max_chains` are kept. The single hops between an official and
  // a target are cheap to find and already chains: the last of the best `max_chains` of them
  // bounds the rank a kept chain can have. A chain at least as strong has every hop with more
  // independent sources than that bound, or as many and a better status, or is a single hop tying
  // it; so the walks step only onto such hops. Without enough single hops, or with `as_of`
  // (statuses then come from the claims stated by that date), nothing bounds them and every chain
  // is walked. A pattern's bounds cannot come from a parameter, so each length has its own
  // branch: a walk bounded by 4 and cut to `max_hops` afterwards takes every fourth hop, past hubs.
  CALL () {
    // A given official is found by an index seek; the scan of every person checks its
    // parameters first, so a given id costs none.
    MATCH (o:Entity {id: $official}) USING INDEX o:Entity(id) WHERE o:Person RETURN o
    UNION
    WITH 1 AS everyone WHERE $official IS NULL AND $target IS NULL
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
  WITH collect(o) AS officials
  CALL (officials) {
    UNWIND officials AS o
    MATCH (o)-[r:OWNS|RUNS|LINKED_TO|LEADS|MEMBER_OF|EMPLOYS|OPERATES_FROM|FUNDS|INVESTS_IN|
      INVOLVED_IN|LOCATED_IN]-(target:Entity)
    WHERE (target:Site OR target:CriminalGroup) AND ($target IS NULL OR target.id = $target)
      AND NOT (target:Country OR target:Province OR target:City OR target:Source) AND target <> o
    WITH r.n_independent_sources AS sources, r.status_rank AS rank
    ORDER BY sources DESC, rank DESC
    LIMIT $max_chains
    RETURN collect([sources, rank]) AS best
  }
  WITH officials, CASE WHEN $as_of IS NULL AND size(best) = $max_chains AND
      all(b IN best WHERE b[0] IS NOT NULL AND b[1] IS NOT NULL)
    THEN last(best) ELSE [-1, -1] END AS bound
  UNWIND officials AS o
  CALL (o, bound) {
    WITH o, bound WHERE $max_hops = 1
    MATCH p = (o)
      ((a:Entity)-[r:OWNS|RUNS|LINKED_TO|LEADS|MEMBER_OF|EMPLOYS|OPERATES_FROM|FUNDS|INVESTS_IN|
        INVOLVED_IN|LOCATED_IN]-(b:Entity)
        WHERE NOT (b:Country OR b:Province OR b:City OR b:Source)
          AND ($as_of IS NULL OR any(cid IN r.claim_ids WHERE EXISTS {
            MATCH (c:Claim {id: cid})
            WHERE left(coalesce(c.stated_on, '9999'), size($as_of)) <= $as_of
          }))
          AND (bound[0] < 0 OR r.n_independent_sources > bound[0]
            OR (r.n_independent_sources >= bound[0] AND r.status_rank > bound[1]))
      ){1}
      (target:Entity)
    WHERE (target:Site OR target:CriminalGroup) AND ($target IS NULL OR target.id = $target)
    RETURN p, target
    UNION ALL
    WITH o, bound WHERE $max_hops = 2
    MATCH p = (o)
      ((a:Entity)-[r:OWNS|RUNS|LINKED_TO|LEADS|MEMBER_OF|EMPLOYS|OPERATES_FROM|FUNDS|INVESTS_IN|
        INVOLVED_IN|LOCATED_IN]-(b:Entity)
        WHERE NOT (b:Country OR b:Province OR b:City OR b:Source)
          AND ($as_of IS NULL OR any(cid IN r.claim_ids WHERE EXISTS {
            MATCH (c:Claim {id: cid})
            WHERE left(coalesce(c.stated_on, '9999'), size($as_of)) <= $as_of
          }))
          AND (bound[0] < 0 OR r.n_independent_sources > bound[0]
            OR (r.n_independent_sources >= bound[0] AND r.status_rank > bound[1]))
      ){1,2}
      (target:Entity)
    WHERE (target:Site OR target:CriminalGroup) AND ($target IS NULL OR target.id = $target)
    RETURN p, target
    UNION ALL
    WITH o, bound WHERE $max_hops = 3
    MATCH p = (o)
      ((a:Entity)-[r:OWNS|RUNS|LINKED_TO|LEADS|MEMBER_OF|EMPLOYS|OPERATES_FROM|FUNDS|INVESTS_IN|
        INVOLVED_IN|LOCATED_IN]-(b:Entity)
        WHERE NOT (b:Country OR b:Province OR b:City OR b:Source)
          AND ($as_of IS NULL OR any(cid IN r.claim_ids WHERE EXISTS {
            MATCH (c:Claim {id: cid})
            WHERE left(coalesce(c.stated_on, '9999'), size($as_of)) <= $as_of
          }))
          AND (bound[0] < 0 OR r.n_independent_sources > bound[0]
            OR (r.n_independent_sources >= bound[0] AND r.status_rank > bound[1]))
      ){1,3}
      (target:Entity)
    WHERE (target:Site OR target:CriminalGroup) AND ($target IS NULL OR target.id = $target)
    RETURN p, target
    UNION ALL
    WITH o, bound WHERE $max_hops >= 4
    MATCH p = (o)
      ((a:Entity)-[r:OWNS|RUNS|LINKED_TO|LEADS|MEMBER_OF|EMPLOYS|OPERATES_FROM|FUNDS|INVESTS_IN|
        INVOLVED_IN|LOCATED_IN]-(b:Entity)
        WHERE NOT (b:Country OR b:Province OR b:City OR b:Source)
          AND ($as_of IS NULL OR any(cid IN r.claim_ids WHERE EXISTS {
            MATCH (c:Claim {id: cid})
            WHERE left(coalesce(c.stated_on, '9999'), size($as_of)) <= $as_of
          }))
          AND (bound[0] < 0 OR r.n_independent_sources > bound[0]
            OR (r.n_independent_sources >= bound[0] AND r.status_rank > bound[1]))
      ){1,4}
      (target:Entity)
    WHERE (target:Site OR target:CriminalGroup) AND ($target IS NULL OR target.id = $target)
    RETURN p, target
    UNION ALL
    // The single hops that tie the bound.
    WITH o, bound WHERE bound[0] >= 0
    MATCH p = (o)
      ((a:Entity)-[r:OWNS|RUNS|LINKED_TO|LEADS|MEMBER_OF|EMPLOYS|OPERATES_FROM|FUNDS|INVESTS_IN|
        INVOLVED_IN|LOCATED_IN]-(b:Entity)
        WHERE NOT (b:Country OR b:Province OR b:City OR b:Source)
          AND r.n_independent_sources = bound[0] AND r.status_rank = bound[1]
      ){1}
      (target:Entity)
    WHERE (target:Site OR target:CriminalGroup) AND ($target IS NULL OR target.id = $target)
    RETURN p, target
  }
  RETURN o, target, nodes(p) AS entities, relationships(p) AS edges
  UNION ALL
  // From the target: each walk ends at an official, and is turned round.
  WITH 1 AS one WHERE $official IS NULL AND $target IS NOT NULL
  MATCH (target:Entity {id: $target}) USING INDEX target:Entity(id)
  WHERE (target:Site OR target:CriminalGroup)
    AND NOT (target:Country OR target:Province OR target:City OR target:Source)
  // Near a target the chains of one or two hops are few enough to rank first: the last of
  // the best `max_chains` bounds the rest as the single hops do above, with its length.
  CALL (target) {
    MATCH p = (target)
      ((x:Entity)-[r:OWNS|RUNS|LINKED_TO|LEADS|MEMBER_OF|EMPLOYS|OPERATES_FROM|FUNDS|INVESTS_IN|
        INVOLVED_IN|LOCATED_IN]-(y:Entity)
        WHERE NOT (x:Country OR x:Province OR x:City OR x:Source)
      ){1,2}
      (o:Person)
    WHERE length(p) <= $max_hops
      AND all(i IN range(0, length(p)) WHERE
        none(j IN range(i + 1, length(p)) WHERE nodes(p)[i] = nodes(p)[j]))
      AND (EXISTS {
        (o)-[:HOLDS_POSITION]->(:Position)-[:PART_OF]->(b)
        WHERE b:PublicBody OR b:Country OR b:Province OR b:City
      }
      OR EXISTS { (o)-[:MEMBER_OF]->(:PublicBody) }
      OR any(t IN coalesce(o.topics, []) WHERE t IN ['role.pep', 'role.civil', 'role.judge',
        'role.diplo', 'mil'] OR t STARTS WITH 'gov')
      OR toLower(o.name) CONTAINS 'official')
    WITH reduce(m = 1000000, e IN relationships(p) |
        CASE WHEN e.n_independent_sources < m THEN e.n_independent_sources ELSE m END) AS sources,
      reduce(m = 1000000, e IN relationships(p) |
        CASE WHEN e.status_rank < m THEN e.status_rank ELSE m END) AS rank,
      length(p) AS hops
    ORDER BY sources DESC, rank DESC, hops
    LIMIT $max_chains
    RETURN collect([sources, rank, hops]) AS best
  }
  WITH target, CASE WHEN $as_of IS NULL AND size(best) = $max_chains AND
      all(b IN best WHERE b[0] IS NOT NULL AND b[1] IS NOT NULL)
    THEN last(best) ELSE [-1, -1, 0] END AS bound
  CALL (target, bound) {
    WITH target, bound WHERE $max_hops = 1
    MATCH p = (target)
      ((x:Entity)-[r:OWNS|RUNS|LINKED_TO|LEADS|MEMBER_OF|EMPLOYS|OPERATES_FROM|FUNDS|INVESTS_IN|
        INVOLVED_IN|LOCATED_IN]-(y:Entity)
        WHERE NOT (x:Country OR x:Province OR x:City OR x:Source)
          AND ($as_of IS NULL OR any(cid IN r.claim_ids WHERE EXISTS {
            MATCH (c:Claim {id: cid})
            WHERE left(coalesce(c.stated_on, '9999'), size($as_of)) <= $as_of
          }))
          AND (bound[0] < 0 OR r.n_independent_sources > bound[0]
            OR (r.n_independent_sources >= bound[0] AND r.status_rank > bound[1]))
      ){1}
      (o:Person)
    WHERE EXISTS {
        (o)-[:HOLDS_POSITION]->(:Position)-[:PART_OF]->(b)
        WHERE b:PublicBody OR b:Country OR b:Province OR b:City
      }
      OR EXISTS { (o)-[:MEMBER_OF]->(:PublicBody) }
      OR any(t IN coalesce(o.topics, []) WHERE t IN ['role.pep', 'role.civil', 'role.judge',
        'role.diplo', 'mil'] OR t STARTS WITH 'gov')
      OR toLower(o.name) CONTAINS 'official'
    RETURN o, p
    UNION ALL
    WITH target, bound WHERE $max_hops = 2
    MATCH p = (target)
      ((x:Entity)-[r:OWNS|RUNS|LINKED_TO|LEADS|MEMBER_OF|EMPLOYS|OPERATES_FROM|FUNDS|INVESTS_IN|
        INVOLVED_IN|LOCATED_IN]-(y:Entity)
        WHERE NOT (x:Country OR x:Province OR x:City OR x:Source)
          AND ($as_of IS NULL OR any(cid IN r.claim_ids WHERE EXISTS {
            MATCH (c:Claim {id: cid})
            WHERE left(coalesce(c.stated_on, '9999'), size($as_of)) <= $as_of
          }))
          AND (bound[0] < 0 OR r.n_independent_sources > bound[0]
            OR (r.n_independent_sources >= bound[0] AND r.status_rank > bound[1]))
      ){1,2}
      (o:Person)
    WHERE EXISTS {
        (o)-[:HOLDS_POSITION]->(:Position)-[:PART_OF]->(b)
        WHERE b:PublicBody OR b:Country OR b:Province OR b:City
      }
      OR EXISTS { (o)-[:MEMBER_OF]->(:PublicBody) }
      OR any(t IN coalesce(o.topics, []) WHERE t IN ['role.pep', 'role.civil', 'role.judge',
        'role.diplo', 'mil'] OR t STARTS WITH 'gov')
      OR toLower(o.name) CONTAINS 'official'
    RETURN o, p
    UNION ALL
    WITH target, bound WHERE $max_hops = 3
    MATCH p = (target)
      ((x:Entity)-[r:OWNS|RUNS|LINKED_TO|LEADS|MEMBER_OF|EMPLOYS|OPERATES_FROM|FUNDS|INVESTS_IN|
        INVOLVED_IN|LOCATED_IN]-(y:Entity)
        WHERE NOT (x:Country OR x:Province OR x:City OR x:Source)
          AND ($as_of IS NULL OR any(cid IN r.claim_ids WHERE EXISTS {
            MATCH (c:Claim {id: cid})
            WHERE left(coalesce(c.stated_on, '9999'), size($as_of)) <= $as_of
          }))
          AND (bound[0] < 0 OR r.n_independent_sources > bound[0]
            OR (r.n_independent_sources >= bound[0] AND r.status_rank > bound[1]))
      ){1,3}
      (o:Person)
    WHERE EXISTS {
        (o)-[:HOLDS_POSITION]->(:Position)-[:PART_OF]->(b)
        WHERE b:PublicBody OR b:Country OR b:Province OR b:City
      }
      OR EXISTS { (o)-[:MEMBER_OF]->(:PublicBody) }
      OR any(t IN coalesce(o.topics, []) WHERE t IN ['role.pep', 'role.civil', 'role.judge',
        'role.diplo', 'mil'] OR t STARTS WITH 'gov')
      OR toLower(o.name) CONTAINS 'official'
    RETURN o, p
    UNION ALL
    WITH target, bound WHERE $max_hops >= 4
    MATCH p = (target)
      ((x:Entity)-[r:OWNS|RUNS|LINKED_TO|LEADS|MEMBER_OF|EMPLOYS|OPERATES_FROM|FUNDS|INVESTS_IN|
        INVOLVED_IN|LOCATED_IN]-(y:Entity)
        WHERE NOT (x:Country OR x:Province OR x:City OR x:Source)
          AND ($as_of IS NULL OR any(cid IN r.claim_ids WHERE EXISTS {
            MATCH (c:Claim {id: cid})
            WHERE left(coalesce(c.stated_on, '9999'), size($as_of)) <= $as_of
          }))
          AND (bound[0] < 0 OR r.n_independent_sources > bound[0]
            OR (r.n_independent_sources >= bound[0] AND r.status_rank > bound[1]))
      ){1,4}
      (o:Person)
    WHERE EXISTS {
        (o)-[:HOLDS_POSITION]->(:Position)-[:PART_OF]->(b)
        WHERE b:PublicBody OR b:Country OR b:Province OR b:City
      }
      OR EXISTS { (o)-[:MEMBER_OF]->(:PublicBody) }
      OR any(t IN coalesce(o.topics, []) WHERE t IN ['role.pep', 'role.civil', 'role.judge',
        'role.diplo', 'mil'] OR t STARTS WITH 'gov')
      OR toLower(o.name) CONTAINS 'official'
    RETURN o, p
    UNION ALL
    // The chains that tie the bound: no longer than it.
    WITH target, bound WHERE bound[0] >= 0
    MATCH p = (target)
      ((x:Entity)-[r:OWNS|RUNS|LINKED_TO|LEADS|MEMBER_OF|EMPLOYS|OPERATES_FROM|FUNDS|INVESTS_IN|
        INVOLVED_IN|LOCATED_IN]-(y:Entity)
        WHERE NOT (x:Country OR x:Province OR x:City OR x:Source)
          AND r.n_independent_sources >= bound[0] AND r.status_rank >= bound[1]
      ){1,2}
      (o:Person)
    WHERE length(p) <= bound[2] AND (EXISTS {
        (o)-[:HOLDS_POSITION]->(:Position)-[:PART_OF]->(b)
        WHERE b:PublicBody OR b:Country OR b:Province OR b:City
      }
      OR EXISTS { (o)-[:MEMBER_OF]->(:PublicBody) }
      OR any(t IN coalesce(o.topics, []) WHERE t IN ['role.pep', 'role.civil', 'role.judge',
        'role.diplo', 'mil'] OR t STARTS WITH 'gov')
      OR toLower(o.name) CONTAINS 'official')
    RETURN o, p
  }
  RETURN o, target, reverse(nodes(p)) AS entities, reverse(relationships(p)) AS edges
}
WITH DISTINCT o, target, entities, edges
// A chain never comes back to an entity it has passed.
WHERE all(i IN range(0, size(edges)) WHERE
    none(j IN range(i + 1, size(edges)) WHERE entities[i] = entities[j]))
// Each hop takes status and independent sources as the loader stored them: on the edge, or
// with `as_of` on its latest claim stated by then (the edge as known on that date).
WITH o, target, entities, edges, [x IN edges |
    CASE WHEN $as_of IS NULL
      THEN {status: x.status, rank: x.status_rank, sources: x.n_independent_sources}
      ELSE head(COLLECT {
        MATCH (c:Claim) WHERE c.id IN x.claim_ids
          AND left(coalesce(c.stated_on, '9999'), size($as_of)) <= $as_of
        RETURN {status: c.edge_status, rank: c.edge_rank, sources: c.edge_independent} AS h
        ORDER BY c.stated_on DESC
      })
    END] AS hops
WITH o, target, entities, edges, hops,
  reduce(m = 1000000, h IN hops | CASE WHEN h.sources < m THEN h.sources ELSE m END)
    AS weakest_sources,
  reduce(w = head(hops), h IN hops | CASE WHEN h.rank < w.rank THEN h ELSE w END) AS weakest
// Two edges of different types may join the same entities: their types, each with the id it
// starts from, keep the ranking (and so which chains are kept) the same from run to run.
ORDER BY weakest_sources DESC, weakest.rank DESC, size(edges), [x IN entities | x.id],
  [x IN edges | [type(x), startNode(x).id]]
LIMIT $max_chains
WITH collect({official: o, target: target, entities: entities, edges: edges,
  sources: weakest_sources, hops: hops, status: weakest.status}) AS chains
UNWIND range(0, size(chains) - 1) AS n
WITH n + 1 AS chain, chains[n] AS ch
UNWIND range(0, size(ch.edges) - 1) AS i
WITH chain, ch, i + 1 AS hop, ch.edges[i] AS r, ch.entities[i] AS a, ch.entities[i + 1] AS b,
  ch.hops[i].status AS hop_status
MATCH (c:Claim)-[:CITED_IN]->(src:Source)
WHERE c.id IN r.claim_ids
  AND ($as_of IS NULL OR left(coalesce(c.stated_on, '9999'), size($as_of)) <= $as_of)
OPTIONAL MATCH (c)-[:MADE_BY]->(speaker:Entity)
RETURN chain, ch.official.name AS official, ch.target.name AS target,
  ch.status AS weakest_status, ch.sources AS weakest_sources, hop, a.name AS from,
  CASE WHEN startNode(r) = a THEN '->' ELSE '<-' END AS direction, type(r) AS predicate,
  b.name AS to, hop_status, c.stance AS stance, c.quote AS quote,
  src.name AS source, speaker.name AS speaker
ORDER BY chain, hop, c.stated_on, c.id
