// name: claims_and_denials
// title: Claims about an entity beside the denials of them
// description: >-
//   Every asserting or alleging claim that names the entity (as subject or object), each beside
//   the claims that deny, dispute or retract it, with who answered, their quote and source.
//   One row per claim and answer; a claim nobody answered has one row with empty answer columns,
//   unless `answered_only` is true.
// tags: [claims, denials]
// entities: {subject: name, object: name, answered_by: name, source: name}
// params:
//   id:
//     type: entity_id
//     labels: [Entity]
//     required: true
//     description: The entity the claims are about.
//   answered_only:
//     type: boolean
//     default: false
//     description: Only claims that someone denied, disputed or retracted.
// examples:
//   - params: {"id": "country:cambodia", "answered_only": true}
//     rows:
//       - {"predicate": "RATES",
//          "object": "Cambodia",
//          "stance": "asserts",
//          "answer": "disputes",
//          "answered_by": "Chou Bun Eng",
//          "answer_quote": "Chou Bun Eng, vice chairperson of the National Committee for Counter Trafficking, said the U.S. report did not tell the whole story."}
//       - {"predicate": "RATES",
//          "object": "Cambodia",
//          "stance": "asserts",
//          "answer": "disputes",
//          "answered_by": "Long Dimanche",
//          "answer_quote": "Long Dimanche, deputy governor of Preah Sihanouk province, said Sihanoukville authorities had made great strides in recent months, yet those achievements were left out of the U.S. report."}
//   - params: {"id": "event:forced-labour-in-online-scam-compounds", "answered_only": true}
//     description: "What the documentary and the videos show, beside the denials of them."
//     rows:
//       - {"predicate": "REPORTS_ON",
//          "object": "forced labour in online-scam compounds",
//          "stance": "asserts",
//          "answer": "denies",
//          "answered_by": "Long Dimanche",
//          "answer_quote": "He called the Al Jazeera story disinformation, done with the intent to tarnish Cambodia’s reputation."}
//       - {"predicate": "REPORTS_ON",
//          "object": "forced labour in online-scam compounds",
//          "stance": "asserts",
//          "answer": "denies",
//          "answered_by": "Long Dimanche",
//          "answer_quote": "“We don’t believe it and we do not accept it, this video of beatings in Sihanoukville,” he said."}
//       - {"predicate": "REPORTS_ON",
//          "object": "forced labour in online-scam compounds",
//          "stance": "asserts",
//          "answer": "disputes",
//          "answered_by": "Chou Bun Eng",
//          "answer_quote": "“I believe some issues could be true, but some were likely staged,” she said, in reference to videos showing workers being beaten."}
MATCH (e:Entity {id: $id})<-[:SUBJECT|OBJECT]-(c:Claim)
USING INDEX e:Entity(id)
WHERE c.role <> 'answers'
MATCH (c)-[:SUBJECT]->(s:Entity), (c)-[:OBJECT]->(o:Entity), (c)-[:CITED_IN]->(src:Source)
OPTIONAL MATCH (d:Claim)-[:CONTRADICTS]->(c)
WITH c, s, o, src, d
WHERE d IS NOT NULL OR NOT $answered_only
OPTIONAL MATCH (d)-[:MADE_BY]->(speaker:Entity)
OPTIONAL MATCH (d)-[:CITED_IN]->(dsrc:Source)
RETURN s.name AS subject, c.predicate AS predicate, o.name AS object, c.stance AS stance,
  c.quote AS quote, src.name AS source, d.stance AS answer, speaker.name AS answered_by,
  d.quote AS answer_quote, dsrc.name AS answer_source
ORDER BY c.stated_on, c.fact_key, d.stated_on, d.fact_key
