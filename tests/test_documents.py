"""The registry is the one place naming documents: every consumer agrees with it."""

from __future__ import annotations

import re

import pytest

from pipeline.commands import cli
from pipeline.documents.registry import BY_KIND, DOCUMENTS, SETS, in_sets, missing_files

from .conftest import ROOT


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
    help_text = capsys.readouterr().out
    assert f"{', '.join(SETS[:-1])} arba {SETS[-1]}" in help_text


def test_the_makefile_takes_the_sets_from_the_pipeline(capsys):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "$(PY) -m pipeline sets --make > $@.part" in makefile and not re.search(r"^SETS :=", makefile, re.M)
    cli.main(["sets", "--make"])
    assert capsys.readouterr().out == f"SETS := {' '.join(SETS)}\n"
