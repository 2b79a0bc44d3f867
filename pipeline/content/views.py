"""Views of the checked content as templates place them: numbered, totalled and in Lithuanian form.

Every number, date, numeral and total is computed here; templates only place values. Each
field says, in Lithuanian, what it holds: `make context-docs` lists them for template editors.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated

import datetime as dt

from ..core import lt
from . import law, schema
from .model import Group, Plan
from .responsible import responsibles
from .rules import resolve_group

# A member's role as the composition writes it, by role and gender: Lithuanian has no rule for it.
ROLE_WORDS = {
    (schema.CHAIR, schema.MALE): "darbo grupės pirmininkas",
    (schema.CHAIR, schema.FEMALE): "darbo grupės pirmininkė",
    (schema.DEPUTY_CHAIR, schema.MALE): "darbo grupės pirmininko pavaduotojas",
    (schema.DEPUTY_CHAIR, schema.FEMALE): "darbo grupės pirmininko pavaduotoja",
    (schema.SECRETARY, schema.MALE): "darbo grupės sekretorius",
    (schema.SECRETARY, schema.FEMALE): "darbo grupės sekretorė",
    (schema.MEMBER, schema.MALE): "darbo grupės narys",
    (schema.MEMBER, schema.FEMALE): "darbo grupės narė",
}

BLANK_NUMBER = "______"


def own_acts(items: list) -> list[law.OwnAct]:
    """Return the municipality's own acts among what content says an act rests on."""
    return [law.OwnAct(a.issuer, a.kind, a.date, a.number, a.title, a.document)
            for a in items if isinstance(a, schema.OwnAct)]


def legal_basis(kind: str, act, submitted: dt.date | None = None) -> str:
    """Return an act's preamble after "Vadovaudamasi": the catalogue's provisions in force on its day, then content's."""
    refs = [r for r in act.basis if isinstance(r, str)]
    return law.preamble(kind, law.act_day(act.date, submitted), refs, own_acts(act.basis), act.legal_basis)


# ---------------------------------------------------------------- working groups and orders


@dataclass(frozen=True)
class MemberView:
    name: Annotated[str, "vardas ir pavardė"]
    position: Annotated[str, "pareigos"]
    institution: Annotated[str | None, "institucija (gali nebūti)"]
    role: Annotated[str, "vaidmuo: pirmininkas, pirmininko pavaduotojas, sekretorius, narys"]
    role_text: Annotated[str, "vaidmuo su gimine: „darbo grupės pirmininkė“"]
    line: Annotated[str, "sudėties eilutė: „Vardenis Pavardenis – pareigos, institucija, darbo grupės pirmininkas“"]


@dataclass(frozen=True)
class GroupView:
    key: Annotated[str, "grupės aplanko pavadinimas, pvz., „01“"]
    name: Annotated[schema.GroupName, "grupės pavadinimas linksniais"]
    kind: Annotated[str, "„teminė“ arba „koordinacinė“"]
    activity: Annotated[str, "ką grupė darys: „koordinuos … klausimus“"]
    members: Annotated[list[MemberView], "nariai sudėties tvarka: pirmininkas, pavaduotojai, sekretorius, nariai"]
    member_count: Annotated[str, "narių skaičius žodžiais: „septyni nariai“"]
    annex: Annotated[int | None, "priedo numeris potvarkyje (vienintelis priedas – be numerio)"] = None
    annex_mark: Annotated[str, "„1 priedas“ arba „priedas“"] = ""


@dataclass(frozen=True)
class PointView:
    verb: Annotated[str, "išretintas veiksmažodis: „P a v e d u“"]
    text: Annotated[str, "punkto tekstas po veiksmažodžio"]


