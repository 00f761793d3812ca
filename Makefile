# ejournal — the two commands of the README, and a few helpers.
#   make run   serve the product at http://127.0.0.1:8000 (SQLite, embedded broker, demo school)
#   make test  the whole suite against PostgreSQL and Redis on localhost

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
# Ranges in requirements/*.txt are the input; the locks pin every package with its
# hashes: requirements.txt (production: base + production) and requirements-dev.txt
# (base + local + production). `make lock` re-locks after an input changes.
REQS := requirements/base.txt requirements/local.txt requirements/production.txt
LOCK := requirements.txt
LOCK_DEV := requirements-dev.txt
STAMP := $(VENV)/.installed-$(shell cat $(LOCK_DEV) | sha1sum | cut -c1-12)
PYTEST_ARGS ?=
# No index or host is written into the locks: each machine uses its own pip config.
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links --no-emit-trusted-host

.PHONY: run test install lock lock-upgrade system-packages services lint typecheck format messages deploy-check clean

$(STAMP): $(LOCK_DEV)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK_DEV)
	@rm -f $(VENV)/.installed-* && touch $@

# pip-tools comes from the development lock; the production lock is made first and
# constrains the development one, so both pin the same versions.
lock: install
	$(VENV)/bin/pip-compile $(LOCK_FLAGS) $(LOCK_ARGS) -o $(LOCK) requirements/production.txt
	$(VENV)/bin/pip-compile $(LOCK_FLAGS) $(LOCK_ARGS) -c $(LOCK) -o $(LOCK_DEV) \
		requirements/local.txt requirements/production.txt

lock-upgrade:
	$(MAKE) lock LOCK_ARGS=--upgrade

install: $(STAMP)

run: install
	@bash scripts/run_local.sh

system-packages:
	@bash scripts/system_packages.sh

services: install
	@$(PY) scripts/check_services.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install
	cd $(CURDIR) && $(PY) manage.py makemessages -l ru -l en --no-location --no-obsolete \
		--ignore=.venv --ignore=var --ignore=bench
	$(PY) manage.py compilemessages --ignore=.venv

# Production settings with the sample .env pass `check --deploy --fail-level WARNING`,
# and .env.example, docker-compose.yml and the README agree (ejournal/tests/test_deploy.py).
deploy-check: install
	DJANGO_SETTINGS_MODULE=ejournal.settings.test $(VENV)/bin/pytest -n 0 -p no:randomly \
		ejournal/tests/test_deploy.py

test: install system-packages services lint typecheck
	DJANGO_SETTINGS_MODULE=ejournal.settings.test $(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

clean:
	rm -rf var/test-media .pytest_cache
