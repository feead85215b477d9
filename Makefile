# apigen: `make generate` and `make test` work on a fresh machine (Python 3.11+, Node.js for Prism).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
APIGEN := $(VENV)/bin/apigen
STAMP := $(VENV)/.installed

.PHONY: help setup generate test test-slow test-fast check golden corpus corpus-ci bench bench-sdk lock lint typecheck prism clean

help:
	@echo "make generate   set up .venv and generate generated/ocpplab from spec/ocpplab-gateway.yaml"
	@echo "make test       set up and run the whole test suite (what CI runs)"
	@echo "make lint       ruff, black --check and mypy --strict on apigen's own code"
	@echo "make check      exit 1 if generated/ is not what spec/ generates (the CI spec-change check)"
	@echo "make golden     regenerate the golden trees (tests/golden/trees/, generated/ocpplab; review the diff!)"
	@echo "make corpus     generate every spec of ../shared/corpus and write docs/corpus-report.md"
	@echo "make bench      apigen vs openapi-python-client vs datamodel-code-generator, side by side"

$(STAMP): requirements-dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)

generate: $(STAMP)
	$(APIGEN) validate
	$(APIGEN) generate

check: $(STAMP)
	$(APIGEN) check

# CI runs this: everything but the `slow` marker (1,000-example fuzzing, whole-corpus runs);
# the corpus is covered in bounded form (tiny and small specs) by tests/corpus/test_corpus_ci.py.
test: $(STAMP) prism lint
	$(PY) -m pytest -q -m "not slow"

# The gate on apigen's own code (CI runs it through `make test`).
lint: $(STAMP)
	$(PY) -m ruff check -q generator tests bench
	$(PY) -m black --check -q generator tests bench
	$(PY) -m mypy --strict generator

test-slow: $(STAMP) prism
	$(PY) -m pytest -q -m slow

test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow and not prism"

golden: $(STAMP)
	$(PY) -m tests.golden.regenerate

typecheck: $(STAMP)
	$(PY) -m mypy --strict generated/ocpplab

corpus: $(STAMP)
	$(PY) -m tests.corpus.sweep --all --out docs/corpus-report.md

corpus-ci: $(STAMP)
	$(PY) -m tests.corpus.sweep --groups tiny,small

bench: $(STAMP)
	$(PY) bench/run.py

# The generated Stripe and OpenAI SDKs' first call (import + client + one parsed call) against the
# official `stripe` and `openai` packages, side by side (docs/benchmarks.md, "first call").
bench-sdk: $(STAMP)
	$(PY) bench/sdk_first_call.py

# Prism (the mock server the execution tests run against), pinned in tools/prism/package.json.
prism: tools/prism/node_modules/.bin/prism

tools/prism/node_modules/.bin/prism: tools/prism/package.json
	cd tools/prism && npm install --no-audit --no-fund --silent
	touch $@

lock:
	( head -2 requirements-dev.txt; $(PY) -m pip freeze --exclude-editable | grep -v "^apigen"; echo "setuptools==80.9.0" ) > requirements-dev.txt.new
	mv requirements-dev.txt.new requirements-dev.txt

clean:
	rm -rf $(VENV) tools/prism/node_modules .pytest_cache .mypy_cache
