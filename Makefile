# eventwire: `make demo` and `make test` are all a newcomer needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install bench clean bench-fuse

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need Python 3.11 ($(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f eventwire.duckdb
	$(BIN)/eventwire ingest --samples --db eventwire.duckdb
	$(BIN)/eventwire events --db eventwire.duckdb --limit 100

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) eventwire.duckdb build *.egg-info src/*.egg-info

# Throughput and memory against bare spaCy; writes docs/performance.md (BENCH_ARGS="--articles 20000").
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_pipeline.py $(BENCH_ARGS)

# Story fusion of 100k, 300k and 1M synthetic reports; writes docs/performance.md.
bench-fuse: $(STAMP)
	$(BIN)/python benchmarks/bench_fuse.py
