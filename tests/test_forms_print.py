"""Executors' forms on paper and in responsibility: print setup, panes, formats, headers with the year, one
responsible form per indicator, deviations' reasons and actions imported, statuses in any letter case."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from pipeline.life.forms import layout as forms
from pipeline.content import progress, schema
from pipeline.content.plan import load_plan
from pipeline.core.errors import ContentError
from pipeline.life.forms.yearfile import import_forms

from .conftest import SAMPLES, copy_plan, in_force_plan_of, run_cli
from .test_forms import fill, issue

YEAR = 2025


@pytest.fixture(scope="module")
def alytus_forms(tmp_path_factory) -> tuple[Path, list[Path]]:
    """Alytus' forms for 2025, issued once for the tests that only read them."""
    tmp = tmp_path_factory.mktemp("alytus")
    root = copy_plan("alytus-2030", tmp)
    return root, issue(root, YEAR, tmp / "formos")


def stamp_of(book) -> dict:
    sheet = book[forms.STAMP_SHEET]
    return {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(1, len(forms.STAMP_KEYS) + 1)}


def form_of(paths: list[Path], executor: str) -> Path:
    return next(p for p in paths if stamp_of(load_workbook(p))["vykdytojas"] == executor)


def headers(sheet) -> list[str]:
    return [c.value for c in sheet[1]]


# ---------------------------------------------------------------- on paper


def test_every_sheet_prints_landscape_one_page_wide_with_its_header_row_repeated(alytus_forms):
    _, paths = alytus_forms
    for path in paths:
        book = load_workbook(path)
        for sheet in (s for s in book.worksheets if s.sheet_state == "visible"):
            setup = sheet.page_setup
            assert setup.orientation == "landscape" and int(setup.paperSize) == 9, (path.name, sheet.title)  # A4
            assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
            assert int(setup.fitToWidth) == 1
            if sheet.title == forms.INSTRUCTIONS_SHEET:
                assert int(setup.fitToHeight) == 1  # the instructions and the „Užpildė“ block on one page
            else:
                assert int(setup.fitToHeight) == 0  # as many pages down as the rows need
                assert sheet.print_title_rows.replace("$", "") == "1:1"
            assert "&P" in sheet.oddFooter.center.text


def test_panes_are_frozen_at_the_first_column_to_fill(alytus_forms):
    _, paths = alytus_forms
    for path in paths:
        book = load_workbook(path)
        if forms.MEASURES_SHEET in book.sheetnames:
            sheet = book[forms.MEASURES_SHEET]
            assert sheet.freeze_panes == "E2" and headers(sheet)[4] == f"Būklė {YEAR} m. pabaigoje"
            assert sheet.cell(2, 5).protection.locked is False and sheet.cell(2, 4).protection.locked is not False
        sheet = book[forms.INDICATORS_SHEET]
        assert sheet.freeze_panes == "I2" and headers(sheet)[8] == f"Faktinė reikšmė {YEAR} m."
        assert sheet.cell(2, 9).protection.locked is False or sheet.cell(2, 9).fill.fgColor.rgb.endswith("E7E6E6")


def test_headers_say_the_year_and_the_whole_period(alytus_forms):
    root, paths = alytus_forms
    plan, _ = load_plan(root)
    book = load_workbook(max(paths, key=lambda p: p.stat().st_size))
    measure_headers = headers(book[forms.MEASURES_SHEET])
    for source in plan.strategy.sources:
        assert f"Suplanuota visam laikotarpiui, Eur ({source})" in measure_headers
        assert f"Panaudota {YEAR} m., Eur ({source})" in measure_headers
    assert measure_headers[-1] == f"Kas atlikta {YEAR} m."
    assert headers(book[forms.INDICATORS_SHEET]) == [
        "Kodas", "Rodiklis", "Matas", "Pradinė reikšmė", "Tarpinė reikšmė", "Siektina reikšmė 2030 m.",
        f"Suplanuota {YEAR} m.", f"Faktinė reikšmė {YEAR - 1} m.", f"Faktinė reikšmė {YEAR} m.", "Pastaba",
        "Nuokrypio priežastys", "Korekciniai veiksmai"]


