# analyse: one-command setup, report and tests. `make help` lists the targets.
# Everything runs from a project-local virtual environment (.venv) installed from pinned
# lock files compiled from pyproject.toml by uv (`make lock`):
#   requirements.lock      dependencies + the dask extra: what a production server installs
#   requirements-dev.lock  the same pins + the dev extra (pytest, playwright, ruff, mypy, ...)
# `make install` installs the first, `make test` and `make lint` the second (a superset).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
KERNEL := analyse
LOCK_ARGS := --python-version 3.11 --quiet --annotation-style line

.DEFAULT_GOAL := help
.PHONY: help install install-dev browser report lint test lab lock dictionary example-data clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

# sync LOCK: the exact pin set of LOCK (removing anything else), the project (editable) and
# the Jupyter kernel "Python (analyse)" (environment.yml's post-create step is the same command).
# --compile-bytecode: uv writes no .pyc files by default, so without it every process (each
# kernel and worker of `analyse run`) compiles pandas, scipy, seaborn ... from source again
# when the environment forbids writing them (PYTHONDONTWRITEBYTECODE, read-only installs).
define sync
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python $(1)
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (analyse)" >/dev/null
endef

$(STAMP): requirements.lock pyproject.toml
	$(call sync,requirements.lock)
	@rm -f $(DEV_STAMP)
	@touch $(STAMP)

# The dev set contains every runtime pin, so it also satisfies $(STAMP).
$(DEV_STAMP): requirements-dev.lock requirements.lock pyproject.toml
	$(call sync,requirements-dev.lock)
	@touch $(STAMP) $(DEV_STAMP)

install: $(STAMP) ## create .venv (if absent) and install the runtime pins (requirements.lock)

install-dev: $(DEV_STAMP) ## install the runtime pins plus the test and lint tools (requirements-dev.lock)

report: $(STAMP) ## validate data/raw, then build and run the report pack for the last completed quarter
	$(BIN)/analyse validate
	$(BIN)/analyse run

lint: $(DEV_STAMP) ## ruff and mypy (settings in pyproject.toml); environment.yml up to date
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/mypy
	$(BIN)/python scripts/make_environment.py --check

test: lint browser ## lint, then the test suite (includes headless-browser checks of the reports)
	$(BIN)/python -m pytest

browser: ## install Debian's chromium and axe-core (npm, package-lock.json) for the browser tests (if absent; sudo when not root)
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core; }
	@command -v npm >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm; }
	@test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund --ignore-scripts --silent

lab: $(STAMP) ## open JupyterLab on notebooks/ with the project's kernel ("Python (analyse)")
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

lock: ## recompile both lock files and environment.yml from pyproject.toml (after changing dependencies)
	@test -x $(BIN)/uv || { $(PYTHON) -m venv $(VENV) && $(BIN)/python -m pip install --quiet uv==$(UV_VERSION); }
	$(BIN)/uv pip compile pyproject.toml --extra dask --extra dev $(LOCK_ARGS) -o requirements-dev.lock
	$(BIN)/uv pip compile pyproject.toml --extra dask $(LOCK_ARGS) -c requirements-dev.lock -o requirements.lock
	$(BIN)/python scripts/make_environment.py

dictionary: $(STAMP) ## regenerate docs/data-dictionary.md from the schemas
	$(BIN)/analyse dictionary --out docs/data-dictionary.md

example-data: $(STAMP) ## regenerate the shipped example data in data/raw (seeded, deterministic)
	$(BIN)/python scripts/generate_example_data.py

clean: ## remove generated data and reports (keeps .venv and data/raw)
	find data/processed reports -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
