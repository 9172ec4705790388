"""The corpus of bad fact files: each fails its checks with exactly the problems listed.

Every file under tests/fixtures/bad/ is the same small valid fact file with one mistake (or, for
many_problems, several at once, to show they are all reported together). The checks and their
messages need no database: each file is checked against an empty graph, as `tipgraph load` checks
it before it looks anything up; tests/e2e/test_loader_bad_files.py shows the loader writes nothing
for such a file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.checks import check_document
from loaders.errors import FactFileError
from loaders.plan import EmptyGraph

BAD = Path(__file__).parent.parent / "fixtures" / "bad"

# file stem -> every (line, field, message) the loader must report, in order.
EXPECTED: dict[str, list[tuple[int, str, str]]] = {
    "ambiguous_name": [
        (26, "facts[0].subject", "name 'Lee' matches 2 entities: org:acme, person:ana-lee"),
    ],
    "answers_on_assertion": [
        (35, "facts[1].answers", "an 'asserts' fact answers nothing"),
    ],
    "answers_unknown_fact": [
        (35, "facts[1].answers[0]", "no fact 'acme-in-town' in this file"),
    ],
    "bad_date": [
        (29, "facts[0].valid_from", "'2021-13' is not a real date"),
    ],
    "bad_id_prefix": [
        (20, "entities[3].id", "id 'town:rivertown' does not start with 'city:' as a City id must"),
    ],
    "bad_id_syntax": [
        (20, "entities[3].id", "'Rivertown City' is not an id of the form prefix:slug"),
    ],
    "dangling_reference": [
        (
            27,
            "facts[0].object",
            "no entity 'org:nobody': it is not declared in this file nor in the graph",
        ),
    ],
    "denial_of_another_triple": [
        (
            35,
            "facts[1].answers[0]",
            "a denial must have the subject, predicate and object of the fact it answers: "
            "(org:acme, OPERATES_IN, city:rivertown) is not (person:ana-lee, LEADS, org:acme)",
        ),
    ],
    "denial_without_answers": [
        (30, "facts[1].answers", "a 'denies' fact must answer at least one fact"),
    ],
    "duplicate_entity": [
        (23, "entities[4].id", "entity 'city:rivertown' is declared twice (first at line 20)"),
    ],
    "duplicate_fact_id": [
        (30, "facts[1].id", "fact id 'ana-leads-acme' is used twice (first at line 24)"),
    ],
    "duplicate_key": [
        (29, "facts[0].stance", "key 'stance' appears twice in one mapping"),
    ],
    "many_problems": [
        (7, "source.published_on", "'May 2022' is not a partial ISO date"),
        (26, "facts[0].predicate", "unknown predicate 'DIRECTS'"),
        (
            27,
            "facts[0].object",
            "no entity 'org:nobody': it is not declared in this file nor in the graph",
        ),
        (35, "facts[1].quote", "is empty"),
    ],
    "missing_quote": [
        (24, "facts[0].quote", "is required"),
    ],
    "missing_text_file": [
        (8, "source.text", "source text 'sources/missing.txt' not found"),
    ],
    "not_a_mapping": [
        (2, "document", "a fact file is a mapping"),
    ],
    "one_id_two_types": [
        (23, "entities[4].id", "id 'org:acme' is given two types: Company (line 17) and NGO"),
    ],
    "prop_not_allowed": [
        (29, "facts[0].props.tier", "property 'tier' is not allowed on a LEADS fact"),
    ],
    "publisher_not_an_organisation": [
        (6, "source.publisher", "publisher 'city:rivertown' is a City, which cannot publish"),
    ],
    "quote_not_in_text": [
        (29, "facts[0].quote", "quote not found in the source text sources/tiny.txt"),
    ],
    "same_as_not_a_placeholder": [
        (26, "entities[4].same_as", "same_as 'person:ana-lee' is not an unnamed placeholder"),
    ],
    "speaker_not_an_actor": [
        (
            29,
            "facts[0].speaker",
            "speaker 'city:rivertown' is a City, not a person or organisation",
        ),
    ],
    "unknown_field": [
        (16, "entities[1].alias", "is not a known field"),
    ],
    "unknown_name": [
        (
            25,
            "facts[0].subject",
            "no entity named 'Anna Lee' in this file or the graph; "
            "did you mean: person:ana-lee (Ana Lee)?",
        ),
    ],
    "unknown_predicate": [
        (26, "facts[0].predicate", "unknown predicate 'DIRECTS'"),
    ],
    "unknown_stance": [
        (28, "facts[0].stance", "'claims' is not one of the allowed values"),
    ],
    "unknown_topic": [
        (17, "entities[1].topics[1]", "unknown topic 'crime.scam'"),
    ],
    "unknown_type": [
        (18, "entities[2].type", "unknown entity type 'Firm'"),
    ],
    "wrong_end_types": [
        (25, "facts[0].subject", "LEADS takes as subject a Person; 'city:rivertown' is a City"),
    ],
    "yaml_syntax": [
        (
            17,
            "document",
            "YAML syntax error: expected ',' or ']', but got ':' "
            "(while parsing a flow sequence at line 16)",
        ),
    ],
}


def test_the_corpus_is_large_and_fully_specified() -> None:
    stems = {p.stem for p in BAD.glob("*.yaml")}
    assert len(stems) >= 15
    assert stems == set(EXPECTED), "every bad fixture needs its expected problems, and back"


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_bad_file_fails_with_its_exact_problems(stem: str) -> None:
    path = BAD / f"{stem}.yaml"
    with pytest.raises(FactFileError) as caught:
        check_document(path.read_bytes(), filename=str(path), base_dir=BAD, graph=EmptyGraph())
    found = caught.value.problems
    assert {p.file for p in found} == {str(path)}
    assert [(p.line, p.field, p.message) for p in sorted(found)] == EXPECTED[stem]
    assert all(p.fix.strip() for p in found), "every problem says how to fix it"
