"""make passes what users set (PLAN, YEAR, SINCE, FORMS, …) and the names it finds as values, never as code.

Each test runs the project's Makefile in a scratch folder holding a copy of a sample plan, with a
value that a shell or make would run if it were pasted into a command line, and checks the exit
code, the Lithuanian message and that the marker file the value would create does not exist.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, copy_plan, needs, run_cli

pytestmark = needs("make")

PLAN = "klaipeda-2030"
# What an outer make (`make test`) or a user's shell would hand down and change what these runs mean.
INHERITED = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PLAN", "YEAR", "SINCE", "FORMS", "FUZZ_MUTANTS", "FUZZ_SEED")


@pytest.fixture
def work(tmp_path) -> Path:
    """A scratch folder as make's working folder: content/ with one sample plan."""
    folder = tmp_path / "work"
    copy_plan(PLAN, folder / "content")
    return folder


def make(work: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the project's Makefile in `work`, with this Python and no virtual environment to set up."""
    env = {k: v for k, v in os.environ.items() if k not in INHERITED} | {"PYTHONPATH": str(ROOT)} | (env or {})
    return subprocess.run(["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), f"PY={sys.executable}",
                           "READY=", *args], cwd=work, capture_output=True, text=True, env=env, timeout=300)


def payloads(marker: Path) -> list[str]:
    """Values that create `marker` if a shell or make reads them as code."""
    return [f"2024;touch {marker};#", f"$(touch {marker})", f"`touch {marker}`", f"2024' ; touch {marker} ; '",
            f'2024" ; touch {marker} ; "', f"2024\ntouch {marker}", f"$(shell touch {marker})",
            f"$$(touch {marker})", f"2024 && touch {marker}"]


def no_fault(result: subprocess.CompletedProcess) -> str:
    out = result.stdout + result.stderr
    assert "Traceback" not in out and "vidinė programos klaida" not in out, out
    assert "Error 70" not in out, out
    return out


@pytest.mark.parametrize("index", range(9))
def test_a_year_is_a_value_the_pipeline_refuses(work, index):
    marker = work.parent / "marker"
    value = payloads(marker)[index]
    for goal in (["report"], ["forms", f"PLAN={PLAN}"], ["import", f"PLAN={PLAN}"]):
        result = make(work, *goal, f"YEAR={value}")
        out = no_fault(result)
        assert result.returncode == 2, out
        assert "argumentas --year: metai turi būti keturių skaitmenų skaičius, pvz., 2024, o ne „" in result.stderr, out
        assert "Error 2" in result.stderr, out  # the pipeline's usage error, not make's own
        assert not marker.exists(), (goal, value)
    assert sorted(p.name for p in (work / "build").iterdir()) == [".sets.mk"]  # make's own list of sets, no document


def test_values_from_the_environment_are_values_too(work):
    marker = work.parent / "marker"
    for value in payloads(marker):
        result = make(work, "forms", env={"PLAN": PLAN, "YEAR": value})
        assert result.returncode == 2 and "metai turi būti keturių skaitmenų skaičius" in no_fault(result)
        result = make(work, "all", env={"PLAN": value})
        assert result.returncode == 2 and f"PLAN „{value}“ netinkamas" in no_fault(result)
        assert not marker.exists()


@pytest.mark.parametrize("goal", [["all"], ["plan"], ["report"], ["watch"], ["site"], ["check"], ["pdf"],
                                  ["forms", "YEAR=2024"], ["import", "YEAR=2024"], ["amend", "SINCE=v2021"],
                                  ["approve", "ACT=plan"]])
def test_a_plan_name_that_is_not_a_plain_name_stops_make_before_anything_runs(work, goal):
    marker = work.parent / "marker"
    for value in payloads(marker) + ["a b", "a:b", "a%", "..", ".", "-x", "../content", "a,b", "a)b", "a#b",
                                     "šiauliai-2030", "a\\b"]:
        result = make(work, *goal, f"PLAN={value}")
        out = no_fault(result)
        assert result.returncode == 2, (value, out)
        assert result.stderr.startswith(f"{ROOT / 'Makefile'}:"), out
        assert ("netinkamas: plano pavadinime (aplanko content/<pavadinimas>/ vardas) gali būti tik lotyniškos "
                "raidės, skaitmenys, „-“, „_“ ir „.“") in result.stderr, out
        assert f"PLAN „{value}“" in result.stderr, out
        assert result.stdout == "", out  # no recipe ran
        assert not marker.exists(), (goal, value)
    assert not (work / "build").exists()  # make stopped before anything, even its list of sets


def test_a_plan_folder_with_an_unsafe_name_stops_make_but_not_its_help(work):
    marker = work.parent / "marker"
    bad = work / "content" / "x;touch $(shell touch MARKER)"
    bad.mkdir()
    (bad / "planas.yaml").write_text("{}\n", encoding="utf-8")
    spaced = work / "content" / "a b"
    spaced.mkdir()
    (spaced / "planas.yaml").write_text("{}\n", encoding="utf-8")
    for goal in ("all", "check", "site", "report"):
        result = make(work, goal)
        out = no_fault(result)
        assert result.returncode == 2, out
        assert ("netinkamas plano aplanko pavadinimas: „content/a b/planas.yaml content/x;touch $(shell touch "
                "MARKER)/planas.yaml“ – plano pavadinime") in result.stderr, out
        assert "pervadinkite aplanką" in result.stderr and result.stdout == "", out
        assert not (work / "MARKER").exists() and not marker.exists()
    helped = make(work, "help")
    assert helped.returncode == 0 and "make all" in helped.stdout, helped.stderr


def test_a_goal_with_an_unsafe_name_stops_make(work):
    result = make(work, f"build/x;touch {work / 'marker'};#/.plan.made")
    out = no_fault(result)
    assert result.returncode == 2 and "netinkamas: jame gali būti tik lotyniškos raidės" in result.stderr, out
    assert not (work / "marker").exists()


@pytest.mark.parametrize("index", range(9))
def test_since_is_a_value_the_pipeline_refuses(work, index):
    marker = work.parent / "marker"
    value = payloads(marker)[index]
    result = make(work, "amend", f"PLAN={PLAN}", f"SINCE={value}")
    out = no_fault(result)
    assert result.returncode == 2 and "Error 1" in result.stderr, out  # the pipeline's content error
    assert f"content/{PLAN}: --since „" in result.stderr, out
    assert "nėra tokio aplanko, o plano aplankas nėra git saugykloje" in result.stderr, out
    assert not marker.exists()


@pytest.mark.parametrize("index", range(9))
def test_an_act_is_a_value_the_pipeline_refuses(work, index):
    marker = work.parent / "marker"
    value = payloads(marker)[index]
    ledger = work / "content" / PLAN / "redakcijos"
    before = sorted(p.name for p in ledger.iterdir())
    result = make(work, "approve", f"PLAN={PLAN}", f"ACT={value}")
    out = no_fault(result)
    assert result.returncode == 2 and "Error 2" in result.stderr, out  # the pipeline's usage error
    assert "argumentas AKTAS: netinkamas pasirinkimas" in result.stderr, out
    assert not marker.exists() and sorted(p.name for p in ledger.iterdir()) == before


@pytest.mark.parametrize("index", range(9))
def test_a_forms_folder_is_a_value(work, index):
    marker = work.parent / "marker"
    value = payloads(marker)[index]
    year_file = work / "content" / PLAN / "stebesena" / "2024.yaml"
    before = year_file.read_bytes()
    result = make(work, "import", f"PLAN={PLAN}", "YEAR=2024", f"FORMS={value}")
    out = no_fault(result)
    assert result.returncode == 2 and "Error 1" in result.stderr, out
    assert f"{value.splitlines()[0]}" in result.stderr and "failo nėra" in result.stderr, out
    assert not marker.exists()
    assert year_file.read_bytes() == before


def test_returned_forms_named_like_commands_are_only_read(work):
    forms = work / "grazintos"
    forms.mkdir()
    names = ["a$(touch marker).xlsx", "b`touch marker`.xlsx", "c;touch marker;#.xlsx", "d'$(touch marker)'.xlsx",
             "e touch marker.xlsx"]
    for name in names:
        (forms / name).write_bytes(b"not a workbook")
    result = make(work, "import", f"PLAN={PLAN}", "YEAR=2024", f"FORMS={forms.name}")
    out = no_fault(result)
    assert result.returncode == 2 and "Error 1" in result.stderr, out
    lines = result.stderr.splitlines()
    assert lines[:len(names)] == [f"grazintos/{n}: tai ne Excel darbaknygė (.xlsx) arba ji sugadinta" for n in names]
    assert f"Rasta klaidų: {len(names)}. Niekas neįrašyta." in lines, out
    assert not (work / "marker").exists() and not (work.parent / "marker").exists()


def test_make_forms_then_import_reads_the_folder_the_forms_went_to(work):
    made = make(work, "forms", f"PLAN={PLAN}", "YEAR=2024")
    assert made.returncode == 0, made.stdout + made.stderr
    folder = work / "build" / PLAN / "formos-2024"
    assert len(list(folder.glob("*.xlsx"))) > 1
    imported = make(work, "import", f"PLAN={PLAN}", "YEAR=2024")
    out = no_fault(imported)
    assert imported.returncode == 0, out
    assert f"content/{PLAN}: įrašyta į content/{PLAN}/stebesena/2024.yaml" in imported.stdout
    firsts = [line.rsplit("(", 1)[1].rstrip(")") for line in imported.stdout.splitlines()[1:-1]]
    assert firsts == sorted(firsts) and len(firsts) == len(list(folder.glob("*.xlsx")))


def test_import_lists_a_folder_itself(tmp_path):
    root = copy_plan(PLAN, tmp_path)
    forms = tmp_path / "formos"
    forms.mkdir()
    for name in ("b.xlsx", "a.xlsx", ".~slepiama.xlsx", "pastabos.txt"):
        (forms / name).write_bytes(b"not a workbook")
    result = run_cli("import", str(root), "--year", "2024", str(forms), cwd=tmp_path)
    out = no_fault(result)
    assert result.returncode == 1, out
    assert result.stderr.splitlines() == ["formos/a.xlsx: tai ne Excel darbaknygė (.xlsx) arba ji sugadinta",
                                          "formos/b.xlsx: tai ne Excel darbaknygė (.xlsx) arba ji sugadinta",
                                          "Rasta klaidų: 2. Niekas neįrašyta."]
    empty = tmp_path / "tuscias"
    empty.mkdir()
    result = run_cli("import", str(root), "--year", "2024", str(empty), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "tuscias: aplanke nėra grąžintų formų (.xlsx failų)"


def test_the_help_shows_fuzz_settings_as_typed(work):
    marker = work.parent / "marker"
    result = make(work, "help", f"FUZZ_MUTANTS=$(touch {marker})`touch {marker}`", f"FUZZ_SEED=';touch {marker};'")
    assert result.returncode == 0, result.stderr
    assert f"(FUZZ_MUTANTS=$(touch {marker})`touch {marker}`, FUZZ_SEED=';touch {marker};')" in result.stdout
    assert not marker.exists()


def test_a_year_the_pipeline_is_given_must_be_four_digits():
    for year in ("24", "2024.0", "２０２４", "-2024", " 2024", "2024\n"):
        result = run_cli("forms", f"content/{PLAN}", f"--year={year}", "--out", "/nonexistent/never-written")
        out = no_fault(result)
        assert result.returncode == 2, out
        assert result.stderr.splitlines()[-1].startswith("python -m pipeline forms: netinkamas komandos naudojimas: "
                                                         "argumentas --year: metai turi būti keturių skaitmenų"), out
