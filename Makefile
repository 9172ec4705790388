# The two commands of the README, and the gate they share with CI.
# Prerequisites: Python 3.11+, and either Docker or Java 17 + Maven.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCKS := requirements/runtime.txt requirements/dev.txt
STAMP := $(VENV)/.installed-$(shell cat $(LOCKS) pyproject.toml | sha256sum | cut -c1-12)
# uv writes the hashed locks; it lives in a venv of its own so it never enters the project's.
UV_VERSION := 0.13.8
UV := $(VENV)/lock-tools/bin/uv
LOCK_FLAGS := --quiet --python-version 3.11 --python-platform linux --generate-hashes \
  --custom-compile-command "make lock"
TEST_ENV := TIPGRAPH_INSTANCE=test TIPGRAPH_ENVIRONMENT=test
# The test servers live minutes and restart often: the quick C1 compiler alone and the serial
# collector start them with about a third less CPU on 2 cores, and not verifying the bytecode
# of the jars (Maven Central's, checked by their sums) takes 1.5 to 2.5 s off each start again.
# Their graphs are wiped and reloaded test after test, and each swing in the counts made Neo4j
# plan every statement again (about half the servers' CPU in the e2e tier); the tests' graphs
# are too small for a plan made on other counts to matter. The benchmarks keep the defaults.
TEST_SERVER_ENV := $(TEST_ENV) \
  TIPGRAPH_NEO4J_JVM_FLAGS='-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-BytecodeVerificationRemote' \
  TIPGRAPH_NEO4J_CONF='dbms.cypher.min_replan_interval=1h dbms.cypher.statistics_divergence_threshold=1.0'

.PHONY: install run test unit e2e check docker-check lock test-deps build-deps clean bench bench-smoke

# PyICU (normality 3, which followthemoney 4 needs) has no wheels on the package index: pip
# builds it against the system's ICU, from Debian's packages when missing.
build-deps:
	@missing=""; \
	pkg-config --exists icu-i18n 2>/dev/null || missing="$$missing libicu-dev pkg-config"; \
	command -v g++ >/dev/null || missing="$$missing g++"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# The benchmarks (bench/, docs/performance.md) wipe the database they run on: the test instance.
BENCH_ARGS ?= --facts 10000 --small-facts 1000 --small-files 200

$(STAMP): $(LOCKS) pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "tipgraph needs Python 3.11+"'
	@$(MAKE) --no-print-directory build-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	@# Byte-compiling every installed package takes longer than the whole unit tier; Python
	@# compiles the modules it imports the first time it imports them.
	$(BIN)/pip install -q --no-compile --require-hashes -r requirements/dev.txt
	$(BIN)/pip install -q --no-compile --no-deps -e .
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

## make lock: the hashed locks from pyproject.toml, keeping every pin they already have
## (uv reads the current file as its preferences); `make lock LOCK_ARGS=--upgrade` moves them on.
## The dev lock is constrained by the runtime lock, so both install the same versions.
lock:
	@[ -x $(UV) ] || { $(PYTHON) -m venv $(VENV)/lock-tools && \
	  $(VENV)/lock-tools/bin/pip install -q uv==$(UV_VERSION); }
	$(UV) pip compile pyproject.toml $(LOCK_FLAGS) $(LOCK_ARGS) -o requirements/runtime.txt
	$(UV) pip compile pyproject.toml --extra dev -c requirements/runtime.txt $(LOCK_FLAGS) \
	  $(LOCK_ARGS) -o requirements/dev.txt

## make run: start Neo4j, install the schema, load the fact files under data/ (unchanged
## sources are skipped) and serve the API on 127.0.0.1:8000.
run: install
	$(BIN)/tipgraph db up
	$(BIN)/tipgraph db migrate
	$(BIN)/tipgraph load data/
	$(BIN)/tipgraph serve

# pytest's exit status 5 means it ran no test: a run that tests nothing fails.
PYTEST = status=0; $(1) $(BIN)/pytest $(2) || status=$$?; \
  if [ $$status -eq 5 ]; then echo "pytest ran no test: failing"; fi; \
  [ $$status -eq 0 ]

## make unit: the tests that need no Neo4j (tests/unit), in seconds; starts no database.
unit: install
	@$(call PYTEST,,tests/unit $(PYTEST_ARGS))

# Coverage of both tiers together (the test processes; the API and the CLI mostly run
# in-process); `make test` fails below the floor, set under what the suite measures.
COV_FLOOR := 80
COV_ARGS := --cov --cov-report=term --cov-fail-under=$(COV_FLOOR)

