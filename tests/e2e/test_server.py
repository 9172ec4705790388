"""The local Neo4j server that the project assembles and starts itself."""

from __future__ import annotations

import time

import httpx
import pytest
from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError

from graph import localserver
from graph.settings import Settings
from tests.conftest import READER_KEY
from tests.e2e.test_api_resilience import assert_no_leak
from tests.inprocess import run_cli

tipgraph = run_cli
# About how long the module takes, restarts included (tests/e2e/fixtures.py runs it early).
pytestmark = pytest.mark.restarts(seconds=25)

HEADERS = {"X-API-Key": READER_KEY}


def test_server_is_neo4j_5_26_community(neo4j_server: Settings) -> None:
    ok, version, edition, detail = localserver.bolt_check(neo4j_server)
    assert ok, detail
    assert version is not None and version.startswith("5.26."), version
    assert edition == "community"


def test_bolt_answers_with_auth(neo4j_server: Settings) -> None:
    with GraphDatabase.driver(
        neo4j_server.uri, auth=(neo4j_server.neo4j_user, neo4j_server.password())
    ) as drv:
        records, _, _ = drv.execute_query("RETURN 40 + 2 AS answer")
    assert records[0]["answer"] == 42


def test_wrong_password_is_refused(neo4j_server: Settings) -> None:
    with (
        GraphDatabase.driver(neo4j_server.uri, auth=("neo4j", "not-the-password")) as drv,
        pytest.raises(AuthError),
    ):
        drv.verify_connectivity()


def test_server_listens_on_loopback_only(neo4j_server: Settings) -> None:
    conf = localserver.conf_file(neo4j_server).read_text()
    assert "server.default_listen_address=127.0.0.1" in conf
    assert f"127.0.0.1:{neo4j_server.effective_bolt_port}" in conf
    assert "dbms.usage_report.enabled=false" in conf
    assert "client.allow_telemetry=false" in conf
    for flag in ("java.nio", "java.io", "sun.nio.ch"):
        assert f"--add-opens=java.base/{flag}=ALL-UNNAMED" in conf


def test_browser_is_served(neo4j_server: Settings) -> None:
    response = httpx.get(neo4j_server.browser_url, timeout=10, follow_redirects=True)
    assert response.status_code == 200
    assert "Neo4j Browser" in response.text


def test_apoc_core_is_loaded(neo4j_server: Settings) -> None:
    with GraphDatabase.driver(
        neo4j_server.uri, auth=(neo4j_server.neo4j_user, neo4j_server.password())
    ) as drv:
        records, _, _ = drv.execute_query("RETURN apoc.version() AS v")
    assert records[0]["v"].startswith("5.26.")


def test_db_up_twice_is_harmless(neo4j_server: Settings) -> None:
    pid_before = localserver.read_pid(neo4j_server)
    result = tipgraph("db", "up")
    assert result.returncode == 0, result.stderr
    assert "already running" in result.stdout
    assert localserver.read_pid(neo4j_server) == pid_before


def test_db_status_reports_version_and_urls(neo4j_server: Settings) -> None:
    result = tipgraph("db", "status")
    assert result.returncode == 0, result.stderr
    assert "5.26." in result.stdout
    assert neo4j_server.browser_url in result.stdout
    assert f"127.0.0.1:{neo4j_server.effective_bolt_port}" in result.stdout


def test_cypher_command_reads_and_refuses_writes(neo4j_server: Settings) -> None:
    read = tipgraph("cypher", "RETURN $n * 2 AS doubled", "--param", "n=21", "--format", "json")
    assert read.returncode == 0, read.stderr
    assert '"doubled": 42' in read.stdout
    write = tipgraph("cypher", "CREATE (n:ShouldNotExist) RETURN n")
    assert write.returncode != 0
    assert "read access mode" in write.stderr.replace("\n", " ")
    check = tipgraph("cypher", "MATCH (n:ShouldNotExist) RETURN count(n) AS c", "-f", "csv")
    assert check.stdout.splitlines() == ["c", "0"]


@pytest.mark.slow
def test_db_down_stops_it_and_up_brings_it_back(
    seed_graph: Driver, api_url: str, neo4j_server: Settings
) -> None:
    # One stop and start of the test server serves two checks: the CLI's down, status and up,
    # and the served API answering 503 while Neo4j is away and recovering without a restart.
    if localserver.read_pid(neo4j_server) is None:
        pytest.fail("the test server was not started by tipgraph (no pid file); cannot test down")
    search = f"{api_url}/entities/search"
    assert httpx.get(search, params={"text": "x"}, headers=HEADERS, timeout=30).status_code == 200
    try:
        down = tipgraph("db", "down")
        assert down.returncode == 0, down.stderr
        assert "stopped" in down.stdout
        assert localserver.read_pid(neo4j_server) is None
        ok, _, _, _ = localserver.bolt_check(neo4j_server)
        assert not ok
        status = tipgraph("db", "status")
        assert status.returncode == 1
        assert "not running" in status.stdout

        away = httpx.get(search, params={"text": "x"}, headers=HEADERS, timeout=60)
        assert away.status_code == 503
        assert away.headers["retry-after"] == "5"
        assert_no_leak(away)
        health = httpx.get(f"{api_url}/health", timeout=60)
        assert health.status_code == 503
        assert health.json()["neo4j"] == "down"

        up = tipgraph("db", "up")
        assert up.returncode == 0, up.stderr
        assert localserver.bolt_check(neo4j_server)[0]
    finally:
        if not localserver.bolt_check(neo4j_server)[0]:
            localserver.up(neo4j_server)
    # The same API process, not restarted, answers again.
    deadline = time.monotonic() + 30
    while True:
        again = httpx.get(search, params={"text": "x"}, headers=HEADERS, timeout=30)
        if again.status_code == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert again.status_code == 200, again.text
    assert httpx.get(f"{api_url}/health", timeout=30).json()["status"] == "ok"
