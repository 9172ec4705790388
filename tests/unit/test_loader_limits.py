"""The fact-file reader's bounds: limits on file size, values, quotes, facts and entities, and
on the document its YAML aliases stand for, each refused with file, line and field before
anything is written.

The alias bomb is the one a hostile-input test found: one 1 MB anchored string reused as the
quote of many facts, which used to pass the size checks and store 100 MB of quotes.
"""

from __future__ import annotations

import tracemalloc

import pytest

from loaders import limits
from loaders.checks import check_document
from loaders.errors import FactFileError
from loaders.plan import EmptyGraph
from tests.factfiles import HEAD, alias_bomb, fact, problems


def test_a_small_file_within_every_limit_passes() -> None:
    plan = check_document(
        (HEAD + fact(0, "Acme works in Rivertown")).encode(),
        filename="x.yaml",
        base_dir=None,
        graph=EmptyGraph(),
    )
    assert len(plan.claims) == 1


def test_the_alias_bomb_is_refused_with_file_line_and_field() -> None:
    doc = alias_bomb()
    assert len(doc) < limits.MAX_FILE_BYTES  # it passes the size check
    with pytest.raises(FactFileError) as caught:
        check_document(doc, filename="bomb.yaml", base_dir=None, graph=EmptyGraph())
    [problem] = caught.value.problems
    assert str(problem) == (
        f"bomb.yaml:19: facts[0].quote: a value of 1000000 characters; at most "
        f"{limits.MAX_VALUE_CHARS} — shorten it: quote the shortest span that carries the fact"
    )


def test_aliases_count_as_the_text_they_stand_for() -> None:
    # Values under every per-value limit, reused until the written-out document is too big:
    # refused at the alias that crosses the limit.
    size = limits.MAX_VALUE_CHARS - 10
    doc = alias_bomb(reuses=400, size=size)
    # Keys and the other values count too, so the crossing comes a little before this fact.
    crossing = limits.MAX_FILE_BYTES // size
    [(line, field, message)] = problems(doc)
    at = int(field.removeprefix("facts[").removesuffix("].quote"))
    assert crossing - 5 <= at <= crossing
    assert line == 19 + 6 * at
    assert message == (
        "the document, its YAML aliases written out, holds more than "
        f"{limits.MAX_FILE_BYTES} characters"
    )


def test_a_few_aliases_of_a_shared_quote_are_fine() -> None:
    doc = HEAD + fact(0, "&q Acme works in Rivertown") + fact(1, "*q") + fact(2, "*q")
    plan = check_document(doc.encode(), filename="x.yaml", base_dir=None, graph=EmptyGraph())
    assert len(plan.claims) == 3


def test_the_alias_bomb_is_refused_cheaply() -> None:
    # Memory, not time: the refusal must cost about the file, not the file times its reuses.
    doc = alias_bomb(reuses=1_000, size=limits.MAX_VALUE_CHARS)
    tracemalloc.start()
    try:
        with pytest.raises(FactFileError):
            check_document(doc, filename="bomb.yaml", base_dir=None, graph=EmptyGraph())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * len(doc), f"peak {peak} bytes for a {len(doc)}-byte file"


def test_an_alias_without_its_anchor_is_refused() -> None:
    [(line, field, message)] = problems((HEAD + fact(0, "*nowhere")).encode())
    assert (line, field) == (19, "facts[0].quote")
    assert "alias" in message


def test_a_file_over_the_size_limit_is_refused_before_parsing() -> None:
    doc = (HEAD + "# " + "y" * limits.MAX_FILE_BYTES + "\n").encode()
    assert problems(doc) == [
        (
            0,
            "document",
            f"the file is {len(doc)} bytes; a fact file may be at most {limits.MAX_FILE_BYTES}",
        )
    ]


def test_a_quote_over_the_limit_names_its_line_and_field() -> None:
    quote = "q" * (limits.MAX_QUOTE_CHARS + 1)
    [(line, field, message)] = problems((HEAD + fact(0, "ok") + fact(1, quote)).encode())
    assert (line, field) == (25, "facts[1].quote")
    assert f"at most {limits.MAX_QUOTE_CHARS} characters" in message


def test_any_value_over_the_limit_is_refused_while_reading() -> None:
    note = "n" * (limits.MAX_VALUE_CHARS + 1)
    doc = HEAD.replace("  published_on: 2022\n", f"  published_on: 2022\n  note: {note}\n")
    [(line, field, message)] = problems(doc.encode())
    assert (line, field) == (6, "source.note")
    assert message == (
        f"a value of {limits.MAX_VALUE_CHARS + 1} characters; at most {limits.MAX_VALUE_CHARS}"
    )
