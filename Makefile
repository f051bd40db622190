# Madoguchi: `make run` starts everything, `make test` tests everything.
# Every target installs what it needs first; CI calls `make test` (.ci/run).

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-12)
export PYTHONPATH := $(CURDIR)
export TF_CPP_MIN_LOG_LEVEL := 3

# Rasa 3.6 needs Python 3.8-3.10: use pyenv's 3.10 when there is one, else python3.10.
PYTHON310 ?= $(shell ls -d $$(pyenv root 2>/dev/null)/versions/3.10.*/bin/python 2>/dev/null | tail -n 1 || true)
ifeq ($(PYTHON310),)
PYTHON310 := $(shell command -v python3.10 2>/dev/null)
endif

.PHONY: install browser validate generate train run test test-fast fuzz attack eval bench bench-import bench-console import-faq eval-import eval-dev eval-languages-dev shell lint clean wipe-data \
	cluster-packages cluster cluster-stop cluster-status test-cluster bench-load import-5374 bench-5374

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -n "$(PYTHON310)" || { echo "Python 3.10 is needed (pyenv install 3.10.13, or apt-get install python3.10-venv)"; exit 1; }
	@test -x $(PY) || $(PYTHON310) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	@rm -f $(VENV)/.installed-* && touch $@

# Browser tests use Debian's Chromium (never a browser downloaded by Playwright) and a
# Japanese font, so that screenshots show text, and axe-core (npm, pinned in tests/web/package-lock.json)
# for the accessibility checks. Installed once, when missing.
browser:
	@test -x /usr/bin/chromium -a -d /usr/share/fonts/opentype/noto || { \
		echo "installing Debian's chromium and fonts-noto-cjk for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk; }
	@test -f tests/web/node_modules/axe-core/axe.min.js || npm ci --prefix tests/web --no-audit --no-fund

validate: install  ## check faq_corpus/ (file:line: message on errors)
	$(PY) -m madoguchi.corpus validate

generate: install  ## regenerate the Rasa data from the corpus
	$(PY) -m madoguchi.corpus generate

train: install  ## validate, generate and train when the model is stale
	$(PY) -m madoguchi.model

run: install  ## train if needed, then start Rasa, the action server and the gateway
	$(PY) -m devtools.run

test: install browser cluster-packages  ## all tests, with the real trained model and a real browser
	$(PY) -m pytest -q

test-fast: install  ## the tests that need no trained model, no server and no browser (under a minute)
	$(PY) -m pytest -q -m "not model and not browser and not slow"

fuzz: install  ## property-based tests with a big budget (1,000 examples a property; make test runs 25)
	MADOGUCHI_FUZZ_PROFILE=fuzz $(PY) -m pytest -q tests/fuzz

attack: install  ## with make run up: malformed and unauthenticated requests to every port (no 5xx, no hang, all answering)
	$(PY) -m devtools.attack_pass

eval: install  ## accuracy on held-out and separately written questions (ARGS=--japanese-faq-only: FAQ and intents only)
	$(PY) -m devtools.evaluate $(ARGS)

bench: install  ## training time, load time, REST latency, memory -> BENCHMARKS.md
	$(PY) -m devtools.bench

bench-console: install  ## the staff console's pages at 100,000 stored questions -> BENCHMARKS.md
	$(PY) -m devtools.console_bench

bench-import: install  ## a city's 2,000-entry FAQ list: import, training time, accuracy -> BENCHMARKS.md
	$(PY) -m devtools.import_bench

import-5374: install  ## a city's Code for Japan 5374 folder becomes the waste data: make import-5374 DIR=path
	@test -n "$(DIR)" || { echo "usage: make import-5374 DIR=path/to/the/city's/5374/folder"; exit 2; }
	$(PY) -m madoguchi.import5374 "$(DIR)"

bench-5374: install  ## a generated 1,000-item, 70-district 5374 folder: import + retraining time, accuracy -> BENCHMARKS.md
	$(PY) -m devtools.bench5374

# The cluster profile uses Debian's servers; installed once, when missing (we are root in CI).
cluster-packages:
	@command -v redis-server >/dev/null && command -v nginx >/dev/null && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		if [ "$$(id -u)" != 0 ]; then echo "not root: install postgresql, redis-server and nginx yourself (the cluster tests are skipped without them)"; exit 0; fi; \
		echo "installing Debian's postgresql, redis-server and nginx for the cluster profile"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql redis-server nginx; }

cluster: install cluster-packages  ## two Rasa servers on PostgreSQL + Redis, actions and gateway behind nginx (same addresses as make run)
	$(PY) -m madoguchi.cluster start

cluster-stop:  ## stop what make cluster started
	$(PY) -m madoguchi.cluster stop

cluster-status:
	$(PY) -m madoguchi.cluster status

bench-load: install cluster-packages  ## load on REST, chat API and phone webhooks: make run vs make cluster vs rasa init -> BENCHMARKS.md
	$(PY) -m devtools.load_bench

test-cluster: install cluster-packages  ## the cluster's fault tests (kill -9, restarts, store outages)
	MADOGUCHI_TEST_CLUSTER_FULL=1 $(PY) -m pytest -q -m cluster tests/cluster

eval-dev: install  ## the hand-written dev set of resident-style questions (tuning only; tests/data/dev/)
	$(PY) -m devtools.eval_dev $(ARGS)

eval-languages-dev: install  ## per language, a dev quarter of the corpus's own questions (tuning only; ARGS=--languages=en,zh)
	$(PY) -m devtools.eval_languages_dev $(ARGS)

eval-import: install  ## a realistic city's FAQ list imported and asked in residents' words (right first, top 5, answered right/wrong, training time and memory)
	$(PY) -m devtools.eval_import $(ARGS)

import-faq: install  ## take in a city's FAQ list (FILE=faq.csv or .xlsx), as the console does
	@test -n "$(FILE)" || { echo "usage: make import-faq FILE=path/to/faq.csv"; exit 2; }
	$(PY) -m madoguchi.corpus import-faq "$(FILE)"

shell: install  ## talk to the bot in the terminal
	$(PY) -m bot.chat

lint: install  ## ruff (lint and format) and strict mypy, as CI runs them
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy madoguchi bot gateway ivr webchat console devtools

clean:  ## build and test leftovers; residents' conversations and the staff log in var/ stay
	rm -rf .rasa bot/models .pytest_cache .ruff_cache .mypy_cache test-artifacts

wipe-data:  ## deletes var/: every stored conversation, call record, feedback and the staff log
	@read -r -p "Delete var/ (conversations, calls, staff log)? Type yes: " answer && [ "$$answer" = yes ]
	rm -rf var
