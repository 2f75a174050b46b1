# vanban — `make run` starts the whole backend on the embedded default; `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
export VANBAN_DATA_DIR ?= $(CURDIR)/data

.PHONY: install run test test-unit test-integration test-e2e lint typecheck bench-ingest bench-search bench-web score score-split score-train-extra score-pages score-confidence train-tagger train-assign train-rank eval-retrieval clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

run: install
	$(BIN)/vanban db upgrade
	@echo "vanban: http://$(HOST):$(PORT)/ui/  (log in as admin, password in $(VANBAN_DATA_DIR)/admin-password.txt; API docs: http://$(HOST):$(PORT)/docs)"
	$(BIN)/vanban serve --host $(HOST) --port $(PORT)

# The tests run on PYTEST_WORKERS processes (pytest-xdist), one test module per unit of work, the long folders
# handed out first (tests/conftest.py); every shared service resource is per worker (DEVELOPERS.md, "Tests in
# parallel"). PYTEST_WORKERS=0 runs them in this one process, as before.
PYTEST_WORKERS ?= 2
PYTEST_PARALLEL = $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadgroup --no-loadscope-reorder)

test: install
	$(BIN)/pytest -q $(PYTEST_PARALLEL)

test-unit: install
	$(BIN)/pytest -q $(PYTEST_PARALLEL) tests/unit

# with the real services: eval "$$(bash deploy/local/services.sh env)" first (see README, Tests)
test-integration: install
	$(BIN)/pytest -q $(PYTEST_PARALLEL) tests/integration

test-e2e: install
	$(BIN)/pytest -q $(PYTEST_PARALLEL) tests/e2e

lint: install
	$(BIN)/ruff check services tests scripts
	$(BIN)/python scripts/check_constant_rebinding.py services scripts tests
	$(BIN)/lint-imports
	$(BIN)/mypy services/vntext services/ingest/understanding

typecheck: install
	$(BIN)/mypy services/vntext services/ingest/understanding

bench-ingest: install
	$(BIN)/python scripts/bench_ingest.py

# BENCH_ES_URL=http://127.0.0.1:59200 make bench-search also measures Elasticsearch beside the embedded engine
bench-search: install
	$(BIN)/python scripts/bench_search.py --engine tantivy
	@if [ -n "$(BENCH_ES_URL)" ]; then $(BIN)/python scripts/bench_search.py --engine es --es-url $(BENCH_ES_URL); fi

# time to interactive of each page in Chromium (BENCH_WEB_DOCS documents, embedded default)
BENCH_WEB_DOCS ?= 5000
bench-web: install
	$(BIN)/python scripts/bench_web.py --docs $(BENCH_WEB_DOCS)

SHARED ?= ../shared
score: install
	$(BIN)/python $(SHARED)/tools/score_extraction.py $(SHARED)/data/directives-dev.jsonl $(SHARED)/data/letters-dev.jsonl $(SHARED)/data/fulldocs-dev.jsonl $(SHARED)/data/metadata-dev.jsonl

# directives-train split by scripts/split_labels.py (seed and held-out ids recorded): the tuning part, then the
# untouched held-out third (only ever scored, never read while writing rules)
score-split: install
	$(BIN)/python scripts/split_labels.py --source $(SHARED)/data/directives-train.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py .cache/split/train-tune.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py .cache/split/train-holdout.jsonl

# does the confidence separate the wrong tasks (scripts/score_confidence.py)? the training sets the signals were chosen
# on; the held-out sets (.cache/split/train-holdout.jsonl, data/labelled/directives-pages.jsonl, -whole.jsonl) are
# only ever scored with it, figures only
score-confidence: install
	$(BIN)/python scripts/split_labels.py --source $(SHARED)/data/directives-train.jsonl
	$(BIN)/python scripts/score_confidence.py --shared $(SHARED) .cache/split/train-tune.jsonl \
		data/labelled/directives-extra.jsonl $(SHARED)/data/directives-dev.jsonl $(SHARED)/data/letters-dev.jsonl \
		$(SHARED)/data/fulldocs-dev.jsonl

# data/labelled/directives-notices-train.jsonl: whole notices, plans, chỉ thị, letters (labels6) - a TRAINING set:
# figures on it are training figures (data/labelled/README.md). Same for directives-whole2-train.jsonl (labels7).
score-train-extra: install
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-notices-train.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-whole2-train.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-whole3-train.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-whole4-train.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-whole5-train.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-whole6-train.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-whole7-train.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-whole8-train.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-whole9-train.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-whole10-train.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-whole11-train.jsonl

