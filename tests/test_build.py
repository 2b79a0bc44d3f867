"""Building: reproducible, atomic, escaped, strict; the command line's contract."""

from __future__ import annotations

import json

import shutil

import pytest

from pipeline.commands.build import Options, build
from pipeline.content.plan import checked
from pipeline.core.errors import ContentError, StageError
from pipeline.documents.registry import CONTENT_FILES, in_sets

from .conftest import ROOT, run_cli, snapshot, text_of



def test_same_content_gives_identical_bytes(tiny, tmp_path):
    build(tiny, ["order"], tmp_path / "a")
    build(tiny, ["order"], tmp_path / "b")
    assert snapshot(tmp_path / "a", "*.docx") == snapshot(tmp_path / "b", "*.docx")
    assert snapshot(tmp_path / "a", "*.json") == snapshot(tmp_path / "b", "*.json")


def test_source_date_epoch_is_honoured(tiny, tmp_path, monkeypatch):
    import zipfile
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    build(tiny, ["order"], tmp_path / "a")
    with zipfile.ZipFile(tmp_path / "a" / "order.docx") as z:
        assert z.infolist()[0].filename == "[Content_Types].xml"
        assert {i.date_time for i in z.infolist()} == {(2020, 9, 13, 12, 26, 40)}
        assert b"2020-09-13T12:26:40Z" in z.read("docProps/core.xml")


def test_content_is_never_a_template_and_is_escaped(tiny, tmp_path):
    group = tiny / "grupes" / "01" / "grupe.yaml"
    tricky = 'UAB „Ąžuolas & Co“ <b>{{ 7*7 }}</b> {% if x %}'
    group.write_text(group.read_text(encoding="utf-8").replace(
        "institucija: Savivaldybės administracija\n    vaidmuo: pirmininkas",
        f"institucija: '{tricky}'\n    vaidmuo: pirmininkas"), encoding="utf-8")
    build(tiny, ["order"], tmp_path)
    text = text_of(tmp_path / "order.docx")
    assert f"Vardenis Pavardenis – vedėjas, {tricky}, darbo grupės pirmininkas" in text
    assert "49" not in text


def test_a_failed_build_leaves_previous_files_untouched(tiny, tmp_path):
    out = tmp_path / "out"
    build(tiny, ["order"], out)
    before = snapshot(out)
    (tiny / "planas.yaml").write_text("savivaldybė: [\n", encoding="utf-8")
    with pytest.raises(ContentError):
        build(tiny, ["order"], out)
    assert snapshot(out) == before


def test_a_template_failure_writes_nothing(tiny, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    out = tmp_path / "out"
    build(tiny, ["order"], out, Options(templates=templates))
    before = snapshot(out)
    (templates / "regulations.docx").write_bytes(b"not a zip")
    with pytest.raises(StageError, match="regulations.docx"):
        build(tiny, ["order"], out, Options(templates=templates))
    assert snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_missing_variable_is_an_error_not_a_blank(tiny, tmp_path):
    from pipeline.documents import context as ctx
    from pipeline.content.plan import load_plan
    from pipeline.documents.render import render

    plan, _ = load_plan(tiny)
    context = ctx.order_context(plan, plan.facts.orders[0], "order.docx")
    del context["city"]
    with pytest.raises(StageError, match="city"):
        render(ROOT / "templates" / "order.docx", context)


def test_unnumbered_order_is_a_draft(tiny, tmp_path):
    plan = tiny / "planas.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("    numeris: M-1\n    data: 2020-06-02\n", ""),
                    encoding="utf-8")
    build(tiny, ["order"], tmp_path)
    text = text_of(tmp_path / "order.docx")
    assert text.startswith("Projektas\n")
    assert "20__ m. ____________ d. Nr. ______" in text


def test_cli_build_and_exit_codes(tiny, tmp_path):
    result = run_cli("build", str(tiny), "order", "--out", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "o" / "order.docx").is_file()
    assert (tmp_path / "o" / "regulations.docx").is_file()
    usage = run_cli("build", str(tiny), "poster")
    assert usage.returncode == 2
    assert "nežinomas dokumentas „poster“" in usage.stderr
    assert run_cli("check", str(tmp_path / "nera")).returncode == 2
    assert run_cli().returncode == 2


