"""`tipgraph queries ...` on the seed graph, the generated docs, and the Browser guide and style."""

from __future__ import annotations

import csv
import io
import json
import re

from neo4j import Driver

from cypher.registry import get_registry
from tests.inprocess import CliResult, run_cli

CHAIN = get_registry().get("complicity_chain")


def tipgraph(*args: str) -> CliResult:
    return run_cli("queries", *args)


def example_args(params: dict[str, object]) -> list[str]:
    args: list[str] = []
    for key, value in params.items():
        args += ["--param", f"{key}={value if isinstance(value, str) else json.dumps(value)}"]
    return args


def test_complicity_chain_prints_every_hop_with_quote_and_source(seed_graph: Driver) -> None:
    example = CHAIN.examples[0]
    result = tipgraph("run", "complicity_chain", *example_args(example.params))
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    chains = re.split(r"(?:^| )chain (?=\d+:)", text)[1:]
    assert [c.split(":")[0] for c in chains] == sorted({str(r["chain"]) for r in example.rows})
    for row in example.rows:
        chain = chains[int(row["chain"]) - 1]
        arrow = (
            f"-[{row['predicate']}]->" if row["direction"] == "->" else f"<-[{row['predicate']}]-"
        )
        hop = f"{row['hop']}. {row['from']} {arrow} {row['to']} ({row['hop_status']})"
        assert hop in chain, hop
        after = chain.split(hop, 1)[1]
        assert f"{row['stance']}: “{row['quote']}” source: {row['source']}" in after
    assert "not proof of wrongdoing" in text


def test_json_and_csv_hold_the_example_rows(seed_graph: Driver) -> None:
    query = get_registry().get("countries_by_tier")
    example = query.examples[0]
    as_json = tipgraph("run", query.name, *example_args(example.params), "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    rows = json.loads(as_json.stdout)
    assert [{k: r[k] for k in want} for r, want in zip(rows, example.rows, strict=True)] == (
        example.rows
    )
    as_csv = tipgraph("run", query.name, *example_args(example.params), "-f", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    table = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["country_id"] for r in table] == [r["country_id"] for r in example.rows]


def test_a_repeated_param_is_a_list_and_limits_apply(seed_graph: Driver) -> None:
    result = tipgraph(
        "run",
        "complicit_not_investigated",
        "--param",
        "record_kinds=investigation",
        "--param",
        "record_kinds=prosecution",
        "--limit",
        "2",
        "-f",
        "json",
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 2
    assert "only the first 2 rows" in result.stderr
    # Each repeated value is an item of the list, checked on its own.
    bad = tipgraph(
        "run",
        "complicit_not_investigated",
        "--param",
        "record_kinds=investigation",
        "--param",
        "record_kinds=raid",
    )
    assert bad.returncode == 1 and "record_kinds[1]" in bad.stderr


def test_bad_params_and_unknown_queries_fail_with_a_message(seed_graph: Driver) -> None:
    bad = tipgraph("run", "neighbourhood", "--param", "id=city:nowhere", "--param", "depth=9")
    assert bad.returncode == 1
    assert "depth" in bad.stderr and "less than or equal to 3" in bad.stderr
    missing = tipgraph("run", "neighbourhood", "--param", "id=city:nowhere")
    assert missing.returncode == 1
    assert "no entity has the id city:nowhere" in missing.stderr
    unknown = tipgraph("run", "no_such_query")
    assert unknown.returncode == 1
    assert "no saved query is named 'no_such_query'" in unknown.stderr
