"""Build what each template receives: plain values, already in Lithuanian form.

Templates only place values; every number, date, numeral and total is computed here.
The names a template may use are the keys documented in each function below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from . import layout, lt, schema
from .content import Group, Plan, resolve_group

ROLE_WORDS = {
    ("pirmininkas", "vyras"): "darbo grupės pirmininkas",
    ("pirmininkas", "moteris"): "darbo grupės pirmininkė",
    ("pirmininko pavaduotojas", "vyras"): "darbo grupės pirmininko pavaduotojas",
    ("pirmininko pavaduotojas", "moteris"): "darbo grupės pirmininko pavaduotoja",
    ("sekretorius", "vyras"): "darbo grupės sekretorius",
    ("sekretorius", "moteris"): "darbo grupės sekretorė",
    ("narys", "vyras"): "darbo grupės narys",
    ("narys", "moteris"): "darbo grupės narė",
}

PARTICIPLE = {"vyras": "Vadovaudamasis", "moteris": "Vadovaudamasi"}

BLANK_NUMBER = "______"


@dataclass(frozen=True)
class MemberView:
    name: str
    position: str
    institution: str | None
    role: str
    role_text: str
    line: str  # "Vardenis Pavardenis – pareigos, institucija, darbo grupės pirmininkas"


@dataclass(frozen=True)
class GroupView:
    key: str
    name: schema.GroupName
    kind: str
    activity: str
    members: list[MemberView]
    member_count: str  # "septyni nariai"
    annex: int | None = None
    annex_mark: str = ""


@dataclass(frozen=True)
class OrderView:
    key: str
    file_name: str
    is_draft: bool
    date_text: str
    number_text: str
    subject: str
    legal_basis: str
    groups: list[GroupView]
    groups_accusative: str  # "šešias darbo grupes"
    approves_regulations: bool
    extra_points: list[dict] = field(default_factory=list)


def member_view(member: schema.Member) -> MemberView:
    role_text = ROLE_WORDS[(member.role, member.gender)]
    parts = [member.position] + ([member.institution] if member.institution else []) + [role_text]
    return MemberView(member.name, member.position, member.institution, member.role, role_text,
                      f"{member.name} – {', '.join(parts)}")


def group_view(group: Group, annex: int | None = None) -> GroupView:
    members = [member_view(m) for m in group.members_in_order()]
    return GroupView(
        key=group.key, name=group.info.name, kind=group.info.kind, activity=group.info.activity,
        members=members, member_count=lt.count(len(members), "narys"),
        annex=annex, annex_mark=f"{annex} priedas" if annex else "",
    )


def order_file_names(plan: Plan) -> dict[str, str]:
    """Return each order's output file: the one forming thematic groups is order.docx."""
    keys = [g.key for g in plan.groups]
    kinds = {g.key: g.info.kind for g in plan.groups}
    main = next((o.key for o in plan.facts.orders
                 if any(kinds.get(resolve_group(r, keys)) == "teminė" for r in o.groups)), plan.facts.orders[0].key)
    return {o.key: "order.docx" if o.key == main else f"order-{o.key}.docx" for o in plan.facts.orders}


def order_view(plan: Plan, order: schema.Order, file_name: str) -> OrderView:
    keys = [g.key for g in plan.groups]
    by_key = {g.key: g for g in plan.groups}
    groups = [group_view(by_key[resolve_group(ref, keys)], annex=i)
              for i, ref in enumerate(order.groups, start=1)]
    return OrderView(
        key=order.key, file_name=file_name,
        is_draft=order.number is None or order.date is None,
        date_text=lt.long_date(order.date),
        number_text=order.number or BLANK_NUMBER,
        subject=order.subject, legal_basis=order.legal_basis,
        groups=groups, groups_accusative=lt.count(len(groups), "darbo grupė", "galininkas"),
        approves_regulations=order.approves_regulations,
        extra_points=[{"verb": lt.spaced(p.verb), "text": _after_verb(p.text)} for p in order.extra_points],
    )


def _after_verb(text: str) -> str:
    """Return the text as it follows a letter-spaced verb: a space unless it starts with punctuation."""
    return text if text[:1] in ",.:;" else " " + text


