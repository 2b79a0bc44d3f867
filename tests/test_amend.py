"""Amendments: the amending decision, the new edition, the comparative version in tracked changes, the note."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile

import pytest
from lxml import etree

from pipeline.commands.build import Options, build
from pipeline.core.errors import ContentError

from pipeline.content.plan import load_plan

from .conftest import CONTENT, ROOT, copy_plan, paragraphs, plain, plan_of, run_cli

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The sample's approved edition, as its ledger recorded it (redakcijos/).
APPROVED = CONTENT / "klaipeda-2030" / "redakcijos" / "2021-03-25-t2-57-planas" / "turinys"
DOCUMENTS = ["amendment-decision.docx", "amendment-plan.docx", "amendment-comparison.docx",
             "amendment-explanatory-note.docx", "amendment-monitoring.docx"]  # an indicator's target changed


def body_of(path_or_bytes):
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")).find(W + "body")


def resolve(body, accept: bool):
    """Accept or reject every tracked change, as Word's "Accept all" / "Reject all" would."""
    gone, kept = (W + "del", W + "ins") if accept else (W + "ins", W + "del")
    for row in list(body.iter(W + "tr")):
        if row.find(f"{W}trPr/{gone}") is not None:
            row.getparent().remove(row)
    for paragraph in list(body.iter(W + "p")):
        if paragraph.find(f"{W}pPr/{W}rPr/{gone}") is not None:
            paragraph.getparent().remove(paragraph)
    for element in list(body.iter(gone)):
        if element.getparent() is not None:
            element.getparent().remove(element)
    for element in list(body.iter(kept)):
        parent = element.getparent()
        if parent.tag in (W + "rPr", W + "trPr"):
            parent.remove(element)
            continue
        index = parent.index(element)
        for child in list(element):
            parent.insert(index, child)
            index += 1
        parent.remove(element)
    for text in body.iter(W + "delText"):
        text.tag = W + "t"
    return body


def texts(body) -> list[str]:
    """Every paragraph's text, table cells included, after the approval mark (and the comparison's title)."""
    out = ["".join(t.text or "" for t in p.iter(W + "t")) for p in body.iter(W + "p")]
    return out[out.index("") + 1:]  # the mark ends with an empty paragraph


def cells(body) -> list[list[str]]:
    return [["".join(t.text or "" for t in c.iter(W + "t")) for c in row.iter(W + "tc")] for row in body.iter(W + "tr")]


@pytest.fixture(scope="module")
def amended(tmp_path_factory):
    out = tmp_path_factory.mktemp("amendment")
    build(CONTENT / "klaipeda-2030", ["amendment"], out, Options(since=str(APPROVED)))
    approved_out = tmp_path_factory.mktemp("approved")
    build(APPROVED, ["plan"], approved_out)
    return out, approved_out / "plan.docx"


def test_it_makes_its_documents(amended):
    out, _ = amended
    assert sorted(p.name for p in out.glob("*.docx")) == sorted(DOCUMENTS)


def test_accept_all_gives_the_new_edition_and_reject_all_the_approved_one(amended):
    out, approved = amended
    comparison = (out / "amendment-comparison.docx").read_bytes()
    assert texts(resolve(body_of(comparison), accept=True)) == texts(body_of(out / "amendment-plan.docx"))
    assert texts(resolve(body_of(comparison), accept=False)) == texts(body_of(approved))
    assert cells(resolve(body_of(comparison), accept=True)) == cells(body_of(out / "amendment-plan.docx"))
    assert cells(resolve(body_of(comparison), accept=False)) == cells(body_of(approved))


def _marked(body, tag):
    return [plain("".join(t.text or "" for t in m.iter(W + "t", W + "delText"))) for m in body.iter(W + tag)]


