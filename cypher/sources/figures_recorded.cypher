// name: figures_recorded
// title: Figures recorded by an organisation or a source
// description: >-
//   The figures (counts such as "32 trafficking cases in 2022", or a source's own words such as
//   "thousands") that an actor or a source recorded, with what was counted, the year, what it
//   is about, the quote and the source. Without `by`, every recorded figure.
// tags: [sources, figures]
// entities: {recorded_by: name, about: name, source: name}
// params:
//   by:
//     type: entity_id
//     labels: [Person, Organization, Source]
//     description: Who recorded the figures; everyone when omitted.
// examples:
//   - params: {"by": "org:central"}
//     rows:
//       - {"recorded_by": "Central",
//          "figure": "hundreds",
//          "unit": "local and foreign workers involved in the cases",
//          "year": 2022,
//          "about": "Cambodia"}
//       - {"recorded_by": "Central",
//          "figure": 32,
//          "unit": "trafficking cases",
//          "year": 2022,
//          "about": "Cambodia"}
//   - params: {}
//     description: "Every figure on record."
//     rows:
//       - {"recorded_by": "2022 Trafficking in Persons report",
//          "figure": 14,
//          "unit": "other nations on the bottom rung",
//          "year": 2022,
//          "about": "the bottom rung (Tier 3) of the 2022 Trafficking in Persons report"}
//       - {"recorded_by": "2022 Trafficking in Persons report",
//          "figure": "thousands",
//          "unit": "Cambodians trafficked internally each year",
//          "year": null,
//          "about": "internal trafficking of Cambodians to brick kilns and the entertainment industry"}
//       - {"recorded_by": "2022 Trafficking in Persons report",
//          "figure": "thousands",
//          "unit": "men, women and children subjected to human trafficking",
//          "year": null,
//          "about": "thousands of men, women, and children subjected to human trafficking throughout the country"}
//       - {"recorded_by": "Central",
//          "figure": "hundreds",
//          "unit": "local and foreign workers involved in the cases",
//          "year": 2022,
//          "about": "Cambodia"}
//       - {"recorded_by": "Central",
//          "figure": 32,
//          "unit": "trafficking cases",
//          "year": 2022,
//          "about": "Cambodia"}
CALL () {
  // Two branches, so that a given recorder is found by an index seek rather than a scan; the
  // second checks its parameter first, so a given id costs no scan of the whole label.
  MATCH (who:Entity {id: $by})<-[:SUBJECT]-(c:Claim {predicate: 'RECORDED'})
  USING INDEX who:Entity(id)
  RETURN who, c
  UNION
  WITH 1 AS everyone WHERE $by IS NULL
  MATCH (who:Entity)<-[:SUBJECT]-(c:Claim {predicate: 'RECORDED'})
  RETURN who, c
}
MATCH (c)-[:OBJECT]->(about:Entity), (c)-[:CITED_IN]->(src:Source)
RETURN who.name AS recorded_by, c.p_figure AS figure, c.p_unit AS unit, c.p_year AS year,
  about.name AS about, c.stance AS stance, c.quote AS quote, src.name AS source
ORDER BY recorded_by, year, unit
