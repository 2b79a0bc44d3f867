"""Read executors' returned forms (forms.py) back into stebesena/<year>.yaml, all or nothing.

Every workbook is read and checked before anything is written: its stamp (plan, year, executor),
its rows and codes against the form the plan would issue, every filled cell. Problems are named
as "<file>: lapas „…“, langelis D7: …", all at once; with any of them nothing is written, not even
from the valid files. The year's file is then updated with a round-trip YAML library (ruamel.yaml)
so that officials' comments, order and layout survive; other executors' entries stay as they were.
Finally the plan is checked again, and the file is put back as it was if the result does not pass.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from . import forms
from ..core import lt
from ..content import schema
from ..core.errors import ContentError, Problem, display_path, quote, system_reason
from .forms import ExecutorForm
from ..content.layout import REPORTS_DIR
from ..content.model import Plan, require_year_in_period

MAX_WORKBOOK_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a form is a few hundred KB unpacked: a larger one is not a form
MAX_TEXT = 2000  # characters of an account or a note
# What content accepts (schema.Money, schema.Value): checked at the cell, where the official can fix it.
MONEY_DECIMALS, MONEY_DIGITS = 2, 15
VALUE_DECIMALS, VALUE_DIGITS = 4, 18
# A number as officials type it: "12", "12,5", "12.5", "1 234,5" (spaces or non-breaking spaces in thousands).
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)?$")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted (password-protected) or old .xls workbook
MAX_PARTS = 1000  # a form has about a dozen parts
MAX_PART_ELEMENTS = 100_000  # XML elements of one part: a form's largest has a few thousand
MAX_SHEETS = 20  # a form has four
BROKEN = ("sugadintas arba nesaugus failas: atverkite jį Excel programa ir įrašykite iš naujo arba naudokite "
          "išduotą formą")


@dataclass
class Returned:
    """What one returned workbook gives: its executor's measures and indicators, as YAML values."""

    path: Path
    executor: str
    measures: dict[str, dict] = field(default_factory=dict)
    indicators: dict[str, dict] = field(default_factory=dict)
    deviations: dict[str, dict] = field(default_factory=dict)  # by indicator code: reasons and actions


class _Reader:
    """Collect the problems of one workbook, each at its sheet and cell."""

    def __init__(self, path: Path):
        self.path, self.shown = path, display_path(path)
        self.problems: list[Problem] = []

    def file_problem(self, message: str) -> None:
        self.problems.append(Problem(self.shown, 0, message))

    def cell_problem(self, sheet: str, cell: str, message: str) -> None:
        self.problems.append(Problem(self.shown, 0, f"lapas „{sheet}“, langelis {cell}: {message}"))


def parse_number(value) -> Decimal | None:
    """Return a cell's number: a numeric cell, or text with a decimal comma or point; None if not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if value == value and abs(value) != float("inf") else None
    if isinstance(value, str) and _NUMBER.match(value.strip()):
        text = re.sub(r"[ \u00a0\u202f]", "", value.strip()).replace(",", ".")
        try:
            return Decimal(text)
        except InvalidOperation:
            return None
    return None


def _workbook_bytes(reader: _Reader) -> bytes | None:
    """Return a returned file's bytes when it may be a workbook (a plain file, not too large, not encrypted)."""
    try:
        if not reader.path.is_file():
            reader.file_problem("tai ne failas (aplankas ar įrenginys)" if reader.path.exists() else "failo nėra")
            return None
        with reader.path.open("rb") as stream:
            data = stream.read(MAX_WORKBOOK_BYTES + 1)  # never more: a huge file is refused, not loaded
    except OSError as exc:
        reader.file_problem(f"failo nepavyko perskaityti: {system_reason(exc)}")
        return None
    if len(data) > MAX_WORKBOOK_BYTES:
        reader.file_problem(f"failas per didelis (daugiau kaip {MAX_WORKBOOK_BYTES // 1024 // 1024} MB): formos "
                            "būna kelių šimtų KB")
        return None
    if data.startswith(_OLE_MAGIC):
        reader.file_problem("darbaknygė apsaugota slaptažodžiu arba įrašyta senuoju .xls formatu: įrašykite ją "
                            "kaip .xlsx be slaptažodžio")
        return None
    return data


