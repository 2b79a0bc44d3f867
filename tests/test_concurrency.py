"""Runs at the same time and runs killed midway: one writer at a time, nothing lost, nothing left behind."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.life.forms import layout as forms
from pipeline.core import write
from pipeline.core.lt import noun_form
from pipeline.content.plan import load_plan
from pipeline.commands.watch import watch
from pipeline.core.workers import forked_pool

from .conftest import ROOT, copy_plan
from .test_forms import fill, issue

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists() and os.environ.get("CI") != "true",
                                reason="processes are looked at through /proc (Linux)")

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1625097600"}


def start(*args: str, output=subprocess.PIPE) -> subprocess.Popen:
    """Start `python -m pipeline ARGS` as a user would, its output captured (or sent to `output`)."""
    return subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=ENV, text=True,
                            stdout=output, stderr=output)


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=ENV, text=True,
                          capture_output=True, timeout=timeout)


def processes() -> dict[int, tuple[int, str, str]]:
    """Return every process the system lists: its parent, its state and its command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        state, parent = status.rsplit(")", 1)[1].split()[:2]
        found[int(entry.name)] = (int(parent), state, command)
    return found


def descendants(pid: int) -> set[int]:
    table, found, todo = processes(), set(), [pid]
    while todo:
        parent = todo.pop()
        for child, (ppid, _, _) in table.items():
            if ppid == parent and child not in found:
                found.add(child)
                todo.append(child)
    return found


def running(pids: set[int] = frozenset(), mentioning: str | None = None) -> set[int]:
    """Return which of pids, and which processes whose command line mentions a path, still run (zombies do not)."""
    return {pid for pid, (_, state, command) in processes().items() if state != "Z"
            and (pid in pids or (mentioning is not None and mentioning in command))}


