"""Check the rules that span the strategy and the groups' goals: priorities, indicators, measures.

Codes unique across groups, goals naming known priorities, indicators of the right level named
and used, measures within the plan's years and financed from the strategy's sources, each
indicator's definition, who reports an indicator several executors carry. Reported like rules.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import schema
from ..core.errors import close_hint, quote
from .folder import LEDGER_DIR
from .load import YamlFile, line_at
from .parts import Parts
from .rules import (GOAL, GOALS, INDICATOR, MEASURE, OBJECTIVE, PRIORITY, STRATEGY, Report, exceeds_share,
                    is_share_unit, repeats)


def check_plan_goals(report: Report, parts: Parts) -> None:
    """Check the strategy against every group's goals, held to the plan's years (any year without planas.yaml)."""
    check_strategy(report, parts.period, parts.strategy, parts.strategy_file, parts.goals)


def check_strategy(report: Report, period: tuple[int, int], strategy: schema.StrategyFile, file: YamlFile,
                   goals: list[tuple[schema.GoalsFile, YamlFile]]) -> None:
    """Check the strategy and every group's goals and indicators against it and against each other."""
    for key, second in repeats([p.key for p in strategy.priorities]):
        report.error(file, (STRATEGY.priorities, second, PRIORITY.key),
                     f"pasikartojantis prioriteto žymuo {quote(key)}")
    for source, second in repeats(strategy.sources):
        report.error(file, (STRATEGY.sources, second), f"pasikartojantis finansavimo šaltinis {quote(source)}")
    codes: dict[str, tuple[YamlFile, int]] = {}
    for group_goals, goals_file in goals:
        check_indicators(report, group_goals, goals_file, period, codes)
    used_priorities: set[str] = set()
    for group_goals, goals_file in goals:
        check_goals(report, group_goals, goals_file, GoalsPlan(strategy, period, set(codes)), used_priorities)
    for i, priority in enumerate(strategy.priorities):
        if priority.key not in used_priorities:
            report.warn(file, (STRATEGY.priorities, i),
                        f"prioritetui {quote(priority.key)} nepriskirtas nė vienas tikslas")


def check_indicators(report: Report, goals: schema.GoalsFile, file: YamlFile, period: tuple[int, int],
                     codes: dict[str, tuple[YamlFile, int]]) -> None:
    """Check a group's indicators: codes unique across groups (`codes` gathers them), years and values."""
    for i, indicator in enumerate(goals.indicators):
        loc = (GOALS.indicators, i)
        if indicator.code in codes:
            other_file, other_i = codes[indicator.code]
            where = f"{other_file.shown}:{line_at(other_file.data, (GOALS.indicators, other_i))}"
            report.error(file, loc + (INDICATOR.code,),
                         f"pasikartojantis rodiklio kodas {quote(indicator.code)} (jau yra {where})")
        else:
            codes[indicator.code] = (file, i)
        check_indicator(report, indicator, loc, file, period)


def check_indicator(report: Report, indicator: schema.Indicator, loc: tuple, file: YamlFile,
                    period: tuple[int, int]) -> None:
    """Check an indicator's years against the plan's period, and shares in percent between 0 and 100."""
    start, end = period
    if indicator.baseline_year > end:
        report.error(file, loc + (INDICATOR.baseline_year,),
                     f"pradinės reikšmės metai {indicator.baseline_year} po plano pabaigos ({end})")
    if indicator.intermediate_year is not None and not start <= indicator.intermediate_year <= end:
        report.error(file, loc + (INDICATOR.intermediate_year,),
                     f"tarpinės reikšmės metai {indicator.intermediate_year} ne plano laikotarpyje ({start}–{end})")
    if (indicator.intermediate is None) != (indicator.intermediate_year is None):
        report.error(file, loc, "tarpinė reikšmė ir jos metai nurodomi kartu")
    if not is_share_unit(indicator.unit):
        return
    for key, value in ((INDICATOR.baseline, indicator.baseline), (INDICATOR.intermediate, indicator.intermediate),
                       (INDICATOR.target, indicator.target)):
        if exceeds_share(value):
            report.error(file, loc + (key,),
                         f"laukas {quote(key)}: dalis procentais turi būti nuo 0 iki 100; rasta {quote(value)}")


def check_definitions(report: Report, parts: Parts) -> None:
    """Require what makes the methodology applicable: each indicator's definition and calculation method.

    The methodology's card says what is counted and how; one that only repeats the name, or says "according
    to the data source", cannot be applied. It is asked for once the plan has a methodology or a decision:
    before the decision has a number this is a warning (the plan is being written); once it has one, an error.
    """
    decision = parts.decision
    if parts.monitoring is None and decision is None:
        return
    # An adopted edition's recorded text (redakcijos/<act>/turinys) is history: what it lacks is told, not refused.
    recorded = parts.root.parent.parent.name == LEDGER_DIR
    adopted = decision is not None and bool(decision.decision.number) and not recorded
    say = report.error if adopted else report.warn
    for group_goals, file in parts.goals:
        for i, indicator in enumerate(group_goals.indicators):
            missing = []
            if not (indicator.definition or "").strip() or indicator.definition.strip() == indicator.name.strip():
                missing.append(INDICATOR.definition)
            if not (indicator.method or "").strip():
                missing.append(INDICATOR.method)
            if missing:
                fields = " ir ".join(quote(m) for m in missing)
                say(file, (GOALS.indicators, i), f"rodikliui {quote(indicator.code)} nenurodyta {fields}: stebėsenos "
                    "metodikos kortelėje turi būti parašyta, kas skaičiuojama, iš kokio šaltinio ir kaip dažnai"
                    + (" (plano sprendimas jau turi numerį)" if adopted else ""))