@dataclass(frozen=True)
class _Cell:
    """A cell as the import reads it: its value (a formula's as last computed), the value's type, a formula or not."""

    value: object
    kind: str  # openpyxl's type of the value: n number, s text, b logical, e error, d date
    formula: bool


_EMPTY = _Cell(None, "n", False)


@dataclass
class _Grid:
    """What the import needs of one sheet: the cells of its first rows and columns, and what was done to it."""

    name: str
    cells: dict[tuple[int, int], _Cell] = field(default_factory=dict)
    merged: list[str] = field(default_factory=list)
    hidden: list[int] = field(default_factory=list)
    last_row: int = 0  # the last row with anything in it, whatever its column


@functools.cache
def _sheet_parser():
    """Return openpyxl's streaming sheet parser (the one its read-only mode uses), noting each cell's formula."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)  # with data_only, a formula's cached value
            cell["formula"] = element.find(FORMULA_TAG) is not None
            return cell

    return Parser


def _read_grid(book, name: str, rows: int, columns: int) -> _Grid:
    """Read a sheet in one pass over its XML, keeping the cells of its first rows and columns only.

    openpyxl's read-only sheets give either formulas or their values, and neither merged cells nor
    hidden rows; its own parser gives all of them from the same pass. Rows are dropped as soon as
    they are read, so memory stays the same however many rows or files there are. The standard
    parser is safe here, and four times as fast as defusedxml's: _too_large() has made sure that
    no part declares the DTD an entity would need.
    """
    from xml.etree.ElementTree import iterparse

    from openpyxl.worksheet._reader import ROW_TAG
    from openpyxl.xml.constants import SHEET_MAIN_NS

    merge_tag = f"{{{SHEET_MAIN_NS}}}mergeCell"
    containers = {f"{{{SHEET_MAIN_NS}}}sheetData", f"{{{SHEET_MAIN_NS}}}mergeCells"}
    sheet, grid = book[name], _Grid(name)
    with sheet._get_source() as source:
        parser = _sheet_parser()(source, sheet._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        parent = None
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                if element.tag in containers:
                    parent = element
                continue
            if element.tag == ROW_TAG:
                index, cells = parser.parse_row(element)
                parser.row_dimensions.clear()  # hidden rows are read here, below
                if element.get("hidden") in ("1", "true"):
                    grid.hidden.append(index)
                for cell in cells:
                    if cell["value"] not in (None, "") or cell["formula"]:
                        grid.last_row = max(grid.last_row, cell["row"])
                    if cell["row"] <= rows and cell["column"] <= columns:
                        grid.cells[cell["row"], cell["column"]] = _Cell(cell["value"], cell["data_type"],
                                                                        cell["formula"])
            elif element.tag == merge_tag:
                grid.merged.append(element.get("ref") or "")
            else:
                continue
            if parent is not None:
                parent.clear()  # the row or range just read: nothing keeps what was read
    return grid


def _broken_errors() -> tuple[type[BaseException], ...]:
    """Return what openpyxl, zipfile and the XML parsers raise on a broken or hostile part of a workbook."""
    import zlib

    from defusedxml import DefusedXmlException
    from lxml.etree import LxmlError

    return (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, IndexError, ValueError, TypeError,
            AttributeError, ArithmeticError, SyntaxError, NotImplementedError, RuntimeError, LxmlError,
            DefusedXmlException)


def _too_large(archive: zipfile.ZipFile) -> str | None:
    """Return why a workbook is too large to be a form, if it is; raise DTDForbidden if an XML part declares a DTD.

    Forms have no DTD, and every XML attack (an external entity, an entity bomb) needs one. A form's
    largest part has a few thousand elements and its workbook four sheets: openpyxl reads some parts
    whole (shared strings, styles) and opens every sheet listed, so millions of small elements or
    thousands of sheets would cost minutes and gigabytes before a single cell is looked at.
    """
    from xml.etree.ElementTree import ParseError, iterparse

    from defusedxml.ElementTree import iterparse as defused_iterparse
    from openpyxl.xml.constants import SHEET_MAIN_NS

    sheet_tag = f"{{{SHEET_MAIN_NS}}}sheet"
    for info in archive.infolist():
        with archive.open(info) as part:
            try:  # up to the root element, which any DTD precedes
                next(iter(defused_iterparse(part, events=("start",), forbid_dtd=True)))
            except (ParseError, StopIteration):
                continue  # not XML (a picture, printer settings): openpyxl parses none of it
        with archive.open(info) as part:  # with no DTD the standard parser is safe, and four times as fast
            sheets = 0
            for count, (_, element) in enumerate(iterparse(part), start=1):
                sheets += element.tag == sheet_tag
                if count > MAX_PART_ELEMENTS:
                    return (f"darbaknygės dalis {quote(info.filename)} per didelė (daugiau kaip "
                            f"{lt.number(MAX_PART_ELEMENTS)} elementų): tai ne išduota forma")
                if sheets > MAX_SHEETS:
                    return f"darbaknygėje per daug lapų (daugiau kaip {MAX_SHEETS}): tai ne išduota forma"
                element.clear()
    return None


def _stamp(book) -> dict[str, str]:
    if forms.STAMP_SHEET not in book.sheetnames:
        return {}
    grid = _read_grid(book, forms.STAMP_SHEET, len(forms.STAMP_KEYS), 2)
    values = {(r, c): cell.value for (r, c), cell in grid.cells.items()}
    return {str(values.get((r, 1))): str(values.get((r, 2))) for r in range(1, len(forms.STAMP_KEYS) + 1)}


def _check_stamp(reader: _Reader, stamp: dict[str, str], plan: Plan, year: int,
                 issued: dict[tuple[str | None, str], ExecutorForm]) -> ExecutorForm | None:
    """Return the form a workbook was issued as, if it was issued for this plan and year."""
    if stamp.get("forma") != forms.FORM_KIND:
        reader.file_problem("tai ne šio įrankio parengta vykdytojo forma (nėra jos žymos): naudokite išduotą formą")
        return None
    if stamp.get("planas") != plan.name:
        reader.file_problem(f"forma kito plano ({quote(stamp.get('planas'))}), o importuojama į {quote(plan.name)}")
    if stamp.get("metai") != str(year):
        reader.file_problem(f"forma {stamp.get('metai')} metų, o importuojami {year} metai")
    edition = stamp.get("redakcija")
    executor = stamp.get("vykdytojas", "")
    form = issued.get((edition, executor)) or issued.get((None, executor))  # a form of an edition of that year
    if form is None:
        reader.file_problem(f"plane nėra vykdytojo {quote(stamp.get('vykdytojas'))}, kuriam forma išduota "
                            "(arba pažeista formos žyma): naudokite naujai išduotą formą")
    return None if reader.problems else form


def _plausible(reader: _Reader, data: bytes) -> bool:
    """Tell whether a file may be a form: a zip of a few small parts, none declaring a DTD (else raise)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        reader.file_problem("tai ne Excel darbaknygė (.xlsx) arba ji sugadinta")
        return False
    with archive:
        entries = archive.infolist()
        unpacked = sum(info.file_size for info in entries)  # zipfile never unpacks more than an entry declares
        if unpacked > MAX_UNPACKED_BYTES:
            reader.file_problem(f"darbaknygė išpakuota per didelė ({unpacked // 1024 // 1024} MB): tai ne išduota "
                                "forma")
        elif len(entries) > MAX_PARTS:
            reader.file_problem(f"darbaknygėje per daug dalių ({len(entries)}, formoje jų keliolika): tai ne "
                                "išduota forma")
        elif reason := _too_large(archive):
            reader.file_problem(reason)
        else:
            return True
    return False


