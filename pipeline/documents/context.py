"""Fill each template's context (context_types.py) from the plan's views (views.py).

`fill` takes exactly the names a context type declares, so a template gets no more and no less.
"""

from __future__ import annotations

from typing import get_type_hints

from ..life import annual
from ..content import law, layout, schema, views
from ..content import schema_life
from ..core import lt
from ..content.model import Plan
from ..content.views import group_view, join_and, list_item
from .context_types import (AmendmentDecisionContext, AmendmentDecisionInfo, AmendmentNoteContext, ChapterInfo,
                            ConceptContext, ConceptDecisionContext, ConceptInfo, ConceptNoteContext, ConceptPriority,
                            DecisionContext, DecisionInfo, MandateEnd, MayorInfo, MonitoringContext, MonitoringInfo,
                            NoteContext, NoteInfo, OrderContext, Package, PlanContext, PlanInfo, PreviousPlanInfo,
                            RegulationsContext, RegulationsInfo, ReportContext, ReportDecisionContext,
                            ReportDecisionInfo, ReportNoteContext, ScheduleInfo, StageInfo, SwotInfo)
from .wording import approving_act, closing, regulation_text

# "Vadovaudamasis" agrees with the mayor who signs.
PARTICIPLE = {schema.MALE: "Vadovaudamasis", schema.FEMALE: "Vadovaudamasi"}
MAYOR = {schema.MALE: "meras", schema.FEMALE: "merė"}


def fill(kind: type, values: dict):
    """Return exactly the names a template's type declares, taken from values (which must have them all)."""
    names = get_type_hints(kind)
    missing = [name for name in names if name not in values]
    if missing:
        raise KeyError(f"{kind.__name__} lacks {missing}")
    return kind(**{name: values[name] for name in names})


def previous_plan(plan: Plan) -> PreviousPlanInfo | None:
    """Return the act that approved the plan this one replaces, as the documents cite it."""
    previous = plan.facts.plan.previous
    if previous is None:
        return None
    act = previous.approved_by
    return PreviousPlanInfo(date_text=lt.long_date(act.date), number=act.number, title=act.title,
                            repealed_from_text=lt.long_date(previous.repealed_from) if previous.repealed_from else "")


def common(plan: Plan) -> dict:
    """Return the values every document may use: municipality, city, mayor, plan, consultants, coat_of_arms."""
    facts = plan.facts
    return {
        "municipality": facts.municipality,
        "city": facts.city,
        "mayor": MayorInfo(name=facts.mayor.name, position=facts.mayor.position,
                           participle=PARTICIPLE[facts.mayor.gender], word=MAYOR[facts.mayor.gender]),
        "plan": PlanInfo(title=facts.plan.title, start=facts.plan.start, end=facts.plan.end,
                         period=lt.period(facts.plan.start, facts.plan.end)),
        "consultants": join_and(facts.consultants),
        "coat_of_arms": plan.root / facts.coat_of_arms if facts.coat_of_arms else None,
        "previous": previous_plan(plan),
    }


def schedule_info(facts: schema.PlanFile) -> ScheduleInfo:
    s = facts.schedule
    return ScheduleInfo(start_text=lt.long_date(s.start), end_text=lt.long_date(s.end),
                        stages=[StageInfo(name=st.name, start_text=lt.long_date(st.start), end_text=lt.long_date(st.end))
                                for st in s.stages])


def order_context(plan: Plan, order: schema.Order, file_name: str) -> OrderContext:
    return fill(OrderContext, common(plan) | {"order": views.order_view(plan, order, file_name)})


def regulations_context(plan: Plan) -> RegulationsContext:
    names = views.order_file_names(plan)
    approving = next(o for o in plan.facts.orders if o.approves_regulations)
    order = views.order_view(plan, approving, names[approving.key])
    regs = plan.facts.regulations
    return fill(RegulationsContext, common(plan) | {
        "order": order,
        "groups": order.groups,
        "coordinating_groups": [group_view(g) for g in plan.groups if g.info.kind == schema.COORDINATING],
        "groups_accusative": lt.count(len(order.groups), "darbo grupė", "galininkas"),
        "schedule": schedule_info(plan.facts),
        "regulations": RegulationsInfo(meetings=regs.meetings, reporting=regs.reporting,
                                       quorum_text="pusė" if regs.quorum == 50 else lt.percent(regs.quorum),
                                       mandate_ends=_mandate_ends(plan, order)),
    })


