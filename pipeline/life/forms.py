"""Executors' Excel forms: one workbook per responsible party to report a year, written with openpyxl.

Each workbook has an instructions sheet („Nurodymai“: the plan, the year, the deadline and whom to
ask, how to fill it in, and an „Užpildė“ block), „Priemonės“ (the party's measures: funds planned
for the whole period read-only; status, funds used in the year and an account to fill in) and
„Rodikliai“ (the indicators it reports – every indicator has exactly one responsible form, see
responsible.py – with the year's planned value and last year's value beside the actual value, a
note, and the reasons of a deviation and the actions taken; below them, read-only and grey, the
indicators its measures carry that another party reports). A sheet with nothing to fill is left out.
Read-only cells are locked and the sheets protected without a password, so the form cannot be
broken by accident yet anyone can fill it in; the structure of the workbook is protected too.
A hidden sheet stamps the plan, the year, the executor and the edition, which the import
(imports.py) checks. Values already in stebesena/<year>.yaml are filled in, so a form can be issued
again. Every sheet prints landscape, one page wide, with its header row on every page.
Every text is written as text, never as a formula: content and returned forms are data.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
import textwrap
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..core import lt
from ..content import progress, schema
from ..core.errors import ContentError, Problem, StageError, display_path
from ..content.model import Plan
from ..content.responsible import DEFAULT_DEADLINE, executors_deadline, responsibles
from ..content.views import MeasureView, goals_by_priority

MEASURES_SHEET, INDICATORS_SHEET, INSTRUCTIONS_SHEET, STAMP_SHEET = "Priemonės", "Rodikliai", "Nurodymai", "Žyma"
STAMP_KEYS = ("forma", "planas", "metai", "vykdytojas", "redakcija")  # the edition's ledger entry, "" for content
FORM_KIND = "strateginio plano vykdytojo forma"
# The columns of „Priemonės“ before the status; after it, each financing source's planned and used funds.
MEASURE_LEAD = ("Nr.", "Žymuo", "Priemonė", "Laikotarpis")
MEASURE_LEAD_WIDTHS = (7, 10, 42, 11)
STATUS_COLUMN = len(MEASURE_LEAD) + 1  # the first column to fill: the panes are frozen there
# „Rodikliai“: what is given, then what is filled in (from VALUE_COLUMN on).
INDICATOR_LEAD_WIDTHS = (9, 38, 9, 11, 11, 12, 12, 13)
VALUE_COLUMN, NOTE_COLUMN, REASON_COLUMN, ACTIONS_COLUMN = 9, 10, 11, 12
REASON_HEADER, ACTIONS_HEADER = "Nuokrypio priežastys", "Korekciniai veiksmai"
NOTE_HEADER = "Pastaba"
# What makes Excel or LibreOffice take typed text for a formula (or a DDE command) once the cell is edited.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = "#,##0.00"  # shown with the reader's separators: "1 234,50" in Lithuanian Excel and Calc
FILE_NAME_LIMIT = 120  # characters of a form's name before ".xlsx": long enough for every sample's executor
# Words a name cut short must not end with: "…-administravimo-ir" reads as half a phrase.
_DANGLING = {"ir", "bei", "ar", "su", "be", "del", "prie", "uz", "is", "i", "po", "per", "nuo", "iki", "apie", "pagal"}


def status_header(year: int) -> str:
    return f"Būklė {year} m. pabaigoje"


def account_header(year: int) -> str:
    return f"Kas atlikta {year} m."


def planned_header(source: str) -> str:
    return f"Suplanuota visam laikotarpiui, Eur ({source})"


def used_header(source: str, year: int) -> str:
    return f"Panaudota {year} m., Eur ({source})"


def measure_headers(sources: list[str], year: int) -> list[str]:
    """Return „Priemonės“ headers: the measure, its status, each source's planned and used funds, the account."""
    funds = [h for s in sources for h in (planned_header(s), used_header(s, year))]
    return list(MEASURE_LEAD) + [status_header(year)] + funds + [account_header(year)]


def used_column(i: int) -> int:
    """Return the column of the funds used from the i-th source (planned is the one before it)."""
    return STATUS_COLUMN + 2 + 2 * i


