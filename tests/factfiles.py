"""Fact files the tests of both tiers send: a small valid one, and the alias bomb."""

from __future__ import annotations

import pytest

from loaders.checks import check_document
from loaders.errors import FactFileError
from loaders.plan import EmptyGraph

# One source, three entities, one fact: what an HTTP ingest test sends.
SMALL_FACT_FILE = """
source:
  id: source:api-ingest-test
  kind: news_article
  title: A test article sent over HTTP
  publisher: org:api-test-outlet
  published_on: 2024-05
entities:
  - {id: org:api-test-outlet, type: MediaOutlet, name: API Test Outlet}
  - {id: city:api-test-city, type: City, name: API Test City}
  - {id: org:api-test-group, type: CriminalGroup, name: API Test Group}
facts:
  - id: group-in-city
    subject: org:api-test-group
    predicate: OPERATES_IN
    object: city:api-test-city
    stance: alleges
    quote: The group is said to operate in the city.
"""

# A file with the limits tests' two entities, to which `fact` adds facts.
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
    """The (line, field, message) of every problem the checks find in a file on its own."""
    with pytest.raises(FactFileError) as caught:
        check_document(doc, filename="x.yaml", base_dir=None, graph=EmptyGraph())
    return [(p.line, p.field, p.message) for p in caught.value.problems]