def test_money_and_values_have_number_formats(alytus_forms):
    _, paths = alytus_forms
    book = load_workbook(max(paths, key=lambda p: p.stat().st_size))
    sheet = book[forms.MEASURES_SHEET]
    for column in (forms.used_column(0) - 1, forms.used_column(0)):  # planned and used funds of a source
        assert sheet.cell(2, column).number_format == "#,##0.00"
    values = book[forms.INDICATORS_SHEET]
    for row in range(2, values.max_row + 1):
        for column in (4, 6, 7):  # baseline, target and the year's planned value
            assert re.fullmatch(r"#,##0(\.0+)?", values.cell(row, column).number_format), (row, column)


def test_long_names_get_rows_tall_enough(alytus_forms):
    _, paths = alytus_forms
    for path in paths:
        book = load_workbook(path)
        for name in (n for n in (forms.MEASURES_SHEET, forms.INDICATORS_SHEET) if n in book.sheetnames):
            sheet = book[name]
            width = sheet.column_dimensions["C" if name == forms.MEASURES_SHEET else "B"].width
            for row in range(2, sheet.max_row + 1):
                text = sheet.cell(row, 3 if name == forms.MEASURES_SHEET else 2).value
                lines = -(-len(text) // int(width))  # at least this many lines, whatever the font
                assert sheet.row_dimensions[row].height >= lines * 15, (path.name, name, row, text)


def test_the_years_planned_value_is_the_reports_and_last_years_value_is_the_files(alytus_forms):
    root, paths = alytus_forms
    plan, _ = load_plan(root)
    indicators = {i.code: i for g in plan.groups if g.goals for i in g.goals.indicators}
    seen = 0
    for path in paths:
        sheet = load_workbook(path)[forms.INDICATORS_SHEET]
        for row in range(2, sheet.max_row + 1):
            indicator = indicators[sheet.cell(row, 1).value]
            planned = progress.progress(indicator, None, YEAR, plan.facts.plan.end, plan.monitoring.deviation).planned
            assert abs(Decimal(str(sheet.cell(row, 7).value)) - planned) < Decimal("0.05"), indicator.code
            last = plan.reports[YEAR - 1].indicators.get(indicator.code)
            found = sheet.cell(row, 8).value
            if last is not None and last.value is not None:
                assert Decimal(str(found)) == last.value
                seen += 1
            else:
                assert found == "–"
    assert seen > 20


def test_instructions_give_the_methodologys_deadline_the_contact_and_a_filled_by_block(alytus_forms):
    root, paths = alytus_forms
    plan, _ = load_plan(root)
    for path in paths:
        sheet = load_workbook(path)[forms.INSTRUCTIONS_SHEET]
        cells = {c.coordinate: c for row in sheet.iter_rows() for c in row if c.value is not None}
        text = " ".join(str(c.value) for c in cells.values())
        assert "iki 2026 m. kovo 1 d." in text and "kovo 31" not in text  # Alytus' methodology says kovo 1 d.
        assert plan.monitoring.contact in text and plan.monitoring.data_owner in text
        labels = [c.value for c in sheet["A"]]
        block = labels.index("Užpildė")
        assert labels[block + 1:block + 5] == ["Vardas, pavardė", "Pareigos", "Data", "Telefonas, el. paštas"]
        assert all(sheet.cell(block + 2 + i, 2).protection.locked is False for i in range(4))  # row = index + 1


def test_the_deadline_comes_from_the_methodology_text_and_check_refuses_two_deadlines(tmp_path):
    from pipeline.content.responsible import deadline_in_text

    assert deadline_in_text("Vykdytojai duomenis pateikia kasmet iki\n  vasario 15 d.; kiti – vėliau") == "vasario 15 d."
    assert deadline_in_text("Duomenys renkami kasmet.") is None
    root = copy_plan("alytus-2030", tmp_path)
    monitoring = root / "stebesena.yaml"
    monitoring.write_text(monitoring.read_text(encoding="utf-8") + "vykdytojų_terminas: kovo 31 d.\n", encoding="utf-8")
    result = run_cli("check", str(root))
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    line = len(monitoring.read_text(encoding="utf-8").splitlines())
    assert (f"{root}/stebesena.yaml:{line}: vykdytojų terminas „kovo 31 d.“ nesutampa su lauke „dažnumas“ nurodytu "
            "„iki kovo 1 d.“: formose ir metodikoje turi būti tas pats terminas") in result.stdout + result.stderr


@pytest.mark.skipif(not shutil.which("soffice") and os.environ.get("CI") != "true",
                    reason="LibreOffice (soffice) is not installed")
def test_a_form_printed_by_calc_is_one_page_wide(alytus_forms, tmp_path):
    """Calc prints each sheet of a small form on one landscape page (before: 9 portrait pages for 3 measures)."""
    _, paths = alytus_forms
    form = max(paths, key=lambda p: p.stat().st_size)
    book = load_workbook(form)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(form)],
                   capture_output=True, check=True, timeout=180)
    pdf = (tmp_path / form.name).with_suffix(".pdf")
    if not shutil.which("pdfinfo") and os.environ.get("CI") != "true":
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    width, height = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M).groups())
    visible = [s for s in book.worksheets if s.sheet_state == "visible"]
    assert pages == len(visible), (pages, [s.title for s in visible])  # one page each: no sheet split sideways
    assert width > height  # landscape


