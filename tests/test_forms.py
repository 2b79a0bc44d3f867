"""Executors' Excel forms: issued from the plan, filled in (here by openpyxl), read back into the year's file."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.life.forms import layout as forms
from pipeline.content import schema
from pipeline.commands.build import Options, build
from pipeline.content.plan import load_plan
from pipeline.core.errors import ContentError
from pipeline.life.forms.cells import parse_number
from pipeline.life.forms.yearfile import import_forms

from .conftest import SAMPLES, copy_plan, in_force_plan_of, plan_of, run_cli, text_of


def issue(root: Path, year: int, out: Path) -> list[Path]:
    result = run_cli("forms", str(root), "--year", str(year), "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return sorted(out.glob("*.xlsx"))


def fill(path: Path, status="vykdoma", used=1500, account="Darbai vykdomi pagal planą.", value="12,5") -> None:
    """Fill every yellow cell of a form's measures and the value of each indicator it reports."""
    book = load_workbook(path)
    if forms.MEASURES_SHEET in book.sheetnames:
        sheet = book[forms.MEASURES_SHEET]
        for row in range(2, sheet.max_row + 1):
            sheet.cell(row, forms.STATUS_COLUMN, status)
            sheet.cell(row, forms.used_column(0), used)
            sheet.cell(row, sheet.max_column, account)
    if forms.INDICATORS_SHEET in book.sheetnames:
        values = book[forms.INDICATORS_SHEET]
        for row in range(2, values.max_row + 1):
            if values.cell(row, forms.VALUE_COLUMN).protection.locked is False:  # not one another reports
                values.cell(row, forms.VALUE_COLUMN, value)
    book.save(path)


def edit(path: Path, change) -> None:
    book = load_workbook(path)
    change(book)
    book.save(path)


@pytest.fixture
def kaunas(tmp_path):
    root = copy_plan("kaunas-2030", tmp_path)
    return root, issue(root, 2025, tmp_path / "formos")


def largest(paths: list[Path]) -> Path:
    """Return the form with the most measures (its first rows are what the cases break)."""
    def rows(path: Path) -> int:
        book = load_workbook(path)
        if forms.MEASURES_SHEET not in book.sheetnames:
            return 0  # the data collector's form: indicators only
        editable = book[forms.INDICATORS_SHEET].cell(2, forms.VALUE_COLUMN).protection.locked is False
        return book[forms.MEASURES_SHEET].max_row if editable else 0

    return max(paths, key=rows)


# ---------------------------------------------------------------- issuing


