# The two commands of the README: `make run` and `make test`. Everything else builds on them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: install run test lint migrations-check e2e load bench clean backup restore

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	# xstatic-bootstrap's sdist imports pkg_resources at build time, which setuptools 81 removed:
	# build it with the venv's own setuptools instead of an isolated latest one.
	$(PIP) install -q "setuptools>=68,<81" wheel
	$(PIP) install -q --no-build-isolation -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# make run PORT=8080 serves elsewhere; the address printed is the one really served.
PORT ?= 8000
HOST ?= 127.0.0.1

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Открывайте http://$(HOST):$(PORT)/ (остановить: Ctrl+C)"
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

test: install lint migrations-check
	$(VENV)/bin/pytest

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache *.egg-info

# Region-scale benchmark: a fresh PostgreSQL database, migrated, then `manage.py bench`,
# which prints the table and writes var/bench.json. Times are reported, never asserted.
# Smaller: make bench BENCH_ARGS="--schools 300 --candidates 5000 --marks 400000".
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/roadmap_bench
BENCH_DB = $(lastword $(subst /, ,$(BENCH_DATABASE_URL)))
BENCH_ADMIN_URL = $(patsubst %/$(BENCH_DB),%/postgres,$(BENCH_DATABASE_URL))
# HTTPS=0: the test client speaks plain http, as gunicorn does in make load (no redirect to https).
BENCH_ENV = DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_DEBUG=0 SECRET_KEY=bench-only LOG_LEVEL=WARNING HTTPS=0

# Browser journeys alone (they also run inside `make test`); they skip without Debian's chromium.
e2e: install
	$(VENV)/bin/pytest tests/e2e -q

# Load: recreates roadmap_load (LOAD_DATABASE_URL), loads the demo data, starts gunicorn
# (4 workers) and a Celery worker on Redis (LOAD_REDIS_URL), drives them with locust for 60 s of steady
# load after the logins; the steady phase and the logins are printed apart and written to var/load.json.
# Fewer users: make load LOAD_USERS=20.
LOAD_USERS ?= 100
load: install
	LOAD_USERS=$(LOAD_USERS) $(PY) tests/load/run.py

bench: install
	$(PY) -c 'import sys, psycopg; c = psycopg.connect(sys.argv[1], autocommit=True); \
	c.execute("DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)" % sys.argv[2]); \
	c.execute("CREATE DATABASE \"%s\"" % sys.argv[2])' "$(BENCH_ADMIN_URL)" "$(BENCH_DB)"
	$(BENCH_ENV) $(PY) manage.py migrate --noinput -v0
	$(BENCH_ENV) $(PY) manage.py bench $(BENCH_ARGS)

# Backup and restore: one dated archive with a consistent pg_dump and every media file, by
# default under var/backups/ (BACKUP_DIR). Restore goes into an empty installation only and checks every
# table's row count and every file's checksum against the archive. Both read DATABASE_URL and MEDIA_ROOT.
backup: install
	$(PY) manage.py backup $(if $(DIR),--output-dir "$(DIR)")

restore: install
	@test -n "$(FILE)" || { echo "Укажите архив: make restore FILE=var/backups/roadmap-backup-….tar.gz"; exit 2; }
	$(PY) manage.py restore "$(FILE)"
