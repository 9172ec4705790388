"""The loader's front: fact files from disk or bytes -> checked -> written, one source at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from neo4j import Driver

from loaders.checks import ReadDocument, plan_document, read_document
from loaders.errors import FactFileError, Problem
from loaders.peek import Peek, peek_source
from loaders.plan import EmptyGraph, GraphView, KnownClaim, KnownEntity, WritePlan, name_key
from loaders.report import FileReport, LoadReport
from loaders.writer import DriverGraphView, holds_unchanged, unload_source, write_plan

FACT_FILE_SUFFIXES = (".yaml", ".yml", ".json")
Progress = Callable[[str], None]


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Fact files named, or lying at the top of the folders named (sub-folders such as
    data/samples and data/sources hold other things), in a stable order."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix in FACT_FILE_SUFFIXES
            )
            if not found:
                problems.append(
                    Problem(
                        str(path),
                        0,
                        "document",
                        "no fact files (*.yaml, *.yml, *.json) in this folder",
                        "name a folder holding fact files, or the files themselves",
                    )
                )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(
                Problem(str(path), 0, "document", "no such file or folder", "check the path")
            )
    unique = list(dict.fromkeys(files))
    return unique, problems


def load_document(
    driver: Driver,
    data: bytes,
    *,
    filename: str,
    database: str,
    text: str | None = None,
    base_dir: Path | None = None,
    dry_run: bool = False,
    written_by: str = "cli",
    replace: bool = False,
    force: bool = False,
    strict: bool = False,
    text_root: Path | None = None,
) -> LoadReport:
    """Check and load one fact file given as YAML or JSON bytes; raises FactFileError.

    `text` is the source's text when the caller has it (the HTTP ingest sends it along); else a
    `source.text` path is read relative to `base_dir`. `written_by` names the writer (an API
    key's name, or `cli`); a source someone else wrote is replaced only with `replace`.
    """
    view = DriverGraphView(driver, database)
    opts = _Options(dry_run, written_by, replace, force, strict, text_root)

    def read() -> _Read:
        document = read_document(
            data, filename=filename, base_dir=base_dir, text=text, text_root=opts.text_root
        )
        return document, False

    file_report, _ = _load_one(driver, filename, read, database, opts, {}, view, raise_=True)
    return LoadReport(files=[file_report])


def unload(
    driver: Driver, source_id: str, *, database: str, written_by: str = "cli", replace: bool = False
) -> LoadReport:
    """Remove one source's statements and claims; the graph becomes what it would be had the
    source never been loaded. Raises FactFileError when other sources depend on it."""
    return LoadReport(
        files=[unload_source(driver, database, source_id, written_by=written_by, replace=replace)]
    )


def load_paths(
    driver: Driver,
    paths: Iterable[str | Path],
    *,
    database: str,
    dry_run: bool = False,
    progress: Progress | None = None,
    force: bool = False,
    strict: bool = False,
    replace: bool = False,
    text_root: Path | None = None,
    on_plan: Callable[[WritePlan], None] | None = None,
    empty_graph: bool = False,
) -> LoadReport:
    """Load fact files and folders of them; a bad file is reported and the others still load.

    A file may refer to entities another file of the same load declares, whatever their order:
    files that fail are tried again after the others, until a round loads nothing more.
    `on_plan` receives each file's checked plan (the bulk import writes them itself);
    `empty_graph` says the caller knows the database is empty (the bulk import checked), so a
    dry run looks names and ids up among the files alone, without a round trip per file.
    """
    files, problems = expand_paths(paths)
    results: dict[Path, FileReport] = {}
    seen: dict[str, str] = {}
    # Entities the files checked so far declare; a dry run writes nothing, so later files see
    # them through this overlay instead of through the graph.
    declared = _Declared()
    opts = _Options(dry_run, "cli", replace, force, strict, text_root)
    unchanged = (
        None if force or dry_run else holds_unchanged(driver, database, opts.written_by, replace)
    )
    pending = files
    # The next file is read and shaped (no graph needed) on a second thread while this one is
    # checked against the graph and written, which is mostly waiting on the server.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tipgraph-read") as reader:
        while pending:
            failed: list[Path] = []
            ahead = reader.submit(_read_file, pending[0], opts, unchanged)
            for i, path in enumerate(pending):
                current = ahead
                if i + 1 < len(pending):
                    ahead = reader.submit(_read_file, pending[i + 1], opts, unchanged)
                base: GraphView = EmptyGraph() if empty_graph else DriverGraphView(driver, database)
                view = _Overlay(base, declared)
                file_report, plan = _load_one(
                    driver, str(path), current.result, database, opts, seen, view, raise_=False
                )
                results[path] = file_report
                if file_report.status == "failed":
                    failed.append(path)
                    continue
                if plan is not None and on_plan is not None:
                    on_plan(plan)
                # Outside a dry run the graph holds what was written, and later files find it
                # there: keeping every declared entity here too would grow with the corpus.
                if plan is not None and opts.dry_run:
                    for row in plan.statements:
                        declared.add(
                            KnownEntity(
                                id=row.entity_ref,
                                type=row.type,
                                unnamed=bool(row.props.get("unnamed")),
                                name=str(row.props.get("name", "")),
                            )
                        )
                if progress is not None:
                    progress(str(path))
            if len(failed) == len(pending):
                break
            # A file that failed is read again: its problems are found afresh against the
            # graph the others left.
            pending = failed
    for path in pending:
        if progress is not None and results[path].status == "failed":
            progress(str(path))
    report = LoadReport()
    for problem in problems:
        report.files.append(FileReport(file=problem.file, status="failed", problems=[problem]))
    report.files.extend(results[path] for path in files)
    return report


@dataclass(frozen=True)
class _Options:
    dry_run: bool
    written_by: str
    replace: bool
    force: bool
    strict: bool
    text_root: Path | None


class _Declared:
    """Entities declared by the files of one load so far, by id and by name: a load of
    thousands of files looks names up here for every new entity, so no lookup may scan all."""

    def __init__(self) -> None:
        self.by_id: dict[str, KnownEntity] = {}
        self._order: dict[str, int] = {}
        self._by_name: dict[str, set[str]] = {}

    def add(self, entity: KnownEntity) -> None:
        old = self.by_id.get(entity.id)
        if old is not None:
            self._by_name[name_key(old.name)].discard(entity.id)
        self.by_id[entity.id] = entity
        self._order.setdefault(entity.id, len(self._order))
        self._by_name.setdefault(name_key(entity.name), set()).add(entity.id)

    def named(self, key: str) -> list[KnownEntity]:
        ids = sorted(self._by_name.get(key, ()), key=self._order.__getitem__)
        return [self.by_id[i] for i in ids]


class _Overlay:
    def __init__(self, base: GraphView, extra: _Declared) -> None:
        self._base = base
        self._extra = extra

    def known(self, ids: Iterable[str]) -> dict[str, KnownEntity]:
        wanted = list(ids)
        found = self._base.known(wanted)
        for entity_id in wanted:
            if entity_id not in found and entity_id in self._extra.by_id:
                found[entity_id] = self._extra.by_id[entity_id]
        return found

    def named(self, names: Iterable[str]) -> dict[str, list[KnownEntity]]:
        wanted = list(names)
        found = self._base.named(wanted)
        for key in wanted:
            extra = self._extra.named(key)
            if extra and key not in found:
                found[key] = extra
        return found

    def suggest(self, text: str, limit: int = 3) -> list[KnownEntity]:
        return self._base.suggest(text, limit)

    def claims(self, claim_ids: Iterable[str]) -> dict[str, KnownClaim]:
        return self._base.claims(claim_ids)


# A file as read, and whether the graph was already asked if it holds the file as it is.
_Read = tuple[ReadDocument | Peek, bool]


def _read_file(path: Path, opts: _Options, unchanged: Callable[[str, str], bool] | None) -> _Read:
    """The file read in full, or only peeked at when the graph holds it as it is."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problem = Problem(
            str(path), 0, "document", f"cannot read: {exc.strerror}", "check the file"
        )
        raise FactFileError([problem]) from None
    peek = None
    if unchanged is not None:
        peek = peek_source(data, base_dir=path.parent, text_root=opts.text_root)
        if peek is not None and unchanged(peek.source_id, peek.content_hash):
            return peek, True
    read = read_document(data, filename=str(path), base_dir=path.parent, text_root=opts.text_root)
    return read, peek is not None


