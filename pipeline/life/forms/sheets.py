"""The sheets to fill: „Priemonės“ (the party's measures: funds planned for the whole period read-only;
status, funds used in the year and an account to fill in) and „Rodikliai“ (the indicators it reports,
with the year's planned value and last year's value beside the actual value, a note, and the reasons of
a deviation and the actions taken; below them, read-only and grey, the indicators its measures carry
that another party reports). Values already in stebesena/<year>.yaml are filled in, so a form can be
issued again."""

from __future__ import annotations

from decimal import Decimal

from ...content import progress, schema
from ...content.model import Plan
from .layout import (ACTIONS_COLUMN, INDICATOR_LEAD_WIDTHS, MEASURE_LEAD_WIDTHS, NOTE_COLUMN, REASON_COLUMN,
                     STATUS_COLUMN, VALUE_COLUMN, ExecutorForm, indicator_headers, measure_headers, used_column)
from .style import (MONEY_FORMAT, excel_number, fit_rows, fixed_cell, header_row, open_cell, places, styles,
                    value_format)


def measures_sheet(sheet, plan: Plan, form: ExecutorForm, year: int) -> None:
    """Fill „Priemonės“: a row per measure of the party, what the year's file has in the cells to fill."""
    from openpyxl.worksheet.datavalidation import DataValidation

    sources = plan.strategy.sources
    headers = measure_headers(sources, year)
    widths = list(MEASURE_LEAD_WIDTHS) + [13] + [15] * (2 * len(sources)) + [42]
    header_row(sheet, headers, widths, STATUS_COLUMN)
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
            fixed_cell(sheet.cell(row, column), value)
        open_cell(sheet.cell(row, STATUS_COLUMN), done.status if done else None)
        statuses.add(sheet.cell(row, STATUS_COLUMN))
        planned = {f.source: f.amount for f in measure.financing}
        for i, source in enumerate(sources):
            fixed_cell(sheet.cell(row, used_column(i) - 1), excel_number(planned.get(source, Decimal(0))),
                       MONEY_FORMAT)
            cell = sheet.cell(row, used_column(i))
            open_cell(cell, excel_number(done.used.get(source)) if done else None, MONEY_FORMAT)
            money.add(cell)
        open_cell(sheet.cell(row, len(headers)), done.account if done else None)
    fit_rows(sheet, widths)


def indicators_sheet(sheet, plan: Plan, form: ExecutorForm, year: int) -> None:
    """Fill „Rodikliai“: the indicators the party reports to fill, then those another reports, grey."""
    from openpyxl.worksheet.datavalidation import DataValidation

    headers = indicator_headers(year, plan.facts.plan.end)
    widths = list(INDICATOR_LEAD_WIDTHS) + [18, 30, 34, 34]
    header_row(sheet, headers, widths, VALUE_COLUMN)
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
        for column, (item, number_format) in enumerate(_given(plan, indicator, year, before), start=1):
            fixed_cell(sheet.cell(row, column), item, number_format)
        if reporter is None:
            open_cell(sheet.cell(row, VALUE_COLUMN), excel_number(value.value) if value else None)
            number.add(sheet.cell(row, VALUE_COLUMN))
            open_cell(sheet.cell(row, NOTE_COLUMN), value.note if value else None)
            open_cell(sheet.cell(row, REASON_COLUMN), deviation.explanation if deviation else None)
            open_cell(sheet.cell(row, ACTIONS_COLUMN), deviation.action if deviation else None)
        else:
            _shown(sheet, row, value, reporter)
    fit_rows(sheet, widths)


def _given(plan: Plan, indicator: schema.Indicator, year: int, before) -> list[tuple[object, str | None]]:
    """Return an indicator row's read-only cells with their number formats, up to last year's value."""
    decimals = places(indicator.baseline, indicator.intermediate, indicator.target)
    planned = progress.planned_value(indicator, year, plan.facts.plan.end)  # the report's line, as it measures
    planned_places = min(4, decimals if planned == round(planned, decimals) else decimals + 1)
    shown = value_format(decimals)
    return [(indicator.code, None), (indicator.name, None), (indicator.unit, None),
            (excel_number(indicator.baseline), shown),
            (excel_number(indicator.intermediate) if indicator.intermediate is not None else "–", shown),
            (excel_number(indicator.target), shown),
            (excel_number(round(planned, planned_places)), value_format(planned_places)),
            (excel_number(before.value) if before and before.value is not None else "–", shown)]


def _shown(sheet, row: int, value, reporter: str) -> None:
    """Fill an indicator row another party reports: grey, locked, what the year's file has, and who reports it."""
    style = styles()
    fixed_cell(sheet.cell(row, VALUE_COLUMN), excel_number(value.value) if value and value.value is not None else None)
    fixed_cell(sheet.cell(row, NOTE_COLUMN), f"Tik žiniai: reikšmę teikia {reporter}.")
    for column in (REASON_COLUMN, ACTIONS_COLUMN):
        fixed_cell(sheet.cell(row, column), None)
    for column in range(1, ACTIONS_COLUMN + 1):
        sheet.cell(row, column).fill = style["grey"]
        sheet.cell(row, column).font = style["muted"]
