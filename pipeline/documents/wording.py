"""The legal wording acts share: what a decision rests on, how it is published and appealed, how the plan's act is cited."""

from __future__ import annotations

import datetime as dt

from ..content import law, views
from ..core import lt
from ..content.model import Plan

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
