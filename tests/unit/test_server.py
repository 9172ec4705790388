"""The local Neo4j server that the project assembles and starts itself."""

from __future__ import annotations

import os
import re
import subprocess

import pytest
import yaml

from graph import localserver
from tests.paths import PROJECT_ROOT


def test_compose_file_is_valid() -> None:
    """`docker compose config` where a Compose CLI exists; the same checks by hand elsewhere."""
    compose_file = PROJECT_ROOT / "docker-compose.yml"
    env = {
        **os.environ,
        "TIPGRAPH_NEO4J_PASSWORD": "compose-check",
        "TIPGRAPH_API_KEYS": "ci:reader:compose-check-secret-0123",
        "TIPGRAPH_AUDIT_SECRET": "compose-check-audit-secret",
    }
    compose = localserver.compose_command()
    if compose is not None:
        result = subprocess.run(
            [*compose, "-f", str(compose_file), "config", "--quiet"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    spec = yaml.safe_load(compose_file.read_text())
    services = spec["services"]
    assert {"neo4j", "api", "loader"} <= set(services)
    # The image runs the very version Maven assembles for the local server.
    pom = (PROJECT_ROOT / "graph" / "maven" / "pom.xml").read_text(encoding="utf-8")
    version = re.search(r"<neo4j.version>([^<]+)</neo4j.version>", pom)
    assert version is not None
    assert services["neo4j"]["image"] == f"neo4j:{version[1]}-community"
    assert "healthcheck" in services["neo4j"]
    assert any(v.startswith("neo4j-data:") for v in services["neo4j"]["volumes"])
    for name in ("api", "loader"):
        assert services[name]["build"] == "."
        assert services[name]["depends_on"]["neo4j"]["condition"] == "service_healthy"
        assert "TIPGRAPH_NEO4J_URI" in services[name]["environment"]
        assert services[name]["environment"]["TIPGRAPH_ENVIRONMENT"] == "production"
    for service in services.values():
        for port in service.get("ports", []):
            assert port.startswith("127.0.0.1:"), f"{port} must bind to loopback only"
    assert (PROJECT_ROOT / "Dockerfile").is_file()


def test_generated_passwords_are_never_read_as_an_option() -> None:
    # neo4j-admin takes the password as an argument: one starting with `-` is refused as an
    # unknown option, which once broke a fresh clone's first `tipgraph db up`.
    for _ in range(2000):
        password = localserver.new_password()
        assert re.fullmatch(r"[0-9a-f]{36}", password), password


def test_settings_add_jvm_flags_and_a_named_collector_replaces_g1() -> None:
    from graph.settings import Settings

    plain = localserver.jvm_flags(Settings(instance="test"))
    assert plain == list(localserver.DEFAULT_JVM_FLAGS)
    fast = Settings(instance="test", neo4j_jvm_flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
    flags = localserver.jvm_flags(fast)
    assert "-XX:+UseG1GC" not in flags
    assert flags[-2:] == ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
    conf = localserver.render_conf(fast)
    assert "server.jvm.additional=-XX:+UseSerialGC" in conf
    assert "server.jvm.additional=-XX:+UseG1GC" not in conf


def test_settings_add_neo4j_conf_entries_but_never_replace_tipgraphs_own() -> None:
    from graph.errors import ServerError
    from graph.settings import Settings

    quiet = Settings(instance="test", neo4j_conf="dbms.cypher.min_replan_interval=1h")
    assert localserver.render_conf(quiet).splitlines()[-1] == "dbms.cypher.min_replan_interval=1h"
    for entry, words in (
        ("dbms.security.auth_enabled=false", "written by tipgraph itself"),
        ("server.databases.default_to_read_only=true", "written by tipgraph itself"),
        ("server.jvm.additional=-Xint", "written by tipgraph itself"),
        ("min_replan_interval", "is not a neo4j.conf entry"),
    ):
        with pytest.raises(ServerError, match=words):
            localserver.render_conf(Settings(instance="test", neo4j_conf=entry))
