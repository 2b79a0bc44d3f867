"""The instructions sheet „Nurodymai“: the plan, the year, the deadline and whom to ask, how to fill the
form in, and an „Užpildė“ block for who filled it."""

from __future__ import annotations

from ...core import lt
from ...content import schema
from ...content.model import Plan
from ...content.responsible import executors_deadline
from .layout import ACTIONS_HEADER, INSTRUCTIONS_SHEET, REASON_HEADER, ExecutorForm, status_header
from .style import fit_rows, fixed_cell, open_cell, row_height, styles

FILLED_BY = ("Vardas, pavardė", "Pareigos", "Data", "Telefonas, el. paštas")
WIDTHS = (26, 100)


def instructions(sheet, plan: Plan, form: ExecutorForm, year: int) -> None:
    """Fill the instructions sheet of one party's form; only the „Užpildė“ block is left to fill."""
    style = styles()
    sheet.title = INSTRUCTIONS_SHEET
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = WIDTHS
    heading = f"{plan.facts.plan.title.nominative}: {year} metų įgyvendinimo duomenys"
    title = sheet.cell(1, 1, heading)
    title.font, title.alignment = style["header"], style["wrap"]
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=2)
    row = _write_facts(sheet, _facts(plan, form, year), 3)
    row = _write_steps(sheet, _steps(plan, form, year), row + 1)
    _write_filled_by(sheet, row + 1)
    fit_rows(sheet, list(WIDTHS), 1)
    sheet.row_dimensions[1].height = row_height([heading], [sum(WIDTHS)], [True])
    sheet.protection.sheet = True
    sheet.protection.formatRows = False


def _due(plan: Plan, year: int) -> str:
    return f"{year + 1} m. {executors_deadline(plan.monitoring)}"


def _facts(plan: Plan, form: ExecutorForm, year: int) -> list[tuple[str, str]]:
    """Return the labelled facts atop the sheet: the plan, the year, who reports, by when, to whom."""
    monitoring = plan.monitoring
    return [
        ("Planas", plan.facts.plan.title.nominative),
        ("Ataskaitiniai metai", f"{year} m. (sausio 1 d. – gruodžio 31 d.)"),
        ("Teikia", form.executor),
        ("Plano redakcija", _edition_line(plan, year)),
        ("Grąžinti iki", _due(plan, year)),
        ("Duomenis apibendrina", monitoring.data_owner),
    ] + ([("Kontaktai", monitoring.contact)] if monitoring.contact else [])


def _measure_steps(year: int) -> list[str]:
    return [
        f"„{status_header(year)}“: pasirinkite vieną iš šių: {', '.join(schema.STATUSES)} (didžiosios ar mažosios "
        "raidės nesvarbu).",
        "„Žymuo“ – pastovus priemonės žymuo plane (pvz., EK-P01): pagal jį duomenys priskiriami priemonei, net jei "
        "pasikeistų jos numeris.",
        f"Lėšos – eurais, tik skaičius (pvz., 12500 arba 12500,50); jei lėšų {year} m. nepanaudota, rašykite 0. "
        "„Suplanuota visam laikotarpiui“ – priemonei visam jos įgyvendinimo laikotarpiui numatytos lėšos.",
    ]


def _indicator_steps(plan: Plan, year: int) -> list[str]:
    return [
        f"„Faktinė reikšmė {year} m.“ – rodiklio reikšmė ataskaitiniais metais, tik skaičius (pvz., 12,5); jei "
        "duomenų dar nėra, palikite tuščią ir pastaboje nurodykite, kada jie bus.",
        f"„Suplanuota {year} m.“ – reikšmė, kurios tais metais turėjo būti pasiekta: tiesiškai tarp pradinės, "
        f"tarpinės ir siektinos reikšmių. Jei faktinė reikšmė nuo jos atsilieka daugiau kaip "
        f"{lt.percent(plan.monitoring.deviation)}, įrašykite „{REASON_HEADER}“ ir „{ACTIONS_HEADER}“.",
    ]


def _steps(plan: Plan, form: ExecutorForm, year: int) -> list[str]:
    """Return the numbered steps of „Kaip pildyti“, only those of the sheets the form has."""
    filled = [f"„{name}“" for name in form.sheets()]
    return ([f"Užpildykite geltonus langelius {'lapuose' if len(filled) > 1 else 'lape'} {' ir '.join(filled)} "
             f"ir žemiau esantį bloką „Užpildė“. Užpildytą failą grąžinkite iki {_due(plan, year)} (kam – žr. "
             "„Duomenis apibendrina“)."]
            + (_measure_steps(year) if form.measures else [])
            + (_indicator_steps(plan, year) if form.indicator_rows else [])
            + (["Pilki rodikliai – tik žiniai: jų reikšmes teikia pastaboje nurodytas kitas vykdytojas."]
               if form.shown else [])
            + ["Eilučių nepridėkite, neištrinkite ir nekeiskite kodų: forma skaitoma automatiškai."])


def _write_facts(sheet, facts: list[tuple[str, str]], row: int) -> int:
    """Write the facts from a row on; return the row after them."""
    style = styles()
    for label, text in facts:
        fixed_cell(sheet.cell(row, 1, label), label)
        sheet.cell(row, 1).font = style["header"]
        fixed_cell(sheet.cell(row, 2), text)
        row += 1
    return row


def _write_steps(sheet, steps: list[str], row: int) -> int:
    """Write „Kaip pildyti“ and its numbered steps from a row on; return the row after them."""
    style = styles()
    sheet.cell(row, 1, "Kaip pildyti").font = style["header"]
    row += 1
    for n, text in enumerate(steps, start=1):
        sheet.cell(row, 1, f"{n}.").alignment = style["wrap"]
        sheet.cell(row, 2, text).alignment = style["wrap"]
        row += 1
    return row


def _write_filled_by(sheet, row: int) -> None:
    """Write the „Užpildė“ block from a row on: a label and a cell to fill for each line."""
    sheet.cell(row, 1, "Užpildė").font = styles()["header"]
    row += 1
    for label in FILLED_BY:
        fixed_cell(sheet.cell(row, 1), label)
        open_cell(sheet.cell(row, 2))
        row += 1


def _edition_line(plan: Plan, year: int) -> str:
    """Return which text of the plan the form asks about: the edition in force that year, or a draft."""
    if plan.edition is not None:
        return f"Forma parengta pagal {year} metų pabaigoje galiojusią plano redakciją ({plan.edition})."
    if plan.decision is None or plan.decision.decision.is_draft:
        return "PROJEKTAS: planas dar nepatvirtintas – forma parengta pagal plano projektą."
    return "Forma parengta pagal patvirtintą planą (jo redakcija dar neįrašyta: make approve)."
