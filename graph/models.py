"""neomodel classes: the Python face of `graph/ontology.yaml`, for code that prefers objects.

The loader writes with batched Cypher, not through these classes; they exist so Python callers
(scripts, notebooks, the API's typed reads) see the same labels and properties the loader writes.
`tests/unit/test_ontology.py` fails when a class and the ontology drift apart. Node ids live in the
database property `id`, which neomodel reserves as an attribute name, hence `uid`.
"""

from __future__ import annotations

from neomodel import (
    ArrayProperty,
    BooleanProperty,
    IntegerProperty,
    RelationshipTo,
    StringProperty,
    StructuredNode,
    StructuredRel,
)


class DirectEdge(StructuredRel):
    """A direct edge between two entities, derived from the claims behind it."""

    claim_ids = ArrayProperty(StringProperty())
    source_ids = ArrayProperty(StringProperty())
    n_claims = IntegerProperty()
    n_sources = IntegerProperty()
    n_independent_sources = IntegerProperty()
    n_against = IntegerProperty()
    n_sources_against = IntegerProperty()
    n_inferred = IntegerProperty()
    supporting_source_ids = ArrayProperty(StringProperty())
    status = StringProperty(choices={s: s for s in ("disputed", "asserted", "alleged", "inferred")})
    status_rank = IntegerProperty()
    stances = ArrayProperty(StringProperty())
    first_date = StringProperty()
    last_date = StringProperty()


def _edge(rel_type: str) -> RelationshipTo:
    return RelationshipTo("Entity", rel_type, model=DirectEdge)


class Entity(StructuredNode):
    """Every real-world thing; the type label sits on a subclass."""

    uid = StringProperty(db_property="id", unique_index=True, required=True)
    type = StringProperty(index=True)
    name = StringProperty(index=True)
    aliases = ArrayProperty(StringProperty())
    topics = ArrayProperty(StringProperty())
    unnamed = BooleanProperty(default=False)
    description = StringProperty()
    referents = ArrayProperty(StringProperty())
    declared_in = ArrayProperty(StringProperty())
    fingerprint = StringProperty()
    conflicting = ArrayProperty(StringProperty())
    search_keys = ArrayProperty(StringProperty())

    holds_position = _edge("HOLDS_POSITION")
    part_of = _edge("PART_OF")
    member_of = _edge("MEMBER_OF")
    leads = _edge("LEADS")
    employs = _edge("EMPLOYS")
    owns = _edge("OWNS")
    linked_to = _edge("LINKED_TO")
    operates_in = _edge("OPERATES_IN")
    operates_from = _edge("OPERATES_FROM")
    runs = _edge("RUNS")
    located_in = _edge("LOCATED_IN")
    national_of = _edge("NATIONAL_OF")
    targets = _edge("TARGETS")
    issued_by = _edge("ISSUED_BY")
    concerns = _edge("CONCERNS")
    rates = _edge("RATES")
    recorded = _edge("RECORDED")
    involved_in = _edge("INVOLVED_IN")
    funds = _edge("FUNDS")
    invests_in = _edge("INVESTS_IN")
    accuses = _edge("ACCUSES")
    denies = _edge("DENIES")
    states = _edge("STATES")
    reports_on = _edge("REPORTS_ON")
    published_by = _edge("PUBLISHED_BY")
    same_as = _edge("SAME_AS")
    unit_of = _edge("UNIT_OF")
    acts_for = _edge("ACTS_FOR")
    victim_of = _edge("VICTIM_OF")


class Person(Entity):
    birth_date = StringProperty()
    nationality = ArrayProperty(StringProperty())
    dataset_ids = ArrayProperty(StringProperty())


class Organization(Entity):
    jurisdiction = ArrayProperty(StringProperty())
    dataset_ids = ArrayProperty(StringProperty())


class CriminalGroup(Organization):
    pass


class Company(Organization):
    pass


class PublicBody(Organization):
    pass


class NGO(Organization):
    pass


class MediaOutlet(Organization):
    pass


class InternationalBody(Organization):
    pass


class Country(Entity):
    iso_code = StringProperty()


class Province(Entity):
    pass


class City(Entity):
    pass


class Site(Entity):
    kind = StringProperty()
    dataset_ids = ArrayProperty(StringProperty())


class Position(Entity):
    dataset_ids = ArrayProperty(StringProperty())


class Sanction(Entity):
    program = StringProperty()
    imposed_on = StringProperty()
    authority = StringProperty()
    dataset_ids = ArrayProperty(StringProperty())


class Event(Entity):
    kind = StringProperty()
    date = StringProperty()
    dataset_ids = ArrayProperty(StringProperty())
    occurred = BooleanProperty()


class Source(Entity):
    kind = StringProperty()
    title = StringProperty()
    url = StringProperty()
    published_on = StringProperty(index=True)
    language = StringProperty()
    publisher_id = StringProperty()
    note = StringProperty()
    text_path = StringProperty()
    content_hash = StringProperty()
    dataset_ids = ArrayProperty(StringProperty())


class Claim(StructuredNode):
    """One fact as one source states it; direct edges are derived from these."""

    uid = StringProperty(db_property="id", unique_index=True, required=True)
    predicate = StringProperty(index=True)
    stance = StringProperty(index=True)
    quote = StringProperty(required=True)
    source_id = StringProperty(index=True)
    fact_key = StringProperty()
    subject_id = StringProperty()
    object_id = StringProperty()
    stated_on = StringProperty(index=True)
    valid_from = StringProperty()
    valid_to = StringProperty()
    note = StringProperty()
    props = StringProperty()
    fingerprint = StringProperty()
    subject_ref = StringProperty(index=True)
    object_ref = StringProperty(index=True)
    speaker_ref = StringProperty(index=True)
    according_to = StringProperty(index=True)
    answers = ArrayProperty(StringProperty())
    inferred = BooleanProperty(default=False)
    quote_checked = BooleanProperty(default=False)
    role = StringProperty(choices={r: r for r in ("supports", "answers", "inferred")})
    voice = StringProperty()
    edge_status = StringProperty()
    edge_rank = IntegerProperty()
    edge_independent = IntegerProperty()

    subject = RelationshipTo("Entity", "SUBJECT")
    object = RelationshipTo("Entity", "OBJECT")
    cited_in = RelationshipTo("Source", "CITED_IN")
    made_by = RelationshipTo("Entity", "MADE_BY")
    according_to_report = RelationshipTo("Source", "ACCORDING_TO")
    contradicts = RelationshipTo("Claim", "CONTRADICTS")


class Statement(StructuredNode):
    """What one source says about one entity; the entity node is derived from its statements."""

    uid = StringProperty(db_property="id", unique_index=True, required=True)
    source_id = StringProperty(index=True)
    entity_ref = StringProperty(index=True)
    type = StringProperty()
    name = StringProperty()
    aliases = ArrayProperty(StringProperty())
    topics = ArrayProperty(StringProperty())
    description = StringProperty()
    unnamed = BooleanProperty(default=False)
    same_as = StringProperty(index=True)
    referents = ArrayProperty(StringProperty())
    props = StringProperty()
    fingerprint = StringProperty()

    describes = RelationshipTo("Entity", "DESCRIBES")


ENTITY_CLASSES: dict[str, type[Entity]] = {
    cls.__name__: cls
    for cls in (
        Person,
        Organization,
        CriminalGroup,
        Company,
        PublicBody,
        NGO,
        MediaOutlet,
        InternationalBody,
        Country,
        Province,
        City,
        Site,
        Position,
        Sanction,
        Event,
        Source,
    )
}
