# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := collab
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test setup check-system translations db lint format clean

run: setup db
	@echo
	@$(BIN)/flask collab demo-logins
	@echo
	@echo "Collab is starting on http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	@$(BIN)/flask run --host $(HOST) --port $(PORT)

test: setup
	@bash tests/run.sh

setup: check-system $(VENV)/.installed translations

# Say which Debian package is missing instead of failing with a stack trace.
check-system:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11+ is missing: sudo apt-get install python3"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))."; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { echo "The Python venv module is missing: sudo apt-get install python3-venv"; exit 1; }
	@/sbin/ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || { echo "Pango (for PDF files) is missing: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"; exit 1; }

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	@touch $@

translations: $(VENV)/.installed
	@$(BIN)/pybabel compile --statistics -d translations 2>&1 | grep -v '^compiling' || true

db: $(VENV)/.installed
	@mkdir -p instance
	@$(BIN)/flask db upgrade
	@$(BIN)/flask collab seed-demo --if-empty

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
