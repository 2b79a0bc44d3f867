"""How a form's cells look: the header row, cells to fill (yellow, unlocked) and given ones, row heights,
and numbers as Excel holds and shows them."""

from __future__ import annotations

import functools
import textwrap
from decimal import Decimal

MONEY_FORMAT = "#,##0.00"  # shown with the reader's separators: "1 234,50" in Lithuanian Excel and Calc
# Excel's column width counts digits of the default font (Calibri 11); a line of wrapped text holds
# about as many average letters, fewer in bold. Rows get the height their longest cell needs: Excel
# keeps a row's stored height, so a row left to the default would cut a long name to one line.
LINE_POINTS = 15


@functools.cache
def styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

    thin = Side(style="thin", color="808080")
    return {
        "header": Font(bold=True), "wrap": Alignment(wrap_text=True, vertical="top"),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "fill": PatternFill("solid", fgColor="FFF2CC"), "open": Protection(locked=False),
        "heading": PatternFill("solid", fgColor="D9E1F2"), "grey": PatternFill("solid", fgColor="E7E6E6"),
        "muted": Font(color="595959", italic=True),
    }


def header_row(sheet, headers: list[str], widths: list[int], freeze_column: int) -> None:
    """Write the header row; freeze the panes at the first cell to fill, so codes and headers stay in view."""
    from openpyxl.utils import get_column_letter

    style = styles()
    for column, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = sheet.cell(1, column, text)
        cell.font, cell.alignment, cell.border = style["header"], style["wrap"], style["border"]
        cell.fill = style["heading"]
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"{get_column_letter(freeze_column)}2"
    sheet.protection.sheet = True
    sheet.protection.formatRows = False  # rows may be made taller to read long text
    sheet.protection.formatColumns = False


def row_height(texts: list[str], widths: list[float], bold: list[bool] | None = None) -> float:
    """Return the height in points a row needs to show each text wrapped in its column's width."""
    lines = 1
    for text, width, heavy in zip(texts, widths, bold or [False] * len(texts)):
        per_line = max(1, int(width * (0.85 if heavy else 1.0)) - 2)
        lines = max(lines, sum(len(textwrap.wrap(part, per_line, break_long_words=True)) or 1
                               for part in str(text).split("\n")))
    return lines * LINE_POINTS + 3


def fit_rows(sheet, widths: list[float], first_row: int = 1) -> None:
    """Give each row from first_row the height its texts need (bold for the header row of a table)."""
    for row in sheet.iter_rows(min_row=first_row):
        cells = [c for c in row if isinstance(c.value, str) and c.column <= len(widths)]
        if cells:
            sheet.row_dimensions[row[0].row].height = row_height(
                [c.value for c in cells], [widths[c.column - 1] for c in cells], [bool(c.font and c.font.b) for c in cells])


def open_cell(cell, value=None, number_format: str | None = None) -> None:
    """Make a cell one to fill: unlocked, yellow, bordered."""
    style = styles()
    cell.value = value
    cell.protection, cell.fill, cell.border, cell.alignment = style["open"], style["fill"], style["border"], style["wrap"]
    if number_format:
        cell.number_format = number_format


def fixed_cell(cell, value, number_format: str | None = None) -> None:
    """Write a given cell: locked (as every cell is), bordered."""
    style = styles()
    cell.value = value
    cell.border, cell.alignment = style["border"], style["wrap"]
    if number_format:
        cell.number_format = number_format


def excel_number(value: Decimal | None):
    """Return a value as Excel should hold it: an int when whole, else a float; None stays empty."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def places(*values: Decimal | None) -> int:
    """Return how many decimals the most precise of the values is written with."""
    return max([0] + [-v.normalize().as_tuple().exponent for v in values
                      if v is not None and v.normalize().as_tuple().exponent < 0])


def value_format(places: int) -> str:
    """Return the number format of an indicator value with so many decimals: "#,##0" or "#,##0.0"."""
    return "#,##0" + ("." + "0" * places if places else "")
