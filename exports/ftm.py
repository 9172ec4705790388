"""FollowTheMoney entities from a graph form, built with the `followthemoney` library itself.

Each entity type is exported as the schema the ontology gives it (`ftm` on the type); places
have no FtM schema of their own, so an edge to a country or a city becomes a property of the
entity at the other end (nationality, country, address). Each direct edge becomes the interval
schema its predicate names (`ftm` on the predicate) when its ends fit that schema's ranges, a
`Documentation` when a source is its subject, and an `UnknownLink` only when nothing else fits.
A link carries its claims: their quotes in `summary`, `stance: quote` in `description` (a
denial says which links it answers: `denies (answers <link id>): quote`), and
their sources in `publisher`, `sourceUrl` and `proof` (the source's Article). Ids are
deterministic: an entity keeps the id it has in the dataset it came from, else its own id in
FtM's alphabet; a link's id hashes its triple.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry
from followthemoney.util import make_entity_id

from exports.context import Bundle, link_id
from graph.ontology import get_ontology

_NOT_ID = re.compile(r"[^0-9A-Za-z.-]+")
# Edges to a place that say where an entity is, belongs or comes from.
_PLACE_PREDICATES = frozenset({"NATIONAL_OF", "LOCATED_IN", "OPERATES_IN", "PART_OF"})
UNNAMED_NOTE = "Unnamed in its sources: the name is the source's description of the actor."


def ftm_id(entity_id: str, dataset_ids: Iterable[str] | None = None) -> str:
    """The FtM id of an entity: its dataset's id if it came from one, else `prefix-slug`."""
    for candidate in dataset_ids or ():
        if registry.entity.validate(candidate):
            return candidate
    prefix, _, rest = entity_id.partition(":")
    candidate = _NOT_ID.sub("-", f"{prefix}-{rest}").strip("-.")
    if registry.entity.validate(candidate):
        return candidate
    return str(make_entity_id("tipgraph", entity_id))


def _list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def thing_proxy(key: str, props: Mapping[str, Any]) -> EntityProxy | None:
    """One entity as the FtM schema its type names, with the properties FtM has for them;
    None for a type FtM has no entity for (places)."""
    etype = get_ontology().types.get(str(props.get("type")))
    if etype is None or etype.ftm is None:
        return None
    proxy = model.make_entity(etype.ftm)
    proxy.id = ftm_id(key, props.get("dataset_ids"))
    if etype.ftm == "Sanction":
        proxy.add("description", props.get("name"))
        proxy.add("program", props.get("program"))
        proxy.add("startDate", props.get("imposed_on"))
        proxy.add("authority", props.get("authority"))
    else:
        proxy.add("name", props.get("name"))
        proxy.add("alias", _list(props.get("aliases")))
        proxy.add("topics", _list(props.get("topics")))
        proxy.add("description", props.get("description"))
    if props.get("unnamed"):
        proxy.add("notes" if proxy.schema.get("notes") else "description", UNNAMED_NOTE)
    if etype.name == "Person":
        proxy.add("birthDate", props.get("birth_date"))
        proxy.add("nationality", _list(props.get("nationality")))
    if proxy.schema.is_a("Organization"):
        proxy.add("jurisdiction", _list(props.get("jurisdiction")))
        if etype.name != etype.ftm:
            # FtM has no CriminalGroup or NGO; the type rides along so an import restores it.
            proxy.add("classification", etype.name)
    if etype.name == "Event":
        proxy.add("date", props.get("date"))
    return proxy


