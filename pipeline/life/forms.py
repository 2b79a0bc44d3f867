"""Executors' Excel forms: one workbook per responsible executor to report a year, written with openpyxl.

Each workbook has an instructions sheet, „Priemonės“ (the executor's measures: planned funds
read-only, status, funds used and an account to fill in) and „Rodikliai“ (the indicators those
measures carry, and any whose `atsakingas` is the executor: actual value and a note to fill in).
Read-only cells are locked and the sheets protected without a password, so the form cannot be
broken by accident yet anyone can fill it in; the structure of the workbook is protected too.
A hidden sheet stamps the plan, the year and the executor, which the import (imports.py) checks.
Values already in stebesena/<year>.yaml are filled in, so a form can be issued again.
Every text is written as text, never as a formula: content and returned forms are data.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..core import lt
from ..content import schema
from ..core.errors import ContentError, Problem, StageError, display_path
from ..content.model import Plan
from ..content.views import MeasureView, goals_by_priority

MEASURES_SHEET, INDICATORS_SHEET, INSTRUCTIONS_SHEET, STAMP_SHEET = "Priemonės", "Rodikliai", "Nurodymai", "Žyma"
STAMP_KEYS = ("forma", "planas", "metai", "vykdytojas", "redakcija")  # the edition's ledger entry, "" for content
FORM_KIND = "strateginio plano vykdytojo forma"
# The columns of „Priemonės“ before and after the financing sources (one planned and one used column each).
MEASURE_LEAD = ("Nr.", "Žymuo", "Priemonė", "Laikotarpis")
STATUS_HEADER, ACCOUNT_HEADER = "Būklė", "Kas atlikta"
INDICATOR_HEADERS = ("Kodas", "Rodiklis", "Matas", "Pradinė reikšmė", "Tarpinė reikšmė", "Siektina reikšmė",
                     "Faktinė reikšmė", "Pastaba")
VALUE_COLUMN, NOTE_COLUMN = 7, 8  # in „Rodikliai“
# What makes Excel or LibreOffice take typed text for a formula (or a DDE command) once the cell is edited.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def planned_header(source: str) -> str:
    return f"Suplanuota: {source}, Eur"


def used_header(source: str) -> str:
    return f"Panaudota: {source}, Eur"


def measure_headers(sources: list[str]) -> list[str]:
    return (list(MEASURE_LEAD) + [planned_header(s) for s in sources] + [STATUS_HEADER]
            + [used_header(s) for s in sources] + [ACCOUNT_HEADER])


@dataclass(frozen=True)
class ExecutorForm:
    executor: str
    file_name: str
    measures: list[MeasureView]
    indicators: list[schema.Indicator]


def executor_forms(plan: Plan) -> list[ExecutorForm]:
    """Return each executor's measures and indicators, in the order the executors first appear in the plan."""
    measures = [m for p in goals_by_priority(plan) for g in p.goals for m in g.measures]
    indicators = [i for g in plan.groups if g.goals for i in g.goals.indicators]
    executors = list(dict.fromkeys(m.executor for m in measures))
    forms, used_names = [], set()
    for executor in executors:
        own = [m for m in measures if m.executor == executor]
        codes = {c.strip() for m in own for c in m.indicators_text.split(",") if c.strip()}
        chosen = [i for i in indicators if i.code in codes or i.responsible == executor]
        name = lt.ascii_name(executor, fallback="vykdytojas")
        candidate, n = name, 1
        while candidate in used_names:
            n += 1
            candidate = f"{name}-{n}"
        used_names.add(candidate)
        forms.append(ExecutorForm(executor, f"{candidate}.xlsx", own, chosen))
    return forms


def workbook(plan: Plan, form: ExecutorForm, year: int, deadline: str) -> bytes:
    """Return one executor's form for a year as .xlsx bytes."""
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    book = Workbook()
    _instructions(book.active, plan, form, year, deadline)
    _measures_sheet(book.create_sheet(MEASURES_SHEET), plan, form, year)
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
    }