def _form_sheets(reader: _Reader, book, plan: Plan, year: int,
                 issued: dict[tuple[str | None, str], ExecutorForm]) -> tuple[ExecutorForm, dict[str, _Grid]] | None:
    """Return the form a workbook was issued as and the sheets it has to fill, read; None if not this year's form."""
    form = _check_stamp(reader, _stamp(book), plan, year, issued)
    if form is None:
        return None
    missing = [n for n in form.sheets() if n not in book.sheetnames]
    for name in missing:
        reader.file_problem(f"nėra lapo „{name}“")
    if missing:
        return None
    shape = {forms.MEASURES_SHEET: (len(form.measures), len(forms.measure_headers(plan.strategy.sources, year))),
             forms.INDICATORS_SHEET: (form.indicator_rows, len(forms.indicator_headers(year, plan.facts.plan.end)))}
    return form, {name: _read_grid(book, name, shape[name][0] + 1, shape[name][1]) for name in form.sheets()}


def _read_sheets(reader: _Reader, data: bytes, plan: Plan, year: int,
                 issued: dict[tuple[str | None, str], ExecutorForm]) -> tuple[ExecutorForm, dict[str, _Grid]] | None:
    """Return what _form_sheets does, or None; a broken or hostile part is one problem naming the file."""
    from openpyxl import load_workbook

    try:
        if not _plausible(reader, data):
            return None
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        try:
            return _form_sheets(reader, book, plan, year, issued)
        finally:
            book.close()  # before the next workbook: memory does not grow with their number
    except _broken_errors():  # nothing but reading happens in here: a bug of ours is not hidden
        reader.file_problem(BROKEN)
        return None


