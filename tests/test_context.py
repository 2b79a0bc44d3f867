"""Each template receives exactly what its context type declares, filled from the sample plans."""

from __future__ import annotations

from typing import get_type_hints

import pytest

from pipeline.documents import context as ctx, context_types as ct
from pipeline.documents.markdown import Places

from .conftest import CONTENT, SAMPLES, plan_of


def contexts(plan) -> dict[str, dict]:
    """Return a context for every template: each document's own context function, and the two that
    render in their own way (the orders and their regulations, the plan with its Markdown, the
    yearly report of the latest year)."""
    from pipeline.documents.registry import DOCUMENTS

    filled = {name: d.context(plan) for d in DOCUMENTS if d.context for name in d.templates}
    places = Places(list(ctx.markdown_parts(plan)))
    return filled | {
        "order.docx": ctx.order_context(plan, plan.facts.orders[0], "order.docx"),
        "regulations.docx": ctx.regulations_context(plan),
        "plan.docx": ctx.plan_context(plan, places),
        "report.docx": ctx.report_context(plan, max(plan.reports)),
        "report-decision.docx": ctx.report_decision_context(plan, max(plan.reports)),
        "report-explanatory-note.docx": ctx.report_note_context(plan, max(plan.reports)),
    } | (amendment_contexts(plan) if plan.amendment else {})


def amendment_contexts(plan) -> dict[str, dict]:
    """The amending documents' contexts, against the sample's edition in force (its ledger, redakcijos/)."""
    from pipeline.life import amend
    from pipeline.content.plan import load_plan

    from .conftest import ROOT

    import datetime as dt

    from pipeline.content import ledger

    plan.derived.approved = load_plan(ledger.read(plan.root).in_force(dt.date.today()).content)[0]
    changes = amend.changes(plan.derived.approved, plan)
    return {"amendment-decision.docx": ctx.amendment_decision_context(plan),
            "amendment-explanatory-note.docx": ctx.amendment_note_context(plan, changes)}


@pytest.mark.parametrize("name", SAMPLES)
def test_every_context_holds_exactly_its_declared_names(name):
    from pipeline.documents.registry import DOCUMENTS

    from pipeline.content.plan import load_plan
    from pipeline.documents.registry import CONTENT_FILES

    plan = plan_of(name)
    filled = contexts(plan)
    for document in (d for d in DOCUMENTS if (d.begun is None or d.begun(plan)) and d.contexts is None):
        for template, kind in document.templates.items():
            assert set(filled[template]) == set(get_type_hints(kind)), template
    with_own, _ = load_plan(CONTENT / name, declared=CONTENT_FILES)
    for document in (d for d in DOCUMENTS if d.contexts is not None):  # one context by file it makes
        (kind,) = document.templates.values()
        assert all(set(c) == set(get_type_hints(kind)) for c in document.contexts(with_own).values()), document.kind


def test_fill_refuses_a_context_missing_a_name():
    with pytest.raises(KeyError, match="DecisionContext lacks"):
        ctx.fill(ct.DecisionContext, {"council": "x"})


def test_the_council_package_is_computed_once_per_plan():
    plan = plan_of("alytus-2030")
    assert ctx.package(plan) is ctx.package(plan)
    assert ctx.decision_context(plan)["decision"] is ctx.monitoring_context(plan)["decision"]
