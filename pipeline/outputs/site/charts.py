"""What the site draws of progress: an indicator's values as an inline SVG chart, and the plan's standing in a
reported year as the yearly report counts it (the sentence and the counts the front page and the news show)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ...core import lt
from ...content import progress, schema
from ...content.model import Plan


def counted(n: int, noun: str, case: str = "vardininkas") -> str:
    """Return a count in digits with its agreeing noun: "5 darbo grupės", "21 priemonė", "12 priemonių"."""
    return f"{n} {lt.noun_form(n, noun, case)}"


def status_phrase(status: str, n: int) -> str:
    """Return the report's phrase of a measure count in digits: "21 priemonė įgyvendinta", "atsisakyta 2 priemonių"."""
    from ...life.annual import STATUS_WORDS

    words = STATUS_WORDS.get(status)
    if words is None:
        return f"atsisakyta {counted(n, 'priemonė', 'kilmininkas')}"
    return f"{counted(n, 'priemonė')} {lt.agreeing(n, words)}"


@dataclass(frozen=True)
class Summary:
    year: int
    sentence: str
    measures: list[tuple[str, int]]
    indicators: list[tuple[str, int]]


def progress_summary(plan: Plan, year: int | None = None) -> Summary | None:
    """Return how the plan stands in its latest reported year (or `year`): measures and indicators by status,
    counted as the yearly report counts them."""
    if not plan.reports or plan.monitoring is None or plan.strategy is None:
        return None
    from ...life.annual import _indicators_of
    from ...content.views import goals_by_priority

    year = year or max(plan.reports)
    report = plan.reports[year]
    measures = [(s, sum(1 for m in report.measures.values() if m.status == s)) for s in schema.STATUSES]
    states = []
    for priority in goals_by_priority(plan):
        for ind in _indicators_of(plan, priority.goals):
            values = {y: r.indicators[ind.code].value for y, r in plan.reports.items() if ind.code in r.indicators}
            states.append(progress.standing(ind, values, year, plan.facts.plan.end, plan.monitoring.deviation).status)
    indicators = [(s, states.count(s)) for s in progress.STATUSES]
    sentence = f"{year} metų pabaigoje " + ", ".join(status_phrase(s, n) for s, n in measures if n) + "."
    return Summary(year, sentence, measures, indicators)


@dataclass(frozen=True)
class Mark:
    """A point of an indicator chart: where it is (per cent of the drawing's width and height) and what it is."""

    x: float
    y: float
    kind: str  # "value", "intermediate", "target", "baseline"
    text: str


@dataclass(frozen=True)
class Chart:
    """An indicator's values over the years as an inline SVG drawing whose coordinates are per cent of its box:
    it takes the page's width, and its text keeps the page's font size (the A+/A++ switches enlarge it)."""

    title: str
    description: str
    grid: list[tuple[float, str]]  # y, the value's label
    ticks: list[tuple[float, str, int]]  # x, the year, the label's row (0 or 1: close years alternate)
    planned: list[tuple[float, float, float, float]]  # the planned path's segments
    actual: list[tuple[float, float, float, float]]  # the reported values' segments
    marks: list[Mark]


LEFT, RIGHT, TOP, BOTTOM = 4.0, 96.0, 8.0, 74.0


@dataclass(frozen=True)
class Scale:
    """Where a year and a value fall in a chart (per cent of its box), and the round step between its gridlines."""

    first: int
    last: int
    low: float
    high: float
    step: float

    def x(self, year: int) -> float:
        return LEFT + (RIGHT - LEFT) * (year - self.first) / max(self.last - self.first, 1)

    def y(self, value) -> float:
        return BOTTOM - (BOTTOM - TOP) * (float(value) - self.low) / ((self.high - self.low) or 1.0)

    def point(self, year: int, value) -> tuple[float, float]:
        return round(self.x(year), 2), round(self.y(value), 2)


