"""Views of one year of the plan's implementation: what the yearly report and its decision place.

Every figure is computed here from the plan and its stebesena/<year>.yaml files: status counts
and their numerals, per cent reached by the rule of progress.py, funds planned and used by
source. Templates only place values; the charts (charts.py) draw the same data the tables show.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated

from . import charts
from ..core import lt
from ..content import progress, schema
from ..content import schema_life
from ..core.errors import ContentError, Problem, display_path
from ..content.layout import REPORTS_DIR
from ..content.model import Plan, require_year_in_period
from .charts import Picture
from ..content.views import GoalView, IndicatorView, MeasureView, PriorityView, goals_by_priority, indicator_view

# What a status says of a number of measures, agreeing with it (1, 2–9, 0 and 10–20); None: see status_phrase.
STATUS_WORDS = {
    "įgyvendinta": ("įgyvendinta", "įgyvendintos", "įgyvendinta"),
    "vykdoma": ("vykdoma", "vykdomos", "vykdoma"),
    "nepradėta": ("nepradėta", "nepradėtos", "nepradėta"),
    "atidėta": ("atidėta", "atidėtos", "atidėta"),
    "atsisakyta": None,
}
NOT_REPORTED = "duomenų nepateikta"
# How a count of indicators in each status is said: "pasiekti – 3, vykdomi pagal planą – 52, …".
COUNTED = {progress.REACHED: "pasiekti", progress.ON_TRACK: "vykdomi pagal planą", progress.BEHIND: "atsilieka",
           progress.NO_DATA: "duomenų nėra"}
MISSING_EXPLANATION = "[paaiškinimas nepateiktas]"
SELF_EXPLAINED = ("vykdoma", "įgyvendinta")  # any other status needs an account (check warns)
LEVEL_HEADINGS = {"poveikio": "Poveikio rodikliai", "rezultato": "Rezultato rodikliai", "produkto": "Produkto rodikliai"}


@dataclass(frozen=True)
class StatusCount:
    status: Annotated[str, "būklė: „įgyvendinta“ … arba „duomenų nepateikta“"]
    count: Annotated[int, "priemonių skaičius"]
    share_text: Annotated[str, "dalis visų priemonių: „12,5 %“"]


@dataclass(frozen=True)
class IndicatorRow(IndicatorView):
    """An indicator as the plan describes it, with what the year's report says of it."""

    history_text: Annotated[str, "reikšmės pagal metus: „2023 m. – 5 100; 2024 m. – 5 300“ arba „–“"]
    earlier_text: Annotated[str, "ankstesnių metų reikšmės: „(2023 m. – 5 100)“ arba „“"]
    planned_text: Annotated[str, "ataskaitinių metų planuota reikšmė (vienu ženklu tikslesnė už rodiklio reikšmes)"]
    value_text: Annotated[str, "ataskaitinių metų faktinė reikšmė arba „–“"]
    shortfall_text: Annotated[str, "atsilikimas nuo planuotos reikšmės procentais: „12,5 %“, „–“ – neatsilieka"]
    reached_text: Annotated[str, "siektinos reikšmės pasiekimas: „45,0 %“ arba „–“"]
    status: Annotated[str, "pasiektas, pagal planą, atsilieka arba duomenų nėra"]
    note: Annotated[str, "pastaba apie reikšmę arba „“"]


@dataclass(frozen=True)
class MeasureRow:
    number: Annotated[str, "priemonės numeris: „1.1.1“"]
    name: Annotated[str, "priemonės pavadinimas"]
    executor: Annotated[str, "atsakingas vykdytojas"]
    status: Annotated[str, "būklė arba „duomenų nepateikta“"]
    planned_text: Annotated[str, "visam laikotarpiui suplanuotos lėšos: „1 000,00 Eur“"]
    used_text: Annotated[str, "ataskaitiniais metais panaudotos lėšos pagal šaltinį arba „–“"]
    account: Annotated[str, "kas atlikta arba „–“"]


