"""The saved-query registry without a database: headers, names and typed parameters."""

from __future__ import annotations

import re
from pathlib import Path
from textwrap import dedent

import pytest

from cypher.errors import QueryDefinitionError, QueryParamsError, UnknownQuery
from cypher.guard import guarded, returned_columns
from cypher.registry import QUERIES_DIR, Registry, get_registry
from graph.ontology import get_ontology

GOOD_HEADER = """\
// name: {name}
// title: A test query
// description: Returns what it is given, for the registry tests.
// tags: [test]
// params:
//   id: {{type: entity_id, labels: [Person], required: true, description: Who.}}
//   depth: {{type: integer, default: 2, min: 1, max: 3, description: How far.}}
//   since: {{type: date, description: From when.}}
//   kind: {{type: enum, values: [a, b], default: a, description: Which kind.}}
//   ids:
//     type: list
//     items: {{type: entity_id, labels: [Entity]}}
//     max_items: 3
//     description: Other ids.
//   ratio: {{type: float, min: 0, max: 1, description: A share.}}
//   flag: {{type: boolean, default: false, description: A switch.}}
//   word: {{type: string, max_length: 5, description: A short word.}}
// examples:
//   - params: {{id: person:x}}
//     rows: []
RETURN $id AS id, $depth AS depth, $since AS since, $kind AS kind, $ids AS ids,
  $ratio AS ratio, $flag AS flag, $word AS word
"""


def write(root: Path, area: str, name: str, text: str) -> Path:
    folder = root / area
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.cypher"
    path.write_text(dedent(text), encoding="utf-8")
    return path


def load_one(tmp_path: Path, text: str, name: str = "probe") -> Registry:
    write(tmp_path, "test", name, text)
    return Registry.load(tmp_path)


def problems_of(tmp_path: Path, text: str, name: str = "probe") -> str:
    with pytest.raises(QueryDefinitionError) as info:
        load_one(tmp_path, text, name)
    return str(info.value)


def test_project_queries_load_sorted_with_unique_names() -> None:
    registry = get_registry()
    names = [q.name for q in registry.queries]
    assert names == sorted(names)
    assert len(names) == len(set(names))
    assert len(names) >= 20
    for query in registry.queries:
        assert query.path.parent.parent == QUERIES_DIR
        assert query.area == query.path.parent.name
        assert query.examples, query.name


def test_a_good_header_gives_typed_params(tmp_path: Path) -> None:
    query = load_one(tmp_path, GOOD_HEADER.format(name="probe")).get("probe")
    assert [p.name for p in query.params] == [
        "id",
        "depth",
        "since",
        "kind",
        "ids",
        "ratio",
        "flag",
        "word",
    ]
    assert query.tags == ("test",)
    assert query.text.startswith("RETURN $id")
    values = query.validate_params({"id": "person:x"})
    assert values == {
        "id": "person:x",
        "depth": 2,
        "since": None,
        "kind": "a",
        "ids": None,
        "ratio": None,
        "flag": False,
        "word": None,
    }


def test_strings_are_coerced(tmp_path: Path) -> None:
    query = load_one(tmp_path, GOOD_HEADER.format(name="probe")).get("probe")
    values = query.validate_params(
        {
            "id": "person:x",
            "depth": "3",
            "since": 2021,
            "ids": "org:a, city:b",
            "ratio": "0.5",
            "flag": "true",
        }
    )
    assert values["depth"] == 3
    assert values["since"] == "2021"
    assert values["ids"] == ["org:a", "city:b"]
    assert values["ratio"] == 0.5
    assert values["flag"] is True
    assert query.validate_params({"id": "person:x", "ids": '["org:a"]'})["ids"] == ["org:a"]


@pytest.mark.parametrize(
    ("raw", "field", "fragment"),
    [
        ({}, "id", "required"),
        ({"id": "city:x"}, "id", "cannot be a Person"),
        ({"id": "not an id"}, "id", "entity id"),
        ({"id": "person:x", "depth": 4}, "depth", "less than or equal to 3"),
        ({"id": "person:x", "depth": "deep"}, "depth", "integer"),
        ({"id": "person:x", "since": "2021-13"}, "since", "not a real date"),
        ({"id": "person:x", "since": "21"}, "since", "partial ISO date"),
        ({"id": "person:x", "kind": "c"}, "kind", "'a' or 'b'"),
        ({"id": "person:x", "ids": "a:1,b:2,c:3,d:4"}, "ids", "at most 3"),
        ({"id": "person:x", "ratio": 1.5}, "ratio", "less than or equal to 1"),
        ({"id": "person:x", "word": "toolong"}, "word", "at most 5"),
        ({"id": "person:x", "nope": 1}, "nope", "unknown parameter"),
    ],
)
def test_bad_params_are_refused_with_the_field(
    tmp_path: Path, raw: dict[str, object], field: str, fragment: str
) -> None:
    query = load_one(tmp_path, GOOD_HEADER.format(name="probe")).get("probe")
    with pytest.raises(QueryParamsError) as info:
        query.validate_params(raw)
    assert info.value.status == 422
    fields = {e["field"]: e["message"] for e in info.value.errors}
    assert field in fields, info.value.errors
    assert fragment in fields[field], fields[field]


