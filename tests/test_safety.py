"""Content is data, never code: nothing in a plan folder runs, reaches outside it, or breaks a build.

Each case builds or checks a copy of a sample plan with one hostile thing in it and asserts the
exit code, the exact message with its place, that no traceback appears, and that the output
folder is as it was.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from pipeline import cli, pandoc, write
from pipeline.build import build
from pipeline.errors import display_path
from pipeline.load import MAX_FILE_BYTES

from .conftest import ROOT, copy_plan, run_cli, snapshot

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Every form of tag docxtpl and Jinja know, and docxtpl's escapes of them.
TAGS = "{{ 7*7 }} {% for x in range(3) %}L{% endfor %} {%p if 1 %} {{r x }} {{p x }} {_{ y }_} {#c#} {%- raw %}"


def _markdown(tags: str) -> str:
    """Return the tags as Markdown source that reads back as exactly `tags` (underscores escaped)."""
    return tags.replace("_", "\\_")


def part_paragraphs(docx: Path, part: str) -> list[str]:
    """Return the text of every paragraph of one part of a .docx (word/document.xml, word/footnotes.xml)."""
    from lxml import etree

    with zipfile.ZipFile(docx) as package:
        root = etree.fromstring(package.read(part))
    return ["".join(t.text or "" for t in p.iter(W + "t")) for p in root.iter(W + "p")]



# ---------------------------------------------------------------- content is never template source


HOSTILE_CHAPTER = f"""
## Antraštė {_markdown(TAGS)} pabaiga

Pastraipa {_markdown(TAGS)} pabaiga.

| Stulpelis | Kitas |
|---|---|
| Lentelė {_markdown(TAGS)} pabaiga | x |

- Sąrašas {_markdown(TAGS)} pabaiga

> Citata {_markdown(TAGS)} pabaiga

