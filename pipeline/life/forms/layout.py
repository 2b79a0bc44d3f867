"""What a form and its import agree on: the sheets, columns and headers, the stamp, and who reports what.

Each workbook has an instructions sheet („Nurodymai“), „Priemonės“ (the party's measures) and
„Rodikliai“ (the indicators it reports – every indicator has exactly one responsible form, see
responsible.py – and, read-only, those its measures carry that another party reports). A sheet with
nothing to fill is left out. A hidden sheet stamps the plan, the year, the executor and the edition,
which the import checks.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core import lt
from ...content import schema
from ...content.model import Plan
from ...content.responsible import responsibles
from ...content.views import MeasureView, goals_by_priority

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
        carried = {c for m in own for c in m.indicators}
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


def summary(executor: str, measures: int, indicators: int) -> str:
    """Return "Švietimo skyrius: 6 priemonės, 9 rodikliai"."""
    return (f"{executor}: {measures} {lt.noun_form(measures, 'priemonė')}, "
            f"{indicators} {lt.noun_form(indicators, 'rodiklis')}")
