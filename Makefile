# focbot: `make run` starts Slack or Matrix when configured, else the terminal console; `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
UV     := $(BIN)/uv

.PHONY: run test lint typecheck format unit unit-parallel unit-serial unit-fast bytecode bench clean

# pytest-xdist workers (each has its own databases, temp directories and Synapse). Three on a 2-core machine:
# with two, a quarter of the CPU sat idle while tests waited on Synapse, bot processes and PostgreSQL (5:00 ->
# 4:32 for the suite). PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= 3
XDIST := -n $(PYTEST_WORKERS) --dist worksteal

# uv installs into the venv what pip would (the same resolution of pyproject.toml) in seconds, where pip
# takes most of a minute: that minute was a fifth of `make test` on a fresh clone.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet uv

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(UV) pip install --quiet --python $(BIN)/python -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(UV) pip install --quiet --python $(BIN)/python -e '.[test]'
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/focbot db upgrade
	$(BIN)/focbot run

# The tests write the bytecode of what they import, once, even where PYTHONDONTWRITEBYTECODE is set: else every
# worker and every process a test starts compiles SQLAlchemy, Synapse, ... again (uv, like pip with that
# variable set, leaves the packages' bytecode to be written on first import).
test unit unit-parallel unit-serial unit-fast: export PYTHONDONTWRITEBYTECODE =

# The type check runs beside the test that restarts PostgreSQL (it uses no database), then the rest in parallel.
test: $(VENV)/.installed-test lint bytecode
	$(MAKE) --no-print-directory -j2 typecheck unit-serial
	$(MAKE) --no-print-directory unit-parallel

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

# One after the other, also under `make -j`: the serial tests restart PostgreSQL under the others' feet.
unit:
	$(MAKE) --no-print-directory unit-parallel
	$(MAKE) --no-print-directory unit-serial

unit-parallel: $(VENV)/.installed-test bytecode
	$(BIN)/python -m pytest $(XDIST) -m "not serial" $(PYTEST_ARGS)

# The tests that disturb what every test shares (they restart PostgreSQL): alone.
unit-serial: $(VENV)/.installed-test bytecode
	$(BIN)/python -m pytest -m serial $(PYTEST_ARGS)

# The inner loop (under a minute): SQLite only, no test that starts a process or Synapse (marker `slow`).
unit-fast: $(VENV)/.installed-test bytecode
	FOCBOT_TEST_DATABASE_URL= $(BIN)/python -m pytest $(XDIST) -m "not slow and not serial" -q $(PYTEST_ARGS)

# The project's bytecode, written before the tests (0.1 s when up to date): every pytest worker and every bot
# process a test starts then reads it instead of compiling ~40k lines again (~0.35 s of CPU a process),
# also where PYTHONDONTWRITEBYTECODE is set, which stops Python writing it on import but not reading it.
bytecode: $(VENV)/.installed-test
	$(BIN)/python -m compileall -q bot handlers storage schedules tests

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.installed-test
	$(BIN)/python bench/qa.py
	$(BIN)/python bench/surveys.py
	$(BIN)/python bench/slack.py

clean:
	rm -rf $(VENV) focbot.db focbot.db-* focbot-files .mypy_cache .ruff_cache
