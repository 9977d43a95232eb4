# Two commands do all the set-up on a fresh machine (Python 3.11 + make):
#   make run    install everything (locked versions) and run the pipeline on corpus/
#   make test   install everything and run the tests
# Everything is installed under this folder: .tools/ (uv) and .venv/ (the project).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
UV_VERSION := 0.13.8
UV := .tools/uv/bin/uv
VENV := .venv

export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 90
export UV_PYTHON_DOWNLOADS := never

.PHONY: install run test lint format bench clean

$(UV):
	$(PYTHON) -m venv .tools/uv
	.tools/uv/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python "$(PYTHON)"
	touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/textmine run corpus --out outputs $(ARGS)

test: install
	$(VENV)/bin/pytest $(ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) .tools .prefect outputs/runs outputs/latest outputs/.cache
