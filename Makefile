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

# Solara's front-end files into .venv/share/solara/cdn and the map's Natural Earth layers into
# .venv/share/warsim/naturalearth (npm registry), so the dashboard renders offline; idempotent
# (0.0 s once present). See docs/dashboard.md.
install: $(STAMP)
	$(PY) scripts/install_solara_assets.py
	$(PY) scripts/install_map_data.py

# The main job: install, run the reference Monte Carlo batch (2 levers x 3 values x
# 400 reps = 3,600 runs, with a progress bar) into $(REF), print its report. A rerun
# continues an unfinished batch or, when complete, only reports; if the model code or
# scenario changed since (exit 2: resume refused), the folder is rebuilt from scratch.
REF    ?= results/reference
REF_BATCH = $(VENV)/bin/warsim batch $(SCENARIO) --reps 400 --seed $(SEED) --series weekly \
	--vary levers.us_pressure=0.2:0.8:3 --vary levers.sanctions_intensity=0.3:0.9:3 --out $(REF)
main: install
	$(PY) -c "from engine.api import warm_kernels; warm_kernels()"
	@$(REF_BATCH) --resume; rc=$$?; \
	if [ $$rc -eq 2 ]; then old=$(REF).old-$$(date +%Y%m%d%H%M%S); echo "make: keeping the old batch as $$old, rebuilding $(REF)"; mv $(REF) $$old && $(REF_BATCH); \
	elif [ $$rc -ne 0 ]; then exit $$rc; fi
	$(VENV)/bin/warsim report $(REF)
	$(VENV)/bin/warsim app --results $(REF)

# The test suite (what CI runs), then the linter.
test: install
	bash scripts/setup_browser.sh
	@echo "compiling the kernels (minutes on a cold machine; cached after)"
	$(PY) -c "from engine.api import warm_kernels; warm_kernels()"
	$(PY) -m pytest -q
	$(VENV)/bin/ruff check .

lint: install
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