def read_returned(path: Path, plan: Plan, year: int, issued: dict[tuple[str | None, str], ExecutorForm]) -> tuple[Returned | None,
                                                                                           list[Problem]]:
    """Read one returned form; return what it gives, or None and its problems."""
    reader = _Reader(path)
    data = _workbook_bytes(reader)
    found = _read_sheets(reader, data, plan, year, issued) if data is not None else None
    if found is None:
        return None, reader.problems
    form, grids = found
    returned = Returned(path, form.executor)
    if forms.MEASURES_SHEET in grids:
        _read_measures(reader, grids[forms.MEASURES_SHEET], plan, year, form, returned)
    if forms.INDICATORS_SHEET in grids:
        _read_indicators(reader, grids[forms.INDICATORS_SHEET], plan, year, form, returned)
    return (None if reader.problems else returned), reader.problems


class _Sheet:
    """One sheet of a returned form: its cells' values (a formula's cached value) and where they are."""

    def __init__(self, reader: _Reader, grid: _Grid, expected_rows: int):
        self.reader, self.grid, self.name = reader, grid, grid.name
        self._check_shape(expected_rows)

    def _check_shape(self, expected_rows: int) -> None:
        for merged in self.grid.merged:
            self.reader.cell_problem(self.name, merged.split(":")[0], f"sujungti langeliai {merged}: "
                                     "formoje langelių jungti negalima")
        for row in self.grid.hidden:
            self.reader.cell_problem(self.name, f"A{row}", f"paslėpta {row} eilutė: parodykite ją arba "
                                     "naudokite naujai išduotą formą")
        last = max(self.grid.last_row, 1)
        if last - 1 > expected_rows:
            self.reader.cell_problem(self.name, f"A{expected_rows + 2}",
                                     f"pridėta eilučių: formoje jų {expected_rows}, rasta {last - 1}")

    def _cell(self, row: int, column: int) -> _Cell:
        return self.grid.cells.get((row, column)) or _EMPTY

    def value(self, row: int, column: int):
        cell = self._cell(row, column)
        if cell.formula and cell.value is None:
            self.problem(row, column, "formulė be apskaičiuotos reikšmės: įrašykite reikšmę arba įrašykite failą "
                         "Excel programa, kad formulė būtų apskaičiuota")
        return cell.value

    def where(self, row: int, column: int) -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(column)}{row}"

    def problem(self, row: int, column: int, message: str) -> None:
        self.reader.cell_problem(self.name, self.where(row, column), message)

    def text(self, row: int, column: int) -> str | None:
        """Return a text cell's text; a formula, or text that would become one, is refused at its cell."""
        import datetime as dt

        cell = self._cell(row, column)
        if cell.formula:  # a formula or a DDE command must not reach content and the next year's form
            self.problem(row, column, "čia rašomas tekstas, o įrašyta formulė: įrašykite tekstą be formulės")
            return None
        value = cell.value
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if cell.kind == "e":
            self.problem(row, column, f"langelyje klaida {quote(value)}: įrašykite tekstą")
            return None
        if isinstance(value, (bool, dt.date, dt.time, dt.timedelta)):
            self.problem(row, column, f"tikėtasi teksto; rasta {quote(value)} (loginė reikšmė ar data)")
            return None
        text = str(value).strip() if not isinstance(value, float) else str(parse_number(value))
        text = re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)  # Excel's escapes
        if text.startswith("="):  # another program would issue it as a formula
            self.problem(row, column, f"tekstas negali prasidėti „=“ (taip prasideda formulė); rasta {quote(text)}")
            return None
        if len(text) > MAX_TEXT:
            self.problem(row, column, f"tekstas per ilgas ({len(text)} ženklų, leidžiama iki {MAX_TEXT})")
            return None
        return text

    def number(self, row: int, column: int, what: str, money: bool = False) -> Decimal | None:
        """Return a cell's number, within what content accepts for money (≥ 0, cents) or a value."""
        value = self.value(row, column)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        number = parse_number(value)
        decimals, digits = (MONEY_DECIMALS, MONEY_DIGITS) if money else (VALUE_DECIMALS, VALUE_DIGITS)
        if number is None:
            self.problem(row, column, f"{what}: tikėtasi skaičiaus; rasta {quote(value)}")
            return None
        number = number.normalize() if number == number.to_integral_value() else number
        exponent = number.as_tuple().exponent
        if money and number < 0:
            self.problem(row, column, f"{what}: reikšmė negali būti neigiama; rasta {quote(value)}")
        elif isinstance(exponent, int) and exponent < -decimals:
            self.problem(row, column, f"{what}: ne daugiau kaip {decimals} skaitmenys po kablelio; "
                         f"rasta {quote(value)}")
        elif abs(number) >= Decimal(10) ** (digits - decimals):
            self.problem(row, column, f"{what}: skaičius per didelis; rasta {quote(value)}")
        else:
            return number.quantize(Decimal(1)) if number == number.to_integral_value() else number
        return None


