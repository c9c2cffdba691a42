# gender-seal: `make run` to try it, `make test` to test it. Each sets itself up first.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
GS     := $(CURDIR)/$(BIN)/gender-seal
PYTEST := $(BIN)/pytest
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Extra pytest arguments, e.g. `make test-sqlite PYTEST_ARGS="-k rules -x"`.
PYTEST_ARGS ?=
# Parallel pytest workers for the database suites (pytest-xdist; one test DB per worker).
WORKERS ?= 2
FRAMEWORK ?= frameworks/undp-gender-seal-public-institutions.yaml
BENCH_SCRIPT ?= bench/run.py
# Compiled modules (and pytest's rewritten test modules) are kept between runs: each of the
# suites' processes would otherwise compile every module again (about a third of collection).
unexport PYTHONDONTWRITEBYTECODE

# Set-up is skipped when done: stamps are named after the content of what they install.
hash = $(shell cat $(wildcard $(1)) 2>/dev/null | sha256sum | cut -c1-16)
PIP_STAMP := $(VENV)/.installed-$(call hash,pyproject.toml)
NPM_STAMP := node_modules/.installed-$(call hash,package.json package-lock.json)
VENDOR    := src/genderseal/static/vendor
ASSETS    := $(VENDOR)/htmx.min.js
LOCALE    := src/genderseal/locale
PO_FILES  := $(wildcard $(LOCALE)/*/LC_MESSAGES/*.po)
MO_FILES  := $(PO_FILES:.po=.mo)

.PHONY: help setup system patches run test test-lint test-sqlite test-postgres test-browser test-audit \
        messages compilemessages bench load clean

help:
	@echo "make run            set up, migrate, load framework and demo data, serve http://$(HOST):$(PORT)"
	@echo "make test           set up, then lint and layer check, every test on SQLite, on PostgreSQL and in headless Chromium, and pip-audit"
	@echo "make test-sqlite | test-postgres | test-browser   one of those runs (PYTEST_ARGS=... passes on)"
	@echo "make test-lint      ruff and the layer check (also part of make test)"
	@echo "make test-audit     pip-audit of the installed packages (also part of make test)"
	@echo "make setup          virtualenv, Python and npm packages, static assets, translations, Debian packages"
	@echo "make messages       update the Thai and English catalogues; make compilemessages"
	@echo "make bench          benchmark on SQLite and PostgreSQL ($(BENCH_SCRIPT))"
	@echo "make load           load test: gunicorn + worker, 200 Locust users, SQLite then PostgreSQL (LOAD_DB=sqlite|postgres, LOAD_DURATION=5m)"
	@echo "make clean          remove .venv, node_modules, built assets and compiled catalogues (keeps var/ data)"

# ---------------------------------------------------------------- set-up
setup: system $(PIP_STAMP) patches $(ASSETS) $(MO_FILES) var/static

# Small fixes to installed packages, each ready to offer upstream (patches/README.md).
patches: $(PIP_STAMP)
	@scripts/apply-patches.sh $(BIN)/python

var/static:  # STATIC_ROOT: whitenoise warns when it is missing
	mkdir -p $@

system:
	@scripts/setup-system.sh

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(PIP_STAMP): | $(BIN)/python
	$(BIN)/python -m pip install -qq --disable-pip-version-check -e ".[test,s3]"
	rm -f $(VENV)/.installed-*
	touch $@

$(NPM_STAMP): | system
	if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; \
	else npm install --no-audit --no-fund --loglevel=error; fi
	rm -f node_modules/.installed-*
	touch $@

$(VENDOR)/htmx.min.js: $(NPM_STAMP)
	install -D -m 644 node_modules/htmx.org/dist/htmx.min.js $@

ifneq ($(MO_FILES),)
# One compilemessages run brings every catalogue up to date.
$(MO_FILES) &: $(PO_FILES) | $(PIP_STAMP) system
	$(MAKE) --no-print-directory compilemessages
	touch $(MO_FILES)
endif

compilemessages: | $(PIP_STAMP)
	if [ -d $(LOCALE) ]; then cd src/genderseal && $(GS) compilemessages --verbosity 0; fi

messages: setup
	mkdir -p $(LOCALE)
	# From inside the package, so locations read "assessments/views.py"; then fuzzy
	# guesses are dropped: an untranslated string must show as untranslated.
	cd src/genderseal && $(GS) makemessages --locale th --locale en --no-obsolete --add-location file --ignore static
	for po in $(LOCALE)/*/LC_MESSAGES/django.po; do msgattrib --clear-fuzzy --empty -o $$po.tmp $$po && mv $$po.tmp $$po; done
	msgen --force-po -o $(LOCALE)/en/LC_MESSAGES/django.po $(LOCALE)/en/LC_MESSAGES/django.po
	@echo "Untranslated Thai strings:"; msgattrib --untranslated --no-wrap $(LOCALE)/th/LC_MESSAGES/django.po | grep '^msgid' | tail -n +2 || true

# ---------------------------------------------------------------- run
run: export DEBUG = true
run: setup
	$(GS) migrate --noinput
	$(GS) framework load $(FRAMEWORK)
	$(GS) demo
	@# One worker per queue (docs/operations.md "Workers"): a long report never holds text extraction.
	@$(GS) db_worker --queue-name extraction --no-reload & extraction=$$!; \
	$(GS) db_worker --queue-name documents --no-reload & documents=$$!; \
	$(GS) db_worker --queue-name default --no-reload & default=$$!; \
	workers="$$extraction $$documents $$default"; \
	trap 'kill $$workers 2>/dev/null || true; wait $$workers 2>/dev/null || true' EXIT; \
	trap 'exit 130' INT; trap 'exit 143' TERM; \
	echo "Workers started (extraction $$extraction, documents $$documents, default $$default). Serving http://$(HOST):$(PORT)/ (Ctrl-C stops all)"; \
	$(GS) runserver $(HOST):$(PORT)

# ---------------------------------------------------------------- tests
# Runs the three suites one after the other, all of them even if one fails,
# then says which failed; the exit status is non-zero if any did.
test: setup
	@failed=; summary=; \
	for suite in lint sqlite postgres browser audit; do \
	    start=$$(date +%s); \
	    if $(MAKE) --no-print-directory test-$$suite; then result=ok; else result=FAILED; failed="$$failed $$suite"; fi; \
	    summary="$$summary $$suite $$result ($$(( $$(date +%s) - start ))s);"; \
	done; \
	echo "make test:$$summary"; \
	if [ -n "$$failed" ]; then echo "make test: FAILED:$$failed" >&2; exit 1; fi

# ruff (pyproject.toml [tool.ruff]) and the layer check: a lower layer never imports a higher one.
test-lint: setup
	@echo "== lint (ruff) and layer check"
	$(BIN)/ruff check --no-cache src tests scripts
	env -u DATABASE_URL $(PYTEST) -p no:xdist -q tests/core/test_layers.py

test-sqlite: setup
	@echo "== tests on SQLite"
	env -u DATABASE_URL $(PYTEST) -n $(WORKERS) -m "not browser" $(PYTEST_ARGS)

# Word files printed through LibreOffice (-m office) test rendering only: once, on SQLite, is enough.
# Tests that never touch the database run once, on SQLite (tests/conftest.py leaves them out here).
test-postgres: setup
	@echo "== tests on PostgreSQL"
	scripts/test-postgres.sh $(PYTEST) -n $(WORKERS) -m "not browser and not office" $(PYTEST_ARGS)

# Each worker has its own live server, database and Chromium.
test-browser: setup
	@echo "== browser tests in headless Chromium (SQLite)"
	env -u DATABASE_URL $(PYTEST) -n $(WORKERS) -m browser $(PYTEST_ARGS)

# Known vulnerabilities in installed packages fail; unreachable vulnerability data only warns.
test-audit: setup
	@echo "== dependency audit (pip-audit, PyPI vulnerability data)"
	$(BIN)/python scripts/audit-deps.py $(BIN)/pip-audit

# ---------------------------------------------------------------- other
bench: setup
	@test -f $(BENCH_SCRIPT) || { echo "no $(BENCH_SCRIPT) yet" >&2; exit 1; }
	@echo "== benchmark on SQLite"
	mkdir -p var/bench
	rm -f var/bench/bench.sqlite3*
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench/bench.sqlite3 $(BIN)/python $(BENCH_SCRIPT)
	@echo "== benchmark on PostgreSQL"
	scripts/test-postgres.sh $(BIN)/python $(BENCH_SCRIPT)

# Load test (bench/load/run.sh): LOAD_DB=sqlite|postgres|all; LOAD_DURATION, LOAD_USERS, ... pass on.
LOAD_DB ?= all
load: setup
	bench/load/run.sh $(LOAD_DB)

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var/static var/screenshots var/bench src/*.egg-info
	find src tests -name __pycache__ -type d -prune -exec rm -rf {} +
	find $(LOCALE) -name '*.mo' -delete 2>/dev/null || true
