# eventwire: `make demo` and `make test` are all a newcomer needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install bench clean accuracy dashboard-assets bench-serve bench-fuse fuzz bench-load bench-qualify bench-stages

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

# The dashboard's browser libraries (d3, topojson-client, Natural Earth TopoJSON, Swagger UI), from
# the npm registry into an ignored folder the server reads; never committed, never a CDN.
DASHBOARD_VENDOR := src/eventwire/server/vendor
DASHBOARD_PACKAGES := d3@7.9.2 topojson-client@3.1.0 world-atlas@2.0.2 swagger-ui-dist@5.35.0

dashboard-assets: $(DASHBOARD_VENDOR)/node_modules/.eventwire-assets

$(DASHBOARD_VENDOR)/node_modules/.eventwire-assets: Makefile
	mkdir -p $(DASHBOARD_VENDOR)
	npm install --silent --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
		--prefix $(DASHBOARD_VENDOR) $(DASHBOARD_PACKAGES)
	touch $@

# The HTTP server's benchmark (benchmarks/bench_serve.py).
bench-serve: $(STAMP) dashboard-assets
	$(BIN)/python benchmarks/bench_serve.py

# Throughput and memory against bare spaCy; writes docs/performance.md (BENCH_ARGS="--articles 20000").
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_pipeline.py $(BENCH_ARGS)

# CPU per pipeline stage against bare spaCy over the same texts; prints only (STAGES_ARGS="--articles 100").
bench-stages: $(STAMP)
	$(BIN)/python benchmarks/bench_stages.py $(STAGES_ARGS)

# Story fusion of 100k, 300k and 1M synthetic reports; writes docs/performance.md.
bench-fuse: $(STAMP)
	$(BIN)/python benchmarks/bench_fuse.py

# 100,000 generated hostile inputs through the readers and the whole code path (FUZZ_ARGS="--inputs 5000").
fuzz: $(STAMP)
	$(BIN)/python -m fuzz.run $(FUZZ_ARGS)

# What the dates and places stages add per article, against the pipeline without them;
# writes docs/performance.md (QUALIFY_ARGS="../shared/eval/news_dev.jsonl --rounds 5").
bench-qualify: $(STAMP)
	$(BIN)/python benchmarks/bench_qualify.py $(QUALIFY_ARGS)

# 200 concurrent loopback clients against `eventwire serve` for 60 s, hostile filters mixed in.
bench-load: $(STAMP) dashboard-assets
	cd benchmarks && ../$(BIN)/python bench_load.py

# Every `eventwire eval` figure on the dev files (../shared/eval) into docs/accuracy.md.
accuracy: $(STAMP)
	$(BIN)/python scripts/accuracy_report.py
