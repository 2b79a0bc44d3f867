"""Check the rules that span files: the last step of the load-and-check stage.

By now each file has been read (load.py) and checked against its own schema (validate.py);
what is left are the rules a single file cannot decide: a chair in every group, orders that
form each group once, dates within the plan's period, goals that name known priorities,
indicators and financing sources. Each check_* function takes the checked objects it needs
and the YamlFile they came from, and reports through a Report (content.py's collector) at the
place of the value in that file. Nothing here reads content files or raises on bad content.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from . import schema
from ..core.errors import close_hint, quote
from ..core.write import today
from .folder import inside
from .layout import CHAPTERS_DIR, GOALS_FILE, GROUPS_DIR, SWOT_FILE
from .load import YamlFile, line_at
from .model import outside_period

# The Lithuanian keys of each model by field name: PLAN.orders == "potvarkiai".
PLAN, FACTS, SCHEDULE, STAGE, ORDER, REGULATIONS = map(schema.keys, (
    schema.PlanFile, schema.PlanFacts, schema.Schedule, schema.Stage, schema.Order, schema.Regulations))
GROUP, MEMBER = map(schema.keys, (schema.GroupFile, schema.Member))
STRATEGY, PRIORITY = map(schema.keys, (schema.StrategyFile, schema.Priority))
GOALS, GOAL, OBJECTIVE, MEASURE, INDICATOR = map(schema.keys, (schema.GoalsFile, schema.Goal, schema.Objective,
                                                               schema.Measure, schema.Indicator))

# What a coat of arms may be: the first bytes of PNG and JPEG files.
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


class Report(Protocol):
    """Where the checks report: an error or a warning at the value a location names in a file."""

    def error(self, file: YamlFile, loc: tuple, message: str) -> None: ...

    def warn(self, file: YamlFile, loc: tuple, message: str) -> None: ...


# ---------------------------------------------------------------- helpers


def duplicates(values: list) -> list:
    """Return the values that occur more than once, in first-seen order."""
    counts = Counter(values)
    return [v for v in dict.fromkeys(values) if counts[v] > 1]


def _repeats(values: list) -> list[tuple[object, int]]:
    """Return each value that occurs more than once with the index of its second occurrence."""
    return [(v, [i for i, w in enumerate(values) if w == v][1]) for v in duplicates(values)]


def is_share_unit(unit: str) -> bool:
    """Return whether an indicator unit means a share in percent (0-100)."""
    return unit.strip().rstrip(".").lower() in ("proc", "%", "procentai")


def exceeds_share(value: Decimal | None) -> bool:
    return value is not None and (value > 100 or value < 0)


def resolve_group(ref: str | int, folder_keys: list[str]) -> str | None:
    """Return the group folder a reference names; YAML may have read "01" as the number 1."""
    text = str(ref)
    if text in folder_keys:
        return text
    if isinstance(ref, int):
        for key in folder_keys:
            if key.isdigit() and int(key) == ref:
                return key
    return None


# ---------------------------------------------------------------- grupe.yaml


def check_members(report: Report, info: schema.GroupFile, file: YamlFile) -> None:
    """Check a group's members: one chair, a secretary, nobody twice."""
    members = info.members
    if not members:
        report.error(file, (GROUP.members,), "darbo grupėje nėra narių")
        return
    chairs = [i for i, m in enumerate(members) if m.role == schema.CHAIR]
    if not chairs:
        report.error(file, (GROUP.members,), f"darbo grupėje nėra pirmininko ({MEMBER.role}: {schema.CHAIR})")
    elif len(chairs) > 1:
        report.error(file, (GROUP.members, chairs[1], MEMBER.role), "darbo grupėje gali būti tik vienas pirmininkas")
    if not any(m.role == schema.SECRETARY for m in members):
        report.warn(file, (GROUP.members,), "darbo grupėje nėra sekretoriaus")
    for _, second in _repeats([m.name.casefold() for m in members]):
        report.error(file, (GROUP.members, second, MEMBER.name),
                     f"tas pats asmuo darbo grupėje du kartus: {quote(members[second].name)}")


# ---------------------------------------------------------------- planas.yaml


