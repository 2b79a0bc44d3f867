"""The checked content model (pipeline/model.py): what little logic it has."""

from __future__ import annotations

from pathlib import Path

import yaml

from pipeline import schema
from pipeline.model import Group

from .conftest import TINY_GROUP


def test_members_are_listed_chair_deputies_secretary_then_members_each_in_file_order():
    data = yaml.safe_load(TINY_GROUP)
    data["nariai"] = [{"vardas": name, "lytis": "vyras", "pareigos": "p", "vaidmuo": role} for name, role in (
        ("A", "narys"), ("B", "sekretorius"), ("C", "pirmininko pavaduotojas"), ("D", "narys"),
        ("E", "pirmininkas"), ("F", "pirmininko pavaduotojas"))]
    group = Group(key="01", folder=Path("grupes/01"), info=schema.GroupFile.model_validate(data))
    assert [m.name for m in group.members_in_order()] == ["E", "C", "F", "B", "A", "D"]
