# warsim: the two commands of the README are `make main` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SCENARIO ?= scenarios/ukraine_2025.toml
SEED   ?= 1

.PHONY: main test install lint run clean

# Installs the project and its dependencies (pyproject.toml) into .venv.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The main job: install, run the reference scenario, print its summary.
main: install
	$(VENV)/bin/warsim run $(SCENARIO) --seed $(SEED)

# The test suite (what CI runs), then the linter.
test: install
	$(PY) -m pytest -q
	$(VENV)/bin/ruff check .

lint: install
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
