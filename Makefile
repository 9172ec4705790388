# The two commands of the README, and the gate they share with CI.
# Prerequisites: Python 3.11+, and either Docker or Java 17 + Maven.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-12)
TEST_ENV := TIPGRAPH_INSTANCE=test TIPGRAPH_ENVIRONMENT=test

.PHONY: install run test check test-deps build-deps clean bench bench-smoke

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
BENCH_SMOKE_ARGS := --facts 100 --facts-per-file 50 --small-facts 50 --small-files 2 \
  --naive-rows 20 --sweep 50 --api-requests 4 --api-clients 1,4 --repeats 1 --no-bulk --check

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "tipgraph needs Python 3.11+"'
	@$(MAKE) --no-print-directory build-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

## make run: start Neo4j, install the schema, load the fact files under data/ (unchanged
## sources are skipped) and serve the API on 127.0.0.1:8000.
run: install
	$(BIN)/tipgraph db up
	$(BIN)/tipgraph db migrate
	$(BIN)/tipgraph load data/
	$(BIN)/tipgraph serve

## make test: a separate test Neo4j (own ports and data), the lint gate, the whole suite.
test: install test-deps
	$(MAKE) --no-print-directory check
	$(TEST_ENV) $(BIN)/tipgraph db up
	@set -o pipefail; status=0; \
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest ran no test: failing"; fi; \
	if [ $$status -eq 0 ]; then \
	  echo "bench-smoke: the benchmarks, tiny, so their code keeps working"; \
	  $(TEST_ENV) $(BIN)/python -m bench run $(BENCH_SMOKE_ARGS) >/dev/null || status=$$?; \
	fi; \
	$(TEST_ENV) $(BIN)/tipgraph db down; \
	exit $$status

## make bench: every benchmark at BENCH_ARGS sizes, written to docs/performance.md.
bench: install
	$(TEST_ENV) $(BIN)/tipgraph db up
	@status=0; \
	$(TEST_ENV) $(BIN)/python -m bench run $(BENCH_ARGS) --limits bench/limits.md \
	  --out docs/performance.md || status=$$?; \
	$(TEST_ENV) $(BIN)/tipgraph db down; \
	exit $$status

## make bench-smoke: the same code at a tiny size (make test runs it after pytest).
bench-smoke: install
	$(TEST_ENV) $(BIN)/tipgraph db up
	@status=0; \
	$(TEST_ENV) $(BIN)/python -m bench run $(BENCH_SMOKE_ARGS) >/dev/null || status=$$?; \
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

clean:
	-$(TEST_ENV) $(BIN)/tipgraph db down
	-$(BIN)/tipgraph db down
	rm -rf $(VENV) .neo4j
