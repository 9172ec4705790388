// name: complicit_not_investigated
// title: Officials alleged complicit with no investigation or prosecution on record
// description: >-
//   Officials against whom some claim alleges a tie to a site, a criminal group, another actor
//   or a criminal event, and who are the subject of no investigation, prosecution or arrest on
//   record: no Event of those kinds (`record_kinds`) that took place concerns them or involves
//   them. It lists what is alleged, with quote and source, and, in `stated_none`, the quotes of
//   sources that say outright no such step was taken (an Event with `occurred: false`, such as
//   the TIP report's "Authorities did not investigate ... any officials"). An empty record is
//   what the graph holds, not proof that nothing happened.
// tags: [complicity, officials]
// params:
//   record_kinds:
//     type: list
//     items: {type: enum, values: [investigation, prosecution, arrest]}
//     default: [investigation, prosecution, arrest]
//     description: >-
//       The Event kinds that count as a record of an investigation or prosecution.
// examples:
//   - params: {}
//     rows:
//       - {"official_id": "person:hun-sen-bodyguard-commander",
//          "alleged": "INVOLVED_IN",
//          "object": "human rights abuses Washington accused a commander in Hun Sen’s bodyguard unit of",
//          "quote": "accusing him of human rights abuses"}
//       - {"official_id": "person:officials-linked-to-syndicate-buildings",
//          "alleged": "LINKED_TO",
//          "object": "buildings the syndicates work from",
//          "quote": "They often work from buildings owned or linked to government officials and wealthy businessmen."}
//       - {"official_id": "person:ream-military-official-1",
//          "alleged": "INVOLVED_IN",
//          "object": "corruption at Ream Naval Base (alleged)",
//          "quote": "The U.S. in November sanctioned two military officials over corruption allegations at Ream Naval Base."}
//       - {"official_id": "person:ream-military-official-2",
//          "alleged": "INVOLVED_IN",
//          "object": "corruption at Ream Naval Base (alleged)",
//          "quote": "The U.S. in November sanctioned two military officials over corruption allegations at Ream Naval Base."}
//       - {"official_id": "person:complicit-officials",
//          "alleged": "LINKED_TO",
//          "object": "unscrupulous business owners",
//          "quote": "any officials involved in the large majority of credible reports of complicity,” the report said. “In particular with unscrupulous business owners",
//          "stated_none": ["Authorities did not investigate or hold criminally accountable any officials involved in the large majority of credible reports of complicity,” the report said."]}
MATCH (o:Person)<-[:SUBJECT]-(c:Claim {stance: 'alleges'})-[:OBJECT]->(x:Entity)
WHERE c.predicate IN ['OWNS', 'RUNS', 'LINKED_TO', 'LEADS', 'MEMBER_OF', 'EMPLOYS',
    'OPERATES_FROM', 'FUNDS', 'INVESTS_IN', 'INVOLVED_IN']
  AND (EXISTS {
      (o)-[:HOLDS_POSITION]->(:Position)-[:PART_OF]->(b)
      WHERE b:PublicBody OR b:Country OR b:Province OR b:City
    }
    OR EXISTS { (o)-[:MEMBER_OF]->(:PublicBody) }
    OR any(t IN coalesce(o.topics, []) WHERE t IN ['role.pep', 'role.civil', 'role.judge',
      'role.diplo', 'mil'] OR t STARTS WITH 'gov')
    OR toLower(o.name) CONTAINS 'official')
  AND NOT EXISTS {
    MATCH (o)-[:INVOLVED_IN|CONCERNS]-(ev:Event)
    WHERE ev.kind IN $record_kinds AND coalesce(ev.occurred, true)
  }
MATCH (c)-[:CITED_IN]->(src:Source)
RETURN o.id AS official_id, o.name AS official, c.predicate AS alleged, x.name AS object,
  x.type AS object_type, c.quote AS quote, src.name AS source,
  COLLECT {
    MATCH (ev:Event)<-[:SUBJECT]-(none:Claim)-[:OBJECT]->(o)
    WHERE ev.kind IN $record_kinds AND ev.occurred = false
    RETURN DISTINCT none.quote
  } AS stated_none
ORDER BY official, alleged, object
