"""A seeded mutation fuzzer: broken copies of a sample plan get clean errors, never a crash.

Each mutant is a fresh copy of Alytus with one or two random mutations of its content. `check`
runs on every mutant, `build all` on every mutant the check refuses (a refused build is quick)
and on every BUILD_EVERY-th one it accepts. FUZZ_MUTANTS sets how many mutants to make and
FUZZ_SEED the seed; mutant i of seed s is always the same, whatever FUZZ_MUTANTS is.
A failing mutant's folder is kept, and the failure names its seed, index and mutations.
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import signal
import time
import traceback
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from pipeline import cli
from pipeline.errors import display_path

from .conftest import copy_plan

SEED = int(os.environ.get("FUZZ_SEED", "1"))
MUTANTS = int(os.environ.get("FUZZ_MUTANTS", "250"))  # about 30 s on an idle 2-core machine
BUILD_EVERY = 3  # a build of accepted content takes ~0.3 s: build every third such mutant
TIME_LIMIT_S = 20
NEW_VALUES = ["[1, 2]", "{a: 1}", "123", '""', "null", "yes", "1.5", "-7", "2020-13-45", "tekstas", "|"]
# "key:" (possibly a list item's) or a bare list item "-": what a value may follow.
SLOT = re.compile(r"^(\s*(?:-\s+)?[^\s#:\-][^:#]*:)(?=\s|$)|^(\s*-)(?=\s|$)")
REFUSED = re.compile(r"^Rasta klaidų: \d+\. Niekas neįrašyta\.$")
STRAY_BINARY_NAMES = ["priedas.bin", "duomenys.yaml", "99-skyrius.md", "paveikslas.png"]


class Hang(BaseException):
    """Raised by the alarm: not an Exception, so that no `except Exception` in the pipeline hides it."""


# ---------------------------------------------------------------- mutations


def files_of(root: Path) -> list[Path]:
    """Return every file of the plan folder in a fixed order."""
    return sorted(p for p in root.rglob("*") if p.is_file())


def folders_of(root: Path) -> list[Path]:
    """Return the plan folder and every folder in it, in a fixed order."""
    return [root] + sorted(p for p in root.rglob("*") if p.is_dir())


def rel(path: Path, root: Path) -> str:
    """Return a path inside the plan as text, bytes that are not UTF-8 shown as \\xNN."""
    return os.fsencode(path.relative_to(root)).decode("utf-8", "backslashreplace")


def pick_lines(rng: random.Random, root: Path) -> tuple[Path, list[bytes]]:
    """Pick a non-empty file; return it and its lines (line ends kept)."""
    path = rng.choice([p for p in files_of(root) if p.stat().st_size > 0])
    return path, path.read_bytes().splitlines(keepends=True)


def delete_line(rng, root):
    """Delete a random line of a random file."""
    path, lines = pick_lines(rng, root)
    i = rng.randrange(len(lines))
    del lines[i]
    path.write_bytes(b"".join(lines))
    return f"deleted line {i + 1} of {rel(path, root)}"


def duplicate_line(rng, root):
    """Write a random line of a random file twice."""
    path, lines = pick_lines(rng, root)
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    path.write_bytes(b"".join(lines))
    return f"duplicated line {i + 1} of {rel(path, root)}"


def swap_lines(rng, root):
    """Swap two random lines of a random file."""
    path, lines = pick_lines(rng, root)
    i, j = rng.sample(range(len(lines)), 2) if len(lines) > 1 else (0, 0)
    lines[i], lines[j] = lines[j], lines[i]
    path.write_bytes(b"".join(lines))
    return f"swapped lines {i + 1} and {j + 1} of {rel(path, root)}"


def change_type(rng, root):
    """Replace the value after a YAML key (or a list dash) with one of another type."""
    path = rng.choice([p for p in files_of(root) if p.suffix == ".yaml" and p.stat().st_size > 0])
    lines = path.read_bytes().splitlines(keepends=True)
    slots = [i for i, line in enumerate(lines) if SLOT.match(line.decode("utf-8", "replace"))]
    if not slots:
        return delete_line(rng, root)
    i, value = rng.choice(slots), rng.choice(NEW_VALUES)
    match = SLOT.match(lines[i].decode("utf-8", "replace"))
    lines[i] = f"{match.group(0)} {value}\n".encode("utf-8")
    path.write_bytes(b"".join(lines))
    return f"line {i + 1} of {rel(path, root)} set to {match.group(0).strip()} {value}"


def truncate(rng, root):
    """Cut a file short, half the time in the middle of a UTF-8 character."""
    path = rng.choice([p for p in files_of(root) if p.stat().st_size > 0])
    data = path.read_bytes()
    inner = [i for i, byte in enumerate(data) if 0x80 <= byte < 0xC0]
    cut = rng.choice(inner) if inner and rng.random() < 0.5 else rng.randrange(len(data))
    path.write_bytes(data[:cut])
    return f"truncated {rel(path, root)} to {cut} bytes"


def insert_byte(rng, root):
    """Insert a random byte at a random place of a random file."""
    path = rng.choice(files_of(root))
    data = path.read_bytes()
    at, byte = rng.randrange(len(data) + 1), rng.randrange(256)
    path.write_bytes(data[:at] + bytes([byte]) + data[at:])
    return f"inserted byte 0x{byte:02x} at offset {at} of {rel(path, root)}"


def add_stray(rng, root):
    """Add an empty .md, a binary file, an empty folder or a file whose name is not UTF-8."""
    folder = rng.choice(folders_of(root))
    kind = rng.choice(["empty", "binary", "folder", "bad-name"])
    if kind == "empty":
        (folder / "tuscias.md").write_bytes(b"")
        return f"added empty file {rel(folder / 'tuscias.md', root)}"
    if kind == "binary":
        path = folder / rng.choice(STRAY_BINARY_NAMES)
        path.write_bytes(bytes(rng.randrange(256) for _ in range(64)))
        return f"added 64 random bytes as {rel(path, root)}"
    if kind == "folder":
        (folder / "naujas").mkdir(exist_ok=True)
        return f"added empty folder {rel(folder / 'naujas', root)}"
    with open(os.path.join(os.fsencode(folder), b"\xff\xfe.md"), "wb") as stream:
        stream.write("# Skyrius\n".encode("utf-8"))
    return f"added file named b'\\xff\\xfe.md' in {rel(folder, root) if folder != root else '.'}"


def delete_file(rng, root):
    """Delete a random file."""
    path = rng.choice(files_of(root))
    path.unlink()
    return f"deleted {rel(path, root)}"


MUTATIONS = [delete_line, duplicate_line, swap_lines, change_type, truncate, insert_byte, add_stray, delete_file]


def mutate(rng: random.Random, root: Path) -> list[str]:
    """Apply one or two random mutations; return what was done."""
    return [rng.choice(MUTATIONS)(rng, root) for _ in range(rng.randint(1, 2))]


# ---------------------------------------------------------------- running and judging


def run(argv: list[str]) -> tuple[object, str]:
    """Run the command line in-process; return its exit code (or what escaped it) and its output."""
    output = io.StringIO()
    sigterm = signal.getsignal(signal.SIGTERM)
    try:
        with redirect_stdout(output), redirect_stderr(output):
            code = cli.main(argv)
    except SystemExit as exc:
        code = f"SystemExit({exc.code})"
    except Exception:
        code = "exception"
        output.write(traceback.format_exc())
    finally:
        signal.signal(signal.SIGTERM, sigterm)  # cli.main installs its own handler
    return code, output.getvalue()


def snapshot(folder: Path) -> dict[str, bytes] | None:
    """Return every file under a folder with its bytes, or None when the folder does not exist."""
    if not folder.exists():
        return None
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def odd_lines(output: str, root: Path, out: Path) -> list[str]:
    """Return the output lines that are not `path[:line]: message` about the plan, a written file or the refusal."""
    place = re.compile(re.escape(display_path(root)) + r"(/[^:]*)?(:\d+)?: \S")
    return [line for line in output.splitlines()
            if not (place.match(line) or REFUSED.match(line) or line.startswith(f"{out}/"))]


def judge(command: str, code, output: str, root: Path, out: Path) -> list[str]:
    """Return what is wrong with one run of check or build."""
    wrong = []
    if code not in (0, 1):
        wrong.append(f"{command} ended with {code}")
    if "Traceback" in output:
        return wrong + [f"{command} printed a traceback"]
    return wrong + [f"{command} printed a line not of the form `path:line: message`: {line!r}"
                    for line in odd_lines(output, root, out)[:3]]


def judge_output(code, before: dict[str, bytes] | None, out: Path) -> list[str]:
    """Return what is wrong with the output folder: a failed build leaves it as it was, a done one whole .docx."""
    after = snapshot(out)
    if code != 0:
        return [] if after == before else [f"failed build changed {out}: now {sorted(after or {})}"]
    broken = [name for name, data in (after or {}).items()
              if name.endswith(".docx") and not zipfile.is_zipfile(io.BytesIO(data))]
    return [f"build wrote broken documents {broken}"] if broken else []


def on_alarm(signum, frame):
    """Stop a mutant that has run for TIME_LIMIT_S."""
    raise Hang()


def exercise(root: Path, out: Path, counts: dict[str, int], outputs: list[str]) -> list[str]:
    """Check a mutant and maybe build it into a fresh folder; return what went wrong, keep what was printed."""
    code, output = run(["check", str(root)])
    wrong = judge("check", code, output, root, out)
    outputs.append(output)
    counts["checked clean" if code == 0 else "check failed"] += 1
    if code != 0 or (counts["checked clean"] - 1) % BUILD_EVERY == 0:
        before = snapshot(out)  # None: the folder does not exist yet
        code, output = run(["build", str(root), "all", "--out", str(out)])
        wrong += judge("build", code, output, root, out) + judge_output(code, before, out)
        outputs.append(output)
        counts["built" if code == 0 else "build refused"] += 1
    return wrong


def try_mutant(index: int, base: Path, counts: dict[str, int]) -> str | None:
    """Make, check and maybe build mutant INDEX; return a description of what went wrong, or None."""
    folder = base / f"m{index}"
    root = copy_plan("alytus-2030", folder)
    mutations = mutate(random.Random(f"{SEED}:{index}"), root)
    wrong, outputs = [], []
    started = time.monotonic()
    signal.alarm(TIME_LIMIT_S)
    try:
        wrong = exercise(root, folder / "out", counts, outputs)
    except Hang:
        wrong.append(f"no answer within {TIME_LIMIT_S} s")
    finally:
        signal.alarm(0)
    elapsed = time.monotonic() - started
    if elapsed > TIME_LIMIT_S and not wrong:
        wrong.append(f"took {elapsed:.1f} s (limit {TIME_LIMIT_S} s)")
    if not wrong:
        shutil.rmtree(folder)
        return None
    return (f"seed {SEED}, mutant {index}: {'; '.join(mutations)}\n  " + "\n  ".join(wrong) + "\n"
            f"  mutant kept in {root}; made again (as the last one) by FUZZ_SEED={SEED} FUZZ_MUTANTS={index + 1}\n"
            f"  rerun: python -m pipeline check {root}\n"
            f"         python -m pipeline build {root} all --out {folder / 'out'}\n"
            "  output:\n" + "\n".join(outputs)[-3000:])


def test_mutants_get_clean_errors(tmp_path):
    """Every mutant gets exit code 0 or 1, `path:line: message` lines, an answer in time and no half-written output."""
    counts = dict.fromkeys(["checked clean", "check failed", "built", "build refused"], 0)
    failures = []
    previous = signal.signal(signal.SIGALRM, on_alarm)
    started = time.monotonic()
    try:
        for index in range(MUTANTS):
            failure = try_mutant(index, tmp_path, counts)
            if failure:
                failures.append(failure)
    finally:
        signal.signal(signal.SIGALRM, previous)
    print(f"\nfuzz: seed {SEED}, {MUTANTS} mutants in {time.monotonic() - started:.1f} s: "
          + ", ".join(f"{n} {name}" for name, n in counts.items()) + f", {len(failures)} failed")
    assert not failures, f"{len(failures)} of {MUTANTS} mutants failed:\n\n" + "\n\n".join(failures[:20])
