"""Checks that need no database: quote normalisation, dates, the format's enums and the ontology."""

from __future__ import annotations

import typing

import pytest
from pydantic_core import PydanticCustomError

from graph.ontology import get_ontology
from loaders.checks import check_document
from loaders.errors import FactFileError
from loaders.factfile import SourceKind, Stance, _to_partial_date
from loaders.plan import EmptyGraph
from loaders.quotes import SourceText, normalise
from loaders.yamlread import parse


def test_quotes_match_across_typography_and_line_breaks() -> None:
    text = SourceText("\u201cWe are not happy with the report,\u201d she said.\nShe\u2019s sure.")
    assert text.contains('"We are not happy with the report," she said.')
    assert text.contains("she said. She's sure.")
    assert text.contains("  We are   not happy ")
    assert not text.contains("We are happy with the report")
    assert not text.contains("   ")
    assert normalise("a\u00a0\u00a0b\n\tc") == "a b c"


@pytest.mark.parametrize(
    ("raw", "want"),
    [(2022, "2022"), ("2021-11", "2021-11"), ("2021-11-10", "2021-11-10")],
)
def test_partial_dates(raw: object, want: str) -> None:
    assert _to_partial_date(raw) == want


def test_unquoted_yaml_dates_become_partial_dates() -> None:
    value, _ = parse("a: 2021-11-10\nb: 2022\n")
    assert (_to_partial_date(value["a"]), _to_partial_date(value["b"])) == ("2021-11-10", "2022")


@pytest.mark.parametrize("raw", ["2021-13", "2021-02-30", "21", "Nov 2021", True, 3.5])
def test_bad_dates_are_refused(raw: object) -> None:
    with pytest.raises(PydanticCustomError):
        _to_partial_date(raw)


def test_the_format_enums_are_the_ontology_lists() -> None:
    onto = get_ontology()
    assert set(typing.get_args(Stance)) == set(onto.stances)
    assert set(typing.get_args(SourceKind)) == set(onto.source_kinds)


def test_yaml_lines_point_at_keys() -> None:
    _, lines = parse("source:\n  id: x\nfacts:\n  - id: a\n    quote: b\n")
    assert lines[("facts", 0, "quote")] == 5
    assert lines[("source", "id")] == 2


def test_problems_are_sorted_and_printed_with_their_fix() -> None:
    doc = b"source:\n  id: source:x\n  kind: study\n  title: T\n  published_on: 2020\nfacts: 3\n"
    with pytest.raises(FactFileError) as caught:
        check_document(doc, filename="x.yaml", base_dir=None, graph=EmptyGraph())
    [problem] = caught.value.problems
    assert str(problem) == (
        "x.yaml:6: facts: Input should be a valid list — give `facts` a value of the right "
        "type (see docs/fact-files.md)"
    )