def test_marks_carry_author_and_date_and_the_title_says_what_it_is(amended):
    out, _ = amended
    body = body_of(out / "amendment-comparison.docx")
    marks = list(body.iter(W + "ins")) + list(body.iter(W + "del"))
    assert marks and {(m.get(W + "author"), m.get(W + "date")) for m in marks} == {
        ("Strateginio planavimo skyrius", "2025-11-10T00:00:00Z")}
    ids = [m.get(W + "id") for m in marks]
    assert len(set(ids)) == len(ids)
    assert paragraphs(out / "amendment-comparison.docx")[0] == "LYGINAMASIS VARIANTAS"
    mark_area = body[:6]
    assert not any(e.tag in (W + "ins", W + "del") for p in mark_area for e in p.iter())


def test_a_renumbered_measure_is_marked_only_in_its_number(amended):
    out, _ = amended
    body = body_of(out / "amendment-comparison.docx")
    row = next(r for r in body.iter(W + "tr") if "Klaipėdos turizmo rinkodaros ir kruizinio" in
               "".join(t.text or "" for t in r.iter(W + "t")))
    assert row.find(f"{W}trPr/{W}ins") is None and row.find(f"{W}trPr/{W}del") is None
    first = row.find(W + "tc")
    assert _marked(first, "del") == ["2.1.1"] and _marked(first, "ins") == ["2.1.2"]  # the number whole
    assert all(not list(c.iter(W + "ins")) and not list(c.iter(W + "del")) for c in row.findall(W + "tc")[1:])


def test_tables_show_changed_rows_and_cells_not_whole_tables(amended):
    out, _ = amended
    body = body_of(out / "amendment-comparison.docx")
    deleted_rows = [r for r in body.iter(W + "tr") if r.find(f"{W}trPr/{W}del") is not None]
    inserted_rows = [r for r in body.iter(W + "tr") if r.find(f"{W}trPr/{W}ins") is not None]
    text = lambda r: plain("".join(t.text or "" for t in r.iter(W + "t", W + "delText")))  # noqa: E731
    assert [t for t in map(text, deleted_rows) if "Inžinerinės ir susisiekimo" in t]
    assert [t for t in map(text, inserted_rows) if "Kruizinių laivų keleivių terminalo" in t]
    assert len(deleted_rows) <= 3 and len(inserted_rows) <= 3  # the measure, and its rows in other tables
    refinanced = next(r for r in body.iter(W + "tr") if "„Klaipėda ID“" in text(r) and r.find(f"{W}trPr/{W}ins") is None)
    assert "2 400 000,00" in " ".join(_marked(refinanced, "del")) and "2 900 000,00" in " ".join(_marked(refinanced, "ins"))