def check_facts(report: Report, root: Path, facts: schema.PlanFile, file: YamlFile,
                group_keys: list[str], loaded_keys: list[str]) -> None:
    """Check planas.yaml against the folder: its periods, its coat of arms and its orders.

    group_keys are the group folders with a grupe.yaml, loaded_keys those whose grupe.yaml is valid.
    """
    check_schedule(report, facts, file)
    check_coat_of_arms(report, root, facts, file)
    check_orders(report, facts, file, group_keys, loaded_keys)


def check_schedule(report: Report, facts: schema.PlanFile, file: YamlFile) -> None:
    """Check that the plan's period and the work schedule and its stages end after they start."""
    if facts.plan.end < facts.plan.start:
        report.error(file, (PLAN.plan, FACTS.end), "plano pabaiga ankstesnė už pradžią")
    schedule = facts.schedule
    if schedule.end < schedule.start:
        report.error(file, (PLAN.schedule, SCHEDULE.end), "darbo pabaiga ankstesnė už pradžią")
    for i, stage in enumerate(schedule.stages):
        loc = (PLAN.schedule, SCHEDULE.stages, i)
        if stage.end < stage.start:
            report.error(file, loc + (STAGE.end,), "etapo pabaiga ankstesnė už pradžią")
        if stage.start < schedule.start or stage.end > schedule.end:
            report.error(file, loc, "etapas išeina už darbo grafiko ribų")


def check_coat_of_arms(report: Report, root: Path, facts: schema.PlanFile, file: YamlFile) -> None:
    """Check that the coat of arms is a PNG or JPEG file in the plan folder."""
    name = facts.coat_of_arms
    if not name:
        return
    target = (root / name).resolve()
    if not inside(root, target):
        report.error(file, (PLAN.coat_of_arms,), f"herbo failas už plano aplanko ribų: {quote(name)}")
    elif not target.is_file():
        report.error(file, (PLAN.coat_of_arms,), f"herbo failo nėra: {quote(name)}")
    elif not _starts_with(target, _IMAGE_MAGIC):
        report.error(file, (PLAN.coat_of_arms,), f"herbo failas nėra PNG ar JPEG paveikslėlis: {quote(name)}")


def _starts_with(path: Path, prefixes: tuple[bytes, ...]) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError:
        return False
    return head.startswith(prefixes)


def check_orders(report: Report, facts: schema.PlanFile, file: YamlFile, group_keys: list[str],
                 loaded_keys: list[str]) -> None:
    """Check the mayor's orders: unique ids, one approving the regulations, each group formed once.

    A group whose grupe.yaml has errors is still a group (in group_keys): those errors are reported
    on their own. A valid group (in loaded_keys) that no order forms is warned about.
    """
    orders = facts.orders
    for key, second in _repeats([o.key for o in orders]):
        report.error(file, (PLAN.orders, second, ORDER.key), f"pasikartojantis potvarkio žymuo {quote(key)}")
    check_regulations_order(report, orders, file)
    formed: dict[str, int] = {}
    for i, order in enumerate(orders):
        check_order_date(report, order, (PLAN.orders, i), facts.schedule.start, file)
        check_order_groups(report, order, (PLAN.orders, i), file, group_keys, formed)
    for key in loaded_keys:
        if key not in formed:
            report.warn(file, (PLAN.orders,), f"darbo grupė {quote(key)} nesudaroma nė vienu potvarkiu")


def check_regulations_order(report: Report, orders: list[schema.Order], file: YamlFile) -> None:
    """Check that exactly one order approves the work regulations."""
    approving = [i for i, o in enumerate(orders) if o.approves_regulations]
    if not approving:
        report.error(file, (PLAN.orders,), "nė vienas potvarkis netvirtina darbo reglamento "
                                           f"({ORDER.approves_regulations}: true)")
    if len(approving) > 1:
        report.error(file, (PLAN.orders, approving[1], ORDER.approves_regulations),
                     "reglamentą gali tvirtinti tik vienas potvarkis")


