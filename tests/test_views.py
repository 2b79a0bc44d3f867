"""The plan's views carry indicator codes as lists, and what reads them takes each code whole."""

from __future__ import annotations

import json

import pytest

from pipeline.content.plan import load_plan
from pipeline.core.errors import ERROR
from pipeline.content.views import goals_by_priority
from pipeline.life.annual import _indicators_of
from pipeline.life.forms.layout import executor_forms
from pipeline.outputs.site.data import site_data
from pipeline.outputs.site.exports import plan_json

from .conftest import copy_plan, plan_of

# Alytus' first goal, renamed: one code the prefix of another, one with a comma and a space inside.
RENAMED = {"EK-04": "EK-1", "EK-05": "EK-10", "EK-06": "EK-6, turizmas"}
TOURISM = "VšĮ Alytaus turizmo informacijos centras"  # executes EK-P04; EK-06 is reported by another


@pytest.fixture(scope="module")
def renamed(tmp_path_factory):
    """Return Alytus with the renamed codes, loaded and checked."""
    root = copy_plan("alytus-2030", tmp_path_factory.mktemp("plans"), ledger=False)
    for path in [root / "grupes" / "01" / "tikslai.yaml", root / "stebesena" / "2024.yaml"]:
        text = path.read_text(encoding="utf-8")
        for old, new in RENAMED.items():
            text = (text.replace(f"[{old}]", json.dumps([new], ensure_ascii=False))
                    .replace(f"kodas: {old}\n", f"kodas: {json.dumps(new, ensure_ascii=False)}\n")
                    .replace(f"  {old}:\n", f"  {json.dumps(new, ensure_ascii=False)}:\n"))
        path.write_text(text, encoding="utf-8")
    plan, problems = load_plan(root)
    assert plan is not None and not [p for p in problems if p.severity == ERROR], problems
    assert set(RENAMED.values()) <= {i.code for g in plan.groups if g.goals for i in g.goals.indicators}
    return plan


def test_views_carry_codes_as_lists_and_their_text_is_derived():
    goal = goals_by_priority(plan_of("alytus-2030"))[0].goals[0]
    objective, measure = goal.objectives[0], goal.objectives[0].measures[0]
    assert (goal.indicators, objective.indicators, measure.indicators) == (("EK-01",), ("EK-02",), ("EK-04",))
    assert measure.partners[1] == "UAB „Dzūkijos vandenys“"
    assert measure.partners_text == ", ".join(measure.partners)
    assert goal.indicators_text == "EK-01" and objective.indicators_text == "EK-02"
    assert goal.all_indicators == ("EK-01", "EK-02", "EK-03", "EK-04", "EK-05", "EK-06")


def test_every_reader_takes_each_code_whole(renamed):
    goal = goals_by_priority(renamed)[0].goals[0]
    assert [m.indicators for m in goal.measures] == [("EK-1",), ("EK-10",), ("EK-6, turizmas",),
                                                     ("EK-6, turizmas",)]
    assert goal.objectives[1].measures[0].indicators_text == "EK-6, turizmas"
    assert {"EK-1", "EK-10", "EK-6, turizmas"} <= {i.code for i in _indicators_of(renamed, [goal])}
    tourism = next(f for f in executor_forms(renamed, 2024) if f.executor == TOURISM)
    assert [(i.code, who) for i, who in tourism.shown] == [
        ("EK-6, turizmas", "Alytaus miesto savivaldybės administracijos Miesto ūkio skyrius")]


def test_the_site_and_its_data_name_the_codes_given(renamed):
    priorities = goals_by_priority(renamed)
    codes = [i.code for g in renamed.groups if g.goals for i in g.goals.indicators]
    data = site_data(renamed, priorities, {c: f"rodiklis-{n}.html" for n, c in enumerate(codes)})
    assert [m.indicators for m in data.measures[:4]] == [("EK-1",), ("EK-10",), ("EK-6, turizmas",),
                                                         ("EK-6, turizmas",)]
    tourism = data.by_code()["EK-6, turizmas"]
    assert [number for number, _ in tourism.measures] == ["1.2.1", "1.2.2"]
    assert tourism.executors == tuple(sorted(["Alytaus miesto savivaldybės administracijos Miesto ūkio skyrius", TOURISM]))
    shown = [s.code for s in data.priorities[0].goals[0].indicators]
    assert shown == list(priorities[0].goals[0].all_indicators)
    document = json.loads(plan_json(renamed, data, priorities, {}))
    assert document["prioritetai"][0]["tikslai"][0]["uždaviniai"][1]["rodikliai"] == ["EK-03"]
    assert [m["rodikliai"] for m in document["priemonės"][:4]] == [["EK-1"], ["EK-10"], ["EK-6, turizmas"],
                                                                   ["EK-6, turizmas"]]
