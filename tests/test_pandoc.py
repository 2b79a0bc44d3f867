"""pandoc failures are one Lithuanian line: a full temporary folder, a truncated reference template."""

from __future__ import annotations

import errno

import pytest

from pipeline.commands import cli
from pipeline.documents import pandoc
from pipeline.commands.build import Options, build
from pipeline.core.errors import display_path

from .conftest import ROOT, copy_plan, refuse


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
    from pipeline.core.errors import StageError

    with pytest.raises(StageError) as raised:
        build(alytus, ["plan"], tmp_path / "out", Options(templates=templates))
    message = str(raised.value)
    assert "sugadintas" in message and display_path(templates / "plan.docx") in message, message
    assert "\n" not in message and "pandoc:" not in message
    assert not (tmp_path / "out").exists()


# pandoc's Markdown reader is exponential in brackets it cannot resolve, even one deep each
# (jgm/pandoc#11687): 16 such lines in one paragraph take it longer than a few seconds.
SLOW_FOR_PANDOC = "\n".join(["[a.__b__]"] * 16) + "\n"
SLOW_MESSAGE = ("pandoc neperskaitė šio Markdown teksto per 2 s: taip būna, kai pastraipoje daug laužtinių skliaustų "
                "„[“, ypač neuždarytų – uždarykite juos, skliaustus, kurie nėra nuorodos, rašykite „\\[“, ilgą "
                "pastraipą suskaidykite")


def test_a_pandoc_timeout_names_the_chapter(alytus, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(pandoc, "TIME_LIMIT_S", 2)
    chapter = alytus / "grupes" / "02" / "skyriai" / "01-svietimas-sportas-kultura.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n" + SLOW_FOR_PANDOC, encoding="utf-8")
    assert cli.main(["check", str(alytus)]) == 0  # nothing the check can see: only pandoc's time shows it
    capsys.readouterr()
    assert cli.main(["build", str(alytus), "plan", "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"{display_path(chapter)}: {SLOW_MESSAGE}", "Rasta klaidų: 1. Niekas neįrašyta."], err
    assert not (tmp_path / "out").exists()


def test_a_pandoc_timeout_names_the_news_item(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(pandoc, "TIME_LIMIT_S", 2)
    root = copy_plan("kaunas-2030", tmp_path / "plans")
    news = root / "naujienos" / "2021-09-16-lėta.md"
    news.write_text("---\ndata: 2021-09-16\npavadinimas: Lėta naujiena\n---\n" + SLOW_FOR_PANDOC, encoding="utf-8")
    out = tmp_path / "site"
    assert cli.main(["site", str(root), "--out", str(out), "--documents", str(tmp_path / "docs")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"{display_path(news)}: {SLOW_MESSAGE}", "Rasta klaidų: 1. Niekas neįrašyta."], err
    assert not out.exists()


def test_a_pandoc_failure_names_the_news_item(tmp_path, monkeypatch, capsys):
    root = copy_plan("kaunas-2030", tmp_path / "plans")
    news = root / "naujienos" / "2021-09-16-lėta.md"
    news.write_text("---\ndata: 2021-09-16\npavadinimas: Lėta naujiena\n---\n" + SLOW_FOR_PANDOC, encoding="utf-8")
    monkeypatch.setattr(pandoc, "HEAP_LIMIT_MB", 2)  # pandoc's least heap (64 MB) is spent on this text at once
    out = tmp_path / "site"
    assert cli.main(["site", str(root), "--out", str(out), "--documents", str(tmp_path / "docs")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"{display_path(news)}: pandoc pritrūko atminties (riba 2 MB): {SLOW_MESSAGE.split(': ', 1)[1]}",
                   "Rasta klaidų: 1. Niekas neįrašyta."], err
    assert not out.exists()


def test_a_pandoc_failure_names_the_chapter(alytus, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(pandoc, "HEAP_LIMIT_MB", 2)
    chapter = alytus / "tekstai" / "ivadas.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n" + SLOW_FOR_PANDOC, encoding="utf-8")
    assert cli.main(["build", str(alytus), "plan", "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"{display_path(chapter)}: pandoc pritrūko atminties (riba 2 MB): {SLOW_MESSAGE.split(': ', 1)[1]}",
                   "Rasta klaidų: 1. Niekas neįrašyta."], err
    assert not (tmp_path / "out").exists()
