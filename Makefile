# Workshift: `make demo` to try it, `make test` to check it.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/workshift
PYTEST_WORKERS ?= 2

.PHONY: help venv demo demo-scale serve serve-many worker test test-sqlite test-postgres test-contract test-browser bench bench-grouping bench-import bench-network bench-web lint format clean

help:
	@echo "make demo    build, load the demo organization and serve it on http://127.0.0.1:8000"
	@echo "make test    run the whole suite (SQLite, PostgreSQL, browser)"
	@echo "make bench   run the benchmarks under bench/"
	@echo "make lint    ruff and mypy"

$(VENV)/.installed: pyproject.toml
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@test -x $(PY) || uv venv --quiet $(VENV)
	uv pip install --quiet --python $(PY) -e ".[dev]"
	@touch $@

venv: $(VENV)/.installed

demo: venv
	$(VENV)/bin/workshift demo

serve: venv
	$(VENV)/bin/workshift serve

# the scale fixture (100,000 people) in its own PostgreSQL database, for bench-web
SCALE_DB ?= postgres://postgres@127.0.0.1:5432/workshift_scale
SCALE_PEOPLE ?= 100000
SCALE_SECRET ?= workshift-scale-bench-secret-key-0123456789abcdefghijklmnop
demo-scale: venv
	@bash scripts/ensure-services.sh
	@psql "$(dir $(SCALE_DB))postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$(notdir $(SCALE_DB))'" | grep -q 1 \
		|| psql "$(dir $(SCALE_DB))postgres" -c "CREATE DATABASE $(notdir $(SCALE_DB))"
	DATABASE_URL=$(SCALE_DB) SECRET_KEY=$(SCALE_SECRET) $(VENV)/bin/workshift demo --no-serve --scale $(SCALE_PEOPLE)

# two servers (ports 8741, 8742) and two workers against one PostgreSQL database
serve-many: venv
	DATABASE_URL=$${DATABASE_URL:-$(SCALE_DB)} SECRET_KEY=$${SECRET_KEY:-$(SCALE_SECRET)} $(PY) bench/processes.py --servers 2 --workers 2

worker: venv
	$(VENV)/bin/workshift worker

test: venv
	@bash scripts/ensure-services.sh
	$(MAKE) --no-print-directory test-sqlite test-postgres test-contract test-browser

test-sqlite: venv
	@echo "== suite on SQLite =="
	DATABASE_URL= $(PY) -m pytest -n $(PYTEST_WORKERS) -m "not browser and not contract"

test-postgres: venv
	@echo "== suite on PostgreSQL ($(PG_URL)); the pure engine tests ran above =="
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -n $(PYTEST_WORKERS) -m "not browser and not contract" --ignore=tests/engine

test-contract: venv
	@echo "== the API against its OpenAPI contract (schemathesis, SQLite) =="
	DATABASE_URL= $(PY) -m pytest -m contract

test-browser: venv
	@echo "== browser tests (Chromium) =="
	DATABASE_URL= $(PY) -m pytest -m browser

bench: venv bench-import bench-grouping bench-network bench-first-afternoon

bench-import: venv
	@bash scripts/ensure-services.sh
	$(PY) bench/bench_import.py

bench-grouping: venv
	$(PY) bench/bench_grouping.py $(BENCH_FLAGS)
	$(PY) bench/bench_grouping_scale.py

bench-web: venv
	@bash scripts/ensure-services.sh
	@$(PY) -c "import locust" 2>/dev/null || uv pip install --quiet --python $(PY) "locust>=2.40"
	DATABASE_URL=$${DATABASE_URL:-$(SCALE_DB)} SECRET_KEY=$${SECRET_KEY:-$(SCALE_SECRET)} $(PY) bench/bench_web.py

bench-first-afternoon: venv
	@bash scripts/ensure-services.sh
	$(PY) bench/bench_first_afternoon.py

bench-network: venv
	@if [ -f bench/bench_network.py ]; then $(PY) bench/bench_network.py; fi

lint: venv
	$(VENV)/bin/ruff check workshift tests bench
	$(VENV)/bin/ruff format --check workshift tests bench
	WORKSHIFT_DEBUG=1 $(VENV)/bin/mypy workshift

format: venv
	$(VENV)/bin/ruff format workshift tests bench
	$(VENV)/bin/ruff check --fix workshift tests bench

clean:
	rm -rf $(VENV) data staticfiles
