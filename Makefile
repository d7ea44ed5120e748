# Entry points other parts of the system rely on: test, up, down, engine, bench (keep them stable).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
# The engine is built at exactly the pinned `pulumi` Python SDK version.
PULUMI_VERSION := $(shell sed -n 's/.*"pulumi==\([0-9.]*\)".*/\1/p' pyproject.toml)
export PULUMI_VERSION

.PHONY: help venv engine test lint typecheck unit functional integration engine-acl acl-agreement command-tables up down status bench emulator dist clean

help:
	@echo "make up       - start the local emulator and 'pulumi up' the root project (stack 'local')"
	@echo "make down     - destroy the 'local' stack and stop the emulator"
	@echo "make test     - venv + engine + ruff + mypy + every test tier"
	@echo "make engine   - ensure the Pulumi engine v$(PULUMI_VERSION); last line = its bin directory"
	@echo "make bench    - benchmarks against the emulator"
	@echo "make dist     - build the sdist and the wheel into dist/"
	@echo "make acl-agreement - access-string model vs a real redis-server: agreement figures"

$(VENV)/.installed: pyproject.toml pulumi_elasticache_rbac/_version.py
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -e '.[dev]'
	@touch $@

venv: $(VENV)/.installed

engine: venv
	@ENGINE_PYTHON=$(abspath $(PY)) bash scripts/build-engine.sh

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: venv
	$(VENV)/bin/mypy

# Every tier runs against the real engine; PULUMI_ENGINE_DIR tells the fixtures where it is.
test: venv
	@engine_dir="$$(ENGINE_PYTHON=$(abspath $(PY)) bash scripts/build-engine.sh | tail -1)" && \
	$(MAKE) --no-print-directory lint typecheck && \
	PULUMI_ENGINE_DIR="$$engine_dir" $(PY) -m pytest -q tests/unit tests/functional tests/engine tests/integration

unit: venv
	$(PY) -m pytest -q tests/unit

functional: venv
	$(PY) -m pytest -q tests/functional

integration: venv
	@engine_dir="$$(ENGINE_PYTHON=$(abspath $(PY)) bash scripts/build-engine.sh | tail -1)" && \
	PULUMI_ENGINE_DIR="$$engine_dir" $(PY) -m pytest -q tests/integration

# The real-engine tier: a redis-server (installed with apt-get when missing) judges the access-string model.
engine-acl: venv
	$(PY) -m pytest -q tests/engine

# The agreement figures and every disagreement with the real engine, on the generated corpus.
acl-agreement: venv
	$(PY) -m tests.engine.agreement

# Regenerate dynamic_providers/command_tables/ (REDIS_SRC / VALKEY_SRC: clones of the engines' repositories).
command-tables:
	$(PYTHON) scripts/generate_command_tables.py --redis "$(REDIS_SRC)" --valkey "$(VALKEY_SRC)"

up: venv
	@ENGINE_PYTHON=$(abspath $(PY)) bash scripts/demo.sh up

down: venv
	@ENGINE_PYTHON=$(abspath $(PY)) bash scripts/demo.sh down

status: venv
	@ENGINE_PYTHON=$(abspath $(PY)) bash scripts/demo.sh status

bench: venv
	@engine_dir="$$(ENGINE_PYTHON=$(abspath $(PY)) bash scripts/build-engine.sh | tail -1)" && \
	PULUMI_ENGINE_DIR="$$engine_dir" $(PY) benchmarks/run.py

emulator: venv
	$(VENV)/bin/elasticache-emulator --host 127.0.0.1 --port 4566

# sdist, then the wheel built from it (so the sdist is known to be complete); version from _version.py.
dist: venv
	rm -rf dist
	$(PY) -m build --outdir dist .

clean:
	rm -rf .state .pytest_cache .mypy_cache .ruff_cache dist