def _mandate_ends(plan: Plan, order: views.OrderView) -> list[MandateEnd]:
    """Return when each kind of group the regulations cover ends its work, thematic groups first."""
    kinds = {g.kind for g in order.groups} | {g.info.kind for g in plan.groups if g.info.kind == schema.COORDINATING}
    ends = plan.facts.regulations.mandate_end
    return [MandateEnd(kind=kind, when=ends[kind]) for kind in schema.GROUP_KINDS if kind in kinds]


def concept_context(plan: Plan) -> ConceptContext:
    c = plan.concept
    groups = [group_view(g) for g in plan.groups]
    return fill(ConceptContext, common(plan) | {
        "decision": decision_info(plan, c.decision, law.CONCEPT),
        "concept": ConceptInfo(purpose=c.purpose, legal_basis=c.legal_basis,
                               principles=[list_item(x) for x in c.principles], participation=c.participation,
                               structure=[list_item(x) for x in c.structure]),
        "schedule": schedule_info(plan.facts),
        "groups": groups,
        "groups_accusative": lt.count(len(groups), "darbo grupė", "galininkas"),
        "vision": plan.strategy.vision,
        "priorities": [ConceptPriority(number=i, name=p.name, description=p.description)
                       for i, p in enumerate(plan.strategy.priorities, start=1)],
    })


def concept_decision_context(plan: Plan) -> ConceptDecisionContext:
    return fill(ConceptDecisionContext, common(plan) | {
        "decision": decision_info(plan, plan.concept.decision, law.CONCEPT),
        "council": f"{plan.facts.municipality.genitive} taryba",
    })


def concept_note_context(plan: Plan) -> ConceptNoteContext:
    d = plan.concept.decision
    return fill(ConceptNoteContext, common(plan) | {"note": note_info(
        plan.concept.note, regulation_text(law.CONCEPT, law.act_day(d.date, d.submitted), plan.concept.note.current))})


def note_info(n: schema.ExplanatoryNote, current: str | None = None) -> NoteInfo:
    """Return a note's texts; `current` is its "current regulation" with the law it cites (regulation_text)."""
    return NoteInfo(date_text=lt.long_date(n.date), author_position=n.author_position, author_name=n.author_name,
                    aims=n.aims, current=current if current is not None else n.current, proposed=n.proposed,
                    results=n.results,
                    risks=n.risks, anticorruption=n.anticorruption, opinions=n.opinions, consultation=n.consultation,
                    other=n.other)


def decision_info(plan: Plan, d: schema.Decision | None = None, kind: str = law.PLAN) -> DecisionInfo:
    """Return a council decision's facts as documents cite them: the plan's, or the one given (the concept's)."""
    d = d or plan.decision.decision
    points = list(d.extra_points)
    if d.in_force is not None:
        points.append(f"Nustatyti, kad šis sprendimas įsigalioja {lt.long_date(d.in_force)}.")
    return DecisionInfo(is_draft=d.is_draft, date_text=lt.long_date(d.date),
                        number_text=d.number or views.BLANK_NUMBER, legal_basis=views.legal_basis(kind, d, d.submitted),
                        extra_points=points, closing=closing(plan, d.closing), signer=d.signer,
                        signer_name=d.signer_name)


def package(plan: Plan) -> Package:
    """Return what the council package's documents share, computed once per build and plan."""
    if plan.derived.package is None:
        priorities = views.goals_by_priority(plan)
        levels = views.indicator_levels(plan)
        measures = [m for p in priorities for g in p.goals for m in g.measures]
        indicators = [i for level in levels for i in level.indicators]
        plan.derived.package = fill(Package, common(plan) | {
            "decision": decision_info(plan),
            "council": f"{plan.facts.municipality.genitive} taryba",
            "vision": plan.strategy.vision,
            "priorities": priorities,
            "priority_count": lt.count(len(priorities), "prioritetas"),
            "goal_count": lt.count(sum(len(p.goals) for p in priorities), "tikslas") if priorities else "",
            "measure_count": lt.count(len(measures), "priemonė") if measures else "",
            "indicator_levels": levels,
            "indicators": indicators,
            "indicator_count": lt.count(len(indicators), "rodiklis") if indicators else "",
            "totals": views.totals(plan, priorities),
        })
    return plan.derived.package