def test_one_workbook_per_executor_with_its_measures_and_indicators(kaunas):
    root, paths = kaunas
    plan = plan_of("kaunas-2030")
    measures = [m for g in plan.groups if g.goals for goal in g.goals.goals for o in goal.objectives
                for m in o.measures]
    executors = {m.executor for m in measures}
    assert len(paths) == len(executors) + 1  # and the data collector's form of impact and result indicators
    assert all(re.fullmatch(r"kaunas-2030-2025-[a-z0-9-]+\.xlsx", p.name) for p in paths)
    seen = []
    for path in paths:
        book = load_workbook(path)
        stamp = {book[forms.STAMP_SHEET].cell(r, 1).value: book[forms.STAMP_SHEET].cell(r, 2).value for r in (1, 2, 3, 4)}
        if stamp["vykdytojas"] == plan.monitoring.data_owner:
            assert book.sheetnames == [forms.INSTRUCTIONS_SHEET, forms.INDICATORS_SHEET, forms.STAMP_SHEET]
            continue
        assert book.sheetnames == [forms.INSTRUCTIONS_SHEET, forms.MEASURES_SHEET, forms.INDICATORS_SHEET,
                                   forms.STAMP_SHEET]
        assert book[forms.STAMP_SHEET].sheet_state == "veryHidden" and book.security.lockStructure
        assert stamp["planas"] == "kaunas-2030" and stamp["metai"] == 2025
        sheet = book[forms.MEASURES_SHEET]
        keys = [sheet.cell(r, 2).value for r in range(2, sheet.max_row + 1)]
        assert {m.executor for m in measures if m.key in keys} == {stamp["vykdytojas"]}
        seen += keys
        assert sheet.protection.sheet and not sheet.cell(2, 3).protection.locked is False
        status = [c.value for c in sheet[1]].index(forms.status_header(2025)) + 1
        assert sheet.cell(2, status).protection.locked is False
        assert any(str(dv.formula1).strip('"').split(",") == list(schema.STATUSES)
                   for dv in sheet.data_validations.dataValidation)
        deadline = " ".join(str(c.value) for row in book[forms.INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value)
        assert "iki 2026 m. kovo 31 d." in deadline  # as Kaunas' methodology says
    assert sorted(seen) == sorted(m.key for m in measures)


def test_forms_are_the_same_bytes_each_time(tmp_path):
    root = copy_plan("alytus-2030", tmp_path)
    first = {p.name: p.read_bytes() for p in issue(root, 2024, tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in issue(root, 2024, tmp_path / "b")}
    assert first == second


def test_a_form_issued_again_holds_what_the_year_already_has(tmp_path):
    root = copy_plan("kaunas-2030", tmp_path)
    plan = plan_of("kaunas-2030")
    for path in issue(root, 2024, tmp_path / "formos"):
        book = load_workbook(path)
        if forms.MEASURES_SHEET in book.sheetnames:
            sheet = book[forms.MEASURES_SHEET]
            for row in range(2, sheet.max_row + 1):
                reported = plan.reports[2024].measures[sheet.cell(row, 2).value]
                assert sheet.cell(row, forms.STATUS_COLUMN).value == reported.status
        values = book[forms.INDICATORS_SHEET]
        for row in range(2, values.max_row + 1):
            reported = plan.reports[2024].indicators.get(values.cell(row, 1).value)
            expected = reported.value if reported else None
            found = values.cell(row, forms.VALUE_COLUMN).value
            assert (found is None and expected is None) or Decimal(str(found)) == expected


# ---------------------------------------------------------------- the round trip of every sample


@pytest.mark.parametrize("name", SAMPLES)
def test_forms_filled_and_imported_reach_the_report(tmp_path, name):
    root = copy_plan(name, tmp_path)
    plan = plan_of(name)
    year = max(plan.reports) + 1
    paths = issue(root, year, tmp_path / "formos")
    for path in paths:
        fill(path, value="12,5")
    result = run_cli("import", str(root), "--year", str(year), *map(str, paths))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(paths) + 1
    assert re.fullmatch(r".+: \d+ priemon(ė|ės|ių), \d+ rodikli(s|ai|ų) \(.+\.xlsx\)", lines[0])
    imported, _ = load_plan(root)
    report = imported.reports[year]
    in_force = in_force_plan_of(name, dt.date(year, 12, 31))  # forms are issued from the edition in force
    measures = {m.key for g in in_force.groups if g.goals for goal in g.goals.goals for o in goal.objectives
                for m in o.measures}
    assert set(report.measures) == measures and all(m.status == "vykdoma" for m in report.measures.values())
    assert all(v.value == Decimal("12.5") for v in report.indicators.values())
    build(root, ["report"], tmp_path / "out", Options(year=year))
    text = text_of(tmp_path / "out" / f"report-{year}.docx")
    assert re.search(r"^12,5( \(|$)", text, re.MULTILINE)  # the year's actual value in the indicator tables
    import docx

    rows = [[c.text for c in row.cells] for t in docx.Document(tmp_path / "out" / f"report-{year}.docx").tables
            for row in t.rows]
    assert ["vykdoma", str(len(measures)), "100,0\u00a0%"] in rows


def test_import_keeps_comments_and_other_executors_entries(tmp_path):
    root = copy_plan("kaunas-2030", tmp_path)
    target = root / "stebesena" / "2024.yaml"
    before = target.read_text(encoding="utf-8")
    path = largest(issue(root, 2024, tmp_path / "formos"))
    fill(path, status="atidėta", used=7, account="Atidėta kitiems metams.", value="3")
    executor = load_workbook(path)[forms.STAMP_SHEET].cell(4, 2).value
    assert run_cli("import", str(root), "--year", "2024", str(path)).returncode == 0
    after = target.read_text(encoding="utf-8")
    assert after.splitlines()[:2] == before.splitlines()[:2]  # the comments at the top
    assert "aiškinamasis_raštas:" in after
    old, new = load_plan(copy_plan("kaunas-2030", tmp_path / "old"))[0], load_plan(root)[0]
    plan = plan_of("kaunas-2030")
    own = {m.key for g in plan.groups if g.goals for goal in g.goals.goals for o in goal.objectives
           for m in o.measures if m.executor == executor}
    for key, entry in new.reports[2024].measures.items():
        if key in own:
            assert entry.status == "atidėta" and entry.account == "Atidėta kitiems metams."
        else:
            assert entry == old.reports[2024].measures[key]
    assert new.reports[2024].deviations == old.reports[2024].deviations


@pytest.mark.parametrize("text, number", [
    ("12,5", Decimal("12.5")), ("12.5", Decimal("12.5")), ("1 234,5", Decimal("1234.5")),
    ("1\u00a0234", Decimal("1234")), (" 7 ", Decimal(7)), (12, Decimal(12)), (0.1, Decimal("0.1")),
    ("apie 12", None), ("12 %", None), ("", None), ("1,2,3", None), (True, None),
])
def test_numbers_as_officials_type_them(text, number):
    assert parse_number(text) == number


# ---------------------------------------------------------------- what an official sends back


def _status_cell(book, row=2):
    sheet = book[forms.MEASURES_SHEET]
    return sheet.cell(row, forms.STATUS_COLUMN)


def _text_value(book):
    book[forms.INDICATORS_SHEET].cell(2, forms.VALUE_COLUMN, "apie 12")


def _bad_status(book):
    _status_cell(book).value = "baigta"


def _row_added(book):
    sheet = book[forms.MEASURES_SHEET]
    sheet.cell(sheet.max_row + 1, 3, "Nauja priemonė")


def _row_deleted(book):
    book[forms.MEASURES_SHEET].delete_rows(2)


def _code_changed(book):
    book[forms.INDICATORS_SHEET].cell(2, 1, "XX-99")


def _other_year(book):
    book[forms.STAMP_SHEET].cell(3, 2, 2024)


def _other_plan(book):
    book[forms.STAMP_SHEET].cell(2, 2, "alytus-2030")


def _formula(book):
    book[forms.INDICATORS_SHEET].cell(2, forms.VALUE_COLUMN, "=1+2")


def _merged(book):
    book[forms.MEASURES_SHEET].merge_cells("C2:C3")


def _hidden(book):
    book[forms.MEASURES_SHEET].row_dimensions[3].hidden = True


def _negative(book):
    _status_cell(book).value = "vykdoma"
    book[forms.MEASURES_SHEET].cell(2, forms.used_column(0)).value = -5


def _negative_half(book):
    _status_cell(book).value = "vykdoma"
    book[forms.MEASURES_SHEET].cell(2, forms.used_column(0)).value = -0.5


@pytest.mark.parametrize("change, expected", [
    (_text_value, r"lapas „Rodikliai“, langelis I2: Faktinė reikšmė 2025 m\.: tikėtasi skaičiaus; rasta „apie 12“"),
    (_bad_status, r"lapas „Priemonės“, langelis \w+2: būklė „baigta“ netinka: galimos įgyvendinta, vykdoma, "
                  r"nepradėta, atidėta, atsisakyta"),
    (_negative, r"lapas „Priemonės“, langelis \w+2: Panaudota 2025 m\., Eur \(.+\): reikšmė negali būti neigiama; "
                r"rasta „-5“"),
    (_negative_half, r"lapas „Priemonės“, langelis \w+2: Panaudota 2025 m\., Eur \(.+\): reikšmė negali būti "
                     r"neigiama; rasta „-0[.,]5“"),
    (_row_added, r"lapas „Priemonės“, langelis A\d+: pridėta eilučių: formoje jų \d+, rasta \d+"),
    (_row_deleted, r"lapas „Priemonės“, langelis B2: tikėtasi priemonės „[^“]+“, rasta „[^“]+“: eilutė ištrinta"),
    (_code_changed, r"lapas „Rodikliai“, langelis A2: tikėtasi rodiklio „[^“]+“, rasta „XX-99“"),
    (_other_year, r"forma 2024 metų, o importuojami 2025 metai"),
    (_other_plan, r"forma kito plano \(„alytus-2030“\), o importuojama į „kaunas-2030“"),
    (_formula, r"lapas „Rodikliai“, langelis I2: formulė be apskaičiuotos reikšmės"),
    (_merged, r"lapas „Priemonės“, langelis C2: sujungti langeliai C2:C3"),
    (_hidden, r"lapas „Priemonės“, langelis A3: paslėpta 3 eilutė"),
])
def test_a_bad_form_is_named_at_its_cell_and_nothing_is_written(kaunas, tmp_path, change, expected):
    root, paths = kaunas
    for path in paths:
        fill(path)
    bad = largest(paths)
    edit(bad, change)
    before = {p: p.read_bytes() for p in (root / "stebesena").iterdir()}
    result = run_cli("import", str(root), "--year", "2025", *map(str, paths))
    assert result.returncode == 1, result.stdout
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.startswith(f"{bad}: ")]
    assert any(re.fullmatch(f"{re.escape(str(bad))}: {expected}.*", line) for line in lines), result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert {p: p.read_bytes() for p in (root / "stebesena").iterdir()} == before  # not even the valid files


def test_not_a_workbook_and_a_password_protected_one(kaunas, tmp_path):
    root, paths = kaunas
    text = tmp_path / "ne-forma.xlsx"
    text.write_text("vardas;suma\n", encoding="utf-8")
    encrypted = tmp_path / "su-slaptazodziu.xlsx"  # what Excel writes for a password: an OLE container
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(ContentError) as caught:
        import_forms(root, 2025, [text, encrypted])
    messages = [str(p) for p in caught.value.problems]
    assert any(m.endswith("tai ne Excel darbaknygė (.xlsx) arba ji sugadinta") for m in messages), messages
    assert any("apsaugota slaptažodžiu" in m for m in messages), messages
    assert not (root / "stebesena" / "2025.yaml").exists()


def test_the_same_measure_from_two_files_must_agree(kaunas, tmp_path):
    root, paths = kaunas
    form = largest(paths)
    twin = tmp_path / "kopija.xlsx"
    fill(form, used=100)
    shutil.copy(form, twin)
    fill(twin, used=200)
    with pytest.raises(ContentError) as caught:
        import_forms(root, 2025, [form, twin])
    assert any("jau pateikta faile" in str(p) and str(p).startswith(str(twin)) for p in caught.value.problems)
    fill(twin, used=100)
    assert len(import_forms(root, 2025, [form, twin])) == 2  # the same values twice are no conflict


def test_empty_forms_write_nothing(kaunas):
    root, paths = kaunas
    with pytest.raises(ContentError) as caught:
        import_forms(root, 2025, paths)
    assert str(caught.value.problems[0]).endswith("formose neužpildyta nė viena priemonė ir nė vienas rodiklis: "
                                                  "nieko neįrašyta")
    assert not (root / "stebesena" / "2025.yaml").exists()


def test_what_is_not_a_plain_file_is_refused_without_reading_it(kaunas, tmp_path):
    import os

    root, paths = kaunas
    fifo = tmp_path / "vamzdis.xlsx"
    os.mkfifo(fifo)  # reading it would wait for ever
    with pytest.raises(ContentError) as caught:
        import_forms(root, 2025, [fifo, tmp_path, tmp_path / "nera.xlsx"])
    messages = [str(p) for p in caught.value.problems]
    assert messages == [f"{fifo}: tai ne failas (aplankas ar įrenginys)", f"{tmp_path}: tai ne failas (aplankas ar "
                        "įrenginys)", f"{tmp_path / 'nera.xlsx'}: failo nėra"]


def test_a_workbook_that_unpacks_too_large_is_refused(kaunas, monkeypatch):
    from pipeline.life.forms import limits as imports

    root, paths = kaunas
    fill(paths[0])
    monkeypatch.setattr(imports, "MAX_UNPACKED_BYTES", 20_000)
    with pytest.raises(ContentError) as caught:
        import_forms(root, 2025, paths[:1])
    assert "darbaknygė išpakuota per didelė" in str(caught.value.problems[0])


def test_exact_decimals_and_content_limits_are_kept_at_the_cell(kaunas):
    root, paths = kaunas
    form = largest(paths)
    fill(form, used="1000,5", value="12345678901234,5678")
    import_forms(root, 2025, [form])
    text = (root / "stebesena" / "2025.yaml").read_text(encoding="utf-8")
    assert "reikšmė: 12345678901234.5678" in text and ": 1000.5\n" in text  # not rounded through a float
    plan, _ = __import__("pipeline.content.plan", fromlist=["load_plan"]).load_plan(root)
    assert Decimal("12345678901234.5678") in {v.value for v in plan.reports[2025].indicators.values()}
    fill(form, used="1000,555", value="1")
    with pytest.raises(ContentError) as caught:
        import_forms(root, 2025, [form])
    assert re.search(r"lapas „Priemonės“, langelis \w+2: Panaudota 2025 m\., Eur \(.+\): ne daugiau kaip 2 skaitmenys po "
                     r"kablelio; rasta „1000,555“", str(caught.value))


def test_errors_booleans_and_dates_in_text_cells_are_refused(kaunas):
    import datetime as dt

    root, paths = kaunas
    form = largest(paths)
    fill(form)

    def change(book):
        sheet = book[forms.MEASURES_SHEET]
        last = sheet.max_column
        sheet.cell(2, last).value = "#DIV/0!"
        sheet.cell(2, last).data_type = "e"
        sheet.cell(3, last).value = True
        book[forms.INDICATORS_SHEET].cell(2, forms.NOTE_COLUMN).value = dt.datetime(2025, 3, 1)

    edit(form, change)
    with pytest.raises(ContentError) as caught:
        import_forms(root, 2025, [form])
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "langelyje klaida „#DIV/0!“: įrašykite tekstą" in text
    assert "tikėtasi teksto; rasta „True“ (loginė reikšmė ar data)" in text
    assert "lapas „Rodikliai“, langelis J2: tikėtasi teksto" in text
