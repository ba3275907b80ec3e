# Two commands: `make run` (set up and serve with demo data) and `make test`.
# Also: `make test-fast` (no browser/multi-process/fault/fuzz/job-worker tests), `make
# test-slow` (only those), `make serve-prod` (gunicorn, see deploy/gunicorn.conf.py and the
# README), `make worker` and `make beat` (the job queue's processes, README "Jobs").
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
CELERY := $(BIN)/celery -A worker
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-fast test-slow serve-prod worker beat lint bench load translations setup clean-db

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

# Without PRESISI_JOBS_BROKER_URL (the default) jobs run inside the request that starts them;
# with it (redis://127.0.0.1:6379/1), a worker with embedded beat runs beside the server.
run: setup
	@if [ -n "$$PRESISI_JOBS_BROKER_URL$$CELERY_BROKER_URL" ]; then \
	  $(CELERY) worker -B --pool=solo -s instance/celerybeat-schedule --loglevel=INFO & \
	  trap "kill $$! 2>/dev/null" EXIT INT TERM; \
	  $(FLASK) run --host $(HOST) --port $(PORT); \
	else \
	  $(FLASK) run --host $(HOST) --port $(PORT); \
	fi

# pytest-xdist: one worker per core (PYTEST_WORKERS=0: serial); tests that share a
# server or a module fixture stay on one worker (xdist_group, tests/conftest.py).
PYTEST_WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup

test: $(VENV)/.dev translations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(PYTEST)

# Tests that start servers, browsers or databases of their own.
SLOW_TESTS := tests/browser tests/multiprocess tests/faults tests/fuzz tests/jobs

test-fast: $(VENV)/.dev translations
	$(PYTEST) $(foreach d,$(SLOW_TESTS),--ignore=$(d))

test-slow: $(VENV)/.dev translations
	$(PYTEST) $(wildcard $(SLOW_TESTS))

# Production: several gunicorn workers; needs DATABASE_URL, SECRET_KEY and
# RATELIMIT_STORAGE_URI in the environment (the app refuses to start without them).
# Jobs in production: `make worker` (any number, on any server sharing the database and
# JOBS_RESULT_DIR) and `make beat` (exactly one), with PRESISI_JOBS_BROKER_URL set too.
serve-prod: $(VENV)/.runtime translations
	$(FLASK) db upgrade
	$(BIN)/gunicorn -c deploy/gunicorn.conf.py

worker: $(VENV)/.runtime translations
	$(CELERY) worker --loglevel=INFO --concurrency=$${JOBS_CONCURRENCY:-2}

beat: $(VENV)/.runtime
	$(CELERY) beat --loglevel=INFO -s instance/celerybeat-schedule

lint: $(VENV)/.dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/lint-imports

bench: $(VENV)/.dev translations
	$(BIN)/python -m bench $(BENCH_ARGS)

# The check-in burst (SQLite, and PostgreSQL with BENCH_DATABASE_URL), the quiz load (2,000
# participants on a scratch PostgreSQL database, Celery graders on Redis database 12), then
# the morning mix (PostgreSQL); fails when any misses a target.
load: $(VENV)/.dev translations
	$(BIN)/python -m bench.load_burst $(BENCH_ARGS); burst=$$?; \
	$(BIN)/python -m bench.load_quiz $(BENCH_ARGS); quiz=$$?; \
	$(BIN)/python -m bench.load $(BENCH_ARGS) && exit $$((burst || quiz))
