"""What the website shows of the plan's progress, computed once: one typed object per indicator and measure.

Every page, the CSV files and the JSON file place these objects; none of them computes a status or
writes "value (year m.)" again. The status is the yearly report's (progress.standing, the same
function and words as annual.py); a value of an earlier year is carried as such and never becomes
the status of the reported year.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal

from ...core import lt
from ...content import progress, schema
from ...content import schema_life
from ...content.model import Plan

NOT_REPORTED = "duomenų nepateikta"  # a measure without a line in the year's file (the report's words)
TREND_UP, TREND_DOWN = "\u2191", "\u2193"


def _value(value: Decimal | None, year: int | None = None) -> str:
    return "–" if value is None else lt.number(value) + (f" ({year}\u00a0m.)" if year else "")


def _precision(indicator: schema.Indicator) -> Decimal:
    places = max(-min(0, v.as_tuple().exponent) for v in (indicator.baseline, indicator.target,
                                                          indicator.intermediate) if v is not None)
    return Decimal(1).scaleb(-places)


@dataclass(frozen=True)
class YearValue:
    year: int
    value: Decimal
    reached: Decimal  # per cent of the way from the baseline to the target
    status: str  # the status of that year, by the report's rule

    @functools.cached_property
    def value_text(self) -> str:
        return lt.number(self.value)

    @functools.cached_property
    def reached_text(self) -> str:
        return lt.percent(self.reached.quantize(Decimal("0.1")), 1)


@dataclass(frozen=True)
class IndicatorState:
    """One indicator: its card, its values by year and its standing in the latest reported year."""

    indicator: schema.Indicator
    level: str  # the plan's label of its level
    page: str
    end_year: int
    priority: tuple[int, str] | None  # number and name of the first priority that names it
    goal: tuple[str, str] | None  # number and name of the first goal that names it
    executors: tuple[str, ...]
    responsible: str
    standing: progress.Standing | None  # None: no yearly report yet
    note: str  # the year's "pastaba" on the value
    deviation: schema_life.DeviationNote | None
    history: tuple[YearValue, ...]
    measures: tuple[tuple[str, str], ...]  # number, name of the measures it measures

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def name(self) -> str:
        return self.indicator.name

    @property
    def unit(self) -> str:
        return self.indicator.unit

    @property
    def source(self) -> str:
        return self.indicator.source

    @functools.cached_property
    def definition(self) -> str:
        return self.indicator.definition or self.indicator.name

    @functools.cached_property
    def method(self) -> str:
        return self.indicator.method or "Pagal duomenų šaltinio duomenis"

    @functools.cached_property
    def frequency(self) -> str:
        return self.indicator.frequency or "Kasmet, metinei ataskaitai"

    @functools.cached_property
    def direction(self) -> str:
        return "mažėti" if progress.falls(self.indicator) else "didėti arba išlikti"

    @functools.cached_property
    def baseline_text(self) -> str:
        return _value(self.indicator.baseline, self.indicator.baseline_year)

    @functools.cached_property
    def intermediate_text(self) -> str:
        return _value(self.indicator.intermediate, self.indicator.intermediate_year)

    @functools.cached_property
    def target_text(self) -> str:
        return _value(self.indicator.target, self.end_year)

    @property
    def year(self) -> int | None:
        return self.standing.year if self.standing else None

    @functools.cached_property
    def status(self) -> str:
        return self.standing.status if self.standing else progress.NO_DATA

    @functools.cached_property
    def symbol(self) -> str:
        return progress.SYMBOLS[self.status]

    @functools.cached_property
    def status_slug(self) -> str:
        return lt.ascii_name(self.status, 30)

    @functools.cached_property
    def planned(self) -> Decimal | None:
        return self.standing.progress.planned.quantize(_precision(self.indicator)) if self.standing else None

    @functools.cached_property
    def planned_text(self) -> str:
        return _value(self.planned)

    @functools.cached_property
    def value(self) -> Decimal | None:
        return self.standing.progress.value if self.standing else None

    @functools.cached_property
    def value_text(self) -> str:
        return _value(self.value)

    @functools.cached_property
    def reached_text(self) -> str:
        reached = self.standing.progress.reached if self.standing else None
        return "–" if reached is None else lt.percent(reached.quantize(Decimal("0.1")), 1)

    @functools.cached_property
    def earlier_text(self) -> str:
        """Return the latest earlier value when the year has none: "16 (2023 m.)", else ""."""
        if self.standing is None or self.value is not None or self.standing.earlier is None:
            return ""
        year, value = self.standing.earlier
        return _value(value, year)

    @functools.cached_property
    def trend(self) -> Decimal | None:
        return self.standing.trend if self.standing else None

    @functools.cached_property
    def trend_text(self) -> str:
        """Return the change since the year before: "+120 (↑)", "−3,5 (↓)", "0", or "–" when either has no value."""
        trend = self.trend
        if trend is None:
            return "–"
        if trend == 0:
            return "0"
        sign, arrow = ("+", TREND_UP) if trend > 0 else ("\u2212", TREND_DOWN)
        return f"{sign}{lt.number(abs(trend))} {arrow}"

    @functools.cached_property
    def data_year_text(self) -> str:
        """Return the year the shown value is of: the reported year, an earlier one said as such, or "–"."""
        if self.value is not None:
            return f"{self.year}\u00a0m."
        if self.standing is not None and self.standing.earlier is not None:
            return f"{self.standing.earlier[0]}\u00a0m. (ankstesnių metų)"
        return "–"


@dataclass(frozen=True)
class MeasureState:
    """One measure with what the latest yearly report says of it."""

    number: str
    key: str | None
    name: str
    executor: str
    partners: tuple[str, ...]
    period_text: str
    priority: tuple[int, str]
    goal: tuple[str, str]
    financing: tuple[tuple[str, Decimal], ...]
    total: Decimal
    indicators: tuple[str, ...]
    year: int | None
    status: str  # the year's status, NOT_REPORTED, or "" without a yearly report
    account: str
    used_year: tuple[tuple[str, Decimal], ...]
    used_total: Decimal  # from the plan's start to the end of the year

    @property
    def anchor(self) -> str:
        return "priemone-" + self.number.replace(".", "-")

    @property
    def total_text(self) -> str:
        return lt.money(self.total)

    @property
    def financing_text(self) -> str:
        return "; ".join(f"{s}: {lt.money(a)}" for s, a in self.financing) or "–"

    @property
    def used_year_text(self) -> str:
        return "; ".join(f"{s}: {lt.money(a)}" for s, a in self.used_year) or "–"

    @property
    def used_total_text(self) -> str:
        return lt.money(self.used_total)


@dataclass(frozen=True)
class GoalProgress:
    number: str
    name: str
    summary: str  # a plain-language summary from content, or ""
    indicators: tuple[IndicatorState, ...]
    measures: tuple[MeasureState, ...]


@dataclass(frozen=True)
class PriorityProgress:
    number: int
    key: str
    name: str
    goals: tuple[GoalProgress, ...]
    counted: tuple[IndicatorState, ...]  # its indicators once each, as the yearly report counts them


@dataclass(frozen=True)
class SiteData:
    """The plan's progress as the site shows it: the latest reported year, indicators, measures, priorities."""

    year: int | None
    indicators: tuple[IndicatorState, ...]  # every indicator of the plan, in content order
    measures: tuple[MeasureState, ...]
    priorities: tuple[PriorityProgress, ...]
    executors: tuple[str, ...] = field(default=())

    def counts(self) -> list[tuple[str, int]]:
        """Return the indicators by status as the yearly report counts them (each priority's own)."""
        states = [i.status for p in self.priorities for i in p.counted]
        return [(s, states.count(s)) for s in progress.STATUSES]

    def by_code(self) -> dict[str, IndicatorState]:
        return {i.code: i for i in self.indicators}


