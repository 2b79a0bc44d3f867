"""Check the rules of the plan's life after adoption: monitoring, yearly reports and the law's calendar.

The yearly reports against the plan (years, indicator codes, measure ids, sources, deviations),
the executors' deadline of the monitoring, and every act of the plan against the law in force on
its day. Reported like rules.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from . import schema

from . import schema_life
from ..core.errors import close_hint, quote
from ..core.write import today
from .layout import GOALS_FILE
from .load import YamlFile, line_at
from .model import outside_period
from .parts import Parts
from .rules import FACTS, GOAL, GOALS, MEASURE, OBJECTIVE, PLAN, Report


# ---------------------------------------------------------------- stebesena.yaml

MONITORING = schema.keys(schema_life.MonitoringFile)


def check_monitoring(report: Report, parts: Parts) -> None:
    """Check that the executors' deadline is given once: the forms' and the methodology's must agree."""
    from .responsible import DEFAULT_DEADLINE, deadline_in_text

    monitoring, file = parts.monitoring, parts.monitoring_file
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
YEAR_REPORT, REPORTED, MEASURE_REPORT = map(schema.keys, (schema_life.YearReportFile, schema_life.ReportedValue,
                                                          schema_life.MeasureReport))


@dataclass(frozen=True)
class YearRules:
    """What one year's report is checked against: the plan's years, known codes, ids and sources."""

    period: tuple[int, int]
    indicators: dict[str, schema.Indicator]
    measures: set[str]
    sources: list[str]
    threshold: Decimal  # the deviation in percent beyond which a lag must be explained


def check_reports(report: Report, parts: Parts) -> None:
    """Check the yearly reports against the plan: years, indicator codes, measure ids, sources, deviations.

    Measures are named in reports by their `id` (which survives renumbering), so once a plan has
    reports every measure needs one, unique across the plan. A year's data may also name what an
    adopted edition in force that year had and a later one dropped: `parts.history(year)` returns
    those editions' indicators and measure ids (ledger.py). Not checked while a tikslai.yaml has
    errors (the goals' rules before this one included): every code of an unread one would be "unknown".
    """
    if report.has_errors(GOALS_FILE):
        return
    goals, monitoring, history = parts.goals, parts.monitoring, parts.history
    indicators = {i.code: i for g, _ in goals for i in g.indicators}
    measures = _measure_ids(report, goals)
    threshold = monitoring.deviation if monitoring is not None else Decimal(10)
    for year_report, file in parts.reports:
        known_indicators, known_measures = indicators, measures
        named = set(year_report.indicators) | set(year_report.deviations)
        if history is not None and (named - set(indicators) or set(year_report.measures) - measures):
            past_indicators, past_measures = history(year_report.year)
            known_indicators, known_measures = past_indicators | indicators, measures | past_measures
        check_report(report, year_report, file, YearRules(parts.period, known_indicators, known_measures,
                                                          parts.strategy.sources, threshold))


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


def check_report(report: Report, year_report: schema_life.YearReportFile, file: YamlFile, rules: YearRules) -> None:
    """Check one year's report; warn of a deviation beyond the threshold that is not explained."""
    from .progress import BEHIND, progress

    start, end = rules.period
    indicators, measures, sources, threshold = rules.indicators, rules.measures, rules.sources, rules.threshold
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
                         f"jų {quote(MEASURE.key)} iš tikslai.yaml{close_hint(key, sorted(measures))}")
        elif measure.status not in SELF_EXPLAINED and not (measure.account or "").strip():
            report.warn(file, (YEAR_REPORT.measures, key, MEASURE_REPORT.status),
                        f"priemonės {quote(key)} būklė {quote(measure.status)}, bet lauke "
                        f"{quote(MEASURE_REPORT.account)} nepaaiškinta kodėl")
        for source in measure.used:
            if source not in sources:
                report.error(file, (YEAR_REPORT.measures, key, MEASURE_REPORT.used, source),
                             f"nežinomas finansavimo šaltinis {quote(source)}{close_hint(source, sources)}")


# ---------------------------------------------------------------- the law's calendar

DECISION, REPORT_DECISION, OWN_ACT = map(schema.keys, (schema.Decision, schema_life.ReportDecision, schema.OwnAct))
PREVIOUS = schema.keys(schema.PreviousPlan)


@dataclass(frozen=True)
class ActPlace:
    """Where an act stands in content and what kind of act it is (law.ORDER, law.PLAN, …)."""

    file: YamlFile
    loc: tuple
    kind: str


