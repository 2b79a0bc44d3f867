"""Nothing outside the plan folder is read: links out of it, pipes and names that are not UTF-8 are refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


from pipeline.core.errors import display_path

from .conftest import ROOT, copy_plan, run_cli


# ---------------------------------------------------------------- nothing outside the plan is read


SECRET = "SLAPTAS-TEKSTAS-UZ-PLANO-RIBU"


@pytest.fixture
def secret(tmp_path) -> Path:
    """A file and a folder outside the plan, holding text that must never reach a document."""
    outside = tmp_path / "outside"
    (outside / "skyriai").mkdir(parents=True)
    (outside / "secret.md").write_text(f"{SECRET}\n", encoding="utf-8")
    (outside / "skyriai" / "01-x.md").write_text(f"{SECRET}\n", encoding="utf-8")
    (outside / "strategija.yaml").write_text(f"vizija: {SECRET}\n", encoding="utf-8")
    return outside


def _link_chapter(root: Path, outside: Path) -> str:
    (root / "grupes/01/skyriai/02-x.md").symlink_to(outside / "secret.md")
    return "grupes/01/skyriai/02-x.md"


def _link_chapters_folder(root: Path, outside: Path) -> str:
    folder = root / "grupes/02/skyriai"
    for chapter in folder.iterdir():
        chapter.unlink()
    folder.rmdir()
    folder.symlink_to(outside / "skyriai")
    return "grupes/02/skyriai"


def _link_introduction(root: Path, outside: Path) -> str:
    (root / "tekstai/ivadas.md").unlink()
    (root / "tekstai/ivadas.md").symlink_to(outside / "secret.md")
    return "tekstai/ivadas.md"


def _link_strategy(root: Path, outside: Path) -> str:
    (root / "strategija.yaml").unlink()
    (root / "strategija.yaml").symlink_to(outside / "strategija.yaml")
    return "strategija.yaml"


def _link_stray(root: Path, outside: Path) -> str:
    (root / "pastabos.txt").symlink_to(outside / "secret.md")
    return "pastabos.txt"


LINKS = [_link_chapter, _link_chapters_folder, _link_introduction, _link_strategy, _link_stray]
OUT_OF_PLAN = "nuoroda (symlink) veda už plano aplanko ribų: tokio failo skaityti negalima"


@pytest.mark.parametrize("make_link", LINKS, ids=lambda f: f.__name__.removeprefix("_link_"))
def test_a_link_out_of_the_plan_is_refused_by_check_and_build(make_link, alytus, secret, tmp_path):
    rel = make_link(alytus, secret)
    expected = f"{alytus / rel}: {OUT_OF_PLAN}"
    checked = run_cli("check", str(alytus))
    assert checked.returncode == 1
    assert expected in checked.stdout.splitlines(), checked.stdout
    assert "Traceback" not in checked.stdout + checked.stderr
    out = tmp_path / "out"
    built = run_cli("build", str(alytus), "all", "--out", str(out))
    assert built.returncode == 1
    assert expected in built.stderr.splitlines(), built.stderr
    assert SECRET not in built.stdout + built.stderr
    assert not out.exists()


def test_a_link_to_a_picture_out_of_the_plan_is_refused(alytus, tmp_path):
    from .conftest import png

    picture = tmp_path / "outside.png"
    picture.write_bytes(png())
    (alytus / "herbas.png").symlink_to(picture)
    planas = alytus / "planas.yaml"
    planas.write_text(planas.read_text(encoding="utf-8") + "herbas: herbas.png\n", encoding="utf-8")
    result = run_cli("check", str(alytus))
    assert result.returncode == 1
    assert f"{alytus / 'herbas.png'}: {OUT_OF_PLAN}" in result.stdout.splitlines()


def test_links_that_stay_inside_the_plan_are_fine(alytus, tmp_path):
    chapter = alytus / "grupes/01/skyriai/01-ekonomika-ir-verslo-aplinka.md"
    shared = alytus / "bendri"
    shared.mkdir()
    (shared / "tekstas.md").write_text("Bendras tekstas per nuorodą.\n", encoding="utf-8")
    (chapter.parent / "02-bendras.md").symlink_to(Path("../../../bendri/tekstas.md"))
    result = run_cli("build", str(alytus), "plan", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    from .conftest import text_of

    assert "Bendras tekstas per nuorodą." in text_of(tmp_path / "out" / "plan.docx")


def test_a_pipe_in_the_plan_is_refused_without_waiting(alytus):
    pipe = alytus / "grupes/01/skyriai/02-kanalas.md"
    os.mkfifo(pipe)
    result = subprocess.run([sys.executable, "-m", "pipeline", "check", str(alytus)], cwd=ROOT,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert (f"{pipe}: tai ne paprastas failas (įrenginys, kanalas ar lizdas): pašalinkite jį"
            in result.stdout.splitlines())


def test_a_file_name_that_is_not_utf8_is_named_not_a_traceback(alytus, tmp_path):
    folder = os.fsencode(alytus / "grupes/01/skyriai")
    with open(folder + b"/02-\xe0\xe8.md", "wb") as handle:
        handle.write(b"Tekstas.\n")
    for command in (["check", str(alytus)], ["build", str(alytus), "all", "--out", str(tmp_path / "out")]):
        result = run_cli(*command)
        assert result.returncode == 1
        assert "Traceback" not in result.stdout + result.stderr
        line = f"{alytus}/grupes/01/skyriai/02-\\xe0\\xe8.md: failo ar aplanko pavadinimas ne UTF-8 koduotės: pervadinkite jį"
        assert line in (result.stdout + result.stderr).splitlines()
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["02-a;echo INJECTED.md", "02-a\nb.md", "02-100%.md", "02-a\\b.md"])
def test_a_name_that_make_would_read_as_a_command_or_pattern_is_refused(alytus, tmp_path, name):
    """make reads content paths from the dependency files a build writes: ";" or a line break there
    would start a command."""
    path = alytus / "grupes" / "01" / "skyriai" / name
    path.write_text("Tekstas.\n", encoding="utf-8")
    shown = display_path(path)
    assert "\n" not in shown
    for command in (["check", str(alytus)], ["build", str(alytus), "all", "--out", str(tmp_path / "out")]):
        result = run_cli(*command)
        assert result.returncode == 1
        assert (f"{shown}: failo ar aplanko pavadinime yra simbolis, kurio negalima naudoti („;“, „%“, „\\“ ar "
                "valdymo simbolis): pervadinkite jį") in (result.stdout + result.stderr).splitlines()
    assert not (tmp_path / "out").exists()


def test_a_plan_folder_whose_own_name_make_cannot_carry_is_refused(tmp_path):
    root = copy_plan("alytus-2030", tmp_path / "a;b")
    unsafe = root.parent / "alytus;2030"
    root.rename(unsafe)
    result = run_cli("check", str(unsafe))
    assert result.returncode == 1
    assert f"{unsafe}: plano aplanko pavadinime yra simbolis" in result.stdout
