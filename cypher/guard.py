"""The id guard: a saved query's entity ids checked in the query's own statement.

An API call names entities by id, and an id may be stale (a referent, kept after `same_as`),
unknown, or of the wrong kind; each gets its own answer (cypher/execution.py). Asking the server
about the ids before running the query costs a round trip on every call. The guard asks in the
same statement instead: in front of the query, it lets the query run only when every id is an
entity's current id and the entity has a label its parameter takes.

Where the query's columns can be read from its final `RETURN`, a second part joined by
`UNION ALL` answers one row of nulls when the guard stops the query. Then no row at all means
the query ran and found nothing, which needs no other round trip either; one row of nulls means
the ids must be looked at (or, rarely, that the query itself answered so).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cypher.header import strip_strings_and_comments

PARAM = "_tipgraph_ids"

_CHECK = """CALL () {
  UNWIND $_tipgraph_ids AS _want
  OPTIONAL MATCH (_found:Entity {id: _want.id})
  RETURN count(_want)
    - count(CASE WHEN any(l IN labels(_found) WHERE l IN _want.labels) THEN 1 END)
    AS _tipgraph_misses
}
"""
_PASSED = _CHECK + "WITH _tipgraph_misses WHERE _tipgraph_misses = 0\n"
_STOPPED = _CHECK + "WITH _tipgraph_misses WHERE _tipgraph_misses > 0\n"

_UNCOVERED = re.compile(r"[(){}\[\]]|\bUNION\b|\bRETURN\s+(?:DISTINCT\s+)?\*", re.IGNORECASE)
_RETURN = re.compile(r"[(){}\[\]]|\bRETURN\b", re.IGNORECASE)
_ITEM_END = re.compile(r"[(){}\[\]]|,|\bORDER\s+BY\b|\bSKIP\b|\bLIMIT\b|\bOFFSET\b", re.IGNORECASE)
_FIRST = re.compile(r"(?:CYPHER|EXPLAIN|PROFILE|USE)\b", re.IGNORECASE)
_ALIAS = re.compile(r"\bAS\s+(\w+|`[^`]+`)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Guarded:
    text: str
    # True when an answer with no row is the query's own: the guard let it run.
    empty_is_final: bool


def _top_level(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """The matches of `pattern` outside every bracket (brackets themselves left out)."""
    depth = 0
    found = []
    for match in pattern.finditer(text):
        part = match.group()
        if part in "({[":
            depth += 1
        elif part in ")}]":
            depth -= 1
        elif depth == 0:
            found.append(match)
    return found


def returned_columns(text: str) -> tuple[str, ...] | None:
    """The column names of the query's final `RETURN`, or None unless every item is a plain
    name or ends in `AS name`."""
    bare = strip_strings_and_comments(text)
    returns = _top_level(_RETURN, bare)
    if not returns:
        return None
    tail = bare[returns[-1].end() :]
    items, start = [], 0
    for match in _top_level(_ITEM_END, tail):
        items.append(tail[start : match.start()])
        start = match.end()
        if match.group() != ",":
            break
    else:
        items.append(tail[start:])
    items[0] = re.sub(r"^\s*DISTINCT\b", "", items[0], flags=re.IGNORECASE)
    names = []
    for item in (i.strip() for i in items):
        alias = _ALIAS.search(item)
        if alias:
            names.append(alias[1].strip("`"))
        elif re.fullmatch(r"\w+", item):
            names.append(item)
        else:
            return None
    return tuple(names)


# Texts the server refused once the guard was in front (a construct that cannot follow it);
# their ids are looked up first from then on.
_refused: set[str] = set()


def refuse(text: str) -> None:
    _refused.add(text)


def usable(text: str) -> Guarded | None:
    """The guarded query, unless there is none or the server refused it."""
    return None if text in _refused else guarded(text)


@lru_cache(maxsize=256)
def guarded(text: str) -> Guarded | None:
    """The query behind the guard, or None where a guard in front would not cover it all: a
    top-level UNION (its later parts would run unguarded) or `RETURN *` (the guard's column
    would come back); nor where it could not stand in front (a query that begins with options
    or `USE`, or ends in a semicolon)."""
    bare = strip_strings_and_comments(text).strip()
    if _FIRST.match(bare) or bare.endswith(";") or _top_level(_UNCOVERED, bare):
        return None
    columns = returned_columns(text)
    if columns is None:
        return Guarded(_PASSED + text, empty_is_final=False)
    nulls = ", ".join("null AS `{}`".format(c.replace("`", "``")) for c in columns)
    return Guarded(f"{_PASSED}{text}\nUNION ALL\n{_STOPPED}RETURN {nulls}\n", empty_is_final=True)


def with_ids(params: Mapping[str, Any], ids: Sequence[tuple[str, Sequence[str]]]) -> dict[str, Any]:
    """The parameters with the guard's: each id with the labels it may have."""
    return {**params, PARAM: [{"id": given, "labels": list(labels)} for given, labels in ids]}


def stopped(rows: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the rows are what the guard answers when it stops the query."""
    return len(rows) == 1 and all(value is None for value in rows[0].values())
