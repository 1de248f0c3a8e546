# Development and CI entry points. `make help` lists them.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Test processes: a file's tests stay in one (they share its Celery queue and fixtures).
TEST_WORKERS ?= 2

# Development-only defaults; production sets these in its environment.
export DJANGO_SECRET_KEY ?= dev-only-secret-key-change-me-in-production-0123456789
export FIELD_ENCRYPTION_KEY ?= ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=
export FIELD_HASH_KEY ?= ZGV2LW9ubHktYmxpbmQtaW5kZXgta2V5LTMyLWJ5dGU=

.PHONY: help install run test lint fmt check bench messages worker clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) messages ## Create .venv and install everything

messages: $(STAMP) ## Compile the translations (.po -> .mo)
	@if [ ! -d locale ]; then echo "no catalogues to compile"; \
	elif command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages -v 0 --ignore=.venv; \
	else echo "msgfmt not found (apt-get install gettext): UI falls back to English msgids"; fi

run: install ## Migrate, load the demo district and serve on http://127.0.0.1:8000
	DJANGO_DEBUG=true DJANGO_HTTPS=false $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=true DJANGO_HTTPS=false $(PY) manage.py seed_demo --persons $${DEMO_PERSONS:-2000}
	DJANGO_DEBUG=true DJANGO_HTTPS=false STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage \
		$(PY) manage.py runserver 127.0.0.1:8000

worker: install ## Run a Celery worker and beat (needs CELERY_BROKER_URL)
	$(VENV)/bin/celery -A bureau worker -B -l info

test: install ## Run the whole test suite (TEST_WORKERS processes, one test file each at a time)
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: install ## ruff, formatting, layers, types (mypy), migrations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=tests.settings $(VENV)/bin/mypy
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations --check --dry-run

fmt: install ## Fix what ruff can fix
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: lint test ## Everything CI runs

bench: install ## Import/export benchmarks; writes docs/benchmarks.md
	$(PY) -m bench $${BENCH_PERSONS:+--persons $$BENCH_PERSONS} --out docs/benchmarks.md

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) var