# data/labelled/directives-pages.jsonl: a second held-out set of real public directive passages (data/labelled/README.md).
# Only ever scored: never read at run time, never used to write or tune rules. Same for
# data/labelled/directives-notices.jsonl (labels6: whole notices, plans, chỉ thị, letters; the score-only half of its split)
# data/labelled/directives-whole2.jsonl (labels7: whole letters, chỉ thị, notices, plans; the score-only half),
# data/labelled/directives-whole3.jsonl (labels8: whole conclusion notices, plans, normative texts; the score-only half) and
# data/labelled/directives-whole4.jsonl (labels9: provincial conclusion notices, letters to departments and communes,
# ministries' letters to provinces; the score-only half) and
# data/labelled/directives-whole5.jsonl (labels10: new sources only — district/commune pages, Đắk Nông district and
# department portals' documents; split by source, the score-only part) and
# data/labelled/directives-whole6.jsonl (labels12: new sources only — commune/ward, party, mass-organisation and
# ministry-to-province items; split by source with seed labels12, the score-only part) and
# data/labelled/directives-whole7.jsonl (labels13: new sources only — district/ward leaders' conclusions, party
# bodies, ministries and departments to the levels below; split by source with seed labels13, the score-only part) and
# data/labelled/directives-whole8.jsonl (labels14: new sources only — 2025 two-level-government communes/wards,
# leaders' conclusions, letters with limits; split by source with seed labels14, digits 8-f, the score-only part).
# data/labelled/directives-whole9.jsonl (labels15: new sources only — provincial and district directions, whole PDFs and
# scans from repositories; split by source with seed labels15, digits 8-f, the score-only part) likewise.
# data/labelled/directives-whole10.jsonl (labels16: new sources only — 2025 commune/ward items, letters and notices with
# limits; split by source with seed labels16, digits 8-f, the score-only part).
# data/labelled/directives-whole11.jsonl (labels17: new sources only — provincial, district and commune items with duties
# per unit, leaders' opinions conveyed, hard negatives; split by source with seed labels17, digits 8-f, the score-only part).
score-pages: install
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-pages.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-whole.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-notices.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-whole2.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-whole3.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-whole4.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-whole5.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-whole6.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-whole7.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-whole8.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-whole9.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-whole10.jsonl
	$(BIN)/python $(SHARED)/tools/score_extraction.py data/labelled/directives-whole11.jsonl

# the statistical tagger beside the rules (services/ingest/understanding/tagger.py): trained on the TRAINING files only
# (the tune part of directives-train, never its held-out third), combination chosen by 5-fold cross-validation, saved
# with its card in services/ingest/understanding/models/
train-tagger: install
	$(BIN)/python scripts/split_labels.py --source $(SHARED)/data/directives-train.jsonl
	$(BIN)/python scripts/train_tagger.py --shared $(SHARED) --no-rule-features .cache/split/train-tune.jsonl \
		data/labelled/directives-extra.jsonl data/labelled/directives-notices-train.jsonl \
		data/labelled/directives-whole2-train.jsonl data/labelled/directives-whole3-train.jsonl \
		data/labelled/directives-whole4-train.jsonl data/labelled/directives-whole5-train.jsonl \
		data/labelled/directives-whole6-train.jsonl data/labelled/directives-whole7-train.jsonl \
		data/labelled/directives-whole8-train.jsonl \
		$(SHARED)/data/directives-dev.jsonl $(SHARED)/data/letters-dev.jsonl $(SHARED)/data/fulldocs-dev.jsonl

# the sentence-level "is this an assignment?" model beside the rules (services/ingest/understanding/assign_model.py):
# trained on the TRAINING files only (the tune part of directives-train, never its held-out third), its combination
# with the rules chosen by 5-fold cross-validation by document, saved with its card in
# services/ingest/understanding/models/assign.json
train-assign: install
	$(BIN)/python scripts/split_labels.py --source $(SHARED)/data/directives-train.jsonl
	$(BIN)/python scripts/train_assign.py --shared $(SHARED) .cache/split/train-tune.jsonl \
		data/labelled/directives-extra.jsonl data/labelled/directives-notices-train.jsonl \
		data/labelled/directives-whole2-train.jsonl data/labelled/directives-whole3-train.jsonl \
		data/labelled/directives-whole4-train.jsonl data/labelled/directives-whole5-train.jsonl \
		$(SHARED)/data/directives-dev.jsonl $(SHARED)/data/letters-dev.jsonl $(SHARED)/data/fulldocs-dev.jsonl

# the learned search stage (services/search/rerank.py): 5-fold cross-validated on the ALQAC train questions, then
# trained on all of them and saved with its figures in services/search/rerank_model.json; RANK_ENGINES=tantivy,es
# also ranks Elasticsearch's candidates (VANBAN_ES_URL, default 127.0.0.1:59200)
RANK_ENGINES ?= tantivy
VANBAN_ES_URL ?= http://127.0.0.1:59200
train-rank: install
	$(BIN)/python scripts/train_rank.py --engines $(RANK_ENGINES) --es-url $(VANBAN_ES_URL) --ablation --nested --save \
		--laws $(SHARED)/data/laws \
		--corpus $(SHARED)/data/retrieval/alqac23_law.json --queries $(SHARED)/data/retrieval/alqac23_train.json

# retrieval quality through the engine, first stages alone and with the shipped stage 3, with and without accents
eval-retrieval: install
	$(BIN)/python scripts/eval_retrieval.py --corpus $(SHARED)/data/retrieval/alqac23_law.json \
		--queries $(SHARED)/data/retrieval/alqac23_train.json

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
