# Two commands: `make run` and `make test`. Everything installs into .venv.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# PostgreSQL database of the search benchmark at 100,000 products (created if missing, kept between runs).
SEARCH_BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/cho_htx_search
# The suggestions' PostgreSQL database, kept at 10,000 products (the one above grows to 100,000).
SUGGEST_BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/cho_htx_suggest
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
# locale_upstream also holds djangojs.po: Wagtail's admin JavaScript strings.
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po locale_upstream/*/LC_MESSAGES/django.po locale_upstream/*/LC_MESSAGES/djangojs.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run run-prod test install install-dev messages migrate demo check lint bench

run: install messages migrate demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production settings on this machine: local PostgreSQL and Redis, a Celery worker and beat, gunicorn.
# See scripts/run_prod.sh and the README's "Running at scale". RUN_PROD_DEMO=1 loads the demo data.
run-prod: install messages
	PY=$(PY) HOST=$(HOST) PORT=$(PORT) scripts/run_prod.sh

test: install-dev messages check
	@if [ -x "$(CHROMIUM)" ]; then \
		$(PY) -m pytest; \
	elif [ -n "$$REQUIRE_BROWSER_TESTS" ]; then \
		echo "Chromium is missing at $(CHROMIUM) and browser tests are required here." >&2; exit 1; \
	else \
		echo; echo "!!! Chromium not found at $(CHROMIUM): SKIPPING THE BROWSER TESTS."; \
		echo "!!! Install it with: apt-get update && apt-get install chromium"; echo; \
		$(PY) -m pytest -m "not browser"; \
	fi

bench: install-dev $(VENV)/.installed-bench messages
	$(PY) -m tests.bench.sqlite_concurrency
	$(PY) -m tests.bench.product_import
	$(PY) -m tests.bench.product_import_photos
	$(PY) -m tests.bench.import_under_load
	$(PY) -m tests.bench.page_speed
	$(PY) -m tests.bench.page_cpu
	$(PY) -m tests.bench.search_speed
	$(PY) -m tests.bench.search_speed --database-url $(SEARCH_BENCH_DATABASE_URL)
	$(PY) -m tests.bench.search_speed --suggest-only --database-url $(SUGGEST_BENCH_DATABASE_URL)
	$(PY) -m tests.bench.adoption_speed
	$(PY) -m tests.bench.standing_orders
	$(PY) -m tests.bench.load_test
	# Last: it exits non-zero when a page scores under 90 (performance) / 95 (accessibility).
	$(PY) -m tests.bench.lighthouse

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt package-lock.json $(VENV)/.installed-runtime
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	npm ci --no-audit --no-fund --silent  # axe-core for the browser tests (package.json)
	touch $@

$(VENV)/.installed-bench: requirements-bench.txt $(VENV)/.installed-dev
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

install: $(VENV)/.installed-runtime
install-dev: $(VENV)/.installed-dev

# Compiled with Babel (installed with Oscar): no GNU gettext needed.
messages: $(MO_FILES)
%/LC_MESSAGES/django.mo: %/LC_MESSAGES/django.po | install
	$(VENV)/bin/pybabel compile --statistics -i $< -o $@
%/LC_MESSAGES/djangojs.mo: %/LC_MESSAGES/djangojs.po | install
	$(VENV)/bin/pybabel compile --statistics -i $< -o $@

migrate: install
	$(PY) manage.py migrate --noinput

demo: install
	$(PY) manage.py load_demo_data

check: install-dev
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
