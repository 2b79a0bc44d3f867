"""Loading a plan keeps within its budgets."""

from __future__ import annotations




from .conftest import run_cli


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


def test_a_broken_planas_yaml_hides_no_other_file_s_mistakes(alytus):
    planas = alytus / "planas.yaml"
    planas.write_text(planas.read_text(encoding="utf-8").replace("miestas: Alytus", "miestas: [Alytus"), encoding="utf-8")
    goals = alytus / "grupes" / "01" / "tikslai.yaml"
    goals.write_text(goals.read_text(encoding="utf-8").replace("prioritetas: P1", "prioritetas: P9", 1), encoding="utf-8")
    result = run_cli("check", str(alytus))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"{planas}:") for line in lines)
    assert f"{goals}:4: nežinomas prioritetas „P9“: galimi P1, P2, P3, P4" in lines


def test_a_broken_grupe_yaml_hides_none_of_its_goals_mistakes(alytus):
    group = alytus / "grupes" / "01" / "grupe.yaml"
    group.write_text(group.read_text(encoding="utf-8").replace("pavadinimas:", "pavadinimasx:", 1), encoding="utf-8")
    goals = alytus / "grupes" / "01" / "tikslai.yaml"
    goals.write_text(goals.read_text(encoding="utf-8").replace("prioritetas: P1", "prioritetas: P9", 1), encoding="utf-8")
    result = run_cli("check", str(alytus))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"{group}:1: nežinomas laukas „pavadinimasx“") for line in lines), result.stdout
    assert f"{goals}:4: nežinomas prioritetas „P9“: galimi P1, P2, P3, P4" in lines, result.stdout


def test_a_value_with_line_breaks_is_quoted_on_one_line(tiny):
    planas = tiny / "planas.yaml"
    planas.write_text(planas.read_text(encoding="utf-8").replace("  pradžia: 2021", '  pradžia: "2021\\nmetai"'),
                      encoding="utf-8")
    result = run_cli("check", str(tiny))
    assert result.returncode == 1
    assert (f"{planas}:14: laukas „pradžia“: tikėtasi sveikojo skaičiaus; rasta „2021 ⏎ metai“"
            in result.stdout.splitlines()), result.stdout