# ---------------------------------------------------------------- one responsible form per indicator


@pytest.mark.parametrize("name", SAMPLES)
def test_every_indicator_is_filled_in_exactly_one_form(tmp_path, name):
    root = copy_plan(name, tmp_path)
    plan = in_force_plan_of(name, __import__("datetime").date(YEAR, 12, 31))
    paths = issue(root, YEAR, tmp_path / "formos")
    editable: dict[str, list[str]] = {}
    for path in paths:
        book = load_workbook(path)
        executor = stamp_of(book)["vykdytojas"]
        if forms.INDICATORS_SHEET not in book.sheetnames:
            continue
        sheet = book[forms.INDICATORS_SHEET]
        for row in range(2, sheet.max_row + 1):
            if sheet.cell(row, forms.VALUE_COLUMN).protection.locked is False:
                editable.setdefault(sheet.cell(row, 1).value, []).append(executor)
    indicators = [i for g in plan.groups if g.goals for i in g.goals.indicators]
    assert {i.code: len(editable.get(i.code, [])) for i in indicators} == {i.code: 1 for i in indicators}
    for indicator in indicators:
        if indicator.responsible is None and indicator.level != schema.PRODUCT:
            assert editable[indicator.code] == [plan.monitoring.data_owner], indicator.code
        elif indicator.responsible is not None:
            assert editable[indicator.code] == [indicator.responsible], indicator.code


def test_the_data_collector_gets_a_form_of_its_own(alytus_forms):
    root, paths = alytus_forms
    plan, _ = load_plan(root)
    form = form_of(paths, plan.monitoring.data_owner)
    assert form.name == "alytus-2030-2025-savivaldybes-administracijos-strateginio-planavimo-ir-investiciju-skyrius.xlsx"
    book = load_workbook(form)
    assert book.sheetnames == [forms.INSTRUCTIONS_SHEET, forms.INDICATORS_SHEET, forms.STAMP_SHEET]
    codes = [book[forms.INDICATORS_SHEET].cell(r, 1).value for r in range(2, book[forms.INDICATORS_SHEET].max_row + 1)]
    levels = {i.code: i.level for g in plan.groups if g.goals for i in g.goals.indicators}
    assert len(codes) == 16 and {levels[c] for c in codes} == {schema.IMPACT, schema.RESULT}