def test_all_param_problems_are_reported_at_once(tmp_path: Path) -> None:
    query = load_one(tmp_path, GOOD_HEADER.format(name="probe")).get("probe")
    with pytest.raises(QueryParamsError) as info:
        query.validate_params({"depth": 9, "kind": "z"})
    assert {e["field"] for e in info.value.errors} == {"id", "depth", "kind"}


def test_params_model_carries_bounds_and_enums(tmp_path: Path) -> None:
    query = load_one(tmp_path, GOOD_HEADER.format(name="probe")).get("probe")
    schema = query.params_model.model_json_schema()
    assert schema["required"] == ["id"]
    assert schema["properties"]["depth"]["maximum"] == 3
    assert schema["properties"]["depth"]["default"] == 2
    kind = schema["properties"]["kind"]
    assert kind.get("enum") == ["a", "b"] or kind.get("anyOf")


def test_unknown_query_is_a_404() -> None:
    with pytest.raises(UnknownQuery) as info:
        get_registry().get("no_such_query")
    assert info.value.status == 404


def test_unknown_header_field_is_an_error(tmp_path: Path) -> None:
    text = GOOD_HEADER.format(name="probe").replace("// tags: [test]", "// tags: [x]\n// tgas: x")
    assert "tgas: unknown field" in problems_of(tmp_path, text)


def test_unknown_param_field_is_an_error(tmp_path: Path) -> None:
    text = GOOD_HEADER.format(name="probe").replace("min: 1, max: 3,", "min: 1, maxx: 3,")
    assert "params.1.maxx: unknown field" in problems_of(tmp_path, text)


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("type: integer, default: 2", "type: number, default: 2", "params.1.type"),
        ("type: integer, default: 2", "type: integer, default: two", "params.depth.default"),
        ("type: enum, values: [a, b],", "type: enum,", "`values` is required"),
        ("labels: [Person]", "labels: [Villain]", "unknown: ['Villain']"),
        ("type: entity_id, labels: [Person]", "type: string, labels: [Person]", "`labels`"),
        ("min: 1, max: 3", "min: 3, max: 1", "min 3.0 is above max 1.0"),
        ("type: boolean, default: false", "type: boolean, min: 0", "bound numbers only"),
        ("required: true,", "required: true, default: person:y,", "cannot have a default"),
        ("items: {type: entity_id, labels: [Entity]}", "items: {type: list}", "lists of lists"),
        ("// title: A test query", "// title: A test query\n// title: twice", "not valid YAML"),
    ],
)
def test_bad_param_specs_are_errors(tmp_path: Path, old: str, new: str, fragment: str) -> None:
    text = GOOD_HEADER.format(name="probe")
    assert old in text
    assert fragment in problems_of(tmp_path, text.replace(old, new))


def test_undeclared_and_unused_params_are_errors(tmp_path: Path) -> None:
    text = GOOD_HEADER.format(name="probe").replace("$word AS word", "$other AS word")
    message = problems_of(tmp_path, text)
    assert "$other is used in the query but not declared" in message
    assert "params.word is declared but the query never uses $word" in message


def test_dollar_signs_in_strings_and_comments_are_not_params(tmp_path: Path) -> None:
    text = GOOD_HEADER.format(name="probe").replace(
        "RETURN $id AS id,", "RETURN $id AS id, '$notparam' AS s, // costs $5\n"
    )
    assert load_one(tmp_path, text).get("probe").name == "probe"


def test_an_apostrophe_in_a_comment_does_not_hide_the_params_after_it(tmp_path: Path) -> None:
    text = GOOD_HEADER.format(name="probe").replace(
        "RETURN $id AS id,", "RETURN $id AS id, // the query's own note\n  'http://x' AS u,"
    )
    assert load_one(tmp_path, text).get("probe").name == "probe"


def test_missing_header_and_missing_examples_are_errors(tmp_path: Path) -> None:
    assert "no header" in problems_of(tmp_path, "RETURN 1 AS one\n")
    no_examples = GOOD_HEADER.format(name="probe").split("// examples:")[0]
    body = "RETURN $id, $depth, $since, $kind, $ids, $ratio, $flag, $word"
    assert "examples: Field required" in problems_of(tmp_path, no_examples + body)


def test_example_params_must_validate(tmp_path: Path) -> None:
    text = GOOD_HEADER.format(name="probe").replace("params: {id: person:x}", "params: {depth: 7}")
    message = problems_of(tmp_path, text)
    assert "examples[1].params" in message
    assert "id: Field required" in message


def test_name_must_match_the_file(tmp_path: Path) -> None:
    assert "differs from the file name" in problems_of(
        tmp_path, GOOD_HEADER.format(name="other"), name="probe"
    )