@dataclass(frozen=True)
class Placement:
    """Where the plan names each indicator: its first priority and goal, the executors and the measures it measures."""

    where: dict[str, tuple[tuple[int, str], tuple[str, str]]]
    executors: dict[str, set[str]]
    measured: dict[str, list[tuple[str, str]]]


def site_data(plan: Plan, priorities: list, page_names: dict[str, str]) -> SiteData:
    """Return the plan's progress computed once: priorities from views.goals_by_priority, pages by code."""
    year = max(plan.reports) if plan.reports and plan.monitoring is not None else None
    raw = [i for g in plan.groups if g.goals for i in g.goals.indicators]
    states = _indicator_states(plan, raw, year, placement(priorities), page_names)
    measures = _measure_states(plan, priorities, year)
    return SiteData(year, tuple(states[i.code] for i in raw), tuple(measures),
                    _priority_progress(plan, priorities, states, measures),
                    tuple(sorted({m.executor for m in measures})))


def placement(priorities: list) -> Placement:
    """Return where the priorities' goals, objectives and measures name each indicator."""
    where: dict[str, tuple[tuple[int, str], tuple[str, str]]] = {}
    executors: dict[str, set[str]] = {}
    measured: dict[str, list[tuple[str, str]]] = {}
    for p in priorities:
        for g in p.goals:
            scope = [(g.indicators, g.measures)] + [(o.indicators, o.measures) for o in g.objectives] + [
                (m.indicators, [m]) for m in g.measures]
            for named, measures in scope:
                for code in named:
                    where.setdefault(code, ((p.number, p.name), (g.number, g.name)))
                    executors.setdefault(code, set()).update(m.executor for m in measures)
            for m in g.measures:
                for code in m.indicators:
                    measured.setdefault(code, []).append((m.number, m.name))
    return Placement(where, executors, measured)


