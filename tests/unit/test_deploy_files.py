"""What can be checked of the deployment without Docker: the Compose file, the Dockerfile, the
hashed locks and the Makefile that installs them (`make docker-check` runs Compose and an image
build where an engine answers)."""

from __future__ import annotations

import re
import subprocess
import tomllib
from typing import Any

import yaml

from tests.paths import PROJECT_ROOT

COMPOSE: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
DOCKERFILE = (PROJECT_ROOT / "Dockerfile").read_text(encoding="utf-8")
# The image's own stage: what follows the last FROM.
FINAL_STAGE = DOCKERFILE.rsplit("\nFROM ", 1)[1]
MAKEFILE = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SECRETS = ("TIPGRAPH_NEO4J_PASSWORD", "TIPGRAPH_API_KEYS", "TIPGRAPH_AUDIT_SECRET")
APP_SERVICES = ("api", "loader")


def _pins(lock: str) -> dict[str, str]:
    """name -> version of a hashed lock; fails on any requirement without a hash."""
    text = (PROJECT_ROOT / "requirements" / lock).read_text(encoding="utf-8")
    pins: dict[str, str] = {}
    for entry in re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2]):
        head = entry.split()[0]
        assert "--hash=sha256:" in entry, f"{lock}: {head} has no hash"
        name, _, version = head.partition("==")
        assert version, f"{lock}: {head} is not pinned to one version"
        pins[re.sub(r"[-_.]+", "-", name.lower())] = version
    return pins


def _names(requirements: list[str]) -> set[str]:
    bare = (re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0] for r in requirements)
    return {re.sub(r"[-_.]+", "-", name.lower()) for name in bare}


def test_the_app_services_take_their_secrets_from_the_environment_and_refuse_empty_ones() -> None:
    for name in APP_SERVICES:
        env = COMPOSE["services"][name]["environment"]
        assert env["TIPGRAPH_ENVIRONMENT"] == "production"
        for secret in SECRETS:
            # `${X:?...}` stops Compose when X is unset or empty; `${X:-}` would hand over "".
            assert re.fullmatch(rf"\$\{{{secret}:\?[^}}]+\}}", env[secret]), (name, secret)


def test_every_volume_of_state_is_a_named_volume() -> None:
    declared = set(COMPOSE["volumes"])
    state_dir = re.search(r"^ENV TIPGRAPH_STATE_DIR=(\S+)$", FINAL_STAGE, re.MULTILINE)
    assert state_dir is not None, "the image sets no TIPGRAPH_STATE_DIR"
    for name in APP_SERVICES:
        mounts = dict(v.split(":", 1) for v in COMPOSE["services"][name]["volumes"])
        assert state_dir[1] in mounts.values(), f"{name} keeps no state volume"
        assert set(mounts) <= declared
    neo4j = dict(v.split(":", 1) for v in COMPOSE["services"]["neo4j"]["volumes"])
    assert neo4j.get("neo4j-data") == "/data" and set(neo4j) <= declared


def test_the_image_installs_the_runtime_lock_with_hashes_and_no_dev_tools() -> None:
    assert "--require-hashes -r /tmp/runtime.txt" in FINAL_STAGE
    assert "COPY requirements/runtime.txt" in FINAL_STAGE
    assert "dev.txt" not in DOCKERFILE and "requirements.lock" not in DOCKERFILE
    # Non-editable, from a wheel built in the first stage; no pyproject.toml in the final
    # stage, so the working folder is never taken for a checkout (graph/paths.py).
    assert "pip install --no-cache-dir --no-deps /wheels/*.whl" in FINAL_STAGE
    assert " -e " not in DOCKERFILE and "pyproject.toml" not in FINAL_STAGE


def test_the_image_runs_as_a_user_who_owns_its_state_folder() -> None:
    user = re.findall(r"^USER (\S+)$", FINAL_STAGE, re.MULTILINE)
    assert user and user[-1] not in ("root", "0")
    state_dir = re.search(r"^ENV TIPGRAPH_STATE_DIR=(\S+)$", FINAL_STAGE, re.MULTILINE)
    assert state_dir is not None
    assert re.search(rf"install -d -o {user[-1]} -g {user[-1]} .*{state_dir[1]}\b", FINAL_STAGE)


def test_the_locks_are_hashed_and_agree() -> None:
    runtime, dev = _pins("runtime.txt"), _pins("dev.txt")
    assert _names(PYPROJECT["project"]["dependencies"]) <= set(runtime)
    assert _names(PYPROJECT["project"]["optional-dependencies"]["dev"]) <= set(dev)
    assert {name: dev.get(name) for name in runtime} == runtime
    # followthemoney needs sqlalchemy[mypy], so mypy is a runtime dependency; these are not.
    assert not {"pytest", "playwright", "ruff", "schemathesis", "hypothesis"} & set(runtime)


def test_make_install_checks_the_hashes_of_the_dev_lock() -> None:
    assert re.search(r"pip install -q .*--require-hashes -r requirements/dev.txt", MAKEFILE)
    assert re.search(r"^LOCKS := requirements/runtime.txt requirements/dev.txt$", MAKEFILE, re.M)
    assert "$(shell cat $(LOCKS) pyproject.toml | sha256sum" in MAKEFILE
    assert re.search(r"^lock:$", MAKEFILE, re.M) and re.search(r"^docker-check:$", MAKEFILE, re.M)


def test_no_tracked_file_names_the_old_lock() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert tracked, "git ls-files listed nothing"
    # The changelog tells of the old lock, and this test names it to look for it.
    exempt = {"CHANGELOG.md", "tests/unit/test_deploy_files.py"}
    naming = [
        path
        for path in tracked
        if path not in exempt
        and (PROJECT_ROOT / path).is_file()
        and "requirements.lock" in (PROJECT_ROOT / path).read_text(errors="replace")
    ]
    assert not naming
