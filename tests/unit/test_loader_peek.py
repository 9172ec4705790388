"""The reload shortcut: a fact file's source id and content hash from its `source:` block alone,
equal to what the full read computes, and nothing where it cannot tell cheaply."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from loaders.checks import read_document
from loaders.peek import peek_source
from tests.factfiles import SMALL_FACT_FILE

DATE = "  published_on: 2024-05\n"
SEED = Path(__file__).parent.parent.parent / "data" / "camboja-2022-cambodia-tier-3.yaml"


def _full(data: bytes, folder: Path, text_root: Path | None = None) -> tuple[str, str]:
    read = read_document(data, filename="f.yaml", base_dir=folder, text_root=text_root)
    return read.source.id, read.content_hash


def _peek(data: bytes, folder: Path, text_root: Path | None = None) -> tuple[str, str] | None:
    peek = peek_source(data, base_dir=folder, text_root=text_root)
    return None if peek is None else (peek.source_id, peek.content_hash)


def _reordered(text: str) -> str:
    """The same file with `source:` last."""
    doc = yaml.safe_load(text)
    moved = {"facts": doc["facts"], "entities": doc["entities"], **doc}
    return yaml.safe_dump(moved, sort_keys=False)


@pytest.mark.parametrize(
    "variant",
    ["as written", "source last", "as JSON", "text: null", "a block scalar in source"],
)
def test_the_peek_agrees_with_the_full_read(tmp_path: Path, variant: str) -> None:
    text = SMALL_FACT_FILE
    if variant == "source last":
        text = _reordered(text)
    elif variant == "as JSON":
        text = json.dumps(yaml.safe_load(text), default=str)
    elif variant == "text: null":
        text = text.replace(DATE, DATE + "  text: null\n")
    elif variant == "a block scalar in source":
        text = text.replace(DATE, DATE + "  note: |\n    two\n    lines\n")
    data = text.encode()
    assert _peek(data, tmp_path) == _full(data, tmp_path)


def test_the_seed_file_and_its_text(tmp_path: Path) -> None:
    data = SEED.read_bytes()
    peeked = _peek(data, SEED.parent)
    assert peeked is not None and peeked == _full(data, SEED.parent)
    assert peeked[0].startswith("source:")


@pytest.mark.parametrize(
    "text",
    [
        "- a list\n",
        "source: [unclosed\n",
        "source: a scalar\n",
        "entities: []\n",
        "anchor: &a {id: source:x}\nsource: *a\n",
        "source:\n  id: source:x\n  text: {nested: true}\n",
        "source:\n  id: source:x\n  text: ../outside.txt\n",
        "source:\n  id: source:x\n  text: missing.txt\n",
    ],
)
def test_where_it_cannot_tell_the_peek_says_nothing(tmp_path: Path, text: str) -> None:
    (tmp_path / "inside").mkdir()
    (tmp_path / "outside.txt").write_text("out of bounds")
    assert _peek(text.encode(), tmp_path / "inside") is None
