// name: source_claims
// title: What one source says
// description: >-
//   Every claim a source holds: the claims cited in it, the claims another source attributes
//   to it, and what another source reports it as saying (the source as the subject of a
//   rating, accusation, statement, report or recorded figure); `via` says which. Each with
//   subject, predicate, object, stance, quote and speaker. Filter by predicate or stance.
// tags: [sources, claims]
// entities: {subject: name, object: name, speaker: name}
// params:
//   source:
//     type: entity_id
//     labels: [Source]
//     required: true
//     description: The source.
//   predicate:
//     type: enum
//     values: [HOLDS_POSITION, PART_OF, MEMBER_OF, LEADS, EMPLOYS, OWNS, LINKED_TO, OPERATES_IN,
//       OPERATES_FROM, RUNS, LOCATED_IN, NATIONAL_OF, TARGETS, ISSUED_BY, CONCERNS, RATES,
//       RECORDED, INVOLVED_IN, FUNDS, INVESTS_IN, ACCUSES, DENIES, STATES, REPORTS_ON,
//       PUBLISHED_BY]
//     description: Only claims with this predicate.
//   stance:
//     type: enum
//     values: stances
//     description: Only claims with this stance.
// examples:
//   - params: {"source": "source:tip-2022", "predicate": "ACCUSES"}
//     rows:
//       - {"via": "reported as saying",
//          "subject": "2022 Trafficking in Persons report",
//          "predicate": "ACCUSES",
//          "object": "Government of Cambodia",
//          "stance": "asserts",
//          "quote": "citing endemic corruption and an unwillingness to hold human traffickers accountable"}
//       - {"via": "reported as saying",
//          "subject": "2022 Trafficking in Persons report",
//          "predicate": "ACCUSES",
//          "object": "Government of Cambodia",
//          "stance": "asserts",
//          "quote": "The Government of Cambodia does not fully meet the minimum standards for the elimination of trafficking and is not making significant efforts to do so,” the report said."}
//       - {"via": "reported as saying",
//          "subject": "2022 Trafficking in Persons report",
//          "predicate": "ACCUSES",
//          "object": "Government of Cambodia",
//          "stance": "asserts",
//          "quote": "Authorities did not investigate or hold criminally accountable any officials involved in the large majority of credible reports of complicity,” the report said."}
//       - {"via": "reported as saying",
//          "subject": "2022 Trafficking in Persons report",
//          "predicate": "ACCUSES",
//          "object": "Government of Cambodia",
//          "stance": "asserts",
//          "quote": "Instead, it relied heavily on foreign donors and NGOs to provide much-needed support."}
//       - {"via": "reported as saying",
//          "subject": "2022 Trafficking in Persons report",
//          "predicate": "ACCUSES",
//          "object": "Government of Cambodia",
//          "stance": "asserts",
//          "quote": "According to the report, the Cambodian government has failed to proactively identify trafficking victims among vulnerable populations and it did not provide adequate protection services for victims."}
//   - params: {"source": "source:national-police-facebook"}
//     description: "Claims the article attributes to the police Facebook page, and what it is reported as saying."
//     rows:
//       - {"via": "attributed to it",
//          "subject": "arrest of a group of Chinese nationals in Preah Sihanouk province, September 2021",
//          "predicate": "LOCATED_IN",
//          "object": "Preah Sihanouk",
//          "stance": "asserts",
//          "quote": "Cambodian authorities arrest a group of Chinese nationals allegedly involved in online scams and kidnapping in Preah Sihanouk province, September 2021."}
//       - {"via": "attributed to it",
//          "subject": "a group of Chinese nationals arrested in Preah Sihanouk province, September 2021",
//          "predicate": "INVOLVED_IN",
//          "object": "online scams and kidnapping (alleged against the group arrested in September 2021)",
//          "stance": "alleges",
//          "quote": "a group of Chinese nationals allegedly involved in online scams and kidnapping in Preah Sihanouk province"}
//       - {"via": "attributed to it",
//          "subject": "Cambodian authorities",
//          "predicate": "INVOLVED_IN",
//          "object": "arrest of a group of Chinese nationals in Preah Sihanouk province, September 2021",
//          "stance": "asserts",
//          "quote": "Cambodian authorities arrest a group of Chinese nationals"}
//       - {"via": "attributed to it",
//          "subject": "a group of Chinese nationals arrested in Preah Sihanouk province, September 2021",
//          "predicate": "INVOLVED_IN",
//          "object": "arrest of a group of Chinese nationals in Preah Sihanouk province, September 2021",
//          "stance": "asserts",
//          "quote": "Cambodian authorities arrest a group of Chinese nationals"}
//       - {"via": "reported as saying",
//          "subject": "National Police’s Facebook",
//          "predicate": "REPORTS_ON",
//          "object": "arrest of a group of Chinese nationals in Preah Sihanouk province, September 2021",
//          "stance": "asserts",
//          "quote": "September 2021. National Police’s Facebook."}
MATCH (src:Entity {id: $source})
USING INDEX src:Entity(id)
CALL (src) {
  MATCH (src)<-[:CITED_IN]-(c:Claim)
  RETURN c, 'cited in it' AS via
  UNION
  MATCH (src)<-[:ACCORDING_TO]-(c:Claim)
  RETURN c, 'attributed to it' AS via
  UNION
  MATCH (src)<-[:SUBJECT]-(c:Claim)
  WHERE c.predicate IN ['RATES', 'ACCUSES', 'STATES', 'REPORTS_ON', 'RECORDED']
  RETURN c, 'reported as saying' AS via
}
WITH c, via
WHERE ($predicate IS NULL OR c.predicate = $predicate) AND ($stance IS NULL OR c.stance = $stance)
MATCH (c)-[:SUBJECT]->(s:Entity), (c)-[:OBJECT]->(o:Entity)
OPTIONAL MATCH (c)-[:MADE_BY]->(speaker:Entity)
RETURN via, s.name AS subject, c.predicate AS predicate, o.name AS object, c.stance AS stance,
  c.quote AS quote, speaker.name AS speaker, c.fact_key AS fact
ORDER BY via, c.fact_key