def indicator_headers(year: int, end: int) -> list[str]:
    return ["Kodas", "Rodiklis", "Matas", "Pradinė reikšmė", "Tarpinė reikšmė", f"Siektina reikšmė {end} m.",
            f"Suplanuota {year} m.", f"Faktinė reikšmė {year - 1} m.", f"Faktinė reikšmė {year} m.", NOTE_HEADER,
            REASON_HEADER, ACTIONS_HEADER]


@dataclass(frozen=True)
class ExecutorForm:
    executor: str
    file_name: str
    measures: list[MeasureView]
    indicators: list[schema.Indicator]  # what this form reports
    shown: list[tuple[schema.Indicator, str]] = ()  # its measures' indicators another reports, with who: read-only

    @property
    def indicator_rows(self) -> int:
        return len(self.indicators) + len(self.shown)

    def sheets(self) -> list[str]:
        """Return the sheets the form has to fill: a party without measures has no „Priemonės“."""
        return [name for name, rows in ((MEASURES_SHEET, self.measures), (INDICATORS_SHEET, self.indicator_rows))
                if rows]


def executor_forms(plan: Plan, year: int) -> list[ExecutorForm]:
    """Return each responsible party's form: the executors in the order they first appear, then the others."""
    measures = [m for p in goals_by_priority(plan) for g in p.goals for m in g.measures]
    indicators = [i for g in plan.groups if g.goals for i in g.goals.indicators]
    who = responsibles(plan)
    parties = list(dict.fromkeys([m.executor for m in measures] + [who[i.code] for i in indicators]))
    forms, used_names = [], set()
    for party in parties:
        own = [m for m in measures if m.executor == party]
        carried = {c.strip() for m in own for c in m.indicators_text.split(",") if c.strip()}
        reported = [i for i in indicators if who[i.code] == party]
        shown = [(i, who[i.code]) for i in indicators if i.code in carried and who[i.code] != party]
        name = file_stem(plan.name, year, party)
        candidate, n = name, 1
        while candidate in used_names:
            n += 1
            candidate = f"{name}-{n}"
        used_names.add(candidate)
        forms.append(ExecutorForm(party, f"{candidate}.xlsx", own, reported, shown))
    return forms


def file_stem(plan_name: str, year: int, executor: str) -> str:
    """Return "<plan>-<year>-<executor>", the executor's part cut short only at a word and never after "ir"."""
    lead = f"{lt.ascii_name(plan_name, fallback='planas')}-{year}-"
    whole = lt.ascii_name(executor, limit=10_000, fallback="vykdytojas")
    name = lt.ascii_name(executor, limit=max(FILE_NAME_LIMIT - len(lead), 20), fallback="vykdytojas")
    if name != whole:
        words = name.split("-")
        while len(words) > 1 and words[-1] in _DANGLING:
            words.pop()
        name = "-".join(words)
    return lead + name