[Nuoroda {_markdown(TAGS)} pabaiga](https://www.example.lt/)

Tekstas su išnaša[^x].

[^x]: Išnaša {_markdown(TAGS)} pabaiga
"""


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """Alytus with every tag form in each Markdown position and in YAML values, built whole."""
    root = copy_plan("alytus-2030", tmp_path_factory.mktemp("hostile"))
    chapter = root / "grupes/01/skyriai/01-ekonomika-ir-verslo-aplinka.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + HOSTILE_CHAPTER, encoding="utf-8")
    quoted = TAGS.replace("'", "''")
    strategy = root / "strategija.yaml"
    text = strategy.read_text(encoding="utf-8")
    text = re.sub(r"vizija: >-\n(  .*\n)+", f"vizija: 'Vizija {quoted} pabaiga'\n", text, count=1)
    strategy.write_text(text, encoding="utf-8")
    goals = root / "grupes/01/tikslai.yaml"
    text = goals.read_text(encoding="utf-8")
    goals.write_text(re.sub(r"(?m)^  - pavadinimas: Didinti.*$", f"  - pavadinimas: 'Tikslas {quoted} pabaiga'", text,
                            count=1), encoding="utf-8")
    group = root / "grupes/01/grupe.yaml"
    text = group.read_text(encoding="utf-8")
    group.write_text(re.sub(r"(?m)^veikla: .*$", f"veikla: 'veikla {quoted} pabaiga'", text, count=1), encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-out")
    result = run_cli("build", str(root), "all", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("word", ["Antraštė", "Pastraipa", "Lentelė", "Sąrašas", "Citata", "Nuoroda"])
def test_markdown_tags_come_out_as_typed(hostile_build, word):
    texts = part_paragraphs(hostile_build / "plan.docx", "word/document.xml")
    assert f"{word} {TAGS} pabaiga" in [t.strip(" .") for t in texts]


def test_footnote_tags_come_out_as_typed(hostile_build):
    texts = part_paragraphs(hostile_build / "plan.docx", "word/footnotes.xml")
    assert any(t.strip().endswith(f"Išnaša {TAGS} pabaiga") for t in texts), texts


@pytest.mark.parametrize("document, text", [
    ("plan.docx", f"Vizija {TAGS} pabaiga"),
    ("concept.docx", f"Vizija {TAGS} pabaiga"),
    ("plan.docx", f"Tikslas {TAGS} pabaiga"),
    ("regulations.docx", f"veikla {TAGS} pabaiga"),
])
def test_yaml_tags_come_out_as_typed(hostile_build, document, text):
    body = "\n".join(part_paragraphs(hostile_build / document, "word/document.xml"))
    assert text in body


def test_no_part_of_any_document_was_evaluated(hostile_build):
    for document in hostile_build.glob("*.docx"):
        with zipfile.ZipFile(document) as package:
            for name in package.namelist():
                if name.endswith(".xml"):
                    xml = package.read(name).decode("utf-8")
                    assert "49 " not in re.sub(r"<[^>]+>", "", xml).replace("{{ 7*7 }}", ""), (document, name)
                    assert "LLL" not in xml, (document, name)


# ---------------------------------------------------------------- nothing outside the plan is read


SECRET = "SLAPTAS-TEKSTAS-UZ-PLANO-RIBU"


@pytest.fixture
def alytus(tmp_path) -> Path:
    return copy_plan("alytus-2030", tmp_path / "plans")


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


# ---------------------------------------------------------------- bounded work


def test_aliases_that_expand_a_small_file_are_refused_quickly(alytus):
    big = "x" * 100_000
    (alytus / "sprendimas.yaml").write_text(f"a: &a {big}\nb: [" + ", ".join(["*a"] * 1000) + "]\n",
                                            encoding="utf-8")
    started = time.monotonic()
    result = run_cli("check", str(alytus))
    assert time.monotonic() - started < 10  # a guard against a hang, not a speed measurement
    assert result.returncode == 1
    assert (f"{alytus / 'sprendimas.yaml'}:2: YAML nuorodos („*“) išplečia failą iki 2148 KB (leidžiama iki "
            f"{MAX_FILE_BYTES // 1024} KB): tekstą kartokite jį perrašydami, o ne nuorodomis") in result.stdout.splitlines()


def test_a_few_aliases_are_still_fine(tiny):
    planas = tiny / "planas.yaml"
    text = planas.read_text(encoding="utf-8").replace("miestas: Bandomasis", "miestas: &m Bandomasis\nx_miestas: *m")
    planas.write_text(text.replace("x_miestas: *m\n", ""), encoding="utf-8")
    assert cli.main(["check", str(tiny)]) == 0


def test_markdown_beyond_its_budget_is_refused(alytus):
    chapter = alytus / "grupes/01/skyriai/01-ekonomika-ir-verslo-aplinka.md"
    filler = ("Ilgas tekstas. " * 60 + "\n\n") * 1200  # 1.08 MB in one file, under the 2 MB file limit
    chapter.write_text(filler, encoding="utf-8")
    result = run_cli("check", str(alytus))
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if "per dideli" in line]
    assert len(lines) == 1, result.stdout
    assert lines[0].endswith(": plano Markdown tekstai kartu per dideli: šiuo failu viršijama 1024 KB riba; "
                             "jis ir tolesni neskaityti"), result.stdout


def test_a_control_character_written_as_an_escape_is_an_error(tiny):
    planas = tiny / "planas.yaml"
    planas.write_text(planas.read_text(encoding="utf-8").replace("miestas: Bandomasis", 'miestas: "Bando\\x01masis"'),
                      encoding="utf-8")
    result = run_cli("check", str(tiny))
    assert result.returncode == 1
    assert (f"{planas}:4: neleistinas valdymo simbolis U+0001 (parašytas kaip „\\“ seka): jo negali būti Word "
            "dokumente") in result.stdout.splitlines()


# ---------------------------------------------------------------- no traceback, ever


def test_out_that_is_a_file_is_a_message(tiny, tmp_path):
    target = tmp_path / "byla"
    target.write_text("x")
    for out, message in ((target, f"klaida: išvesties aplankas {target} negali būti sukurtas: tai failas, o ne aplankas"),
                         (target / "po", f"klaida: išvesties aplankas {target / 'po'} negali būti sukurtas: tai failas, "
                                         f"o ne aplankas (kelyje esantis {target} yra failas)")):
        result = run_cli("build", str(tiny), "order", "--out", str(out))
        assert result.returncode == 1
        assert result.stderr.splitlines() == [message]
    assert target.read_text() == "x"


def _refuse(error: int):
    def refused(*args, **kwargs):
        raise OSError(error, os.strerror(error))
    return refused


def test_a_read_only_output_folder_is_a_message(tiny, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    build(tiny, ["order"], out)
    before = snapshot(out)
    monkeypatch.setattr(write.tempfile, "mkstemp", _refuse(errno.EROFS))
    assert cli.main(["build", str(tiny), "order", "--out", str(out), "--force"]) == 1
    assert capsys.readouterr().err.splitlines() == [f"klaida: nepavyko įrašyti į {out}: laikmena skirta tik skaityti"]
    assert snapshot(out) == before


def test_a_read_only_output_folder_with_nothing_changed_is_a_message(tiny, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    build(tiny, ["order"], out)
    before = snapshot(out)
    monkeypatch.setattr(write.tempfile, "mkstemp", _refuse(errno.EACCES))
    assert cli.main(["build", str(tiny), "order", "--out", str(out)]) == 1
    assert capsys.readouterr().err.splitlines() == [f"klaida: nepavyko įrašyti į {out}: nėra teisės"]
    assert snapshot(out) == before


def test_a_full_temporary_folder_is_a_message(alytus, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(pandoc.tempfile, "TemporaryDirectory", _refuse(errno.ENOSPC))
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


# ---------------------------------------------------------------- killed at any moment


def test_temporary_files_a_killed_build_left_are_removed(tiny, tmp_path):
    out = tmp_path / "out"
    build(tiny, ["order"], out)
    stale = out / ".order.docx.ab12cd34.tmp"
    stale.write_bytes(b"half")
    build(tiny, ["order"], out)
    assert not stale.exists()


def test_a_document_replaced_by_hand_is_not_taken_as_fresh(tiny, tmp_path):
    out = tmp_path / "out"
    build(tiny, ["order"], out)
    good = (out / "order.docx").read_bytes()
    (out / "order.docx").write_bytes(b"not the document this build wrote")
    result = build(tiny, ["order"], out)
    assert out / "order.docx" in result.written
    assert (out / "order.docx").read_bytes() == good


def test_a_build_waits_for_another_one_writing_the_same_folder_and_says_so(tiny, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    handle = os.open(out / write.LOCK_NAME, os.O_RDWR | os.O_CREAT)
    fcntl.flock(handle, fcntl.LOCK_EX)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "build", str(tiny), "order", "--out", str(out)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        first = process.stderr.readline()
        assert first.strip() == f"{out}: laukiama, kol baigsis kitas rengimas į šį aplanką…"
        assert not (out / "order.docx").exists()
    finally:
        os.close(handle)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert (out / "order.docx").exists()


def test_two_builds_of_different_content_leave_a_consistent_folder(tiny, tmp_path):
    import json
    import shutil

    from pipeline import inputs
    from pipeline.content import load_plan
    from pipeline.documents import BY_KIND

    from .conftest import text_of

    other = tmp_path / "other" / tiny.name
    shutil.copytree(tiny, other)
    planas = other / "planas.yaml"
    planas.write_text(planas.read_text(encoding="utf-8").replace("numeris: M-1", "numeris: M-77"), encoding="utf-8")
    number = {inputs.digest(load_plan(root)[0], BY_KIND["order"], ROOT / "templates"): (root, n)
              for root, n in ((tiny, "Nr. M-1"), (other, "Nr. M-77"))}
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(4):
        runs = [subprocess.Popen([sys.executable, "-m", "pipeline", "build", str(root), "order", "--out", str(out)],
                                 cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
                for root in (tiny, other)]
        for run in runs:
            run.communicate(timeout=60)
            assert run.returncode == 0
        # The record names the content the documents there were made from, whichever build came last.
        record = json.loads((out / inputs.record_name("order")).read_text(encoding="utf-8"))
        root, expected = number[record["digest"]]
        assert expected in text_of(out / "order.docx").replace("\xa0", " ")
        assert build(root, ["order"], out).written == []
