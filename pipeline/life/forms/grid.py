"""A sheet of a returned workbook read in one streaming pass: the cells of its first rows and columns,
its merged ranges and hidden rows, and how far it goes."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    """A cell as the import reads it: its value (a formula's as last computed), the value's type, a formula or not."""

    value: object
    kind: str  # openpyxl's type of the value: n number, s text, b logical, e error, d date
    formula: bool


EMPTY = Cell(None, "n", False)


@dataclass
class Grid:
    """What the import needs of one sheet: the cells of its first rows and columns, and what was done to it."""

    name: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
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


def read_grid(book, name: str, rows: int, columns: int) -> Grid:
    """Read a sheet in one pass over its XML, keeping the cells of its first rows and columns only.

    openpyxl's read-only sheets give either formulas or their values, and neither merged cells nor
    hidden rows; its own parser gives all of them from the same pass. Rows are dropped as soon as
    they are read, so memory stays the same however many rows or files there are. The standard
    parser is safe here, and four times as fast as defusedxml's: limits.plausible() has made sure
    that no part declares the DTD an entity would need.
    """
    from xml.etree.ElementTree import iterparse

    from openpyxl.worksheet._reader import ROW_TAG
    from openpyxl.xml.constants import SHEET_MAIN_NS

    merge_tag = f"{{{SHEET_MAIN_NS}}}mergeCell"
    containers = {f"{{{SHEET_MAIN_NS}}}sheetData", f"{{{SHEET_MAIN_NS}}}mergeCells"}
    sheet, grid = book[name], Grid(name)
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
                _keep_row(grid, parser, element, (rows, columns))
            elif element.tag == merge_tag:
                grid.merged.append(element.get("ref") or "")
            else:
                continue
            if parent is not None:
                parent.clear()  # the row or range just read: nothing keeps what was read
    return grid


def _keep_row(grid: Grid, parser, element, shape: tuple[int, int]) -> None:
    """Note a row of the sheet: hidden or not, how far the sheet goes, its cells within the shape kept."""
    rows, columns = shape
    index, cells = parser.parse_row(element)
    parser.row_dimensions.clear()  # hidden rows are read here, below
    if element.get("hidden") in ("1", "true"):
        grid.hidden.append(index)
    for cell in cells:
        if cell["value"] not in (None, "") or cell["formula"]:
            grid.last_row = max(grid.last_row, cell["row"])
        if cell["row"] <= rows and cell["column"] <= columns:
            grid.cells[cell["row"], cell["column"]] = Cell(cell["value"], cell["data_type"], cell["formula"])
