"""The vocabulary has one home, graph/ontology.yaml, read by graph/vocabulary.py: no module of the
code writes a copy of it again (issue 10's list: the answering stances, the partial-date and
entity-id rules, source kinds, entity types, the type -> FollowTheMoney mapping, the caveat).

Tests are not scanned: spelling expected values out is what a test is for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from cypher.header import TypeSpec
from graph.ontology import get_ontology
from graph.vocabulary import CAVEAT, ENTITY_TYPES, SOURCE_KINDS, STANCES
from tests.paths import PROJECT_ROOT

CODE_DIRS = ("graph", "loaders", "cypher", "api", "cli", "exports", "screening", "bench")
HOME = Path("graph") / "vocabulary.py"


def _any_of(words: tuple[str, ...] | list[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


def _run_of(words: tuple[str, ...], at_least: int) -> re.Pattern[str]:
    # Words of the list next to each other, joined only by punctuation and spaces: a literal
    # list, set, enum or regex alternation, never a sentence ("denies or disputes").
    word = rf"\b{_any_of(words)}\b"
    return re.compile(rf"{word}(?:[\s'\",|\[\]()]{{1,8}}{word}){{{at_least - 1},}}")


_FTM_SCHEMAS = sorted({t.ftm for t in get_ontology().types.values() if t.ftm})
RULES: dict[str, re.Pattern[str]] = {
    "stance list": _run_of(STANCES, 3),
    "source kinds": _run_of(SOURCE_KINDS, 3),
    "entity types": _run_of(ENTITY_TYPES, len(ENTITY_TYPES) // 2 + 1),
    "partial-date regex": re.compile(r"\\d\{4\}"),
    "entity-id regex": re.compile(r"\[a-z\]\+:|\[a-z0-9\]\[a-z0-9\.|\[a-z0-9\]\[a-z0-9_\."),
    "type -> FtM mapping": re.compile(
        rf"[\"']{_any_of(ENTITY_TYPES)}[\"']\s*:\s*[\"']{_any_of(_FTM_SCHEMAS)}[\"']"
    ),
    "caveat": re.compile(re.escape(" ".join(CAVEAT.split()[3:9]))),
}
# What each rule exists to catch, so that none of them can pass by matching nothing.
COPIES = {
    "stance list": "WHERE d.stance IN ['denies', 'disputes', 'retracts']",
    "source kinds": "values: [news_article, government_report, documentary]",
    "entity types": "Literal[" + ", ".join(f'"{t}"' for t in ENTITY_TYPES) + "]",
    "partial-date regex": r'_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")',
    "entity-id regex": r'pattern=r"^[a-z]+:[a-z0-9][a-z0-9._-]*$"',
    "type -> FtM mapping": '{"CriminalGroup": "Organization", "Person": "Person"}',
    "caveat": f"caveat = {CAVEAT!r}",
}


def _code_lines() -> Iterator[tuple[str, int, str]]:
    for folder in CODE_DIRS:
        for path in sorted((PROJECT_ROOT / folder).rglob("*")):
            if path.suffix not in (".py", ".cypher") or path.relative_to(PROJECT_ROOT) == HOME:
                continue
            text = path.read_text(encoding="utf-8")
            for number, line in enumerate(text.splitlines(), start=1):
                yield str(path.relative_to(PROJECT_ROOT)), number, line


@pytest.mark.parametrize("rule", sorted(RULES))
def test_each_rule_catches_a_copy(rule: str) -> None:
    assert RULES[rule].search(COPIES[rule]), f"the {rule} rule misses {COPIES[rule]!r}"


def test_the_code_writes_no_copy_of_the_vocabulary() -> None:
    found = [
        f"{where}:{number}: {rule}: {line.strip()}"
        for where, number, line in _code_lines()
        for rule, pattern in RULES.items()
        if pattern.search(line)
    ]
    assert not found, "read these from graph/vocabulary.py instead:\n" + "\n".join(found)


def test_the_scan_reads_the_code() -> None:
    files = {where for where, _, _ in _code_lines()}
    assert "loaders/factfile.py" in files and "cypher/api/list_sources.cypher" in files


def test_a_saved_query_enum_names_a_vocabulary_list() -> None:
    spec = TypeSpec(type="enum", values="stances")
    assert spec.values == STANCES
    with pytest.raises(ValidationError, match="names no vocabulary list"):
        TypeSpec(type="enum", values="stance")
