"""A seeded mutation fuzzer: broken copies of a sample plan get clean errors, never a crash.

Each mutant is a fresh copy of Alytus with one or two random mutations of its content. `check`
runs on every mutant, `build all` on every mutant the check refuses (a refused build is quick)
and on every BUILD_EVERY-th one it accepts. FUZZ_MUTANTS sets how many mutants to make and
FUZZ_SEED the seed; mutant i of seed s is always the same, whatever FUZZ_MUTANTS is.
A failing mutant's folder is kept, and the failure names its seed, index and mutations.

The other commands get mutants too, fewer (a share of FUZZ_MUTANTS, see SHARES): the yearly
report and the site of mutated content, executors' forms issued from mutated content and read
back, forms issued from the sample whose cells or XML are mutated before they are read back, and
an amendment of mutated content (or against a mutated approved edition).
"""

from __future__ import annotations

import functools
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

import pytest

from pipeline.commands import cli
from pipeline.core.errors import display_path

from .conftest import CONTENT, ROOT, copy_plan

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


# Markdown that has made the pipeline or pandoc stumble: code markers, brackets, links, tags, a table.
SNIPPETS = ["[" * 6, "[a [b [c [d]]]]", "`" * 7, "\n```\n", "\n~~~\n", "![](../../etc/passwd.png)", "![x][r]\n\n[r]: /etc/a.png",
            "<script>alert(1)</script>", "{{ 7*7 }}", "[x](javascript:alert(1))", "[x](https://example.lt/){onclick=a}",
            "[^1]", "[^1]: išnaša", "\\", "$$", "\n| a | b |\n|---|---|\n| `x | y` |\n", "\n: antraštė\n", "::: x\n",
            "<http://x`y>", "*" * 50, "_" * 50, "> " * 30, "- " * 20, "1. " * 20, "#" * 7 + " h"]


def insert_snippet(rng, root):
    """Insert a piece of Markdown that has been known to make trouble at a random place of a Markdown file."""
    path = rng.choice([p for p in files_of(root) if p.suffix == ".md"] or files_of(root))
    data, snippet = path.read_bytes(), rng.choice(SNIPPETS)
    at = rng.randrange(len(data) + 1)
    path.write_bytes(data[:at] + snippet.encode("utf-8") + data[at:])
    return f"inserted {snippet!r:.40} at offset {at} of {rel(path, root)}"


MUTATIONS = [delete_line, duplicate_line, swap_lines, change_type, truncate, insert_byte, add_stray, delete_file,
             insert_snippet]


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


# ---------------------------------------------------------------- the other commands

# How many of FUZZ_MUTANTS each other command gets: one in SHARES[kind] (at least one). With the
# default 250 the whole file takes about 50 s on an idle 2-core machine.
SHARES = {"report": 16, "site": 40, "forms": 30, "workbook": 12, "amend": 50}
YEAR = 2024  # a year every sample has data for
# Values a returned form's cell may hold, as officials (or other programs) write them.
CELL_VALUES = ["", " ", "12,5", "1 234,5", "-7", "1e400", "abc", "=1/0", "=A1", "#N/A", "įvykdyta", "nevykdoma",
               "x" * 3000, "2024-01-01", 0, -1, 10 ** 20, 1.5, True, None, "\u00a0", "'=2+2", "<script>"]


