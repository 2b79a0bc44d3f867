"""What each template receives: one typed dictionary per template.

A template may use exactly the names its type declares (a test compares the two both ways);
each name says in Lithuanian what it holds, and `make context-docs` publishes the list for
the people who edit the templates in Word. context.py fills them.
"""

from __future__ import annotations

from typing import Annotated, TypedDict

from markupsafe import Markup

from ..content import schema
from ..content.views import (GroupView, IndicatorCard, IndicatorLevel, IndicatorView, OrderView, PriorityView,
                             Totals)
from ..life.amend import IndicatorChange, MeasureChange, MoneyChange
from ..life.annual import DeviationRow, FundsRow, ReportPriority, StatusCount
from ..life.charts import Picture


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
