# Two commands do everything (see README.md):
#   make run   venv, dependencies, migrations, content, demo data, server on :8000
#   make test  venv, dependencies, the whole test suite
.DEFAULT_GOAL := help
SHELL := /bin/bash

PORT ?= 8000
VENV := .venv
TOOLS := .tools
UV_VERSION := 0.13.9

# First Python >= 3.12 that actually runs: on PATH, else under ~/.pyenv/versions
# (pyenv's shims are on PATH but fail for versions that are not selected).
PYTHON ?= $(shell for v in 3.14 3.13 3.12; do \
	  for p in $$(command -v python$$v 2>/dev/null) $$HOME/.pyenv/versions/$$v*/bin/python$$v; do \
	    [ -x "$$p" ] && "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	      && { echo $$p; exit; }; \
	  done; \
	done)

UV := $(TOOLS)/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help run test venv lint format clean

help:
	@echo "make run    start the demo on http://127.0.0.1:$(PORT) (SQLite)"
	@echo "make test   run the whole test suite"
	@echo "make lint   ruff check and format check"

$(UV):
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer not found; set PYTHON=/path/to/python3.13"; exit 1; }
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# Installs exactly the locked versions; fast when nothing changed.
venv: $(UV)
	$(UV) sync --frozen --python $(PYTHON) --quiet

run: venv
	DEBUG=true $(VENV)/bin/python manage.py migrate --no-input
	DEBUG=true $(VENV)/bin/python manage.py load_content
	DEBUG=true $(VENV)/bin/python manage.py seed_demo
	@echo "Open http://127.0.0.1:$(PORT)/ and log in as kartrekker@zonnebloem.example / tso-demo"
	DEBUG=true $(VENV)/bin/python manage.py runserver 127.0.0.1:$(PORT)

test: venv
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .ruff_cache staticfiles
