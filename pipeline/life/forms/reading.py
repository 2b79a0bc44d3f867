"""Read returned workbooks against the forms the plan issues, all problems of all files at once.

Every workbook is checked before anything is taken from it: its stamp (plan, year, executor), its rows
and codes against the form the plan would issue, every filled cell. What a valid workbook gives is
held as the year file's YAML values (keys from the schema), by its executor's measures and indicators.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from ...content import schema

from ...content import schema_life
from ...content.model import Plan
from ...core.errors import ContentError, Problem, display_path, quote
from .cells import Reader, Sheet
from .grid import Grid, read_grid
from .layout import (ACTIONS_COLUMN, ACTIONS_HEADER, FORM_KIND, INDICATORS_SHEET, MEASURES_SHEET, NOTE_COLUMN,
                     REASON_COLUMN, REASON_HEADER, STAMP_KEYS, STAMP_SHEET, STATUS_COLUMN, VALUE_COLUMN,
                     ExecutorForm, executor_forms, indicator_headers, measure_headers, used_column, used_header)
from .limits import BROKEN, broken_errors, plausible, workbook_bytes

REPORTED, MEASURE_REPORT, DEVIATION = map(schema.keys, (schema_life.ReportedValue, schema_life.MeasureReport,
                                                        schema_life.DeviationNote))
# The forms a workbook may have been issued as, by the edition's ledger entry (None: the edition in force)
# and the executor.
Issued = dict[tuple[str | None, str], ExecutorForm]


@dataclass
class Returned:
    """What one returned workbook gives: its executor's measures and indicators, as YAML values."""

    path: Path
    executor: str
    measures: dict[str, dict] = field(default_factory=dict)
    indicators: dict[str, dict] = field(default_factory=dict)
    deviations: dict[str, dict] = field(default_factory=dict)  # by indicator code: reasons and actions


@dataclass(frozen=True)
class _Reading:
    """One workbook being read: where its problems go, the form it was issued as, and what it gives."""

    reader: Reader
    plan: Plan
    year: int
    form: ExecutorForm
    returned: Returned


def read_all(plan: Plan, year: int, paths: list[Path]) -> list[Returned]:
    """Read every returned workbook; raise ContentError with every problem of every file."""
    from ..editions import forms_of_year

    issued: Issued = {(None, form.executor): form for form in executor_forms(plan, year)}  # the edition in force
    for entry, edition in forms_of_year(plan, year).items():  # forms issued before an amendment still import
        issued |= {(entry, form.executor): form for form in executor_forms(edition, year)}
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


def read_returned(path: Path, plan: Plan, year: int, issued: Issued) -> tuple[Returned | None, list[Problem]]:
    """Read one returned form; return what it gives, or None and its problems."""
    reader = Reader(path)
    data = workbook_bytes(reader)
    found = _read_sheets(reader, data, plan, year, issued) if data is not None else None
    if found is None:
        return None, reader.problems
    form, grids = found
    reading = _Reading(reader, plan, year, form, Returned(path, form.executor))
    if MEASURES_SHEET in grids:
        _read_measures(reading, grids[MEASURES_SHEET])
    if INDICATORS_SHEET in grids:
        _read_indicators(reading, grids[INDICATORS_SHEET])
    return (None if reader.problems else reading.returned), reader.problems


def _read_sheets(reader: Reader, data: bytes, plan: Plan, year: int,
                 issued: Issued) -> tuple[ExecutorForm, dict[str, Grid]] | None:
    """Return what _form_sheets does, or None; a broken or hostile part is one problem naming the file."""
    from openpyxl import load_workbook

    try:
        if not plausible(reader, data):
            return None
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        try:
            return _form_sheets(reader, book, plan, year, issued)
        finally:
            book.close()  # before the next workbook: memory does not grow with their number
    except broken_errors():  # nothing but reading happens in here: a bug of ours is not hidden
        reader.file_problem(BROKEN)
        return None


def _form_sheets(reader: Reader, book, plan: Plan, year: int,
                 issued: Issued) -> tuple[ExecutorForm, dict[str, Grid]] | None:
    """Return the form a workbook was issued as and the sheets it has to fill, read; None if not this year's form."""
    form = _check_stamp(reader, _stamp(book), plan, year, issued)
    if form is None:
        return None
    missing = [n for n in form.sheets() if n not in book.sheetnames]
    for name in missing:
        reader.file_problem(f"nėra lapo „{name}“")
    if missing:
        return None
    shape = {MEASURES_SHEET: (len(form.measures), len(measure_headers(plan.strategy.sources, year))),
             INDICATORS_SHEET: (form.indicator_rows, len(indicator_headers(year, plan.facts.plan.end)))}
    return form, {name: read_grid(book, name, shape[name][0] + 1, shape[name][1]) for name in form.sheets()}


