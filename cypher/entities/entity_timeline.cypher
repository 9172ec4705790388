// name: entity_timeline
// title: Timeline of an entity
// description: >-
//   Every claim about an entity (as subject or object) in date order: the date the fact holds
//   from where the source gives one, else the date the claim was stated. Partial dates sort
//   before the fuller dates they contain (`2021` before `2021-11`). Each row carries its stance,
//   quote and source; `date_is` says which date was used.
// tags: [entities, time]
// params:
//   id:
//     type: entity_id
//     labels: [Entity]
//     required: true
//     description: The entity.
//   from: {type: date, description: Only claims dated from this partial date on.}
//   to: {type: date, description: Only claims dated up to this partial date.}
// examples:
//   - params: {"id": "site:ream-naval-base"}
//     rows:
//       - {"date": "2021-11",
//          "date_is": "valid_from",
//          "subject": "U.S. sanctions on two military officials over corruption allegations at Ream Naval Base",
//          "predicate": "CONCERNS",
//          "object": "Ream Naval Base",
//          "stance": "asserts",
//          "quote": "The U.S. in November sanctioned two military officials over corruption allegations at Ream Naval Base."}
//       - {"date": "2022",
//          "date_is": "stated_on",
//          "subject": "corruption at Ream Naval Base (alleged)",
//          "predicate": "LOCATED_IN",
//          "object": "Ream Naval Base",
//          "stance": "alleges",
//          "quote": "corruption allegations at Ream Naval Base"}
//       - {"date": "2022",
//          "date_is": "stated_on",
//          "subject": "Ream Naval Base",
//          "predicate": "LOCATED_IN",
//          "object": "Cambodia",
//          "stance": "asserts",
//          "quote": "The U.S. in November sanctioned two military officials over corruption allegations at Ream Naval Base."}
MATCH (e:Entity {id: $id})<-[role:SUBJECT|OBJECT]-(c:Claim)
USING INDEX e:Entity(id)
MATCH (c)-[:SUBJECT]->(s:Entity), (c)-[:OBJECT]->(o:Entity), (c)-[:CITED_IN]->(src:Source)
WITH c, s, o, src,
  coalesce(c.valid_from, c.stated_on) AS date,
  CASE WHEN c.valid_from IS NULL THEN 'stated_on' ELSE 'valid_from' END AS date_is
WHERE ($from IS NULL OR left(date, size($from)) >= $from)
  AND ($to IS NULL OR left(date, size($to)) <= $to)
RETURN date, date_is, s.name AS subject, c.predicate AS predicate, o.name AS object,
  c.stance AS stance, c.quote AS quote, src.name AS source, c.id AS claim_id
ORDER BY date, c.fact_key