def common(plan: Plan) -> dict:
    """Return the values every document shares.

    municipality (nominative, genitive, accusative), city, mayor (name, position, participle),
    plan (title forms, start, end, period "2021–2030"), consultants ("UAB „A“ ir UAB „B“"),
    coat_of_arms (a picture path, or None).
    """
    facts = plan.facts
    return {
        "municipality": facts.municipality,
        "city": facts.city,
        "mayor": {"name": facts.mayor.name, "position": facts.mayor.position,
                  "participle": PARTICIPLE[facts.mayor.gender]},
        "plan": {"title": facts.plan.title, "start": facts.plan.start, "end": facts.plan.end,
                 "period": lt.period(facts.plan.start, facts.plan.end)},
        "consultants": join_and(facts.consultants),
        "coat_of_arms": plan.root / facts.coat_of_arms if facts.coat_of_arms else None,
    }


def list_item(text: str) -> str:
    """Return an enumeration item without its closing punctuation: the template adds ";" or "."."""
    return text.rstrip(" .;,")


def join_and(items: list[str]) -> str:
    """Return "a, b ir c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " ir " + items[-1]


def schedule_view(facts: schema.PlanFile) -> dict:
    s = facts.schedule
    return {
        "start_text": lt.long_date(s.start), "end_text": lt.long_date(s.end),
        "stages": [{"name": st.name, "start_text": lt.long_date(st.start), "end_text": lt.long_date(st.end)}
                   for st in s.stages],
    }


def order_context(plan: Plan, order: schema.Order, file_name: str) -> dict:
    """Return the context of an order: common values and `order` (an OrderView)."""
    return common(plan) | {"order": order_view(plan, order, file_name)}


def regulations_context(plan: Plan) -> dict:
    """Return the context of the regulations.

    order: the order approving them (OrderView); groups: the groups that order forms
    (GroupView); coordinating_groups: every coordinating group, whichever order forms it; groups_accusative ("šešias darbo grupes");
    schedule (start_text, end_text, stages); regulations (meetings, reporting, quorum_text).
    """
    names = order_file_names(plan)
    approving = next(o for o in plan.facts.orders if o.approves_regulations)
    order = order_view(plan, approving, names[approving.key])
    groups = order.groups
    regs = plan.facts.regulations
    return common(plan) | {
        "order": order,
        "groups": groups,
        "coordinating_groups": [group_view(g) for g in plan.groups if g.info.kind == "koordinacinė"],
        "groups_accusative": lt.count(len(groups), "darbo grupė", "galininkas"),
        "schedule": schedule_view(plan.facts),
        "regulations": {"meetings": regs.meetings, "reporting": regs.reporting,
                        "quorum_text": "pusė" if regs.quorum == 50 else lt.percent(regs.quorum)},
    }




# ---------------------------------------------------------------- the plan and its council package


@dataclass(frozen=True)
class IndicatorView:
    code: str
    name: str
    level: str
    unit: str
    source: str
    baseline_text: str  # "12,5 (2020 m.)"
    intermediate_text: str
    target_text: str


@dataclass(frozen=True)
class MeasureView:
    number: str  # "1.1.1"
    name: str
    executor: str
    partners_text: str
    period_text: str  # "2023–2025"
    financing: list[dict]  # [{"source": "ES fondai", "amount": Decimal, "amount_text": "1 000,00 Eur"}]
    total: Decimal
    total_text: str
    indicators_text: str


@dataclass(frozen=True)
class ObjectiveView:
    number: str
    name: str
    indicators_text: str
    measures: list[MeasureView]


@dataclass(frozen=True)
class GoalView:
    number: str
    name: str
    group: str
    indicators_text: str
    objectives: list[ObjectiveView]

    @property
    def measures(self) -> list[MeasureView]:
        """Return the goal's measures across its objectives, for the measure plan table."""
        return [m for o in self.objectives for m in o.measures]


@dataclass(frozen=True)
class PriorityView:
    number: int
    key: str
    name: str
    description: str
    goals: list[GoalView]
    total: Decimal
    total_text: str
    share_text: str


def _value(value: Decimal | None, year: int | None = None) -> str:
    if value is None:
        return "–"
    text = lt.number(value)
    return f"{text} ({year} m.)" if year else text


def indicator_view(ind: schema.Indicator, end_year: int) -> IndicatorView:
    return IndicatorView(
        code=ind.code, name=ind.name, level=ind.level, unit=ind.unit, source=ind.source,
        baseline_text=_value(ind.baseline, ind.baseline_year),
        intermediate_text=_value(ind.intermediate, ind.intermediate_year),
        target_text=_value(ind.target, end_year),
    )