def count(kind: str) -> int:
    return max(1, MUTANTS // SHARES[kind])


def judge_lines(command: str, code, output: str, places: list[Path], out: Path) -> list[str]:
    """Return what is wrong with a run: not exit 0 or 1, a traceback, or an error line that names no file.

    A refused run prints only `path[:line]: message` lines about the plan or the workbooks (one of
    `places`) and the refusal; what a run that succeeds prints is its own.
    """
    if code not in (0, 1):
        return [f"{command} ended with {code}"]
    if "Traceback" in output:
        return [f"{command} printed a traceback"]
    if code == 0:
        return []
    place = re.compile("(" + "|".join(re.escape(display_path(p)) for p in places) + r")(/[^:]*)?(:\d+)?: \S")
    odd = [line for line in output.splitlines()
           if not (place.match(line) or REFUSED.match(line) or line.startswith(f"{out}/"))]
    return [f"{command} printed a line not of the form `path:line: message`: {line!r}" for line in odd[:3]]


def run_case(kind: str, index: int, base: Path, sample: str, exercise) -> str | None:
    """Make case INDEX of a kind from a copy of SAMPLE and run it; return a description of what went wrong, or None."""
    folder = base / f"{kind}{index}"
    root = copy_plan(sample, folder, ledger=kind == "amend")  # else the mutated content is what gets built
    rng = random.Random(f"{SEED}:{kind}:{index}")
    done, outputs = [], []
    started = time.monotonic()
    signal.alarm(TIME_LIMIT_S)
    try:
        wrong = exercise(rng, root, folder / "out", done, outputs)
    except Hang:
        wrong = [f"no answer within {TIME_LIMIT_S} s"]
    finally:
        signal.alarm(0)
    if time.monotonic() - started > TIME_LIMIT_S and not wrong:
        wrong = [f"took {time.monotonic() - started:.1f} s (limit {TIME_LIMIT_S} s)"]
    if not wrong:
        shutil.rmtree(folder)
        return None
    return (f"seed {SEED}, {kind} case {index}: {'; '.join(done)}\n  " + "\n  ".join(wrong) + "\n"
            f"  case kept in {folder}\n  output:\n" + "\n".join(outputs)[-3000:])


def fuzz(tmp_path: Path, kind: str, sample: str, exercise) -> None:
    """Run every case of a kind; fail with the description of each that went wrong."""
    previous = signal.signal(signal.SIGALRM, on_alarm)
    started = time.monotonic()
    try:
        failures = [f for f in (run_case(kind, i, tmp_path, sample, exercise) for i in range(count(kind))) if f]
    finally:
        signal.signal(signal.SIGALRM, previous)
    print(f"\nfuzz: seed {SEED}, {count(kind)} {kind} cases in {time.monotonic() - started:.1f} s, {len(failures)} failed")
    assert not failures, f"{len(failures)} {kind} cases failed:\n\n" + "\n\n".join(failures[:10])


def ran(command: list[str], outputs: list[str]) -> object:
    code, output = run(command)
    outputs.append(output)
    return code


def unchanged_on_failure(code, before: bytes | None, path: Path) -> list[str]:
    after = path.read_bytes() if path.is_file() else None
    return [f"a refused run changed {path.name}"] if code != 0 and after != before else []


def exercise_report(rng, root, out, done, outputs):
    """Build the yearly report of mutated content."""
    done += mutate(rng, root)
    before = snapshot(out)
    code = ran(["build", str(root), "report", "--out", str(out)], outputs)
    return judge_lines("build report", code, outputs[-1], [root], out) + judge_output(code, before, out)


def exercise_site(rng, root, out, done, outputs):
    """Build the site of mutated content (its news, participation and reports included)."""
    done += mutate(rng, root)
    code = ran(["site", str(root), "--out", str(out / "site"), "--documents", str(out / "docs")], outputs)
    wrong = judge_lines("site", code, outputs[-1], [root], out)
    return wrong + ([f"a refused site left {out / 'site'}"] if code != 0 and (out / "site").exists() else [])


def exercise_forms(rng, root, out, done, outputs):
    """Issue the forms of mutated content and read them straight back."""
    done += mutate(rng, root)
    code = ran(["forms", str(root), "--year", str(YEAR), "--out", str(out / "formos")], outputs)
    wrong = judge_lines("forms", code, outputs[-1], [root], out)
    issued = sorted((out / "formos").glob("*.xlsx"))
    if code != 0 or wrong or not issued:
        return wrong
    return wrong + _import(root, issued, out, outputs)


def _import(root: Path, files: list[Path], out: Path, outputs: list[str]) -> list[str]:
    year_file = root / "stebesena" / f"{YEAR}.yaml"
    before = year_file.read_bytes() if year_file.is_file() else None
    code = ran(["import", str(root), "--year", str(YEAR), *map(str, files)], outputs)
    return judge_lines("import", code, outputs[-1], [root, out], out) + unchanged_on_failure(code, before, year_file)


# -- mutations of an issued workbook: what another program, or an official, may make of it

def set_cell(rng, path: Path) -> str:
    """Write a random value into a random cell of a random sheet (the workbook saved by openpyxl)."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = rng.choice(book.worksheets)
    row, column = rng.randint(1, max(sheet.max_row, 1) + 1), rng.randint(1, max(sheet.max_column, 1) + 1)
    value = rng.choice(CELL_VALUES)
    sheet.cell(row, column).value = value
    book.save(path)
    return f"{path.name}: sheet {sheet.title!r} cell ({row}, {column}) set to {value!r:.40}"


def drop_sheet(rng, path: Path) -> str:
    """Delete or rename a random sheet."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = rng.choice(book.worksheets)
    if rng.random() < 0.5 and len(book.worksheets) > 1:
        book.remove(sheet)
        what = f"deleted sheet {sheet.title!r}"
    else:
        sheet.title, what = "Lapas", f"renamed sheet {sheet.title!r}"
    book.save(path)
    return f"{path.name}: {what}"


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def _write_members(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)


def xml_byte(rng, path: Path) -> str:
    """Insert, delete or replace one byte of a random XML part of the package."""
    members = _members(path)
    name = rng.choice(sorted(n for n in members if n.endswith(".xml") or n.endswith(".rels")))
    data = members[name]
    at, byte = rng.randrange(len(data) + 1), bytes([rng.choice(b'<>"&/=x0 \\x00\\xff')])
    kind = rng.choice(["insert", "delete", "replace"])
    members[name] = data[:at] + (b"" if kind == "delete" else byte) + data[at + (kind != "insert"):]
    _write_members(path, members)
    return f"{path.name}: {kind} byte {byte!r} at {at} of {name}"


def xml_text(rng, path: Path) -> str:
    """Replace a random text value in the sheets' XML (a cell value, a shared string) with another one."""
    members = _members(path)
    names = sorted(n for n in members if n.startswith("xl/worksheets/") or n == "xl/sharedStrings.xml")
    name = rng.choice(names)
    values = list(re.finditer(rb">([^<]+)<", members[name]))
    if not values:
        return f"{path.name}: no text in {name}"
    found = rng.choice(values)
    value = rng.choice([b"-1", b"1e999", b"NaN", b"", b"abc", b"99999999999999999999", b"&amp;", b"\\xc4"])
    members[name] = members[name][:found.start(1)] + value + members[name][found.end(1):]
    _write_members(path, members)
    return f"{path.name}: {found.group(1)[:30]!r} in {name} set to {value!r}"


def drop_member(rng, path: Path) -> str:
    """Remove a random part of the package."""
    members = _members(path)
    name = rng.choice(sorted(members))
    del members[name]
    _write_members(path, members)
    return f"{path.name}: removed {name}"


def cut_workbook(rng, path: Path) -> str:
    """Cut the file short."""
    data = path.read_bytes()
    cut = rng.randrange(len(data))
    path.write_bytes(data[:cut])
    return f"{path.name}: cut to {cut} bytes"


WORKBOOK_MUTATIONS = [set_cell, set_cell, set_cell, drop_sheet, xml_byte, xml_byte, xml_text, xml_text, drop_member,
                      cut_workbook]


@functools.lru_cache(maxsize=1)
def issued_forms() -> dict[str, bytes]:
    """Return the forms the sample plan issues for YEAR, by file name (made once per test run)."""
    from pipeline.content.plan import checked
    from pipeline.life.forms.writing import forms

    plan, _ = checked(CONTENT / "kaunas-2030")
    return forms(plan, YEAR)


def exercise_workbook(rng, root, out, done, outputs):
    """Read back a few of the sample's issued forms after mutating one or two of them."""
    folder = out / "formos"
    folder.mkdir(parents=True)
    names = rng.sample(sorted(issued_forms()), 3)
    for name in names:
        (folder / name).write_bytes(issued_forms()[name])
    for _ in range(rng.randint(1, 2)):
        mutation, name = rng.choice(WORKBOOK_MUTATIONS), rng.choice(names)
        try:
            done.append(mutation(rng, folder / name))
        except Exception as exc:  # noqa: BLE001 - an earlier mutation left what openpyxl cannot open
            done.append(f"{name}: {mutation.__name__} not applied ({type(exc).__name__})")
    return _import(root, [folder / n for n in names], out, outputs)


def exercise_amend(rng, root, out, done, outputs):
    """Make an amendment of mutated content, or against a mutated copy of the approved edition."""
    approved = root.parent / "patvirtinta" / root.name
    shutil.copytree(next((root / "redakcijos").glob("*-planas")) / "turinys", approved)  # the recorded edition
    if rng.random() < 0.3:
        done += [f"approved: {m}" for m in mutate(rng, approved)]
    else:
        done += mutate(rng, root)
    before = snapshot(out)
    code = ran(["amend", str(root), "--since", str(approved), "--out", str(out)], outputs)
    return judge_lines("amend", code, outputs[-1], [root, approved], out) + judge_output(code, before, out)


def test_report_of_mutants(tmp_path):
    fuzz(tmp_path, "report", "alytus-2030", exercise_report)


def test_site_of_mutants(tmp_path):
    fuzz(tmp_path, "site", "kaunas-2030", exercise_site)


def test_forms_of_mutants_are_read_back(tmp_path):
    fuzz(tmp_path, "forms", "kaunas-2030", exercise_forms)


def test_mutated_workbooks_are_read_back(tmp_path):
    fuzz(tmp_path, "workbook", "kaunas-2030", exercise_workbook)


def test_amendment_of_mutants(tmp_path):
    fuzz(tmp_path, "amend", "klaipeda-2030", exercise_amend)
