"""FollowTheMoney out and in: every line tipgraph writes passes `followthemoney`'s own checks,
a round trip through an empty database keeps the entities, and an OpenSanctions-shaped file
(sanctions and PEP entries, with Family and Address) imports whole.

The export is read over HTTP from the real app; the imports go through the real loader.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from followthemoney import model
from neo4j import Driver

from cypher.registry import get_registry
from graph.schema import migrate
from graph.settings import Settings
from loaders import import_ftm
from loaders.imported import run_import
from loaders.writer import DriverGraphView
from tests.ftmcheck import ftm_lines, ftm_problems
from tests.paths import PROJECT_ROOT

STANCED = re.compile(r"^(asserts|alleges|denies|disputes|retracts)( \(answers [0-9a-f, ]+\))?: ")

FIXTURES = Path(__file__).parent.parent / "fixtures" / "importers"

SEED_TEXT = PROJECT_ROOT / "data" / "sources" / "000_34f7053f1d15ed5f.txt"


def _is_link(entity: dict[str, Any]) -> bool:
    schema = model.get(str(entity["schema"]))
    return schema is not None and schema.edge


def test_every_saved_query_example_exports_valid_non_empty_ftm(
    seed_graph: Driver, api: httpx.Client, reader: dict[str, str]
) -> None:
    empty, problems = [], []
    for query in get_registry().queries:
        for n, example in enumerate(query.examples, start=1):
            answer = api.get(
                f"/queries/{query.name}/run",
                params={**example.params, "format": "ftm"},
                headers=reader,
                timeout=60,
            )
            assert answer.status_code == 200, (query.name, answer.text)
            lines = ftm_lines(answer.text)
            if not lines and example.rows:  # an example without rows names nothing
                empty.append(f"{query.name} example {n}")
            problems += [f"{query.name} example {n}: {p}" for p in ftm_problems(lines)]
    assert problems == []
    assert empty == []


def test_every_entity_neighbourhood_exports_valid_ftm(
    seed_graph: Driver, api: httpx.Client, reader: dict[str, str], settings: Settings
) -> None:
    records, _, _ = seed_graph.execute_query(
        "MATCH (e:Entity) RETURN e.id AS id ORDER BY id", database_=settings.neo4j_database
    )
    assert len(records) > 60
    problems = []
    for record in records:
        answer = api.get(
            "/exports/neighbourhood",
            params={"id": record["id"], "format": "ftm"},
            headers=reader,
        )
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-disposition"].startswith("attachment;")
        problems += [f"{record['id']}: {p}" for p in ftm_problems(ftm_lines(answer.text))]
    assert problems == []


def test_whole_graph_uses_the_right_schemata(
    seed_graph: Driver, api: httpx.Client, reader: dict[str, str]
) -> None:
    answer = api.get("/exports/graph", params={"format": "ftm"}, headers=reader)
    lines = ftm_lines(answer.text)
    assert ftm_problems(lines) == []
    by_id = {e["id"]: e for e in lines}
    schemata = Counter(e["schema"] for e in lines)
    # Places are properties in FtM, not Addresses; sources are Articles linked by Documentation.
    assert schemata["Address"] == 0
    assert schemata["Article"] >= 5 and schemata["Documentation"] >= 5
    assert schemata["Occupancy"] >= 3 and schemata["Membership"] >= 1
    links = [e for e in lines if _is_link(e)]
    # UnknownLink only where no schema fits: involvement in events, statements, accusations.
    assert schemata["UnknownLink"] < 0.6 * len(links)
    roles = {
        r for e in lines if e["schema"] == "UnknownLink" for r in e["properties"].get("role", [])
    }
    assert (
        roles & {"holds position", "member of", "leads", "employs", "owns", "reports on"} == set()
    )
    # A sanction names its target, authority, programme date, and the words that record it.
    sanction = by_id["sanction-us-2018-hun-sen-bodyguard-commander"]["properties"]
    assert sanction["entity"] == ["person-hun-sen-bodyguard-commander"]
    assert sanction["startDate"] == ["2018"]
    assert sanction["authority"] == ["United States"]
    assert any("blacklisted a commander" in s for s in sanction["summary"])
    # Every link carries its claims: quote, stance, the source's publisher and its Article.
    for link in links:
        props = link["properties"]
        assert props.get("summary"), link
        assert all(STANCED.match(d) for d in props["description"]), link
        assert props.get("proof"), link
    person = by_id["person-chou-bun-eng"]
    assert person["schema"] == "Person" and person["properties"]["name"] == ["Chou Bun Eng"]


def test_ids_are_stable_across_a_rebuild(
    seed_graph: Driver, api: httpx.Client, reader: dict[str, str], settings: Settings
) -> None:
    from loaders import load_paths
    from tests.e2e.fixtures import wipe

    first = api.get("/exports/graph", params={"format": "ftm"}, headers=reader).text
    wipe(seed_graph, settings)
    migrate(seed_graph, database=settings.neo4j_database)
    assert load_paths(seed_graph, [PROJECT_ROOT / "data"], database=settings.neo4j_database).ok
    second = api.get("/exports/graph", params={"format": "ftm"}, headers=reader).text
    assert sorted(e["id"] for e in ftm_lines(first)) == sorted(e["id"] for e in ftm_lines(second))


# What a round trip cannot keep the same: provenance (which source, which Article proves it),
# since the import itself becomes the citing source; and properties drawn from edges to places,
# which FtM has no entity for, so that an import has no place to point a claim at.
_PROVENANCE = {"publisher", "sourceUrl", "proof"}

_FROM_PLACES = {"country", "address", "location", "subnationalArea"}


def _comparable(lines: list[dict[str, Any]], drop_ids: set[str]) -> set[str]:
    out = set()
    for e in lines:
        if e["id"] in drop_ids:
            continue
        props = {
            k: sorted(v)
            for k, v in e["properties"].items()
            if k not in _PROVENANCE and not (k in _FROM_PLACES and not _is_link(e))
        }
        out.add(json.dumps({"id": e["id"], "schema": e["schema"], **props}, sort_keys=True))
    return out


def test_round_trip_through_an_empty_database(
    seed_graph: Driver,
    api: httpx.Client,
    reader: dict[str, str],
    settings: Settings,
    tmp_path: Path,
) -> None:
    db = settings.neo4j_database
    first = ftm_lines(api.get("/exports/graph", headers=reader).text)
    meta = {
        "id": "source:ftm-round-trip",
        "kind": "reference",
        "title": "tipgraph's own FtM export, imported again",
        "published_on": "2022",
        "text": "sources/seed.txt",
    }
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "seed.txt").write_bytes(SEED_TEXT.read_bytes())
    path = tmp_path / "export.ftm.json"
    path.write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in [{"source": meta}, *first]) + "\n",
        encoding="utf-8",
    )
    from tests.e2e.fixtures import wipe

    wipe(seed_graph, settings)
    migrate(seed_graph, database=db)
    report, imported = run_import(
        import_ftm.build, seed_graph, path, database=db, graph=DriverGraphView(seed_graph, db)
    )
    assert report.ok and imported.notes == []
    second = ftm_lines(api.get("/exports/graph", headers=reader).text)
    assert ftm_problems(second) == []
    assert _comparable(second, {"source-ftm-round-trip"}) == _comparable(first, set())


def test_opensanctions_sample_imports_whole(clean_graph: Driver, settings: Settings) -> None:
    db = settings.neo4j_database
    migrate(clean_graph, database=db)
    path = FIXTURES / "opensanctions.jsonl"
    report, imported = run_import(
        import_ftm.build, clean_graph, path, database=db, graph=DriverGraphView(clean_graph, db)
    )
    assert report.ok, report.problems
    assert imported.notes == []
    records, _, _ = clean_graph.execute_query(
        "MATCH (e:Entity) WHERE NOT e:Source "
        "RETURN e.type AS type, e.name AS name, e.dataset_ids AS ds, e.nationality AS nat, "
        "e.jurisdiction AS jur, e.authority AS authority, e.imposed_on AS on ORDER BY ds",
        database_=db,
    )
    rows = {r["ds"][0]: dict(r) for r in records}
    # Every entity of the file, each keeping its dataset id: the link back.
    wanted = {json.loads(line)["id"] for line in path.read_text().splitlines()[1:]}
    assert set(rows) == {i for i in wanted if _schema_of(path, i) not in ("Occupancy", "Family")}
    assert rows["NK-fixture-hing-bun-hieng"]["nat"] == ["kh"]
    assert rows["NK-fixture-mod-kh"]["jur"] == ["kh"]
    assert rows["NK-fixture-addr-phnom-penh"]["type"] == "Site"
    assert rows["NK-fixture-chau-phirun-ofac-2021"] == {
        "type": "Sanction",
        "name": "Global Magnitsky (E.O. 13818)",
        "ds": ["NK-fixture-chau-phirun-ofac-2021"],
        "nat": None,
        "jur": None,
        "authority": "Office of Foreign Assets Control",
        "on": "2021-11-10",
    }
    edges, _, _ = clean_graph.execute_query(
        "MATCH (a:Entity)-[r]->(b:Entity) WHERE NOT a:Source "
        "RETURN a.name AS a, type(r) AS r, b.name AS b ORDER BY a, r, b",
        database_=db,
    )
    got = [(e["a"], e["r"], e["b"]) for e in edges]
    assert ("Hun Sen", "LINKED_TO", "Hun Manet") in got  # the Family entry
    assert ("Hun Manet", "HOLDS_POSITION", "Prime Minister of Cambodia") in got
    assert sum(1 for e in got if e[1] == "TARGETS") == 3
    # An id from the dataset finds the entity wherever the API takes an id.
    ids, _, _ = clean_graph.execute_query(
        "MATCH (e:Entity) WHERE 'NK-fixture-tea-vinh' IN e.dataset_ids RETURN e.id AS id",
        database_=db,
    )
    assert [r["id"] for r in ids] == ["person:nk-fixture-tea-vinh"]


def _schema_of(path: Path, entity_id: str) -> str:
    for line in path.read_text().splitlines()[1:]:
        entity = json.loads(line)
        if entity["id"] == entity_id:
            return str(entity["schema"])
    raise KeyError(entity_id)


def test_unknown_schemata_are_noted_not_fatal(
    clean_graph: Driver, settings: Settings, tmp_path: Path
) -> None:
    db = settings.neo4j_database
    migrate(clean_graph, database=db)
    path = tmp_path / "mixed.jsonl"
    lines = [
        {"source": {"id": "source:mixed", "title": "mixed", "published_on": "2024"}},
        {"id": "v1", "schema": "Vessel", "properties": {"name": ["Ocean Star"]}},
        {"id": "x1", "schema": "NoSuchSchema", "properties": {"name": ["X"]}},
        {"id": "le1", "schema": "LegalEntity", "properties": {"name": ["Some Holding"]}},
        {"id": "w1", "schema": "CryptoWallet", "properties": {"publicKey": ["abc"]}},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    report, imported = run_import(
        import_ftm.build, clean_graph, path, database=db, graph=DriverGraphView(clean_graph, db)
    )
    assert report.ok
    assert [line for line, _ in imported.notes] == [3, 5]
    records, _, _ = clean_graph.execute_query(
        "MATCH (e:Entity) WHERE NOT e:Source RETURN e.id AS id, e.type AS type ORDER BY id",
        database_=db,
    )
    assert [tuple(r.values()) for r in records] == [
        ("org:le1", "Organization"),
        ("site:v1", "Site"),
    ]
