# The README's commands. Only python3 is needed: the first target creates .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run demo test bench lint format clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: start the bot (on the local emulator when BOT_TOKEN is not set)
run: $(STAMP)
	$(BIN)/python -m bot run

## demo: the local emulator, the real bot and a chat page at http://127.0.0.1:8080
demo: $(STAMP)
	$(BIN)/python -m emulator demo

## bench: the benchmarks (a table, and bench/results.md)
bench: $(STAMP)
	$(BIN)/python -m bench

## test: run the whole test suite (on two workers; `-p no:xdist` or `-n 0` runs it in one)
test: $(STAMP)
	$(BIN)/python -m pytest -n 2

## lint: style, the layers' import contract (docs/architecture.md) and the type check
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache
