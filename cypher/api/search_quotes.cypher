// name: search_quotes
// title: Search the quotes of claims
// description: >-
//   Full-text search over the quotes of every claim (the `claim_quotes` index), best matches
//   first: the words a source used, with the claim they carry, its stance, its source and who
//   spoke. `text` is plain words, never Lucene syntax, handled as in search_entities: each word
//   must match exactly, as a prefix or nearly. Filter by stance to find only denials, say.
// tags: [search, claims, sources]
// params:
//   text: {type: search, required: true, max_length: 200, description: Words of a quote.}
//   stance:
//     type: enum
//     values: stances
//     description: Only claims of this stance.
//   limit: {type: integer, default: 20, min: 1, max: 100, description: How many matches.}
// examples:
//   - description: the GI-TOC study on the risk of illicit trade in Sihanoukville
//     params: {text: "illicit trade"}
//     match: contains
//     rows:
//       - {subject_id: source:gi-toc-study, predicate: REPORTS_ON, object_id: city:sihanoukville, source_id: source:camboja-2022-cambodia-tier-3}
//   - description: only the denials among the quotes that speak of disinformation
//     params: {text: "disinformation", stance: denies}
//     rows:
//       - {subject_id: source:al-jazeera-documentary, stance: denies, speaker_id: person:long-dimanche}
WITH $text AS query
WHERE query <> ''
CALL db.index.fulltext.queryNodes('claim_quotes', query) YIELD node AS claim, score
WITH claim, score
WHERE $stance IS NULL OR claim.stance = $stance
ORDER BY score DESC, claim.id
LIMIT $limit
MATCH (claim)-[:CITED_IN]->(source:Source)
OPTIONAL MATCH (claim)-[:SUBJECT]->(subject:Entity)
OPTIONAL MATCH (claim)-[:OBJECT]->(object:Entity)
OPTIONAL MATCH (claim)-[:ACCORDING_TO]->(according:Source)
OPTIONAL MATCH (claim)-[:MADE_BY]->(speaker:Entity)
RETURN
  claim.id AS claim_id,
  claim.quote AS quote,
  claim.stance AS stance,
  subject.id AS subject_id,
  subject.name AS subject,
  claim.predicate AS predicate,
  object.id AS object_id,
  object.name AS object,
  source.id AS source_id,
  source.name AS source,
  according.id AS according_to_id,
  speaker.id AS speaker_id,
  speaker.name AS speaker,
  round(score, 3) AS score
ORDER BY score DESC, claim_id
