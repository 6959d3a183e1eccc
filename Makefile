# Two commands set everything up on a fresh machine:
#   make run   — install, migrate, load demo data, serve on http://127.0.0.1:8000 with reminders
#   make test  — install what the tests need and run the whole suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test install install-dev lint demo messages bench

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) || (echo "python3-venv missing: installing it" && apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV))
	@$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	DEMO=1 $(BIN)/python manage.py migrate --noinput
	DEMO=1 $(BIN)/python manage.py load_demo --address $(HOST)
	DEMO=1 $(BIN)/python manage.py run_embedded $(HOST)

test: install-dev
	@bash scripts/test

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

# List/search/detail benchmarks on PostgreSQL (DATABASE_URL's server; builds ov_bench if missing).
bench: install-dev
	$(BIN)/python -m bench.run