## make test: the lint gate beside the unit tier while the test servers start, then the e2e tier
## (tests/e2e) on E2E_WORKERS pytest-xdist workers, each with a test Neo4j of its own (own ports
## and data: tests/instances.py), and the benchmarks at a tiny size; coverage of both tiers.
E2E_WORKERS ?= 2
INSTANCES = $(TEST_SERVER_ENV) $(BIN)/python -m tests.instances
# xdist's own reordering (most tests first) is off: tests/e2e/fixtures.py orders the modules.
XDIST_ARGS = -n $(E2E_WORKERS) --dist loadfile --no-loadscope-reorder
E2E_ARGS = $(XDIST_ARGS) --durations=10 --cov-append $(COV_ARGS) $(PYTEST_ARGS)
test: install test-deps
	rm -f .coverage .coverage.*
	@set -o pipefail; status=0; log=$$(mktemp); \
	$(INSTANCES) up $(E2E_WORKERS) >$$log 2>&1 & up=$$!; \
	$(MAKE) --no-print-directory check >$$log.check 2>&1 & check=$$!; \
	( $(call PYTEST,,tests/unit --cov --cov-report= $(PYTEST_ARGS)) ) || status=$$?; \
	wait $$check || { echo "the lint gate failed:"; status=1; }; cat $$log.check; \
	wait $$up || { echo "the test servers did not start:"; status=1; }; cat $$log; \
	rm -f $$log $$log.check; \
	if [ $$status -eq 0 ]; then \
	  ( $(call PYTEST,$(TEST_SERVER_ENV),tests/e2e $(E2E_ARGS)) ) || status=$$?; \
	fi; \
	$(INSTANCES) down $(E2E_WORKERS); \
	exit $$status

## make e2e: the e2e tier alone (no lint gate, no unit tier, no coverage), on its test servers.
e2e: install test-deps
	@status=0; $(INSTANCES) up $(E2E_WORKERS) || status=$$?; \
	if [ $$status -eq 0 ]; then \
	  ( $(call PYTEST,$(TEST_SERVER_ENV),tests/e2e $(XDIST_ARGS) $(PYTEST_ARGS)) ) \
	    || status=$$?; \
	fi; \
	$(INSTANCES) down $(E2E_WORKERS); \
	exit $$status

## make bench: every benchmark at BENCH_ARGS sizes, written to docs/performance.md.
bench: install
	$(TEST_ENV) $(BIN)/tipgraph db up
	@status=0; \
	$(TEST_ENV) $(BIN)/python -m bench run $(BENCH_ARGS) --limits bench/limits.md \
	  --out docs/performance.md || status=$$?; \
	$(TEST_ENV) $(BIN)/tipgraph db down; \
	exit $$status

## make bench-smoke: the same code at a tiny size (tests/e2e/test_bench_smoke.py, which make
## test runs with the rest of the e2e tier).
bench-smoke: install
	$(TEST_ENV) $(BIN)/tipgraph db up
	@status=0; \
	( $(call PYTEST,$(TEST_ENV),tests/e2e/test_bench_smoke.py $(PYTEST_ARGS)) ) || status=$$?; \
	$(TEST_ENV) $(BIN)/tipgraph db down; \
	exit $$status

# Browser tests drive Debian's Chromium (Playwright's own browser download cannot work here), and
# docker-compose.yml is checked with a Compose CLI; both come from Debian's packages when missing.
test-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium chromium-driver"; \
	{ docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null; } \
	  || missing="$$missing docker-compose"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	@$(MAKE) --no-print-directory docker-check

## make docker-check: `docker compose config` and an image build, where this machine can run them;
## otherwise one line says what was skipped (tests/unit checks the files statically everywhere).
DOCKER_CHECK_ENV := TIPGRAPH_NEO4J_PASSWORD=compose-check \
  TIPGRAPH_API_KEYS=ci:reader:compose-check-secret-0123 TIPGRAPH_AUDIT_SECRET=compose-check
docker-check:
	@if docker compose version >/dev/null 2>&1; then compose="docker compose"; \
	elif command -v docker-compose >/dev/null; then compose=docker-compose; \
	else echo "skipped: no docker compose / no Docker engine"; exit 0; fi; \
	$(DOCKER_CHECK_ENV) $$compose config -q && echo "docker compose config: ok" || exit 1; \
	if ! docker info >/dev/null 2>&1; then echo "skipped: no Docker engine (docker build)"; exit 0; fi; \
	docker build -q -t tipgraph:check . >/dev/null && echo "docker build: ok"

clean:
	-$(TEST_ENV) $(BIN)/tipgraph db down
	-$(BIN)/tipgraph db down
	rm -rf $(VENV) .neo4j
