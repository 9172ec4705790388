"""A fact file's source id and content hash from its `source:` block alone.

Reloading a folder where most files have not changed is a common way to add a few reports, and
a file the graph holds byte for byte (with the same source text, ontology and loader format) is
skipped whatever it says. Building the whole document (every fact, with the line of every key)
only to find that out cost most of such a reload. libyaml's event parser reads up to the end
of the `source:` block, which is enough to name the source and hash the file as the checks do
(`loaders.ids.content_hash`), and nothing is built.

The peek is only a shortcut: where it cannot tell cheaply (the file is not a YAML mapping, the
block uses anchors, the text lies outside the allowed folder, ...) it says nothing and the file
is read in full. It can only ever skip a file whose hash the graph holds for that source, and
that hash covers the file's bytes and its source text, so a file it skips is one that loaded
before exactly as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    ScalarEvent,
)

from graph.ontology import get_ontology
from loaders import ids
from loaders.checks import source_text_file

# Plain scalars YAML reads as null.
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


@dataclass(frozen=True)
class Peek:
    source_id: str
    content_hash: str


def _source_fields(text: str) -> dict[str, str | None] | None:
    """The scalar fields of the top-level `source:` mapping, or None."""
    events = yaml.parse(text, Loader=yaml.CSafeLoader)
    depth = 0
    key: str | None = None  # the top-level key whose value comes next
    fields: dict[str, str | None] | None = None
    field: str | None = None
    for event in events:
        if isinstance(event, AliasEvent):
            return None
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth == 1 and not isinstance(event, MappingStartEvent):
                return None
            if depth == 2 and key == "source":
                if not isinstance(event, MappingStartEvent):
                    return None
                fields = {}
            elif depth == 3 and fields is not None and field is not None:
                fields[field] = "\x00"  # not a scalar: useless for the peek
                field = None
            continue
        if isinstance(event, CollectionEndEvent):
            depth -= 1
            if depth == 1:
                if fields is not None:
                    return fields
                key = None
            elif depth == 0:
                return None
            continue
        if not isinstance(event, ScalarEvent):
            continue
        if depth == 1:
            # A key, or the scalar value of the key before it.
            key = event.value if key is None else None
        elif depth == 2 and fields is not None:
            if field is None:
                field = event.value
            else:
                plain = event.implicit[0]
                fields[field] = None if plain and event.value in _NULLS else event.value
                field = None
    return None


def peek_source(data: bytes, *, base_dir: Path, text_root: Path | None) -> Peek | None:
    """The file's source id and content hash, or None when they cannot be had cheaply."""
    try:
        fields = _source_fields(data.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError):
        return None
    if fields is None:
        return None
    source_id, text_path = fields.get("id"), fields.get("text")
    if not source_id or source_id == "\x00" or text_path == "\x00":
        return None
    text: str | None = None
    if text_path is not None:
        text_file = source_text_file(base_dir, text_path, text_root)
        if text_file is None:
            return None
        try:
            text = text_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
    return Peek(source_id, ids.content_hash(data, text, get_ontology().version))