def test_a_shared_indicator_is_read_only_for_the_others_and_not_imported(tmp_path):
    root = copy_plan("alytus-2030", tmp_path)
    paths = issue(root, YEAR, tmp_path / "formos")
    other = form_of(paths, "VšĮ Alytaus turizmo informacijos centras")  # its measure carries EK-06 too
    book = load_workbook(other)
    sheet = book[forms.INDICATORS_SHEET]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "EK-06")
    assert sheet.cell(row, forms.VALUE_COLUMN).protection.locked is not False
    assert sheet.cell(row, 1).fill.fgColor.rgb.endswith("E7E6E6")
    assert sheet.cell(row, forms.NOTE_COLUMN).value == ("Tik žiniai: reikšmę teikia Alytaus miesto savivaldybės "
                                                        "administracijos Miesto ūkio skyrius.")
    owner = form_of(paths, "Alytaus miesto savivaldybės administracijos Miesto ūkio skyrius")
    fill(owner, value="4")
    fill(other, value="9")
    book = load_workbook(other)
    book[forms.INDICATORS_SHEET].cell(row, forms.VALUE_COLUMN, 7)  # typed into the grey cell all the same
    book.save(other)
    import_forms(root, YEAR, [other, owner])  # no conflict: only the owner's value counts
    plan, _ = load_plan(root)
    assert plan.reports[YEAR].indicators["EK-06"].value == 4


