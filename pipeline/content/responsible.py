"""Who reports each indicator's value: exactly one responsible for every indicator.

The one rule the executors' forms, the methodology's description cards and `check` share:
- an indicator's own `atsakingas`, when content gives it;
- else a product indicator carried by measures: the executor of the first measure (in the order of
  the groups' files) that carries it; when measures of several executors carry it, `check` asks
  content to say which one in `atsakingas`, and the others see it in their forms read-only;
- else (impact and result indicators, and a product indicator no measure carries) the data
  collector of stebesena.yaml (`duomenis_apibendrina`), in a form of its own.
"""

from __future__ import annotations

import re

from ..core import lt
from . import schema
from . import schema_life

DEFAULT_DEADLINE = "kovo 31 d."  # what forms say when content gives no deadline (check warns of it)
_DEADLINE = re.compile(r"\biki\s+((?:" + "|".join(lt.MONTHS_GENITIVE) + r")\s+\d{1,2}\s*d\.)")

# Who collects the data when stebesena.yaml does not say (schema_life.MonitoringFile's default).
DEFAULT_DATA_OWNER = schema_life.MonitoringFile.model_fields["data_owner"].default


def carriers(goals: list[schema.GoalsFile]) -> dict[str, list[str]]:
    """Return, by indicator code, the executors of the measures that carry it, each once, in file order."""
    found: dict[str, list[str]] = {}
    for group_goals in goals:
        for goal in group_goals.goals:
            for measure in (m for o in goal.objectives for m in o.measures):
                for code in measure.indicators:
                    if measure.executor not in found.setdefault(code, []):
                        found[code].append(measure.executor)
    return found


def responsible_for(indicator: schema.Indicator, carried_by: list[str], data_owner: str) -> str:
    """Return the one who reports an indicator's value, by the rule above."""
    if indicator.responsible:
        return indicator.responsible
    if indicator.level == schema.PRODUCT and carried_by:
        return carried_by[0]
    return data_owner


def responsibles(plan) -> dict[str, str]:
    """Return who reports each indicator of a plan, by code."""
    goals = [g.goals for g in plan.groups if g.goals]
    carried = carriers(goals)
    owner = plan.monitoring.data_owner if plan.monitoring is not None else DEFAULT_DATA_OWNER
    return {i.code: responsible_for(i, carried.get(i.code, []), owner) for g in goals for i in g.indicators}


def ambiguous(indicator: schema.Indicator, carried_by: list[str]) -> bool:
    """Tell whether content leaves open which of several executors reports a product indicator."""
    return indicator.responsible is None and indicator.level == schema.PRODUCT and len(carried_by) > 1


def deadline_in_text(text: str) -> str | None:
    """Return the first deadline a text states ("… pateikia kasmet iki kovo 1 d.; …" → "kovo 1 d."), or None."""
    found = _DEADLINE.search(text)
    return " ".join(found.group(1).split()) if found else None


def executors_deadline(monitoring: schema_life.MonitoringFile) -> str:
    """Return the day (of the next year) forms are due: `vykdytojų_terminas`, else the one `dažnumas` states."""
    return monitoring.executors_deadline or deadline_in_text(monitoring.frequency) or DEFAULT_DEADLINE
