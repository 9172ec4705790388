"""The loader reads the next file on a second thread while it checks and writes the current one:
each report still belongs to its own file, a file is read one step ahead (not all at once), and
a file tried again in a later round is read afresh. Dry runs over an empty graph: no server."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, cast

import pytest
from neo4j import Driver

from loaders import load_paths
from loaders.checks import read_document
from tests.factfiles import SMALL_FACT_FILE

NO_DRIVER = cast(Driver, None)  # a dry run over an empty graph never reaches for it


def _source(tag: str, *, refers_to: str | None = None) -> str:
    """A file of its own source; with `refers_to`, its one fact names an entity it does not
    declare."""
    text = SMALL_FACT_FILE.replace("api-ingest-test", tag).replace("api-test", tag)
    if refers_to is not None:
        text = text.replace("object: city:" + tag + "-city", "object: " + refers_to)
    return text


def _dry_run(paths: list[Path], progress: object = None) -> dict[str, tuple[str, list[str]]]:
    report = load_paths(
        NO_DRIVER,
        paths,
        database="neo4j",
        dry_run=True,
        empty_graph=True,
        progress=progress,  # type: ignore[arg-type]
    )
    return {Path(f.file).name: (f.status, [p.message for p in f.problems]) for f in report.files}


def test_each_report_names_its_own_file(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(_source("alpha"))
    (tmp_path / "b.yaml").write_text("source: [unclosed\n")
    (tmp_path / "c.yaml").write_text(_source("gamma"))
    got = _dry_run([tmp_path])
    assert got["a.yaml"] == ("checked", [])
    assert got["c.yaml"] == ("checked", [])
    status, messages = got["b.yaml"]
    assert status == "failed"
    assert messages and all("YAML" in m for m in messages)


def test_reads_one_file_ahead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = ["a.yaml", "b.yaml", "c.yaml", "d.yaml"]
    for i, name in enumerate(names):
        (tmp_path / name).write_text(_source(f"s{i}"))
    read: list[str] = []

    def recording(data: bytes, **kw: Any) -> Any:
        read.append(Path(kw["filename"]).name)
        return read_document(data, **kw)

    monkeypatch.setattr("loaders.load.read_document", recording)
    done: list[str] = []

    def progress(path: str) -> None:
        done.append(path)
        if len(done) == 1:
            # a is done and b may be being read; c is read only once b is taken up, however
            # long the reader is left alone.
            time.sleep(0.2)
            assert set(read) <= {"a.yaml", "b.yaml"}, read
            (tmp_path / "c.yaml").unlink()

    got = _dry_run([tmp_path / n for n in names], progress)
    assert got["a.yaml"][0] == got["b.yaml"][0] == got["d.yaml"][0] == "checked"
    assert got["c.yaml"][0] == "failed"
    assert any("cannot read" in m for m in got["c.yaml"][1])


def test_a_file_tried_again_is_read_afresh(tmp_path: Path) -> None:
    # a refers to what b declares, and comes first: it fails in the first round and must pass
    # in the second without the first round's problems.
    (tmp_path / "a.yaml").write_text(_source("alpha", refers_to="city:beta-city"))
    (tmp_path / "b.yaml").write_text(_source("beta"))
    got = _dry_run([tmp_path])
    assert got == {"a.yaml": ("checked", []), "b.yaml": ("checked", [])}
