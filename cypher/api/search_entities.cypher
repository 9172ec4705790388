// name: search_entities
// title: Search entities by what people type
// description: >-
//   Full-text search over entity names, aliases, descriptions and search keys (the
//   `entity_names` index), best matches first. `text` is plain words, never Lucene syntax: they
//   are normalised (case, accents, punctuation, other scripts transliterated) and each must match
//   exactly, as a prefix or nearly; or the words joined must (so "Sihanouk Ville" finds
//   Sihanoukville). In the Browser, the `:param` line holds the query built from the words.
//   Filter by an entity type (a subtype such as CriminalGroup, or a parent such as Organization).
// tags: [search, entities]
// params:
//   text: {type: search, required: true, max_length: 200, description: "Words of a name, alias or description."}
//   type:
//     type: enum
//     values: entity_types
//     description: Only entities of this type (or subtype).
//   limit: {type: integer, default: 20, min: 1, max: 100, description: How many matches.}
// examples:
//   - description: a name split in two finds the city; the province is a different node
//     params: {text: "Sihanouk Ville"}
//     match: contains
//     rows:
//       - {id: city:sihanoukville, type: City}
//   - description: the start of a word finds the province and the city
//     params: {text: "sihanouk"}
//     match: contains
//     rows:
//       - {id: province:preah-sihanouk, type: Province}
//       - {id: city:sihanoukville, type: City}
//   - description: near spellings match, and a type narrows the answer
//     params: {text: "Dimanch", type: Person}
//     rows:
//       - {id: person:long-dimanche, name: Long Dimanche}
WITH $text AS query
WHERE query <> ''
CALL db.index.fulltext.queryNodes('entity_names', query) YIELD node, score
WITH node, score
WHERE $type IS NULL OR $type IN labels(node)
RETURN
  node.id AS id,
  node.name AS name,
  node.type AS type,
  coalesce(node.aliases, []) AS aliases,
  node.description AS description,
  coalesce(node.unnamed, false) AS unnamed,
  round(score, 3) AS score
ORDER BY score DESC, name
LIMIT $limit