def check_order_date(report: Report, order: schema.Order, loc: tuple, work_start: dt.date,
                     file: YamlFile) -> None:
    """Check an order's number and date: both or neither (a draft), signed before the groups start work."""
    if (order.number is None) != (order.date is None):
        missing = ORDER.number if order.number is None else ORDER.date
        report.warn(file, loc, f"potvarkis bus projektas: nenurodytas laukas {quote(missing)}")
    if order.date is not None and order.date > work_start:
        report.error(file, loc + (ORDER.date,), "potvarkio data vėlesnė už darbo grupių darbo pradžią "
                                                f"({PLAN.schedule}.{SCHEDULE.start})")


def check_order_groups(report: Report, order: schema.Order, loc: tuple, file: YamlFile,
                       group_keys: list[str], formed: dict[str, int]) -> None:
    """Check the groups an order forms: each a group folder, none formed by an earlier order.

    `formed` maps each group formed so far to its order's index; this order's groups are added.
    """
    for j, ref in enumerate(order.groups):
        key = resolve_group(ref, group_keys)
        if key is None:
            report.error(file, loc + (ORDER.groups, j),
                         f"nežinoma darbo grupė {quote(ref)}{close_hint(str(ref), group_keys)}")
        elif key in formed:
            report.error(file, loc + (ORDER.groups, j), f"darbo grupė {quote(key)} jau sudaroma kitu potvarkiu")
        else:
            formed[key] = loc[-1]


# ---------------------------------------------------------------- strategija.yaml and tikslai.yaml


def check_strategy(report: Report, period: tuple[int, int], strategy: schema.StrategyFile, file: YamlFile,
                   goals: list[tuple[schema.GoalsFile, YamlFile]]) -> None:
    """Check the strategy and every group's goals and indicators against it and against each other."""
    for key, second in _repeats([p.key for p in strategy.priorities]):
        report.error(file, (STRATEGY.priorities, second, PRIORITY.key),
                     f"pasikartojantis prioriteto žymuo {quote(key)}")
    for source, second in _repeats(strategy.sources):
        report.error(file, (STRATEGY.sources, second), f"pasikartojantis finansavimo šaltinis {quote(source)}")
    codes: dict[str, tuple[YamlFile, int]] = {}
    for group_goals, goals_file in goals:
        check_indicators(report, group_goals, goals_file, period, codes)
    used_priorities: set[str] = set()
    for group_goals, goals_file in goals:
        check_goals(report, group_goals, goals_file, strategy, period, set(codes), used_priorities)
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


def check_definitions(report: Report, goals: list[tuple[schema.GoalsFile, YamlFile]], adopted: bool) -> None:
    """Require what makes the methodology applicable: each indicator's definition and calculation method.

    The methodology's card says what is counted and how; one that only repeats the name, or says "according
    to the data source", cannot be applied. Before the plan's decision has a number this is a warning (the
    plan is being written); once it has one, an error.
    """
    say = report.error if adopted else report.warn
    for group_goals, file in goals:
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


def check_goals(report: Report, goals: schema.GoalsFile, file: YamlFile, strategy: schema.StrategyFile,
                period: tuple[int, int], codes: set[str], used_priorities: set[str]) -> None:
    """Check a group's goals: known priorities, objectives with measures, indicators named and used.

    The priorities its goals name are added to used_priorities.
    """
    check = GoalsCheck(report, file, codes, {ind.code: ind.level for ind in goals.indicators},
                       strategy.sources, period)
    priority_keys = [p.key for p in strategy.priorities]
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


def check_mandate_ends(report: Report, facts: schema.PlanFile, file: YamlFile, kinds: set[str]) -> None:
    """Check that the regulations say when each kind of group the plan has ends its work."""
    ends = facts.regulations.mandate_end
    for kind in (k for k in schema.GROUP_KINDS if k in kinds and k not in ends):
        report.error(file, (PLAN.regulations, REGULATIONS.mandate_end),
                     f"nenurodyta, kada baigia veiklą {kind} darbo grupė: įrašykite "
                     f"„{REGULATIONS.mandate_end}: {{{kind}: …}}“ (tekstas po „baigia veiklą, kai“)")


