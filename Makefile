# Strategic development plan documents. `make help` lists the targets.
# PLAN=<name> limits a target to content/<name>/; without it every plan under content/ is built.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
READY  := $(VENV)/.installed
PLAN   ?=
YEAR   ?=
SINCE  ?=
FORMS  ?=
ACT    ?=
FUZZ_MUTANTS ?= 2000
FUZZ_SEED    ?= 1

# What users set is a value, never code. Each is kept as typed (make does not expand a "$" in it)
# and reaches the pipeline through the environment, where recipes quote it ("$$YEAR"): no byte of
# it is read by make or by the shell as syntax. The pipeline checks what the values mean.
override PLAN  := $(value PLAN)
override YEAR  := $(value YEAR)
override SINCE := $(value SINCE)
override FORMS := $(value FORMS)
override ACT   := $(value ACT)
override FUZZ_MUTANTS := $(value FUZZ_MUTANTS)
override FUZZ_SEED    := $(value FUZZ_SEED)
export PLAN YEAR SINCE FORMS ACT
help fuzz: export FUZZ_MUTANTS := $(FUZZ_MUTANTS)
help fuzz: export FUZZ_SEED := $(FUZZ_SEED)

# A plan's name becomes make's target names (build/<plan>/.plan.made) and a word of commands, so
# only letters, digits, "-", "_" and "." may be in it; anything else stops make before any rule runs.
NAME_CHARS := a b c d e f g h i j k l m n o p q r s t u v w x y z A B C D E F G H I J K L M N O P Q R S T U V W X Y Z \
              0 1 2 3 4 5 6 7 8 9 - _ .
name_rest = $(if $(2),$(call name_rest,$(subst $(firstword $(2)),,$(1)),$(wordlist 2,$(words $(2)),$(2))),$(1))
unsafe_chars = $(filter-out [],$(call name_rest,[$(1)],$(NAME_CHARS)))
unsafe_name = $(or $(call unsafe_chars,$(1)),$(filter .% -%,$(1)))
NAME_RULE := plano pavadinime (aplanko content/<pavadinimas>/ vardas) gali būti tik lotyniškos raidės, skaitmenys, „-“, „_“ ir „.“

ifneq ([$(PLAN)],[])
ifneq ($(call unsafe_name,$(PLAN)),)
$(error PLAN „$(PLAN)“ netinkamas: $(NAME_RULE))
endif
PLANS  := $(PLAN)
else
# make splits a found name at its spaces: each word must be a whole content/<safe name>/planas.yaml.
FOUND  := $(wildcard content/*/planas.yaml)
plan_of = $(if $(filter content/%/planas.yaml,$(1)),$(if $(call unsafe_name,$(1:content/%/planas.yaml=%)),,$(1:content/%/planas.yaml=%)))
PLANS  := $(strip $(foreach w,$(FOUND),$(call plan_of,$(w))))
BAD_PLANS := $(strip $(foreach w,$(FOUND),$(if $(call plan_of,$(w)),,$(w))))
ifneq ($(BAD_PLANS),)
ifneq ($(filter-out help clean,$(or $(MAKECMDGOALS),help)),)
$(error netinkamas plano aplanko pavadinimas: „$(BAD_PLANS)“ – $(NAME_RULE); pervadinkite aplanką)
endif
endif
endif
# A goal named on the command line (build/<plan>/.plan.made) gives a recipe its $* as well.
GOAL_RULE := jame gali būti tik lotyniškos raidės, skaitmenys, „-“, „_“, „.“ ir „/“
$(foreach g,$(MAKECMDGOALS),$(if $(call unsafe_chars,$(subst /,,$(g))),$(error tikslas „$(g)“ netinkamas: $(GOAL_RULE))))
REPORT_PLANS := $(filter $(PLANS),$(patsubst content/%/stebesena,%,$(wildcard content/*/stebesena)))

# The command sets of `python -m pipeline build` come from the registry (pipeline/documents/registry.py,
# which holds what each one makes): the pipeline writes them for make (`python -m pipeline sets --make`)
# and prints their help lines. make knows what a set is made from through the dependency files the
# pipeline writes beside its output (build/<plan>/.<set>.d): no list of sets or inputs lives here.
SETS_MK := build/.sets.mk
ifneq ($(filter-out help clean,$(or $(MAKECMDGOALS),help)),)
include $(SETS_MK)
endif

