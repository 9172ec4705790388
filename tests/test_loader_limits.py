"""The fact-file reader's bounds: limits on file size, values, quotes, facts and entities, and
on the document its YAML aliases stand for, each refused with file, line and field before
anything is written.

The alias bomb is the one a hostile-input test found: one 1 MB anchored string reused as the
quote of many facts, which used to pass the size checks and store 100 MB of quotes.
"""

from __future__ import annotations

import tracemalloc

import pytest
from neo4j import Driver

from graph.settings import Settings
from loaders import limits, load_document
from loaders.checks import check_document
from loaders.errors import FactFileError
from loaders.plan import EmptyGraph

HEAD = """\
source:
  id: source:limits
  kind: study
  title: Limits
  published_on: 2022
entities:
  - id: org:acme
    type: Company
    name: Acme
  - id: city:rivertown
    type: City
    name: Rivertown
facts:
"""


def fact(i: int, quote: str) -> str:
    return (
        f"  - id: f{i}\n    subject: org:acme\n    predicate: OPERATES_IN\n"
        f"    object: city:rivertown\n    stance: asserts\n    quote: {quote}\n"
    )


def alias_bomb(reuses: int = 400, size: int = 1_000_000) -> bytes:
    anchored = "x" * size
    body = HEAD + fact(0, f"&big {anchored}")
    body += "".join(fact(i, "*big") for i in range(1, reuses + 1))
    return body.encode()


def problems(doc: bytes) -> list[tuple[int, str, str]]:
    with pytest.raises(FactFileError) as caught:
        check_document(doc, filename="x.yaml", base_dir=None, graph=EmptyGraph())
    return [(p.line, p.field, p.message) for p in caught.value.problems]


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


def test_the_alias_bomb_writes_nothing(clean_graph: Driver, settings: Settings) -> None:
    with pytest.raises(FactFileError):
        load_document(
            clean_graph, alias_bomb(), filename="bomb.yaml", database=settings.neo4j_database
        )
    records, _, _ = clean_graph.execute_query(
        "MATCH (n) WHERE NOT n:TipgraphTestMarker RETURN count(n) AS n",
        database_=settings.neo4j_database,
    )
    assert records[0]["n"] == 0


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


def test_too_many_facts_is_one_clear_problem() -> None:
    many = "".join(fact(i, "Acme works in Rivertown") for i in range(limits.MAX_FACTS + 1))
    [(line, field, message)] = problems((HEAD + many).encode())
    assert (line, field) == (13, "facts")
    assert f"at most {limits.MAX_FACTS} items" in message


def test_too_many_values_is_refused_while_reading() -> None:
    items = ", ".join(["1"] * (limits.MAX_NODES + 1))
    [(_, field, message)] = problems(f"{HEAD}extra: [{items}]\n".encode())
    assert field.startswith("extra[")
    assert message == (
        f"the document, its YAML aliases written out, has more than {limits.MAX_NODES} values"
    )