def missing_analysis(root: Path, group_key: str, has: dict[str, bool]) -> list[tuple[Path, str]]:
    """Return what a thematic group still lacks for the plan, as (path, message) warnings.

    `has` says whether the group has its chapters, its SWOT and its goals; without them the plan
    is built with an empty chapter, no SWOT table or no goals for that group.
    """
    folder = root / GROUPS_DIR / group_key
    lacks = {
        "chapters": (folder / CHAPTERS_DIR, "teminė darbo grupė neturi situacijos analizės skyrių (*.md): "
                                            "plan.docx jos skyriaus neturės"),
        "swot": (folder / SWOT_FILE, "failo dar nėra: plan.docx neturės šios grupės SSGG lentelės"),
        "goals": (folder / GOALS_FILE, "failo dar nėra: plan.docx neturės šios grupės tikslų, priemonių ir rodiklių"),
    }
    return [lacks[name] for name, present in has.items() if not present]


def check_responsible(report: Report, goals: list[tuple[schema.GoalsFile, YamlFile]]) -> None:
    """Warn of a product indicator that measures of several executors carry and content does not say who reports."""
    from .responsible import ambiguous, carriers

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


# ---------------------------------------------------------------- stebesena.yaml

MONITORING = schema.keys(schema.MonitoringFile)


def check_monitoring(report: Report, monitoring: schema.MonitoringFile, file: YamlFile) -> None:
    """Check that the executors' deadline is given once: the forms' and the methodology's must agree."""
    from .responsible import DEFAULT_DEADLINE, deadline_in_text

    stated = deadline_in_text(monitoring.frequency)
    given = monitoring.executors_deadline
    if given is not None and stated is not None and given.rstrip(".") != stated.rstrip("."):
        report.error(file, (MONITORING.executors_deadline,),
                     f"vykdytojų terminas {quote(given)} nesutampa su lauke {quote(MONITORING.frequency)} nurodytu "
                     f"„iki {stated}“: formose ir metodikoje turi būti tas pats terminas")
    elif given is None and stated is None:
        report.warn(file, (MONITORING.frequency,),
                    f"nenurodyta, iki kada vykdytojai grąžina formas: lauke {quote(MONITORING.frequency)} "
                    f"parašykite „iki kovo 1 d.“ arba įrašykite {quote(MONITORING.executors_deadline)} (kol "
                    f"nenurodyta, formose – „{DEFAULT_DEADLINE}“)")


# ---------------------------------------------------------------- stebesena/<year>.yaml

# A measure being carried out or done needs no word why; any other status does (the report prints it).
SELF_EXPLAINED = ("vykdoma", "įgyvendinta")
YEAR_REPORT, REPORTED, MEASURE_REPORT = map(schema.keys, (schema.YearReportFile, schema.ReportedValue,
                                                          schema.MeasureReport))


def check_reports(report: Report, period: tuple[int, int], strategy: schema.StrategyFile,
                  goals: list[tuple[schema.GoalsFile, YamlFile]], monitoring: schema.MonitoringFile | None,
                  reports: list[tuple[schema.YearReportFile, YamlFile]], history=None) -> None:
    """Check the yearly reports against the plan: years, indicator codes, measure ids, sources, deviations.

    Measures are named in reports by their `id` (which survives renumbering), so once a plan has
    reports every measure needs one, unique across the plan. A year's data may also name what an
    adopted edition in force that year had and a later one dropped: `history(year)` returns those
    editions' indicators and measure ids (ledger.py).
    """
    indicators = {i.code: i for g, _ in goals for i in g.indicators}
    measures = _measure_ids(report, goals)
    threshold = monitoring.deviation if monitoring is not None else Decimal(10)
    for year_report, file in reports:
        known_indicators, known_measures = indicators, measures
        named = set(year_report.indicators) | set(year_report.deviations)
        if history is not None and (named - set(indicators) or set(year_report.measures) - measures):
            past_indicators, past_measures = history(year_report.year)
            known_indicators, known_measures = past_indicators | indicators, measures | past_measures
        check_report(report, year_report, file, period, known_indicators, known_measures, strategy.sources, threshold)