@dataclass(frozen=True)
class OrderView:
    key: Annotated[str, "potvarkio žymuo iš planas.yaml"]
    file_name: Annotated[str, "išvesties failas: „order.docx“"]
    is_draft: Annotated[bool, "projektas: nėra numerio ar datos"]
    date_text: Annotated[str, "data: „2020 m. birželio 2 d.“ (projekte – tarpai)"]
    number_text: Annotated[str, "numeris: „M-18“ (projekte – „______“)"]
    subject: Annotated[str, "antraštė po „DĖL“"]
    legal_basis: Annotated[str, "tekstas po „Vadovaudamasis“: įstatymų nuostatos pagal teisės aktų katalogą, "
                                "galiojusios potvarkio dieną, ir turinio nurodyti aktai"]
    groups: Annotated[list[GroupView], "sudaromos darbo grupės, su priedų numeriais"]
    groups_numeral: Annotated[str, "grupių skaičius žodžiu, galininku: „šešias“"]
    groups_noun: Annotated[str, "„darbo grupes“ arba „darbo grupių“, derinant su skaičiumi"]
    approves_regulations: Annotated[bool, "ar potvarkis tvirtina darbo reglamentą"]
    extra_points: Annotated[list[PointView], "papildomi punktai"]


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
        annex=annex, annex_mark=f"{annex} priedas" if annex else "priedas",
    )


def order_file_names(plan: Plan) -> dict[str, str]:
    """Return each order's output file: the one forming thematic groups is order.docx."""
    keys = [g.key for g in plan.groups]
    kinds = {g.key: g.info.kind for g in plan.groups}
    main = next((o.key for o in plan.facts.orders
                 if any(kinds.get(resolve_group(r, keys)) == schema.THEMATIC for r in o.groups)),
                plan.facts.orders[0].key)
    return {o.key: "order.docx" if o.key == main else f"order-{o.key}.docx" for o in plan.facts.orders}


def order_view(plan: Plan, order: schema.Order, file_name: str) -> OrderView:
    keys = [g.key for g in plan.groups]
    by_key = {g.key: g for g in plan.groups}
    only = len(order.groups) == 1  # an only annex takes no number
    groups = [group_view(by_key[resolve_group(ref, keys)], annex=None if only else i)
              for i, ref in enumerate(order.groups, start=1)]
    return OrderView(
        key=order.key, file_name=file_name,
        is_draft=order.is_draft,
        date_text=lt.long_date(order.date),
        number_text=order.number or BLANK_NUMBER,
        subject=order.subject, legal_basis=legal_basis(law.ORDER, order),
        groups=groups, groups_numeral=lt.numeral(len(groups), lt.NOUNS["darbo grupė"][0], "galininkas"),
        groups_noun=lt.noun_form(len(groups), "darbo grupė", "galininkas"),
        approves_regulations=order.approves_regulations,
        extra_points=[PointView(lt.spaced(p.verb), _after_verb(p.text)) for p in order.extra_points],
    )


def _after_verb(text: str) -> str:
    """Return the text as it follows a letter-spaced verb: a space unless it starts with punctuation."""
    return text if text[:1] in ",.:;" else " " + text


def list_item(text: str) -> str:
    """Return an enumeration item without its closing punctuation: the template adds ";" or "."."""
    return text.rstrip(" .;,")