def test_the_decision_cites_the_act_it_amends(amended):
    out, _ = amended
    texts_ = paragraphs(out / "amendment-decision.docx")
    act = "„DĖL KLAIPĖDOS MIESTO SAVIVALDYBĖS STRATEGINIO PLĖTROS PLANO 2021–2030 M. PATVIRTINIMO“"
    assert ("DĖL KLAIPĖDOS MIESTO SAVIVALDYBĖS TARYBOS 2021 M. KOVO 25 D. SPRENDIMO NR. T2-57 " + act + " PAKEITIMO"
            ) in texts_
    act_cited = ("patvirtintą Klaipėdos miesto savivaldybės tarybos 2021 m. kovo 25 d. sprendimu Nr. T2-57 „Dėl "
                 "Klaipėdos miesto savivaldybės strateginio plėtros plano 2021–2030 m. patvirtinimo“, ")
    # The operative point says what changes (Law on the Fundamentals of Legislation art. 14), from the content diff.
    point = next(t for t in texts_ if t.startswith("1. Pakeisti "))
    assert point.startswith("1. Pakeisti Klaipėdos miesto savivaldybės strateginį plėtros planą 2021–2030 m., "
                            + act_cited + "papildant jį 2.1.1 priemone „Kruizinių laivų keleivių terminalo prieigų")
    assert "išbraukiant 1.1.3 priemonę „Inžinerinės ir susisiekimo infrastruktūros įrengimas" in point
    assert "pakeičiant 1.1.1 priemonės „Investicijų pritraukimo ir miesto rinkodaros investuotojams programos " \
           "„Klaipėda ID“ įgyvendinimas“ finansavimą" in point
    assert ("pakeičiant rodiklio EV-01 „Tiesioginės užsienio investicijos, tenkančios vienam gyventojui“ duomenų "
            "šaltinį ir siektiną reikšmę") in point
    assert point.endswith("duomenų šaltinį ir išdėstant jį nauja redakcija (pridedama).")
    methodology_point = next(t for t in texts_ if t.startswith("2. Pakeisti "))  # the EV-01 target: the methodology
    assert methodology_point.startswith("2. Pakeisti Klaipėdos miesto savivaldybės strateginio plėtros plano 2021–2030 m. "
                                        "įgyvendinimo stebėsenos metodiką, " + act_cited + "pakeičiant rodiklio EV-01")
    assert methodology_point.endswith(" ir išdėstant ją nauja redakcija (pridedama).")
    methodology = paragraphs(out / "amendment-monitoring.docx")[:4]
    assert methodology[3] == "(Klaipėdos miesto savivaldybės tarybos 20__ m. ____________ d. sprendimo Nr. ______ redakcija)"
    note = paragraphs(out / "amendment-explanatory-note.docx")
    assert any("Sprendimu keičiamas Klaipėdos miesto savivaldybės tarybos 2021 m. kovo 25 d. sprendimas Nr. T2-57" in t
               for t in note)
    assert "Projektas" in texts_ and any(t.startswith("Šis sprendimas skelbiamas Teisės aktų registre") for t in texts_)
    edition = paragraphs(out / "amendment-plan.docx")[:5]
    assert edition[:3] == ["PATVIRTINTA", "Klaipėdos miesto savivaldybės tarybos", "2021 m. kovo 25 d. sprendimu Nr. T2-57"]
    assert edition[3] == "(Klaipėdos miesto savivaldybės tarybos 20__ m. ____________ d. sprendimo Nr. ______ redakcija)"


def test_the_note_summarises_the_content_diff_by_id(amended):
    out, _ = amended
    rows = cells(body_of(out / "amendment-explanatory-note.docx"))
    rows = [[plain(c) for c in r] for r in rows]
    kinds = [(r[0], r[2]) for r in rows if len(r) == 7 and r[0] != "Pakeitimas"]
    assert [k for k, _ in kinds] == ["pridėta", "pakeista", "išbraukta"]  # renumbered measures are not changes
    assert kinds[0][1].startswith("Kruizinių laivų keleivių terminalo prieigų")
    assert kinds[1][1].startswith("Investicijų pritraukimo ir miesto rinkodaros")
    assert kinds[2][1].startswith("Inžinerinės ir susisiekimo infrastruktūros")
    refinanced = next(r for r in rows if len(r) == 7 and r[0] == "pakeista")
    assert refinanced[6] == "finansavimas, rodikliai" or refinanced[6] == "finansavimas"
    indicator = next(r for r in rows if len(r) == 5 and r[1] == "EV-01")
    # its target, and its source: Lietuvos statistikos departamentas is Valstybės duomenų agentūra since 2023
    assert indicator[0] == "pakeistas" and indicator[3] == "9 500 Eur → 9 000 Eur"
    assert indicator[4] == "šaltinis: Lietuvos statistikos departamentas → Valstybės duomenų agentūra; siektina reikšmė"
    total = next(r for r in rows if len(r) == 4 and r[0] == "Iš viso")
    from pipeline.core import lt

    funds = lambda plan: sum(a for g in plan.groups if g.goals for goal in g.goals.goals  # noqa: E731
                             for o in goal.objectives for m in o.measures for a in m.financing.values())
    change = funds(plan_of("klaipeda-2030")) - funds(load_plan(APPROVED)[0])
    assert change == -6_000_000  # +1 300 000 re-financed, +3 000 000 added, −10 300 000 dropped
    assert total[3] == plain("−" + lt.money(-change))