def check_act_basis(report: Report, place: ActPlace, act, submitted: dt.date | None = None) -> None:
    """Check what an act rests on against the law's calendar on its day (a draft's: when submitted, else today).

    Catalogue references must be in force that day and right for the act's kind; the municipality's own
    acts must be adopted by then; free text naming a catalogued law's article is held to the same calendar
    (a warning when the catalogue does not know the article).
    """
    from . import law, law_check

    file, loc, kind = place.file, place.loc, place.kind
    on = law.act_day(act.date, submitted)
    keys = schema.keys(type(act))
    for i, item in enumerate(act.basis):
        if isinstance(item, schema.OwnAct):
            if item.date > on:
                report.error(file, loc + (keys.basis, i, OWN_ACT.date),
                             f"cituojamas aktas Nr. {item.number} priimtas {law_check.day(item.date)}, vėliau nei šis aktas "
                             f"({law_check.day(on)}): aktas gali remtis tik tuo, kas galiojo jo dieną")
            continue
        finding = law_check.check_reference(item, kind, on)
        if finding:
            report.error(file, loc + (keys.basis, i), finding.message)
    if act.legal_basis:
        for finding in law_check.scan(act.legal_basis, kind, on):
            (report.error if finding.error else report.warn)(file, loc + (keys.legal_basis,), finding.message)
    in_force = getattr(act, "in_force", None)
    adopted = act.date or today()  # a draft is adopted today at the earliest
    if in_force is not None and in_force < adopted:
        when = "priimtas" if act.date is not None else "gali būti priimtas (dar projektas)"
        report.error(file, loc + (DECISION.in_force,),
                     f"sprendimas negali įsigalioti anksčiau ({law_check.day(in_force)}) nei {when} ({law_check.day(adopted)}): "
                     "teisės aktas neturi grįžtamosios galios (Teisėkūros pagrindų įstatymo 20 straipsnis)")


def check_repeal(report: Report, facts: schema.PlanFile, file: YamlFile, decision: schema.Decision | None) -> None:
    """Check that the previous plan is not repealed before the decision approving this one takes effect."""
    from . import law, law_check

    previous = facts.plan.previous
    if previous is None or previous.repealed_from is None or decision is None:
        return
    effective = decision.in_force or law.act_day(decision.date)
    if previous.repealed_from < effective:
        what = "įsigalioja" if decision.date is not None else "gali įsigalioti (sprendimas dar projektas)"
        report.error(file, (PLAN.plan, FACTS.previous, PREVIOUS.repealed_from),
                     f"ankstesnis planas negali netekti galios {law_check.day(previous.repealed_from)}: jį panaikinantis "
                     f"sprendimas {what} tik {law_check.day(effective)}, o teisės aktas neturi grįžtamosios galios "
                     f"(Teisėkūros pagrindų įstatymo 20 straipsnis); nurodykite vėlesnę datą arba lauko "
                     f"„{PREVIOUS.repealed_from}“ nerašykite (tada – nuo sprendimo įsigaliojimo)")


def check_law(report: Report, parts: Parts) -> None:
    """Check every act of the plan against the law's calendar: orders, decisions, reports' decisions, amendment."""
    from . import law, law_check

    facts = parts.facts
    if facts is not None:
        for i, order in enumerate(facts.orders):
            check_act_basis(report, ActPlace(parts.facts_file, (PLAN.orders, i), law.ORDER), order)
    for part, kind, key in (("decision", law.PLAN, "decision"), ("concept", law.CONCEPT, "decision"),
                            ("amendment", law.AMENDMENT, "decision")):
        content = getattr(parts, part)
        if content is not None:
            decision = content.decision
            alias = type(content).model_fields[key].alias
            check_act_basis(report, ActPlace(getattr(parts, part + "_file"), (alias,), kind), decision,
                            decision.submitted)
    concept = parts.concept
    if concept is not None:  # the concept's own legal basis, as of the decision approving it
        on = law.act_day(concept.decision.date, concept.decision.submitted)
        for finding in law_check.scan(concept.legal_basis, law.CONCEPT, on):
            (report.error if finding.error else report.warn)(
                parts.concept_file, (schema.key(schema.ConceptFile, "legal_basis"),), finding.message)
    for year_report, file in parts.reports:
        check_act_basis(report, ActPlace(file, (YEAR_REPORT.decision,), law.REPORT), year_report.decision)
    if facts is not None and parts.decision is not None:
        check_repeal(report, facts, parts.facts_file, parts.decision.decision)
