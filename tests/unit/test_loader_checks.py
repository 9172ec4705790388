"""Checks that need no database: quote normalisation, dates, the format's enums and the ontology."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from graph.ontology import get_ontology
from loaders.checks import check_document
from loaders.errors import FactFileError
from loaders.factfile import SourceKind, Stance, to_partial_date
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
    assert to_partial_date(raw) == want


def test_unquoted_yaml_dates_become_partial_dates() -> None:
    value, _ = parse("a: 2021-11-10\nb: 2022\n")
    assert (to_partial_date(value["a"]), to_partial_date(value["b"])) == ("2021-11-10", "2022")


@pytest.mark.parametrize("raw", ["2021-13", "2021-02-30", "21", "Nov 2021", True, 3.5])
def test_bad_dates_are_refused(raw: object) -> None:
    with pytest.raises(PydanticCustomError):
        to_partial_date(raw)


def test_the_format_takes_its_lists_from_the_ontology() -> None:
    onto = get_ontology()
    for annotated, allowed in ((Stance, onto.stances), (SourceKind, onto.source_kinds)):
        adapter = TypeAdapter(annotated)
        assert all(adapter.validate_python(value) == value for value in allowed)
        with pytest.raises(ValidationError, match="is not one of the allowed values"):
            adapter.validate_python("claims")


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


def _problems(doc: bytes) -> list[tuple[int, str, str]]:
    with pytest.raises(FactFileError) as caught:
        check_document(doc, filename="x", base_dir=None, graph=EmptyGraph())
    return [(p.line, p.field, p.message) for p in caught.value.problems]


def test_alias_bombs_and_loops_are_refused_while_composing() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefg":
        prev = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    [(line, field, message)] = _problems(bomb.encode())
    assert (line, field) == (7, "g[1]")
    assert message == "the document, its YAML aliases written out, has more than 200000 values"
    assert _problems(b"a: &a [1, *a]\n") == [
        (1, "a[1]", "YAML alias *a refers to an anchor that encloses it, or to none")
    ]


def test_json_with_tabs_is_read_but_duplicate_keys_are_not_forgiven() -> None:
    doc = (
        b'{\n\t"source": {"id": "source:x", "kind": "study", "title": "T",\n'
        b'\t"published_on": 2020},\n\t"facts": 3}'
    )
    # libyaml reads the tabs PyYAML's own parser refuses, so the line is known too.
    assert _problems(doc) == [(4, "facts", "Input should be a valid list")]
    dup = b'{"source": {}, "source": {}}'
    assert _problems(dup) == [(1, "source", "key 'source' appears twice in one mapping")]
