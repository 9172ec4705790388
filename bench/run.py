"""One benchmark run: every arm, side by side, on one server and one corpus."""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from neo4j import Driver

from bench import baseline, reads
from bench.anchors import Anchors
from bench.corpus import CorpusSpec, CorpusStats, write_corpus
from bench.database import claim_database, counts, release_database, state_hash, wipe
from bench.loadrun import LoadRun, bulk_load, child_load, per_file
from bench.timing import Latency, clock, percentile
from cypher.registry import get_registry
from graph.settings import Settings


@dataclass(frozen=True)
class Plan:
    facts: int
    small_facts: int  # the smaller graph of the scaling checks, a prefix of the corpus
    facts_per_file: int = 500
    small_files: int = 1000  # files of 5 facts loaded into each graph
    naive_rows: int = 2000
    sweep: tuple[int, ...] = (50, 200, 1000, 5000)
    api_requests: int = 200
    api_clients: tuple[int, ...] = (1, 16)
    api_rounds: int = 2
    repeats: int = 20
    seed: int = 12
    bulk: bool = True  # the bulk import arm, which restarts the server


@dataclass
class SizeFigures:
    facts: int
    files: int
    load: LoadRun
    nodes: int = 0
    rels: int = 0
    small_file_seconds: list[float] = field(default_factory=list)
    scaling: list[reads.ScaleFigure] = field(default_factory=list)


@dataclass
class Results:
    plan: Plan
    corpus: CorpusStats
    small: SizeFigures | None = None
    large: SizeFigures | None = None
    reload: LoadRun | None = None
    forced: LoadRun | None = None
    idle_rss_mib: float = math.nan
    hash_loader: str = ""
    hash_baseline: str = ""
    bulk_seconds: float = math.nan
    hash_bulk: str = ""
    baseline_seconds: float = math.nan
    baseline_batch: int = 0
    naive_rows: int = 0
    naive_seconds: float = math.nan
    sweep: dict[int, float] = field(default_factory=dict)
    api: list[reads.ApiFigure] = field(default_factory=list)
    fulltext_ms: float = math.nan
    contains_ms: float = math.nan
    # what makes the comparison itself wrong (the arms did not build the same graph)
    problems: list[str] = field(default_factory=list)


Say = Callable[[str], None]


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def run(
    plan: Plan, driver: Driver, settings: Settings, say: Say, work: Path | None = None
) -> Results:
    db = settings.neo4j_database
    marked = claim_database(driver, settings)
    try:
        return _run(plan, driver, settings, say, work)
    finally:
        if marked:
            wipe(driver, db)
            release_database(driver, db)


def _run(plan: Plan, driver: Driver, settings: Settings, say: Say, work: Path | None) -> Results:
    db = settings.neo4j_database
    with tempfile.TemporaryDirectory(prefix="tipgraph-bench-", dir=work) as tmp:
        root = Path(tmp)
        corpus_dir, small_dir = root / "corpus", root / "small"
        say(f"generating {plan.facts} facts in files of {plan.facts_per_file}")
        stats = write_corpus(CorpusSpec(plan.facts, plan.facts_per_file, plan.seed), corpus_dir)
        write_corpus(CorpusSpec(5 * plan.small_files, 5, plan.seed, prefix="x"), small_dir)
        results = Results(plan, stats)
        files, small_files = _files(corpus_dir), _files(small_dir)
        prefix = files[: max(1, math.ceil(plan.small_facts / plan.facts_per_file))]
        results.idle_rss_mib = child_load([]).peak_rss_mib

        # The smaller graph: a prefix of the corpus, then the small files into it.
        say(f"loading {len(prefix)} files into an empty graph (the smaller graph)")
        wipe(driver, db)
        registry = get_registry()
        results.small = _size(driver, db, prefix, plan, small_files, say)

        say(f"loading {len(files)} files into an empty graph (arm 1: tipgraph load)")
        wipe(driver, db)
        large = SizeFigures(plan.facts, len(files), child_load(files))
        _check(large.load, len(files))
        large.nodes, large.rels = counts(driver, db)
        results.large = large
        results.hash_loader = state_hash(driver, db)
        say("reloading unchanged, then forced")
        results.reload = child_load(files)
        results.forced = child_load(files, force=True)
        if state_hash(driver, db) != results.hash_loader:
            results.problems.append("a forced reload changed the graph's hash")
        data = baseline.dump(driver, db)
        if plan.bulk:
            say(f"bulk import of the {len(files)} files into an empty database")
            results.bulk_seconds = bulk_load(driver, settings, files, work=work)
            results.hash_bulk = state_hash(driver, db)
        if plan.bulk and results.hash_bulk != results.hash_loader:
            results.problems.append("the bulk import did not build the loader's graph")

        anchors = Anchors(driver, db)
        large.scaling = reads.saved_query_scaling(
            driver, db, registry, anchors, repeats=plan.repeats
        )
        results.fulltext_ms, results.contains_ms = reads.fulltext_vs_contains(
            driver, db, anchors, repeats=plan.repeats
        )
        say("API against the raw driver")
        results.api = reads.api_arm(
            driver,
            db,
            registry,
            anchors,
            root / "api.log",
            requests=plan.api_requests,
            clients=plan.api_clients,
            rounds=plan.api_rounds,
        )
        say(f"loading {len(small_files)} small files into the larger graph")
        large.small_file_seconds = per_file(driver, db, small_files)

        # Arm 2: the same graph by hand, UNWIND ... MERGE in the loader's batch size.
        results.baseline_batch = plan.facts_per_file
        say(f"arm 2: UNWIND baseline, {data.rows} rows in batches of {plan.facts_per_file}")
        # The loader's statements were planned by the smaller graph's load.
        results.baseline_seconds = baseline.timed_unwind(driver, db, data, plan.facts_per_file)
        results.hash_baseline = state_hash(driver, db)
        if results.hash_baseline != results.hash_loader:
            results.problems.append("the UNWIND baseline did not rebuild the loader's graph")
        for batch in plan.sweep:
            say(f"batch-size sweep: {batch}")
            wipe(driver, db)
            start = clock()
            baseline.write_unwind(driver, db, data, batch)
            results.sweep[batch] = clock() - start
        say(f"arm 3: one MERGE per transaction, {plan.naive_rows} rows")
        wipe(driver, db)
        start = clock()
        results.naive_rows = baseline.write_naive(driver, db, data, plan.naive_rows)
        results.naive_seconds = clock() - start
        wipe(driver, db)
    return results


def _size(
    driver: Driver, db: str, files: list[Path], plan: Plan, small_files: list[Path], say: Say
) -> SizeFigures:
    figures = SizeFigures(
        min(plan.small_facts, len(files) * plan.facts_per_file), len(files), child_load(files)
    )
    _check(figures.load, len(files))
    figures.nodes, figures.rels = counts(driver, db)
    figures.scaling = reads.saved_query_scaling(
        driver, db, get_registry(), Anchors(driver, db), repeats=plan.repeats
    )
    say(f"loading {len(small_files)} small files into the smaller graph")
    figures.small_file_seconds = per_file(driver, db, small_files)
    return figures


def _check(load: LoadRun, expected: int) -> None:
    if load.loaded != expected:
        raise RuntimeError(f"{load.failed} of {expected} files failed to load")


def small_file_p50(figures: SizeFigures) -> float:
    return percentile(figures.small_file_seconds, 50)


__all__ = ["Latency", "Plan", "Results", "run"]
