# make figures: set up .venv, execute every notebook in order, write figures/
# make test:    set up .venv, lint, unit tests, then nbval (strict) on every notebook
# make lab:     open JupyterLab on the same environment
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export MPLBACKEND := Agg

.PHONY: setup figures test lab clean

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@# build matplotlib's font cache now, so its one-off notice never lands in a notebook
	$(BIN)/python -c "import matplotlib.pyplot"
	touch $(STAMP)

# make figures CORPUS=PATH OUT=DIR runs copies of the notebooks on another corpus instead,
# writing them and their figures under DIR and leaving notebooks/ and figures/ untouched;
# the corpus's tables are computed first on every core (WORKERS=N for fewer). OPTIONS passes
# run-notebooks' corpus options: OPTIONS="--text-column body --periods year".
figures: setup
ifdef CORPUS
	$(if $(OUT),,$(error OUT=DIR is required with CORPUS=PATH: the folder for the notebooks and figures))
	$(BIN)/python -m analysis run-notebooks notebooks --corpus "$(CORPUS)" --out "$(OUT)" $(if $(WORKERS),--workers $(WORKERS)) $(OPTIONS)
else
	rm -f figures/*.png
	$(BIN)/python -m analysis run-notebooks notebooks
endif

test: setup
	$(BIN)/python -m ruff check analysis tests benchmarks
	$(BIN)/python -m ruff format --check analysis benchmarks
	@# the unit tests on both cores: 62 -> 45 s here (they were too few to gain when it was first tried)
	$(BIN)/python -m pytest -n 2 tests
	@# one notebook per worker (--dist loadfile): a notebook's cells stay in order in one kernel
	$(BIN)/python -m pytest -n 2 --dist loadfile --nbval --nbval-current-env notebooks

lab: setup
	$(BIN)/jupyter lab notebooks

clean:
	rm -rf $(VENV) .cache