def test_cli_default_output_folder(tiny, tmp_path):
    result = run_cli("build", str(tiny), "order", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "build" / "bandymas-2030" / "order.docx").is_file()


def test_cli_reports_content_errors_without_traceback(tiny, tmp_path):
    group = tiny / "grupes" / "01" / "grupe.yaml"
    group.write_text(group.read_text(encoding="utf-8").replace("vaidmuo: pirmininkas", "vaidmuo: pirminkas"),
                     encoding="utf-8")
    result = run_cli("build", str(tiny), "order", "--out", str(tmp_path / "o"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    line = f"{group}:12: laukas „vaidmuo“: tikėtasi vienos iš: pirmininkas, pirmininko pavaduotojas, " \
           "sekretorius, narys; rasta „pirminkas“"
    assert line in result.stderr.splitlines()
    assert not (tmp_path / "o").exists()
    check = run_cli("check", str(tiny))
    assert check.returncode == 1
    assert line in check.stdout.splitlines()


def test_only_documents_whose_inputs_changed_are_rendered_again(tmp_path):
    from .conftest import copy_plan

    plan = copy_plan("alytus-2030", tmp_path)
    out = tmp_path / "out"
    first = build(plan, ["all"], out)
    declared = {o.name for d in in_sets(["all"]) for o in d.outputs(checked(plan, CONTENT_FILES)[0])}
    assert len(declared) >= 14  # 9 documents, 4 meetings' minutes, the consultation (and whatever is added)
    assert {p.name for p in first.written} == declared and not first.unchanged
    again = build(plan, ["all"], out)
    assert not again.written and {p.name for p in again.unchanged} == declared
    chapter = sorted(plan.glob("grupes/01/skyriai/*.md"))[0]
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nNaujas sakinys.\n", encoding="utf-8")
    after_chapter = build(plan, ["all"], out)
    assert [p.name for p in after_chapter.written] == ["plan.docx"]
    assert "Naujas sakinys." in text_of(out / "plan.docx")
    strategy = plan / "strategija.yaml"
    strategy.write_text(strategy.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after_strategy = build(plan, ["all"], out)
    assert sorted(p.name for p in after_strategy.written) == [
        "concept-decision.docx", "concept-explanatory-note.docx", "concept.docx", "decision.docx",
        "explanatory-note.docx", "monitoring.docx", "plan.docx"]
    forced = build(plan, ["order"], out, Options(force=True))
    assert sorted(p.name for p in forced.written) == ["order.docx", "regulations.docx"]
    (out / "decision.docx").unlink()
    assert [p.name for p in build(plan, ["plan"], out).written] == ["decision.docx"]


def test_shipped_editor_schema_is_current(tmp_path):
    from pipeline.content.editor_schema import write_schemas
    from pipeline.documents.registry import CONTENT_FILES

    written = write_schemas(tmp_path / "schema", CONTENT_FILES)
    for path in (p for p in written if p.parent.name == "schema"):
        assert (ROOT / "schema" / path.name).read_bytes() == path.read_bytes(), f"run make schema: {path.name}"
    shipped = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert shipped["yaml.schemas"] == json.loads((tmp_path / ".vscode" / "settings.json").read_text())["yaml.schemas"]
    settings = (ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8")
    for path in written:
        if path.name.endswith(".schema.json"):
            assert f"./schema/{path.name}" in settings


def test_strict_check_fails_on_warnings(tiny):
    group = tiny / "grupes" / "01" / "grupe.yaml"
    group.write_text(group.read_text(encoding="utf-8").replace("vaidmuo: sekretorius", "vaidmuo: narys"),
                     encoding="utf-8")
    assert run_cli("check", str(tiny)).returncode == 0
    strict = run_cli("check", "--strict", str(tiny))
    assert strict.returncode == 1
    assert strict.stdout.splitlines()[-1].endswith("yra įspėjimų, o --strict juos laiko klaidomis (klaidų: 0, įspėjimų: 7)")
    assert "darbo grupėje nėra sekretoriaus" in strict.stdout


def test_usage_errors_are_in_lithuanian():
    missing = run_cli("build")
    assert missing.returncode == 2
    assert missing.stderr.splitlines()[-1] == (
        "python -m pipeline build: netinkamas komandos naudojimas: trūksta argumentų: CONTENT_DIR, DOC")
    unknown = run_cli("frob")
    assert unknown.returncode == 2
    assert "argumentas KOMANDA: netinkamas pasirinkimas 'frob'" in unknown.stderr
    help_text = run_cli("check", "--help")
    assert help_text.returncode == 0 and help_text.stdout.startswith("naudojimas: python -m pipeline check")


def test_document_title_is_filled_literally(tiny, tmp_path):
    import docx

    plan = tiny / "planas.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("darbo grupės sudarymo", "darbo grupės „A & B“ <c> {{ 7*7 }} sudarymo"),
                    encoding="utf-8")
    build(tiny, ["order"], tmp_path)
    title = docx.Document(tmp_path / "order.docx").core_properties.title
    assert title == ("Mero potvarkis dėl Bandomosios miesto savivaldybės strateginio plėtros plano iki 2030 metų "
                     "rengimo darbo grupės „A & B“ <c> {{ 7*7 }} sudarymo")


def test_the_concept_needs_only_its_own_files(tiny, tmp_path):
    for name in ("strategija.yaml", "koncepcija.yaml"):
        shutil.copy2(ROOT / "content" / "alytus-2030" / name, tiny / name)
    result = build(tiny, ["concept"], tmp_path / "out")
    assert [p.name for p in result.written] == ["concept.docx", "concept-decision.docx", "concept-explanatory-note.docx"]
    with pytest.raises(ContentError) as failure:
        build(tiny, ["plan"], tmp_path / "out")
    lines = [str(p) for p in failure.value.problems]
    assert f"{tiny / 'sprendimas.yaml'}:1: failo nėra: jo reikia decision.docx, plan.docx, monitoring.docx, " \
        "explanatory-note.docx" in lines
    assert f"{tiny / 'tekstai/ivadas.md'}:1: failo nėra: jo reikia plan.docx" in lines
    assert not (tmp_path / "out" / "plan.docx").exists()
    check = run_cli("check", str(tiny))
    assert f"{tiny / 'stebesena.yaml'}:1: įspėjimas: failo dar nėra: jo reikia plan.docx, monitoring.docx" \
        in check.stdout.splitlines()


def test_a_subject_longer_than_word_keeps_in_a_title_still_builds(tiny, tmp_path):
    import docx

    planas = tiny / "planas.yaml"
    long = " ir jų veiklos organizavimo, posėdžių šaukimo, sprendimų priėmimo, atskaitomybės merui tvarkos" * 3
    text = planas.read_text(encoding="utf-8")
    planas.write_text(text.replace("darbo grupės sudarymo\n", "darbo grupės sudarymo" + long + "\n", 1), encoding="utf-8")
    build(tiny, ["order"], tmp_path)
    title = docx.Document(tmp_path / "order.docx").core_properties.title
    assert len(title) == 255 and title.endswith("…")


def test_an_error_in_a_document_rendered_beside_the_plan_is_reported(tmp_path):
    """The council package renders in a second process while the plan renders here: its errors still arrive."""
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    data = (templates / "monitoring.docx").read_bytes()
    (templates / "monitoring.docx").write_bytes(data[: len(data) // 3])
    plan = ROOT / "content" / "alytus-2030"
    with pytest.raises(StageError) as raised:
        build(plan, ["plan"], tmp_path / "out", Options(templates=templates))
    assert "rengiant monitoring iš" in str(raised.value) and "sugadintas" in str(raised.value)
    assert not (tmp_path / "out").exists()


def test_the_command_line_speaks_lithuanian_without_patching_argparse():
    import argparse

    from pipeline.commands import cli

    assert not hasattr(argparse, "_") or argparse._ is __import__("gettext").gettext  # argparse left as it is
    help_text = run_cli("check", "--help").stdout
    assert help_text.startswith("naudojimas: python -m pipeline check") and "\nargumentai:\n" in help_text
    assert "\nparinktys:\n" in help_text and "parodyti šią pagalbą ir baigti" in help_text
    missing = run_cli("build")
    assert missing.returncode == 2
    assert missing.stderr.splitlines()[-1] == ("python -m pipeline build: netinkamas komandos naudojimas: trūksta "
                                               "argumentų: CONTENT_DIR, DOC")
    assert cli  # the module imports (and patches nothing) in this process too
