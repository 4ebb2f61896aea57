# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test clean

VENDOR := src/rasd/web/static/vendor

$(STAMP): pyproject.toml src/rasd/web/package.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@# the dashboard's offline basemap (country outlines); the map says so when npm is missing
	-command -v npm >/dev/null && npm install --silent --no-audit --no-fund --prefix src/rasd/web \
	  && mkdir -p $(VENDOR) \
	  && cp src/rasd/web/node_modules/world-atlas/countries-110m.json $(VENDOR)/ \
	  && cp src/rasd/web/node_modules/topojson-client/dist/topojson-client.min.js $(VENDOR)/
	touch $(STAMP)

install: $(STAMP)

DB ?= rasd.duckdb

run: install
	$(BIN)/rasd ingest samples/corpus.jsonl samples/articles --db $(DB)
	@echo "rasd dashboard: http://127.0.0.1:8000"
	$(BIN)/rasd serve --db $(DB) --host 127.0.0.1 --port 8000

test: install
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
