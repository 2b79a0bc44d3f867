"""What each kind of document makes for a plan: its files, each with its title as a reader lists it and
the act it belongs to (content.ledger.ActId: number and date None while a draft; None: part of no act).

A build knows the year it reports and the approved edition an amendment is made against; outside a
build (the website) a report makes its files for every year the plan has data for, and an amendment
may make a new edition of the methodology.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.ledger import ActId, act_of, acts_of
from ..content.model import Plan
from ..content.views import order_file_names


@dataclass(frozen=True)
class Output:
    """One file a document makes."""

    name: str  # the file's name in the build folder: "report-2024.docx"
    title: str  # as a reader lists it: "2024 metų įgyvendinimo ataskaita"
    act: ActId | None  # the act it belongs to; None: part of no act (minutes)


def act(plan: Plan, kind: str, year: int | None = None) -> ActId:
    """Return the act of a kind as the plan's content names it (a draft while it has no number or date)."""
    return act_of(plan, kind, year)[0]


def orders(plan: Plan) -> list[Output]:
    """Return every order (order.docx, order-<id>.docx), each its own act, and the regulations, which belong
    to the order approving them."""
    if not plan.facts.orders:
        return []
    names = order_file_names(plan)
    acts = dict(zip((o.key for o in plan.facts.orders), (a for a, _ in acts_of(plan, "order"))))
    made = [Output(names[o.key], f"mero potvarkis dėl {o.subject}", acts[o.key]) for o in plan.facts.orders]
    approving = next((o for o in plan.facts.orders if o.approves_regulations), plan.facts.orders[0])
    return made + [Output("regulations.docx", "darbo grupių darbo reglamentas", acts[approving.key])]


def report(plan: Plan) -> list[Output]:
    """Return each reported year's report, the council decision on it and, when the year's file has one, the
    decision's explanatory note: the year the build reports, or (outside a build) every year with data."""
    years = [plan.derived.report_year] if plan.derived.report_year is not None else sorted(plan.reports)
    made = []
    for year in years:
        of_year = act(plan, "report", year)
        made += [Output(f"report-{year}.docx", f"{year} metų įgyvendinimo ataskaita", of_year),
                 Output(f"report-decision-{year}.docx", f"{year} metų ataskaitos tvirtinimo sprendimo projektas",
                        of_year)]
        if plan.reports[year].note is not None:
            made.append(Output(f"report-explanatory-note-{year}.docx",
                               f"{year} metų ataskaitos sprendimo projekto aiškinamasis raštas", of_year))
    return made


def amendment(plan: Plan) -> list[Output]:
    """Return the amendment's files: the methodology's new edition only when the indicators changed (outside
    a build, which has not compared the editions, whenever the amendment may make it)."""
    if plan.amendment is None:
        return []
    from ..life.amend import methodology_changes

    of_act = act(plan, "amendment")
    made = [Output("amendment-decision.docx", "plano pakeitimo sprendimo projektas", of_act),
            Output("amendment-plan.docx", "nauja plano redakcija", of_act),
            Output("amendment-comparison.docx", "plano pakeitimų lyginamasis variantas", of_act),
            Output("amendment-explanatory-note.docx", "plano pakeitimo aiškinamasis raštas", of_act)]
    if plan.derived.approved is None or methodology_changes(plan):
        made.append(Output("amendment-monitoring.docx", "nauja stebėsenos metodikos redakcija", of_act))
    return made