def _load_one(
    driver: Driver,
    filename: str,
    read: Callable[[], _Read],
    database: str,
    opts: _Options,
    seen: dict[str, str],
    view: GraphView,
    *,
    raise_: bool,
) -> tuple[FileReport, WritePlan | None]:
    try:
        document, asked = read()
        if isinstance(document, Peek):
            plan = WritePlan(
                filename, document.source_id, document.content_hash, [], [], unchanged=True
            )
        else:
            plan = plan_document(
                document,
                graph=view,
                strict=opts.strict,
                unchanged=None
                if opts.force or opts.dry_run or asked
                else holds_unchanged(driver, database, opts.written_by, opts.replace),
            )
        if seen.get(plan.source_id, filename) != filename:
            raise FactFileError(
                [
                    Problem(
                        filename,
                        1,
                        "source.id",
                        f"source '{plan.source_id}' is also the source of {seen[plan.source_id]}",
                        "give each source one fact file",
                    )
                ]
            )
    except FactFileError as exc:
        if raise_:
            raise
        return FileReport(file=filename, status="failed", problems=exc.problems), None
    seen[plan.source_id] = filename
    if plan.unchanged:
        return FileReport(file=filename, status="skipped", source_id=plan.source_id), plan
    if opts.dry_run:
        report = FileReport(file=filename, status="checked", source_id=plan.source_id)
        report.warnings = list(plan.warnings)
        return report, plan
    try:
        written = write_plan(
            driver,
            database,
            plan,
            written_by=opts.written_by,
            replace=opts.replace,
            force=opts.force,
        )
    except FactFileError as exc:
        if raise_:
            raise
        return FileReport(file=filename, status="failed", problems=exc.problems), None
    return written, plan
