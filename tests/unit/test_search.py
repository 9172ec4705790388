"""Search text becomes safe full-text queries, and names fold to the same search keys."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.fulltext import escape_term, search_query
from graph.names import name_tokens, search_keys


def test_search_keys_fold_case_accents_punctuation_and_spacing() -> None:
    assert (
        search_keys(["Phnom Pénh"]) == search_keys(["PHNOM-PENH"]) == search_keys(["phnom  penh"])
    )
    assert search_keys(["Chou Bun Eng"]) == [
        "buneng",
        "chou bun eng",
        "choubun",
        "choubuneng",
    ]
    assert search_keys(["Kompong Som", "Kompong Som", ""]) == [
        "kompong som",
        "kompongsom",
    ]
    # Other scripts are transliterated, never dropped.
    assert search_keys(["柬埔寨"]) and all(
        re.fullmatch(r"[a-z0-9 ]+", k) for k in search_keys(["柬埔寨"])
    )


def test_escape_term_makes_syntax_literal() -> None:
    assert escape_term("NOT") == "not"
    assert escape_term("a(b") == "a\\(b"
    assert escape_term('x"y\\z~*') == 'x\\"y\\\\z\\~\\*'


_TERM = re.compile(r"^[a-z0-9]+(\^[23]|\*\^2|~[12])$")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_any_text_becomes_words_and_operators_only(text: str) -> None:
    """The query is the typed words, boosted, prefixed or fuzzy, joined by our own operators:
    nothing the user wrote is read as syntax."""
    query = search_query(text)
    if not name_tokens(text):
        assert query == ""
        return
    for part in re.split(r"[()\s]+", query):
        assert part in ("", "AND", "OR") or _TERM.match(part), (text, query, part)
