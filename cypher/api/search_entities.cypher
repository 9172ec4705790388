// name: search_entities
// title: Search entities by name or alias
// description: >-
//   Full-text search over entity names and aliases (the `entity_names` index), best matches
//   first. `text` is a Lucene query: plain words match whole words, `word~` matches near
//   spellings and `word*` prefixes; the HTTP search route builds a fuzzy query from plain text.
//   Filter by an entity type (a subtype such as CriminalGroup, or a parent such as Organization).
// tags: [search, entities]
// params:
//   text: {type: string, required: true, max_length: 200, description: Lucene query over names and aliases.}
//   type:
//     type: enum
//     values: [Person, Organization, CriminalGroup, Company, PublicBody, NGO, MediaOutlet,
//              InternationalBody, Country, Province, City, Site, Position, Sanction, Event, Source]
//     description: Only entities of this type (or subtype).
//   limit: {type: integer, default: 20, min: 1, max: 100, description: How many matches.}
// examples:
//   - description: a prefix finds the province and the city, different nodes
//     params: {text: "sihanouk*"}
//     match: contains
//     rows:
//       - {id: province:preah-sihanouk, type: Province}
//       - {id: city:sihanoukville, type: City}
//   - description: near spellings match, and a type narrows the answer
//     params: {text: "Dimanch~", type: Person}
//     rows:
//       - {id: person:long-dimanche, name: Long Dimanche}
CALL db.index.fulltext.queryNodes('entity_names', $text) YIELD node, score
WHERE $type IS NULL OR $type IN labels(node)
RETURN
  node.id AS id,
  node.name AS name,
  node.type AS type,
  coalesce(node.aliases, []) AS aliases,
  coalesce(node.unnamed, false) AS unnamed,
  round(score, 3) AS score
ORDER BY score DESC, name
LIMIT $limit
