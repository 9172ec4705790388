"""What the read benchmarks ask about: entities of the corpus's first report, which a corpus
of any size holds with the same neighbourhood (a hub's grows with the corpus, by design)."""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from cypher.header import ParamSpec
from cypher.registry import SavedQuery

FIRST_SOURCE = "source:r-report-000000"
# A concrete type for each label a parameter may name.
_PREFERRED = ("Person", "CriminalGroup", "Site", "City", "Country", "Source", "Organization")


class Anchors:
    def __init__(self, driver: Driver, database: str) -> None:
        def read(query: str) -> list[Any]:
            records, _, _ = driver.execute_query(
                query, {"sid": FIRST_SOURCE}, database_=database, routing_="r"
            )
            return records

        records = read(
            "MATCH (s:Statement {source_id: $sid})-[:DESCRIBES]->(e:Entity) "
            "RETURN e.id AS id, labels(e) AS labels, e.name AS name ORDER BY e.id"
        )
        # A report's own entities first: their neighbourhoods do not grow with the corpus.
        local = [r for r in records if "-s" not in r["id"].split(":", 1)[1]]
        self.entities = local + [r for r in records if r not in local]
        claim = read(
            "MATCH (c:Claim {source_id: $sid}) RETURN c.id AS id, c.subject_id AS s, "
            "c.predicate AS p, c.object_id AS o ORDER BY c.id LIMIT 1"
        )
        self.claim = dict(claim[0]) if claim else {}

    def of(self, labels: tuple[str, ...], skip: int = 0) -> str:
        """An entity with one of these labels (`skip` to get another)."""
        wanted = [t for t in _PREFERRED if t in labels or "Entity" in labels] or list(labels)
        for label in wanted:
            found = [r["id"] for r in self.entities if label in r["labels"]]
            if len(found) > skip:
                return str(found[skip])
        return FIRST_SOURCE

    def search_text(self) -> str:
        return str(self.entities[0]["name"]).split()[0]

    def params(self, query: SavedQuery) -> dict[str, Any]:
        """The query's first example with every entity given by an anchor of its kind."""
        values: dict[str, Any] = dict(query.examples[0].params) if query.examples else {}
        used = 0
        for spec in query.params:
            if spec.type == "entity_id" and (spec.required or spec.name in values):
                values[spec.name] = self._entity(spec, used)
                used += 1
        if query.name == "claim_detail":
            values["claim_id"] = self.claim.get("id", "")
        if query.name == "edge_sources" and self.claim:
            values.update(
                subject=self.claim["s"], predicate=self.claim["p"], object=self.claim["o"]
            )
        if query.name == "search_entities":
            values["text"] = self.search_text()
        return values

    def _entity(self, spec: ParamSpec, used: int) -> str:
        return self.of(spec.labels or ("Entity",), skip=used)
