"""Every executor's Excel form of every sample as plain text, compared with the reviewed copy in
tests/snapshots/<plan>/forms/<workbook>.txt: a word changed in the forms' instructions or headers, a changed
check or a changed figure shows here as a unified diff naming the workbook and sheet. After a deliberate change:
make snapshots, then review git diff.

The forms are issued as officials issue them (`python -m pipeline forms CONTENT --year Y --out DIR`), for the
year after the samples' latest report (FORM_YEAR), on the pinned day of the shared builds (conftest BUILD_DAY).
A workbook's text (snapshot_text.workbook_text): its title and author, then per sheet "=== sheet ===", its print
titles, frozen panes, merged cells, header and footer, data validations (lists and bounds with their messages)
and conditional formats, then a line per non-empty row, "A1: value | B1: value", a cell the executor fills in
marked ✎, a number format other than General in ⟨⟩. The hidden stamp sheet is included: the import reads it.
"""

from __future__ import annotations

import pytest

from .conftest import BUILD_DAY, SAMPLES, run_cli
from .snapshot_text import SNAPSHOTS, compare, workbook_text

FORM_YEAR = 2025  # the samples report up to 2024: the forms issued next


@pytest.fixture(scope="module")
def issued_forms(tmp_path_factory) -> dict[str, list]:
    """Issue every sample's forms for FORM_YEAR on the pinned day; return each plan's workbooks."""
    out = {}
    for name in SAMPLES:
        folder = tmp_path_factory.mktemp(f"forms-{name}")
        result = run_cli("forms", f"content/{name}", "--year", str(FORM_YEAR), "--out", str(folder),
                         env={"SOURCE_DATE_EPOCH": BUILD_DAY})
        assert result.returncode == 0, result.stdout + result.stderr
        out[name] = sorted(folder.glob("*.xlsx"))
    return out


@pytest.mark.parametrize("name", SAMPLES)
def test_every_form_reads_as_reviewed(request, name, issued_forms):
    texts = {path.stem: workbook_text(path) for path in issued_forms[name]}
    assert texts
    problems = compare(SNAPSHOTS / name / "forms", texts, "issued now", request.config.getoption("--update-snapshots"))
    assert not problems, "\n".join(problems) + "\n(if the change is meant: make snapshots, then review git diff)"


def test_a_workbook_reads_with_its_checks_editable_cells_and_formats(tmp_path):
    from openpyxl import Workbook
    from openpyxl.styles import Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.properties.title, book.properties.creator = "Forma", "Skyrius"
    sheet = book.active
    sheet.title = "Priemonės"
    sheet["A1"], sheet["B1"], sheet["A2"] = "Nr.", "Būklė", 1500
    sheet["A2"].number_format = "#,##0.00"
    sheet["B2"].protection = Protection(locked=False)
    sheet.print_title_rows = "1:1"
    check = DataValidation(type="list", formula1='"vykdoma,atidėta"', error="Pasirinkite.", errorTitle="Būklė")
    check.add("B2")
    sheet.add_data_validation(check)
    book.create_sheet("Žyma").sheet_state = "veryHidden"
    book["Žyma"]["A1"] = "10\u00a0%"
    book.save(tmp_path / "f.xlsx")
    assert workbook_text(tmp_path / "f.xlsx") == (
        "[knyga] Forma\n[autorius] Skyrius\n\n=== Priemonės ===\n[spausdinant kartojama] $1:$1\n"
        '[tikrinimas B2] list "vykdoma,atidėta"; Būklė: Pasirinkite.\n'
        "A1: Nr. | B1: Būklė\nA2: 1500 ⟨#,##0.00⟩ | B2: ✎\n\n=== Žyma === (veryHidden)\nA1: 10⍽%\n")