def decision_context(plan: Plan) -> DecisionContext:
    return fill(DecisionContext, package(plan))


def plan_context(plan: Plan, places, edition: str | None = None) -> PlanContext:
    """Return the plan's context; `places` gives the placeholders where its Markdown parts go.

    `edition` marks a new edition made by an amending decision (amend.py).
    """
    swot = [SwotInfo(group=g.info.name.nominative, strengths=g.swot.strengths, weaknesses=g.swot.weaknesses,
                     opportunities=g.swot.opportunities, threats=g.swot.threats)
            for g in plan.groups if g.swot is not None]
    chapters = [ChapterInfo(group=g.info.name.nominative, body=places[f"group_{g.key}"])
                for g in plan.groups if f"group_{g.key}" in places]
    return fill(PlanContext, package(plan) | {
        "swot": swot, "chapters": chapters, "monitoring_organiser": plan.monitoring.organiser,
        "introduction": places["introduction"], "implementation": places["implementation"], "edition": edition,
    })


def markdown_parts(plan: Plan) -> dict[str, str]:
    """Return the plan's checked Markdown by part name (see layout.markdown_parts)."""
    groups = [(g.key, [ch.text for ch in g.chapters]) for g in plan.groups]
    return layout.markdown_parts(plan.introduction.text if plan.introduction else "", groups,
                                 plan.implementation.text if plan.implementation else "")


def monitoring_context(plan: Plan, edition: str | None = None) -> MonitoringContext:
    m = plan.monitoring
    info = MonitoringInfo(organiser=m.organiser, monitors=m.monitors, frequency=m.frequency, report_day=m.report_day,
                          deviation_text=lt.percent(m.deviation), revision=m.revision,
                          participants=join_and(m.participants))
    return fill(MonitoringContext, package(plan) | {
        "cards": views.indicator_cards(plan), "sources": plan.strategy.sources,
        "statuses": ", ".join(schema.STATUSES), "monitoring": info, "edition": edition})


def note_context(plan: Plan) -> NoteContext:
    d, note = plan.decision.decision, plan.decision.note
    current = regulation_text(law.PLAN, law.act_day(d.date, d.submitted), note.current)
    return fill(NoteContext, package(plan) | {"note": note_info(note, current)})



def report_decision_info(plan: Plan, year: int) -> ReportDecisionInfo:
    """Return the council decision on a year's report as the report and the decision cite it."""
    d = plan.reports[year].decision
    title = f"{plan.facts.plan.title.genitive} įgyvendinimo {year} metais"
    approves = d.action == schema_life.APPROVES
    # The point names the plan by its approving act in full (Law on the Fundamentals of Legislation art. 14(6)).
    cited = f"{approving_act(plan)} patvirtinto {title}"
    return ReportDecisionInfo(
        is_draft=d.is_draft, date_text=lt.long_date(d.date),
        number_text=d.number or views.BLANK_NUMBER, legal_basis=views.legal_basis(law.REPORT, d),
        heading=f"{title} ataskaitos patvirtinimo" if approves else f"pritarimo {title} ataskaitai",
        point=(f"Patvirtinti {cited} ataskaitą (pridedama)." if approves
               else f"Pritarti {cited} ataskaitai (pridedama)."),
        mark="PATVIRTINTA" if approves else "PRITARTA", closing=closing(plan, d.closing),
        signer=d.signer or plan.facts.mayor.position, signer_name=d.signer_name or plan.facts.mayor.name)


def report_context(plan: Plan, year: int) -> ReportContext:
    return fill(ReportContext, common(plan) | annual.year_report(plan, year)
                | {"decision": report_decision_info(plan, year), "edition_text": report_edition_text(plan, year)})


