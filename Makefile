# Samling — make run | make test | make e2e | make bench | make lint
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi.py

.PHONY: run test e2e system bench lint translations i18n-extract check-python db prod-check

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Samling needs Python 3.11 or newer")'

$(BIN)/.installed: requirements.txt | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(BIN)/.dev-installed: $(BIN)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

translations: $(BIN)/.installed
	@$(BIN)/pybabel compile -d app/translations 2>&1 | grep -v '^compiling' || true

# Re-extract the strings marked for translation and merge them into the catalogs.
i18n-extract: $(BIN)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs ".* __pycache__" -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching --ignore-obsolete

db: $(BIN)/.installed translations
	$(BIN)/flask db upgrade
	$(BIN)/flask seed

run: db
	PORT=$(PORT) $(BIN)/flask run --host 127.0.0.1 --port $(PORT)

# The whole suite except the browser and system tests, on SQLite (or PostgreSQL with TEST_DATABASE_URL).
test: $(BIN)/.dev-installed translations
	$(BIN)/pytest tests --ignore=tests/e2e --ignore=tests/system

# Browser tests in Debian's Chromium (/usr/bin/chromium), driven by Playwright.
e2e: $(BIN)/.dev-installed translations
	$(BIN)/pytest tests/e2e

# Several processes, one truth: gunicorn (4 workers) and the outbox worker on PostgreSQL under a
# registration rush, cancellations, door scans and survey sending, with SIGKILLs in the middle.
system: $(BIN)/.dev-installed translations
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/samling_test} $(BIN)/pytest tests/system -s

bench: $(BIN)/.dev-installed translations
	$(BIN)/python -m benchmarks

lint: $(BIN)/.dev-installed
	$(BIN)/ruff check app tests benchmarks config.py wsgi.py

# Production configuration against PostgreSQL and Redis here, through gunicorn, with a smoke test.
prod-check: $(BIN)/.installed translations
	bash scripts/prod-check.sh
