"""Every lookup of a node by id names a label whose id is indexed.

A Source is an Entity, and only Entity's id has the unique constraint: `(s:Source {id: $x})`
finds the node by scanning every Source (per row, under UNWIND), so the cost of a file's load grew
with the number of sources in the graph; `(s:Entity:Source {id: $x})` seeks the constraint's index.
"""

from __future__ import annotations

import re

from graph.schema import declared_names
from tests.paths import PROJECT_ROOT

PACKAGES = ("graph", "loaders", "cypher", "api", "cli", "exports", "screening", "bench")
# `(x:Label {id: ...})`, also inside an f-string (`{{id:`), with any labels before the last.
LOOKUP = re.compile(r"\(\w*((?::\w+)+) \{\{?id: ")


def _indexed_labels() -> set[str]:
    found = (re.fullmatch(r"constraint_unique_(\w+)_id", name) for name in declared_names())
    return {m.group(1) for m in found if m}


def test_every_lookup_by_id_names_a_label_with_a_unique_id() -> None:
    indexed = _indexed_labels()
    assert {"Entity", "Claim", "Statement"} <= indexed
    unindexed = []
    files = [
        path
        for package in PACKAGES
        for pattern in ("*.py", "*.cypher")
        for path in (PROJECT_ROOT / package).rglob(pattern)
    ]
    assert len(files) > 50
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in LOOKUP.finditer(line):
                labels = set(match.group(1).strip(":").split(":"))
                if not labels & indexed:
                    unindexed.append(f"{path.relative_to(PROJECT_ROOT)}:{number}: {match.group(0)}")
    assert unindexed == []