@dataclass(frozen=True)
class ReportPriority:
    number: Annotated[int, "prioriteto numeris"]
    key: Annotated[str, "prioriteto žymuo: „P1“"]
    name: Annotated[str, "prioriteto pavadinimas"]
    indicators: Annotated[list[IndicatorRow], "prioriteto tikslų rodikliai"]
    measures: Annotated[list[MeasureRow], "prioriteto priemonės"]
    chart: Annotated[Picture | None, "rodiklių pasiekimo diagrama (nėra, kai prioritetas neturi rodiklių)"]
    figure: Annotated[str, "diagramos pavadinimas: „2 pav. …“"]


@dataclass(frozen=True)
class DeviationRow:
    code: Annotated[str, "rodiklio kodas"]
    name: Annotated[str, "rodiklio pavadinimas"]
    planned_text: Annotated[str, "planuota reikšmė"]
    value_text: Annotated[str, "faktinė reikšmė"]
    shortfall_text: Annotated[str, "atsilikimas procentais: „12,5 %“"]
    explanation: Annotated[str, "paaiškinimas arba „[paaiškinimas nepateiktas]“"]
    action: Annotated[str, "korekciniai veiksmai arba „–“"]


@dataclass(frozen=True)
class FundsRow:
    source: Annotated[str, "finansavimo šaltinis"]
    planned_text: Annotated[str, "suplanuota visam plano laikotarpiui"]
    used_year_text: Annotated[str, "panaudota ataskaitiniais metais"]
    used_total_text: Annotated[str, "panaudota nuo plano pradžios iki ataskaitinių metų pabaigos"]
    used_share_text: Annotated[str, "kiek suplanuotų lėšų jau panaudota: „12,5 %“ arba „–“"]


def report_year(plan: Plan, requested: int | None) -> int:
    """Return the year to report: the one asked for, else the latest with a file; refuse one without data."""
    folder = display_path(plan.root / REPORTS_DIR)
    if not plan.reports:
        raise ContentError([Problem(folder, 0, "nėra nė vienų metų duomenų: metinei ataskaitai reikia failo "
                                    f"{REPORTS_DIR}/<metai>.yaml")])
    year = requested if requested is not None else max(plan.reports)
    require_year_in_period(plan, year)
    if year not in plan.reports:
        raise ContentError([Problem(folder, 0, f"{year} metų duomenų nėra (failo {REPORTS_DIR}/{year}.yaml nėra); "
                                    f"yra: {', '.join(map(str, sorted(plan.reports)))}")])
    return year


def _history(plan: Plan, code: str, year: int) -> list[tuple[int, Decimal]]:
    return [(y, r.indicators[code].value) for y, r in sorted(plan.reports.items())
            if y <= year and code in r.indicators and r.indicators[code].value is not None]


def _percent(value: Decimal | None) -> str:
    return "–" if value is None else lt.percent(value.quantize(Decimal("0.1")), 1)


def _indicator_row(plan: Plan, indicator: schema.Indicator, year: int) -> tuple[IndicatorRow, progress.Progress]:
    reported = plan.reports[year].indicators.get(indicator.code)
    state = progress.progress(indicator, reported.value if reported else None, year, plan.facts.plan.end,
                              plan.monitoring.deviation)
    history = _history(plan, indicator.code, year)
    return IndicatorRow(
        **vars(indicator_view(indicator, plan.facts.plan.end)),
        history_text="; ".join(f"{y} m. – {lt.number(v)}" for y, v in history) or "–",
        earlier_text="; ".join(f"{y} m. – {lt.number(v)}" for y, v in history if y < year).join("()")
        if any(y < year for y, _ in history) else "",
        planned_text=lt.number(state.planned), value_text=lt.value_with_year(state.value),
        shortfall_text=_percent(state.shortfall) if state.shortfall is not None and state.shortfall > 0 else "–",
        reached_text=_percent(state.reached), status=state.status,
        note=(reported.note or "") if reported else "",
    ), state


def _measure_row(plan: Plan, measure: MeasureView, year: int) -> MeasureRow:
    reported = plan.reports[year].measures.get(measure.key) if measure.key else None
    used = [(s, reported.used[s]) for s in plan.strategy.sources if reported and s in reported.used]
    return MeasureRow(
        number=measure.number, name=measure.name, executor=measure.executor,
        status=reported.status if reported else NOT_REPORTED, planned_text=measure.total_text,
        used_text="; ".join(f"{s}: {lt.money(a)}" for s, a in used) or "–",
        account=_account(reported),
    )


