// name: denials_by
// title: Everything an actor denies or disputes
// description: >-
//   The claims an actor made that deny, dispute or retract something, beside the claim each
//   answers (what was said, by which source), and the actor's own DENIES statements (what they
//   reject: a report, a documentary, an event).
// tags: [claims, denials]
// entities: {source: name, answered_source: name}
// params:
//   actor:
//     type: entity_id
//     labels: [Person, Organization]
//     required: true
//     description: The person or organisation who denies.
// examples:
//   - params: {"actor": "person:long-dimanche"}
//     rows:
//       - {"kind": "answers a claim",
//          "stance": "denies",
//          "quote": "He called the Al Jazeera story disinformation, done with the intent to tarnish Cambodia’s reputation.",
//          "answers_claim": "Al Jazeera documentary on foreign call-center workers REPORTS_ON forced labour in online-scam compounds"}
//       - {"kind": "rejects",
//          "stance": "asserts",
//          "quote": "He called the Al Jazeera story disinformation, done with the intent to tarnish Cambodia’s reputation.",
//          "answers_claim": "Al Jazeera documentary on foreign call-center workers"}
//       - {"kind": "answers a claim",
//          "stance": "disputes",
//          "quote": "Long Dimanche, deputy governor of Preah Sihanouk province, said Sihanoukville authorities had made great strides in recent months, yet those achievements were left out of the U.S. report.",
//          "answers_claim": "2022 Trafficking in Persons report RATES Cambodia"}
//       - {"kind": "answers a claim",
//          "stance": "denies",
//          "quote": "“We don’t believe it and we do not accept it, this video of beatings in Sihanoukville,” he said.",
//          "answers_claim": "Al Jazeera documentary on foreign call-center workers REPORTS_ON forced labour in online-scam compounds"}
MATCH (a:Entity {id: $actor})
USING INDEX a:Entity(id)
CALL (a) {
  MATCH (a)<-[:MADE_BY]-(d:Claim)-[:CONTRADICTS]->(c:Claim)
  WHERE d.role = 'answers'
  MATCH (c)-[:SUBJECT]->(s:Entity), (c)-[:OBJECT]->(o:Entity), (c)-[:CITED_IN]->(src:Source)
  RETURN d, 'answers a claim' AS kind,
    s.name + ' ' + c.predicate + ' ' + o.name AS answers_claim,
    c.quote AS answered_quote, src.name AS answered_source
  UNION
  MATCH (a)<-[:SUBJECT]-(d:Claim {predicate: 'DENIES'})-[:OBJECT]->(o:Entity)
  RETURN d, 'rejects' AS kind, o.name AS answers_claim, null AS answered_quote,
    null AS answered_source
}
MATCH (d)-[:CITED_IN]->(dsrc:Source)
RETURN kind, d.stance AS stance, d.quote AS quote, dsrc.name AS source, d.stated_on AS stated_on, answers_claim,
  answered_quote, answered_source
ORDER BY stated_on, d.fact_key, kind, answers_claim
