"""The rulebook: one table of the rules that span files, run by one loop that skips a rule whose parts are missing."""

from __future__ import annotations

import contextlib
import inspect
import io

from pipeline.commands import cli
from pipeline.content import rulebook, rules, rules_goals, rules_life, schema
from pipeline.content.files import ContentFile
from pipeline.content.parts import Parts, Rule
from pipeline.content.plan import load_plan

PLAN = schema.keys(schema.PlanFile)


def _check(root) -> tuple[int, list[str]]:
    """Run `check` in-process (so that a rule registered by the test is seen); return its code and its lines."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        code = cli.main(["check", str(root)])
    return code, output.getvalue().splitlines()


def _city(report, parts: Parts) -> None:
    report.error(parts.facts_file, (PLAN.city,), f"miestas {parts.facts.city}: bandomoji taisyklė")


def test_a_rule_added_to_the_table_runs_with_no_other_change(tiny, monkeypatch):
    assert _check(tiny)[0] == 0
    monkeypatch.setattr(rulebook, "RULES", rulebook.RULES + (Rule("bandymas", ("facts",), _city),))
    code, lines = _check(tiny)
    assert code == 1
    assert f"{tiny / 'planas.yaml'}:4: miestas Bandomasis: bandomoji taisyklė" in lines  # miestas: is line 4
    assert not any("Traceback" in line for line in lines)


def test_every_rule_function_of_the_rules_modules_is_in_the_table():
    entries = {rule.check for rule in rulebook.RULES}
    taking_parts = [function for module in (rules, rules_goals, rules_life)
                    for _, function in inspect.getmembers(module, inspect.isfunction)
                    if function.__module__ == module.__name__
                    and list(inspect.signature(function).parameters) == ["report", "parts"]]
    assert len(taking_parts) == len(rulebook.RULES)
    assert set(taking_parts) == entries


def test_a_rule_whose_part_is_missing_is_skipped(tiny, monkeypatch):
    ran: list[str] = []
    recording = (Rule("plano duomenys", ("facts",), lambda report, parts: ran.append("facts")),
                 Rule("strategija", ("strategy",), lambda report, parts: ran.append("strategy")),
                 Rule("stebėsena ir metai", ("monitoring", "report_files"), lambda report, parts: ran.append("life")))
    monkeypatch.setattr(rulebook, "RULES", recording)
    plan, problems = load_plan(tiny)  # planas.yaml and a group: no strategija.yaml, stebesena.yaml or stebesena/
    assert plan is not None and ran == ["facts"]


def test_a_content_only_rule_is_skipped_on_an_adopted_editions_text(tiny, monkeypatch):
    ran: list[bool] = []
    monkeypatch.setattr(rulebook, "RULES", (Rule("kalendorius", (), lambda r, parts: ran.append(parts.text_only),
                                                 content_only=True),))
    load_plan(tiny)
    load_plan(tiny, text_only=True)
    assert ran == [False]


class _Note(schema.Model):
    text: str = schema.F("tekstas", "Pastaba")


def _named_group(report, parts: Parts) -> None:
    keys = {g.key for g in parts.groups}
    for loaded in parts.extra["notes"]:
        if loaded.data.text not in keys:
            report.error(loaded.file, (schema.key(_Note, "text"),), f"nežinoma grupė „{loaded.data.text}“")


NOTES = ContentFile("pastabos/*.yaml", _Note, "pastaba", "pastaba.schema.json", key="notes",
                    rule=Rule("pastabos grupė", ("notes",), _named_group))


def test_a_documents_content_file_brings_its_rule_to_the_same_loop(tiny, monkeypatch):
    ran: list[str] = []
    monkeypatch.setattr(rulebook, "RULES", (Rule("plano duomenys", ("facts",), lambda r, p: ran.append("table")),))
    tracing = NOTES.rule.check
    traced = ContentFile(NOTES.glob, NOTES.model, NOTES.title, NOTES.schema_name, key=NOTES.key,
                         rule=Rule(NOTES.rule.name, NOTES.rule.reads,
                                   lambda r, p: (ran.append("notes"), tracing(r, p))))
    plan, _ = load_plan(tiny, declared=(traced,))
    assert plan is not None and ran == ["table"]  # no pastabos/: its rule is skipped
    note = tiny / "pastabos" / "a.yaml"
    note.parent.mkdir()
    note.write_text("tekstas: '02'\n", encoding="utf-8")
    ran.clear()
    plan, problems = load_plan(tiny, declared=(traced,))
    assert ran == ["table", "notes"] and plan is None
    assert [str(p) for p in problems] == [f"{note}:1: nežinoma grupė „02“"]