def _account(reported: schema_life.MeasureReport | None) -> str:
    """Return what was done; a status that is not self-explained ("atidėta") without one is marked as missing."""
    if reported is None:
        return "–"
    if reported.account:
        return reported.account
    return "–" if reported.status in SELF_EXPLAINED else MISSING_EXPLANATION


def _indicators_of(plan: Plan, goals: list[GoalView]) -> list[schema.Indicator]:
    """Return the indicators a priority's goals, objectives and measures name, in level then code order."""
    codes = {c for g in goals for c in g.all_indicators}
    everything = [i for g in plan.groups if g.goals for i in g.goals.indicators if i.code in codes]
    return sorted(everything, key=lambda i: (schema.LEVELS.index(i.level), i.code))


def status_phrase(status: str, n: int) -> str:
    """Return "dvidešimt viena priemonė įgyvendinta", "atsisakyta dviejų priemonių", with agreeing words."""
    words = STATUS_WORDS.get(status)
    if words is None:
        if status == "atsisakyta":
            return f"atsisakyta {lt.count(n, 'priemonė', 'kilmininkas')}"
        return f"{lt.count(n, 'priemonė', 'kilmininkas')} {status}"  # "dešimties priemonių duomenų nepateikta"
    return f"{lt.count(n, 'priemonė')} {lt.agreeing(n, words)}"


def status_dots(rows: list[tuple[IndicatorRow, progress.Progress, schema.Indicator]],
                labels: dict[str, str] | None = None) -> list[charts.Dot]:
    """Return what the status chart plots: each indicator where it stands against the year's plan.

    The value is progress.against_plan(): 100 less the shortfall the status is judged by, so a dot left of
    the band is an indicator "atsilieka" and no other.
    """
    headings = labels or LEVEL_HEADINGS
    out = []
    for row, state, indicator in rows:
        standing = progress.against_plan(indicator, state)
        out.append(charts.Dot(f"{row.code} {textwrap.shorten(row.name, 44, placeholder=' …')}",
                              headings.get(indicator.level, indicator.level),
                              None if standing is None else float(standing),
                              progress.NO_DATA if standing is None else f"{row.value_text} ({row.planned_text})"))
    return out


def status_finding(states: list[progress.Progress], year: int, threshold: Decimal) -> str:
    """Return the sentence a status chart is titled with: how many indicators lag behind the year's plan."""
    measured = [s for s in states if s.status != progress.NO_DATA]
    behind = sum(1 for s in measured if s.status == progress.BEHIND)
    limit = lt.percent(threshold.normalize())
    if behind:
        text = f"{behind} iš {len(measured)} rodiklių atsilieka nuo {year} m. plano daugiau kaip {limit}"
    elif measured:
        text = f"Nė vienas iš {len(measured)} rodiklių neatsilieka nuo {year} m. plano daugiau kaip {limit}"
    else:
        text = f"{year} m. rodiklių duomenų nėra"
    missing = len(states) - len(measured)
    noun = lt.noun_form(missing, "rodiklis", "kilmininkas")
    return text + (f"; {missing} {noun} duomenų nėra" if missing and measured else "")


def _priority_chart(priority: PriorityView, rows: list[tuple[IndicatorRow, progress.Progress, schema.Indicator]],
                    year: int, threshold: Decimal, labels: dict[str, str]) -> Picture | None:
    if not rows:
        return None
    floor = float(progress.HUNDRED - threshold)
    data = charts.later(charts.dots, status_dots(rows, labels), floor,
                        f"Faktinė reikšmė, proc. {year} m. planuotos (100 – pagal planą; daugiau – geriau)",
                        f"Leidžiamas nuokrypis (iki {lt.percent(threshold.normalize())})", f"Planuota {year} m.")
    values = "; ".join(f"{row.code} – faktinė {row.value_text}, planuota {row.planned_text}, {row.status}"
                       for row, _, _ in rows)
    return Picture(data, 160, f"{priority.number} prioriteto „{priority.name}“ rodiklių {year} m. faktinės reikšmės, "
                   f"palygintos su tų metų planuotomis: {values}. Tie patys duomenys pateikti lentelėje po diagrama.")