class _Exporter:
    def __init__(self, bundle: Bundle) -> None:
        self.onto = get_ontology()
        self.bundle = bundle
        self.nodes = {n["key"]: n["properties"] for n in bundle.graph["nodes"]}
        self.things: dict[str, EntityProxy] = {}
        self.articles: dict[str, EntityProxy] = {}
        self.links: dict[str, EntityProxy] = {}

    def run(self) -> list[dict[str, Any]]:
        for key, props in self.nodes.items():
            self._thing(key, props)
        for source_id, source in sorted(self.bundle.sources.items()):
            self._article(source_id, source)
        for rel in self.bundle.graph["relationships"]:
            self._edge(rel)
        # FtM requires a sanction's target; one whose target the rows left out cannot be said.
        things = [
            p
            for key, p in self.things.items()
            if key not in self.articles and (p.schema.name != "Sanction" or p.has("entity"))
        ]
        out = [*things, *self.articles.values(), *self.links.values()]
        return [_plain(p) for p in out]

    def _thing(self, key: str, props: Mapping[str, Any]) -> None:
        if props.get("type") == "Source":
            return  # Sources are exported from the bundle's source records, with publishers.
        proxy = thing_proxy(key, props)
        if proxy is not None:
            self.things[key] = proxy

    def _article(self, source_id: str, source: Mapping[str, Any]) -> None:
        proxy = model.make_entity("Article")
        proxy.id = ftm_id(source_id, self.nodes.get(source_id, {}).get("dataset_ids"))
        proxy.add("name", source.get("name"))
        proxy.add("title", source.get("title") or source.get("name"))
        proxy.add("publisher", source.get("publisher"))
        proxy.add("publishedAt", source.get("published_on"))
        proxy.add("sourceUrl", source.get("url"))
        proxy.add("language", source.get("language"))
        self.articles[source_id] = proxy
        self.things[source_id] = proxy

    def _claims(self, rel: Mapping[str, Any]) -> list[dict[str, Any]]:
        ids = rel["properties"].get("claim_ids") or []
        return [self.bundle.claims[c] for c in ids if c in self.bundle.claims]

    def _provenance(self, proxy: EntityProxy, claims: list[dict[str, Any]]) -> None:
        """Each claim's quote, stance and source, in the properties FtM gives an interval."""
        for claim in claims:
            proxy.add("summary", claim.get("quote"))
            # FtM has no property for a denial's target; the answered links' ids ride along.
            answered = [link_id(*t) for t in claim.get("answers") or [] if len(t) == 3]
            stance = str(claim.get("stance"))
            if answered:
                stance += f" (answers {', '.join(answered)})"
            proxy.add("description", f"{stance}: {claim.get('quote')}")
            if proxy.schema.get("startDate"):
                proxy.add("startDate", claim.get("valid_from"))
                proxy.add("endDate", claim.get("valid_to"))
            source_id = claim.get("according_to") or claim.get("source_id")
            source = self.bundle.sources.get(str(source_id), {})
            proxy.add("publisher", source.get("publisher") or source.get("name"))
            proxy.add("sourceUrl", source.get("url"))
            if source_id in self.articles:
                proxy.add("proof", self.articles[str(source_id)].id)

    def _edge(self, rel: Mapping[str, Any]) -> None:
        start, kind, end = rel["start"], rel["type"], rel["end"]
        subject, obj = self.things.get(start), self.things.get(end)
        target = self.nodes.get(end, {})
        claims = self._claims(rel)
        if subject is not None and subject.schema.name == "Sanction":
            if kind == "TARGETS" and obj is not None:
                subject.add("entity", obj.id)
            elif kind == "ISSUED_BY":
                subject.add("authority", target.get("name"))
                subject.add("country", target.get("iso_code"))
            if kind in ("TARGETS", "ISSUED_BY"):
                self._provenance(subject, claims)
                return
        if subject is not None and obj is None:
            self._place(subject, kind, target)
            return
        if kind == "PART_OF" and subject is not None and subject.schema.is_a("Position"):
            if obj is not None and obj.schema.is_a("Organization"):
                # A post's organisation is a property in FtM; the claims ride on the post.
                subject.add("organization", obj.id)
                self._provenance(subject, claims)
            return
        if subject is None or obj is None:
            return
        chosen = self._schema(kind, subject, obj)
        if chosen is None:
            return
        schema, from_prop, to_prop = chosen
        link = model.make_entity(schema)
        link.id = link_id(start, kind, end)
        link.add(from_prop, subject.id)
        link.add(to_prop, obj.id)
        predicate = self.onto.predicates.get(kind)
        if link.schema.get("role") and (predicate is None or predicate.ftm is None):
            link.add("role", kind.lower().replace("_", " "))
        if link.schema.get("status"):
            link.add("status", rel["properties"].get("status"))
        self._provenance(link, claims)
        self.links[link.id] = link

    def _place(self, subject: EntityProxy, kind: str, place: Mapping[str, Any]) -> None:
        """An edge to a place FtM has no entity for, as a property of the subject."""
        if kind not in _PLACE_PREDICATES:
            return  # a rating or a statement about a country has no FtM property to go in
        if place.get("type") == "Country":
            code = place.get("iso_code") or place.get("name")
            if kind == "NATIONAL_OF" and subject.schema.get("nationality"):
                subject.add("nationality", code)
            elif subject.schema.get("country"):
                subject.add("country", code)
        elif kind in ("LOCATED_IN", "PART_OF") and place.get("type") in ("City", "Province"):
            for prop in ("subnationalArea", "location", "address"):
                if subject.schema.get(prop):
                    subject.add(prop, place.get("name"))
                    break

    def _schema(
        self, kind: str, subject: EntityProxy, obj: EntityProxy
    ) -> tuple[str, str, str] | None:
        """The first FtM link schema whose ranges take these two ends."""
        predicate = self.onto.predicates.get(kind)
        candidates: list[tuple[str, str, str]] = []
        if predicate is not None and predicate.ftm is not None:
            f = predicate.ftm
            candidates.append((f.schema, f.subject, f.object))
        candidates += [
            ("Documentation", "document", "entity"),
            ("UnknownLink", "subject", "object"),
        ]
        for schema_name, from_prop, to_prop in candidates:
            schema = model.get(schema_name)
            if schema is None:
                continue
            a, b = schema.get(from_prop), schema.get(to_prop)
            if a is None or b is None or a.range is None or b.range is None:
                continue
            if subject.schema.is_a(a.range) and obj.schema.is_a(b.range):
                return schema_name, from_prop, to_prop
        return None


def _plain(proxy: EntityProxy) -> dict[str, Any]:
    return {"id": proxy.id, "schema": proxy.schema.name, "properties": proxy.properties}


def to_ftm(bundle: Bundle) -> list[dict[str, Any]]:
    """The bundle as FollowTheMoney entities: things, sources as Articles, then links."""
    return _Exporter(bundle).run()