def _instructions(sheet, plan: Plan, form: ExecutorForm, year: int, deadline: str) -> None:
    sheet.title = INSTRUCTIONS_SHEET
    lines = [
        f"{plan.facts.plan.title.nominative}: {year} metų įgyvendinimo duomenys",
        f"Vykdytojas: {form.executor}",
        _edition_line(plan, year),
        "",
        f"Užpildykite geltonus langelius lapuose „{MEASURES_SHEET}“ ir „{INDICATORS_SHEET}“. Užpildytą failą "
        f"grąžinkite iki {year + 1} m. {deadline.rstrip('.')}. Duomenis apibendrina: {plan.monitoring.data_owner}.",
        f"„{STATUS_HEADER}“: pasirinkite vieną iš šių: {', '.join(schema.STATUSES)}.",
        "„Žymuo“ – pastovus priemonės žymuo plane (pvz., EK-P01): pagal jį duomenys priskiriami priemonei, net jei "
        "pasikeistų jos numeris.",
        "Lėšos – eurais, tik skaičius (pvz., 12500 arba 12500,50); jei lėšų nepanaudota, rašykite 0.",
        "„Faktinė reikšmė“ – rodiklio reikšmė ataskaitiniais metais, tik skaičius (pvz., 12,5); "
        "jei duomenų dar nėra, palikite tuščią ir pastaboje nurodykite, kada jie bus.",
        "Eilučių nepridėkite, neištrinkite ir nekeiskite kodų: forma skaitoma automatiškai.",
    ]
    for row, text in enumerate(lines, start=1):
        sheet.cell(row, 1, text)
    sheet["A1"].font = _styles()["header"]
    sheet.column_dimensions["A"].width = 120
    sheet.protection.sheet = True


def _edition_line(plan: Plan, year: int) -> str:
    """Return which text of the plan the form asks about: the edition in force that year, or a draft."""
    if plan.edition is not None:
        return f"Forma parengta pagal {year} metų pabaigoje galiojusią plano redakciją ({plan.edition})."
    if plan.decision is None or plan.decision.decision.is_draft:
        return "PROJEKTAS: planas dar nepatvirtintas – forma parengta pagal plano projektą."
    return "Forma parengta pagal patvirtintą planą (jo redakcija dar neįrašyta: make approve)."


def _header(sheet, headers: list[str], widths: list[int]) -> None:
    from openpyxl.utils import get_column_letter

    style = _styles()
    for column, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = sheet.cell(1, column, text)
        cell.font, cell.alignment, cell.border = style["header"], style["wrap"], style["border"]
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.protection.sheet = True
    sheet.protection.formatRows = False  # rows may be made taller to read long text
    sheet.protection.formatColumns = False


def _open(cell, value=None) -> None:
    style = _styles()
    cell.value = value
    cell.protection, cell.fill, cell.border, cell.alignment = style["open"], style["fill"], style["border"], style["wrap"]


def _fixed(cell, value) -> None:
    style = _styles()
    cell.value = value
    cell.border, cell.alignment = style["border"], style["wrap"]


def _number(value: Decimal | None):
    """Return a value as Excel should hold it: an int when whole, else a float; None stays empty."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _measures_sheet(sheet, plan: Plan, form: ExecutorForm, year: int) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    sources = plan.strategy.sources
    headers = measure_headers(sources)
    _header(sheet, headers, [7, 10, 50, 11] + [14] * len(sources) + [13] + [14] * len(sources) + [50])
    reported = plan.reports.get(year)
    status_column = len(MEASURE_LEAD) + len(sources) + 1
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
        planned = {f.source: f.amount for f in measure.financing}
        for i, source in enumerate(sources):
            _fixed(sheet.cell(row, len(MEASURE_LEAD) + 1 + i), _number(planned.get(source, Decimal(0))))
        _open(sheet.cell(row, status_column), done.status if done else None)
        statuses.add(sheet.cell(row, status_column))
        for i, source in enumerate(sources):
            cell = sheet.cell(row, status_column + 1 + i)
            _open(cell, _number(done.used.get(source)) if done else None)
            money.add(cell)
        _open(sheet.cell(row, len(headers)), done.account if done else None)


def _indicators_sheet(sheet, plan: Plan, form: ExecutorForm, year: int) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    _header(sheet, list(INDICATOR_HEADERS), [10, 50, 10, 12, 12, 12, 13, 40])
    reported = plan.reports.get(year)
    number = DataValidation(type="decimal", operator="between", formula1="-1E+15", formula2="1E+15", allow_blank=True,
                            showErrorMessage=True, errorTitle="Reikšmė", error="Įrašykite skaičių.")
    sheet.add_data_validation(number)
    for row, indicator in enumerate(form.indicators, start=2):
        value = reported.indicators.get(indicator.code) if reported else None
        fixed = [indicator.code, indicator.name, indicator.unit, _number(indicator.baseline),
                 _number(indicator.intermediate), _number(indicator.target)]
        for column, item in enumerate(fixed, start=1):
            _fixed(sheet.cell(row, column), item)
        _open(sheet.cell(row, VALUE_COLUMN), _number(value.value) if value else None)
        number.add(sheet.cell(row, VALUE_COLUMN))
        _open(sheet.cell(row, NOTE_COLUMN), value.note if value else None)


def forms(plan: Plan, year: int) -> dict[str, bytes]:
    """Return every executor's form for a year, by file name."""
    deadline = plan.monitoring.executors_deadline
    return {form.file_name: workbook(plan, form, year, deadline) for form in executor_forms(plan)}


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