def test_two_runs_are_byte_identical(tmp_path):
    for folder in ("a", "b"):
        build(CONTENT / "klaipeda-2030", ["amendment"], tmp_path / folder, Options(since=str(APPROVED)))
    for name in DOCUMENTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_no_change_is_said_and_nothing_is_written(tmp_path):
    out = tmp_path / "out"
    root = copy_plan("klaipeda-2030", tmp_path)
    approved = tmp_path / "patvirtinta" / "klaipeda-2030"
    shutil.copytree(root, approved)
    (approved / "pakeitimas.yaml").unlink()
    with pytest.raises(ContentError) as caught:
        build(root, ["amendment"], out, Options(since=str(approved)))
    assert "planas nepakeistas, palyginti su patvirtinta redakcija" in str(caught.value)
    assert not out.exists() or not any(out.glob("*.docx"))


@pytest.mark.parametrize("since, message", [
    ("content/alytus-2030", "tai ne to paties plano redakcija: Alytaus miesto savivaldybė 2021–2030, o keičiamas "
                            "Klaipėdos miesto savivaldybė 2021–2030"),
    ("no-such-folder-or-revision", "--since „no-such-folder-or-revision“: nėra tokio aplanko ir tokios git versijos"),
    ("", "--since nenurodyta"),
    ("pipeline", "--since „pipeline“: aplanke nėra planas.yaml – tai ne plano aplankas"),
])
def test_a_wrong_approved_edition_is_refused_in_one_line(since, message):
    result = run_cli("amend", "content/klaipeda-2030", "--since", since, "--out", "/nonexistent/never-written")
    assert result.returncode == 1
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert any(message in line for line in lines), lines
    assert len(lines) <= 2, lines  # the message and the summary: no flood of lines
    assert "Traceback" not in result.stdout + result.stderr