$(SETS_MK): $(READY) $(wildcard pipeline/documents/*.py)
	@mkdir -p $(@D)
	@$(PY) -m pipeline sets --make > $@.part && mv $@.part $@

.PHONY: help $(SETS) FORCE forms import amend approve site check test fuzz schema pdf print-check preview watch context-docs templates-check snapshots bench clean
.DEFAULT_GOAL := help

help:
	@echo "Strateginio plėtros plano dokumentai (PLAN=<pavadinimas> – tik content/<pavadinimas>/)"
	@$(PY) -m pipeline sets --help-lines 2>/dev/null || echo "  (dokumentų rinkinius parodys įdiegus: make $(READY))"
	@echo "  make forms PLAN=<pavadinimas> YEAR=<metai>  vykdytojų Excel formos → build/<planas>/formos-<metai>/"
	@echo "  make import PLAN=<pavadinimas> YEAR=<metai> FORMS=<aplankas>  grąžintos formos → stebesena/<metai>.yaml"
	@echo "  make amend PLAN=<pavadinimas> [SINCE=<akto numeris, aplankas ar git versija>]  plano pakeitimas ir lyginamasis variantas"
	@echo "  make approve PLAN=<pavadinimas> ACT=<order|concept|plan|amendment|report> [YEAR=<metai>]  įrašyti priimtą aktą į redakcijos/"
	@echo "  make site     plano interneto svetainė → build/<planas>/site/ (atidarykite index.html)"
	@echo "  make check    patikrinti turinį (klaidos: failas:eilutė: pranešimas)"
	@echo "  make pdf      paversti parengtus dokumentus į PDF (reikia LibreOffice)"
	@echo "  make print-check  patikrinti spaudinį: paraštės, perskelti žodžiai, lentelių plotis, antraštės puslapio apačioje"
	@echo "  make preview  pirmųjų PDF puslapių paveikslėliai build/<planas>/preview/"
	@echo "  make watch PLAN=<pavadinimas>  perdaryti dokumentus ir PDF po kiekvieno įrašymo (Ctrl+C – baigti)"
	@echo "  make context-docs  šablonų kintamųjų sąrašas → templates/KINTAMIEJI.md"
	@echo "  make templates-check  patikrinti šablonus (stiliai, žymės); jų nekeičia"
	@echo "  make schema   JSON schema redaktoriams → schema/"
	@echo "  make test     testai"
	@echo "  make snapshots  perrašyti tests/snapshots/ (dokumentų, svetainės ir formų tekstus) pagal dabartinius; peržiūrėkite git diff"
	@echo "  make fuzz     atsitiktinai sugadinto turinio bandymai (FUZZ_MUTANTS=$$FUZZ_MUTANTS, FUZZ_SEED=$$FUZZ_SEED)"
	@echo "  make bench    greičio matavimai → build/bench.json"
	@echo "  make clean    ištrinti build/"

$(READY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

$(foreach s,$(filter-out report amendment,$(SETS)),$(eval $(s): $(PLANS:%=build/%/.$(s).made)))

# build/<plan>/.<set>.made: the stem is "<plan>/.<set>".
build/%.made: $(READY)
	$(PY) -m pipeline build content/$(*D) $(patsubst .%,%,$(*F))

# The yearly report of every plan with stebesena/; a YEAR named is always asked of the pipeline,
# which itself skips what is unchanged.
report: $(REPORT_PLANS:%=build/%/.report.made)

build/%/.report.made: $(READY) $(if $(YEAR),FORCE)
	$(PY) -m pipeline build content/$* report $${YEAR:+"--year=$$YEAR"}

FORCE:

# The public website of every plan with what it shows: the documents `make all` built, the latest yearly report
# and, where LibreOffice is installed, their PDFs (without it the site lists the Word files and says so here).
# The pipeline skips an unchanged site.
SOFFICE := $(shell command -v soffice 2>/dev/null)
site: all report $(if $(SOFFICE),$(PLANS:%=build/%/.pdf.made))
	@$(if $(SOFFICE),,echo "svetainėje nebus PDF: nerasta LibreOffice (soffice); įdiekite ją ir paleiskite make site dar kartą")
	@for p in $(PLANS); do $(PY) -m pipeline site content/$$p || exit 1; done

# An amendment against the edition in force (or SINCE: an act's number or date, a folder, a git revision).
amend: $(READY)
	@test -n "$$PLAN" || { echo "nurodykite: make amend PLAN=<pavadinimas> [SINCE=<akto numeris, aplankas ar git versija>]"; exit 2; }
	$(PY) -m pipeline amend "content/$$PLAN" $${SINCE:+"--since=$$SINCE"}

# Record an adopted act (its number and date already in content) in content/<plan>/redakcijos/.
approve: $(READY)
	@test -n "$$PLAN" -a -n "$$ACT" || { echo "nurodykite: make approve PLAN=<pavadinimas> ACT=<order|concept|plan|amendment|report> [YEAR=<metai>]"; exit 2; }
	$(PY) -m pipeline approve "content/$$PLAN" "$$ACT" $${YEAR:+"--year=$$YEAR"} $${SINCE:+"--since=$$SINCE"}

# Executors' forms for a year, and their import once returned: one plan at a time.
forms: $(READY)
	@test -n "$$PLAN" -a -n "$$YEAR" || { echo "nurodykite: make forms PLAN=<pavadinimas> YEAR=<metai>"; exit 2; }
	$(PY) -m pipeline forms "content/$$PLAN" "--year=$$YEAR"

# The pipeline itself lists the forms in the folder (FORMS, by default where `make forms` wrote them).
import: $(READY)
	@test -n "$$PLAN" -a -n "$$YEAR" || { echo "nurodykite: make import PLAN=<pavadinimas> YEAR=<metai> FORMS=<aplankas>"; exit 2; }
	$(PY) -m pipeline import "content/$$PLAN" "--year=$$YEAR" -- "$${FORMS:-build/$$PLAN/formos-$$YEAR}"

# LibreOffice is slow to start: the pipeline converts only the documents whose .docx changed.
build/%/.pdf.made: build/%/.all.made
	$(PY) -m pipeline pdf build/$*
	@touch $@

build/%/.preview.made: build/%/.pdf.made
	$(PY) -m pipeline preview build/$*
	@touch $@

-include $(wildcard build/*/.*.d)

