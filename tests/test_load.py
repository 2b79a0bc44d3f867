"""Reading YAML is bounded and exact: alias bombs are refused, an escaped control character is an error."""

from __future__ import annotations

import time

from pipeline.commands import cli
from pipeline.content.load import MAX_FILE_BYTES

from .conftest import run_cli


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
    group = tiny / "grupes" / "01" / "grupe.yaml"
    text = group.read_text(encoding="utf-8")
    assert text.count("institucija: Savivaldybės administracija") == 2
    text = text.replace("institucija: Savivaldybės administracija", "institucija: &adm Savivaldybės administracija", 1)
    group.write_text(text.replace("institucija: Savivaldybės administracija", "institucija: *adm"), encoding="utf-8")
    assert "*adm" in group.read_text(encoding="utf-8")
    assert cli.main(["check", str(tiny)]) == 0


def test_a_control_character_written_as_an_escape_is_an_error(tiny):
    planas = tiny / "planas.yaml"
    planas.write_text(planas.read_text(encoding="utf-8").replace("miestas: Bandomasis", 'miestas: "Bando\\x01masis"'),
                      encoding="utf-8")
    result = run_cli("check", str(tiny))
    assert result.returncode == 1
    assert (f"{planas}:4: neleistinas valdymo simbolis U+0001 (parašytas kaip „\\“ seka): jo negali būti Word "
            "dokumente") in result.stdout.splitlines()


def test_a_file_that_cannot_be_read_is_named_with_the_systems_reason_in_lithuanian(tmp_path):
    from pipeline.content.load import read_text

    folder = tmp_path / "aplankas.md"
    folder.mkdir()
    (problem,) = read_text(folder).problems
    assert problem.message == "failo nepavyko perskaityti: tai aplankas, o ne failas"