def test_an_approved_edition_without_its_decision_number_is_refused(tmp_path):
    approved = tmp_path / "patvirtinta" / "klaipeda-2030"
    shutil.copytree(APPROVED, approved)
    decision = approved / "sprendimas.yaml"
    decision.write_text(decision.read_text(encoding="utf-8").replace("  numeris: T2-57\n", ""), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        build(CONTENT / "klaipeda-2030", ["amendment"], tmp_path / "out", Options(since=str(approved)))
    assert "neturi sprendimo numerio ar datos: keisti galima tik priimtą sprendimą" in str(caught.value)


def test_the_approved_edition_from_a_git_revision(tmp_path):
    repo = tmp_path / "repo"
    plan = repo / "content" / "klaipeda-2030"
    shutil.copytree(APPROVED, plan)
    git = lambda *args: subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    git("-c", "user.name=Test", "-c", "user.email=t@example.lt", "add", ".")
    git("-c", "user.name=Test", "-c", "user.email=t@example.lt", "commit", "-q", "-m", "patvirtinta")
    git("tag", "v2021")
    shutil.rmtree(plan)
    shutil.copytree(CONTENT / "klaipeda-2030", plan)
    before = {p: p.read_bytes() for p in plan.rglob("*") if p.is_file()}
    result = run_cli("amend", str(plan), "--since", "v2021", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert {p: p.read_bytes() for p in plan.rglob("*") if p.is_file()} == before  # nothing checked out over it
    folder_run = tmp_path / "from-folder"
    build(CONTENT / "klaipeda-2030", ["amendment"], folder_run, Options(since=str(APPROVED)))
    assert (tmp_path / "out" / "amendment-comparison.docx").read_bytes() == (
        folder_run / "amendment-comparison.docx").read_bytes()
    bad = run_cli("amend", str(plan), "--since", "v1999", "--out", str(tmp_path / "out2"))
    assert bad.returncode == 1 and "nėra tokio aplanko ir tokios git versijos" in bad.stdout + bad.stderr


def _footnote_texts(data: bytes, accept: bool | None = None) -> list[str]:
    """The footnotes' texts in reference order, after accepting or rejecting every change when asked."""
    package = zipfile.ZipFile(io.BytesIO(data))
    notes = etree.fromstring(package.read("word/footnotes.xml"))
    body = etree.fromstring(package.read("word/document.xml")).find(W + "body")
    if accept is not None:
        resolve(notes, accept)
        resolve(body, accept)
    by_id = {n.get(W + "id"): "".join(t.text or "" for t in n.iter(W + "t")) for n in notes.iter(W + "footnote")}
    return [by_id[r.get(W + "id")] for r in body.iter(W + "footnoteReference")]


def test_footnotes_changed_added_and_dropped_are_tracked(tmp_path):
    root = copy_plan("klaipeda-2030", tmp_path)
    chapter = sorted((root / "grupes" / "03" / "skyriai").glob("*.md"))[0]
    text = chapter.read_text(encoding="utf-8")
    assert "[^1]" in text
    text = re.sub(r"^\[\^1\]: ", "[^1]: Patikslinta: ", text, count=1, flags=re.MULTILINE)
    text += "\nNaujas sakinys su išnaša.[^9]\n\n[^9]: Nauja išnaša.\n"
    chapter.write_text(text, encoding="utf-8")
    other = sorted((root / "grupes" / "01" / "skyriai").glob("*.md"))
    dropped = next((p for p in other if "[^1]" in p.read_text(encoding="utf-8")), None)
    if dropped is not None:
        text = dropped.read_text(encoding="utf-8")
        text = re.sub(r"\[\^1\](?!:)", "", text, count=1)
        dropped.write_text(re.sub(r"^\[\^1\]:.*$", "", text, count=1, flags=re.MULTILINE), encoding="utf-8")
    build(root, ["amendment"], tmp_path / "out", Options(since=str(APPROVED)))
    build(APPROVED, ["plan"], tmp_path / "old")
    comparison = (tmp_path / "out" / "amendment-comparison.docx").read_bytes()
    new = _footnote_texts((tmp_path / "out" / "amendment-plan.docx").read_bytes())
    old = _footnote_texts((tmp_path / "old" / "plan.docx").read_bytes())
    assert _footnote_texts(comparison, accept=True) == new
    assert _footnote_texts(comparison, accept=False) == old
    assert any("Patikslinta: " in t for t in new) and any("Nauja išnaša." in t for t in new)


def test_measures_without_ids_cannot_be_compared(tmp_path):
    approved = tmp_path / "patvirtinta" / "klaipeda-2030"
    shutil.copytree(APPROVED, approved)
    shutil.rmtree(approved / "stebesena")  # without a year, ids are not required by check
    goals = approved / "grupes" / "02" / "tikslai.yaml"
    goals.write_text(re.sub(r"- id: EV-P0\d\n\s+", "- ", goals.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        build(CONTENT / "klaipeda-2030", ["amendment"], tmp_path / "out", Options(since=str(approved)))
    assert "priemonės be „id“: priemonės abiejose redakcijose lyginamos pagal „id“" in str(caught.value)


def test_a_measure_moved_to_another_objective_is_a_change(tmp_path):
    from pipeline.life import amend

    root = copy_plan("klaipeda-2030", tmp_path)
    goals = root / "grupes" / "02" / "tikslai.yaml"
    text = goals.read_text(encoding="utf-8")
    block = re.search(r"          - id: EV-P02\n(?:            .*\n|              .*\n)+", text).group(0)
    text = text.replace(block, "", 1).replace("        priemonės:\n          - id: EV-P06", "        priemonės:\n"
                                                + block + "          - id: EV-P06", 1)
    goals.write_text(text, encoding="utf-8")
    changes = amend.changes(load_plan(APPROVED)[0], load_plan(root)[0])
    moved = next(m for m in changes.measures if m.key == "EV-P02")
    assert moved.kind == "pakeista" and "vieta plane" in moved.what


def test_a_revision_that_git_would_read_as_an_option_is_refused(tmp_path):
    with pytest.raises(ContentError) as caught:
        build(CONTENT / "klaipeda-2030", ["amendment"], tmp_path / "out", Options(since="--output=/tmp/never.tar"))
    assert "git versija negali prasidėti „-“" in str(caught.value)
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- the approved edition read from git


def git_repo(tmp_path, change=None):
    """A repository whose tag v2021 holds the approved edition (changed by `change` first) and whose work tree
    the current one; return the repository, the plan folder in it and a git runner."""
    repo = tmp_path / "repo"
    plan = repo / "content" / "klaipeda-2030"
    shutil.copytree(APPROVED, plan)
    if change is not None:
        change(plan)
    git = lambda *args: subprocess.run(["git", "-C", str(repo), "-c", "user.name=Test", "-c",  # noqa: E731
                                        "user.email=t@example.lt", *args], check=True, capture_output=True)
    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "patvirtinta")
    git("tag", "v2021")
    shutil.rmtree(plan)
    shutil.copytree(CONTENT / "klaipeda-2030", plan)
    return repo, plan, git


def files_of(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_nothing_a_repository_configures_runs_and_git_itself_is_not_run(tmp_path):
    markers = tmp_path / "markers"
    markers.mkdir()
    evil = tmp_path / "evil.sh"
    evil.write_text(f'#!/bin/sh\ntouch "{markers}/$1"\ncat\n', encoding="utf-8")
    evil.chmod(0o755)

    def attributes(plan):
        (plan / ".gitattributes").write_text("* filter=evil diff=evil export-subst\n", encoding="utf-8")
        (plan.parent.parent / ".gitattributes").write_text("* filter=evil diff=evil\n", encoding="utf-8")

    repo, plan, git = git_repo(tmp_path, attributes)
    git("add", "-A")
    git("commit", "-q", "-m", "dabartinė")  # so that `HEAD~1` names the approved edition
    for key, value in (("filter.evil.smudge", f"{evil} smudge"), ("filter.evil.clean", f"{evil} clean"),
                       ("filter.evil.required", "true"), ("diff.evil.textconv", f"{evil} textconv"),
                       ("core.fsmonitor", f"{evil}"), ("core.hooksPath", str(tmp_path)),
                       ("core.pager", f"{evil} pager"), ("uploadpack.packObjectsHook", f"{evil} hook")):
        git("config", key, value)  # set last: the commits above would run some of them
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "git").write_text(f'#!/bin/sh\ntouch "{markers}/git"\nexit 1\n', encoding="utf-8")
    (fake / "git").chmod(0o755)
    env = {"PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"}
    folder_run = tmp_path / "from-folder"
    build(CONTENT / "klaipeda-2030", ["amendment"], folder_run, Options(since=str(APPROVED)))
    for since in ("v2021", "HEAD~1"):
        result = run_cli("amend", str(plan), "--since", since, "--out", str(tmp_path / since), env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        assert (tmp_path / since / "amendment-comparison.docx").read_bytes() == (
            folder_run / "amendment-comparison.docx").read_bytes()
    assert sorted(p.name for p in markers.iterdir()) == []


@pytest.mark.parametrize("spec", ["v2021", "master", "HEAD~1", "HEAD^", "v2021^{}", "v2021~0", "FULL", "SHORT",
                                  "SHORT~0"])
def test_a_revision_is_named_as_git_names_it(tmp_path, spec):
    from pipeline.content import revision

    repo, plan, git = git_repo(tmp_path)
    git("branch", "-M", "master")
    git("add", "-A")
    git("commit", "-q", "-m", "dabartinė")
    commit = subprocess.run(["git", "-C", str(repo), "rev-parse", "v2021"], capture_output=True, text=True,
                            check=True).stdout.strip()
    spec = spec.replace("FULL", commit).replace("SHORT", commit[:7])
    if spec == "master":
        git("branch", "patvirtinta", "v2021")
        spec = "patvirtinta"
    target = tmp_path / "extracted"
    target.mkdir()
    assert revision.extract(plan, spec, target) == f"{spec}:content/klaipeda-2030"
    assert files_of(target) == files_of(APPROVED)


def test_links_in_a_revision_are_followed_inside_and_refused_outside(tmp_path):
    def links(plan):
        (plan / "kopijos").mkdir()
        (plan / "sprendimas.yaml").rename(plan / "kopijos" / "sprendimas.yaml")
        (plan / "sprendimas.yaml").symlink_to("kopijos/../kopijos/sprendimas.yaml")  # inside: read as the file

    repo, plan, _ = git_repo(tmp_path, links)
    result = run_cli("amend", str(plan), "--since", "v2021", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stdout + result.stderr

    def outside(plan):
        chapters = plan / "grupes" / "01"
        (chapters / "slaptazodziai.md").symlink_to("../../../../../../../etc/passwd")
        (plan / "absoliuti.yaml").symlink_to("/etc/hostname")
        (plan / "niekur.md").symlink_to("nera/tokio.md")
        (plan / "ratu-a").symlink_to("ratu-b")
        (plan / "ratu-b").symlink_to("ratu-a")
        (plan / "grupes" / "aukstyn").symlink_to("..")
        (plan / "per-aplanka.md").symlink_to("grupes/aukstyn/../planas.yaml")  # ../planas.yaml: outside

    repo, plan, _ = git_repo(tmp_path / "2", outside)
    result = run_cli("amend", str(plan), "--since", "v2021", "--out", str(tmp_path / "2" / "out"))
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "Traceback" not in out and "vidinė programos klaida" not in out
    where = "v2021:content/klaipeda-2030"
    assert result.stderr.splitlines() == [
        f"{where}/absoliuti.yaml: nuoroda (symlink) veda už plano aplanko ribų: tokio failo skaityti negalima",
        f"{where}/grupes/01/slaptazodziai.md: nuoroda (symlink) veda už plano aplanko ribų: tokio failo skaityti negalima",
        f"{where}/niekur.md: nuoroda (symlink) veda į failą, kurio nėra",
        f"{where}/per-aplanka.md: nuoroda (symlink) veda už plano aplanko ribų: tokio failo skaityti negalima",
        f"{where}/ratu-a: nuoroda (symlink) veda ratu arba jos nepavyko perskaityti",
        f"{where}/ratu-b: nuoroda (symlink) veda ratu arba jos nepavyko perskaityti",
        "Rasta klaidų: 6. Niekas neįrašyta."]
    assert not (tmp_path / "2" / "out").exists()


def test_a_submodule_and_an_unsafe_name_in_a_revision_are_refused(tmp_path):
    def unsafe(plan):
        (plan / "a;b.md").write_text("x\n", encoding="utf-8")

    repo, plan, git = git_repo(tmp_path, unsafe)
    commit = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True,
                            check=True).stdout.strip()
    git("update-index", "--add", "--cacheinfo", f"160000,{commit},content/klaipeda-2030/modulis")
    git("commit", "-q", "-m", "submodulis")
    result = run_cli("amend", str(plan), "--since", "HEAD", "--out", str(tmp_path / "out"))
    out = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in out, out
    assert result.stderr.splitlines() == [
        "HEAD:content/klaipeda-2030/a;b.md: failo ar aplanko pavadinime yra simbolis, kurio negalima naudoti "
        "(„;“, „%“, „\\“ ar valdymo simbolis): pervadinkite jį",
        "HEAD:content/klaipeda-2030/modulis: tai git submodulis (kitos saugyklos aplankas): jo turinio šioje "
        "saugykloje nėra, plano aplanke jo būti negali",
        "Rasta klaidų: 2. Niekas neįrašyta."]


def test_a_revision_is_held_to_a_content_folders_limits(tmp_path, monkeypatch):
    from pipeline.content import revision

    def picture(plan):
        (plan / "img").mkdir()
        (plan / "img" / "didelis.png").write_bytes(bytes(range(256)) * 8 * 1024)  # 2 MB

    repo, plan, _ = git_repo(tmp_path, picture)
    monkeypatch.setattr(revision, "MAX_ENTRIES", 10)
    with pytest.raises(ContentError) as caught:
        build(plan, ["amendment"], tmp_path / "out", Options(since="v2021"))
    assert str(caught.value) == ("v2021:content/klaipeda-2030: plano aplanke per daug failų ir aplankų "
                                 "(leidžiama iki 10)")
    monkeypatch.setattr(revision, "MAX_ENTRIES", 2000)
    monkeypatch.setattr(revision, "MAX_TOTAL_BYTES", 1024 * 1024)
    with pytest.raises(ContentError) as caught:
        build(plan, ["amendment"], tmp_path / "out", Options(since="v2021"))
    assert str(caught.value) == "v2021:content/klaipeda-2030: plano aplankas per didelis (leidžiama iki 1 MB)"
    assert not (tmp_path / "out").exists()


def test_a_damaged_repository_is_a_message(tmp_path):
    repo, plan, _ = git_repo(tmp_path)
    blob = subprocess.run(["git", "-C", str(repo), "rev-parse", "v2021:content/klaipeda-2030/planas.yaml"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stored = repo / ".git" / "objects" / blob[:2] / blob[2:]
    stored.chmod(0o644)
    stored.write_bytes(b"not a git object")
    result = run_cli("amend", str(plan), "--since", "v2021", "--out", str(tmp_path / "out"))
    out = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in out and "vidinė programos klaida" not in out, out
    assert result.stderr.splitlines()[0].startswith(
        f"{plan}: --since „v2021“: git saugyklos nepavyko perskaityti, ji sugadinta ar nepalaikoma (")


# ---------------------------------------------------------------- the explanatory note: where, totals, from → to


def test_the_notes_tables_stand_under_the_points_that_refer_to_them(amended):
    out, _ = amended
    body = body_of(out / "amendment-explanatory-note.docx")
    order = []
    for element in body:
        if element.tag == W + "tbl":
            order.append("table:" + "".join(t.text or "" for t in element.iter(W + "t"))[:12])
        elif element.tag == W + "p":
            text = "".join(t.text or "" for t in element.iter(W + "t"))
            if text.startswith(("3. ", "4. ", "6. ", "7. ")):
                order.append(text[:2])
    assert order[0] == "3." and order[-1] == "7.", order
    three, four, six, seven = (order.index(p) for p in ("3.", "4.", "6.", "7."))
    assert order[three + 1:four] == ["table:PakeitimasNr", "table:PakeitimasKo"]  # measures, indicators: point 3 cites them
    assert order[six + 1:seven] == ["table:Finansavimo ", "table:PrioritetasB"]  # funds by source and priority: point 6


def test_the_funds_by_priority_have_a_total_row_like_the_funds_by_source(amended):
    out, _ = amended
    rows = [[plain(c) for c in r] for r in cells(body_of(out / "amendment-explanatory-note.docx"))]
    totals = [r for r in rows if len(r) == 4 and r[0] == "Iš viso"]
    assert len(totals) == 2 and totals[0] == totals[1]
    from decimal import Decimal

    def euros(text: str) -> Decimal:
        return Decimal(text.removesuffix(" Eur").replace(" ", "").replace(",", "."))

    table = [r for r in rows if len(r) == 4]
    by_priority = table[table.index(["Prioritetas", "Buvo", "Bus", "Pokytis"]) + 1:-1]
    assert by_priority and table[-1][0] == "Iš viso"
    for column in (1, 2):
        assert sum(euros(r[column]) for r in by_priority) == euros(table[-1][column])


def test_every_change_says_from_what_to_what(tmp_path):
    from pipeline.life import amend

    root = copy_plan("klaipeda-2030", tmp_path)
    goals = root / "grupes" / "02" / "tikslai.yaml"
    text = goals.read_text(encoding="utf-8")
    text = text.replace("    tarpinė_reikšmė: 45\n    tarpiniai_metai: 2025\n", "    tarpinė_reikšmė: 46\n    tarpiniai_metai: 2026\n", 1)
    goals.write_text(text, encoding="utf-8")
    changes = amend.changes(load_plan(APPROVED)[0], load_plan(root)[0])
    changed = next(i for i in changes.indicators if i.code == "EV-02")
    assert changed.kind == "pakeistas"
    source = "šaltinis: Lietuvos statistikos departamentas → Valstybės duomenų agentūra"  # the draft renames it
    assert changed.what == f"{source}; tarpinė reikšmė: 45 vnt. (2025 m.) → 46 vnt. (2026 m.)"
    assert changed.fields == ("šaltinis", "tarpinė reikšmė")
    target = next(i for i in changes.indicators if i.code == "EV-01")
    assert target.what == f"{source}; siektina reikšmė" and plain(target.target_text) == "9 500 Eur → 9 000 Eur"  # its own column
