// name: tier_history
// title: Trafficking in Persons tier history of a country
// description: >-
//   Every rating a country received (RATES claims: the tier and the year it is for), who gave
//   it, the quote and the source, and the claims that dispute it beside it.
// tags: [tiers, countries]
// entities: {rated_by: name, source: name}
// params:
//   country:
//     type: entity_id
//     labels: [Country]
//     required: true
//     description: The country.
// examples:
//   - params: {"country": "country:cambodia"}
//     rows:
//       - {"year": 2022,
//          "tier": 3,
//          "rated_by": "2022 Trafficking in Persons report",
//          "stance": "asserts",
//          "disputed_by": ["Chou Bun Eng disputes: Chou Bun Eng, vice chairperson of the National Committee for Counter Trafficking, said the U.S. report did not tell the whole story.", "Long Dimanche disputes: Long Dimanche, deputy governor of Preah Sihanouk province, said Sihanoukville authorities had made great strides in recent months, yet those achievements were left out of the U.S. report."]}
MATCH (country:Entity {id: $country})<-[:OBJECT]-(c:Claim {predicate: 'RATES'})
USING INDEX country:Entity(id)
WHERE c.role = 'supports'
MATCH (c)-[:SUBJECT]->(rater:Entity), (c)-[:CITED_IN]->(src:Source)
RETURN c.p_year AS year, c.p_tier AS tier, rater.name AS rated_by, c.stance AS stance,
  c.quote AS quote, src.name AS source,
  COLLECT {
    MATCH (d:Claim)-[:CONTRADICTS]->(c)
    OPTIONAL MATCH (d)-[:MADE_BY]->(speaker:Entity)
    RETURN coalesce(speaker.name, 'unattributed') + ' ' + d.stance + ': ' + d.quote AS answer
    ORDER BY answer
  } AS disputed_by
ORDER BY year, rated_by
