"""The officials' loop: a saved file reaches the documents and their PDFs, and mistakes keep the last good ones."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path


from pipeline.commands.watch import refresh, signature, watch

from .conftest import ROOT, copy_plan, needs



def test_a_saved_chapter_changes_the_signature(tmp_path):
    plan = copy_plan("alytus-2030", tmp_path)
    before = signature(plan, ROOT / "templates")
    chapter = next(plan.glob("grupes/01/skyriai/*.md"))
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nNaujas sakinys.\n", encoding="utf-8")
    assert signature(plan, ROOT / "templates") != before


def test_refresh_converts_only_what_changed_and_says_so_in_one_line(tmp_path):
    plan = copy_plan("alytus-2030", tmp_path)
    out, lines, converted = tmp_path / "out", [], []

    def fake_office(sources: list[Path]) -> list[Path]:
        converted.append([s.name for s in sources])
        for source in sources:
            source.with_suffix(".pdf").write_bytes(b"%PDF")
        return [s.with_suffix(".pdf") for s in sources]

    refresh(plan, out, fake_office, lines.append)
    chapter = next(plan.glob("grupes/01/skyriai/*.md"))
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nNaujas sakinys.\n", encoding="utf-8")
    refresh(plan, out, fake_office, lines.append)
    assert converted[0] == sorted(p.name for p in out.glob("*.docx"))  # the first refresh converts every document
    assert converted[1] == ["plan.docx"]
    assert len(lines) == 2 and lines[1].endswith(": plan.docx, plan.pdf")


def test_a_mistake_keeps_the_last_good_documents(tmp_path):
    plan = copy_plan("alytus-2030", tmp_path)
    out, lines = tmp_path / "out", []
    refresh(plan, out, None, lines.append)
    good = (out / "plan.docx").read_bytes()
    (plan / "strategija.yaml").write_text("vizija: [\n", encoding="utf-8")
    refresh(plan, out, None, lines.append)
    assert any(line.startswith(f"{plan / 'strategija.yaml'}:") for line in lines)
    assert lines[-1].endswith("turinyje yra klaidų: palikti paskutiniai geri dokumentai")
    assert (out / "plan.docx").read_bytes() == good


def test_watch_polls_and_stops(tmp_path, monkeypatch):
    monkeypatch.setattr("pipeline.commands.watch._converter", lambda say: None)
    plan = copy_plan("alytus-2030", tmp_path)
    lines = []
    assert watch(plan, tmp_path / "out", lines.append, polls=2) == 0
    assert lines[-1].startswith("stebimas ")


@needs("writer")
def test_a_saved_chapter_reaches_the_pdf_and_ctrl_c_leaves_no_office(tmp_path):
    plan = copy_plan("alytus-2030", tmp_path)
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "watch", str(plan), "--out", str(out)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert _line(process, "stebimas ").startswith("stebimas ")
        first = (out / "plan.pdf").stat().st_mtime_ns
        chapter = next(plan.glob("grupes/01/skyriai/*.md"))
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nNaujas sakinys.\n", encoding="utf-8")
        assert _line(process, "atnaujinta").endswith(": plan.docx, plan.pdf")
        assert (out / "plan.pdf").stat().st_mtime_ns > first
    finally:
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
    assert process.returncode == 0, rest
    assert "Traceback" not in rest
    time.sleep(0.5)
    leftovers = subprocess.run(["pgrep", "-f", f"pipeline-{process.pid}-"], capture_output=True, text=True).stdout
    assert leftovers == ""


def _line(process, start: str, timeout: float = 120) -> str:
    """Return the next output line that starts with `start` (skipping the others)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        text = line.rstrip("\n")
        if text.split(" ", 1)[-1].startswith(start) or text.startswith(start):
            return text
    raise AssertionError(f"no line starting with {start!r}")
