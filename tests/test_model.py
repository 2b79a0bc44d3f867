"""The checked content model (pipeline/model.py): what little logic it has."""

from __future__ import annotations

from pathlib import Path

import yaml

from pipeline.content import schema

from pipeline.content import schema_life
from pipeline.content.model import Group

from .conftest import TINY_GROUP


def test_members_are_listed_chair_deputies_secretary_then_members_each_in_file_order():
    data = yaml.safe_load(TINY_GROUP)
    data["nariai"] = [{"vardas": name, "lytis": "vyras", "pareigos": "p", "vaidmuo": role} for name, role in (
        ("A", "narys"), ("B", "sekretorius"), ("C", "pirmininko pavaduotojas"), ("D", "narys"),
        ("E", "pirmininkas"), ("F", "pirmininko pavaduotojas"))]
    group = Group(key="01", folder=Path("grupes/01"), info=schema.GroupFile.model_validate(data))
    assert [m.name for m in group.members_in_order()] == ["E", "C", "F", "B", "A", "D"]


def test_an_act_is_a_draft_until_both_its_number_and_its_date_are_known():
    import datetime as dt

    day = dt.date(2022, 5, 24)
    for kind in (schema.Order, schema.Decision, schema_life.ReportDecision):
        assert kind.model_construct(number=None, date=None).is_draft
        assert kind.model_construct(number="T-250", date=None).is_draft, kind  # a number alone adopts nothing
        assert kind.model_construct(number=None, date=day).is_draft, kind
        assert not kind.model_construct(number="T-250", date=day).is_draft