def _indicator_states(plan: Plan, raw: list, year: int | None, placed: Placement,
                      page_names: dict[str, str]) -> dict[str, IndicatorState]:
    """Return every indicator's state by code: its card, values and standing in the year."""
    end = plan.facts.plan.end
    labels = plan.strategy.level_labels.by_level() if plan.strategy else {}
    report = plan.reports.get(year) if year else None
    states = {}
    for ind in raw:
        values = {y: r.indicators[ind.code].value for y, r in plan.reports.items() if ind.code in r.indicators}
        standing = (progress.standing(ind, values, year, end, plan.monitoring.deviation) if year else None)
        reported = report.indicators.get(ind.code) if report else None
        owners = tuple(sorted(placed.executors.get(ind.code, ())))
        responsible = ind.responsible or (", ".join(owners) if ind.level == schema.LEVELS[-1] and owners
                                          else plan.monitoring.data_owner)
        located = placed.where.get(ind.code)
        states[ind.code] = IndicatorState(
            ind, labels.get(ind.level, ind.level), page_names[ind.code], end, located[0] if located else None,
            located[1] if located else None, owners, responsible, standing, (reported.note or "") if reported else "",
            report.deviations.get(ind.code) if report and standing and standing.status == progress.BEHIND else None,
            _history(plan, ind, values), tuple(placed.measured.get(ind.code, ())))
    return states


def _history(plan: Plan, ind: schema.Indicator, values: dict) -> tuple[YearValue, ...]:
    """Return an indicator's reported values by year, each with the status of its own year."""
    history = []
    for y, v in sorted(values.items()):
        if v is not None:
            state = progress.progress(ind, v, y, plan.facts.plan.end, plan.monitoring.deviation)
            history.append(YearValue(y, v, state.reached, state.status))
    return tuple(history)


def _measure_states(plan: Plan, priorities: list, year: int | None) -> list[MeasureState]:
    """Return every measure with what the year's report says of it and what it used up to the year's end."""
    report = plan.reports.get(year) if year else None
    measures = []
    for p in priorities:
        for g in p.goals:
            for m in g.measures:
                line = report.measures.get(m.key) if report and m.key else None
                used_total = sum((a for y, r in plan.reports.items() if y <= (year or 0) and m.key in r.measures
                                  for a in r.measures[m.key].used.values()), Decimal(0)) if m.key else Decimal(0)
                measures.append(MeasureState(
                    m.number, m.key, m.name, m.executor, m.partners, m.period_text, (p.number, p.name),
                    (g.number, g.name), tuple((f.source, f.amount) for f in m.financing), m.total,
                    m.indicators, year,
                    (line.status if line else NOT_REPORTED) if report else "",
                    (line.account or "") if line else "",
                    tuple((s, line.used[s]) for s in plan.strategy.sources if s in line.used) if line else (),
                    used_total))
    return measures


def _priority_progress(plan: Plan, priorities: list, states: dict[str, IndicatorState],
                       measures: list[MeasureState]) -> tuple[PriorityProgress, ...]:
    """Return each priority with its goals' indicators and measures, and its indicators as the report counts them."""
    from ...life.annual import _indicators_of

    summaries = {(g.priority, g.name): getattr(g, "summary", None) or ""
                 for group in plan.groups if group.goals for g in group.goals.goals}
    by_goal: dict[str, list[MeasureState]] = {}
    for m in measures:
        by_goal.setdefault(m.goal[0], []).append(m)
    shown = []
    for p in priorities:
        goals = []
        for g in p.goals:
            goals.append(GoalProgress(g.number, g.name, summaries.get((p.key, g.name), ""),
                                      tuple(states[c] for c in g.all_indicators if c in states),
                                      tuple(by_goal.get(g.number, ()))))
        counted = tuple(states[i.code] for i in _indicators_of(plan, p.goals) if i.code in states)
        shown.append(PriorityProgress(p.number, p.key, p.name, tuple(goals), counted))
    return tuple(shown)
