# make run: set up and serve the workbench on SQLite with demo data, with one task worker.
# make test: set up and run the linter and every test (DATABASE_URL picks PostgreSQL).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DEV := DEBUG=1

.PHONY: run test lint setup serve worker backup restore messages bench-export bench-pages bench-load bench-panel bench-article clean
BIND ?= 127.0.0.1:8000
# make run's address (make run ADDR=127.0.0.1:8001 when 8000 is taken).
ADDR ?= 127.0.0.1:8000
# Two workers per core plus one, two threads each (README, "Production"): a worker runs Python on
# one core at a time, so two per core keep the cores busy while others wait on PostgreSQL, and a
# second thread covers those waits without queueing CPU-bound pages behind each other.
CORES := $(shell nproc 2>/dev/null || echo 1)
WORKERS ?= $(shell echo $$((2 * $(CORES) + 1)))
THREADS ?= 2
# Tests run on two processes (pytest-xdist): each has its own test database and browser.
PYTEST_ARGS ?= -n 2

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

setup: $(INSTALLED)
	$(DEV) $(BIN)/python manage.py migrate --noinput --verbosity 0
	$(DEV) $(BIN)/python manage.py load_seeds
	$(DEV) $(BIN)/python manage.py demo_accounts

# One background task worker (fetching sources' pages) lives and dies with the server: the
# trap ends it when the server stops, Ctrl-C included. Workers need no other service: the
# queue is a table in the same database.
WORKER = $(BIN)/python manage.py db_worker --no-reload --no-startup-delay

run: setup
	@$(DEV) $(WORKER) & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV) $(BIN)/python manage.py runserver $(ADDR)

# A worker on its own, e.g. on another machine with the same DATABASE_URL (and SECRET_KEY).
worker: $(INSTALLED)
	$(WORKER)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	DATABASE_URL= $(DEV) $(BIN)/python manage.py makemigrations --check --dry-run --verbosity 0
	$(DEV) $(BIN)/python -m pytest $(PYTEST_ARGS)

# Production serving: gunicorn + whitenoise. Needs SECRET_KEY, DATABASE_URL and ALLOWED_HOSTS
# in the environment (see README, "Production").
serve: $(INSTALLED)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@$(WORKER) & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn factcheck.wsgi --bind $(BIND) --workers $(WORKERS) --threads $(THREADS) \
		--worker-tmp-dir /dev/shm --access-logfile - --max-requests 2000 --max-requests-jitter 200

# make backup [FILE=path]   make restore FILE=path   (DATABASE_URL picks the database)
backup: $(INSTALLED)
	$(DEV) $(BIN)/python manage.py backup_db $(FILE)

restore: $(INSTALLED)
	@test -n "$(FILE)" || (echo "usage: make restore FILE=path/to/backup" && exit 2)
	$(DEV) $(BIN)/python manage.py restore_db "$(FILE)"

# Collect the interface's strings into factcheck/locale/fr (LOCALE_PATHS) and compile them.
messages: $(INSTALLED)
	$(DEV) $(BIN)/python manage.py makemessages -l fr --no-obsolete --add-location file \
		-i ".venv/*" -i "staticfiles/*" -i "tests/*" -i "bench/*" -i "var/*" -i "factcheck/static/*"
	$(DEV) $(BIN)/python manage.py compilemessages -l fr -i ".venv" -i "staticfiles"

bench-export: $(INSTALLED)
	$(DEV) $(BIN)/python bench/export.py

bench-pages: $(INSTALLED)
	$(DEV) $(BIN)/python bench/pages.py

bench-load: $(INSTALLED)
	$(BIN)/python bench/load.py

bench-panel: $(INSTALLED)
	$(DEV) $(BIN)/python bench/panel.py

bench-article: $(INSTALLED)
	$(DEV) $(BIN)/python bench/article.py

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
