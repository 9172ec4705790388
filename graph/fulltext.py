"""What a user types, as a query of the full-text indexes: forgiving, and never Lucene syntax.

`search_query` is the one way text reaches `db.index.fulltext.queryNodes`: the saved queries
declare their text parameter as `type: search`, so the command line, the API and the Browser
guide all send what it builds. User text is never parsed as Lucene: it is cut into the words
of graph/names.py, and every word goes through `escape_term`, so `NOT`, `(`, `"`, `\\`, `~`
or `*` are searched for (or dropped as punctuation), never obeyed.
"""

from __future__ import annotations

import re

from graph.names import name_tokens

# Beyond this many words a query only grows slower, not better.
MAX_WORDS = 8

_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/\s])')
# The classic query parser reads these as operators only in capitals; the analyzer lowercases
# every term anyway, so a lowercase word means the same and is never an operator.
_OPERATORS = frozenset({"AND", "OR", "NOT", "TO"})


def escape_term(term: str) -> str:
    """One word as a Lucene term that means exactly that word."""
    if term in _OPERATORS:
        term = term.lower()
    return _SPECIAL.sub(r"\\\1", term)


def _word(term: str) -> str:
    # Exact words rank above prefixes, and prefixes above near spellings; short words get no
    # fuzziness (one edit turns "sen" into too much), long ones two edits ("phnomphen").
    word = escape_term(term)
    parts = [f"{word}^3", f"{word}*^2"]
    if len(term) >= 8:
        parts.append(f"{word}~2")
    elif len(term) >= 4:
        parts.append(f"{word}~1")
    return "(" + " OR ".join(parts) + ")"


def _all_of(terms: list[str]) -> str:
    return "(" + " AND ".join(_word(term) for term in terms) + ")"


def search_query(text: str) -> str:
    """A Lucene query finding what `text` names, or "" when it has no words.

    Every word must match (exactly, as a prefix, or nearly); or, since people split and join
    names differently, the words all joined ("Sihanouk Ville" finds "Sihanoukville"), or, for
    three or four words, the words with one neighbouring pair joined.
    """
    terms = name_tokens(text)[:MAX_WORDS]
    if not terms:
        return ""
    alternatives = [_all_of(terms)]
    if len(terms) > 1:
        alternatives.append(_word("".join(terms)))
    if 3 <= len(terms) <= 4:
        for i in range(len(terms) - 1):
            alternatives.append(_all_of([*terms[:i], terms[i] + terms[i + 1], *terms[i + 2 :]]))
    return " OR ".join(alternatives)
