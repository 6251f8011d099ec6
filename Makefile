# Two entry points for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

LOCALE := tui/locale
PO := $(wildcard $(LOCALE)/*/LC_MESSAGES/secretariat.po)
MO := $(PO:.po=.mo)

.PHONY: run test lint clean messages

# Installing compiles the message catalogues (the program also compiles a missing or stale one in memory).
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python -m tui.i18n.compile
	touch $(STAMP)

%.mo: %.po | $(STAMP)
	$(BIN)/python -m tui.i18n.compile $<

# The catalogue template from the sources and the registries; every language's .po brought up to it.
messages: $(STAMP)
	$(BIN)/python -m tui.i18n.messages

run: $(STAMP) $(MO)
	$(BIN)/secretariat

# The slowest tests are printed at the end: by wall time (`--durations`, pyproject) and by CPU (`--cpu-times`), the
# figure that decides the run's length on a busy machine. mypy reuses .mypy_cache (incremental) between runs.
# Workers take the tests in the order tests/conftest.py gives (the heaviest first: --no-loadscope-reorder), one at
# a time, but the tests sharing a module-scoped fixture go to one worker as a group (--dist loadgroup), which
# builds the fixture once instead of once a worker.
test: $(STAMP) $(MO)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/pytest -n 3 --dist loadgroup --no-loadscope-reorder -q --cpu-times=15

clean:
	rm -rf $(VENV)
