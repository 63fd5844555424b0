# QualityHub developer commands. `make run` and `make test` are the README's first two
# commands and must work on a fresh clone.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.qualityhub-installed
NODE_INSTALLED := node_modules/.qualityhub-installed

# `make test` runs on PostgreSQL and Redis unless the caller points elsewhere; pytest-django
# creates and drops test_<name> next to the database named here.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/qualityhub
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
PYTEST_ARGS ?=
RUN_ADDRESS ?= 0.0.0.0:8000

.PHONY: help install run test test-tools messages demo lint format check-migrations clean bench bench-quick

help:
	@echo "make run     start QualityHub with demo data on http://localhost:8000/ (SQLite)"
	@echo "make test    run the whole test suite on PostgreSQL, browser tests included"
	@echo "make lint    ruff check and format check; make format to fix the formatting"
	@echo "make bench   the benchmarks (composition, live seminar, catalogue); bench-quick for CI"

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(INSTALLED)

# The compiled .mo files are committed, so a machine without gettext still has translations.
messages: $(INSTALLED)
	@if ! command -v msgfmt >/dev/null 2>&1; then \
		echo "msgfmt not found: using the committed translations"; \
	elif find . -path ./.venv -prune -o -path ./node_modules -prune -o -name '*.po' -print \
			| grep -q .; then \
		$(BIN)/python manage.py compilemessages --ignore='.venv/*' --ignore='node_modules/*'; \
	fi

# The development server: embedded SQLite, Celery tasks run in-process, no Redis needed.
run: messages
	env -u DATABASE_URL -u REDIS_URL QUALITYHUB_ENV=development DEBUG=1 \
		$(BIN)/python manage.py migrate --noinput
	env -u DATABASE_URL -u REDIS_URL QUALITYHUB_ENV=development DEBUG=1 \
		$(BIN)/python manage.py load_demo
	@echo
	@echo "QualityHub runs on http://localhost:$(lastword $(subst :, ,$(RUN_ADDRESS)))/ (stop it with Ctrl-C)."
	@echo "Log in with one of the demo logins above."
	@echo
	# uvicorn (ASGI) rather than runserver: the live pages' event streams need it.
	env -u DATABASE_URL -u REDIS_URL QUALITYHUB_ENV=development DEBUG=1 \
		ALLOWED_HOSTS="$${ALLOWED_HOSTS:-*}" \
		$(BIN)/uvicorn qualityhub.asgi:application --no-access-log \
		--host $(firstword $(subst :, ,$(RUN_ADDRESS))) --port $(lastword $(subst :, ,$(RUN_ADDRESS)))

demo: $(INSTALLED)
	env -u DATABASE_URL -u REDIS_URL $(BIN)/python manage.py load_demo

$(NODE_INSTALLED): package.json package-lock.json
	# --ignore-scripts: vnu-jar's install script would try to download a Java runtime;
	# Debian's default-jre-headless provides it (scripts/test-system-deps.sh).
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

test-tools: $(INSTALLED) $(NODE_INSTALLED)
	bash scripts/test-system-deps.sh

test: messages test-tools
	QUALITYHUB_ENV=test \
		DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" \
		REDIS_URL="$${REDIS_URL:-$(TEST_REDIS_URL)}" \
		$(BIN)/pytest $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations: $(INSTALLED)
	env -u DATABASE_URL -u REDIS_URL $(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules artifacts staticfiles .pytest_cache .ruff_cache *.egg-info

# Benchmarks print figures; see bench/. The quick versions run in CI and fail when a benchmark
# breaks, an unchanged poll stops answering 304 or compiling the catalogue costs more queries
# for more material.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/qualityhub_bench

bench: $(INSTALLED)
	$(BIN)/python -m bench.composition
	$(BIN)/python -m bench.live_seminar
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python -m bench.catalogue
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python -m bench.spreading
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python -m bench.implementation

bench-quick: $(INSTALLED)
	$(BIN)/python -m bench.live_seminar --quick
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python -m bench.catalogue --quick
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python -m bench.spreading --quick
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python -m bench.implementation --quick