def year_report(plan: Plan, year: int) -> dict:
    """Return what the yearly report's template places for a year."""
    report = plan.reports[year]
    figure = iter(range(2, 1000))  # in document order: the status chart (1), each priority's, the funds'
    priorities, all_states, all_measures, deviations = _priority_sections(plan, year, figure)
    statuses = [StatusCount(s, n, share) for (s, n), share in _counted(all_measures)]
    counts = {s: sum(1 for st in all_states if st.status == s) for s in progress.STATUSES}
    return {
        "year": year,
        "prepared_by": report.prepared_by,
        "priorities": priorities,
        **_measure_summary(statuses, all_measures, year),
        "indicator_total": lt.count(len(all_states), "rodiklis", "kilmininkas") if all_states else "",
        "indicator_counts": ", ".join(f"{COUNTED[s]} – {counts[s]}" for s in progress.STATUSES),
        "deviations": deviations,
        "threshold_text": lt.percent(plan.monitoring.deviation),
        **_funds_section(plan, year, figure),
    }


def _priority_sections(plan: Plan, year: int, figure) -> tuple[list[ReportPriority], list, list, list[DeviationRow]]:
    """Return each priority's section, and every indicator state, measure row and deviation across them.

    `figure` gives the next figure number to each priority that has a chart.
    """
    report = plan.reports[year]
    priorities, all_states, all_measures, deviations = [], [], [], []
    levels = plan.strategy.level_labels.by_level()
    for priority in goals_by_priority(plan):
        rows = []
        for indicator in _indicators_of(plan, priority.goals):
            row, state = _indicator_row(plan, indicator, year)
            rows.append((row, state, indicator))
        measures = [_measure_row(plan, m, year) for g in priority.goals for m in g.measures]
        all_states += [state for _, state, _ in rows]
        all_measures += measures
        chart = _priority_chart(priority, rows, year, plan.monitoring.deviation, levels)
        finding = status_finding([state for _, state, _ in rows], year, plan.monitoring.deviation)
        priorities.append(ReportPriority(priority.number, priority.key, priority.name, [r for r, _, _ in rows],
                                         measures, chart, f"{next(figure)} pav. {priority.number} prioritetas: "
                                         f"{finding[0].lower() + finding[1:]}" if chart else ""))
        deviations += _deviation_rows(report, rows)
    return priorities, all_states, all_measures, deviations


def _deviation_rows(report, rows: list) -> list[DeviationRow]:
    """Return the rows of the indicators behind the allowed deviation, with the report's explanation."""
    deviations = []
    for row, state, indicator in rows:
        if state.status == progress.BEHIND:
            note = report.deviations.get(indicator.code)
            deviations.append(DeviationRow(
                row.code, row.name, row.planned_text, row.value_text, _percent(state.shortfall),
                note.explanation if note else MISSING_EXPLANATION, (note.action or "–") if note else "–"))
    return deviations


def _measure_summary(statuses: list[StatusCount], all_measures: list, year: int) -> dict:
    """Return the report's names about measures by status: counts, sentence, chart and its title."""
    status_chart = Picture(charts.later(charts.bars, [charts.Bar(s.status, (float(s.count),)) for s in statuses],
                                        ("Priemonės",), "Priemonių skaičius"), 150,
                           f"Priemonių būklė {year} m. pabaigoje: " + "; ".join(f"{s.status} – {s.count}"
                                                                                  for s in statuses) + ".")
    return {
        "measure_total": lt.count(len(all_measures), "priemonė", "kilmininkas") if all_measures else "",
        "status_sentence": ", ".join(status_phrase(s.status, s.count) for s in statuses if s.count),
        "statuses": statuses,
        "status_total": StatusCount("Iš viso", len(all_measures), lt.percent(100, 1) if all_measures else "–"),
        "shares_note": lt.SHARES_NOTE,
        "status_chart": status_chart,
        "status_figure": f"1 pav. {_measure_finding(statuses, year)}",
    }


def _funds_section(plan: Plan, year: int, figure) -> dict:
    """Return the report's names about money by source: rows, total, missing years, chart and its title."""
    funds = _funds(plan, year)
    funds_chart, funds_finding = _funds_chart(plan, year, funds)
    return {
        "funds": funds["rows"],
        "funds_total": funds["total"],
        "funds_missing": funds["missing"],
        "funds_chart": funds_chart,
        "funds_figure": f"{next(figure)} pav. {funds_finding}",
    }


