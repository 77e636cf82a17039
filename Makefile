# analyse: one-command setup, report and tests. `make help` lists the targets.
# Everything runs from a project-local virtual environment (.venv) installed from the
# pinned lock file requirements.lock (compiled from pyproject.toml with `make lock`).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
STAMP := $(VENV)/.installed
KERNEL := analyse

.DEFAULT_GOAL := help
.PHONY: help install browser report test lab lock dictionary example-data clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (analyse)" >/dev/null
	@touch $(STAMP)

install: $(STAMP) ## create .venv (if absent) and install the pinned dependency set

report: $(STAMP) ## validate data/raw, then build and run the report pack for the last completed quarter
	$(BIN)/analyse validate
	$(BIN)/analyse run

test: $(STAMP) browser ## run the test suite (includes headless-browser checks of the reports)
	$(BIN)/python -m pytest

browser: ## install Debian's chromium for the browser tests (if absent; uses sudo when not root)
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core; }

lab: $(STAMP) ## open JupyterLab on notebooks/ with the project's kernel ("Python (analyse)")
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

lock: ## recompile requirements.lock from pyproject.toml (after changing dependencies)
	@test -x $(BIN)/uv || { $(PYTHON) -m venv $(VENV) && $(BIN)/python -m pip install --quiet uv==$(UV_VERSION); }
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --quiet -o requirements.lock

dictionary: $(STAMP) ## regenerate docs/data-dictionary.md from the schemas
	$(BIN)/analyse dictionary --out docs/data-dictionary.md

example-data: $(STAMP) ## regenerate the shipped example data in data/raw (seeded, deterministic)
	$(BIN)/python scripts/generate_example_data.py

clean: ## remove generated data and reports (keeps .venv and data/raw)
	find data/processed reports -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
