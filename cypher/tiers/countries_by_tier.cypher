// name: countries_by_tier
// title: Countries by tier and year
// description: >-
//   The countries given a tier in a year, with who rated them, the quote and the source, and
//   how many claims dispute each rating. Tiers are compared as text, so `3`, `2` and
//   `2 Watch List` all work.
// tags: [tiers, countries, overview]
// entities: {rated_by: name, source: name}
// params:
//   tier:
//     type: enum
//     values: ['1', '2', 2 Watch List, '3']
//     description: Only this tier; every tier when omitted.
//   year: {type: integer, min: 2000, max: 2100, description: Only ratings for this year.}
// examples:
//   - params: {"tier": "3", "year": 2022}
//     rows:
//       - {"country_id": "country:afghanistan", "tier": "3", "year": 2022, "disputes": 0}
//       - {"country_id": "country:cambodia", "tier": "3", "year": 2022, "disputes": 2}
//       - {"country_id": "country:china", "tier": "3", "year": 2022, "disputes": 0}
//       - {"country_id": "country:malaysia", "tier": "3", "year": 2022, "disputes": 0}
//       - {"country_id": "country:myanmar", "tier": "3", "year": 2022, "disputes": 0}
//       - {"country_id": "country:north-korea", "tier": "3", "year": 2022, "disputes": 0}
//       - {"country_id": "country:south-sudan", "tier": "3", "year": 2022, "disputes": 0}
//       - {"country_id": "country:syria", "tier": "3", "year": 2022, "disputes": 0}
//       - {"country_id": "country:vietnam", "tier": "3", "year": 2022, "disputes": 0}
MATCH (c:Claim {predicate: 'RATES'})-[:OBJECT]->(country:Country)
WHERE c.role = 'supports'
  AND ($tier IS NULL OR toString(c.p_tier) = $tier)
  AND ($year IS NULL OR c.p_year = $year)
MATCH (c)-[:SUBJECT]->(rater:Entity), (c)-[:CITED_IN]->(src:Source)
RETURN c.p_year AS year, toString(c.p_tier) AS tier, country.id AS country_id,
  country.name AS country, rater.name AS rated_by,
  COUNT { (:Claim)-[:CONTRADICTS]->(c) } AS disputes, c.quote AS quote, src.name AS source
ORDER BY year DESC, tier DESC, country