def _same_rows(sheet: _Sheet, column: int, expected: list[str], what: str) -> bool:
    """Check the key column against the form as issued: no row added, deleted, moved or re-coded."""
    for row, key in enumerate(expected, start=2):
        found = sheet.value(row, column)
        if (str(found).strip() if found is not None else "") != key:
            sheet.problem(row, column, f"tikėtasi {what} {quote(key)}, rasta {quote(found if found is not None else '')}"
                          ": eilutė ištrinta, perkelta ar pakeistas kodas – naudokite išduotą formą")
            return False
    return True


def _read_measures(reader: _Reader, grid: _Grid, plan: Plan, year: int, form: ExecutorForm,
                   returned: Returned) -> None:
    sources = plan.strategy.sources
    sheet = _Sheet(reader, grid, len(form.measures))
    headers = forms.measure_headers(sources, year)
    if [sheet.value(1, c) for c in range(1, len(headers) + 1)] != headers:
        reader.cell_problem(forms.MEASURES_SHEET, "A1", "pakeistos stulpelių antraštės arba stulpeliai: naudokite "
                            "išduotą formą")
        return
    if not _same_rows(sheet, 2, [m.key for m in form.measures], "priemonės"):
        return
    status_column = forms.STATUS_COLUMN
    for row, measure in enumerate(form.measures, start=2):
        status = sheet.text(row, status_column)
        used = {}
        for i, source in enumerate(sources):
            amount = sheet.number(row, forms.used_column(i), forms.used_header(source, year), money=True)
            if amount is not None:
                used[source] = amount
        account = sheet.text(row, len(headers))
        if status is None:
            if used or account:
                sheet.problem(row, status_column, "nenurodyta būklė, nors lėšos ar atlikti darbai įrašyti")
            continue
        known = _status(status)
        if known is None:
            sheet.problem(row, status_column, f"būklė {quote(status)} netinka: galimos {', '.join(schema.STATUSES)}")
            continue
        entry: dict = {"būklė": known}
        if used:
            entry["panaudota"] = used
        if account:
            entry["kas_atlikta"] = account
        returned.measures[measure.key] = entry