def _measure_ids(report: Report, goals: list[tuple[schema.GoalsFile, YamlFile]]) -> set[str]:
    """Return every measure id; report a measure without one, and an id used twice."""
    seen: dict[str, str] = {}
    for group_goals, file in goals:
        for i, goal in enumerate(group_goals.goals):
            for j, objective in enumerate(goal.objectives):
                for k, measure in enumerate(objective.measures):
                    loc = (GOALS.goals, i, GOAL.objectives, j, OBJECTIVE.measures, k)
                    if measure.key is None:
                        report.error(file, loc, f"priemonei nenurodytas {quote(MEASURE.key)}: jo reikia, kad "
                                     "metinėse ataskaitose (stebesena/) ji būtų atpažįstama")
                    elif measure.key in seen:
                        report.error(file, loc + (MEASURE.key,),
                                     f"pasikartojantis priemonės žymuo {quote(measure.key)} (jau yra {seen[measure.key]})")
                    else:
                        seen[measure.key] = f"{file.shown}:{line_at(file.data, loc + (MEASURE.key,))}"
    return set(seen)


def check_report(report: Report, year_report: schema.YearReportFile, file: YamlFile, period: tuple[int, int],
                 indicators: dict[str, schema.Indicator], measures: set[str], sources: list[str],
                 threshold: Decimal) -> None:
    """Check one year's report; warn of a deviation beyond the threshold that is not explained."""
    from .progress import BEHIND, progress

    start, end = period
    year = year_report.year
    if Path(file.shown).stem != str(year):
        report.error(file, (YEAR_REPORT.year,), f"metai {year} nesutampa su failo pavadinimu {quote(Path(file.shown).name)}")
    if outside := outside_period(year, start, end):
        report.error(file, (YEAR_REPORT.year,), f"ataskaitiniai {outside}")
    for code, reported in year_report.indicators.items():
        if code not in indicators:
            report.error(file, (YEAR_REPORT.indicators, code),
                         f"nežinomas rodiklis {quote(code)}{close_hint(code, list(indicators))}")
        elif (reported.value is not None and code not in year_report.deviations
              and progress(indicators[code], reported.value, year, end, threshold).status == BEHIND):
            report.warn(file, (YEAR_REPORT.indicators, code, REPORTED.value),
                        f"rodiklis {quote(code)} atsilieka nuo planuotos reikšmės daugiau kaip "
                        f"{threshold.normalize():f} %, bet lauke {quote(YEAR_REPORT.deviations)} nepaaiškinta kodėl")
    for code in year_report.deviations:
        if code not in indicators:
            report.error(file, (YEAR_REPORT.deviations, code),
                         f"nežinomas rodiklis {quote(code)}{close_hint(code, list(indicators))}")
    for key, measure in year_report.measures.items():
        if key not in measures:
            report.error(file, (YEAR_REPORT.measures, key), f"nežinoma priemonė {quote(key)}: priemonės nurodomos "
                         f"jų „id“ iš tikslai.yaml{close_hint(key, sorted(measures))}")
        elif measure.status not in SELF_EXPLAINED and not (measure.account or "").strip():
            report.warn(file, (YEAR_REPORT.measures, key, MEASURE_REPORT.status),
                        f"priemonės {quote(key)} būklė {quote(measure.status)}, bet lauke "
                        f"{quote(MEASURE_REPORT.account)} nepaaiškinta kodėl")
        for source in measure.used:
            if source not in sources:
                report.error(file, (YEAR_REPORT.measures, key, MEASURE_REPORT.used, source),
                             f"nežinomas finansavimo šaltinis {quote(source)}{close_hint(source, sources)}")


# ---------------------------------------------------------------- the law's calendar

DECISION, REPORT_DECISION, OWN_ACT = map(schema.keys, (schema.Decision, schema.ReportDecision, schema.OwnAct))
PREVIOUS = schema.keys(schema.PreviousPlan)