check: $(READY)
	@status=0; for p in $(PLANS); do $(PY) -m pipeline check content/$$p || status=1; done; exit $$status

schema: $(READY)
	$(PY) -m pipeline schema schema

test: $(READY)
	$(PY) -m pytest

# Rewrite the reviewed text of every sample document, site page, data file and form after a deliberate change;
# review it with git diff.
snapshots: $(READY)
	$(PY) -m pytest tests/test_snapshots.py tests/test_snapshots_site.py tests/test_snapshots_forms.py -q -p no:cacheprovider --update-snapshots

# A longer run of the mutation fuzzer than `make test` makes: FUZZ_MUTANTS=5000 for more cases.
fuzz: $(READY)
	$(PY) -m pytest tests/test_fuzz.py -q

pdf:     $(PLANS:%=build/%/.pdf.made)
preview: $(PLANS:%=build/%/.preview.made)

# Every built document (reports and an amendment included) as printed: one "document, page: what" a finding.
print-check: all report
	$(PY) -m pipeline print-check $(PLANS:%=build/%)

# Rebuild and reconvert on every save, with LibreOffice kept running: make watch PLAN=alytus-2030
watch: $(READY)
	@test -n "$$PLAN" || { echo "nurodykite planą: make watch PLAN=<pavadinimas>"; exit 2; }
	$(PY) -m pipeline watch "content/$$PLAN"

context-docs: $(READY)
	$(PY) -m pipeline context-docs templates/KINTAMIEJI.md

templates-check: $(READY)
	$(PY) tools/check_templates.py

bench: $(READY)
	$(PY) tools/bench.py

clean:
	rm -rf build