def _status(text: str) -> str | None:
    """Return the status a text names in any letter case ("Vykdoma" is "vykdoma"), or None."""
    folded = " ".join(text.split()).casefold()
    return next((s for s in schema.STATUSES if s.casefold() == folded), None)


def _read_indicators(reader: _Reader, grid: _Grid, plan: Plan, year: int, form: ExecutorForm,
                     returned: Returned) -> None:
    """Read the values, notes and deviations' reasons and actions of the indicators the form reports.

    The rows below them, of indicators another party reports, are only checked to be where they were.
    """
    sheet = _Sheet(reader, grid, form.indicator_rows)
    headers = forms.indicator_headers(year, plan.facts.plan.end)
    if [sheet.value(1, c) for c in range(1, len(headers) + 1)] != headers:
        reader.cell_problem(forms.INDICATORS_SHEET, "A1", "pakeistos stulpelių antraštės arba stulpeliai: naudokite "
                            "išduotą formą")
        return
    codes = [i.code for i in form.indicators] + [i.code for i, _ in form.shown]
    if not _same_rows(sheet, 1, codes, "rodiklio"):
        return
    for row, indicator in enumerate(form.indicators, start=2):
        value = sheet.number(row, forms.VALUE_COLUMN, headers[forms.VALUE_COLUMN - 1])
        note = sheet.text(row, forms.NOTE_COLUMN)
        reason, actions = sheet.text(row, forms.REASON_COLUMN), sheet.text(row, forms.ACTIONS_COLUMN)
        if value is not None or note is not None:
            entry: dict = {"reikšmė": value}
            if note:
                entry["pastaba"] = note
            returned.indicators[indicator.code] = entry
        if actions and not reason:
            sheet.problem(row, forms.REASON_COLUMN, f"įrašyti „{forms.ACTIONS_HEADER}“, bet nenurodytos "
                          f"„{forms.REASON_HEADER}“: parašykite, kodėl rodiklis atsilieka")
        elif reason:
            returned.deviations[indicator.code] = {"paaiškinimas": reason} | ({"veiksmai": actions} if actions else {})


def _conflicts(returned: list[Returned]) -> list[Problem]:
    """Return a problem for each measure or indicator two workbooks report differently."""
    problems, seen = [], {}
    for item in returned:
        for kind, entries in (("priemonė {} jau pateikta", item.measures), ("rodiklis {} jau pateiktas", item.indicators),
                              ("rodiklio {} nuokrypis jau paaiškintas", item.deviations)):
            for key, entry in entries.items():
                if (kind, key) in seen and seen[kind, key][1] != entry:
                    problems.append(Problem(display_path(item.path), 0, kind.format(quote(key)) + " faile "
                                            f"{display_path(seen[kind, key][0])} su kitomis reikšmėmis"))
                seen.setdefault((kind, key), (item.path, entry))
    return problems


def read_all(plan: Plan, year: int, paths: list[Path]) -> list[Returned]:
    """Read every returned workbook; raise ContentError with every problem of every file."""
    from .editions import forms_of_year

    issued: dict = {(None, form.executor): form for form in forms.executor_forms(plan, year)}  # the edition in force
    for entry, edition in forms_of_year(plan, year).items():  # forms issued before an amendment still import
        issued |= {(entry, form.executor): form for form in forms.executor_forms(edition, year)}
    returned, problems = [], []
    for path in paths:
        item, found = read_returned(path, plan, year, issued)
        problems += found
        if item is not None:
            returned.append(item)
    problems += _conflicts(returned)
    if problems:
        raise ContentError(problems)
    return returned


