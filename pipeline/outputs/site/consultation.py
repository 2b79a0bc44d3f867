"""The public consultation's results as the site shows them: the annex's own table, computed once by the same
function as consultation.docx (documents.consultation.results), each proposal with a link to the measure it
changed on the plan page."""

from __future__ import annotations

from dataclasses import dataclass

from ...content.model import Plan
from ...documents.consultation import OpinionTotal, ProposalRow, results
from .data import MeasureState


@dataclass(frozen=True)
class ConsultedProposal:
    """One proposal as the annex's table has it, and where the plan page shows the measure it changed."""

    row: ProposalRow
    link: str  # "planas.html#priemone-1-1-1", or "" when it changed no measure the plan page shows

    @property
    def anchor(self) -> str:
        return f"pasiulymas-{self.row['number']}"


@dataclass(frozen=True)
class Consultation:
    """The proposals, the totals by opinion in words and the total, as consultation.docx says them."""

    proposals: tuple[ConsultedProposal, ...]
    totals: tuple[OpinionTotal, ...]
    total_text: str


def consultation(plan: Plan, measures: tuple[MeasureState, ...]) -> Consultation | None:
    """Return the consultation's results with links to the measures' places, or None without konsultacija.yaml."""
    loaded = plan.extra.get("consultation", [])
    if not loaded:
        return None
    found = results(plan, loaded[0].data)
    anchors = {m.key: f"planas.html#{m.anchor}" for m in measures if m.key}
    linked = tuple(ConsultedProposal(row, anchors.get(key, "") if key else "")
                   for row, key in zip(found.rows, found.measures, strict=True))
    return Consultation(linked, found.totals, found.total_text)