def _share(part: Decimal, whole: Decimal) -> str:
    if not whole:
        return lt.percent(0)
    return lt.percent((part * 100 / whole).quantize(Decimal("0.1")))


def measure_view(number: str, m: schema.Measure, sources: list[str]) -> MeasureView:
    total = sum(m.financing.values(), Decimal(0))
    financing = [{"source": s, "amount": m.financing[s], "amount_text": lt.money(m.financing[s])}
                 for s in sources if s in m.financing]
    return MeasureView(
        number=number, name=m.name, executor=m.executor, partners_text=", ".join(m.partners) or "–",
        period_text=lt.period(m.start, m.end) if m.end != m.start else str(m.start),
        financing=financing, total=total, total_text=lt.money(total), indicators_text=", ".join(m.indicators))


def goal_view(number: int, group: Group, goal: schema.Goal, sources: list[str]) -> GoalView:
    """Return a goal numbered "1", its objectives "1.1" and their measures "1.1.1"."""
    objectives = [
        ObjectiveView(f"{number}.{o_no}", objective.name, ", ".join(objective.indicators),
                      [measure_view(f"{number}.{o_no}.{m_no}", m, sources)
                       for m_no, m in enumerate(objective.measures, start=1)])
        for o_no, objective in enumerate(goal.objectives, start=1)
    ]
    return GoalView(str(number), goal.name, group.info.name.nominative, ", ".join(goal.indicators), objectives)


def goals_by_priority(plan: Plan) -> list[PriorityView]:
    """Return priorities with their goals numbered through the plan, in priority then group order, and totals."""
    sources = plan.strategy.sources
    numbered = []
    goal_no = 0
    for priority in plan.strategy.priorities:
        goals = []
        for group in plan.groups:
            for goal in (group.goals.goals if group.goals else []):
                if goal.priority == priority.key:
                    goal_no += 1
                    goals.append(goal_view(goal_no, group, goal, sources))
        numbered.append((priority, goals, sum((m.total for g in goals for m in g.measures), Decimal(0))))
    grand = sum((total for _, _, total in numbered), Decimal(0))
    return [PriorityView(p_no, priority.key, priority.name, priority.description, goals,
                         total, lt.money(total), _share(total, grand))
            for p_no, (priority, goals, total) in enumerate(numbered, start=1)]


def totals(plan: Plan, priorities: list[PriorityView]) -> dict:
    """Return financing totals by source and by priority, computed from the measures.

    by_source: [{name, amount, amount_text, share_text}], total, total_text.
    """
    sums = {s: Decimal(0) for s in plan.strategy.sources}
    for f in (f for p in priorities for g in p.goals for m in g.measures for f in m.financing):
        sums[f["source"]] += f["amount"]
    total = sum(sums.values(), Decimal(0))
    return {
        "by_source": [{"name": s, "amount": a, "amount_text": lt.money(a), "share_text": _share(a, total)}
                      for s, a in sums.items()],
        "by_priority": [{"number": p.number, "name": p.name, "amount": p.total, "amount_text": p.total_text,
                         "share_text": p.share_text} for p in priorities],
        "total": total,
        "total_text": lt.money(total),
    }


def indicator_levels(plan: Plan) -> list[dict]:
    """Return the indicators grouped by level (impact, result, product) with the plan's labels."""
    labels = plan.strategy.level_labels
    names = {"poveikio": labels.impact, "rezultato": labels.result, "produkto": labels.product}
    everything = [indicator_view(ind, plan.facts.plan.end) for g in plan.groups if g.goals for ind in g.goals.indicators]
    return [{"level": level, "label": names[level], "indicators": [i for i in everything if i.level == level]}
            for level in schema.LEVELS]


def decision_view(plan: Plan) -> dict:
    d = plan.decision.decision
    return {
        "is_draft": d.number is None or d.date is None,
        "date_text": lt.long_date(d.date),
        "number_text": d.number or BLANK_NUMBER,
        "legal_basis": d.legal_basis,
        "extra_points": list(d.extra_points),
        "signer": d.signer,
        "signer_name": d.signer_name,
    }


