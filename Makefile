# The two commands every newcomer needs: `make run` and `make test`. Each sets itself up on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test bench lint install clean

$(STAMP): pyproject.toml requirements-nodeps.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-nodeps.lock
	@touch $(STAMP)

install: $(STAMP)

## Migrate the SQLite database in instance/, load presets and demo data once, then serve http://127.0.0.1:5000
run: $(STAMP)
	$(BIN)/flask --app app setup
	$(BIN)/flask --app app run --host 127.0.0.1 --port 5000

## The whole suite (browser tests need /usr/bin/chromium; PostgreSQL tests need FACTCHECK_TEST_DATABASE_URL)
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Speed, memory and quality figures; never part of `make test`
bench: $(STAMP)
	@set -e; for f in benchmarks/*.py; do echo "== $$f"; $(BIN)/python $$f; echo; done

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-results
