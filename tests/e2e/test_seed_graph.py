"""The seed graph: every fact the seed report states, loaded from data/ into the real Neo4j.

Each test asks the graph, not the fact file, for one fact the issue lists: the claim with its
quote, stance and `CITED_IN` source, and the direct edge derived from it. The last tests check the
shapes every claim must keep and that loading `data/` a second time changes nothing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from neo4j import Driver

from graph.settings import Settings
from tests.e2e.test_loader_load import graph_hash
from tests.inprocess import run_cli
from tests.paths import PROJECT_ROOT

DATA = PROJECT_ROOT / "data"
SEED_FILE = DATA / "camboja-2022-cambodia-tier-3.yaml"
SEED_TEXT = DATA / "sources" / "000_34f7053f1d15ed5f.txt"
SEED = "source:camboja-2022-cambodia-tier-3"
TIP = "source:tip-2022"

TIER_3_NAMED = (
    "country:china",
    "country:vietnam",
    "country:malaysia",
    "country:myanmar",
    "country:north-korea",
    "country:syria",
    "country:afghanistan",
    "country:south-sudan",
)


def normalise(text: str) -> str:
    """Typographic quotes to straight ones and runs of whitespace to one space, as the loader."""
    text = text.translate(str.maketrans("“”‘’", "\"\"''"))
    return re.sub(r"\s+", " ", text).strip()


def claim(driver: Driver, db: str, fact_key: str, source_id: str = SEED) -> dict[str, Any]:
    """The claim of one fact with everything around it, or fail naming the fact."""
    records, _, _ = driver.execute_query(
        "MATCH (c:Claim {source_id: $source_id, fact_key: $fact_key}) "
        "MATCH (c)-[:SUBJECT]->(s:Entity) "
        "MATCH (c)-[:OBJECT]->(o:Entity) "
        "MATCH (c)-[:CITED_IN]->(src:Source) "
        "OPTIONAL MATCH (c)-[:MADE_BY]->(speaker:Entity) "
        "OPTIONAL MATCH (c)-[:ACCORDING_TO]->(according:Source) "
        "RETURN c {.*} AS claim, s.id AS subject, o.id AS object, src.id AS cited_in, "
        "speaker.id AS speaker, according.id AS according_to",
        source_id=source_id,
        fact_key=fact_key,
        database_=db,
        routing_="r",
    )
    assert len(records) == 1, f"fact {fact_key!r}: {len(records)} claims with their ends"
    row = dict(records[0])
    row.update(row.pop("claim"))
    row["props"] = json.loads(row["props"]) if row.get("props") else {}
    return row


def edge(driver: Driver, db: str, subject: str, predicate: str, obj: str) -> dict[str, Any]:
    """The direct edge (subject)-[predicate]->(object), or fail naming it."""
    records, _, _ = driver.execute_query(
        "MATCH (:Entity {id: $subject})-[r]->(:Entity {id: $object}) "
        "WHERE type(r) = $predicate RETURN r {.*} AS edge",
        subject=subject,
        predicate=predicate,
        object=obj,
        database_=db,
        routing_="r",
    )
    assert len(records) == 1, f"({subject})-[:{predicate}]->({obj}): {len(records)} edges"
    return dict(records[0]["edge"])


def entity(driver: Driver, db: str, entity_id: str) -> dict[str, Any]:
    records, _, _ = driver.execute_query(
        "MATCH (e:Entity {id: $id}) RETURN e {.*} AS e, labels(e) AS labels",
        id=entity_id,
        database_=db,
        routing_="r",
    )
    assert len(records) == 1, f"entity {entity_id!r}: {len(records)} nodes"
    return {**records[0]["e"], "labels": set(records[0]["labels"])}


@pytest.fixture
def db(seed_graph: Driver, settings: Settings) -> str:
    return settings.neo4j_database


# --- the 2022 Trafficking in Persons report ---------------------------------------------------


def test_tip_2022_rates_cambodia_tier_3(seed_graph: Driver, db: str) -> None:
    c = claim(seed_graph, db, "tip-2022-rates-cambodia")
    assert (c["subject"], c["predicate"], c["object"]) == (TIP, "RATES", "country:cambodia")
    assert c["stance"] == "asserts" and c["cited_in"] == SEED
    assert c["props"] == {"tier": 3, "year": 2022} and c["p_tier"] == 3 and c["p_year"] == 2022
    assert "downgraded the Kingdom to Tier 3 status" in c["quote"]
    e = edge(seed_graph, db, TIP, "RATES", "country:cambodia")
    assert c["id"] in e["claim_ids"] and e["source_ids"] == [SEED]
    # Chou Bun Eng and Long Dimanche dispute the report, so the edge says so.
    assert e["status"] == "disputed" and set(e["stances"]) == {"asserts", "disputes"}


def test_tip_2022_published_by_the_united_states(seed_graph: Driver, db: str) -> None:
    c = claim(seed_graph, db, "tip-2022-published-by-us")
    assert (c["subject"], c["object"], c["stance"]) == (TIP, "country:united-states", "asserts")
    assert entity(seed_graph, db, "country:united-states")["aliases"] == ["U.S.", "Washington"]


@pytest.mark.parametrize("country", TIER_3_NAMED)
def test_tip_2022_rates_the_named_countries_tier_3(
    seed_graph: Driver, db: str, country: str
) -> None:
    records, _, _ = seed_graph.execute_query(
        "MATCH (:Source {id: $tip})<-[:SUBJECT]-(c:Claim {predicate: 'RATES'})"
        "-[:OBJECT]->(:Country {id: $country}) "
        "MATCH (c)-[:CITED_IN]->(:Source {id: $seed}) "
        "RETURN c.stance AS stance, c.p_tier AS tier, c.p_year AS year, c.quote AS quote",
        tip=TIP,
        country=country,
        seed=SEED,
        database_=db,
        routing_="r",
    )
    assert [(r["stance"], r["tier"], r["year"]) for r in records] == [("asserts", 3, 2022)]
    assert "on the bottom rung" in records[0]["quote"]
    assert edge(seed_graph, db, TIP, "RATES", country)["status"] == "asserted"


def test_fourteen_other_nations_is_a_stated_figure(seed_graph: Driver, db: str) -> None:
    c = claim(seed_graph, db, "tip-2022-counts-14-other-nations")
    assert (c["subject"], c["predicate"]) == (TIP, "RECORDED")
    assert c["p_figure"] == 14 and c["p_year"] == 2022
    assert "14 other nations" in c["quote"]
    # The 14 stay a number: no country is invented for them.
    records, _, _ = seed_graph.execute_query(
        "MATCH (:Source {id: $tip})-[r:RATES]->(c:Country) RETURN count(c) AS n",
        tip=TIP,
        database_=db,
        routing_="r",
    )
    assert records[0]["n"] == 1 + len(TIER_3_NAMED)


def test_tip_2022_finding_on_unaccountable_officials(seed_graph: Driver, db: str) -> None:
    c = claim(seed_graph, db, "tip-2022-finds-officials-unaccountable")
    assert (c["subject"], c["predicate"], c["object"]) == (
        TIP,
        "ACCUSES",
        "org:government-of-cambodia",
    )
    assert c["stance"] == "asserts"
    assert normalise(c["quote"]).startswith(
        "Authorities did not investigate or hold criminally accountable any officials"
    )
    complicity = claim(seed_graph, db, "complicit-officials-linked-to-business-owners")
    assert complicity["stance"] == "alleges" and complicity["according_to"] == TIP
    assert edge(
        seed_graph,
        db,
        "person:complicit-officials",
        "LINKED_TO",
        "person:unscrupulous-business-owners",
    )["status"] == ("alleged")


def test_internal_trafficking_to_brick_kilns_and_entertainment(seed_graph: Driver, db: str) -> None:
    practice = "event:internal-trafficking-brick-kilns-entertainment"
    c = claim(seed_graph, db, "tip-2022-reports-internal-trafficking")
    assert (c["subject"], c["predicate"], c["object"]) == (TIP, "REPORTS_ON", practice)
    assert "trafficked internally to work in brick kilns" in c["quote"]
    assert entity(seed_graph, db, practice)["kind"] == "practice"
    located = claim(seed_graph, db, "internal-trafficking-in-cambodia")
    assert located["object"] == "country:cambodia" and located["according_to"] == TIP


# --- U.S. sanctions ---------------------------------------------------------------------------


def test_november_2021_sanctions_on_two_unnamed_military_officials(
    seed_graph: Driver, db: str
) -> None:
    sanction = "sanction:us-2021-11-ream-naval-base"
    records, _, _ = seed_graph.execute_query(
        "MATCH (s:Sanction {id: $sanction})-[t:TARGETS]->(p:Person) "
        "RETURN p.unnamed AS unnamed, t.status AS status, t.first_date AS first_date",
        sanction=sanction,
        database_=db,
        routing_="r",
    )
    assert [(r["unnamed"], r["status"], r["first_date"]) for r in records] == [
        (True, "asserted", "2021-11")
    ] * 2
    issued = claim(seed_graph, db, "ream-sanction-issued-by-us")
    assert issued["object"] == "country:united-states" and issued["valid_from"] == "2021-11"
    assert "November" in issued["note"] and "2021" in issued["note"]
    assert edge(seed_graph, db, sanction, "CONCERNS", "site:ream-naval-base")["status"] == (
        "asserted"
    )
    alleged = claim(seed_graph, db, "official-1-alleged-in-ream-corruption")
    assert alleged["stance"] == "alleges"


def test_2018_sanction_on_unnamed_bodyguard_commander(seed_graph: Driver, db: str) -> None:
    sanction = "sanction:us-2018-hun-sen-bodyguard-commander"
    c = claim(seed_graph, db, "bodyguard-sanction-targets-commander")
    assert (c["subject"], c["object"]) == (sanction, "person:hun-sen-bodyguard-commander")
    assert c["valid_from"] == "2018" and c["stance"] == "asserts"
    commander = entity(seed_graph, db, "person:hun-sen-bodyguard-commander")
    assert commander["unnamed"] is True
    member = edge(
        seed_graph,
        db,
        "person:hun-sen-bodyguard-commander",
        "MEMBER_OF",
        "org:hun-sen-bodyguard-unit",
    )
    assert member["status"] == "asserted"
    abuses = claim(seed_graph, db, "commander-alleged-in-abuses")
    assert abuses["stance"] == "alleges"
    assert edge(seed_graph, db, sanction, "ISSUED_BY", "country:united-states")["first_date"] == (
        "2018"
    )


# --- syndicates, buildings, victims -----------------------------------------------------------


def test_syndicates_run_by_chinese_organized_crime(seed_graph: Driver, db: str) -> None:
    c = claim(seed_graph, db, "chinese-organized-crime-runs-syndicates")
    assert (c["subject"], c["predicate"], c["object"]) == (
        "org:chinese-organized-crime",
        "RUNS",
        "org:scam-syndicates",
    )
    assert "CriminalGroup" in entity(seed_graph, db, "org:scam-syndicates")["labels"]


def test_syndicates_start_in_sihanoukville_and_spread(seed_graph: Driver, db: str) -> None:
    first = claim(seed_graph, db, "syndicates-first-in-sihanoukville")
    assert first["object"] == "city:sihanoukville"
    assert "at first flourished in Sihanoukville" in first["quote"]
    records, _, _ = seed_graph.execute_query(
        "MATCH (:CriminalGroup {id: 'org:scam-syndicates'})-[r:OPERATES_IN]->(c:City) "
        "RETURN c.id AS city, r.status AS status ORDER BY city",
        database_=db,
        routing_="r",
    )
    assert [(r["city"], r["status"]) for r in records] == [
        ("city:bavet", "asserted"),
        ("city:other-cities-of-the-spread", "asserted"),
        ("city:phnom-penh", "asserted"),
        ("city:poipet", "asserted"),
        ("city:sihanoukville", "asserted"),
    ]
    # The order of the spread is data: Sihanoukville first, then the rest.
    assert first["props"] == {"sequence": 1}
    for fact in (
        "syndicates-spread-to-phnom-penh",
        "syndicates-spread-to-bavet",
        "syndicates-spread-to-poipet",
        "syndicates-spread-to-other-cities",
    ):
        assert claim(seed_graph, db, fact)["props"] == {"sequence": 2}, fact
    assert entity(seed_graph, db, "city:other-cities-of-the-spread")["unnamed"] is True


@pytest.mark.parametrize(
    ("fact", "city"),
    [
        ("phnom-penh-in-cambodia", "city:phnom-penh"),
        ("bavet-in-cambodia", "city:bavet"),
        ("poipet-in-cambodia", "city:poipet"),
        ("other-cities-in-cambodia", "city:other-cities-of-the-spread"),
    ],
)
def test_the_cities_of_the_spread_lie_in_cambodia_implied(
    seed_graph: Driver, db: str, fact: str, city: str
) -> None:
    c = claim(seed_graph, db, fact)
    assert (c["subject"], c["predicate"], c["object"]) == (city, "LOCATED_IN", "country:cambodia")
    assert c["note"].startswith("Implied, not stated")


def test_buildings_linked_to_officials_and_businessmen_is_an_allegation(
    seed_graph: Driver, db: str
) -> None:
    works_from = claim(seed_graph, db, "syndicates-work-from-buildings")
    assert works_from["object"] == "site:syndicate-buildings"
    for fact, actor in (
        (
            "officials-linked-to-syndicate-buildings",
            "person:officials-linked-to-syndicate-buildings",
        ),
        (
            "businessmen-linked-to-syndicate-buildings",
            "person:businessmen-linked-to-syndicate-buildings",
        ),
    ):
        c = claim(seed_graph, db, fact)
        assert (c["subject"], c["predicate"], c["stance"]) == (actor, "LINKED_TO", "alleges")
        assert "owned or linked to government officials and wealthy businessmen" in c["quote"]
        assert edge(seed_graph, db, actor, "LINKED_TO", "site:syndicate-buildings")["status"] == (
            "alleged"
        )
    # "Owned or linked" does not say owned: no OWNS edge may come out of it.
    records, _, _ = seed_graph.execute_query(
        "MATCH ()-[r:OWNS]->(:Site {id: 'site:syndicate-buildings'}) RETURN count(r) AS n",
        database_=db,
        routing_="r",
    )
    assert records[0]["n"] == 0


def test_victims_passports_taken_and_forced_into_scams(seed_graph: Driver, db: str) -> None:
    c = claim(seed_graph, db, "media-reports-passports-taken-forced-scams")
    assert (c["subject"], c["predicate"], c["object"]) == (
        "source:media-and-ngo-reports",
        "REPORTS_ON",
        "event:forced-labour-in-online-scam-compounds",
    )
    assert "their passports are taken and they are forced into online scams" in c["quote"]
    assert c["valid_from"] == "2020"
    e = edge(
        seed_graph,
        db,
        "source:media-and-ngo-reports",
        "REPORTS_ON",
        "event:forced-labour-in-online-scam-compounds",
    )
    assert e["n_claims"] == 3 and e["status"] == "asserted"


def test_al_jazeera_documentary(seed_graph: Driver, db: str) -> None:
    documentary = "source:al-jazeera-documentary"
    published = claim(seed_graph, db, "al-jazeera-documentary-published-by-al-jazeera")
    assert (published["subject"], published["object"]) == (documentary, "org:al-jazeera")
    shows = claim(seed_graph, db, "al-jazeera-shows-workers-held-and-beaten")
    assert "40-minute documentary by Al Jazeera" in shows["quote"]
    assert entity(seed_graph, db, documentary)["kind"] == "documentary"


def test_gi_toc_study_on_bri_investment_and_sihanoukville(seed_graph: Driver, db: str) -> None:
    invests = claim(seed_graph, db, "china-invests-in-cambodia")
    assert (invests["subject"], invests["predicate"], invests["object"]) == (
        "country:china",
        "INVESTS_IN",
        "country:cambodia",
    )
    assert invests["according_to"] == "source:gi-toc-study"
    study = claim(seed_graph, db, "gi-toc-study-on-sihanoukville-illicit-trade")
    assert study["object"] == "city:sihanoukville"
    assert "raised the risk of illicit trade in Sihanoukville" in study["quote"]
    publisher = claim(seed_graph, db, "gi-toc-study-published-by-gi-toc")
    assert publisher["object"] == "org:gi-toc" and publisher["valid_from"] == "2021"


def test_central_recorded_32_trafficking_cases_in_2022(seed_graph: Driver, db: str) -> None:
    c = claim(seed_graph, db, "central-records-32-cases-2022")
    assert (c["subject"], c["predicate"]) == ("org:central", "RECORDED")
    assert c["props"] == {"figure": 32, "unit": "trafficking cases", "year": 2022}
    assert "recorded 32 trafficking cases in 2022" in c["quote"]


def test_september_2021_arrest_in_preah_sihanouk(seed_graph: Driver, db: str) -> None:
    arrest = "event:arrest-preah-sihanouk-2021-09"
    c = claim(seed_graph, db, "arrest-located-in-preah-sihanouk")
    assert (c["subject"], c["object"]) == (arrest, "province:preah-sihanouk")
    assert c["valid_from"] == "2021-09"
    assert c["according_to"] == "source:national-police-facebook"
    alleged = claim(seed_graph, db, "arrested-group-allegedly-in-scams-and-kidnapping")
    assert alleged["stance"] == "alleges"
    assert entity(seed_graph, db, "source:national-police-facebook")["kind"] == "social_media_post"


# --- the people quoted ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "position", "body"),
    [
        ("person:chou-bun-eng", "position:ncct-vice-chairperson", "org:ncct"),
        (
            "person:long-dimanche",
            "position:preah-sihanouk-deputy-governor",
            "province:preah-sihanouk",
        ),
        ("person:am-sam-ath", "position:licadho-operations-director", "org:licadho"),
        ("person:hun-sen", "position:prime-minister-of-cambodia", "country:cambodia"),
    ],
)
def test_each_person_holds_a_position_in_a_body(
    seed_graph: Driver, db: str, person: str, position: str, body: str
) -> None:
    records, _, _ = seed_graph.execute_query(
        "MATCH (p:Person {id: $person})-[h:HOLDS_POSITION]->(:Position {id: $position})"
        "-[o:PART_OF]->(b:Entity {id: $body}) "
        "RETURN coalesce(p.unnamed, false) AS unnamed, h.n_claims AS held, "
        "o.n_claims AS part_of",
        person=person,
        position=position,
        body=body,
        database_=db,
        routing_="r",
    )
    assert [(r["unnamed"], r["held"] >= 1, r["part_of"] >= 1) for r in records] == [
        (False, True, True)
    ]


@pytest.mark.parametrize(
    ("speaker", "minimum"),
    [("person:chou-bun-eng", 8), ("person:long-dimanche", 7), ("person:am-sam-ath", 2)],
)
def test_what_each_person_said_is_made_by_them(
    seed_graph: Driver, db: str, speaker: str, minimum: int
) -> None:
    records, _, _ = seed_graph.execute_query(
        "MATCH (c:Claim)-[:MADE_BY]->(:Person {id: $speaker}) "
        "MATCH (c)-[:CITED_IN]->(:Source {id: $seed}) "
        "RETURN c.fact_key AS key",
        speaker=speaker,
        seed=SEED,
        database_=db,
        routing_="r",
    )
    said = {r["key"] for r in records}
    facts = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))["facts"]
    assert said == {f["id"] for f in facts if f.get("speaker") == speaker}
    assert len(said) >= minimum


@pytest.mark.parametrize(
    ("denial", "answered", "speaker"),
    [
        ("chou-bun-eng-disputes-rating", "tip-2022-rates-cambodia", "person:chou-bun-eng"),
        ("chou-bun-eng-calls-it-labor-dispute", "reports-of-debt-bondage", "person:chou-bun-eng"),
        ("chou-bun-eng-not-human-trafficking", "reports-of-debt-bondage", "person:chou-bun-eng"),
        ("chou-bun-eng-says-videos-staged", "videos-show-workers-beaten", "person:chou-bun-eng"),
        ("long-dimanche-disputes-rating", "tip-2022-rates-cambodia", "person:long-dimanche"),
        (
            "long-dimanche-calls-documentary-disinformation",
            "al-jazeera-shows-workers-held-and-beaten",
            "person:long-dimanche",
        ),
        (
            "long-dimanche-does-not-accept-video",
            "al-jazeera-shows-workers-held-and-beaten",
            "person:long-dimanche",
        ),
    ],
)
def test_denials_stand_beside_the_claims_they_deny(
    seed_graph: Driver, db: str, denial: str, answered: str, speaker: str
) -> None:
    d = claim(seed_graph, db, denial)
    a = claim(seed_graph, db, answered)
    assert d["stance"] in {"denies", "disputes"} and a["stance"] == "asserts"
    assert d["speaker"] == speaker
    assert (d["subject"], d["predicate"], d["object"]) == (
        a["subject"],
        a["predicate"],
        a["object"],
    )
    records, _, _ = seed_graph.execute_query(
        "MATCH (:Claim {id: $denial})-[r:CONTRADICTS]->(:Claim {id: $answered}) "
        "RETURN count(r) AS n",
        denial=d["id"],
        answered=a["id"],
        database_=db,
        routing_="r",
    )
    assert records[0]["n"] == 1
    e = edge(seed_graph, db, a["subject"], a["predicate"], a["object"])
    assert {d["id"], a["id"]} <= set(e["claim_ids"]) and e["status"] == "disputed"


def test_long_dimanche_denies_the_documentary(seed_graph: Driver, db: str) -> None:
    c = claim(seed_graph, db, "long-dimanche-denies-documentary")
    assert (c["subject"], c["predicate"], c["object"]) == (
        "person:long-dimanche",
        "DENIES",
        "source:al-jazeera-documentary",
    )
    assert "disinformation" in c["quote"] and c["speaker"] == "person:long-dimanche"


def test_am_sam_ath_warns_on_trade_status(seed_graph: Driver, db: str) -> None:
    c = claim(seed_graph, db, "am-sam-ath-warns-on-trade-status")
    assert (c["subject"], c["predicate"], c["object"]) == (
        "person:am-sam-ath",
        "STATES",
        "country:cambodia",
    )
    assert c["speaker"] == "person:am-sam-ath" and c["stance"] == "asserts"
    assert "threaten our trade status with the E.U. and the U.S." in c["quote"]


def test_cambodia_back_on_another_us_blacklist(seed_graph: Driver, db: str) -> None:
    c = claim(seed_graph, db, "bottom-rung-another-us-blacklist")
    assert (c["subject"], c["predicate"], c["object"]) == (
        "event:tip-2022-bottom-rung",
        "CONCERNS",
        "country:cambodia",
    )
    assert c["quote"] == "Cambodia is back on another U.S. blacklist."
    assert (
        "another U.S. blacklist"
        in entity(seed_graph, db, "event:tip-2022-bottom-rung")["description"]
    )


# --- victims ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fact", "victims", "event", "according_to"),
    [
        (
            "victims-lured-into-forced-scam-labour",
            "person:victims-lured-into-scam-compounds",
            "event:forced-labour-in-online-scam-compounds",
            "source:media-and-ngo-reports",
        ),
        (
            "victims-sold-to-other-gangs",
            "person:victims-lured-into-scam-compounds",
            "event:workers-sold-to-other-gangs",
            "source:media-and-ngo-reports",
        ),
        (
            "call-center-workers-held-and-beaten",
            "person:foreign-call-center-workers",
            "event:forced-labour-in-online-scam-compounds",
            "source:al-jazeera-documentary",
        ),
        (
            "cambodians-trafficked-internally-victims",
            "person:cambodians-trafficked-internally",
            "event:internal-trafficking-brick-kilns-entertainment",
            TIP,
        ),
        (
            "men-women-children-in-scam-operations",
            "person:men-women-children-trafficked-throughout-cambodia",
            "event:forced-labour-in-online-scam-compounds",
            TIP,
        ),
        (
            "men-women-children-in-brick-kilns-and-entertainment",
            "person:men-women-children-trafficked-throughout-cambodia",
            "event:internal-trafficking-brick-kilns-entertainment",
            TIP,
        ),
    ],
)
def test_victims_of_the_practices(
    seed_graph: Driver, db: str, fact: str, victims: str, event: str, according_to: str
) -> None:
    c = claim(seed_graph, db, fact)
    assert (c["subject"], c["predicate"], c["object"]) == (victims, "VICTIM_OF", event)
    assert c["according_to"] == according_to and c["stance"] == "asserts"
    assert edge(seed_graph, db, victims, "VICTIM_OF", event)["status"] == "asserted"
    assert entity(seed_graph, db, victims)["unnamed"] is True


def test_workers_who_fail_to_perform_are_sold_to_other_gangs(seed_graph: Driver, db: str) -> None:
    sold = "event:workers-sold-to-other-gangs"
    gangs = claim(seed_graph, db, "other-gangs-buy-workers")
    assert (gangs["subject"], gangs["predicate"], gangs["object"]) == (
        "org:other-gangs",
        "INVOLVED_IN",
        sold,
    )
    assert gangs["quote"] == "Those who fail to perform are beaten or sold to other gangs."
    assert "does not say who sells" in gangs["note"]
    reported = claim(seed_graph, db, "media-reports-workers-sold")
    assert (reported["subject"], reported["object"]) == ("source:media-and-ngo-reports", sold)
    assert entity(seed_graph, db, sold)["kind"] == "practice"


def test_thousands_trafficked_each_year_and_throughout_the_country(
    seed_graph: Driver, db: str
) -> None:
    internal = claim(seed_graph, db, "tip-2022-counts-internal-trafficking")
    assert internal["props"] == {
        "figure": "thousands",
        "unit": "Cambodians trafficked internally each year",
    }
    cambodians = claim(seed_graph, db, "cambodians-trafficked-internally-are-cambodian")
    assert (cambodians["subject"], cambodians["object"]) == (
        "person:cambodians-trafficked-internally",
        "country:cambodia",
    )
    everyone = claim(seed_graph, db, "tip-2022-counts-men-women-children")
    assert (everyone["subject"], everyone["predicate"], everyone["object"]) == (
        TIP,
        "RECORDED",
        "person:men-women-children-trafficked-throughout-cambodia",
    )
    assert everyone["props"]["figure"] == "thousands"


# --- complicity: the report says no official was investigated ----------------------------------


def test_the_report_says_officials_were_not_investigated_or_prosecuted(
    seed_graph: Driver, db: str
) -> None:
    for fact, event, kind in (
        (
            "tip-2022-no-investigation-of-complicit-officials",
            "event:investigation-of-complicit-officials",
            "investigation",
        ),
        (
            "tip-2022-no-prosecution-of-complicit-officials",
            "event:prosecution-of-complicit-officials",
            "prosecution",
        ),
    ):
        c = claim(seed_graph, db, fact)
        assert (c["subject"], c["predicate"], c["object"]) == (
            event,
            "CONCERNS",
            "person:complicit-officials",
        )
        assert c["according_to"] == TIP
        assert normalise(c["quote"]).startswith("Authorities did not investigate")
        e = entity(seed_graph, db, event)
        assert (e["kind"], e["occurred"]) == (kind, False)
    assert entity(seed_graph, db, "event:arrest-preah-sihanouk-2021-09")["kind"] == "arrest"


def test_complicity_query_finds_the_statement_not_the_event_names(
    seed_graph: Driver, db: str
) -> None:
    from cypher.registry import get_registry

    rows = get_registry().run(seed_graph, "complicit_not_investigated", {}, database=db).rows
    by_official = {r["official_id"]: r for r in rows}
    assert "person:complicit-officials" in by_official
    (stated,) = by_official["person:complicit-officials"]["stated_none"]
    assert normalise(stated).startswith("Authorities did not investigate or hold criminally")
    assert by_official["person:ream-military-official-1"]["stated_none"] == []


# --- the study, the documentary, the E.U. --------------------------------------------------------


def test_gi_toc_study_date_and_finding(seed_graph: Driver, db: str) -> None:
    study = entity(seed_graph, db, "source:gi-toc-study")
    assert study["published_on"] == "2021" and "released last year" in study["note"].lower()
    finding = claim(seed_graph, db, "gi-toc-study-finds-risk-of-illicit-trade")
    risk = "event:risk-of-illicit-trade-in-sihanoukville"
    assert (finding["subject"], finding["object"]) == ("source:gi-toc-study", risk)
    assert finding["stated_on"] == "2021"
    located = claim(seed_graph, db, "risk-of-illicit-trade-in-sihanoukville")
    assert (located["object"], located["according_to"]) == (
        "city:sihanoukville",
        "source:gi-toc-study",
    )
    tied = claim(seed_graph, db, "risk-raised-by-bri-investment")
    assert tied["object"] == "country:china" and "BRI investment" in tied["quote"]


def test_documentary_date_and_place_as_the_article_gives_them(seed_graph: Driver, db: str) -> None:
    documentary = entity(seed_graph, db, "source:al-jazeera-documentary")
    assert documentary["published_on"] == "2022"
    assert "The TIP downgrade arrived alongside" in documentary["note"]
    place = claim(seed_graph, db, "documentary-shows-beatings-in-sihanoukville")
    assert place["object"] == "city:sihanoukville"
    assert place["speaker"] == "person:long-dimanche"
    assert place["quote"] == "this video of beatings in Sihanoukville"


def test_the_eu_and_the_trade_status_warning(seed_graph: Driver, db: str) -> None:
    eu = entity(seed_graph, db, "org:european-union")
    assert "InternationalBody" in eu["labels"] and eu["aliases"] == ["E.U."]
    threat = "event:threat-to-cambodia-trade-status"
    states = claim(seed_graph, db, "am-sam-ath-on-trade-status-threat")
    assert (states["subject"], states["object"], states["speaker"]) == (
        "person:am-sam-ath",
        threat,
        "person:am-sam-ath",
    )
    for fact, party in (
        ("trade-status-threat-concerns-cambodia", "country:cambodia"),
        ("trade-status-threat-concerns-eu", "org:european-union"),
        ("trade-status-threat-concerns-us", "country:united-states"),
    ):
        c = claim(seed_graph, db, fact)
        assert (c["subject"], c["predicate"], c["object"]) == (threat, "CONCERNS", party)
        assert "trade status with the E.U. and the U.S." in c["quote"]


# --- aliases and countries ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entity_id", "alias"),
    [
        ("country:cambodia", "the Kingdom"),
        ("country:united-states", "Washington"),
        ("source:tip-2022", "U.S. report"),
        ("source:al-jazeera-documentary", "Al Jazeera story"),
        ("org:european-union", "E.U."),
    ],
)
def test_aliases_the_article_uses(seed_graph: Driver, db: str, entity_id: str, alias: str) -> None:
    assert alias in entity(seed_graph, db, entity_id)["aliases"]
    assert alias in SEED_TEXT.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("fact", "org", "predicate", "implied"),
    [
        ("camboja-cambodian", "org:camboja", "NATIONAL_OF", False),
        ("central-in-cambodia", "org:central", "NATIONAL_OF", True),
        ("licadho-in-cambodia", "org:licadho", "NATIONAL_OF", True),
        ("government-acts-for-cambodia", "org:government-of-cambodia", "ACTS_FOR", False),
        ("cambodian-authorities-act-for-cambodia", "org:cambodian-authorities", "ACTS_FOR", False),
        ("ncct-acts-for-cambodia", "org:ncct", "ACTS_FOR", True),
        ("national-police-act-for-cambodia", "org:national-police", "ACTS_FOR", True),
        ("bodyguard-unit-acts-for-cambodia", "org:hun-sen-bodyguard-unit", "ACTS_FOR", True),
    ],
)
def test_each_organisation_s_country(
    seed_graph: Driver, db: str, fact: str, org: str, predicate: str, implied: bool
) -> None:
    c = claim(seed_graph, db, fact)
    assert (c["subject"], c["predicate"], c["object"]) == (org, predicate, "country:cambodia")
    assert bool(c.get("note") and c["note"].startswith("Implied, not stated")) is implied


def test_organisations_without_a_country_in_the_article(seed_graph: Driver, db: str) -> None:
    """The article gives no country for these; the graph must not invent one."""
    records, _, _ = seed_graph.execute_query(
        "MATCH (o:Organization) WHERE NOT EXISTS { (o)-[:NATIONAL_OF|ACTS_FOR|LOCATED_IN]->() } "
        "RETURN o.id AS id ORDER BY id",
        database_=db,
        routing_="r",
    )
    assert [r["id"] for r in records] == [
        "org:al-jazeera",
        "org:european-union",
        "org:foreign-media",
        "org:gi-toc",
        "org:other-gangs",
        "org:scam-syndicates",
    ]


def test_ream_naval_base_lies_in_cambodia_implied(seed_graph: Driver, db: str) -> None:
    c = claim(seed_graph, db, "ream-naval-base-in-cambodia")
    assert (c["subject"], c["object"]) == ("site:ream-naval-base", "country:cambodia")
    assert c["note"].startswith("Implied, not stated")


# --- places and unnamed actors ----------------------------------------------------------------


def test_sihanoukville_and_preah_sihanouk_are_distinct_nodes(seed_graph: Driver, db: str) -> None:
    city = entity(seed_graph, db, "city:sihanoukville")
    province = entity(seed_graph, db, "province:preah-sihanouk")
    assert "City" in city["labels"] and "Province" not in city["labels"]
    assert "Province" in province["labels"] and "City" not in province["labels"]
    located = claim(seed_graph, db, "sihanoukville-in-preah-sihanouk")
    assert (located["subject"], located["object"]) == (city["id"], province["id"])
    assert "Implied" in located["note"]


@pytest.mark.parametrize(
    "entity_id",
    [
        "person:ream-military-official-1",
        "person:ream-military-official-2",
        "person:hun-sen-bodyguard-commander",
        "person:officials-linked-to-syndicate-buildings",
        "person:businessmen-linked-to-syndicate-buildings",
        "person:complicit-officials",
        "person:unscrupulous-business-owners",
        "person:arrested-chinese-nationals",
        "person:victims-lured-into-scam-compounds",
        "person:foreign-call-center-workers",
        "person:cambodians-trafficked-internally",
        "person:men-women-children-trafficked-throughout-cambodia",
        "org:scam-syndicates",
        "org:other-gangs",
    ],
)
def test_unnamed_actors_are_marked_unnamed(seed_graph: Driver, db: str, entity_id: str) -> None:
    assert entity(seed_graph, db, entity_id)["unnamed"] is True


def test_named_people_are_not_marked_unnamed(seed_graph: Driver, db: str) -> None:
    records, _, _ = seed_graph.execute_query(
        "MATCH (p:Person) WHERE NOT coalesce(p.unnamed, false) RETURN p.id AS id ORDER BY id",
        database_=db,
        routing_="r",
    )
    assert [r["id"] for r in records] == [
        "person:am-sam-ath",
        "person:chou-bun-eng",
        "person:hun-sen",
        "person:long-dimanche",
    ]


# --- shapes every claim keeps -----------------------------------------------------------------


def test_every_claim_has_a_quote_and_a_cited_source(seed_graph: Driver, db: str) -> None:
    records, _, _ = seed_graph.execute_query(
        "MATCH (c:Claim) "
        "RETURN count(c) AS claims, [x IN collect(c) WHERE x.quote IS NULL "
        "OR trim(x.quote) = '' OR NOT (x)-[:CITED_IN]->(:Source) | x.id] AS bad",
        database_=db,
        routing_="r",
    )
    assert records[0]["bad"] == [] and records[0]["claims"] > 0


def test_every_direct_edge_has_its_claims(seed_graph: Driver, db: str) -> None:
    records, _, _ = seed_graph.execute_query(
        "MATCH (s:Entity)-[r]->(o:Entity) "
        "OPTIONAL MATCH (c:Claim)-[:SUBJECT]->(s) "
        "WHERE c.id IN r.claim_ids AND c.predicate = type(r) AND (c)-[:OBJECT]->(o) "
        "WITH r, count(c) AS found "
        "WHERE r.claim_ids IS NULL OR size(r.claim_ids) = 0 OR found <> size(r.claim_ids) "
        "RETURN count(r) AS bad",
        database_=db,
        routing_="r",
    )
    assert records[0]["bad"] == 0


def test_every_fact_of_the_seed_file_is_a_claim_quoted_from_the_text(
    seed_graph: Driver, db: str
) -> None:
    facts = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))["facts"]
    records, _, _ = seed_graph.execute_query(
        "MATCH (c:Claim)-[:CITED_IN]->(:Source {id: $seed}) "
        "RETURN c.fact_key AS key, c.quote AS quote",
        seed=SEED,
        database_=db,
        routing_="r",
    )
    quotes = {r["key"]: r["quote"] for r in records}
    assert set(quotes) == {f["id"] for f in facts}
    text = normalise(SEED_TEXT.read_text(encoding="utf-8"))
    assert [key for key, quote in quotes.items() if normalise(quote) not in text] == []


# --- loading twice ----------------------------------------------------------------------------


def tipgraph_load(path: Path, *flags: str) -> dict[str, Any]:
    """Run `tipgraph load [FLAGS] PATH` and read its summary: files loaded and skipped, and the
    created/updated counts of entities, claims and edges."""
    run = run_cli("load", *flags, str(path))
    assert run.returncode == 0, run.stdout + run.stderr
    totals = re.search(r"(\d+) file\(s\) loaded, (\d+) skipped", run.stdout)
    assert totals is not None, run.stdout
    summary: dict[str, Any] = {"loaded": int(totals[1]), "skipped": int(totals[2])}
    for kind in ("entities", "claims", "edges"):
        row = re.search(rf"{kind}\s*\S\s*(\d+)\s*\S\s*(\d+)", run.stdout)
        assert row is not None, run.stdout
        summary[kind] = {"created": int(row[1]), "updated": int(row[2])}
    return summary


def test_loading_data_twice_changes_nothing(clean_graph: Driver, settings: Settings) -> None:
    first = tipgraph_load(DATA)
    assert first["loaded"] >= 1 and first["skipped"] == 0
    assert all(first[kind]["created"] > 0 for kind in ("entities", "claims", "edges"))
    loaded = graph_hash(clean_graph, settings)

    second = tipgraph_load(DATA)
    assert (second["loaded"], second["skipped"]) == (0, first["loaded"])
    assert all(second[k] == {"created": 0, "updated": 0} for k in ("entities", "claims", "edges"))
    assert graph_hash(clean_graph, settings) == loaded

    # Skipping proves little about the writes themselves: force the seed to be written again,
    # and the graph must still come out the same.
    third = tipgraph_load(DATA, "--force")
    assert third["loaded"] == 1
    assert third["claims"] == {"created": 0, "updated": 0}
    assert third["edges"] == {"created": 0, "updated": 0}
    assert graph_hash(clean_graph, settings) == loaded


def test_what_the_curator_infers_is_shown_as_inferred(seed_graph: Driver, db: str) -> None:
    # "Sihanoukville" lies in "Preah Sihanouk province": the article never says so.
    located = edge(seed_graph, db, "city:sihanoukville", "LOCATED_IN", "province:preah-sihanouk")
    assert located["status"] == "inferred"
    assert (located["n_sources"], located["n_independent_sources"], located["n_inferred"]) == (
        0,
        0,
        1,
    )
    records, _, _ = seed_graph.execute_query(
        "MATCH (c:Claim) WHERE c.inferred RETURN count(c) AS n, "
        "  all(x IN collect(c.role) WHERE x = 'inferred') AS all_inferred",
        database_=db,
    )
    assert records[0]["n"] == 14 and records[0]["all_inferred"]
