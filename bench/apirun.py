"""`python -m bench api`: the API arm alone, for working on the request path.

The whole benchmark takes many minutes, most of them loading; this loads the corpus once (or
keeps the graph a previous `--keep` run left) and measures only the API against the raw driver,
printing the goals and the side-by-side table the full report would show.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

from neo4j import Driver

from bench import reads
from bench.anchors import FIRST_SOURCE, Anchors
from bench.corpus import CorpusSpec, write_corpus
from bench.database import claim_database, counts, release_database, wipe
from bench.loadrun import child_load
from bench.report import api_goals, api_table
from bench.run import Plan, Say
from cypher.registry import get_registry
from graph.settings import Settings


def run_api(plan: Plan, driver: Driver, settings: Settings, say: Say, *, keep: bool) -> str:
    """The API arm's figures as markdown; with `keep`, the graph stays for the next run."""
    db = settings.neo4j_database
    marked = claim_database(driver, settings)
    try:
        with tempfile.TemporaryDirectory(prefix="tipgraph-bench-api-") as tmp:
            root = Path(tmp)
            # Kept only if it is this size's corpus: one source per file, the first among them.
            files = math.ceil(plan.facts / plan.facts_per_file)
            records, _, _ = driver.execute_query(
                "MATCH (s:Statement) WITH count(DISTINCT s.source_id) AS sources "
                "OPTIONAL MATCH (first:Statement {source_id: $sid}) "
                "WITH sources, count(first) AS firsts "
                "RETURN sources = $files AND firsts > 0 AS kept",
                {"sid": FIRST_SOURCE, "files": files},
                database_=db,
            )
            if not records[0]["kept"]:
                say(f"loading {plan.facts} facts")
                wipe(driver, db)
                write_corpus(CorpusSpec(plan.facts, plan.facts_per_file, plan.seed), root / "c")
                child_load(sorted((root / "c").glob("*.yaml")))
            else:
                say("reusing the corpus a previous --keep run left")
            nodes, _ = counts(driver, db)
            say("API against the raw driver")
            with reads.serving_api(root / "api.log") as (url, headers):
                figures = reads.api_vs_driver(
                    driver,
                    db,
                    get_registry(),
                    Anchors(driver, db),
                    url,
                    headers,
                    requests=plan.api_requests,
                    clients=plan.api_clients,
                    rounds=plan.api_rounds,
                )
    finally:
        if not keep:
            wipe(driver, db)
            if marked:
                release_database(driver, db)
    goals = [f"| {' | '.join(row)} |" for row in api_goals(figures)]
    head = ["| goal | target | this run | verdict |", "|---|---|---|---|"]
    return "\n".join([f"{nodes:,} nodes", "", *head, *goals, "", *api_table(figures)])