def plan_package(plan: Plan) -> dict:
    """Return what the decision, the plan, the monitoring methodology and the note share.

    decision (is_draft, date_text, number_text, legal_basis, extra_points, signer, signer_name),
    council ("Alytaus miesto savivaldybės taryba"), vision, priorities (PriorityView with goals),
    indicator_levels, indicators (all, in plan order), indicator_count ("keturiasdešimt rodiklių"),
    totals (by_source, by_priority, total_text), groups (GroupView), thematic_groups.
    """
    if "package" not in plan.derived:  # the four documents of the council package share it
        plan.derived["package"] = _plan_package(plan)
    return dict(plan.derived["package"])


def _plan_package(plan: Plan) -> dict:
    priorities = goals_by_priority(plan)
    levels = indicator_levels(plan)
    indicators = [i for level in levels for i in level["indicators"]]
    groups = [group_view(g) for g in plan.groups]
    measures = [m for p in priorities for g in p.goals for m in g.measures]
    return common(plan) | {
        "decision": decision_view(plan),
        "council": f"{plan.facts.municipality.genitive} taryba",
        "vision": plan.strategy.vision,
        "priorities": priorities,
        "priority_count": lt.count(len(priorities), "prioritetas"),
        "goal_count": lt.count(sum(len(p.goals) for p in priorities), "tikslas") if priorities else "",
        "measure_count": lt.count(len(measures), "priemonė") if measures else "",
        "indicator_levels": levels,
        "indicators": indicators,
        "indicator_count": lt.count(len(indicators), "rodiklis") if indicators else "",
        "totals": totals(plan, priorities),
        "groups": groups,
        "thematic_groups": [g for g in groups if g.kind == "teminė"],
    }


def plan_context(plan: Plan) -> dict:
    """Return the plan's context: plan_package plus swot (per group) and markdown part names.

    swot: [{group, strengths, weaknesses, opportunities, threats}]; the Markdown parts
    `introduction`, `implementation` and each group's `chapters` are added when rendering.
    """
    swot = [{"group": g.info.name.nominative, "strengths": g.swot.strengths, "weaknesses": g.swot.weaknesses,
             "opportunities": g.swot.opportunities, "threats": g.swot.threats}
            for g in plan.groups if g.swot is not None]
    return plan_package(plan) | {"swot": swot}


def markdown_parts(plan: Plan) -> dict[str, str]:
    """Return the plan's checked Markdown by part name (see layout.markdown_parts)."""
    groups = [(g.key, [ch.text for ch in g.chapters]) for g in plan.groups]
    return layout.markdown_parts(plan.introduction.text if plan.introduction else "", groups,
                                 plan.implementation.text if plan.implementation else "")


def monitoring_context(plan: Plan) -> dict:
    """Return the monitoring methodology's context: plan_package plus monitoring values.

    monitoring (monitors, frequency, report_day, deviation_text, revision, participants).
    """
    m = plan.monitoring
    return plan_package(plan) | {"monitoring": {
        "monitors": m.monitors, "frequency": m.frequency, "report_day": m.report_day,
        "deviation_text": lt.percent(m.deviation), "revision": m.revision, "participants": join_and(m.participants),
    }}


def note_context(plan: Plan) -> dict:
    """Return the explanatory note's context: plan_package plus `note` (the texts of sprendimas.yaml)."""
    n = plan.decision.note
    return plan_package(plan) | {"note": {
        "author": n.author, "aims": n.aims, "current": n.current, "proposed": n.proposed,
        "results": n.results, "risks": n.risks, "other": n.other or "Nėra.",
    }}


def concept_context(plan: Plan) -> dict:
    """Return the concept's context.

    concept (purpose, legal_basis, principles, participation, structure), schedule, groups,
    groups_accusative, vision, priorities (key, name, description).
    """
    c = plan.concept
    groups = [group_view(g) for g in plan.groups]
    return common(plan) | {
        "concept": {"purpose": c.purpose, "legal_basis": c.legal_basis,
                    "principles": [list_item(x) for x in c.principles],
                    "participation": c.participation, "structure": [list_item(x) for x in c.structure]},
        "schedule": schedule_view(plan.facts),
        "groups": groups,
        "groups_accusative": lt.count(len(groups), "darbo grupė", "galininkas"),
        "vision": plan.strategy.vision,
        "priorities": [{"number": i, "name": p.name, "description": p.description}
                       for i, p in enumerate(plan.strategy.priorities, start=1)],
    }
