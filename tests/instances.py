"""One test Neo4j per pytest-xdist worker, so the e2e tier runs on several workers at once.

Worker gw0 uses the suite's instance as configured (`test`: 7688/7475). Worker gwN uses
`<instance>-wN` on the configured ports plus N; its read-only copy then takes ports plus 10 + N, as
every copy does, so N stays below 10. Each worker's database is its own: wipes, restarts and bulk
imports in one worker never reach another.

`python -m tests.instances up N` starts the instances of N workers (the Maven assembly first, once,
then the servers side by side), `down N` stops them; `make test` starts them while the lint gate
and the unit tier run.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

from graph import localserver
from graph.errors import ConfigError, TipgraphError
from graph.settings import Settings

MAX_WORKERS = 9


def worker_number(worker: str | None) -> int:
    """0 outside xdist and for gw0; N for gwN."""
    if not worker:
        return 0
    number = int(worker.removeprefix("gw"))
    if number > MAX_WORKERS:
        raise SystemExit(f"at most {MAX_WORKERS + 1} e2e workers: each needs its own ports")
    return number


def worker_environment(number: int, environ: Mapping[str, str]) -> dict[str, str]:
    """The TIPGRAPH_* variables that point worker `number` at its own instance."""
    if number == 0:
        return {}
    instance = environ.get("TIPGRAPH_INSTANCE", "test")
    # The configured instance's ports, its defaults being Settings' own.
    base = Settings(
        instance=instance,
        bolt_port=environ.get("TIPGRAPH_BOLT_PORT") or None,
        http_port=environ.get("TIPGRAPH_HTTP_PORT") or None,
    )
    try:
        if environ.get("TIPGRAPH_NEO4J_URI"):
            raise ConfigError("a fixed TIPGRAPH_NEO4J_URI")
        bolt, http = base.effective_bolt_port, base.effective_http_port
    except ConfigError as exc:
        raise SystemExit(
            f"instance {instance!r}: set TIPGRAPH_BOLT_PORT and TIPGRAPH_HTTP_PORT (and no "
            "TIPGRAPH_NEO4J_URI) to run the e2e tier on several workers, or run it on one"
        ) from exc
    return {
        "TIPGRAPH_INSTANCE": f"{instance}-w{number}",
        "TIPGRAPH_BOLT_PORT": str(bolt + number),
        "TIPGRAPH_HTTP_PORT": str(http + number),
    }


def settings_of(number: int) -> Settings:
    env = worker_environment(number, os.environ)
    return Settings(
        instance=env.get("TIPGRAPH_INSTANCE", os.environ.get("TIPGRAPH_INSTANCE", "test")),
        bolt_port=env.get("TIPGRAPH_BOLT_PORT", os.environ.get("TIPGRAPH_BOLT_PORT")),
        http_port=env.get("TIPGRAPH_HTTP_PORT", os.environ.get("TIPGRAPH_HTTP_PORT")),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.instances",
        description="Start or stop the test Neo4j of each e2e worker.",
    )
    parser.add_argument("action", choices=["up", "down"])
    parser.add_argument("workers", type=int, help=f"how many workers (1 to {MAX_WORKERS + 1})")
    args = parser.parse_args(argv)
    if not 1 <= args.workers <= MAX_WORKERS + 1:
        parser.error(f"workers must be 1 to {MAX_WORKERS + 1}")
    everyone = [settings_of(n) for n in range(args.workers)]

    def act(settings: Settings) -> str:
        if args.action == "down":
            return "stopped" if localserver.down(settings) else "was not running"
        return localserver.up(settings, use_docker=False)

    try:
        if args.action == "up":
            # Two servers must not both assemble the same Maven-built Neo4j.
            localserver.assemble(everyone[0])
        with ThreadPoolExecutor(len(everyone)) as pool:
            outcomes = list(pool.map(act, everyone))
    except TipgraphError as exc:
        print(f"tests.instances {args.action}: {exc}", file=sys.stderr)
        return 1
    for settings, outcome in zip(everyone, outcomes, strict=True):
        print(f"Neo4j [{settings.instance}] {settings.uri}: {outcome}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