def workbook(plan: Plan, form: ExecutorForm, year: int) -> bytes:
    """Return one party's form for a year as .xlsx bytes."""
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    book = Workbook()
    _instructions(book.active, plan, form, year)
    if form.measures:
        _measures_sheet(book.create_sheet(MEASURES_SHEET), plan, form, year)
    if form.indicator_rows:
        _indicators_sheet(book.create_sheet(INDICATORS_SHEET), plan, form, year)
    stamp = book.create_sheet(STAMP_SHEET)
    for row, (key, value) in enumerate(zip(STAMP_KEYS, (FORM_KIND, plan.name, year, form.executor,
                                                        plan.edition_entry)), start=1):
        stamp.cell(row, 1, key)
        stamp.cell(row, 2, value)
    stamp.sheet_state = "veryHidden"
    stamp.protection.sheet = True
    book.security = WorkbookProtection(lockStructure=True)
    book.properties.creator = plan.monitoring.data_owner
    book.properties.title = f"{plan.facts.plan.title.genitive} įgyvendinimas {year} m.: {form.executor}"
    for sheet in book.worksheets:
        if sheet.sheet_state == "visible":
            _print_setup(sheet, plan, form, year)
    _as_text(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return _reproducible(buffer.getvalue())


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


def _reproducible(data: bytes) -> bytes:
    """Return the workbook with fixed creation and modification times and zip entry dates."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", content)
            entry = zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()


@functools.cache
def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

    thin = Side(style="thin", color="808080")
    return {
        "header": Font(bold=True), "wrap": Alignment(wrap_text=True, vertical="top"),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "fill": PatternFill("solid", fgColor="FFF2CC"), "open": Protection(locked=False),
        "heading": PatternFill("solid", fgColor="D9E1F2"), "grey": PatternFill("solid", fgColor="E7E6E6"),
        "muted": Font(color="595959", italic=True),
    }


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


def _instructions(sheet, plan: Plan, form: ExecutorForm, year: int) -> None:
    style = _styles()
    sheet.title = INSTRUCTIONS_SHEET
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 26, 100
    monitoring = plan.monitoring
    due = f"{year + 1} m. {executors_deadline(monitoring)}"
    filled = [f"„{name}“" for name in form.sheets()]
    facts = [
        ("Planas", plan.facts.plan.title.nominative),
        ("Ataskaitiniai metai", f"{year} m. (sausio 1 d. – gruodžio 31 d.)"),
        ("Teikia", form.executor),
        ("Plano redakcija", _edition_line(plan, year)),
        ("Grąžinti iki", due),
        ("Duomenis apibendrina", monitoring.data_owner),
    ] + ([("Kontaktai", monitoring.contact)] if monitoring.contact else [])
    measure_steps = [
        f"„{status_header(year)}“: pasirinkite vieną iš šių: {', '.join(schema.STATUSES)} (didžiosios ar mažosios "
        "raidės nesvarbu).",
        "„Žymuo“ – pastovus priemonės žymuo plane (pvz., EK-P01): pagal jį duomenys priskiriami priemonei, net jei "
        "pasikeistų jos numeris.",
        f"Lėšos – eurais, tik skaičius (pvz., 12500 arba 12500,50); jei lėšų {year} m. nepanaudota, rašykite 0. "
        "„Suplanuota visam laikotarpiui“ – priemonei visam jos įgyvendinimo laikotarpiui numatytos lėšos.",
    ]
    indicator_steps = [
        f"„Faktinė reikšmė {year} m.“ – rodiklio reikšmė ataskaitiniais metais, tik skaičius (pvz., 12,5); jei "
        "duomenų dar nėra, palikite tuščią ir pastaboje nurodykite, kada jie bus.",
        f"„Suplanuota {year} m.“ – reikšmė, kurios tais metais turėjo būti pasiekta: tiesiškai tarp pradinės, "
        f"tarpinės ir siektinos reikšmių. Jei faktinė reikšmė nuo jos atsilieka daugiau kaip "
        f"{lt.percent(monitoring.deviation)}, įrašykite „{REASON_HEADER}“ ir „{ACTIONS_HEADER}“.",
    ]
    steps = ([f"Užpildykite geltonus langelius {'lapuose' if len(filled) > 1 else 'lape'} {' ir '.join(filled)} "
              f"ir žemiau esantį bloką „Užpildė“. Užpildytą failą grąžinkite iki {due} (kam – žr. „Duomenis "
              "apibendrina“)."]
             + (measure_steps if form.measures else []) + (indicator_steps if form.indicator_rows else [])
             + (["Pilki rodikliai – tik žiniai: jų reikšmes teikia pastaboje nurodytas kitas vykdytojas."]
                if form.shown else [])
             + ["Eilučių nepridėkite, neištrinkite ir nekeiskite kodų: forma skaitoma automatiškai."])
    title = sheet.cell(1, 1, f"{plan.facts.plan.title.nominative}: {year} metų įgyvendinimo duomenys")
    title.font, title.alignment = style["header"], style["wrap"]
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=2)
    row = 3
    for label, text in facts:
        _fixed(sheet.cell(row, 1, label), label)
        sheet.cell(row, 1).font = style["header"]
        _fixed(sheet.cell(row, 2), text)
        row += 1
    row += 1
    sheet.cell(row, 1, "Kaip pildyti").font = style["header"]
    row += 1
    for n, text in enumerate(steps, start=1):
        sheet.cell(row, 1, f"{n}.").alignment = style["wrap"]
        sheet.cell(row, 2, text).alignment = style["wrap"]
        row += 1
    row += 1
    sheet.cell(row, 1, "Užpildė").font = style["header"]
    row += 1
    for label in FILLED_BY:
        _fixed(sheet.cell(row, 1), label)
        _open(sheet.cell(row, 2))
        row += 1
    _fit_rows(sheet, [26, 100], 1)
    sheet.row_dimensions[1].height = _height([f"{plan.facts.plan.title.nominative}: {year} metų "
                                              "įgyvendinimo duomenys"], [126], [True])
    sheet.protection.sheet = True
    sheet.protection.formatRows = False


FILLED_BY = ("Vardas, pavardė", "Pareigos", "Data", "Telefonas, el. paštas")


def _edition_line(plan: Plan, year: int) -> str:
    """Return which text of the plan the form asks about: the edition in force that year, or a draft."""
    if plan.edition is not None:
        return f"Forma parengta pagal {year} metų pabaigoje galiojusią plano redakciją ({plan.edition})."
    if plan.decision is None or plan.decision.decision.is_draft:
        return "PROJEKTAS: planas dar nepatvirtintas – forma parengta pagal plano projektą."
    return "Forma parengta pagal patvirtintą planą (jo redakcija dar neįrašyta: make approve)."


def _header(sheet, headers: list[str], widths: list[int], freeze_column: int) -> None:
    """Write the header row; freeze the panes at the first cell to fill, so codes and headers stay in view."""
    from openpyxl.utils import get_column_letter

    style = _styles()
    for column, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = sheet.cell(1, column, text)
        cell.font, cell.alignment, cell.border = style["header"], style["wrap"], style["border"]
        cell.fill = style["heading"]
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"{get_column_letter(freeze_column)}2"
    sheet.protection.sheet = True
    sheet.protection.formatRows = False  # rows may be made taller to read long text
    sheet.protection.formatColumns = False


# Excel's column width counts digits of the default font (Calibri 11); a line of wrapped text holds
# about as many average letters, fewer in bold. Rows get the height their longest cell needs: Excel
# keeps a row's stored height, so a row left to the default would cut a long name to one line.
LINE_POINTS = 15


def _height(texts: list[str], widths: list[float], bold: list[bool] | None = None) -> float:
    """Return the height in points a row needs to show each text wrapped in its column's width."""
    lines = 1
    for text, width, heavy in zip(texts, widths, bold or [False] * len(texts)):
        per_line = max(1, int(width * (0.85 if heavy else 1.0)) - 2)
        lines = max(lines, sum(len(textwrap.wrap(part, per_line, break_long_words=True)) or 1
                               for part in str(text).split("\n")))
    return lines * LINE_POINTS + 3


def _fit_rows(sheet, widths: list[float], first_row: int = 1) -> None:
    """Give each row from first_row the height its texts need (bold for the header row of a table)."""
    for row in sheet.iter_rows(min_row=first_row):
        cells = [c for c in row if isinstance(c.value, str) and c.column <= len(widths)]
        if cells:
            sheet.row_dimensions[row[0].row].height = _height(
                [c.value for c in cells], [widths[c.column - 1] for c in cells], [bool(c.font and c.font.b) for c in cells])


def _open(cell, value=None, number_format: str | None = None) -> None:
    style = _styles()
    cell.value = value
    cell.protection, cell.fill, cell.border, cell.alignment = style["open"], style["fill"], style["border"], style["wrap"]
    if number_format:
        cell.number_format = number_format


def _fixed(cell, value, number_format: str | None = None) -> None:
    style = _styles()
    cell.value = value
    cell.border, cell.alignment = style["border"], style["wrap"]
    if number_format:
        cell.number_format = number_format


def _number(value: Decimal | None):
    """Return a value as Excel should hold it: an int when whole, else a float; None stays empty."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _places(*values: Decimal | None) -> int:
    """Return how many decimals the most precise of the values is written with."""
    return max([0] + [-v.normalize().as_tuple().exponent for v in values
                      if v is not None and v.normalize().as_tuple().exponent < 0])


def value_format(places: int) -> str:
    """Return the number format of an indicator value with so many decimals: "#,##0" or "#,##0.0"."""
    return "#,##0" + ("." + "0" * places if places else "")


def _measures_sheet(sheet, plan: Plan, form: ExecutorForm, year: int) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    sources = plan.strategy.sources
    headers = measure_headers(sources, year)
    widths = list(MEASURE_LEAD_WIDTHS) + [13] + [15] * (2 * len(sources)) + [42]
    _header(sheet, headers, widths, STATUS_COLUMN)
    reported = plan.reports.get(year)
    statuses = DataValidation(type="list", formula1='"' + ",".join(schema.STATUSES) + '"', allow_blank=True,
                              showErrorMessage=True, errorTitle="Būklė", error="Pasirinkite būklę iš sąrašo.")
    money = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                           showErrorMessage=True, errorTitle="Lėšos", error="Įrašykite sumą eurais (skaičių).")
    sheet.add_data_validation(statuses)
    sheet.add_data_validation(money)
    for row, measure in enumerate(form.measures, start=2):
        done = reported.measures.get(measure.key) if reported and measure.key else None
        values = [measure.number, measure.key, measure.name, measure.period_text]
        for column, value in enumerate(values, start=1):
            _fixed(sheet.cell(row, column), value)
        _open(sheet.cell(row, STATUS_COLUMN), done.status if done else None)
        statuses.add(sheet.cell(row, STATUS_COLUMN))
        planned = {f.source: f.amount for f in measure.financing}
        for i, source in enumerate(sources):
            _fixed(sheet.cell(row, used_column(i) - 1), _number(planned.get(source, Decimal(0))), MONEY_FORMAT)
            cell = sheet.cell(row, used_column(i))
            _open(cell, _number(done.used.get(source)) if done else None, MONEY_FORMAT)
            money.add(cell)
        _open(sheet.cell(row, len(headers)), done.account if done else None)
    _fit_rows(sheet, widths)


def _indicators_sheet(sheet, plan: Plan, form: ExecutorForm, year: int) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    end = plan.facts.plan.end
    headers = indicator_headers(year, end)
    widths = list(INDICATOR_LEAD_WIDTHS) + [18, 30, 34, 34]
    _header(sheet, headers, widths, VALUE_COLUMN)
    reported = plan.reports.get(year)
    last_year = plan.reports.get(year - 1)
    number = DataValidation(type="decimal", operator="between", formula1="-1E+15", formula2="1E+15", allow_blank=True,
                            showErrorMessage=True, errorTitle="Reikšmė", error="Įrašykite skaičių.")
    sheet.add_data_validation(number)
    rows = [(i, None) for i in form.indicators] + list(form.shown)
    for row, (indicator, reporter) in enumerate(rows, start=2):
        value = reported.indicators.get(indicator.code) if reported else None
        deviation = reported.deviations.get(indicator.code) if reported else None
        before = last_year.indicators.get(indicator.code) if last_year else None
        places = _places(indicator.baseline, indicator.intermediate, indicator.target)
        planned = progress.planned_value(indicator, year, end)  # the report's straight line, as it measures
        planned_places = min(4, places if planned == round(planned, places) else places + 1)
        given = [(indicator.code, None), (indicator.name, None), (indicator.unit, None),
                 (_number(indicator.baseline), value_format(places)),
                 (_number(indicator.intermediate) if indicator.intermediate is not None else "–", value_format(places)),
                 (_number(indicator.target), value_format(places)),
                 (_number(round(planned, planned_places)), value_format(planned_places)),
                 (_number(before.value) if before and before.value is not None else "–", value_format(places))]
        for column, (item, number_format) in enumerate(given, start=1):
            _fixed(sheet.cell(row, column), item, number_format)
        if reporter is None:
            _open(sheet.cell(row, VALUE_COLUMN), _number(value.value) if value else None)
            number.add(sheet.cell(row, VALUE_COLUMN))
            _open(sheet.cell(row, NOTE_COLUMN), value.note if value else None)
            _open(sheet.cell(row, REASON_COLUMN), deviation.explanation if deviation else None)
            _open(sheet.cell(row, ACTIONS_COLUMN), deviation.action if deviation else None)
        else:
            _shown(sheet, row, value, reporter)
    _fit_rows(sheet, widths)


def _shown(sheet, row: int, value, reporter: str) -> None:
    """Fill an indicator row another party reports: grey, locked, what the year's file has, and who reports it."""
    style = _styles()
    _fixed(sheet.cell(row, VALUE_COLUMN), _number(value.value) if value and value.value is not None else None)
    _fixed(sheet.cell(row, NOTE_COLUMN), f"Tik žiniai: reikšmę teikia {reporter}.")
    for column in (REASON_COLUMN, ACTIONS_COLUMN):
        _fixed(sheet.cell(row, column), None)
    for column in range(1, ACTIONS_COLUMN + 1):
        sheet.cell(row, column).fill = style["grey"]
        sheet.cell(row, column).font = style["muted"]


def forms(plan: Plan, year: int) -> dict[str, bytes]:
    """Return every responsible party's form for a year, by file name."""
    return {form.file_name: workbook(plan, form, year) for form in executor_forms(plan, year)}


# What the forms folder holds besides the forms: each form's digest as issued, so that a later issue
# overwrites or removes only its own forms, never a returned one saved there under the same name.
RECORD = ".inputs-forms.json"
FOREIGN = ("failas ne išduotoji forma arba pakeistas po išdavimo (gal tai grąžinta forma?), todėl neperrašomas: "
           "perkelkite jį į kitą aplanką ir parenkite formas dar kartą")


def issue(plan: Plan, year: int, out_dir: Path, waiting=None) -> tuple[list[Path], list[Path]]:
    """Write every executor's form into out_dir; return the forms written and the stale ones removed.

    The folder is held for one issue at a time (write.locked: another issue, or a build into the same
    folder, is waited for, and temporaries a killed one left are removed). A file of a form's name is
    overwritten only if it is what an earlier issue wrote, or the same bytes; a form the record lists
    whose executor left the plan is removed on the same terms. Anything else stops the issue.
    """
    from ..core.write import locked, write_atomically

    root = plan.root.resolve()
    if out_dir.resolve() == root or out_dir.resolve().is_relative_to(root):
        raise StageError(f"formų aplankas {out_dir} yra plano aplanke {plan.root}: į turinį formos nerašomos, "
                         "nurodykite kitą --out")
    made = forms(plan, year)
    with locked(out_dir, waiting):
        issued = _issued(out_dir)
        foreign = [name for name in sorted(made) if os.path.lexists(out_dir / name)
                   and _digest(out_dir / name) not in {issued.get(name), _sha256(made[name])} - {None}]
        if foreign:
            raise ContentError([Problem(display_path(out_dir / name), 0, FOREIGN) for name in foreign])
        stale = [out_dir / name for name, digest in issued.items()
                 if name not in made and _digest(out_dir / name) == digest]
        record = json.dumps({"files": {name: _sha256(data) for name, data in made.items()}}, ensure_ascii=False,
                            indent=1, sort_keys=True) + "\n"
        written = write_atomically(out_dir, made | {RECORD: record.encode("utf-8")})
        for path in stale:
            path.unlink(missing_ok=True)
    return [path for path in written if path.name != RECORD], stale


def _issued(out_dir: Path) -> dict[str, str]:
    """Return the forms an earlier issue wrote into the folder, with their digests; none if it has no record."""
    try:
        files = json.loads((out_dir / RECORD).read_text(encoding="utf-8")).get("files")
    except (OSError, ValueError, AttributeError, RecursionError):
        return {}  # no record, or not one of ours: nothing in the folder is taken for a form issued
    if not isinstance(files, dict):
        return {}
    return {name: digest for name, digest in files.items() if isinstance(name, str) and isinstance(digest, str)
            and name == os.path.basename(name) and name.endswith(".xlsx")}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _digest(path: Path) -> str | None:
    """Return a plain file's digest; None for a link, a folder or what cannot be read."""
    try:
        if path.is_symlink() or not path.is_file():
            return None
        with path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return None


def summary(executor: str, measures: int, indicators: int) -> str:
    """Return "Švietimo skyrius: 6 priemonės, 9 rodikliai"."""
    return (f"{executor}: {measures} {lt.noun_form(measures, 'priemonė')}, "
            f"{indicators} {lt.noun_form(indicators, 'rodiklis')}")
