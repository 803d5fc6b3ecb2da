# SPDX-License-Identifier: AGPL-3.0-or-later
#
# Forløb. `make run` serves the application with demo data; `make test` runs the whole suite.
# GNU make; recipes run with /bin/sh.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
MANAGE := $(PY) manage.py

# Stamp files: dependencies are reinstalled only when a lock file is newer than its stamp.
BASE_STAMP := $(VENV)/.installed-base
TEST_STAMP := $(VENV)/.installed-test
BENCH_STAMP := $(VENV)/.installed-bench

# Extra pip-compile options for `make lock`, e.g. LOCK_FLAGS=--upgrade or
# LOCK_FLAGS="--upgrade-package django".
LOCK_FLAGS ?=
# Extra pytest options for `make test`, e.g. PYTEST_ARGS="-m 'not browser' -x".
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help run dev prepare test bench lint test-system-deps lock messages clean

help:
	@echo "make run       install, migrate, load demo data when empty, serve on http://\$${HOST:-127.0.0.1}:\$${PORT:-8000}/"
	@echo "make dev       the same, with Django's auto-reloading development server and DEBUG=1"
	@echo "make test      install test dependencies (and Chromium), run ruff, mypy, the migration check and pytest"
	@echo "make bench     install the benchmark packages and run the national-scale benchmark on PostgreSQL (BENCH_ARGS=\"--courses 300000\"; see bench/RESULTS.md)"
	@echo "make lint      ruff and mypy only"
	@echo "make lock      re-compile requirements/*.txt with hashes (LOCK_FLAGS=--upgrade to upgrade)"
	@echo "make messages  update and compile the Danish translation catalogue"
	@echo "make clean     remove $(VENV) and var/ (the local SQLite database and development keys)"

$(PY):
	sh scripts/make-venv.sh $(PYTHON) $(VENV)

$(BASE_STAMP): requirements/base.txt | $(PY)
	$(PIP) install --require-hashes -r requirements/base.txt
	touch $@

$(TEST_STAMP): requirements/base.txt requirements/test.txt | $(PY)
	$(PIP) install --require-hashes -r requirements/base.txt -r requirements/test.txt
	touch $@ $(BASE_STAMP)

prepare: $(BASE_STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) seed_demo --if-empty

run: prepare
	$(MANAGE) demo_logins
	@echo "Forløb kører på http://$${HOST:-127.0.0.1}:$${PORT:-8000}/ (stop med Ctrl-C)"
	exec sh scripts/serve.sh $(VENV)

dev: prepare
	$(MANAGE) demo_logins
	exec env DEBUG=1 $(MANAGE) runserver "$${HOST:-127.0.0.1}:$${PORT:-8000}"

test-system-deps:
	sh scripts/install-test-deps.sh

lint: $(TEST_STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy forlob

test: test-system-deps lint $(BENCH_STAMP)
	$(MANAGE) makemigrations --check --dry-run
	$(PY) -m pytest --durations=25 $(PYTEST_ARGS)

# The benchmarks' own packages (locust, DuckDB): for make bench, and for make test, whose suite
# runs a small smoke test of each benchmark. The application and its tests need neither.
$(BENCH_STAMP): requirements/base.txt requirements/bench.txt | $(PY)
	$(PIP) install --require-hashes -r requirements/base.txt -r requirements/bench.txt
	touch $@ $(BASE_STAMP)

bench: $(BENCH_STAMP)
	$(PY) bench/scale.py $(BENCH_ARGS)

# Re-compile the lock files in a throwaway virtual environment. base.txt first: test.txt is
# constrained by it, and bench.txt by both. The command line is recorded in each file's header.
lock:
	@set -e; \
	tmp="$$(mktemp -d)"; \
	trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/pip" install --quiet --disable-pip-version-check pip-tools; \
	cd requirements; \
	for name in base test bench; do \
		echo "lock: requirements/$$name.txt"; \
		"$$tmp/venv/bin/pip-compile" --quiet --generate-hashes --no-emit-index-url --no-emit-find-links \
			--strip-extras --allow-unsafe $(LOCK_FLAGS) --output-file="$$name.txt" "$$name.in"; \
	done

messages: $(BASE_STAMP)
	command -v msgfmt >/dev/null 2>&1 || sh scripts/apt-install.sh gettext
	$(MANAGE) makemessages -l da --no-obsolete -i ".venv/*" -i "var/*" -i "node_modules/*"
	$(MANAGE) compilemessages -i .venv -i var -i node_modules

clean:
	rm -rf $(VENV) var