def _stamp(book) -> dict[str, str]:
    if STAMP_SHEET not in book.sheetnames:
        return {}
    grid = read_grid(book, STAMP_SHEET, len(STAMP_KEYS), 2)
    values = {(r, c): cell.value for (r, c), cell in grid.cells.items()}
    return {str(values.get((r, 1))): str(values.get((r, 2))) for r in range(1, len(STAMP_KEYS) + 1)}


def _check_stamp(reader: Reader, stamp: dict[str, str], plan: Plan, year: int, issued: Issued) -> ExecutorForm | None:
    """Return the form a workbook was issued as, if it was issued for this plan and year."""
    if stamp.get("forma") != FORM_KIND:
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


def _same_rows(sheet: Sheet, column: int, expected: list[str], what: str) -> bool:
    """Check the key column against the form as issued: no row added, deleted, moved or re-coded."""
    for row, key in enumerate(expected, start=2):
        found = sheet.value(row, column)
        if (str(found).strip() if found is not None else "") != key:
            sheet.problem(row, column, f"tikėtasi {what} {quote(key)}, rasta {quote(found if found is not None else '')}"
                          ": eilutė ištrinta, perkelta ar pakeistas kodas – naudokite išduotą formą")
            return False
    return True


def _read_measures(reading: _Reading, grid: Grid) -> None:
    """Read the status, funds used and account of each of the form's measures."""
    form, year, sources = reading.form, reading.year, reading.plan.strategy.sources
    sheet = Sheet(reading.reader, grid, len(form.measures))
    headers = measure_headers(sources, year)
    if [sheet.value(1, c) for c in range(1, len(headers) + 1)] != headers:
        reading.reader.cell_problem(MEASURES_SHEET, "A1", "pakeistos stulpelių antraštės arba stulpeliai: "
                                    "naudokite išduotą formą")
        return
    if not _same_rows(sheet, 2, [m.key for m in form.measures], "priemonės"):
        return
    for row, measure in enumerate(form.measures, start=2):
        status = sheet.text(row, STATUS_COLUMN)
        used = {}
        for i, source in enumerate(sources):
            amount = sheet.number(row, used_column(i), used_header(source, year), money=True)
            if amount is not None:
                used[source] = amount
        account = sheet.text(row, len(headers))
        if status is None:
            if used or account:
                sheet.problem(row, STATUS_COLUMN, "nenurodyta būklė, nors lėšos ar atlikti darbai įrašyti")
            continue
        known = _status(status)
        if known is None:
            sheet.problem(row, STATUS_COLUMN, f"būklė {quote(status)} netinka: galimos {', '.join(schema.STATUSES)}")
            continue
        entry: dict = {MEASURE_REPORT.status: known}
        if used:
            entry[MEASURE_REPORT.used] = used
        if account:
            entry[MEASURE_REPORT.account] = account
        reading.returned.measures[measure.key] = entry


def _status(text: str) -> str | None:
    """Return the status a text names in any letter case ("Vykdoma" is "vykdoma"), or None."""
    folded = " ".join(text.split()).casefold()
    return next((s for s in schema.STATUSES if s.casefold() == folded), None)


def _read_indicators(reading: _Reading, grid: Grid) -> None:
    """Read the values, notes and deviations' reasons and actions of the indicators the form reports.

    The rows below them, of indicators another party reports, are only checked to be where they were.
    """
    form, returned = reading.form, reading.returned
    sheet = Sheet(reading.reader, grid, form.indicator_rows)
    headers = indicator_headers(reading.year, reading.plan.facts.plan.end)
    if [sheet.value(1, c) for c in range(1, len(headers) + 1)] != headers:
        reading.reader.cell_problem(INDICATORS_SHEET, "A1", "pakeistos stulpelių antraštės arba stulpeliai: "
                                    "naudokite išduotą formą")
        return
    codes = [i.code for i in form.indicators] + [i.code for i, _ in form.shown]
    if not _same_rows(sheet, 1, codes, "rodiklio"):
        return
    for row, indicator in enumerate(form.indicators, start=2):
        value = sheet.number(row, VALUE_COLUMN, headers[VALUE_COLUMN - 1])
        note = sheet.text(row, NOTE_COLUMN)
        reason, actions = sheet.text(row, REASON_COLUMN), sheet.text(row, ACTIONS_COLUMN)
        if value is not None or note is not None:
            entry: dict = {REPORTED.value: value}
            if note:
                entry[REPORTED.note] = note
            returned.indicators[indicator.code] = entry
        if actions and not reason:
            sheet.problem(row, REASON_COLUMN, f"įrašyti „{ACTIONS_HEADER}“, bet nenurodytos „{REASON_HEADER}“: "
                          "parašykite, kodėl rodiklis atsilieka")
        elif reason:
            returned.deviations[indicator.code] = ({DEVIATION.explanation: reason}
                                                   | ({DEVIATION.action: actions} if actions else {}))


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
