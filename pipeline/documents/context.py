"""What each template receives: one typed dictionary per template, and the function that fills it.

A template may use exactly the names its type declares (a test compares the two both ways);
each name says in Lithuanian what it holds, and `make context-docs` publishes the list for
the people who edit the templates in Word. The values come from views.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, TypedDict, get_type_hints

from markupsafe import Markup

from ..life import annual
from ..content import law, layout, schema, views
from ..core import lt
from ..life.amend import IndicatorChange, MeasureChange, MoneyChange
from ..life.annual import DeviationRow, FundsRow, ReportPriority, StatusCount
from ..life.charts import Picture
from ..content.model import Plan
from ..content.views import (GroupView, IndicatorCard, IndicatorLevel, IndicatorView, OrderView, PriorityView, Totals, group_view,
                    join_and, list_item)

# "Vadovaudamasis" agrees with the mayor who signs.
PARTICIPLE = {schema.MALE: "Vadovaudamasis", schema.FEMALE: "Vadovaudamasi"}
MAYOR = {schema.MALE: "meras", schema.FEMALE: "merė"}


class MayorInfo(TypedDict):
    name: Annotated[str, "mero vardas ir pavardė"]
    position: Annotated[str, "pareigos parašo eilutėje: „Savivaldybės meras“"]
    participle: Annotated[str, "„Vadovaudamasis“ arba „Vadovaudamasi“ pagal lytį"]
    word: Annotated[str, "„meras“ arba „merė“ pagal lytį (potvarkio antraštėje – |upper)"]


class PlanInfo(TypedDict):
    title: Annotated[schema.PlanTitle, "plano pavadinimas: .nominative, .genitive, .accusative"]
    start: Annotated[int, "pirmieji plano metai"]
    end: Annotated[int, "paskutiniai plano metai"]
    period: Annotated[str, "laikotarpis: „2021–2030“"]


class StageInfo(TypedDict):
    name: Annotated[str, "etapo pavadinimas"]
    start_text: Annotated[str, "pradžia: „2020 m. liepos 21 d.“"]
    end_text: Annotated[str, "pabaiga"]


class ScheduleInfo(TypedDict):
    start_text: Annotated[str, "darbo pradžia: „2020 m. liepos 21 d.“"]
    end_text: Annotated[str, "darbo pabaiga"]
    stages: Annotated[list[StageInfo], "darbo etapai"]


class MandateEnd(TypedDict):
    kind: Annotated[str, "grupių rūšis: „teminė“ arba „koordinacinė“"]
    when: Annotated[str, "kada baigia veiklą: tekstas po „baigia veiklą, kai“"]


class RegulationsInfo(TypedDict):
    meetings: Annotated[str, "kaip šaukiami posėdžiai"]
    reporting: Annotated[str, "kam atsiskaitoma"]
    quorum_text: Annotated[str, "kvorumas: „pusė“ arba „60 %“"]
    mandate_ends: Annotated[list[MandateEnd], "kada baigia veiklą kiekvienos rūšies grupės, kurias reglamentas apima"]


class PreviousPlanInfo(TypedDict):
    date_text: Annotated[str, "jį tvirtinusio sprendimo data: „2013 m. balandžio 25 d.“"]
    number: Annotated[str, "to sprendimo numeris: „T2-90“"]
    title: Annotated[str, "to sprendimo pavadinimas: „Dėl … patvirtinimo“ (be kabučių)"]
    repealed_from_text: Annotated[str, "nuo kada netenka galios: „2021 m. sausio 1 d.“ arba tuščia"]


class DecisionInfo(TypedDict):
    is_draft: Annotated[bool, "projektas: nėra numerio ar datos"]
    date_text: Annotated[str, "sprendimo data: „2021 m. gruodžio 2 d.“"]
    number_text: Annotated[str, "sprendimo numeris: „T-558“ (projekte – „______“)"]
    legal_basis: Annotated[str, "tekstas po „Vadovaudamasi“: įstatymų nuostatos pagal teisės aktų katalogą, galiojusios "
                                "akto dieną, ir turinio nurodyti aktai"]
    extra_points: Annotated[list[str], "papildomi sprendimo punktai"]
    closing: Annotated[list[str], "skelbimo Teisės aktų registre ir savivaldybės svetainėje bei apskundimo nuostatos (niekada "
                                   "netuščia)"]
    signer: Annotated[str, "pasirašančiojo pareigos"]
    signer_name: Annotated[str, "pasirašančiojo vardas ir pavardė"]


class ConceptInfo(TypedDict):
    purpose: Annotated[str, "plano rengimo tikslas"]
    legal_basis: Annotated[str, "teisinis pagrindas"]
    principles: Annotated[list[str], "rengimo principai (be galinių skyrybos ženklų)"]
    participation: Annotated[str, "kaip įtraukiama visuomenė"]
    structure: Annotated[list[str], "numatoma plano struktūra (be galinių skyrybos ženklų)"]


class ConceptPriority(TypedDict):
    number: Annotated[int, "prioriteto eilės numeris"]
    name: Annotated[str, "prioriteto pavadinimas"]
    description: Annotated[str, "prioriteto aprašymas"]


class MonitoringInfo(TypedDict):
    organiser: Annotated[str, "kas organizuoja stebėseną, vardininku: „Savivaldybės meras“"]
    monitors: Annotated[str, "kas vykdo stebėseną"]
    frequency: Annotated[str, "kaip dažnai"]
    report_day: Annotated[str, "iki kada teikiama metinė ataskaita"]
    deviation_text: Annotated[str, "leistinas nuokrypis: „10 %“"]
    revision: Annotated[str, "kaip nuokrypiai lemia peržiūrą"]
    participants: Annotated[str, "stebėsenos dalyviai: „a, b ir c“"]


class NoteInfo(TypedDict):
    date_text: Annotated[str, "rašto data (nenurodžius – tuščia vieta): raštas datuojamas savo, ne sprendimo data"]
    author_position: Annotated[str, "rengėjo pareigos (parašo eilutės kairėje)"]
    author_name: Annotated[str, "rengėjo vardas ir pavardė (parašo eilutės dešinėje)"]
    aims: Annotated[str, "projekto tikslai ir uždaviniai"]
    current: Annotated[str, "kaip reglamentuojama dabar: įstatymų nuostatos, kuriomis sprendimas remiasi (pagal teisės "
                             "aktų katalogą), plano tvirtinimo aktas, tada turinio tekstas"]
    proposed: Annotated[str, "siūlomos nuostatos"]
    results: Annotated[str, "laukiami rezultatai"]
    risks: Annotated[str, "galimos neigiamos pasekmės"]
    anticorruption: Annotated[str, "antikorupcinis vertinimas"]
    opinions: Annotated[str, "gautos išvados ir pastabos"]
    consultation: Annotated[str, "visuomenės konsultavimo rezultatai"]
    other: Annotated[str | None, "kiti pagrindimai (gali nebūti: šablonas tada rašo „Nėra.“)"]


class SwotInfo(TypedDict):
    group: Annotated[str, "darbo grupės pavadinimas"]
    strengths: Annotated[list[str], "stiprybės"]
    weaknesses: Annotated[list[str], "silpnybės"]
    opportunities: Annotated[list[str], "galimybės"]
    threats: Annotated[list[str], "grėsmės"]


class ChapterInfo(TypedDict):
    group: Annotated[str, "darbo grupės pavadinimas"]
    body: Annotated[Markup, "grupės skyrių tekstas iš Markdown; dedamas žyme {{p c.body }}"]


# Names several templates use, described once.
Municipality = Annotated[schema.NameForms, "savivaldybės pavadinimas: .nominative, .genitive, .accusative"]
City = Annotated[str, "miestas, kuriame pasirašoma: „Alytus“"]
Mayor = Annotated[MayorInfo, "meras"]
PlanFacts = Annotated[PlanInfo, "planas: pavadinimas ir laikotarpis"]
Consultants = Annotated[str, "konsultantai: „UAB „A“ ir UAB „B““ (gali būti tuščia)"]
CoatOfArms = Annotated[object, "herbo paveikslėlis arba nieko"]
Schedule = Annotated[ScheduleInfo, "darbo grupių darbo grafikas"]
Groups = Annotated[list[GroupView], "darbo grupės"]
GroupsAccusative = Annotated[str, "grupių skaičius galininku: „šešias darbo grupes“"]
Decision = Annotated[DecisionInfo, "tarybos sprendimas"]
Vision = Annotated[str, "vizija"]
Previous = Annotated[PreviousPlanInfo | None, "ankstesnis planas: jį tvirtinęs tarybos sprendimas (gali nebūti)"]


class OrderContext(TypedDict):
    municipality: Municipality
    city: City
    mayor: Mayor
    plan: PlanFacts
    coat_of_arms: CoatOfArms
    order: Annotated[OrderView, "potvarkis"]


class RegulationsContext(TypedDict):
    municipality: Municipality
    plan: PlanFacts
    consultants: Consultants
    order: Annotated[OrderView, "reglamentą tvirtinantis potvarkis"]
    groups: Annotated[list[GroupView], "to potvarkio sudaromos grupės"]
    coordinating_groups: Annotated[list[GroupView], "visos koordinacinės grupės"]
    groups_accusative: GroupsAccusative
    schedule: Schedule
    regulations: Annotated[RegulationsInfo, "reglamento dalys iš planas.yaml"]


class ConceptContext(TypedDict):
    municipality: Municipality
    mayor: Mayor
    plan: PlanFacts
    decision: Annotated[DecisionInfo, "tarybos sprendimas, kuriuo koncepcija tvirtinama (patvirtinimo žymai)"]
    consultants: Consultants
    concept: Annotated[ConceptInfo, "koncepcijos tekstai"]
    schedule: Schedule
    groups: Groups
    groups_accusative: GroupsAccusative
    vision: Vision
    priorities: Annotated[list[ConceptPriority], "prioritetai"]
    previous: Previous


class DecisionContext(TypedDict):
    municipality: Municipality
    city: City
    plan: PlanFacts
    coat_of_arms: CoatOfArms
    decision: Decision
    council: Annotated[str, "taryba: „Alytaus miesto savivaldybės taryba“"]
    previous: Previous


class ConceptDecisionContext(TypedDict):
    municipality: Municipality
    city: City
    plan: PlanFacts
    coat_of_arms: CoatOfArms
    decision: Annotated[DecisionInfo, "tarybos sprendimas dėl koncepcijos (iš koncepcija.yaml)"]
    council: Annotated[str, "taryba: „Alytaus miesto savivaldybės taryba“"]


class ReportDecisionInfo(TypedDict):
    is_draft: Annotated[bool, "projektas: nėra numerio ar datos"]
    date_text: Annotated[str, "sprendimo data arba tuščia vieta projekte"]
    number_text: Annotated[str, "sprendimo numeris (projekte – „______“)"]
    legal_basis: Annotated[str, "tekstas po „Vadovaudamasi“ (pagal teisės aktų katalogą ir akto datą)"]
    heading: Annotated[str, "antraštė po „DĖL“: „… ataskaitos patvirtinimo“ arba „pritarimo … ataskaitai“"]
    point: Annotated[str, "sprendimo punktas: „Patvirtinti … ataskaitą (pridedama).“"]
    mark: Annotated[str, "ataskaitos žyma: „PATVIRTINTA“ arba „PRITARTA“"]
    closing: Annotated[list[str], "skelbimo Teisės aktų registre ir savivaldybės svetainėje bei apskundimo nuostatos (niekada "
                                   "netuščia)"]
    signer: Annotated[str, "pasirašančiojo pareigos"]
    signer_name: Annotated[str, "pasirašančiojo vardas ir pavardė"]


class ReportContext(TypedDict):
    municipality: Municipality
    plan: PlanFacts
    decision: Annotated[ReportDecisionInfo, "tarybos sprendimas dėl ataskaitos (žymai)"]
    year: Annotated[int, "ataskaitiniai metai"]
    edition_text: Annotated[str, "kurią plano redakciją ataskaita vertina: „Ataskaitoje vertinama 2024 metų pabaigoje "
                                 "galiojusi Plano redakcija, patvirtinta … sprendimu Nr. …“"]
    prepared_by: Annotated[str, "kas parengė ataskaitą"]
    priorities: Annotated[list[ReportPriority], "prioritetai su rodikliais, priemonėmis ir diagrama"]
    measure_total: Annotated[str, "visų priemonių skaičius kilmininku: „šešiasdešimt aštuonių priemonių“"]
    status_sentence: Annotated[str, "„dvidešimt viena priemonė įgyvendinta, penkios priemonės vykdomos, …“"]
    statuses: Annotated[list[StatusCount], "priemonės pagal būklę"]
    status_total: Annotated[StatusCount, "eilutė „Iš viso“: visų priemonių skaičius ir „100,0 %“"]
    shares_note: Annotated[str, "pastaba, kad atskirai suapvalintų dalių suma gali skirtis nuo 100,0 %"]
    status_chart: Annotated[Picture, "priemonių pagal būklę diagrama"]
    status_figure: Annotated[str, "jos pavadinimas: „1 pav. …“"]
    indicator_total: Annotated[str, "rodiklių skaičius kilmininku"]
    indicator_counts: Annotated[str, "rodikliai pagal būklę: „pasiekti – 3, vykdomi pagal planą – 10, …“"]
    deviations: Annotated[list[DeviationRow], "rodikliai, atsiliekantys daugiau nei leidžia metodika"]
    threshold_text: Annotated[str, "leistinas nuokrypis: „10 %“"]
    funds: Annotated[list[FundsRow], "lėšos pagal šaltinį"]
    funds_total: Annotated[FundsRow, "lėšos iš viso"]
    funds_missing: Annotated[str, "kurių metų duomenų nėra (jie nelaikomi nuliu), arba tuščia: „2021 ir 2022 metų "
                                  "duomenų apie panaudotas lėšas nėra: …“"]
    funds_chart: Annotated[Picture, "lėšų diagrama"]
    funds_figure: Annotated[str, "jos pavadinimas"]


class ReportDecisionContext(TypedDict):
    municipality: Municipality
    city: City
    coat_of_arms: CoatOfArms
    decision: Annotated[ReportDecisionInfo, "tarybos sprendimas dėl ataskaitos"]
    council: Annotated[str, "taryba: „Alytaus miesto savivaldybės taryba“"]


class ReportNoteContext(TypedDict):
    municipality: Municipality
    city: City
    decision: Annotated[ReportDecisionInfo, "tarybos sprendimas dėl ataskaitos"]
    note: Annotated[NoteInfo, "aiškinamojo rašto tekstai iš stebesena/<metai>.yaml"]


class AmendmentDecisionInfo(TypedDict):
    is_draft: Annotated[bool, "projektas: nėra numerio ar datos"]
    date_text: Annotated[str, "keičiančio sprendimo data arba tuščia vieta projekte"]
    number_text: Annotated[str, "keičiančio sprendimo numeris (projekte – „______“)"]
    legal_basis: Annotated[str, "tekstas po „Vadovaudamasi“ (pagal teisės aktų katalogą ir akto datą)"]
    heading: Annotated[str, "antraštė po „DĖL“: „… tarybos … sprendimo Nr. … „Dėl … patvirtinimo“ pakeitimo“"]
    points: Annotated[list[str], "„Pakeisti …, patvirtintą …, ir išdėstyti jį nauja redakcija (pridedama).“ – planą "
                                 "ir, kai keičiasi rodikliai, stebėsenos metodiką; po jų – papildomi punktai"]
    acts: Annotated[str, "aiškinamajam raštui: kuris teisės aktas keičiamas"]
    closing: Annotated[list[str], "skelbimo Teisės aktų registre ir savivaldybės svetainėje bei apskundimo nuostatos (niekada "
                                   "netuščia)"]
    signer: Annotated[str, "pasirašančiojo pareigos"]
    signer_name: Annotated[str, "pasirašančiojo vardas ir pavardė"]


class AmendmentDecisionContext(TypedDict):
    municipality: Municipality
    city: City
    coat_of_arms: CoatOfArms
    decision: Annotated[AmendmentDecisionInfo, "keičiantis tarybos sprendimas"]
    council: Annotated[str, "taryba: „Alytaus miesto savivaldybės taryba“"]


class AmendmentNoteContext(TypedDict):
    municipality: Municipality
    city: City
    decision: Annotated[AmendmentDecisionInfo, "keičiantis tarybos sprendimas"]
    note: Annotated[NoteInfo, "aiškinamojo rašto tekstai iš pakeitimas.yaml"]
    measures: Annotated[list[MeasureChange], "pridėtos, pakeistos ir išbrauktos priemonės"]
    indicators: Annotated[list[IndicatorChange], "pridėti, pakeisti ir išbraukti rodikliai"]
    by_source: Annotated[list[MoneyChange], "lėšos pagal šaltinį: buvo, bus, pokytis"]
    by_priority: Annotated[list[MoneyChange], "lėšos pagal prioritetą: buvo, bus, pokytis"]
    total: Annotated[MoneyChange, "visos lėšos: buvo, bus, pokytis"]


class ConceptNoteContext(TypedDict):
    municipality: Municipality
    city: City
    plan: PlanFacts
    note: Annotated[NoteInfo, "aiškinamojo rašto tekstai iš koncepcija.yaml"]


class PlanContext(TypedDict):
    municipality: Municipality
    city: City
    plan: PlanFacts
    decision: Decision
    vision: Vision
    priorities: Annotated[list[PriorityView], "prioritetai su sunumeruotais tikslais, uždaviniais ir priemonėmis"]
    priority_count: Annotated[str, "prioritetų skaičius žodžiais: „keturi prioritetai“"]
    goal_count: Annotated[str, "tikslų skaičius žodžiais"]
    measure_count: Annotated[str, "priemonių skaičius žodžiais"]
    indicator_levels: Annotated[list[IndicatorLevel], "rodikliai pagal lygį"]
    totals: Annotated[Totals, "lėšos pagal šaltinį ir prioritetą, iš viso"]
    swot: Annotated[list[SwotInfo], "kiekvienos grupės SSGG"]
    monitoring_organiser: Annotated[str, "kas organizuoja stebėseną (iš stebesena.yaml), vardininku"]
    introduction: Annotated[Markup, "įvadas iš tekstai/ivadas.md; dedamas žyme {{p introduction }}"]
    implementation: Annotated[Markup, "įgyvendinimas iš tekstai/igyvendinimas.md; {{p implementation }}"]
    chapters: Annotated[list[ChapterInfo], "grupių situacijos analizės skyriai"]
    edition: Annotated[str | None, "naujos redakcijos žyma be skliaustų: „… tarybos … sprendimo Nr. … redakcija“ "
                                   "(tik pakeistame plane)"]


class MonitoringContext(TypedDict):
    municipality: Municipality
    plan: PlanFacts
    decision: Decision
    indicator_levels: Annotated[list[IndicatorLevel], "rodikliai pagal lygį, su lygių pavadinimais"]
    indicator_count: Annotated[str, "rodiklių skaičius žodžiais: „keturiasdešimt rodiklių“"]
    cards: Annotated[list[IndicatorCard], "rodiklių aprašymo kortelės lygių tvarka"]
    sources: Annotated[list[str], "finansavimo šaltiniai (ataskaitos formai)"]
    statuses: Annotated[str, "priemonės būklės žodžiai: „įgyvendinta, vykdoma, …“"]
    monitoring: Annotated[MonitoringInfo, "stebėsenos tvarka iš stebesena.yaml"]
    edition: Annotated[str | None, "naujos redakcijos žyma be skliaustų (tik pakeistoje metodikoje)"]


class NoteContext(TypedDict):
    municipality: Municipality
    city: City
    plan: PlanFacts
    totals: Annotated[Totals, "lėšos pagal šaltinį, iš viso"]
    note: Annotated[NoteInfo, "aiškinamojo rašto tekstai iš sprendimas.yaml"]
    previous: Previous


class Package(TypedDict):
    """What the council package's documents share (every name of common() with these), computed once."""
    municipality: Municipality
    city: City
    mayor: Mayor
    plan: PlanFacts
    consultants: Consultants
    coat_of_arms: CoatOfArms
    previous: Previous
    decision: Decision
    council: str
    vision: Vision
    priorities: list[PriorityView]
    priority_count: str
    goal_count: str
    measure_count: str
    indicator_levels: list[IndicatorLevel]
    indicators: list[IndicatorView]
    indicator_count: str
    totals: Totals