def join_and(items: list[str]) -> str:
    """Return "a, b ir c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " ir " + items[-1]


# ---------------------------------------------------------------- the plan and its council package


def _joined(name: str, meaning: str, empty: str = "") -> property:
    """Return a read-only property giving a view's list field as the plan's text writes it: "a, b"."""
    def text(self) -> str:
        return ", ".join(getattr(self, name)) or empty
    text.__annotations__ = {"return": Annotated[str, meaning]}  # what `make context-docs` lists
    return property(text)


@dataclass(frozen=True)
class IndicatorView:
    code: Annotated[str, "rodiklio kodas"]
    name: Annotated[str, "rodiklio pavadinimas"]
    level: Annotated[str, "lygis: poveikio, rezultato, produkto"]
    unit: Annotated[str, "matavimo vienetas"]
    source: Annotated[str, "duomenų šaltinis"]
    baseline_text: Annotated[str, "pradinė reikšmė su metais: „12,5 (2020 m.)“"]
    intermediate_text: Annotated[str, "tarpinė reikšmė su metais arba „–“"]
    target_text: Annotated[str, "siektina reikšmė su plano pabaigos metais"]


@dataclass(frozen=True)
class FinancingView:
    source: Annotated[str, "finansavimo šaltinis"]
    amount: Annotated[Decimal, "suma eurais (skaičius)"]
    amount_text: Annotated[str, "suma: „1 000,00 Eur“"]


@dataclass(frozen=True)
class MeasureView:
    number: Annotated[str, "priemonės numeris: „1.1.1“"]
    key: Annotated[str | None, "pastovus priemonės žymuo iš tikslai.yaml („id“), jei nurodytas"]
    name: Annotated[str, "priemonės pavadinimas"]
    executor: Annotated[str, "atsakingas vykdytojas"]
    partners: Annotated[tuple[str, ...], "partnerių sąrašas"]
    period_text: Annotated[str, "įgyvendinimo laikas: „2023–2025“"]
    financing: Annotated[list[FinancingView], "lėšos pagal šaltinį strategija.yaml tvarka"]
    total: Annotated[Decimal, "iš viso eurais (skaičius)"]
    total_text: Annotated[str, "iš viso: „1 000,00 Eur“"]
    indicators: Annotated[tuple[str, ...], "produkto rodiklių kodų sąrašas"]
    partners_text = _joined("partners", "partneriai per kablelį arba „–“", "–")
    indicators_text = _joined("indicators", "produkto rodiklių kodai per kablelį")


@dataclass(frozen=True)
class ObjectiveView:
    number: Annotated[str, "uždavinio numeris: „1.1“"]
    name: Annotated[str, "uždavinio pavadinimas"]
    indicators: Annotated[tuple[str, ...], "rezultato rodiklių kodų sąrašas"]
    measures: Annotated[list[MeasureView], "uždavinio priemonės"]
    indicators_text = _joined("indicators", "rezultato rodiklių kodai per kablelį")


@dataclass(frozen=True)
class GoalView:
    number: Annotated[str, "tikslo numeris: „1“"]
    name: Annotated[str, "tikslo pavadinimas"]
    group: Annotated[str, "tikslą pasiūliusi darbo grupė"]
    indicators: Annotated[tuple[str, ...], "poveikio rodiklių kodų sąrašas"]
    objectives: Annotated[list[ObjectiveView], "tikslo uždaviniai"]
    indicators_text = _joined("indicators", "poveikio rodiklių kodai per kablelį")

    @property
    def measures(self) -> Annotated[list[MeasureView], "visos tikslo priemonės (priemonių plano lentelei)"]:
        """Return the goal's measures across its objectives, for the measure plan table."""
        return [m for o in self.objectives for m in o.measures]

    @property
    def all_indicators(self) -> Annotated[tuple[str, ...], "tikslo, uždavinių ir priemonių rodiklių kodai, po kartą"]:
        """Return the codes the goal, its objectives and its measures name, each once, in that order."""
        return tuple(dict.fromkeys(c for v in [self, *self.objectives, *self.measures] for c in v.indicators))


@dataclass(frozen=True)
class PriorityView:
    number: Annotated[int, "prioriteto eilės numeris"]
    key: Annotated[str, "prioriteto žymuo: „P1“"]
    name: Annotated[str, "prioriteto pavadinimas"]
    description: Annotated[str, "prioriteto aprašymas"]
    goals: Annotated[list[GoalView], "prioriteto tikslai, sunumeruoti per visą planą"]
    total: Annotated[Decimal, "prioriteto lėšos eurais (skaičius)"]
    total_text: Annotated[str, "prioriteto lėšos: „1 000,00 Eur“"]
    share_text: Annotated[str, "dalis visų lėšų: „12,5 %“"]


@dataclass(frozen=True)
class SourceTotal:
    name: Annotated[str, "finansavimo šaltinis"]
    amount: Annotated[Decimal, "suma eurais (skaičius)"]
    amount_text: Annotated[str, "suma: „1 000,00 Eur“"]
    share_text: Annotated[str, "dalis visų lėšų: „12,5 %“"]


@dataclass(frozen=True)
class PriorityTotal:
    number: Annotated[int, "prioriteto eilės numeris"]
    name: Annotated[str, "prioriteto pavadinimas"]
    amount: Annotated[Decimal, "suma eurais (skaičius)"]
    amount_text: Annotated[str, "suma: „1 000,00 Eur“"]
    share_text: Annotated[str, "dalis visų lėšų: „12,5 %“"]