def check_act_basis(report: Report, file: YamlFile, loc: tuple, kind: str, act, submitted: dt.date | None = None) -> None:
    """Check what an act rests on against the law's calendar on its day (a draft's: when submitted, else today).

    Catalogue references must be in force that day and right for the act's kind; the municipality's own
    acts must be adopted by then; free text naming a catalogued law's article is held to the same calendar
    (a warning when the catalogue does not know the article).
    """
    from . import law

    on = law.act_day(act.date, submitted)
    keys = schema.keys(type(act))
    for i, item in enumerate(act.basis):
        if isinstance(item, schema.OwnAct):
            if item.date > on:
                report.error(file, loc + (keys.basis, i, OWN_ACT.date),
                             f"cituojamas aktas Nr. {item.number} priimtas {law.day(item.date)}, vėliau nei šis aktas "
                             f"({law.day(on)}): aktas gali remtis tik tuo, kas galiojo jo dieną")
            continue
        finding = law.check_reference(item, kind, on)
        if finding:
            report.error(file, loc + (keys.basis, i), finding.message)
    if act.legal_basis:
        for finding in law.scan(act.legal_basis, kind, on):
            (report.error if finding.error else report.warn)(file, loc + (keys.legal_basis,), finding.message)
    in_force = getattr(act, "in_force", None)
    adopted = act.date or today()  # a draft is adopted today at the earliest
    if in_force is not None and in_force < adopted:
        when = "priimtas" if act.date is not None else "gali būti priimtas (dar projektas)"
        report.error(file, loc + (DECISION.in_force,),
                     f"sprendimas negali įsigalioti anksčiau ({law.day(in_force)}) nei {when} ({law.day(adopted)}): "
                     "teisės aktas neturi grįžtamosios galios (Teisėkūros pagrindų įstatymo 20 straipsnis)")


def check_repeal(report: Report, facts: schema.PlanFile, file: YamlFile, decision: schema.Decision | None) -> None:
    """Check that the previous plan is not repealed before the decision approving this one takes effect."""
    from . import law

    previous = facts.plan.previous
    if previous is None or previous.repealed_from is None or decision is None:
        return
    effective = decision.in_force or law.act_day(decision.date)
    if previous.repealed_from < effective:
        what = "įsigalioja" if decision.date is not None else "gali įsigalioti (sprendimas dar projektas)"
        report.error(file, (PLAN.plan, FACTS.previous, PREVIOUS.repealed_from),
                     f"ankstesnis planas negali netekti galios {law.day(previous.repealed_from)}: jį panaikinantis "
                     f"sprendimas {what} tik {law.day(effective)}, o teisės aktas neturi grįžtamosios galios "
                     f"(Teisėkūros pagrindų įstatymo 20 straipsnis); nurodykite vėlesnę datą arba lauko "
                     f"„{PREVIOUS.repealed_from}“ nerašykite (tada – nuo sprendimo įsigaliojimo)")


def check_law(report: Report, facts: schema.PlanFile | None, facts_file: YamlFile | None, parts: dict) -> None:
    """Check every act of the plan against the law's calendar: orders, decisions, reports' decisions, amendment."""
    from . import law

    if facts is not None:
        for i, order in enumerate(facts.orders):
            check_act_basis(report, facts_file, (PLAN.orders, i), law.ORDER, order)
    for part, kind, key in (("decision", law.PLAN, "decision"), ("concept", law.CONCEPT, "decision"),
                            ("amendment", law.AMENDMENT, "decision")):
        content = parts.get(part)
        if content is not None:
            decision = content.decision
            alias = type(content).model_fields[key].alias
            check_act_basis(report, parts[part + "_file"], (alias,), kind, decision, decision.submitted)
    concept = parts.get("concept")
    if concept is not None:  # the concept's own legal basis, as of the decision approving it
        on = law.act_day(concept.decision.date, concept.decision.submitted)
        for finding in law.scan(concept.legal_basis, law.CONCEPT, on):
            (report.error if finding.error else report.warn)(
                parts["concept_file"], (schema.key(schema.ConceptFile, "legal_basis"),), finding.message)
    for year_report, file in parts.get("reports", []):
        check_act_basis(report, file, (YEAR_REPORT.decision,), law.REPORT, year_report.decision)
    if facts is not None and parts.get("decision") is not None:
        check_repeal(report, facts, facts_file, parts["decision"].decision)
