"""A returned form's cells checked one by one: text that is text, numbers within what content accepts,
each problem named in Lithuanian at its sheet and cell ("lapas „…“, langelis D7: …")."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ...core.errors import Problem, display_path, quote
from .grid import EMPTY, Cell, Grid

MAX_TEXT = 2000  # characters of an account or a note
# What content accepts (schema.Money, schema.Value): checked at the cell, where the official can fix it.
MONEY_DECIMALS, MONEY_DIGITS = 2, 15
VALUE_DECIMALS, VALUE_DIGITS = 4, 18
# A number as officials type it: "12", "12,5", "12.5", "1 234,5" (spaces or non-breaking spaces in thousands).
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)?$")


class Reader:
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


class Sheet:
    """One sheet of a returned form: its cells' values (a formula's cached value) and where they are."""

    def __init__(self, reader: Reader, grid: Grid, expected_rows: int):
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

    def _cell(self, row: int, column: int) -> Cell:
        return self.grid.cells.get((row, column)) or EMPTY

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
