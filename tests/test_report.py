"""The yearly implementation report: its rule of progress, its figures, its charts and its decision."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import re
import zipfile
from decimal import Decimal

import pytest

from pipeline.core import lt
from pipeline.content import progress, schema
from pipeline.commands.build import Options, build
from pipeline.content.plan import load_plan
from pipeline.core.errors import ContentError

from .conftest import CONTENT, SAMPLES, copy_plan, in_force_plan_of, paragraphs, plain, plan_of, run_cli, text_of

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def indicator(baseline, target, intermediate=None, intermediate_year=None, baseline_year=2020):
    return schema.Indicator.model_validate({
        "kodas": "X-01", "pavadinimas": "Bandomasis", "lygis": "rezultato", "matas": "vnt.", "šaltinis": "S",
        "pradinė_reikšmė": baseline, "pradiniai_metai": baseline_year, "siektina_reikšmė": target,
        **({"tarpinė_reikšmė": intermediate, "tarpiniai_metai": intermediate_year} if intermediate is not None else {}),
    })


# ---------------------------------------------------------------- the rule


@pytest.mark.parametrize("baseline, target, value, reached", [
    (10, 20, 15, 50), (10, 20, 25, 150), (10, 20, 5, -50),  # rising
    (100, 40, 70, 50), (100, 40, 40, 100), (100, 40, 110, Decimal(-50) / 3),  # falling
    (50, 50, 50, 100), (50, 50, 60, 100), (50, 50, 25, 50),  # kept
    (-10, -10, -5, 100), (-10, -10, -12, 80), (-10, -10, -50, 0),  # kept below zero
])
def test_per_cent_reached_for_rising_falling_and_kept_values(baseline, target, value, reached):
    assert progress.reached(indicator(baseline, target), Decimal(value)) == pytest.approx(Decimal(reached))


def test_the_planned_value_runs_straight_through_the_intermediate_value():
    ind = indicator(0, 100, intermediate=20, intermediate_year=2025)
    assert [progress.planned_value(ind, y, 2030) for y in (2019, 2020, 2023, 2025, 2028, 2030, 2031)] == [
        0, 0, 12, 20, 68, 100, 100]


@pytest.mark.parametrize("baseline, target, value, status", [
    (0, 100, 50, progress.ON_TRACK),  # planned 50 in 2025
    (0, 100, 44, progress.BEHIND),  # 12 % below the planned 50
    (0, 100, 46, progress.ON_TRACK),  # 8 % below: within the threshold
    (0, 100, 100, progress.REACHED),
    (100, 0, 56, progress.BEHIND),  # should fall to 50 by 2025: 12 % above
    (100, 0, 54, progress.ON_TRACK),
    (100, 0, None, progress.NO_DATA),
])
def test_status_by_the_methodology_s_threshold(baseline, target, value, status):
    value = None if value is None else Decimal(value)
    assert progress.progress(indicator(baseline, target), value, 2025, 2030, Decimal(10)).status == status


# ---------------------------------------------------------------- the documents of every sample


@pytest.fixture(scope="module")
def reports(built_reports):
    return built_reports


def latest(plan) -> int:
    return max(plan.reports)


def rows_of(path):
    import docx

    return [[plain(c.text) for c in row.cells] for table in docx.Document(path).tables for row in table.rows]


@pytest.mark.parametrize("name", SAMPLES)
def test_every_indicator_appears_with_its_per_cent_reached(reports, name):
    plan = plan_of(name)
    year = latest(plan)
    rows = {r[0]: r for r in rows_of(reports[name] / f"report-{year}.docx") if len(r) == 12}
    measured = in_force_plan_of(name, dt.date(year, 12, 31))  # the edition in force that year
    for ind in (i for g in measured.groups if g.goals for i in g.goals.indicators):
        row = rows[plain(ind.code)]
        assert row[2] == ind.level
        reported = plan.reports[year].indicators.get(ind.code)
        if reported is None or reported.value is None:
            assert row[8].split(" (")[0] == row[10] == "–" and row[11].startswith("duomenų nėra")
            continue
        b, t, v = ind.baseline, ind.target, reported.value
        expected = 100 if t == b and v >= t else (v - b) / (t - b) * 100
        assert row[10] == f"{Decimal(expected).quantize(Decimal('0.1'))} %".replace(".", ","), (ind.code, row)


@pytest.mark.parametrize("name", SAMPLES)
def test_the_shortfall_printed_follows_from_the_printed_planned_and_actual_values(reports, name):
    """No "2 | 2 | 20,0 %": the planned value is printed with the precision the shortfall is computed from."""
    plan = plan_of(name)
    year = latest(plan)
    measured = in_force_plan_of(name, dt.date(year, 12, 31))
    falling = {i.code: i.target < i.baseline for g in measured.groups if g.goals for i in g.goals.indicators}
    checked = 0
    for row in (r for r in rows_of(reports[name] / f"report-{year}.docx") if len(r) == 12 and r[0] in falling):
        if row[9] == "–":
            continue
        planned, value = (Decimal(x.split(" (")[0].replace(" ", "").replace(",", ".")) for x in (row[7], row[8]))
        behind = (value - planned) if falling[row[0]] else (planned - value)
        shown = Decimal(row[9].removesuffix(" %").replace(",", "."))
        assert abs(behind / abs(planned) * 100 - shown) <= Decimal("0.05"), row
        checked += 1
    assert checked


@pytest.mark.parametrize("name", SAMPLES)
def test_measure_status_counts_and_funds_agree_with_the_year_file(reports, name):
    plan = plan_of(name)
    year = latest(plan)
    path = reports[name] / f"report-{year}.docx"
    rows = rows_of(path)
    reported = plan.reports[year].measures
    for status in schema.STATUSES:
        counted = next(r for r in rows if len(r) == 3 and r[0] == status)
        assert int(counted[1]) == sum(1 for m in reported.values() if m.status == status)
    used = sum((a for m in reported.values() for a in m.used.values()), Decimal(0))
    total = next(r for r in rows if r[0] == "Iš viso" and len(r) == 5)
    assert total[2] == plain(f"{used:,.2f}".replace(",", " ").replace(".", ",") + " Eur")
    text = text_of(path)
    assert f"{plan.facts.plan.title.genitive.upper()} ĮGYVENDINIMO {year} METAIS ATASKAITA" in text


def test_status_counts_are_said_in_agreeing_words(reports):
    text = text_of(reports["kaunas-2030"] / "report-2024.docx")
    sentence = re.search(r"Iš trisdešimties devynių priemonių 2024 metų pabaigoje (.*)\.", text).group(1)
    plan = plan_of("kaunas-2030")
    from pipeline.core import lt

    counted = {s: sum(1 for m in plan.reports[2024].measures.values() if m.status == s) for s in schema.STATUSES}
    assert counted["įgyvendinta"] == 14 and "keturiolika priemonių įgyvendinta" in sentence  # 10–20: genitive
    for status, words in (("vykdoma", ("vykdoma", "vykdomos", "vykdoma")),):
        n = counted[status]
        assert f"{lt.count(n, 'priemonė')} {lt.agreeing(n, words)}" in sentence


@pytest.mark.parametrize("name", SAMPLES)
def test_charts_are_pictures_with_text_alternatives_one_per_priority(reports, name):
    plan = plan_of(name)
    path = reports[name] / f"report-{latest(plan)}.docx"
    with zipfile.ZipFile(path) as package:
        pictures = sorted(n for n in package.namelist() if n.startswith("word/media/"))
        digests = {hashlib.sha256(package.read(n)).hexdigest() for n in pictures}
        document = package.read("word/document.xml").decode("utf-8")
    priorities = sum(1 for p in plan.strategy.priorities
                     if any(goal.priority == p.key for g in plan.groups if g.goals for goal in g.goals.goals))
    assert len(pictures) == priorities + 2 and len(digests) == len(pictures)
    descriptions = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', document)
    assert len(descriptions) == len(pictures) and all(len(d) > 40 for d in descriptions)
    assert sum("Tie patys duomenys pateikti lentelėje po diagrama" in d for d in descriptions) == priorities


def test_two_builds_are_byte_identical(tmp_path):
    for folder in ("a", "b"):
        build(CONTENT / "kaunas-2030", ["report"], tmp_path / folder)
    for name in ("report-2024.docx", "report-decision-2024.docx"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_a_year_is_chosen_and_its_history_shows_earlier_years(tmp_path):
    build(CONTENT / "kaunas-2030", ["report"], tmp_path, Options(year=2023))
    assert sorted(p.name for p in tmp_path.glob("*.docx")) == ["report-2023.docx", "report-decision-2023.docx"]
    text = text_of(tmp_path / "report-2023.docx")
    assert "ĮGYVENDINIMO 2023 METAIS ATASKAITA" in text and "2024 m. –" not in text
    latest_text = text_of(build(CONTENT / "kaunas-2030", ["report"], tmp_path / "b").written[0])
    assert re.search(r"\(2023 m\. – [\d ,]+\)", latest_text)  # earlier years beside the year's value


def test_a_year_without_data_is_refused(tmp_path):
    with pytest.raises(ContentError) as caught:
        build(CONTENT / "kaunas-2030", ["report"], tmp_path, Options(year=2026))
    assert "2026 metų duomenų nėra (failo stebesena/2026.yaml nėra); yra: 2023, 2024" in str(caught.value.problems[0])
    with pytest.raises(ContentError) as caught:  # before the plan's period: the same refusal as forms and import
        build(CONTENT / "kaunas-2030", ["report"], tmp_path, Options(year=2022))
    assert str(caught.value.problems[0]).endswith("metai 2022 ne plano laikotarpyje (2023–2030)")
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("name", SAMPLES)
def test_the_decision_approves_or_takes_the_report_as_content_says(reports, name):
    plan = plan_of(name)
    year = latest(plan)
    texts = paragraphs(reports[name] / f"report-decision-{year}.docx")
    title = f"{plan.facts.plan.title.genitive} įgyvendinimo {year} metais"
    # the plan is named by its approving act in full (Law on the Fundamentals of Legislation art. 14(6))
    d = plan.decision.decision
    act = (f"{plan.facts.municipality.genitive} tarybos {plain(lt.long_date(d.date))} sprendimu Nr. "
           f"{d.number or '______'} „Dėl {plan.facts.plan.title.genitive} patvirtinimo“ patvirtinto")
    if plan.reports[year].decision.action == "tvirtina":
        assert f"DĖL {title.upper()} ATASKAITOS PATVIRTINIMO" in texts
        assert f"Patvirtinti {act} {title} ataskaitą (pridedama)." in texts  # one point: not numbered in texts
        assert paragraphs(reports[name] / f"report-{year}.docx")[0] == "PATVIRTINTA"
    else:
        assert f"DĖL PRITARIMO {title.upper()} ATASKAITAI" in texts
        assert f"Pritarti {act} {title} ataskaitai (pridedama)." in texts
        assert paragraphs(reports[name] / f"report-{year}.docx")[0] == "PRITARTA"
    assert any(t.startswith("Šis sprendimas skelbiamas Teisės aktų registre") for t in texts)
    assert any(t.startswith(plan.facts.mayor.position) for t in texts)


@pytest.mark.parametrize("name", SAMPLES)
def test_the_decision_has_its_explanatory_note(reports, name):
    plan = plan_of(name)
    year = latest(plan)
    texts = paragraphs(reports[name] / f"report-explanatory-note-{year}.docx")
    decision = paragraphs(reports[name] / f"report-decision-{year}.docx")
    heading = next(t for t in decision if t.startswith("DĖL "))
    assert f"DĖL {plan.facts.municipality.genitive.upper()} TARYBOS SPRENDIMO „{heading}“ PROJEKTO" in texts
    note = plan.reports[year].note
    assert f"{note.author_position}\t{note.author_name}" in texts
    assert any(t.startswith("8. Antikorupcinis vertinimas. ") for t in texts)


def test_samples_use_both_council_actions():
    assert {plan_of(n).reports[latest(plan_of(n))].decision.action for n in SAMPLES} == {"tvirtina", "pritaria"}


# ---------------------------------------------------------------- bad input


def edit(root, year, old, new):
    path = root / "stebesena" / f"{year}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def problems_of(root):
    plan, problems = load_plan(root)
    return plan, [str(p) for p in problems]


@pytest.mark.parametrize("old, new, line, message", [
    ("  EK-01:\n    reikšmė: 6011", "  EK-01:\n    reikšmė: apie 6000", 11,
     "laukas „reikšmė“: tikėtasi skaičiaus; rasta „apie 6000“"),
    ("  EK-01:\n", "  EK-01x:\n", 10, "nežinomas rodiklis „EK-01x“; gal turėta omenyje „EK-01“?"),
    ("  EK-P01:\n", "  EK-P1:\n", None, "nežinoma priemonė „EK-P1“: priemonės nurodomos jų „id“ iš tikslai.yaml; "
     "gal turėta omenyje „EK-P01“?"),
    ("metai: 2024", "metai: 2031", 3, "ataskaitiniai metai 2031 ne plano laikotarpyje (2023–2030)"),
    ("metai: 2024", "metai: 2023", 3, "metai 2023 nesutampa su failo pavadinimu „2024.yaml“"),
    ("      Savivaldybės biudžetas: ", "      Savivaldybės biudžetas: -", None,
     "laukas „Savivaldybės biudžetas“: reikšmė negali būti neigiama"),
    ("    būklė: vykdoma", "    būklė: baigta", None, "laukas „būklė“: tikėtasi vienos iš: įgyvendinta, vykdoma, "
     "nepradėta, atidėta, atsisakyta; rasta „baigta“"),
])
def test_a_wrong_year_file_is_refused_at_its_line(tmp_path, old, new, line, message):
    root = copy_plan("kaunas-2030", tmp_path)
    path = edit(root, 2024, old, new)
    plan, problems = problems_of(root)
    assert plan is None
    found = [p for p in problems if p.startswith(f"{path}:") and message in p]
    assert found, problems
    if line is not None:
        assert found[0].startswith(f"{path}:{line}: "), found


def test_a_deviation_without_explanation_is_a_warning_a_mark_and_fails_strict(tmp_path):
    root = copy_plan("kaunas-2030", tmp_path)
    path = root / "stebesena" / "2024.yaml"
    text = path.read_text(encoding="utf-8")
    code = re.search(r"^nuokrypiai:\n  (\S+):\n", text, re.MULTILINE).group(1)
    block = re.search(rf"^  {re.escape(code)}:\n(?:    .*\n|      .*\n)+", text[text.index("nuokrypiai:"):],
                      re.MULTILINE).group(0)
    path.write_text(text.replace(block, "", 1), encoding="utf-8")
    plan, problems = problems_of(root)
    assert plan is not None
    warning = [p for p in problems if f"rodiklis „{code}“ atsilieka" in p]
    assert warning and warning[0].startswith(f"{path}:") and "įspėjimas" in warning[0]
    assert run_cli("check", str(root), "--strict").returncode == 1
    build(root, ["report"], tmp_path / "out")
    rows = [r for r in rows_of(tmp_path / "out" / "report-2024.docx") if len(r) == 7 and r[0] == plain(code)]
    assert rows and rows[0][5] == "[paaiškinimas nepateiktas]"


def test_reports_need_every_measure_to_have_an_id(tmp_path):
    root = copy_plan("alytus-2030", tmp_path)
    goals = root / "grupes" / "01" / "tikslai.yaml"
    goals.write_text(goals.read_text(encoding="utf-8").replace("- id: EK-P02\n            ", "- ", 1),
                     encoding="utf-8")
    plan, problems = problems_of(root)
    assert plan is None
    assert any(p.startswith(f"{goals}:") and "priemonei nenurodytas „id“" in p for p in problems), problems


@pytest.mark.parametrize("name", SAMPLES)
def test_the_methodology_states_the_rule_the_report_applies(built_plans, name):
    methodology = " ".join(text_of(built_plans[name] / "monitoring.docx").split())
    report_rule = ("(faktinė reikšmė − pradinė reikšmė) / (siektina reikšmė − pradinė reikšmė) × 100")
    assert report_rule in methodology
    assert "planuota rodiklio reikšmė apskaičiuojama tiesiškai tarp pradinės, tarpinės ir siektinos" in methodology


def test_a_report_measures_the_edition_in_force_and_says_which(tmp_path):
    result = build(CONTENT / "klaipeda-2030", ["report"], tmp_path / "adopted")  # its ledger holds T2-57
    assert not any("nepriimtas pakeitimas" in str(w) for w in result.warnings)
    texts = paragraphs(tmp_path / "adopted" / "report-2024.docx")
    assert ("2. Ataskaitoje vertinama 2024 metų pabaigoje galiojusi Plano redakcija, patvirtinta Klaipėdos miesto "
            "savivaldybės tarybos 2021 m. kovo 25 d. sprendimu Nr. T2-57 „Dėl Klaipėdos miesto savivaldybės strateginio "
            "plėtros plano 2021–2030 m. patvirtinimo“.") in texts
    assert "2024 metais panaudota 15 554 031,00 Eur" in " ".join(texts)  # 1.1.3, dropped by the draft, counts
    root = copy_plan("alytus-2030", tmp_path)  # no edition recorded: the content, draft amendment and all, is measured
    shutil.copy(CONTENT / "klaipeda-2030" / "pakeitimas.yaml", root / "pakeitimas.yaml")
    result = build(root, ["report"], tmp_path / "draft")
    assert any(str(w).split(": ", 1)[0].endswith("alytus-2030/pakeitimas.yaml")
               and "plane yra dar nepriimtas pakeitimas" in str(w) for w in result.warnings)
    assert ("2. Ataskaitoje vertinama Plano redakcija su dar nepriimtais pakeitimais (pakeitimo projektas)."
            in paragraphs(tmp_path / "draft" / "report-2024.docx"))
    kaunas = build(CONTENT / "kaunas-2030", ["report"], tmp_path / "k").warnings  # recorded, no draft amendment
    assert not any("nepriimtas pakeitimas" in str(w) for w in kaunas)


# ---------------------------------------------------------------- what the status chart draws, and the words


@pytest.mark.parametrize("name", SAMPLES)
def test_the_status_chart_plots_what_the_status_is_judged_by(name):
    """Each dot is 100 less the shortfall: left of the band (100 − threshold) exactly when "atsilieka"."""
    from pipeline.life import annual
    from pipeline.content import views

    plan = in_force_plan_of(name, dt.date(latest(plan_of(name)), 12, 31))
    plan = plan_of(name) if not plan.reports else plan
    year = latest(plan_of(name))
    threshold = plan.monitoring.deviation
    plotted = 0
    for priority in views.goals_by_priority(plan):
        rows = [annual._indicator_row(plan, i, year) + (i,) for i in annual._indicators_of(plan, priority.goals)]
        dots = annual.status_dots(rows)
        assert len(dots) == len(rows)
        for dot, (row, state, indicator) in zip(dots, rows, strict=True):
            assert dot.label.startswith(row.code + " ") and len(dot.label) <= len(row.code) + 45
            assert dot.group == annual.LEVEL_HEADINGS[indicator.level]
            if state.status == progress.NO_DATA:
                assert dot.value is None and dot.text == "duomenų nėra"
                continue
            assert dot.value == float(progress.HUNDRED - state.shortfall)
            assert (dot.value < float(100 - threshold)) == (state.status == progress.BEHIND), (row.code, dot, state)
            plotted += 1
    assert plotted


def test_a_value_behind_its_plan_is_a_dot_left_of_the_band_and_one_ahead_is_right_of_the_plan():
    from pipeline.life import annual

    ind = indicator(100, 200)  # planned for 2025: 150 (2020 → 2030 in a straight line)
    behind, ahead = (progress.progress(ind, Decimal(v), 2025, 2030, Decimal(10)) for v in (120, 165))
    rows = [(None, behind, ind), (None, ahead, ind)]
    from types import SimpleNamespace

    rows = [(SimpleNamespace(code="X-01", name="Bandomasis", value_text=v, planned_text="150"), s, i)
            for v, (_, s, i) in zip(("120", "165"), rows, strict=True)]
    dots = annual.status_dots(rows)
    assert [d.value for d in dots] == [80.0, 110.0]  # 120 is 20 % behind 150; 165 is 10 % ahead
    assert behind.status == progress.BEHIND and ahead.status == progress.ON_TRACK


def test_a_planned_value_is_rounded_one_place_finer_and_compared_as_printed():
    ind = indicator(1, 4, baseline_year=2021)  # 2021 → 2030: 1 + 3 × 4/9 = 2,333… in 2025
    state = progress.progress(ind, Decimal(2), 2025, 2030, Decimal(10))
    assert state.planned == Decimal("2.3")
    assert state.shortfall.quantize(Decimal("0.1")) == Decimal("13.0")  # (2,3 − 2) / 2,3, not (2,333 − 2) / 2,333


def test_status_words_agree_without_apie():
    from pipeline.life import annual

    assert annual.status_phrase(annual.NOT_REPORTED, 10) == "dešimties priemonių duomenų nepateikta"
    assert annual.status_phrase(annual.NOT_REPORTED, 1) == "vienos priemonės duomenų nepateikta"
    assert annual.status_phrase(annual.NOT_REPORTED, 2) == "dviejų priemonių duomenų nepateikta"


def test_shares_of_measures_each_round_on_their_own_with_a_total_row_and_a_note(tmp_path):
    from pipeline.life import annual
    from pipeline.core import lt

    rows = [annual.MeasureRow(str(i), "P", "V", "vykdoma" if i else "atidėta", "0", "–", "–") for i in range(18)]
    counted = dict((s, share) for (s, _), share in annual._counted(rows))
    assert counted["atidėta"] == "5,6\u00a0%" and counted["vykdoma"] == "94,4\u00a0%"
    root = copy_plan("alytus-2030", tmp_path, ledger=False)
    build(root, ["report"], tmp_path / "out")
    path = tmp_path / "out" / "report-2024.docx"
    total = next(r for r in rows_of(path) if len(r) == 3 and r[0] == "Iš viso")
    assert total[1] == str(sum(1 for _ in plan_of("alytus-2030").reports[2024].measures)) and total[2] == "100,0 %"
    assert plain(lt.SHARES_NOTE) in text_of(path)


def test_a_status_without_an_account_is_a_warning_and_a_mark(tmp_path):
    root = copy_plan("alytus-2030", tmp_path, ledger=False)
    path = root / "stebesena" / "2024.yaml"
    text = path.read_text(encoding="utf-8")
    key = re.search(r"^  (\S+):\n    būklė: vykdoma\n", text, re.MULTILINE).group(1)
    block = re.search(rf"^  {re.escape(key)}:\n(?:    .*\n|      .*\n)+", text, re.MULTILINE).group(0)
    line = text[:text.index(block)].count("\n") + 2
    path.write_text(text.replace(block, f"  {key}:\n    būklė: atidėta\n", 1), encoding="utf-8")
    result = run_cli("check", str(root))
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert (f"{path}:{line}: įspėjimas: priemonės „{key}“ būklė „atidėta“, bet lauke „kas_atlikta“ nepaaiškinta kodėl"
            in result.stdout.splitlines()), result.stdout
    assert run_cli("check", str(root), "--strict").returncode == 1
    build(root, ["report"], tmp_path / "out")
    row = next(r for r in rows_of(tmp_path / "out" / "report-2024.docx") if len(r) == 7 and r[3] == "atidėta")
    assert row[6] == "[paaiškinimas nepateiktas]"
