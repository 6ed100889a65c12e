# The README's two commands: `make run` and `make test`. Each sets up .venv when missing.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint setup bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

# uv installs ten times faster than pip here; fall back to pip when uv cannot be had.
$(STAMP): $(BIN)/python pyproject.toml
	@if $(BIN)/pip install -q uv >/dev/null 2>&1 && [ -x $(BIN)/uv ]; then \
		$(BIN)/uv pip install --compile-bytecode --python $(BIN)/python -e '.[dev,ocr]'; \
	else \
		$(BIN)/pip install -e '.[dev,ocr]'; \
	fi
	@touch $(STAMP)

setup: $(STAMP)

# jixiao app: the packaged app on 127.0.0.1:8501, headless, no usage statistics
run: $(STAMP)
	$(BIN)/jixiao app

test: $(STAMP)
	$(BIN)/ruff check assistant tests app.py
	@$(BIN)/python -m compileall -q assistant tests >/dev/null 2>&1 || true
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check assistant tests app.py
	$(BIN)/ruff format --check assistant tests app.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .jixiao
