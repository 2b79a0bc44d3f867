"""pandoc failures are one Lithuanian line: a full temporary folder, a truncated reference template."""

from __future__ import annotations

import errno

import pytest

from pipeline import cli, pandoc
from pipeline.build import build
from pipeline.errors import display_path

from .conftest import ROOT, refuse


def test_a_full_temporary_folder_is_a_message(alytus, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(pandoc.tempfile, "TemporaryDirectory", refuse(errno.ENOSPC))
    assert cli.main(["build", str(alytus), "plan", "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"klaida: rengiant plan iš {display_path(alytus)}: nepavyko paleisti pandoc: diske nebėra vietos"] \
        or err == ["klaida: nepavyko paleisti pandoc: diske nebėra vietos"], err
    assert not (tmp_path / "out").exists()


def test_a_truncated_template_is_a_message(alytus, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    for template in (ROOT / "templates").glob("*.docx"):
        (templates / template.name).write_bytes(template.read_bytes())
    data = (templates / "plan.docx").read_bytes()
    (templates / "plan.docx").write_bytes(data[: len(data) // 2])
    from pipeline.errors import StageError

    with pytest.raises(StageError) as raised:
        build(alytus, ["plan"], tmp_path / "out", templates=templates)
    message = str(raised.value)
    assert "sugadintas" in message and display_path(templates / "plan.docx") in message, message
    assert "\n" not in message and "pandoc:" not in message
    assert not (tmp_path / "out").exists()
