# Two commands do everything on a fresh machine:
#   make run   — install, then `dvc repro` on corpus/raw → corpus/motebok.duckdb
#   make test  — install, then the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_STAMP := .cache/system-packages.ok
# Debian packages: tesseract (+ Norwegian data, + German for the ü/ö/ä of foreign names) OCRs scanned PDFs; poppler-utils for pdftotext/pdftoppm checks;
# chromium takes the headless screenshot of `motebok serve` (tests/test_serve.py, make screenshot).
DEBIAN_PACKAGES := tesseract-ocr tesseract-ocr-nor tesseract-ocr-deu poppler-utils chromium

.PHONY: install system-packages run test lab screenshot clean

install: $(STAMP) system-packages

system-packages:
	@if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx nor && tesseract --list-langs 2>/dev/null | grep -qx deu && command -v pdftotext >/dev/null \
			&& command -v chromium >/dev/null; then \
		: ; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian packages: $(DEBIAN_PACKAGES)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_PACKAGES) >/dev/null; \
	elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_PACKAGES) >/dev/null; \
	else \
		echo "warning: cannot install $(DEBIAN_PACKAGES); scanned PDFs will be listed in ingest_errors, no screenshot test"; \
	fi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(BIN)/dvc config --local core.analytics false 2>/dev/null || true
	touch $(STAMP)

# The stages call bin/motebok (no PATH set-up needed); the run ends with the evaluation table.
# The database is built from scratch here (dvc repro alone updates it in place, pipeline/load.py),
# as on a fresh clone.
run: install
	rm -f corpus/motebok.duckdb corpus/motebok.manifest.json
	$(BIN)/dvc repro
	@echo
	@bin/motebok eval --gold tests/gold --db corpus/motebok.duckdb

test: install
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest

# Jupyter refuses to run as root unless told to (containers, CI machines run as root).
lab: install
	@[ -f corpus/motebok.duckdb ] || $(BIN)/dvc repro
	$(BIN)/jupyter lab --no-browser $$([ "$$(id -u)" = 0 ] && echo --allow-root) notebooks/

# docs/vestregionen-timeline.png: Datasette's Vestregionen timeline page, as `motebok serve` shows it.
screenshot: install
	@[ -f corpus/motebok.duckdb ] || $(BIN)/dvc repro
	bin/motebok serve --db corpus/motebok.duckdb --screenshot docs/vestregionen-timeline.png

clean:
	rm -rf corpus/parsed/ingest corpus/parsed/segment corpus/parsed/extract corpus/motebok.duckdb