# ---------------------------------------------------------------- what acts rest on, and how they end


# How a decision is appealed when content says nothing else.
APPEAL = ("Šis sprendimas gali būti skundžiamas Lietuvos Respublikos administracinių bylų teisenos įstatymo "
          "nustatyta tvarka.")


def publication(plan: Plan) -> str:
    """Return the sentence publishing a decision in the register and on the municipality's website."""
    site = f" {plan.facts.website}" if plan.facts.website else ""
    return (f"Šis sprendimas skelbiamas Teisės aktų registre ir {plan.facts.municipality.genitive} interneto "
            f"svetainėje{site}.")


def closing(plan: Plan, given: list[str]) -> list[str]:
    """Return a decision's closing clauses: its publication (unless content writes one), then the appeal."""
    own = [c for c in given if "Teisės aktų registr" in c]
    return ([] if own else [publication(plan)]) + (list(given) or [APPEAL])


def approving_act(plan: Plan, case: str = "įnagininkas") -> str:
    """Return the council decision approving the plan as a reference names it (Law on Legislation art. 14(6))."""
    d = plan.decision.decision if plan.decision else None
    forms = dict(zip(law.CASES, law.KIND_FORMS["sprendimas"]))
    number = d.number if d is not None and d.number else views.BLANK_NUMBER
    return (f"{plan.facts.municipality.genitive} tarybos {lt.long_date(d.date if d else None)} {forms[case]} "
            f"Nr. {number} „Dėl {plan.facts.plan.title.genitive} patvirtinimo“")


def regulation_text(kind: str, on: dt.date, given: str, plan: Plan | None = None) -> str:
    """Return an explanatory note's "current regulation": the law the act rests on, the plan's act, then content's."""
    parts = [law.regulation(kind, on)]
    if plan is not None:
        parts.append(f"{plan.facts.plan.title.nominative} ir jo įgyvendinimo stebėsenos metodika patvirtinti "
                     f"{approving_act(plan)}.")
    return " ".join(p for p in parts + [given] if p)


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
    approves = d.action == schema.APPROVES
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
