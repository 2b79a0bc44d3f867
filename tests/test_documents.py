"""The registry is the one place naming documents: every consumer agrees with it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from pipeline.commands import cli
from pipeline.content import ledger
from pipeline.content.plan import checked, load_plan
from pipeline.documents.registry import BY_KIND, CONTENT_FILES, DOCUMENTS, SETS, in_sets, missing_files

from .conftest import CONTENT, ROOT, SAMPLES, plan_of


def test_every_kind_is_named_once_and_belongs_to_a_set():
    assert len(BY_KIND) == len(DOCUMENTS)
    assert all(d.sets and set(d.sets) <= set(SETS) for d in DOCUMENTS)
    assert SETS[-1] == "all"


def test_each_document_renders_one_way():
    for document in DOCUMENTS:
        ways = [document.render, document.context, document.contexts]
        assert sum(way is not None for way in ways) == 1, document.kind
        assert document.render is not None or len(document.templates) == 1, document.kind


@pytest.mark.parametrize("name, kinds", [
    (["order"], ["order"]),
    (["plan"], ["decision", "plan", "monitoring", "explanatory-note", "consultation"]),
    (["order", "concept"], ["order", "concept", "concept-decision", "concept-explanatory-note"]),
    (["all"], [d.kind for d in DOCUMENTS if d.kind not in ("report", "amendment")]),
    (["report"], ["report"]),
    (["all", "report"], [d.kind for d in DOCUMENTS if d.kind != "amendment"]),
    (["amendment"], ["amendment"]),
])
def test_sets_hold_their_documents_in_table_order(name, kinds):
    assert [d.kind for d in in_sets(name)] == kinds


def test_missing_files_name_the_documents_needing_them(tiny):
    missing = missing_files(tiny)
    assert missing["strategija.yaml"] == ["concept.docx", "concept-decision.docx", "concept-explanatory-note.docx",
                                          "decision.docx", "plan.docx", "monitoring.docx", "explanatory-note.docx",
                                          "report.docx", "report-decision.docx", "report-explanatory-note.docx",
                                          "plan.docx", "amendment-decision.docx", "amendment-explanatory-note.docx", "monitoring.docx"]
    assert missing["koncepcija.yaml"] == ["concept.docx", "concept-decision.docx", "concept-explanatory-note.docx"]
    assert "planas.yaml" not in missing
    assert missing_files(tiny, (BY_KIND["order"],)) == {}


def test_the_command_line_offers_exactly_the_sets(capsys):
    with pytest.raises(SystemExit):
        cli.main(["build", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())  # argparse wraps the line where it will
    assert f"{', '.join(SETS[:-1])} arba {SETS[-1]}" in help_text


def test_the_makefile_takes_the_sets_from_the_pipeline(capsys):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "$(PY) -m pipeline sets --make > $@.part" in makefile and not re.search(r"^SETS :=", makefile, re.M)
    cli.main(["sets", "--make"])
    assert capsys.readouterr().out == f"SETS := {' '.join(SETS)}\n"


def _declared(plan, sets: list[str]) -> list[str]:
    return sorted(o.name for d in in_sets(sets) for o in d.outputs(plan))


@pytest.mark.parametrize("name", SAMPLES)
def test_each_sample_s_declared_outputs_are_exactly_the_files_its_build_makes(name, built_plans, built_reports,
                                                                               built_amendments):
    plan, problems = load_plan(CONTENT / name, declared=CONTENT_FILES)  # with minutes and consultation, as built
    assert plan is not None, problems
    assert _declared(plan, ["all"]) == sorted(p.name for p in built_plans[name].glob("*.docx"))
    plan.derived.report_year = max(plan.reports)  # the build's default: the latest year with data
    assert _declared(plan, ["report"]) == sorted(p.name for p in built_reports[name].glob("*.docx"))
    if name in built_amendments:  # made against the edition in force: whether the methodology changed decides
        edition = ledger.read(plan.root).in_force(dt.date.today())
        plan.derived.approved = load_plan(edition.content, text_only=True)[0]
        assert _declared(plan, ["amendment"]) == sorted(p.name for p in built_amendments[name].glob("*.docx"))


def test_every_declared_output_has_a_title_and_the_act_of_its_document():
    plan = plan_of("kaunas-2030")
    for document in DOCUMENTS:
        for output in document.outputs(plan):
            assert output.title and output.name.endswith(".docx"), output
            assert (output.act.act if output.act else None) == document.act, output
    orders = BY_KIND["order"].outputs(plan)
    assert [(o.name, o.act.number) for o in orders] == [("order.docx", "M-21"), ("order-koordinacine.docx", "M-17"),
                                                        ("regulations.docx", "M-21")]


def test_rendering_a_file_the_document_does_not_declare_stops_the_build():
    plan = plan_of("alytus-2030")
    undeclared = dataclasses.replace(BY_KIND["concept"], made=lambda plan: [])
    with pytest.raises(RuntimeError, match=r"concept: rendered \['concept.docx'\], declared \[\]"):
        undeclared.files(plan, ROOT / "templates")


def test_a_meeting_s_protocol_is_titled_by_its_group_and_day():
    plan, _ = checked(CONTENT / "alytus-2030", CONTENT_FILES)
    titles = {o.name: o.title for o in BY_KIND["minutes"].outputs(plan)}
    assert titles["minutes-01-2020-09-15.docx"] == (
        "Ekonomikos ir verslo aplinkos darbo grupės 2020 m. rugsėjo 15 d. posėdžio protokolas")
