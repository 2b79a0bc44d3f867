"""The law as data: preambles cite what the catalogue gives for the act's kind and date, check holds every
act to the law's calendar, and act numbers and codes are plain text in every document."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest

from pipeline.content import law
from pipeline.core import lt
from pipeline.commands.build import Options, build
from pipeline.content.plan import load_plan
from pipeline.content.law import act_day

from .conftest import CONTENT, SAMPLES, copy_plan, paragraphs, plain, run_cli

INVISIBLE = re.compile("[\u2011\u2060\u200b\u200c\u200d\ufeff\u00ad]")
KINDS = {"decision.docx": law.PLAN, "concept-decision.docx": law.CONCEPT, "amendment-decision.docx": law.AMENDMENT}


def _documents(name: str, out: Path) -> Path:
    """Build every document of a sample as its official sees it (adopted acts as recorded), into out."""
    build(CONTENT / name, ["all"], out)
    plan, _ = load_plan(CONTENT / name)
    for year in plan.reports:
        build(CONTENT / name, ["report"], out, Options(year=year))
    if plan.amendment is not None:
        build(CONTENT / name, ["amendment"], out)
    return out


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, Path]:
    return {name: _documents(name, tmp_path_factory.mktemp(name)) for name in SAMPLES}


def _preamble(path: Path) -> str:
    return next(t for t in paragraphs(path) if t.startswith("Vadovaudam"))


def _acts(name: str) -> list[tuple[str, str, object, dt.date | None]]:
    """Return every act of a sample whose preamble the documents write: (file, kind, act, submitted)."""
    plan, _ = load_plan(CONTENT / name)
    from pipeline.content.views import order_file_names

    acts = [(order_file_names(plan)[o.key], law.ORDER, o, None) for o in plan.facts.orders]
    acts.append(("decision.docx", law.PLAN, plan.decision.decision, plan.decision.decision.submitted))
    acts.append(("concept-decision.docx", law.CONCEPT, plan.concept.decision, plan.concept.decision.submitted))
    acts += [(f"report-decision-{y}.docx", law.REPORT, r.decision, None) for y, r in plan.reports.items()]
    if plan.amendment is not None:
        acts.append(("amendment-decision.docx", law.AMENDMENT, plan.amendment.decision, plan.amendment.decision.submitted))
    return acts


# ---------------------------------------------------------------- the catalogue


def test_the_catalogue_gives_each_provision_its_numbering_in_time():
    plan = law.citations(law.PLAN, dt.date(2024, 6, 1))
    assert plan[:2] == ["Lietuvos Respublikos vietos savivaldos įstatymo 15 straipsnio 2 dalies 32 punktu",
                        "Lietuvos Respublikos strateginio valdymo įstatymo 22 straipsnio 2 dalimi"]
    assert plan[2].startswith("Strateginio valdymo metodika, patvirtinta") and len(plan) == 3
    assert law.citations(law.PLAN, dt.date(2023, 3, 31))[0].endswith("16 straipsnio 2 dalies 40 punktu")
    assert law.citations(law.REPORT, dt.date(2024, 6, 1))[1].endswith("22 straipsnio 3 dalimi")
    # before 2021-01-01 the Strategic Management Law was not in force: a plan rests on the Local Self-Government Law
    assert law.citations(law.PLAN, dt.date(2020, 12, 31)) == [
        "Lietuvos Respublikos vietos savivaldos įstatymo 16 straipsnio 2 dalies 40 punktu"]
    methodology = law.act_reference(law.catalogue().acts["metodika"])
    assert methodology.startswith("Strateginio valdymo metodika, patvirtinta Lietuvos Respublikos Vyriausybės "
                                  "2021 m. balandžio 28 d. nutarimu Nr. 292 „Dėl Lietuvos Respublikos strateginio")


def test_every_fact_of_the_catalogue_names_its_source():
    for act in law.catalogue().acts.values():
        assert act.source
        for provision in act.provisions.values():
            assert all(n.source for n in provision.numbering)


def test_a_preamble_is_written_as_lithuanian_acts_write_it():
    own = law.OwnAct("Kauno miesto savivaldybės tarybos", "sprendimas", dt.date(2021, 2, 16), "T-50",
                     "Dėl Kauno miesto savivaldybės strateginio planavimo tvarkos aprašo patvirtinimo",
                     "Kauno miesto savivaldybės strateginio planavimo tvarkos aprašu, patvirtintu")
    assert law.preamble(law.CONCEPT, dt.date(2024, 6, 1), ["VSĮ:viesumas", "SVĮ:22-3"], [own]) == (
        "Lietuvos Respublikos vietos savivaldos įstatymo 15 straipsnio 2 dalies 32 punktu, 60 straipsnio 6 dalimi, "
        "Lietuvos Respublikos strateginio valdymo įstatymo 22 straipsnio 3 dalimi ir Kauno miesto savivaldybės "
        "strateginio planavimo tvarkos aprašu, patvirtintu Kauno miesto savivaldybės tarybos 2021 m. vasario 16 d. "
        "sprendimu Nr. T-50 „Dėl Kauno miesto savivaldybės strateginio planavimo tvarkos aprašo patvirtinimo“")
    assert law.preamble(law.ORDER, dt.date(2024, 6, 1)) == (
        "Lietuvos Respublikos vietos savivaldos įstatymo 25 straipsnio 5 dalimi ir 27 straipsnio 2 dalies 10 punktu")
    assert law.provision_text([(22, 2, None), (22, 3, None)]) == "22 straipsnio 2 ir 3 dalimis"
    assert law.provision_text([(27, 2, 10), (27, 2, 26)]) == "27 straipsnio 2 dalies 10 ir 26 punktais"


# ---------------------------------------------------------------- the samples


@pytest.mark.parametrize("name", SAMPLES)
def test_each_preamble_cites_the_catalogue_for_its_kind_and_date(documents, name):
    for file, kind, act, submitted in _acts(name):
        preamble = _preamble(documents[name] / file)
        on = act_day(act.date, submitted)
        for _, cited, numbering in law.basis(kind, on):
            if numbering is None:  # a whole act: named with issuer, date, kind, number and title
                assert plain(law.act_reference(cited)) in preamble, (file, cited.title)
                continue
            assert cited.genitive in preamble, (file, cited.title)
            assert law.provision_text([numbering.place]) in preamble, (file, numbering)
        assert "33 punkt" not in preamble and "11 straipsni" not in preamble, (file, preamble)
        if on < dt.date(2021, 1, 1):  # no act cites a law before its entry into force
            assert "strateginio valdymo įstatym" not in preamble, (file, preamble)


def test_panevezys_order_of_2020_does_not_cite_the_strategic_management_law(documents):
    preamble = _preamble(documents["panevezys-2027"] / "order.docx")
    assert preamble.startswith("Vadovaudamasi Lietuvos Respublikos vietos savivaldos įstatymo 20 straipsnio 4 dalimi, ")
    assert "strateginio valdymo" not in preamble


@pytest.mark.parametrize("name", SAMPLES)
def test_no_sample_repeals_retroactively(documents, name):
    plan, _ = load_plan(CONTENT / name)
    decision = plan.decision.decision
    repeal = next(t for t in paragraphs(documents[name] / "decision.docx") if "Pripažinti netekusiu galios" in t)
    since = re.search(r"galios nuo (\d{4} m\. \w+ \d+ d\.)", repeal)
    if since:
        dates = {plain(lt.long_date(dt.date(2000, 1, 1) + dt.timedelta(days=n))): n for n in range(0, 15000)}
        assert dt.date(2000, 1, 1) + dt.timedelta(days=dates[since.group(1)]) >= act_day(decision.date)


@pytest.mark.parametrize("name", SAMPLES)
def test_decisions_are_published_in_the_register_and_on_the_website(documents, name):
    plan, _ = load_plan(CONTENT / name)
    sentence = (f"Šis sprendimas skelbiamas Teisės aktų registre ir {plan.facts.municipality.genitive} interneto "
                f"svetainėje {plan.facts.website}.")
    for file, kind, _, _ in _acts(name):
        if kind != law.ORDER:
            assert sentence in paragraphs(documents[name] / file), file


def test_report_and_amendment_decisions_name_the_plans_approving_act_in_full(documents):
    kaunas = ("Kauno miesto savivaldybės tarybos 2022 m. gegužės 24 d. sprendimu Nr. T-250 „Dėl Kauno miesto "
              "savivaldybės strateginio plėtros plano iki 2030 metų patvirtinimo“")
    for year in (2023, 2024):
        point = paragraphs(documents["kaunas-2030"] / f"report-decision-{year}.docx")
        assert any(t.startswith(f"Patvirtinti {kaunas} patvirtinto Kauno miesto") for t in point), year
        note_file = documents["kaunas-2030"] / f"report-explanatory-note-{year}.docx"
        if not note_file.exists():  # the report of 2023 was adopted without a note
            continue
        note = "\n".join(paragraphs(note_file))
        assert "Lietuvos Respublikos vietos savivaldos įstatymo 15 straipsnio 2 dalies 32 punktą" in note
        assert kaunas in note and "Strateginio valdymo metodiką, patvirtintą Lietuvos Respublikos Vyriausybės" in note
    klaipeda = ("Klaipėdos miesto savivaldybės tarybos 2021 m. kovo 25 d. sprendimu Nr. T2-57 „Dėl Klaipėdos miesto "
                "savivaldybės strateginio plėtros plano 2021–2030 m. patvirtinimo“")
    for file in ("amendment-decision.docx", "report-decision-2024.docx", "amendment-explanatory-note.docx"):
        assert klaipeda in "\n".join(paragraphs(documents["klaipeda-2030"] / file)), file


@pytest.mark.parametrize("name", SAMPLES)
def test_no_document_carries_invisible_characters(documents, name):
    files = sorted(documents[name].glob("*.docx"))
    assert len(files) >= 8
    for path in files:
        with zipfile.ZipFile(path) as package:
            for part in package.namelist():
                if part.endswith(".xml"):
                    found = INVISIBLE.search(package.read(part).decode("utf-8"))
                    assert not found, f"{path.name}/{part}: U+{ord(found.group()):04X}"


@pytest.mark.parametrize("name", SAMPLES)
def test_codes_and_act_numbers_are_found_as_typed(documents, name):
    plan, _ = load_plan(CONTENT / name)
    text = "\n".join(t for path in sorted(documents[name].glob("*.docx")) for t in paragraphs(path, raw=True))
    codes = [i.code for g in plan.groups if g.goals for i in g.goals.indicators]
    numbers = [o.number for o in plan.facts.orders if o.number] + [plan.facts.plan.previous.approved_by.number]
    numbers += [d.number for d in (plan.decision.decision, *(r.decision for r in plan.reports.values())) if d.number]
    assert codes and numbers
    for typed in codes + numbers:
        assert typed in text, typed
    assert f"{plan.facts.plan.start}–{plan.facts.plan.end}" in text or str(plan.facts.plan.end) in text


@pytest.mark.parametrize("name", SAMPLES)
def test_no_document_prints_that_its_data_are_invented(documents, name):
    for path in documents[name].glob("*.docx"):
        assert "pavyzdiniai" not in "\n".join(paragraphs(path)).lower(), path.name


def test_data_sources_are_named_as_of_each_editions_date(documents):
    # Klaipėda's edition of 2021 names Lietuvos statistikos departamentas; its amendment (after 2023) the agency
    recorded = "\n".join(paragraphs(CONTENT / "klaipeda-2030/redakcijos/2021-03-25-t2-57-planas/dokumentai/plan.docx"))
    amended = "\n".join(paragraphs(documents["klaipeda-2030"] / "amendment-plan.docx"))
    assert "Lietuvos statistikos departamentas" in recorded and "Valstybės duomenų agentūra" not in recorded
    assert "Valstybės duomenų agentūra" in amended


# ---------------------------------------------------------------- check knows the law's calendar


def _check(root: Path) -> tuple[int, list[str]]:
    result = run_cli("check", str(root))
    assert "Traceback" not in result.stdout + result.stderr and result.returncode != 70
    return result.returncode, result.stdout.splitlines()


def _line(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), start=1) if text in line)


def _set(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_decision_dated_before_2021_rests_on_no_strategic_management_law(tmp_path):
    root = copy_plan("alytus-2030", tmp_path, ledger=False)
    decision = root / "sprendimas.yaml"
    _set(decision, "sprendimas:\n", "sprendimas:\n  numeris: T-300\n  data: 2020-12-17\n")
    assert _check(root)[0] == 0
    build(root, ["plan"], tmp_path / "out")
    preamble = _preamble(tmp_path / "out" / "decision.docx")
    assert preamble == ("Vadovaudamasi Lietuvos Respublikos vietos savivaldos įstatymo 16 straipsnio 2 dalies "
                        "40 punktu, Alytaus miesto savivaldybės taryba n u s p r e n d ž i a:")
    # naming the law itself is refused with the day it enters into force
    _set(decision, "sprendimas:\n", "sprendimas:\n  pagrindas: [\"SVĮ:22-2\"]\n")
    code, lines = _check(root)
    assert code == 1
    assert (f"{root}/sprendimas.yaml:{_line(decision, 'pagrindas:')}: Lietuvos Respublikos strateginio valdymo įstatymas įsigalioja tik 2021 m. "
            "sausio 1 d. (2021-01-01), o akto data – 2020 m. gruodžio 17 d. (2020-12-17): aktas gali remtis tik tuo, "
            "kas galiojo jo dieną") in [plain(line) for line in lines]


def test_free_text_naming_the_law_before_it_is_in_force_is_refused_at_its_line(tmp_path):
    root = copy_plan("panevezys-2027", tmp_path, ledger=False)
    facts = root / "planas.yaml"
    _set(facts, "      siekdama užtikrinti", "      Lietuvos Respublikos strateginio valdymo įstatymu, siekdama užtikrinti")
    code, lines = _check(root)
    line = _line(facts, "teisinis_pagrindas:")
    assert code == 1
    assert (f"{root}/planas.yaml:{line}: teisiniame pagrinde minimas Lietuvos Respublikos strateginio valdymo įstatymas "
            "įsigalioja tik 2021 m. sausio 1 d. (2021-01-01), o akto data – 2020 m. liepos 15 d. (2020-07-15)"
            ) in [plain(x) for x in lines]


@pytest.mark.parametrize("how", ["key", "text"])
def test_a_plan_resting_on_the_procedure_description_point_is_refused_at_its_line(tmp_path, how):
    root = copy_plan("kaunas-2030", tmp_path, ledger=False)
    decision = root / "sprendimas.yaml"
    if how == "key":
        _set(decision, "  data: 2022-05-24\n", "  data: 2023-05-24\n  pagrindas: [\"VSĮ:tvarkos-aprasas\"]\n")
        line = _line(decision, "pagrindas:")
        expected = ("Plano tvirtinimo sprendimas negali remtis nuostata „VSĮ:tvarkos-aprasas“: tai strateginio "
                    "planavimo tvarkos aprašo tvirtinimas, ne plano")
    else:
        _set(decision, "  data: 2022-05-24\n", "  data: 2023-05-24\n  teisinis_pagrindas: >-\n    Lietuvos "
             "Respublikos vietos savivaldos įstatymo 15 straipsnio 2 dalies 33 punktu\n")
        line = _line(decision, "teisinis_pagrindas:")
        expected = ("Plano tvirtinimo sprendimas negali remtis Lietuvos Respublikos vietos savivaldos įstatymo "
                    "15 straipsnio 2 dalies 33 punktu: tai strateginio planavimo tvarkos aprašo tvirtinimas, ne plano")
    code, lines = _check(root)
    assert code == 1
    assert any(plain(x).startswith(f"{root}/sprendimas.yaml:{line}: {expected}") for x in lines), lines


def test_the_old_numbering_after_2023_is_refused_with_the_one_in_force(tmp_path):
    root = copy_plan("kaunas-2030", tmp_path, ledger=False)
    report = root / "stebesena" / "2024.yaml"
    _set(report, "sprendimas:\n", "sprendimas:\n  numeris: T-300\n  data: 2025-06-12\n  teisinis_pagrindas: "
         "Lietuvos Respublikos vietos savivaldos įstatymo 16 straipsnio 2 dalies 40 punktu ir 18 straipsnio 1 dalimi\n")
    code, lines = _check(root)
    line = _line(report, "teisinis_pagrindas:")
    assert code == 1
    lines = [plain(x) for x in lines]
    assert (f"{root}/stebesena/2024.yaml:{line}: Lietuvos Respublikos vietos savivaldos įstatymo 16 straipsnio 2 dalies "
            "40 punktu negalima remtis akto dieną, 2025 m. birželio 12 d. (2025-06-12): ši numeracija galiojo iki "
            "2023-03-31; tą dieną ši nuostata buvo 15 straipsnio 2 dalies 32 punktas") in lines
    # an article the catalogue does not know cannot be told: a warning, not an error
    assert any(x.startswith(f"{root}/stebesena/2024.yaml:{line}: įspėjimas: Lietuvos Respublikos vietos savivaldos "
                            "įstatymo 18 straipsnio 1 dalimi: teisės aktų kataloge tokios nuostatos nėra") for x in lines)


def test_a_repeal_before_the_decision_takes_effect_is_refused_at_its_line(tmp_path):
    root = copy_plan("kaunas-2030", tmp_path, ledger=False)
    facts = root / "planas.yaml"
    _set(facts, "    netenka_galios: 2023-01-01", "    netenka_galios: 2022-01-01")
    code, lines = _check(root)
    assert code == 1
    assert (f"{root}/planas.yaml:{_line(facts, 'netenka_galios:')}: ankstesnis planas negali netekti galios 2022 m. "
            "sausio 1 d. (2022-01-01): jį panaikinantis sprendimas įsigalioja tik 2022 m. gegužės 24 d. (2022-05-24), o "
            "teisės aktas neturi grįžtamosios galios (Teisėkūros pagrindų įstatymo 20 straipsnis)"
            ) in [plain(x).split("; nurodykite")[0] for x in lines]


def test_an_entry_into_force_before_the_decision_is_refused(tmp_path):
    root = copy_plan("kaunas-2030", tmp_path, ledger=False)
    decision = root / "sprendimas.yaml"
    _set(decision, "  data: 2022-05-24\n", "  data: 2022-05-24\n  įsigalioja: 2022-01-01\n")
    code, lines = _check(root)
    assert code == 1
    assert any(plain(x).startswith(f"{root}/sprendimas.yaml:{_line(decision, 'įsigalioja:')}: sprendimas negali "
                                   "įsigalioti anksčiau (2022 m. sausio 1 d. (2022-01-01)) nei priimtas") for x in lines)


def test_an_own_act_adopted_after_the_citing_act_is_refused(tmp_path):
    root = copy_plan("alytus-2030", tmp_path, ledger=False)
    facts = root / "planas.yaml"
    _set(facts, "        data: 2019-12-19\n", "        data: 2021-12-19\n")
    code, lines = _check(root)
    assert code == 1
    assert any(plain(x).startswith(f"{root}/planas.yaml:{_line(facts, 'data: 2021-12-19')}: cituojamas aktas Nr. T-401 "
                                   "priimtas 2021 m. gruodžio 19 d.") for x in lines), lines


def test_an_unknown_catalogue_reference_is_named_with_a_hint(tmp_path):
    root = copy_plan("kaunas-2030", tmp_path, ledger=False)
    _set(root / "sprendimas.yaml", "  data: 2022-05-24\n", "  data: 2022-05-24\n  pagrindas: [\"VSĮ:plana\"]\n")
    code, lines = _check(root)
    assert code == 1
    assert (f"{root}/sprendimas.yaml:7: teisės aktų kataloge nėra nuorodos „VSĮ:plana“; gal turėta omenyje "
            "„VSĮ:planai“?") in lines


def test_the_concepts_legal_basis_text_is_held_to_the_calendar(tmp_path):
    root = copy_plan("panevezys-2027", tmp_path, ledger=False)
    concept = root / "koncepcija.yaml"
    _set(concept, "  Planas rengiamas vadovaujantis Lietuvos Respublikos vietos savivaldos įstatymu,",
         "  Planas rengiamas vadovaujantis Lietuvos Respublikos vietos savivaldos įstatymo 15 straipsnio 2 dalies "
         "33 punktu,")
    code, lines = _check(root)
    assert code == 1
    assert any(plain(x).startswith(f"{root}/koncepcija.yaml:{_line(concept, 'teisinis_pagrindas:')}: Sprendimas dėl "
                                   "koncepcijos negali remtis Lietuvos Respublikos vietos savivaldos įstatymo 15 "
                                   "straipsnio 2 dalies 33 punktu") for x in lines), lines