def test_check_asks_who_reports_an_indicator_several_executors_carry(tmp_path):
    root = copy_plan("alytus-2030", tmp_path)
    goals = root / "grupes" / "01" / "tikslai.yaml"
    text = goals.read_text(encoding="utf-8")
    goals.write_text(text.replace("    atsakingas: Alytaus miesto savivaldybės administracijos Miesto ūkio skyrius\n",
                                  "", 1), encoding="utf-8")
    line = next(n for n, t in enumerate(goals.read_text(encoding="utf-8").splitlines(), 1) if t == "  - kodas: EK-06")
    result = run_cli("check", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (f"{goals}:{line}: įspėjimas: rodiklį „EK-06“ turi kelių vykdytojų priemonės (Alytaus miesto savivaldybės "
            "administracijos Miesto ūkio skyrius; VšĮ Alytaus turizmo informacijos centras): lauke „atsakingas“ "
            "nurodykite, kuris vykdytojas teikia jo reikšmę (kol nenurodyta, teikia „Alytaus miesto savivaldybės "
            "administracijos Miesto ūkio skyrius“, kiti jį formose mato tik skaitymui)") in result.stdout


# ---------------------------------------------------------------- import


def test_reasons_and_actions_are_imported_as_the_reports_deviations(tmp_path):
    root = copy_plan("alytus-2030", tmp_path)
    paths = issue(root, YEAR, tmp_path / "formos")
    form = max(paths, key=lambda p: p.stat().st_size)
    book = load_workbook(form)
    sheet = book[forms.INDICATORS_SHEET]
    code = sheet.cell(2, 1).value
    sheet.cell(2, forms.VALUE_COLUMN, 0)
    sheet.cell(2, forms.REASON_COLUMN, "Konkursas paskelbtas vėliau, nei planuota.")
    sheet.cell(2, forms.ACTIONS_COLUMN, "Paskelbti kvietimą 2026 m. pirmąjį ketvirtį.")
    book.save(form)
    import_forms(root, YEAR, [form])
    plan, _ = load_plan(root)
    note = plan.reports[YEAR].deviations[code]
    assert note.explanation == "Konkursas paskelbtas vėliau, nei planuota."
    assert note.action == "Paskelbti kvietimą 2026 m. pirmąjį ketvirtį."
    again = next(p for p in issue(root, YEAR, tmp_path / "vel") if p.name == form.name)
    sheet = load_workbook(again)[forms.INDICATORS_SHEET]  # issued again, the form holds them
    assert sheet.cell(2, forms.REASON_COLUMN).value == note.explanation


def test_actions_without_a_reason_are_named_at_the_cell(tmp_path):
    root = copy_plan("alytus-2030", tmp_path)
    form = max(issue(root, YEAR, tmp_path / "formos"), key=lambda p: p.stat().st_size)
    book = load_workbook(form)
    book[forms.INDICATORS_SHEET].cell(2, forms.ACTIONS_COLUMN, "Tikslinti terminus.")
    book.save(form)
    with pytest.raises(ContentError) as caught:
        import_forms(root, YEAR, [form])
    assert [str(p) for p in caught.value.problems] == [
        f"{form}: lapas „Rodikliai“, langelis {get_column_letter(forms.REASON_COLUMN)}2: įrašyti „Korekciniai "
        "veiksmai“, bet nenurodytos „Nuokrypio priežastys“: parašykite, kodėl rodiklis atsilieka"]
    assert not (root / "stebesena" / f"{YEAR}.yaml").exists()


@pytest.mark.parametrize("typed, stored", [("Vykdoma", "vykdoma"), ("ĮGYVENDINTA", "įgyvendinta"),
                                           ("  Atidėta ", "atidėta")])
def test_statuses_are_accepted_in_any_letter_case(tmp_path, typed, stored):
    root = copy_plan("alytus-2030", tmp_path)
    form = max(issue(root, YEAR, tmp_path / "formos"), key=lambda p: p.stat().st_size)
    fill(form, status=typed)
    result = run_cli("import", str(root), "--year", str(YEAR), str(form))
    assert result.returncode == 0, result.stdout + result.stderr
    plan, _ = load_plan(root)
    assert {m.status for m in plan.reports[YEAR].measures.values()} == {stored}


def test_the_year_outside_the_plan_is_refused_alike_by_forms_import_and_report(tmp_path):
    root = copy_plan("alytus-2030", tmp_path)
    expected = f"{root}: metai 2031 ne plano laikotarpyje (2021–2030)"
    for args in (("forms", str(root), "--year", "2031", "--out", str(tmp_path / "formos")),
                 ("import", str(root), "--year", "2031", str(tmp_path / "forma.xlsx")),
                 ("build", str(root), "report", "--year", "2031", "--out", str(tmp_path / "out"))):
        result = run_cli(*args)
        assert result.returncode == 1 and expected in result.stdout + result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr


# ---------------------------------------------------------------- file names


def test_file_names_carry_plan_year_and_executor_cut_only_at_a_word():
    assert forms.file_stem("alytus-2030", 2025, "UAB „Dzūkijos vandenys“") == "alytus-2030-2025-uab-dzukijos-vandenys"
    whole = ("Kauno miesto savivaldybės administracijos Būsto modernizavimo, administravimo ir energetikos skyrius")
    assert forms.file_stem("kaunas-2030", 2025, whole) == ("kaunas-2030-2025-kauno-miesto-savivaldybes-administracijos-"
                                                            "busto-modernizavimo-administravimo-ir-energetikos-skyrius")
    long = "Savivaldybės administracijos " + "Būsto modernizavimo, administravimo ir energetikos " * 4 + "skyrius"
    full = "kaunas-2030-2025-" + re.sub(r"[^a-z]+", "-", long.lower().replace("ū", "u").replace("ė", "e")).strip("-")
    stem = forms.file_stem("kaunas-2030", 2025, long)
    assert len(stem) <= forms.FILE_NAME_LIMIT and full.startswith(stem + "-")  # cut where a word ends
    assert not stem.endswith(("-ir", "-bei", "-ar"))
