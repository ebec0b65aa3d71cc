# The two commands every newcomer needs: `make run` and `make test`. Each sets itself up on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
# The port `make run` serves on.
PORT ?= 5000
# Coverage of factcheck/ with the floor in pyproject's [tool.coverage.report]; `make test COV_ARGS=` runs without.
COV_ARGS ?= --cov --cov-report=term-missing:skip-covered
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check
# The exact versions the suite runs with (make lock writes it); installed instead of resolving pyproject's ranges.
LOCK := requirements.lock
# Packages installed with --no-deps (their declared dependencies must not come along), each pinned by hash.
NODEPS_LOCK := requirements-nodeps.lock
PIP_COMPILE_ARGS ?=

.PHONY: run test bench lint lock install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-runs when pyproject.toml or a lock file changes. Without requirements.lock it resolves pyproject's ranges.
$(STAMP): pyproject.toml $(wildcard $(LOCK) $(NODEPS_LOCK)) | $(BIN)/python
	$(PIP) install --upgrade pip
	@if [ -f $(LOCK) ]; then \
		echo "$(PIP) install -r $(LOCK) && $(PIP) install --no-deps -e ."; \
		$(PIP) install -r $(LOCK) && $(PIP) install --no-deps -e .; \
	else \
		echo "$(PIP) install -e '.[dev]'  (no $(LOCK): newest versions in pyproject's ranges)"; \
		$(PIP) install -e '.[dev]'; \
	fi
	@if [ -f $(NODEPS_LOCK) ] && grep -Eqv '^[[:space:]]*(#|$$)' $(NODEPS_LOCK); then \
		echo "$(PIP) install --no-deps --require-hashes -r $(NODEPS_LOCK)"; \
		$(PIP) install --no-deps --require-hashes -r $(NODEPS_LOCK); \
	fi
	@touch $(STAMP)

install: $(STAMP)

## Migrate the SQLite database in instance/, load presets and demo data once, then serve http://127.0.0.1:$(PORT)
## (`make run PORT=5101`) and run one job consumer beside it (Procfile.dev; Ctrl-C stops both); links to the public
## site use that address unless FACTCHECK_SITE_URL is set.
run: $(STAMP)
	FACTCHECK_SITE_URL="$${FACTCHECK_SITE_URL:-http://127.0.0.1:$(PORT)}" $(BIN)/flask --app app setup
	FACTCHECK_SITE_URL="$${FACTCHECK_SITE_URL:-http://127.0.0.1:$(PORT)}" PATH="$(abspath $(BIN)):$$PATH" \
		$(BIN)/honcho start -f Procfile.dev -p $(PORT)

## The whole suite (browser tests need /usr/bin/chromium; PostgreSQL tests need FACTCHECK_TEST_DATABASE_URL)
test: $(STAMP)
	$(BIN)/python -m pytest $(COV_ARGS) $(PYTEST_ARGS)

## Speed, memory and quality figures; never part of `make test`
bench: $(STAMP)
	@set -e; for f in benchmarks/*.py; do echo "== $$f"; $(BIN)/python $$f; echo; done

## ruff (lint and format check) and mypy, with the configuration in pyproject.toml; .ci/run runs it too
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## Regenerate requirements.lock from pyproject.toml with pip-tools, hashes included. Pins already in the lock are
## kept while pyproject allows them; `make lock PIP_COMPILE_ARGS=--upgrade` moves everything to the newest.
lock: $(BIN)/python
	$(PIP) install 'pip-tools>=7.6'
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --extra dev --generate-hashes --strip-extras \
		--no-emit-index-url --no-emit-find-links $(PIP_COMPILE_ARGS) --output-file $(LOCK) pyproject.toml

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-results .coverage .coverage.* htmlcov
