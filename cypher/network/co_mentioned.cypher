// name: co_mentioned
// title: Entities mentioned together with an entity
// description: >-
//   Entities that the same source mentions in the same passage as the given entity: the
//   subject or object of a claim whose quote overlaps (one contains the other) a quote of a
//   claim about the entity, in the same source. Being mentioned together is not a link; it is
//   a lead to read the passages.
// tags: [network, sources]
// params:
//   id:
//     type: entity_id
//     labels: [Entity]
//     required: true
//     description: The entity whose company in the text is wanted.
//   limit: {type: integer, default: 25, min: 1, max: 200, description: How many entities.}
// examples:
//   - params: {"id": "city:bavet"}
//     rows:
//       - {"id": "country:cambodia",
//          "passages": 1,
//          "sample_quote": "Their presence has since grown to Phnom Penh, Bavet, Poipet and other cities."}
//       - {"id": "city:phnom-penh",
//          "passages": 1,
//          "sample_quote": "Their presence has since grown to Phnom Penh, Bavet, Poipet and other cities."}
//       - {"id": "city:poipet",
//          "passages": 1,
//          "sample_quote": "Their presence has since grown to Phnom Penh, Bavet, Poipet and other cities."}
//       - {"id": "city:other-cities-of-the-spread",
//          "passages": 1,
//          "sample_quote": "Their presence has since grown to Phnom Penh, Bavet, Poipet and other cities."}
//       - {"id": "org:scam-syndicates",
//          "passages": 1,
//          "sample_quote": "Their presence has since grown to Phnom Penh, Bavet, Poipet and other cities."}
MATCH (e:Entity {id: $id})<-[:SUBJECT|OBJECT]-(c:Claim)-[:CITED_IN]->(s:Source)
USING INDEX e:Entity(id)
MATCH (s)<-[:CITED_IN]-(d:Claim)-[:SUBJECT|OBJECT]->(other:Entity)
WHERE other <> e AND (d.quote CONTAINS c.quote OR c.quote CONTAINS d.quote)
WITH other, s, d.quote AS quote
ORDER BY quote
WITH other, count(DISTINCT quote) AS passages, collect(DISTINCT s.id) AS sources,
  collect(quote)[0] AS sample_quote
RETURN other.id AS id, other.name AS name, other.type AS type, passages, sources, sample_quote
ORDER BY passages DESC, name
LIMIT $limit