def report_edition_text(plan: Plan, year: int) -> str:
    """Return the sentence saying which edition of the plan a yearly report measures (by its act)."""
    edition = plan.derived.report_edition
    council = f"{plan.facts.municipality.genitive} tarybos"
    if edition is not None:
        how = "nustatyta" if edition.id.act == "amendment" else "patvirtinta"
        title = (f"„Dėl {council} {lt.long_date(plan.decision.decision.date)} sprendimo Nr. "
                 f"{plan.decision.decision.number} „Dėl {plan.facts.plan.title.genitive} patvirtinimo“ pakeitimo“"
                 if edition.id.act == "amendment" else f"„Dėl {plan.facts.plan.title.genitive} patvirtinimo“")
        return (f"Ataskaitoje vertinama {year} metų pabaigoje galiojusi Plano redakcija, {how} {council} "
                f"{lt.long_date(edition.id.date)} sprendimu Nr. {edition.id.number} {title}.")
    amendment = plan.amendment.decision if plan.amendment else None
    if amendment is not None and amendment.is_draft:
        return "Ataskaitoje vertinama Plano redakcija su dar nepriimtais pakeitimais (pakeitimo projektas)."
    d = plan.decision.decision if plan.decision else None
    if d is not None and not d.is_draft:
        return f"Ataskaitoje vertinamas Planas, patvirtintas {approving_act(plan)}."
    return "Ataskaitoje vertinamas Plano projektas."


def report_decision_context(plan: Plan, year: int) -> ReportDecisionContext:
    return fill(ReportDecisionContext, common(plan) | {
        "decision": report_decision_info(plan, year), "council": f"{plan.facts.municipality.genitive} taryba"})


def report_note_context(plan: Plan, year: int) -> ReportNoteContext:
    report = plan.reports[year]
    current = regulation_text(law.REPORT, law.act_day(report.decision.date), report.note.current, plan)
    return fill(ReportNoteContext, common(plan) | {"decision": report_decision_info(plan, year),
                                                   "note": note_info(report.note, current)})


def amendment_decision_info(plan: Plan) -> AmendmentDecisionInfo:
    """Return the amending decision (pakeitimas.yaml) as its documents cite it, with the act it amends.

    The approving decision approved the plan and its monitoring methodology; when indicators change,
    the methodology (which tables them) gets a new edition too.
    """
    from ..life.amend import acts, changes_of, methodology_changes

    d = plan.amendment.decision
    cited = acts(plan.derived.approved, d, plan.facts.municipality.genitive, changes_of(plan))
    points = [cited["point"]] + ([cited["methodology_point"]] if methodology_changes(plan) else [])
    if d.in_force is not None:
        points.append(f"Nustatyti, kad šis sprendimas įsigalioja {lt.long_date(d.in_force)}.")
    return AmendmentDecisionInfo(
        is_draft=d.is_draft, date_text=lt.long_date(d.date),
        number_text=d.number or views.BLANK_NUMBER, legal_basis=views.legal_basis(law.AMENDMENT, d, d.submitted),
        heading=cited["amended"], points=points + list(d.extra_points), acts=cited["acts"],
        closing=closing(plan, d.closing), signer=d.signer,
        signer_name=d.signer_name)


def amendment_decision_context(plan: Plan) -> AmendmentDecisionContext:
    return fill(AmendmentDecisionContext, common(plan) | {
        "decision": amendment_decision_info(plan), "council": f"{plan.facts.municipality.genitive} taryba"})


def amendment_note_context(plan: Plan, changes) -> AmendmentNoteContext:
    d, note = plan.amendment.decision, plan.amendment.note
    current = regulation_text(law.AMENDMENT, law.act_day(d.date, d.submitted), note.current, plan.derived.approved)
    return fill(AmendmentNoteContext, common(plan) | {
        "decision": amendment_decision_info(plan), "note": note_info(note, current),
        "measures": changes.measures, "indicators": changes.indicators, "by_source": changes.by_source,
        "by_priority": changes.by_priority, "total": changes.total})
