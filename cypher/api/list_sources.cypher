// name: list_sources
// title: Sources in the graph
// description: >-
//   Every source (news article, report, documentary, study, post, notice) with its kind,
//   publisher and date, and how many claims are cited in it or attributed to it.
// tags: [sources]
// params:
//   kind:
//     type: enum
//     values: source_kinds
//     description: Only sources of this kind.
//   limit: {type: integer, default: 100, min: 1, max: 1000, description: How many sources.}
// examples:
//   - params: {kind: news_article}
//     rows:
//       - id: source:camboja-2022-cambodia-tier-3
//         publisher: Cambodian Journalists Alliance Association
//         published_on: "2022"
MATCH (s:Source)
WHERE $kind IS NULL OR s.kind = $kind
OPTIONAL MATCH (s)-[:PUBLISHED_BY]->(publisher:Entity)
RETURN
  s.id AS id,
  s.name AS name,
  s.kind AS kind,
  s.published_on AS published_on,
  publisher.name AS publisher,
  COUNT { (:Claim)-[:CITED_IN]->(s) } AS claims_cited_in,
  COUNT { (:Claim)-[:ACCORDING_TO]->(s) } AS claims_attributed
ORDER BY s.published_on DESC, s.id
LIMIT $limit
