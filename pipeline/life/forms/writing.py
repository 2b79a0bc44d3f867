"""One party's form as .xlsx bytes: its sheets, the hidden stamp, protection and print setup.

Read-only cells are locked and the sheets protected without a password, so the form cannot be broken
by accident yet anyone can fill it in; the structure of the workbook is protected too. Every sheet
prints landscape, one page wide, with its header row on every page. Every text is written as text,
never as a formula: content and returned forms are data. The bytes are the same for the same plan.
"""

from __future__ import annotations

import io

from ...content.model import Plan
from ...core.zips import DEFAULT_EPOCH, Stamp, normalize_zip
from .instructions import instructions
from .layout import (FORM_KIND, INDICATORS_SHEET, INSTRUCTIONS_SHEET, MEASURES_SHEET, STAMP_KEYS, STAMP_SHEET,
                     ExecutorForm, executor_forms)
from .sheets import indicators_sheet, measures_sheet

# What makes Excel or LibreOffice take typed text for a formula (or a DDE command) once the cell is edited.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
# A form's entries are dated 1980-01-01, its created and modified dates 2000-01-01, whatever the build's day.
FORM_STAMP = Stamp(entry_time=DEFAULT_EPOCH, core_time=946684800)


def forms(plan: Plan, year: int) -> dict[str, bytes]:
    """Return every responsible party's form for a year, by file name."""
    return {form.file_name: workbook(plan, form, year) for form in executor_forms(plan, year)}


def workbook(plan: Plan, form: ExecutorForm, year: int) -> bytes:
    """Return one party's form for a year as .xlsx bytes."""
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    book = Workbook()
    instructions(book.active, plan, form, year)
    if form.measures:
        measures_sheet(book.create_sheet(MEASURES_SHEET), plan, form, year)
    if form.indicator_rows:
        indicators_sheet(book.create_sheet(INDICATORS_SHEET), plan, form, year)
    _stamp(book, plan, form, year)
    book.security = WorkbookProtection(lockStructure=True)
    book.properties.creator = plan.monitoring.data_owner
    book.properties.title = f"{plan.facts.plan.title.genitive} įgyvendinimas {year} m.: {form.executor}"
    for sheet in book.worksheets:
        if sheet.sheet_state == "visible":
            _print_setup(sheet, plan, form, year)
    _as_text(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return normalize_zip(buffer.getvalue(), FORM_STAMP)


def _stamp(book, plan: Plan, form: ExecutorForm, year: int) -> None:
    """Add the hidden sheet naming the plan, the year, the executor and the edition the form was issued for."""
    stamp = book.create_sheet(STAMP_SHEET)
    for row, (key, value) in enumerate(zip(STAMP_KEYS, (FORM_KIND, plan.name, year, form.executor,
                                                        plan.edition_entry)), start=1):
        stamp.cell(row, 1, key)
        stamp.cell(row, 2, value)
    stamp.sheet_state = "veryHidden"
    stamp.protection.sheet = True


def _as_text(book) -> None:
    """Keep every text a cell holds text: never a formula or an error value, and quoted where one could be read.

    openpyxl takes a string that begins with "=" for a formula and "#N/A" for an error. A string cell is
    text to Excel and Calc alike; the quote prefix (Excel's leading "'") keeps it text when an official
    edits the cell in Excel.
    """
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                    if cell.value.startswith(FORMULA_LEADS):
                        cell.quotePrefix = True


def _print_setup(sheet, plan: Plan, form: ExecutorForm, year: int) -> None:
    """Print a sheet landscape on A4, one page wide, its header row on every page, its place in the header."""
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.7, bottom=0.6, header=0.3, footer=0.3)
    sheet.print_options.horizontalCentered = True
    if sheet.title == INSTRUCTIONS_SHEET:
        sheet.page_setup.fitToHeight = 1  # the instructions and the „Užpildė“ block on one page
    else:
        sheet.print_title_rows = "1:1"
    # Header and footer codes begin with "&": a name's own "&" is doubled so that it is printed, not obeyed.
    sheet.oddHeader.left.text = _header_text(form.executor)
    sheet.oddHeader.right.text = _header_text(f"{plan.name}, {year} m.")
    sheet.oddFooter.center.text = "&A, &P psl. iš &N"
    sheet.oddHeader.left.size = sheet.oddHeader.right.size = sheet.oddFooter.center.size = 8


def _header_text(text: str) -> str:
    """Return text for a page header: "&" doubled, at most 100 characters (Excel's limit is 255 for all three)."""
    text = " ".join(text.split())
    return (text if len(text) <= 100 else text[:99].rsplit(" ", 1)[0] + "…").replace("&", "&&")