def _yaml_value(value):
    """Return a value as the YAML file should hold it: whole numbers as ints, others as exact decimals."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    if isinstance(value, dict):
        return {k: _yaml_value(v) for k, v in value.items()}
    return value


def updated_text(plan: Plan, year: int, current: str | None, returned: list[Returned]) -> str:
    """Return the year's file with the returned entries set, everything else (comments too) kept."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    yaml = YAML()
    yaml.representer.add_representer(Decimal, lambda r, d: r.represent_scalar("tag:yaml.org,2002:float", f"{d:f}"))
    yaml.representer.add_representer(type(None), lambda r, d: r.represent_scalar("tag:yaml.org,2002:null", "~"))
    yaml.preserve_quotes = True
    yaml.width = 4096  # a long text stays on its line rather than folding with a trailing space
    yaml.indent(mapping=2, sequence=4, offset=2)
    if current is None:
        data = CommentedMap()
        data["metai"] = year
        data["parengė"] = plan.monitoring.data_owner
        data["sprendimas"] = _decision_basis(plan, year)
        data.yaml_set_start_comment(f"{plan.facts.plan.title.genitive} įgyvendinimas {year} metais.\n"
                                    "Vykdytojų duomenys įrašyti iš jų grąžintų formų.")
    else:
        data = yaml.load(current)
    deviations = schema.key(schema.YearReportFile, "deviations")
    for key in ("rodikliai", "priemonės") + ((deviations,) if any(r.deviations for r in returned) else ()):
        if data.get(key) is None:
            data[key] = CommentedMap()
    for item in returned:
        for code, entry in item.indicators.items():
            data["rodikliai"][code] = _yaml_value(entry)
        for key, entry in item.measures.items():
            data["priemonės"][key] = _yaml_value(entry)
        for code, entry in item.deviations.items():
            data[deviations][code] = _yaml_value(entry)
    if current is None:  # a new file lists indicators and measures in the plan's order, not the forms'
        order = {key: n for n, key in enumerate([i.code for g in plan.groups if g.goals for i in g.goals.indicators]
                                                + [m.key for f in forms.executor_forms(plan, year) for m in f.measures])}
        for key in ("rodikliai", "priemonės", deviations):
            if key in data:
                data[key] = CommentedMap(sorted(data[key].items(), key=lambda kv: order.get(kv[0], len(order))))
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _decision_basis(plan: Plan, year: int) -> CommentedMap:
    """Return what a new year's decision starts resting on: the latest earlier year's catalogue references and
    free text (the law itself is cited from the catalogue by the decision's date)."""
    from ruamel.yaml.comments import CommentedMap

    earlier = [r for y, r in sorted(plan.reports.items()) if y < year]
    decision = earlier[-1].decision if earlier else None
    basis = CommentedMap()
    refs = [r for r in decision.basis if isinstance(r, str)] if decision is not None else []
    if refs:
        basis["pagrindas"] = refs
    if decision is not None and decision.legal_basis:
        basis["teisinis_pagrindas"] = decision.legal_basis
    return basis


def import_forms(root: Path, year: int, paths: list[Path]) -> list[str]:
    """Import returned forms into stebesena/<year>.yaml; return a line per form of what it gave."""
    from ..content.plan import checked
    from ..content.plan import load_plan
    from ..core.write import content_locked, remove_stale_temporaries, write_atomically

    from .editions import measured_in

    plan, _ = checked(root)
    plan, _ = measured_in(plan, year)  # forms are issued from, and read against, the edition in force that year
    require_year_in_period(plan, year)
    returned = read_all(plan, year, paths)
    if not any(r.measures or r.indicators or r.deviations for r in returned):
        raise ContentError([Problem(display_path(paths[0]) if len(paths) == 1 else display_path(root), 0,
                                    "formose neužpildyta nė viena priemonė ir nė vienas rodiklis: nieko neįrašyta")])
    target = root / REPORTS_DIR / f"{year}.yaml"
    with content_locked(root):  # one import at a time: each adds to the year's file as the last one left it
        remove_stale_temporaries(target.parent, re.compile(r"^\.\d{4}\.yaml\.[A-Za-z0-9_]{8}\.tmp$"))
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        write_atomically(target.parent, {target.name: updated_text(plan, year, current, returned).encode("utf-8")})
        checked_again, problems = load_plan(root)
        if checked_again is None:
            if current is None:
                target.unlink()
            else:
                write_atomically(target.parent, {target.name: current.encode("utf-8")})
            raise ContentError([Problem(display_path(root), 0, "su formų duomenimis turinys netiktų (žr. toliau): "
                                        "pakeitimai atšaukti, niekas neįrašyta")] + problems)
    return [forms.summary(r.executor, len(r.measures), len(r.indicators)) + f" ({display_path(r.path)})"
            for r in returned]
