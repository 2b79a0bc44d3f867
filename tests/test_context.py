"""Each template receives exactly what its context type declares, filled from the sample plans."""

from __future__ import annotations

from typing import get_type_hints

import pytest

from pipeline import context as ctx
from pipeline.markdown import Places

from .conftest import SAMPLES, plan_of


def contexts(plan) -> dict[str, dict]:
    """Return a context for every template, as the registry's documents fill them."""
    order = plan.facts.orders[0]
    places = Places(list(ctx.markdown_parts(plan)))
    return {
        "order.docx": ctx.order_context(plan, order, "order.docx"),
        "regulations.docx": ctx.regulations_context(plan),
        "concept.docx": ctx.concept_context(plan),
        "concept-decision.docx": ctx.concept_decision_context(plan),
        "concept-explanatory-note.docx": ctx.concept_note_context(plan),
        "decision.docx": ctx.decision_context(plan),
        "plan.docx": ctx.plan_context(plan, places),
        "monitoring.docx": ctx.monitoring_context(plan),
        "explanatory-note.docx": ctx.note_context(plan),
    }


@pytest.mark.parametrize("name", SAMPLES)
def test_every_context_holds_exactly_its_declared_names(name):
    from pipeline.documents import DOCUMENTS

    filled = contexts(plan_of(name))
    for document in DOCUMENTS:
        for template, kind in document.templates.items():
            assert set(filled[template]) == set(get_type_hints(kind)), template


def test_fill_refuses_a_context_missing_a_name():
    with pytest.raises(KeyError, match="DecisionContext lacks"):
        ctx.fill(ctx.DecisionContext, {"council": "x"})


def test_the_council_package_is_computed_once_per_plan():
    plan = plan_of("alytus-2030")
    assert ctx.package(plan) is ctx.package(plan)
    assert ctx.decision_context(plan)["decision"] is ctx.note_context(plan)["decision"]
