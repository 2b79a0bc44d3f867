"""Check the rules that span files: the last step of the load-and-check stage.

By now each file has been read (load.py) and checked against its own schema (validate.py);
what is left are the rules a single file cannot decide. Here: a chair in every group, orders that
form each group once, the plan's periods and coat of arms, the groups' mandates and analysis;
rules_goals.py checks the strategy and the goals, rules_life.py the monitoring, the yearly
reports and the law's calendar. The rulebook's entries (rulebook.py) take the plan's parts
(parts.py); the check_* functions they call take the checked objects they need and the YamlFile
they came from. All report through a Report (plan.py's collector) at the place of the value in
that file. Nothing here reads content files or raises on bad content.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from . import schema
from ..core.errors import close_hint, quote
from .folder import inside
from .layout import CHAPTERS_DIR, GOALS_FILE, GROUPS_DIR, SWOT_FILE
from .load import YamlFile
from .parts import Parts

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

    def warn_missing(self, path: Path, message: str) -> None:
        """Warn that a file the plan needs later is not there yet."""

    def has_errors(self, name: str) -> bool:
        """Tell whether an error was reported so far in a file of that name (rules run in the table's order)."""


# ---------------------------------------------------------------- helpers


def duplicates(values: list) -> list:
    """Return the values that occur more than once, in first-seen order."""
    counts = Counter(values)
    return [v for v in dict.fromkeys(values) if counts[v] > 1]


def repeats(values: list) -> list[tuple[object, int]]:
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


def check_compositions(report: Report, parts: Parts) -> None:
    """Check every valid group's members."""
    for group in parts.groups:
        check_members(report, group.info, group.info_file)


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
    for _, second in repeats([m.name.casefold() for m in members]):
        report.error(file, (GROUP.members, second, MEMBER.name),
                     f"tas pats asmuo darbo grupėje du kartus: {quote(members[second].name)}")


# ---------------------------------------------------------------- planas.yaml


@dataclass(frozen=True)
class Groups:
    """The plan's group folders: `keys` those with a grupe.yaml, `loaded` those whose grupe.yaml is valid."""

    keys: list[str]
    loaded: list[str]


def check_facts(report: Report, parts: Parts) -> None:
    """Check planas.yaml against the folder: its periods, its coat of arms and its orders."""
    facts, file = parts.facts, parts.facts_file
    check_schedule(report, facts, file)
    check_coat_of_arms(report, parts.root, facts, file)
    check_orders(report, facts, file, Groups(list(parts.group_keys), [g.key for g in parts.groups]))


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


@dataclass(frozen=True)
class OrdersCheck:
    """What checking the orders of planas.yaml shares: where to report and the plan's group folders."""

    report: Report
    file: YamlFile
    group_keys: list[str]


def check_orders(report: Report, facts: schema.PlanFile, file: YamlFile, groups: Groups) -> None:
    """Check the mayor's orders: unique ids, one approving the regulations, each group formed once.

    A group whose grupe.yaml has errors is still a group (in groups.keys): those errors are reported
    on their own. A valid group (in groups.loaded) that no order forms is warned about.
    """
    orders = facts.orders
    for key, second in repeats([o.key for o in orders]):
        report.error(file, (PLAN.orders, second, ORDER.key), f"pasikartojantis potvarkio žymuo {quote(key)}")
    check_regulations_order(report, orders, file)
    formed: dict[str, int] = {}
    check = OrdersCheck(report, file, groups.keys)
    for i, order in enumerate(orders):
        check_order_date(report, order, (PLAN.orders, i), facts.schedule.start, file)
        check_order_groups(check, order, (PLAN.orders, i), formed)
    for key in groups.loaded:
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


def check_order_groups(check: OrdersCheck, order: schema.Order, loc: tuple, formed: dict[str, int]) -> None:
    """Check the groups an order forms: each a group folder, none formed by an earlier order.

    `formed` maps each group formed so far to its order's index; this order's groups are added.
    """
    for j, ref in enumerate(order.groups):
        key = resolve_group(ref, check.group_keys)
        if key is None:
            check.report.error(check.file, loc + (ORDER.groups, j),
                               f"nežinoma darbo grupė {quote(ref)}{close_hint(str(ref), check.group_keys)}")
        elif key in formed:
            check.report.error(check.file, loc + (ORDER.groups, j),
                               f"darbo grupė {quote(key)} jau sudaroma kitu potvarkiu")
        else:
            formed[key] = loc[-1]


def check_mandate_ends(report: Report, parts: Parts) -> None:
    """Check that the regulations say when each kind of group the plan has ends its work."""
    ends = parts.facts.regulations.mandate_end
    kinds = {g.info.kind for g in parts.groups}
    for kind in (k for k in schema.GROUP_KINDS if k in kinds and k not in ends):
        report.error(parts.facts_file, (PLAN.regulations, REGULATIONS.mandate_end),
                     f"nenurodyta, kada baigia veiklą {kind} darbo grupė: įrašykite "
                     f"„{REGULATIONS.mandate_end}: {{{kind}: …}}“ (tekstas po „baigia veiklą, kai“)")


def check_analysis(report: Report, parts: Parts) -> None:
    """Warn of what each thematic group still lacks for the plan: from the concept on, groups analyse."""
    for group in (g for g in parts.groups if g.info.kind == schema.THEMATIC):
        has = {"chapters": bool(group.chapters), "swot": group.swot is not None, "goals": group.goals is not None}
        for path, message in missing_analysis(parts.root, group.key, has):
            report.warn_missing(path, message)


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