@dataclass(frozen=True)
class Totals:
    by_source: Annotated[list[SourceTotal], "lėšos pagal šaltinį"]
    by_priority: Annotated[list[PriorityTotal], "lėšos pagal prioritetą"]
    total: Annotated[Decimal, "visos plano lėšos eurais (skaičius)"]
    total_text: Annotated[str, "visos plano lėšos: „1 000,00 Eur“"]


@dataclass(frozen=True)
class IndicatorLevel:
    level: Annotated[str, "lygis: poveikio, rezultato, produkto"]
    label: Annotated[str, "lygio pavadinimas iš strategija.yaml: „Poveikio rodikliai“"]
    indicators: Annotated[list[IndicatorView], "to lygio rodikliai"]


@dataclass(frozen=True)
class IndicatorCard:
    code: Annotated[str, "rodiklio kodas"]
    name: Annotated[str, "rodiklio pavadinimas"]
    level_text: Annotated[str, "lygis, kaip jį vadina plano teisinis pagrindas: „efekto“, „poveikio“"]
    definition: Annotated[str, "apibrėžimas (nenurodžius – pavadinimas)"]
    unit: Annotated[str, "matavimo vienetas"]
    method: Annotated[str, "skaičiavimo būdas"]
    source: Annotated[str, "duomenų šaltinis"]
    frequency: Annotated[str, "duomenų dažnumas ir terminas"]
    responsible: Annotated[str, "atsakingas už duomenis"]
    baseline_text: Annotated[str, "pradinė reikšmė su metais"]
    intermediate_text: Annotated[str, "tarpinė reikšmė su metais arba „–“"]
    target_text: Annotated[str, "siektina reikšmė su plano pabaigos metais"]
    direction_text: Annotated[str, "siektinas pokytis: „didėjimas“, „mažėjimas“ arba „išlaikymas“"]
    deviation_text: Annotated[str, "kada fiksuojamas nuokrypis: sakinys su nuokrypio riba"]


DEFAULT_METHOD = "Pagal duomenų šaltinio skelbiamus arba teikiamus duomenis."
DEFAULT_FREQUENCY = "Kasmet, už praėjusius kalendorinius metus, metinei Plano įgyvendinimo ataskaitai."


def _direction(ind: schema.Indicator) -> tuple[str, str]:
    """Return the change the target asks for and the side on which a value falls behind."""
    if ind.target > ind.baseline:
        return "didėjimas", "mažesnė"
    if ind.target < ind.baseline:
        return "mažėjimas", "didesnė"
    return "išlaikymas", "mažesnė"


def indicator_cards(plan: Plan) -> list[IndicatorCard]:
    """Return one description card per indicator, in level order, with what content leaves out said generally."""
    labels = plan.strategy.level_labels.by_level()
    who = responsibles(plan)  # the one who reports each value, as the executors' forms ask it
    limit = lt.percent(plan.monitoring.deviation)
    cards = []
    for level in indicator_levels(plan):
        for ind in (i for g in plan.groups if g.goals for i in g.goals.indicators if i.level == level.level):
            direction, behind = _direction(ind)
            cards.append(IndicatorCard(
                code=ind.code, name=ind.name, level_text=labels[ind.level].split()[0].lower(),
                definition=ind.definition or ind.name, unit=ind.unit, method=ind.method or DEFAULT_METHOD,
                source=ind.source, frequency=ind.frequency or DEFAULT_FREQUENCY, responsible=who[ind.code],
                baseline_text=lt.value_with_year(ind.baseline, ind.baseline_year),
                intermediate_text=lt.value_with_year(ind.intermediate, ind.intermediate_year),
                target_text=lt.value_with_year(ind.target, plan.facts.plan.end), direction_text=direction,
                deviation_text=(f"Nuokrypis fiksuojamas, kai faktinė reikšmė yra daugiau kaip {limit} {behind} "
                                "už ataskaitinių metų planuotą reikšmę, apskaičiuotą tiesiškai tarp pradinės, "
                                "tarpinės ir siektinos reikšmių."),
            ))
    return cards


