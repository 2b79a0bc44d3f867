"""The one place that writes: output folder errors in Lithuanian, one build at a time, nothing left half-written."""

from __future__ import annotations

import errno
import fcntl
import os
import subprocess
import sys

from pipeline.commands import cli
from pipeline.core import write
from pipeline.commands.build import build

from .conftest import ROOT, refuse, run_cli, snapshot


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


def test_a_read_only_output_folder_is_a_message(tiny, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    build(tiny, ["order"], out)
    before = snapshot(out)
    monkeypatch.setattr(write.tempfile, "mkstemp", refuse(errno.EROFS))
    assert cli.main(["build", str(tiny), "order", "--out", str(out), "--force"]) == 1
    assert capsys.readouterr().err.splitlines() == [f"klaida: nepavyko įrašyti į {out}: laikmena skirta tik skaityti"]
    assert snapshot(out) == before


def test_a_read_only_output_folder_with_nothing_changed_is_a_message(tiny, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    build(tiny, ["order"], out)
    before = snapshot(out)
    monkeypatch.setattr(write.tempfile, "mkstemp", refuse(errno.EACCES))
    assert cli.main(["build", str(tiny), "order", "--out", str(out)]) == 1
    assert capsys.readouterr().err.splitlines() == [f"klaida: nepavyko įrašyti į {out}: nėra teisės"]
    assert snapshot(out) == before


def test_temporary_files_a_killed_build_left_are_removed(tiny, tmp_path):
    out = tmp_path / "out"
    build(tiny, ["order"], out)
    stale = out / ".order.docx.ab12cd34.tmp"
    stale.write_bytes(b"half")
    build(tiny, ["order"], out)
    assert not stale.exists()


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
        assert first.strip() == (f"{out}: laukiama, kol baigsis kitas rengimas į šį aplanką "
                                f"(procesas {os.getpid()})…")
        assert not (out / "order.docx").exists()
    finally:
        os.close(handle)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert (out / "order.docx").exists()