def _nice_step(span: float) -> float:
    """Return a round step for about four gridlines over a span: 1, 2, 2.5 or 5 times a power of ten."""
    import math

    raw = span / 4 if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _scale(points: list[tuple[int, Decimal]]) -> Scale:
    """Return the scale that holds every point, its values between round gridlines."""
    import math

    years = [y for y, _ in points]
    values = [float(v) for _, v in points]
    step = _nice_step(max(values) - min(values))
    low, high = math.floor(min(values) / step) * step, math.ceil(max(values) / step) * step
    if high == low:
        low, high = low - step, high + step
    return Scale(min(years), max(years), low, high, step)


def _grid(scale: Scale) -> list[tuple[float, str]]:
    """Return the gridlines: where each is and its value's label."""
    grid = []
    # Counted, never stepped: huge values stay bounded.
    lines = max(1, min(round((scale.high - scale.low) / scale.step), 12))
    for k in range(lines + 1):
        level = scale.low + k * (scale.high - scale.low) / lines
        grid.append((round(scale.y(level), 2), lt.number(Decimal(repr(round(level, 6))).normalize())))
    return grid


def _ticks(scale: Scale, years: list[int]) -> list[tuple[float, str, int]]:
    """Return a tick per year, a year close to the one before it on the other row."""
    ticks, last_on_row = [], {0: None, 1: None}
    for year in sorted(set(years)):
        close = lambda other: other is not None and (scale.x(year) - scale.x(other)) < 14  # noqa: E731
        row = 0 if not close(last_on_row[0]) else 1 if not close(last_on_row[1]) else 0
        last_on_row[row] = year
        ticks.append((round(scale.x(year), 2), str(year), row))
    return ticks


def _segments(scale: Scale, points: list[tuple[int, Decimal]]) -> list[tuple[float, float, float, float]]:
    return [scale.point(a, v) + scale.point(b, w) for (a, v), (b, w) in zip(points, points[1:])]


def _marks(state, scale: Scale, target_year: int) -> list[Mark]:
    """Return the chart's points, each with what it says: baseline, reported values, intermediate value, target."""
    ind = state.indicator
    marks = [Mark(*scale.point(ind.baseline_year, ind.baseline), "baseline",
                  f"pradinė reikšmė {lt.number(ind.baseline)} ({ind.baseline_year} m.)")]
    marks += [Mark(*scale.point(v.year, v.value), "value", f"{v.year} m. – {v.value_text}") for v in state.history]
    if ind.intermediate is not None and ind.intermediate_year is not None:
        marks.append(Mark(*scale.point(ind.intermediate_year, ind.intermediate), "intermediate",
                          f"tarpinė reikšmė {lt.number(ind.intermediate)} ({ind.intermediate_year} m.)"))
    marks.append(Mark(*scale.point(target_year, ind.target), "target",
                      f"siektina reikšmė {lt.number(ind.target)} ({state.end_year} m.)"))
    return marks


def indicator_chart(state) -> Chart | None:
    """Return an indicator's chart: baseline and reported values, the planned path through the intermediate value
    to the target, every target year ticked; None without reported values."""
    ind = state.indicator
    if not state.history:
        return None
    path = [(ind.baseline_year, ind.baseline)]
    if ind.intermediate is not None and ind.intermediate_year is not None:
        path.append((ind.intermediate_year, ind.intermediate))
    path.append((max(state.end_year, path[-1][0]), ind.target))
    actual = [(ind.baseline_year, ind.baseline)] + [(v.year, v.value) for v in state.history]
    scale = _scale(path + actual)
    marks = _marks(state, scale, path[-1][0])
    description = (f"Rodiklio {ind.code} reikšmės pagal metus: " + "; ".join(m.text for m in marks)
                   + ". Punktyrinė linija – planuotas kelias.")
    return Chart(f"{ind.code} {ind.name}, {ind.unit}", description, _grid(scale),
                 _ticks(scale, [y for y, _ in path + actual]), _segments(scale, path), _segments(scale, actual), marks)
