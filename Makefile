# make run: set up and serve the workbench on SQLite with demo data.
# make test: set up and run the linter and every test (DATABASE_URL picks PostgreSQL).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DEV := DEBUG=1

.PHONY: run test lint setup serve messages bench-export bench-pages clean

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

run: setup
	$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run --verbosity 0
	$(DEV) $(BIN)/python -m pytest $(PYTEST_ARGS)

messages: $(INSTALLED)
	cd factcheck && $(DEV) ../$(BIN)/python ../manage.py makemessages -l fr --no-obsolete --add-location file -i "static/*"
	cd factcheck && $(DEV) ../$(BIN)/python ../manage.py compilemessages -l fr

bench-export: $(INSTALLED)
	$(DEV) $(BIN)/python bench/export.py

bench-pages: $(INSTALLED)
	$(DEV) $(BIN)/python bench/pages.py

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
