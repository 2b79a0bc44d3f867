"""The documents page's groups: a built file joins the act its document declares it belongs to."""

from __future__ import annotations

import dataclasses
import datetime as dt

from pipeline.content import ledger
from pipeline.documents import made, registry
from pipeline.outputs.site.listing import Listed, act_groups

from .conftest import plan_of

DAY = dt.date(2025, 1, 1)


def _built(*names: str) -> list[tuple[Listed, bytes]]:
    return [(Listed(name, "Word" if name.endswith(".docx") else "PDF", "1\u00a0KB"), b"not a zip") for name in names]


def _group_of(groups, name: str):
    (group,) = [g for g in groups if any(f.name == name for row in g.rows for f in row.files)]
    return group


def test_a_report_file_joins_its_year_s_act_by_what_the_registry_declares_not_by_its_name(monkeypatch):
    # Renamed so that its name says "concept" and no year at its end: only the registry knows it is 2024's report.
    renamed = [dataclasses.replace(d, made=lambda plan: [dataclasses.replace(o, name=f"concept-{o.act.year}-"
                                                                                     f"{o.name[:-5]}-galutinis.docx")
                                                         for o in made.report(plan)])
               if d.kind == "report" else d for d in registry.DOCUMENTS]
    monkeypatch.setattr(registry, "DOCUMENTS", tuple(renamed))
    plan = plan_of("kaunas-2030")
    built = _built("concept-2024-report-2024-galutinis.docx", "concept-2024-report-2024-galutinis.pdf",
                   "concept-2023-report-decision-2023-galutinis.docx", "concept.docx")
    groups, files = act_groups(plan, ledger.read(plan.root), built, DAY)
    report = _group_of(groups, "concept-2024-report-2024-galutinis.docx")
    assert report.title == "2024 metų įgyvendinimo ataskaita: projektas, dar nepriimtas" and not report.adopted
    assert [f.name for row in report.rows for f in row.files] == ["concept-2024-report-2024-galutinis.docx",
                                                                   "concept-2024-report-2024-galutinis.pdf"]
    adopted = _group_of(groups, "concept-2023-report-decision-2023-galutinis.docx")  # joins the recorded 2023 act
    assert adopted.title == "2023 metų įgyvendinimo ataskaita: tarybos 2024 m. birželio 12 d. sprendimas Nr. T-223"
    assert _group_of(groups, "concept.docx").title.startswith("Plano koncepcija: ")
    assert {listed.name for listed, _ in built} <= set(files)


def test_a_file_no_document_declares_and_minutes_go_with_the_plan_s_approval():
    plan = plan_of("alytus-2030")  # no edition recorded: the plan's approval is a draft
    built = _built("senas-dokumentas.docx", "minutes-01-2020-10-06.docx", "decision.docx")
    groups, files = act_groups(plan, ledger.read(plan.root), built, DAY)
    assert [g.title for g in groups] == ["Plano patvirtinimas: projektas, dar nepriimtas"]
    assert [f.name for row in groups[0].rows for f in row.files] == ["senas-dokumentas.docx",
                                                                      "minutes-01-2020-10-06.docx", "decision.docx"]
    assert set(files) == {"senas-dokumentas.docx", "minutes-01-2020-10-06.docx", "decision.docx"}