def indicator_view(ind: schema.Indicator, end_year: int) -> IndicatorView:
    return IndicatorView(
        code=ind.code, name=ind.name, level=ind.level, unit=ind.unit, source=ind.source,
        baseline_text=lt.value_with_year(ind.baseline, ind.baseline_year),
        intermediate_text=lt.value_with_year(ind.intermediate, ind.intermediate_year),
        target_text=lt.value_with_year(ind.target, end_year),
    )


def measure_view(number: str, m: schema.Measure, sources: list[str]) -> MeasureView:
    total = sum(m.financing.values(), Decimal(0))
    financing = [FinancingView(s, m.financing[s], lt.money(m.financing[s])) for s in sources if s in m.financing]
    return MeasureView(
        number=number, key=m.key, name=m.name, executor=m.executor, partners=tuple(m.partners),
        period_text=lt.years(m.start, m.end),
        financing=financing, total=total, total_text=lt.money(total), indicators=tuple(m.indicators))


def goal_view(number: int, group: Group, goal: schema.Goal, sources: list[str]) -> GoalView:
    """Return a goal numbered "1", its objectives "1.1" and their measures "1.1.1"."""
    objectives = [
        ObjectiveView(f"{number}.{o_no}", objective.name, tuple(objective.indicators),
                      [measure_view(f"{number}.{o_no}.{m_no}", m, sources)
                       for m_no, m in enumerate(objective.measures, start=1)])
        for o_no, objective in enumerate(goal.objectives, start=1)
    ]
    return GoalView(str(number), goal.name, group.info.name.nominative, tuple(goal.indicators), objectives)


def _goals_of(plan: Plan, priority: schema.Priority, first: int) -> list[GoalView]:
    """Return a priority's goals in group order, numbered from `first`."""
    chosen = [(group, goal) for group in plan.groups for goal in (group.goals.goals if group.goals else [])
              if goal.priority == priority.key]
    return [goal_view(number, group, goal, plan.strategy.sources)
            for number, (group, goal) in enumerate(chosen, start=first)]


def goals_by_priority(plan: Plan) -> list[PriorityView]:
    """Return priorities with their goals numbered through the plan, in priority then group order, and totals."""
    numbered = []
    for priority in plan.strategy.priorities:
        goals = _goals_of(plan, priority, first=sum(len(g) for _, g, _ in numbered) + 1)
        numbered.append((priority, goals, sum((m.total for g in goals for m in g.measures), Decimal(0))))
    share_texts = lt.shares([total for _, _, total in numbered])
    return [PriorityView(p_no, priority.key, priority.name, priority.description, goals,
                         total, lt.money(total), share_text)
            for p_no, ((priority, goals, total), share_text) in enumerate(zip(numbered, share_texts, strict=True),
                                                                           start=1)]


def totals(plan: Plan, priorities: list[PriorityView]) -> Totals:
    """Return financing totals by source and by priority, computed from the measures."""
    sums = {s: Decimal(0) for s in plan.strategy.sources}
    for f in (f for p in priorities for g in p.goals for m in g.measures for f in m.financing):
        sums[f.source] += f.amount
    total = sum(sums.values(), Decimal(0))
    return Totals(
        by_source=[SourceTotal(s, a, lt.money(a), text)
                   for (s, a), text in zip(sums.items(), lt.shares(list(sums.values())), strict=True)],
        by_priority=[PriorityTotal(p.number, p.name, p.total, p.total_text, p.share_text) for p in priorities],
        total=total, total_text=lt.money(total),
    )


def indicator_levels(plan: Plan) -> list[IndicatorLevel]:
    """Return the indicators grouped by level (impact, result, product) with the plan's labels."""
    names = plan.strategy.level_labels.by_level()
    everything = [indicator_view(ind, plan.facts.plan.end) for g in plan.groups if g.goals for ind in g.goals.indicators]
    return [IndicatorLevel(level, names[level], [i for i in everything if i.level == level]) for level in schema.LEVELS]
