"""Build what each template receives: plain values, already in Lithuanian form.

Templates only place values; every number, date, numeral and total is computed here.
The names a template may use are the keys documented in each function below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import lt, schema
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

    order: the order approving them (OrderView); groups: every group formed by any order
    (GroupView); coordinating_groups; groups_accusative ("šešias darbo grupes");
    schedule (start_text, end_text, stages); regulations (meetings, reporting, quorum_text).
    """
    names = order_file_names(plan)
    approving = next(o for o in plan.facts.orders if o.approves_regulations)
    groups = [group_view(g) for g in plan.groups]
    regs = plan.facts.regulations
    return common(plan) | {
        "order": order_view(plan, approving, names[approving.key]),
        "groups": groups,
        "coordinating_groups": [g for g in groups if g.kind == "koordinacinė"],
        "groups_accusative": lt.count(len(groups), "darbo grupė", "galininkas"),
        "schedule": schedule_view(plan.facts),
        "regulations": {"meetings": regs.meetings, "reporting": regs.reporting,
                        "quorum_text": "pusė" if regs.quorum == 50 else lt.percent(regs.quorum)},
    }