def wait_until(condition, timeout: float, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return condition()


def outputs(folder: Path) -> dict[str, bytes]:
    """Return what a folder offers its readers: every file not hidden, by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


# ---------------------------------------------------------------- two imports at once


def test_two_imports_of_disjoint_forms_into_one_year_both_land_every_time(tmp_path):
    root = copy_plan("kaunas-2030", tmp_path, ledger=False)
    paths = issue(root, 2025, tmp_path / "formos")
    for path in paths:
        fill(path)
    halves = [paths[0:6:2], paths[1:6:2]]
    expected = [_entries(half) for half in halves]
    assert all(expected[0]) and all(expected[1])
    assert not expected[0][0] & expected[1][0] and not expected[0][1] & expected[1][1]
    target = root / "stebesena" / "2025.yaml"
    for _ in range(10):
        target.unlink(missing_ok=True)
        both = [start("import", str(root), "--year", "2025", *map(str, half)) for half in halves]
        for process in both:
            stdout, stderr = process.communicate(timeout=120)
            assert process.returncode == 0, stderr
            assert stdout.splitlines()[-1] == f"{root}: įrašyta į {target}"
            assert "Traceback" not in stderr
        plan, problems = load_plan(root)
        assert plan is not None, problems
        assert set(plan.reports[2025].measures) == expected[0][0] | expected[1][0]
        assert set(plan.reports[2025].indicators) == expected[0][1] | expected[1][1]
    assert not list(target.parent.glob(".*.tmp"))


def _entries(paths: list[Path]) -> tuple[set[str], set[str]]:
    """Return the measures and the indicators a set of issued forms ask for."""
    measures, indicators = set(), set()
    for path in paths:
        book = load_workbook(path)
        for sheet, column, keys in ((forms.MEASURES_SHEET, 2, measures), (forms.INDICATORS_SHEET, 1, indicators)):
            if sheet in book.sheetnames:  # only the rows the form fills: another reports a grey indicator
                keys.update(book[sheet].cell(row, column).value for row in range(2, book[sheet].max_row + 1)
                            if book[sheet].cell(row, forms.VALUE_COLUMN if keys is indicators else forms.STATUS_COLUMN
                                                ).protection.locked is False)
    return measures, indicators


def test_a_waiting_import_says_what_it_waits_for_and_then_writes(tmp_path):
    root = copy_plan("kaunas-2030", tmp_path, ledger=False)
    path = issue(root, 2025, tmp_path / "formos")[0]
    fill(path)
    holder = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        process = start("import", str(root), "--year", "2025", str(path))
        first = process.stderr.readline()
        assert first == (f"{root}: laukiama, kol baigsis kitas įrašymas į šį plano aplanką "
                         f"(procesas {os.getpid()})…\n")
        assert not (root / "stebesena" / "2025.yaml").exists()
    finally:
        os.close(holder)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0 and stderr == ""
    assert (root / "stebesena" / "2025.yaml").is_file()
    assert sorted(p.name for p in root.rglob("*") if "lock" in p.name) == []  # no lock file left in content


def test_import_removes_temporaries_a_killed_import_left(tmp_path):
    root = copy_plan("kaunas-2030", tmp_path, ledger=False)
    path = issue(root, 2025, tmp_path / "formos")[0]
    fill(path)
    stale = root / "stebesena" / ".2025.yaml.k3j_x9a2.tmp"
    stale.write_text("metai: 20", encoding="utf-8")
    kept = root / "stebesena" / ".pastabos.tmp"  # not what an import leaves: not its to remove
    kept.write_text("x", encoding="utf-8")
    result = run("import", str(root), "--year", "2025", str(path))
    assert result.returncode == 0, result.stderr
    assert not stale.exists() and kept.read_text(encoding="utf-8") == "x"


def test_forms_remove_temporaries_a_killed_forms_run_left(tmp_path):
    root = copy_plan("kaunas-2030", tmp_path, ledger=False)
    out = tmp_path / "formos"
    stale = out / ".kaunas-2030-2025-vsi-kaunas-in.xlsx.ab12cd34.tmp"
    out.mkdir()
    stale.write_bytes(b"PK")
    issue(root, 2025, out)
    assert not stale.exists() and not list(out.glob(".*.tmp"))


# ---------------------------------------------------------------- waiting, and locks left behind


def test_a_waiting_site_says_what_it_waits_for(tmp_path):
    out = tmp_path / "site"
    holder = os.open(tmp_path / ".site.lock", os.O_RDWR | os.O_CREAT)  # the site's lock sits beside its folder
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        process = start("site", str(ROOT / "content" / "alytus-2030"), "--out", str(out),
                        "--documents", str(tmp_path / "nera"))
        first = process.stderr.readline()
        assert first == f"{tmp_path}: laukiama, kol baigsis kitas svetainės rengimas (procesas {os.getpid()})…\n"
        assert not (out / "index.html").exists()
    finally:
        os.close(holder)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0 and stderr == ""
    assert (out / "index.html").is_file()


LEAVE_LOCK_TO_CHILD = """
import fcntl, os, sys, time
handle = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(handle, fcntl.LOCK_EX)
os.write(handle, str(os.getpid()).encode())
child = os.fork()
if child == 0:
    time.sleep(120)
    os._exit(0)
print(os.getpid(), child, flush=True)
"""


def test_a_lock_its_holder_left_to_a_child_is_taken_over_with_a_message(tiny, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    leaver = subprocess.Popen([sys.executable, "-c", LEAVE_LOCK_TO_CHILD, str(out / write.LOCK_NAME)],
                              stdout=subprocess.PIPE, text=True)
    holder, child = map(int, leaver.stdout.readline().split())
    leaver.wait(30)
    try:
        taken = run("build", str(tiny), "order", "--out", str(out), timeout=60)
        assert taken.returncode == 0, taken.stderr
        assert taken.stderr.splitlines() == [f"{out}: rengimas (procesas {holder}) baigėsi, bet užraktą paliko savo "
                                             "sukurtam procesui: užraktas perimamas"]
        assert (out / "order.docx").is_file()
        again = run("build", str(tiny), "order", "--out", str(out), "--force", timeout=60)
        assert again.returncode == 0 and again.stderr == ""
    finally:
        os.kill(child, signal.SIGKILL)


def _open_files() -> list[str]:
    """Return what every descriptor of this process is open on."""
    return [os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")
            if os.path.exists(f"/proc/self/fd/{fd}")]


def test_a_worker_forked_while_the_lock_is_held_does_not_hold_it(tmp_path):
    out = tmp_path / "out"
    with write.locked(out), forked_pool(1) as pool:
        assert str(out / write.LOCK_NAME) in _open_files()
        assert str(out / write.LOCK_NAME) not in pool.submit(_open_files).result()


WORKER_AND_WAIT = """
import os, time
from pipeline.core.workers import forked_pool
pool = forked_pool(1)
print(pool.submit(os.getpid).result(), flush=True)
time.sleep(120)
"""


def test_a_worker_ends_when_its_parent_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", WORKER_AND_WAIT], cwd=ROOT, env=ENV, stdout=subprocess.PIPE,
                              text=True)
    worker = int(parent.stdout.readline())
    try:
        assert running({worker})
        parent.kill()
        parent.wait()
        assert wait_until(lambda: not running({worker}), 10)
    finally:
        if running({worker}):
            os.kill(worker, signal.SIGKILL)


# ---------------------------------------------------------------- runs killed midway


def _states(root: Path) -> dict[str, dict[str, bytes]]:
    """Return two states of the plan's content (files by path) that make different documents and sites."""
    planas = (root / "planas.yaml").read_text(encoding="utf-8")
    news = root / "naujienos" / "2024-05-01-susitikimas.md"
    a = {"planas.yaml": planas.encode(), news.relative_to(root).as_posix(): None}
    b = {"planas.yaml": planas.replace("vardas: Jonas Vardenis", "vardas: Petras Petraitis", 1).encode(),
         news.relative_to(root).as_posix(): "---\ndata: 2024-05-01\npavadinimas: Susitikimas su gyventojais\n---\n"
                                            "Aptarėme plano įgyvendinimą.\n".encode()}
    assert a["planas.yaml"] != b["planas.yaml"]
    return {"a": a, "b": b}


def _put(root: Path, state: dict) -> None:
    for name, data in state.items():
        if data is None:
            (root / name).unlink(missing_ok=True)
        else:
            (root / name).write_bytes(data)


COMMANDS = {
    # what to run, from when to when (seconds) a kill falls in its middle, and the states it is killed making
    "build": (lambda root, out, docs: ("build", str(root), "all", "--out", str(out)), (0.2, 2.5), "bab"),
    "site": (lambda root, out, docs: ("site", str(root), "--out", str(out), "--documents", str(docs)), (0.4, 4.0),
             "ba"),
}


@pytest.fixture(scope="module")
def kaunas_documents(tmp_path_factory) -> Path:
    """Kaunas's documents, built once: what the sites of these tests publish."""
    docs = tmp_path_factory.mktemp("documents")
    assert run("build", str(ROOT / "content" / "kaunas-2030"), "all", "--out", str(docs)).returncode == 0
    return docs


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_run_killed_at_random_leaves_no_process_and_no_lock_and_the_next_run_is_right(tmp_path, command,
                                                                                        kaunas_documents):
    root = copy_plan("kaunas-2030", tmp_path, ledger=False)
    arguments, (earliest, latest), killed_making = COMMANDS[command]
    docs, out = kaunas_documents, tmp_path / "out"
    states = _states(root)
    _put(root, states["b"])
    assert run(*arguments(root, tmp_path / "expected", docs)).returncode == 0
    _put(root, states["a"])
    assert run(*arguments(root, out, docs)).returncode == 0
    expected = {"a": outputs(out), "b": outputs(tmp_path / "expected")}
    assert expected["a"] != expected["b"]
    rng = random.Random(f"kill-{command}")
    workers_killed = 0
    for attempt, name in enumerate(killed_making):
        _put(root, states[name])
        process = start(*arguments(root, out, docs), output=subprocess.DEVNULL)  # no pipe a survivor could hold
        if attempt == len(killed_making) - 1:  # at a random moment while a forked worker is sure to run
            assert wait_until(lambda: running(mentioning=str(out)) - {process.pid}, 60, 0.01)
            time.sleep(rng.uniform(0, 0.1))
        else:
            time.sleep(rng.uniform(earliest, latest))
        family = descendants(process.pid)
        workers_killed += bool(running(family, str(out)) - {process.pid})
        process.send_signal(signal.SIGKILL)  # the main process only: what it started must end by itself
        process.wait()
        left = wait_until(lambda: not running(family, str(out)), 20) or running(family, str(out))
        for pid in left if left is not True else ():
            os.kill(pid, signal.SIGKILL)  # what this test started is not left behind, even when it fails
        assert left is True, f"still running after the parent was killed: {left}"
        again = run(*arguments(root, out, docs), timeout=30)
        assert again.returncode == 0, again.stderr
        assert "laukiama" not in again.stderr and "perimamas" not in again.stderr
        assert outputs(out) == expected[name]
        assert not list(out.glob(".*.tmp"))
    assert workers_killed >= 1


KILL_AFTER_RENAMES = """
import os, signal, sys
from pipeline.commands import cli
left = int(sys.argv[1])
rename = os.replace
def replace(source, target):
    global left
    if left == 0:
        os.kill(os.getpid(), signal.SIGKILL)
    left -= 1
    rename(source, target)
os.replace = replace
sys.exit(cli.main(sys.argv[2:]))
"""


def _killed_after(renames: int, *args: str) -> int:
    """Run a command that is killed just before its rename number `renames` + 1; return its exit code."""
    return subprocess.run([sys.executable, "-c", KILL_AFTER_RENAMES, str(renames), *args], cwd=ROOT, env=ENV,
                          capture_output=True, timeout=120).returncode


def _records_hold(out: Path) -> None:
    """Check that every build record present names its files exactly as they are."""
    for record in out.glob(".inputs-*.json"):
        entry = json.loads(record.read_text(encoding="utf-8"))
        if record.name == ".inputs-site.json":
            continue
        for name, digest in entry["files"].items():
            assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, (record.name, name)


def test_a_build_killed_among_its_renames_claims_no_mix_up_to_date(tmp_path):
    root = copy_plan("kaunas-2030", tmp_path, ledger=False)
    states = _states(root)
    out = tmp_path / "out"
    assert run("build", str(root), "all", "--out", str(out)).returncode == 0
    expected = outputs(out)
    _put(root, states["b"])
    assert _killed_after(3, "build", str(root), "all", "--out", str(out)) == -signal.SIGKILL
    assert outputs(out) != expected  # some documents are of the other content now
    _records_hold(out)
    _put(root, states["a"])
    again = run("build", str(root), "all", "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert outputs(out) == expected
    _records_hold(out)


def test_a_site_killed_among_its_renames_is_made_again(tmp_path, kaunas_documents):
    root = copy_plan("kaunas-2030", tmp_path, ledger=False)
    docs = kaunas_documents
    states = _states(root)
    out = tmp_path / "site"
    assert run("site", str(root), "--out", str(out), "--documents", str(docs)).returncode == 0
    before = outputs(out)
    _put(root, states["b"])
    assert _killed_after(12, "site", str(root), "--out", str(out), "--documents", str(docs)) == -signal.SIGKILL
    assert outputs(out) != before
    _put(root, states["a"])
    again = run("site", str(root), "--out", str(out), "--documents", str(docs))
    assert again.returncode == 0, again.stderr
    assert again.stdout == f"{root}: svetainė parengta ({len(before)} {noun_form(len(before), 'failas')}) → {out}\n"
    assert outputs(out) == before


def test_pdfs_of_a_conversion_cut_short_are_made_again(tiny, tmp_path):
    from pipeline.commands.build import build
    from pipeline.outputs.pdf import convert_folder

    def office(sources: list[Path], stop_after: int | None = None) -> list[Path]:
        for n, source in enumerate(sources):
            if n == stop_after:
                raise KeyboardInterrupt
            source.with_suffix(".pdf").write_text(hashlib.sha256(source.read_bytes()).hexdigest())
        return [s.with_suffix(".pdf") for s in sources]

    out = tmp_path / "out"
    planas = tiny / "planas.yaml"
    original = planas.read_text(encoding="utf-8")
    build(tiny, ["order"], out)
    convert_folder(out, office)
    planas.write_text(original.replace(" miesto ", " rajono "), encoding="utf-8")  # every document changes
    build(tiny, ["order"], out)
    with pytest.raises(KeyboardInterrupt):
        convert_folder(out, lambda sources: office(sources, stop_after=1))
    planas.write_text(original, encoding="utf-8")
    build(tiny, ["order"], out)
    convert_folder(out, office)
    for document in out.glob("*.docx"):
        assert document.with_suffix(".pdf").read_text() == hashlib.sha256(document.read_bytes()).hexdigest()


# ---------------------------------------------------------------- watch


def test_watch_reports_a_new_pipe_link_and_deletion_without_waiting_for_a_save(tmp_path, monkeypatch):
    monkeypatch.setattr("pipeline.commands.watch._converter", lambda say: None)
    plan = copy_plan("alytus-2030", tmp_path)
    lines: list[str] = []
    stop = threading.Event()
    from pipeline.commands import watch as watching

    scanned = watching.signature

    def signature(*args):
        if stop.is_set():
            raise KeyboardInterrupt
        return scanned(*args)

    monkeypatch.setattr(watching, "signature", signature)
    thread = threading.Thread(target=watch, args=(plan, tmp_path / "out", lines.append))
    thread.start()
    pipe, link = plan / "grupes" / "01" / "kanalas.md", plan / "tekstai" / "nuoroda.md"
    chapter = sorted(plan.glob("grupes/01/skyriai/*.md"))[-1]
    pipe_problem = f"{pipe}: tai ne paprastas failas (įrenginys, kanalas ar lizdas): pašalinkite jį"
    link_problem = f"{link}: nuoroda (symlink) veda už plano aplanko ribų: tokio failo skaityti negalima"
    mistakes = "turinyje yra klaidų: palikti paskutiniai geri dokumentai"
    steps = [(lambda: os.mkfifo(pipe), [pipe_problem], mistakes),
             (lambda: link.symlink_to("/etc/hostname"), [link_problem, pipe_problem], mistakes),
             (pipe.unlink, [link_problem], mistakes),
             (link.unlink, [], r"atnaujinta per \d+\.\d\d s: niekas nepasikeitė"),
             (chapter.unlink, [], r"atnaujinta per \d+\.\d\d s: plan\.docx")]
    try:
        assert wait_until(lambda: any(line.startswith("stebimas ") for line in lines), 120)
        for change, problems, outcome in steps:  # no file is saved: each change is seen by itself
            count = len(lines)
            change()
            assert wait_until(lambda: len(lines) > count and re.fullmatch(r"\d\d:\d\d:\d\d .*", lines[-1]), 20)
            assert sorted(lines[count:-1]) == sorted(problems)
            assert re.fullmatch(rf"\d\d:\d\d:\d\d {outcome}", lines[-1])
    finally:
        stop.set()
        thread.join(60)
    assert lines[-1] == "baigta"
