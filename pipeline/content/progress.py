"""How far an indicator has come: the rule the methodology states and the yearly report applies.

- The planned value of a year runs in a straight line from the baseline (its year) through the
  intermediate value (its year, when there is one) to the target (the plan's last year), rounded
  to one decimal place more than the indicator's own values are written with: the figure a table
  prints is the very one the shortfall and the status are computed from.
- Per cent reached is the share of the way from the baseline to the target that the actual value
  has covered: (actual − baseline) / (target − baseline) × 100. It holds for an indicator that
  should fall (a target below the baseline) as for one that should rise. When the target equals
  the baseline (the value is to be kept), it is 100 while the value is not below it, else 100
  less the shortfall, never below 0 (so a kept negative value works too).
- The shortfall is how far, in per cent of the planned value, the actual value is on the wrong
  side of it (below for a rising or kept value, above for a falling one); zero or less is none.
- The status: no value reported for the year – "duomenų nėra"; 100 % reached or more –
  "pasiektas"; a shortfall beyond the methodology's threshold – "atsilieka"; else "pagal planą".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from . import schema

REACHED, ON_TRACK, BEHIND, NO_DATA = "pasiektas", "pagal planą", "atsilieka", "duomenų nėra"
STATUSES = (REACHED, ON_TRACK, BEHIND, NO_DATA)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Progress:
    value: Decimal | None  # the actual value of the year, None when not reported
    planned: Decimal  # the value planned for the year
    reached: Decimal | None  # per cent of the way from the baseline to the target
    shortfall: Decimal | None  # per cent of the planned value the actual one falls behind (≤ 0: none)
    status: str


def planned_value(indicator: schema.Indicator, year: int, end_year: int) -> Decimal:
    """Return the value planned for a year: straight lines between baseline, intermediate and target."""
    points = [(indicator.baseline_year, indicator.baseline)]
    if indicator.intermediate is not None and indicator.intermediate_year is not None:
        points.append((indicator.intermediate_year, indicator.intermediate))
    points.append((max(end_year, points[-1][0]), indicator.target))
    if year <= points[0][0]:
        return points[0][1]
    for (y0, v0), (y1, v1) in zip(points, points[1:]):
        if year <= y1:
            return v0 if y1 == y0 else v0 + (v1 - v0) * Decimal(year - y0) / Decimal(y1 - y0)
    return points[-1][1]


def precision(indicator: schema.Indicator) -> Decimal:
    """Return the step a planned value is rounded to: one decimal place finer than the indicator's own values."""
    places = max(-min(0, v.as_tuple().exponent) for v in (indicator.baseline, indicator.target,
                                                          indicator.intermediate) if v is not None)
    return Decimal(1).scaleb(-(places + 1))


def rounded_planned(indicator: schema.Indicator, year: int, end_year: int) -> Decimal:
    """Return the planned value of a year as printed and as compared: rounded by precision()."""
    exact = planned_value(indicator, year, end_year)
    return exact.quantize(precision(indicator), rounding=ROUND_HALF_UP)


def against_plan(indicator: schema.Indicator, state: "Progress") -> Decimal | None:
    """Return where a value stands against the year's plan, in per cent: 100 is on plan, more is better.

    It is 100 less the shortfall, so it is below 100 − threshold exactly when the status is "atsilieka":
    the status chart draws this figure and the threshold band.
    """
    return None if state.shortfall is None else HUNDRED - state.shortfall


def falls(indicator: schema.Indicator) -> bool:
    """Tell whether an indicator should fall: its target is below its baseline."""
    return indicator.target < indicator.baseline


def reached(indicator: schema.Indicator, value: Decimal) -> Decimal:
    """Return the per cent of the way from the baseline to the target that a value has covered."""
    baseline, target = indicator.baseline, indicator.target
    if target != baseline:
        return (value - baseline) / (target - baseline) * HUNDRED
    if value >= target:
        return HUNDRED
    return max(Decimal(0), HUNDRED - (target - value) / abs(target) * HUNDRED) if target else Decimal(0)


def shortfall(indicator: schema.Indicator, value: Decimal, planned: Decimal) -> Decimal:
    """Return how far, in per cent of the planned value, a value is on the wrong side of it."""
    behind = value - planned if falls(indicator) else planned - value
    if planned == 0:
        return HUNDRED if behind > 0 else Decimal(0)
    return behind / abs(planned) * HUNDRED


def progress(indicator: schema.Indicator, value: Decimal | None, year: int, end_year: int,
             threshold: Decimal) -> Progress:
    """Return an indicator's progress in a year, by the rule above."""
    planned = rounded_planned(indicator, year, end_year)
    if value is None:
        return Progress(None, planned, None, None, NO_DATA)
    share, short = reached(indicator, value), shortfall(indicator, value, planned)
    status = REACHED if share >= HUNDRED else BEHIND if short > threshold else ON_TRACK
    return Progress(value, planned, share, short, status)


# The mark shown before a status word on the website: text, never colour alone.
SYMBOLS = {REACHED: "✓", ON_TRACK: "→", BEHIND: "!", NO_DATA: "?"}


@dataclass(frozen=True)
class Standing:
    """An indicator in a reported year: its progress by the rule above (the status is of that year only), and
    the latest value of an earlier year, shown as such, never as the year's status."""

    year: int
    progress: Progress
    earlier: tuple[int, Decimal] | None  # the latest value reported before `year`
    previous: tuple[int, Decimal] | None  # the value of the year before `year`, for the trend

    @property
    def status(self) -> str:
        return self.progress.status

    @property
    def trend(self) -> Decimal | None:
        """Return the change since the year before, None when either year has no value."""
        if self.progress.value is None or self.previous is None:
            return None
        return self.progress.value - self.previous[1]


def standing(indicator: schema.Indicator, values: dict[int, Decimal | None], year: int, end_year: int,
             threshold: Decimal) -> Standing:
    """Return an indicator's standing in a year from its reported values by year (None: not reported)."""
    earlier = [(y, v) for y, v in sorted(values.items()) if y < year and v is not None]
    previous = values.get(year - 1)
    return Standing(year, progress(indicator, values.get(year), year, end_year, threshold),
                    earlier[-1] if earlier else None, (year - 1, previous) if previous is not None else None)