def _measure_finding(statuses: list[StatusCount], year: int) -> str:
    """Return the status chart's title: how many measures are under way or done at the year's end."""
    total = sum(s.count for s in statuses)
    going = sum(s.count for s in statuses if s.status in SELF_EXPLAINED)
    return f"{year} m. pabaigoje vykdoma ar įgyvendinta {going} iš {total} priemonių"


def _funds_chart(plan: Plan, year: int, funds: dict) -> tuple[Picture, str]:
    """Return the funds chart (used share of each source's planned funds beside the elapsed share of the
    period, amounts in mln. Eur) and its title stating the finding."""
    start, end = plan.facts.plan.start, plan.facts.plan.end
    elapsed = Decimal(min(max(year - start + 1, 0), end - start + 1) * 100) / Decimal(end - start + 1)
    million = Decimal(1_000_000)
    bars_ = [charts.Bar(label, (float(used / planned * 100) if planned else 0.0,),
                        f"{lt.number((used / million).quantize(Decimal('0.01')), 2)} iš "
                        f"{lt.number((planned / million).quantize(Decimal('0.01')), 2)} mln. Eur")
             for label, planned, used in funds["bars"]]
    total = funds["total"]
    data = charts.later(charts.bars, bars_, ("Panaudota",), "Panaudota suplanuotų lėšų dalis, proc.",
                        reference=float(elapsed), reference_label=f"Praėjusi plano laikotarpio dalis ({_percent(elapsed)})")
    finding = (f"Iki {year} m. pabaigos panaudota {total.used_share_text} suplanuotų lėšų, praėjus "
               f"{_percent(elapsed)} plano laikotarpio")
    description = (finding + ". Pagal šaltinius: " + "; ".join(
        f"{r.source} – panaudota {r.used_total_text} iš {r.planned_text} ({r.used_share_text})" for r in funds["rows"])
        + ".")
    return Picture(data, 160, description), finding


def _counted(measures: list[MeasureRow]) -> list[tuple[tuple[str, int], str]]:
    order = list(schema.STATUSES) + [NOT_REPORTED]
    counts = [(s, sum(1 for m in measures if m.status == s)) for s in order]
    counts = [(s, n) for s, n in counts if n or s in schema.STATUSES]
    shares = lt.shares([Decimal(n) for _, n in counts]) if measures else ["–"] * len(counts)
    return list(zip(counts, shares, strict=True))


def _funds(plan: Plan, year: int) -> dict:
    """Return funds by source: planned for the whole plan, used in the year and up to its end."""
    from ..content.views import totals

    planned = {t.name: t.amount for t in totals(plan, goals_by_priority(plan)).by_source}
    used_year = {s: Decimal(0) for s in plan.strategy.sources}
    used_total = {s: Decimal(0) for s in plan.strategy.sources}
    for y, report in plan.reports.items():
        for measure in report.measures.values():
            for source, amount in measure.used.items():
                if source in used_total and y <= year:
                    used_total[source] += amount
                    if y == year:
                        used_year[source] += amount
    rows = [FundsRow(s, lt.money(planned[s]), lt.money(used_year[s]), lt.money(used_total[s]),
                     _percent(used_total[s] / planned[s] * 100 if planned[s] else None))
            for s in plan.strategy.sources]
    all_planned, all_year, all_used = sum(planned.values()), sum(used_year.values()), sum(used_total.values())
    total = FundsRow("Iš viso", lt.money(all_planned), lt.money(all_year), lt.money(all_used),
                     _percent(all_used / all_planned * 100 if all_planned else None))
    return {"rows": rows, "total": total, "bars": [(s, planned[s], used_total[s]) for s in plan.strategy.sources],
            "missing": _missing_years(plan, year)}


def _missing_years(plan: Plan, year: int) -> str:
    """Return the sentence naming the years up to the reported one without data (never counted as zero), or ""."""
    years = range(plan.facts.plan.start, year + 1)
    missing = [str(y) for y in years if y not in plan.reports]
    if not missing:
        return ""
    have = [str(y) for y in years if y in plan.reports]
    return (f"{lt.listing(missing)} metų duomenų apie panaudotas lėšas nėra: sumos nuo Plano įgyvendinimo pradžios "
            f"apima tik {lt.listing(have)} metus.")