@dataclass
class GoalsCheck:
    """What checking one group's tikslai.yaml needs besides its goals, and the codes its goals use."""

    report: Report
    file: YamlFile
    known: set[str]  # every indicator code of every group
    levels: dict[str, str]  # this group's indicator codes and their levels
    sources: list[str]  # the strategy's financing sources
    period: tuple[int, int]  # the plan's first and last year
    used: set[str] = field(default_factory=set)  # the codes its goals, objectives and measures name

    def error(self, loc: tuple, message: str) -> None:
        self.report.error(self.file, loc, message)

    def warn(self, loc: tuple, message: str) -> None:
        self.report.warn(self.file, loc, message)


@dataclass(frozen=True)
class GoalsPlan:
    """What every group's goals are checked against: the strategy, the plan's years, all indicator codes."""

    strategy: schema.StrategyFile
    period: tuple[int, int]  # the plan's first and last year
    codes: set[str]  # every indicator code of every group


def check_goals(report: Report, goals: schema.GoalsFile, file: YamlFile, plan: GoalsPlan,
                used_priorities: set[str]) -> None:
    """Check a group's goals: known priorities, objectives with measures, indicators named and used.

    The priorities its goals name are added to used_priorities.
    """
    check = GoalsCheck(report, file, plan.codes, {ind.code: ind.level for ind in goals.indicators},
                       plan.strategy.sources, plan.period)
    priority_keys = [p.key for p in plan.strategy.priorities]
    if not goals.goals:
        check.warn((GOALS.goals,), "grupė nesiūlo nė vieno tikslo")
    for i, goal in enumerate(goals.goals):
        loc = (GOALS.goals, i)
        if goal.priority not in priority_keys:
            check.error(loc + (GOAL.priority,), f"nežinomas prioritetas {quote(goal.priority)}: galimi "
                        f"{', '.join(priority_keys)}{close_hint(goal.priority, priority_keys)}")
        used_priorities.add(goal.priority)
        check_goal(check, goal, loc)
    for i, indicator in enumerate(goals.indicators):
        if indicator.code not in check.used:
            check.warn((GOALS.indicators, i),
                       f"rodiklis {quote(indicator.code)} nenaudojamas jokiame tiksle, uždavinyje ar priemonėje")


def check_goal(check: GoalsCheck, goal: schema.Goal, loc: tuple) -> None:
    """Check a goal's impact indicators and its objectives, each with result indicators and measures."""
    check_references(check, loc + (GOAL.indicators,), goal.indicators, schema.IMPACT)
    if not goal.objectives:
        check.error(loc, "tikslas neturi uždavinių")
    for j, objective in enumerate(goal.objectives):
        oloc = loc + (GOAL.objectives, j)
        check_references(check, oloc + (OBJECTIVE.indicators,), objective.indicators, schema.RESULT)
        if not objective.measures:
            check.error(oloc, "uždavinys neturi priemonių")
        for k, measure in enumerate(objective.measures):
            check_measure(check, measure, oloc + (OBJECTIVE.measures, k))


def check_measure(check: GoalsCheck, measure: schema.Measure, loc: tuple) -> None:
    """Check a measure: product indicators, years within the plan's period, known financing sources."""
    if not measure.indicators:
        check.error(loc, f"priemonei nenurodytas nė vienas rodiklis: lauke „{MEASURE.indicators}“ įrašykite "
                         f"bent vieno {schema.PRODUCT} rodiklio kodą")
    check_references(check, loc + (MEASURE.indicators,), measure.indicators, schema.PRODUCT)
    start, end = check.period
    if measure.end < measure.start:
        check.error(loc + (MEASURE.end,), "priemonės pabaiga ankstesnė už pradžią")
    if measure.start < start or measure.end > end:
        check.error(loc + (MEASURE.start if measure.start < start else MEASURE.end,),
                    f"priemonės laikas {measure.start}–{measure.end} išeina už plano laikotarpio ({start}–{end})")
    for source in measure.financing:
        if source not in check.sources:
            check.error(loc + (MEASURE.financing, source),
                        f"nežinomas finansavimo šaltinis {quote(source)}{close_hint(source, check.sources)}")


def check_references(check: GoalsCheck, loc: tuple, codes: list[str], level: str) -> None:
    """Check indicator codes named at loc: each known, and of the level expected there (a warning)."""
    levels = check.levels
    for k, code in enumerate(codes):
        check.used.add(code)
        if code not in check.known:
            check.error(loc + (k,), f"nežinomas rodiklis {quote(code)}{close_hint(code, sorted(check.known))}")
        elif code in levels and levels[code] != level:
            check.warn(loc + (k,), f"rodiklis {quote(code)} yra {levels[code]}, o čia laukiama {level} rodiklio")


def check_responsible(report: Report, parts: Parts) -> None:
    """Warn of a product indicator that measures of several executors carry and content does not say who reports."""
    from .responsible import ambiguous, carriers

    goals = parts.goals
    carried = carriers([g for g, _ in goals])
    for group_goals, file in goals:
        for i, indicator in enumerate(group_goals.indicators):
            executors = carried.get(indicator.code, [])
            if ambiguous(indicator, executors):
                report.warn(file, (GOALS.indicators, i, INDICATOR.code),
                            f"rodiklį {quote(indicator.code)} turi kelių vykdytojų priemonės "
                            f"({'; '.join(executors)}): lauke {quote(INDICATOR.responsible)} nurodykite, kuris "
                            f"vykdytojas teikia jo reikšmę (kol nenurodyta, teikia „{executors[0]}“, "
                            "kiti jį formose mato tik skaitymui)")