def test_duplicate_names_are_errors(tmp_path: Path) -> None:
    write(tmp_path, "one", "probe", GOOD_HEADER.format(name="probe"))
    write(tmp_path, "two", "probe", GOOD_HEADER.format(name="probe"))
    with pytest.raises(QueryDefinitionError) as info:
        Registry.load(tmp_path)
    assert "is already used by" in str(info.value)


def test_every_bad_file_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "a", "first", "RETURN 1\n")
    write(tmp_path, "b", "second", "// name: second\nRETURN 2\n")
    with pytest.raises(QueryDefinitionError) as info:
        Registry.load(tmp_path)
    assert "first.cypher" in str(info.value)
    assert "second.cypher" in str(info.value)


def test_limits_can_be_lowered_never_raised(tmp_path: Path) -> None:
    write(tmp_path, "test", "probe", GOOD_HEADER.format(name="probe"))
    registry = Registry.load(tmp_path, max_timeout=5.0, max_rows=100)
    assert registry.limits(None, None) == (5.0, 100)
    assert registry.limits(1.0, 10) == (1.0, 10)
    assert registry.limits(60.0, 10_000) == (5.0, 100)


def test_a_blank_line_ends_the_header(tmp_path: Path) -> None:
    text = GOOD_HEADER.format(name="probe").replace(
        "RETURN $id AS id,", "\n// a comment of the query, not of the header\nRETURN $id AS id,"
    )
    query = load_one(tmp_path, text).get("probe")
    assert query.text.startswith("// a comment of the query")


def test_no_saved_query_spells_out_the_stance_lists() -> None:
    # Which stances support or answer, and how they make a status, is the ontology's rule
    # (graph/ontology.yaml), applied once by the loader; queries read `role` and the stored
    # counts instead of listing stances.
    onto = get_ontology()
    stance = "|".join(sorted(onto.stances))
    listed = re.compile(rf"\[\s*'({stance})'\s*,")
    offenders = [
        str(path.relative_to(QUERIES_DIR))
        for path in sorted(QUERIES_DIR.rglob("*.cypher"))
        if listed.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, f"these queries spell out a stance list: {offenders}"


@pytest.mark.parametrize(
    ("text", "covered"),
    [
        ("MATCH (e:Entity {id: $id}) RETURN e.name AS name", True),
        # A UNION inside a subquery is behind the guard like the rest.
        (
            "CALL () { MATCH (a {id: $id}) RETURN a UNION MATCH (b {id: $id}) RETURN b } RETURN a",
            True,
        ),
        ("MATCH (e {id: $id}) RETURN e.name AS name // UNION\nORDER BY name", True),
        ("MATCH (e {id: $id}) WHERE e.name <> 'UNION' RETURN *, 'RETURN *' AS x", False),
        (
            "MATCH (e {id: $id}) RETURN e.name AS name UNION MATCH (c:City) RETURN c.name AS name",
            False,
        ),
        ("MATCH (e {id: $id}) RETURN DISTINCT *", False),
        ("MATCH (e {id: $id}) WHERE e.name = 'x UNION y' RETURN e.name AS name", True),
        # What the guard cannot stand in front of, or behind.
        ("// a comment\nCYPHER runtime=slotted MATCH (e {id: $id}) RETURN e AS e", False),
        ("USE neo4j MATCH (e {id: $id}) RETURN e AS e", False),
        ("MATCH (e {id: $id}) RETURN e.name AS name;\n", False),
    ],
)
def test_the_id_guard_goes_only_where_it_covers_the_whole_query(text: str, covered: bool) -> None:
    wrapped = guarded(text)
    assert (wrapped is not None) == covered
    if wrapped is not None:
        assert text in wrapped.text and "$_tipgraph_ids" in wrapped.text


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("MATCH (e) RETURN e.id AS id, e.name AS name", ("id", "name")),
        ("MATCH (e) RETURN DISTINCT e, count(*) AS n ORDER BY n DESC LIMIT 5", ("e", "n")),
        # Commas inside brackets, and a RETURN inside a subquery, are not the final RETURN's.
        (
            "CALL () { MATCH (a) RETURN a } RETURN [x IN [1, 2] | x] AS xs, {a: 1, b: 2} AS m",
            ("xs", "m"),
        ),
        ("MATCH (e) RETURN e.name AS `the name`, 'a, b' AS s SKIP 1", ("the name", "s")),
        ("MATCH (e) RETURN e.name", None),
        ("MATCH (e) RETURN e.id AS id, size(e.name)", None),
        ("MATCH (e) SET e.x = 1", None),
    ],
)
def test_the_final_return_names_the_columns(text: str, columns: tuple[str, ...] | None) -> None:
    assert returned_columns(text) == columns


def test_a_query_whose_columns_are_known_says_when_the_guard_stopped_it() -> None:
    known = guarded("MATCH (e {id: $id}) RETURN e.name AS name")
    assert known is not None and known.empty_is_final
    assert "UNION ALL" in known.text and known.text.rstrip().endswith("RETURN null AS `name`")
    unknown = guarded("MATCH (e {id: $id}) RETURN e.name")
    assert unknown is not None and not unknown.empty_is_final and "UNION" not in unknown.text
