# Two commands: `make run` (set up and serve with demo data) and `make test`.
# Also: `make test-fast` (no browser/multi-process/fault/fuzz tests), `make test-slow` (only
# those), `make serve-prod` (gunicorn, see deploy/gunicorn.conf.py and the README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-fast test-slow serve-prod lint bench load translations setup clean-db

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: apt-get install python3-venv"; rm -rf $(VENV); exit 1; }

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt $(VENV)/.runtime
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

translations: $(VENV)/.runtime
	$(BIN)/pybabel compile -d training/translations

setup: $(VENV)/.runtime translations
	$(FLASK) db upgrade
	$(FLASK) seed-demo --once

run: setup
	$(FLASK) run --host $(HOST) --port $(PORT)

test: $(VENV)/.dev translations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

# Tests that start servers, browsers or databases of their own.
SLOW_TESTS := tests/browser tests/multiprocess tests/faults tests/fuzz

test-fast: $(VENV)/.dev translations
	$(BIN)/python -m pytest $(foreach d,$(SLOW_TESTS),--ignore=$(d))

test-slow: $(VENV)/.dev translations
	$(BIN)/python -m pytest $(wildcard $(SLOW_TESTS))

# Production: several gunicorn workers; needs DATABASE_URL, SECRET_KEY and
# RATELIMIT_STORAGE_URI in the environment (the app refuses to start without them).
serve-prod: $(VENV)/.runtime translations
	$(FLASK) db upgrade
	$(BIN)/gunicorn -c deploy/gunicorn.conf.py

lint: $(VENV)/.dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/lint-imports

bench: $(VENV)/.dev translations
	$(BIN)/python -m bench $(BENCH_ARGS)

load: $(VENV)/.dev translations
	$(BIN)/python -m bench.load $(BENCH_ARGS)
