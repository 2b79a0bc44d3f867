# Strategic development plan documents. `make help` lists the targets.
# PLAN=<name> limits a target to content/<name>/; without it every plan under content/ is built.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
READY  := $(VENV)/.installed
PLAN   ?=
PLANS  := $(if $(PLAN),$(PLAN),$(patsubst content/%/planas.yaml,%,$(wildcard content/*/planas.yaml)))
CODE   := $(wildcard pipeline/*.py)

# Every file of a plan's content folder, and the files the order and the concept read: a change
# rebuilds only the targets that read it (and the pipeline itself re-renders only documents
# whose own inputs changed).
content_of = $(shell find content/$(1) -type f ! -name '.*' 2>/dev/null)
order_inputs = content/$(1)/planas.yaml $(wildcard content/$(1)/grupes/*/grupe.yaml content/$(1)/*.png content/$(1)/*.jpg)
concept_inputs = $(call order_inputs,$(1)) $(wildcard content/$(1)/strategija.yaml content/$(1)/koncepcija.yaml)

.PHONY: help order plan concept all check test schema pdf preview bench clean
.DEFAULT_GOAL := help

help:
	@echo "Strateginio plėtros plano dokumentai (PLAN=<pavadinimas> – tik content/<pavadinimas>/)"
	@echo "  make order    mero potvarkiai ir darbo grupių reglamentas  → build/<planas>/order.docx, regulations.docx"
	@echo "  make plan     tarybos sprendimo projektas, planas, stebėsenos metodika, aiškinamasis raštas"
	@echo "  make concept  plano koncepcija"
	@echo "  make all      visi dokumentai"
	@echo "  make check    patikrinti turinį (klaidos: failas:eilutė: pranešimas)"
	@echo "  make pdf      paversti parengtus dokumentus į PDF (reikia LibreOffice)"
	@echo "  make preview  pirmųjų PDF puslapių paveikslėliai build/<planas>/preview/"
	@echo "  make schema   JSON schema redaktoriams → schema/"
	@echo "  make test     testai"
	@echo "  make bench    greičio matavimai → build/bench.json"
	@echo "  make clean    ištrinti build/"

$(READY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

order:   $(PLANS:%=build/%/order.docx)
plan:    $(PLANS:%=build/%/plan.docx)
concept: $(PLANS:%=build/%/concept.docx)
all:     order plan concept

define PLAN_RULES
build/$(1)/order.docx: $(READY) $(CODE) templates/order.docx templates/regulations.docx $(call order_inputs,$(1))
	$(PY) -m pipeline build content/$(1) order

build/$(1)/plan.docx: $(READY) $(CODE) $(wildcard templates/*.docx) $(call content_of,$(1))
	$(PY) -m pipeline build content/$(1) plan

build/$(1)/concept.docx: $(READY) $(CODE) templates/concept.docx $(call concept_inputs,$(1))
	$(PY) -m pipeline build content/$(1) concept

# LibreOffice is slow to start: PDFs are made again only when a document changed.
build/$(1)/.pdf-done: build/$(1)/order.docx build/$(1)/plan.docx build/$(1)/concept.docx
	$(PY) -m pipeline pdf build/$(1)
	@touch $$@

build/$(1)/preview/.done: build/$(1)/.pdf-done
	$(PY) -m pipeline preview build/$(1)
	@touch $$@
endef
$(foreach p,$(PLANS),$(eval $(call PLAN_RULES,$(p))))

check: $(READY)
	@status=0; for p in $(PLANS); do $(PY) -m pipeline check content/$$p || status=1; done; exit $$status

schema: $(READY)
	$(PY) -m pipeline schema schema

test: $(READY)
	$(PY) -m pytest

pdf:     $(PLANS:%=build/%/.pdf-done)
preview: $(PLANS:%=build/%/preview/.done)

bench: $(READY)
	$(PY) -m pipeline.bench

clean:
	rm -rf build
