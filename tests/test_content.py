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
