"""Settings: every state path has a writable default that does not depend on where the code is
installed, bundled data is found through importlib.resources, and production refuses empty
secrets (Compose hands an unset variable over as an empty string)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import graph
from cypher.registry import QUERIES_DIR, Registry
from graph.errors import ConfigError
from graph.localserver import MAVEN_DIR
from graph.ontology import ONTOLOGY_FILE
from graph.paths import find_checkout
from graph.settings import Settings
from tests.paths import PROJECT_ROOT

STATE_PATHS = ("state_dir", "neo4j_home", "instance_dir", "audit_path", "judgements_path")
CODE_ROOT = Path(graph.__file__).resolve().parent.parent
SECRETS = {
    "TIPGRAPH_NEO4J_PASSWORD": "a-production-password",
    "TIPGRAPH_API_KEYS": "app:reader:a-production-secret-0123",
    "TIPGRAPH_AUDIT_SECRET": "a-production-audit-secret",
}


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No TIPGRAPH_* from the caller's shell; a home of its own."""
    for name in list(os.environ):
        if name.startswith("TIPGRAPH_") or name == "XDG_STATE_HOME":
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path


def settings() -> Settings:
    return Settings(_env_file=None)


def test_in_a_checkout_state_goes_to_its_git_ignored_neo4j_folder(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(PROJECT_ROOT / "docs")
    assert find_checkout() == PROJECT_ROOT
    s = settings()
    assert s.state_dir == PROJECT_ROOT / ".neo4j"
    assert s.instance_dir == PROJECT_ROOT / ".neo4j" / "instances" / "main"
    assert s.audit_path == s.instance_dir / "audit.jsonl"
    assert ".neo4j/" in (PROJECT_ROOT / ".gitignore").read_text().splitlines()


@pytest.mark.parametrize("xdg", [True, False])
def test_outside_a_checkout_state_goes_to_the_users_state_folder(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, xdg: bool
) -> None:
    monkeypatch.chdir(clean_env)
    if xdg:
        monkeypatch.setenv("XDG_STATE_HOME", str(clean_env / "xdg"))
    base = clean_env / "xdg" if xdg else clean_env / "home" / ".local" / "state"
    s = settings()
    assert find_checkout() is None
    assert s.state_dir == base / "tipgraph"
    for name in STATE_PATHS:
        path: Path = getattr(s, name)
        assert path.is_relative_to(base), name
        assert not path.is_relative_to(CODE_ROOT), f"{name} points beside the code: {path}"


def test_the_state_folder_and_each_path_can_be_set(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIPGRAPH_STATE_DIR", str(clean_env / "state"))
    assert settings().audit_path == clean_env / "state" / "instances" / "main" / "audit.jsonl"
    monkeypatch.setenv("TIPGRAPH_NEO4J_ROOT", str(clean_env / "shared-neo4j"))
    monkeypatch.setenv("TIPGRAPH_AUDIT_LOG", str(clean_env / "audit" / "api.jsonl"))
    s = settings()
    assert s.state_dir == clean_env / "state"
    assert s.instance_dir == clean_env / "shared-neo4j" / "instances" / "main"
    assert s.audit_path == clean_env / "audit" / "api.jsonl"


def test_bundled_data_is_found_beside_the_imported_packages(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(clean_env)
    assert ONTOLOGY_FILE.is_file()
    assert QUERIES_DIR == CODE_ROOT / "cypher"
    assert (MAVEN_DIR / "pom.xml").is_file() and (MAVEN_DIR / "apoc" / "pom.xml").is_file()
    assert len(Registry.load().queries) == len(list(QUERIES_DIR.glob("*/*.cypher"))) > 20


@pytest.mark.parametrize("secret", sorted(SECRETS))
@pytest.mark.parametrize("empty", ["", "   "])
def test_production_refuses_an_empty_secret(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, secret: str, empty: str
) -> None:
    monkeypatch.setenv("TIPGRAPH_ENVIRONMENT", "production")
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, empty if name == secret else value)
    with pytest.raises(ConfigError) as refused:
        settings()
    named = [name for name in SECRETS if name in refused.value.message]
    assert named == [secret]


def test_production_starts_with_every_secret_given(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIPGRAPH_ENVIRONMENT", "production")
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    assert settings().environment == "production"
