"""Run pandoc on a plan's checked Markdown: one call for all of it, in the background.

pandoc starts as soon as the content is checked and works on the other core while the
templates render; what it produces is attached to the rendered plan by `markdown.Places`.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import secrets
import tempfile
import time
import zipfile
from pathlib import Path

from ..core.errors import ContentError, Problem, StageError, display_path, system_reason

# Officials write Lithuanian quotes themselves: no `smart` (it would make English ones), and
# no `raw_html` (text in angle brackets would vanish).
READER = "markdown-smart-raw_html-raw_attribute-raw_tex"
PANDOC_VERSION = "3.9"
# pandoc's heap and time: far more than the largest content allowed needs (see folder.py); a megabyte
# of the samples' Markdown takes pandoc 2.5 s to Word. What takes it longer is brackets: its Markdown
# reader tries each "[" as a link, its time doubling with each one open at once (check refuses a
# paragraph of many, content.OPEN_BRACKETS); fewer, in a long paragraph, can still outlast the limit.
HEAP_LIMIT_MB = 800
TIME_LIMIT_S = 60
# What an official reads when pandoc cannot read a file: the usual cause and what to do.
_SLOW_ADVICE = ("taip būna, kai pastraipoje daug laužtinių skliaustų „[“, ypač neuždarytų – uždarykite juos, "
                "skliaustus, kurie nėra nuorodos, rašykite „\\[“, ilgą pastraipą suskaidykite")
# A footnote label: pandoc takes none with a space, "[", "^" or "]" in it (nor would a scan stopping
# nowhere short of those be linear in time).
_FOOTNOTE = re.compile(r"\[\^([^\]\s\[^]+)\]")


def pandoc_path() -> str:
    """Return the pandoc bundled with pypandoc_binary (never one found on PATH)."""
    spec = importlib.util.find_spec("pypandoc")  # located, not imported: importing it costs a probe
    bundled = Path(spec.origin).parent / "files" / "pandoc" if spec and spec.origin else None
    if bundled is None or not bundled.is_file():
        raise StageError("nerastas pypandoc_binary pandoc: įdiekite priklausomybes iš naujo (make clean; make)")
    return str(bundled)


def _own_footnotes(index: int, text: str) -> str:
    """Give a part's footnote labels a prefix of their own: every chapter may have its own [^1]."""
    return _FOOTNOTE.sub(lambda m: f"[^p{index}-{m.group(1)}]", text)


class Conversion:
    """One pandoc run over named Markdown parts, each ended by a marker paragraph; it runs in the background.

    The marker holds a token drawn for this run, so no text in the content can pass for one.
    pandoc's heap is capped and its time limited: no content makes a build eat the machine.
    """

    def __init__(self, parts: dict[str, str], reference: Path, resource_dirs: list[Path],
                 sources: list[tuple[Path, str]] = ()):
        self.parts, self.reference = dict(parts), reference
        self.sources = list(sources)  # each Markdown file and its text: named when pandoc fails
        self.marker = f"PIPELINE-PART-END-{secrets.token_hex(8)}-{{}}"
        self._process = None
        self._errors = self._scratch = None
        self._data: bytes | None = None  # the result, once read: several documents may place it
        try:
            self._start(resource_dirs)
        except OSError as exc:
            self.close()
            raise StageError(f"nepavyko paleisti pandoc: {system_reason(exc)}") from exc

    def _start(self, resource_dirs: list[Path]) -> None:
        chunks = []
        for index, text in enumerate(self.parts.values()):
            chunks.append(_own_footnotes(index, text).rstrip("\n"))
            chunks.append(self.marker.format(index))
        self._scratch = tempfile.TemporaryDirectory(prefix="pipeline-pandoc-")
        scratch = Path(self._scratch.name)
        source, self._target = scratch / "in.md", scratch / "out.docx"
        source.write_text("\n\n".join(chunks) + "\n", encoding="utf-8")
        command = [
            pandoc_path(), "+RTS", f"-M{HEAP_LIMIT_MB}m", "-RTS", str(source), "--from", READER, "--to", "docx",
            "--output", str(self._target), "--reference-doc", str(self.reference), "--shift-heading-level-by", "1",
            "--resource-path", os.pathsep.join(str(d) for d in resource_dirs) or ".",
        ]
        env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "315532800")}
        self._errors = tempfile.TemporaryFile()
        self._process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=self._errors, env=env)

    def result(self) -> bytes:
        """Wait for pandoc and return the .docx it wrote (read once, then kept)."""
        if self._data is not None:
            return self._data
        try:
            try:
                code = self._process.wait(timeout=TIME_LIMIT_S)
            except subprocess.TimeoutExpired as exc:
                self.close()
                raise _blamed(self.sources, f"pandoc nebaigė darbo per {TIME_LIMIT_S} s: plano Markdown tekstai "
                                            "kartu per dideli") from exc
            if code != 0:
                if not _is_docx(self.reference):
                    raise StageError(f"šablonas {display_path(self.reference)} sugadintas: tai ne Word (.docx) "
                                     "dokumentas")
                raise _blamed(self.sources, self._failure())
            self._data = self._target.read_bytes()
            return self._data
        except OSError as exc:
            raise StageError(f"nepavyko perskaityti pandoc rezultato: {system_reason(exc)}") from exc
        finally:
            self.close()

    def _failure(self) -> str:
        """Return in Lithuanian why pandoc failed: memory, or its own words."""
        self._errors.seek(0)
        return why_failed(self._errors.read())

    def close(self) -> None:
        """Stop pandoc if it still runs and remove its scratch files."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        if self._errors is not None:
            self._errors.close()
        if self._scratch is not None:
            self._scratch.cleanup()


def why_failed(said: bytes) -> str:
    """Return in Lithuanian why pandoc failed, from what it wrote to its error stream."""
    text = said.decode("utf-8", "replace").strip()
    if "Heap exhausted" in text or "heap overflow" in text:
        return f"pandoc pritrūko atminties (riba {HEAP_LIMIT_MB} MB): {_SLOW_ADVICE}"
    first = text.splitlines()[0] if text else "be paaiškinimo"
    return f"pandoc nepavyko paversti Markdown teksto: {first[:200]}"


def _reading(text: str, reader: str, to: str, limit: float) -> subprocess.CompletedProcess:
    """Run pandoc on a text with its heap and time bounded; raise TimeoutExpired past `limit` seconds."""
    command = [pandoc_path(), "+RTS", f"-M{HEAP_LIMIT_MB}m", "-RTS", "--from", reader, "--to", to, "--wrap=none"]
    return subprocess.run(command, input=text.encode("utf-8"), capture_output=True, timeout=limit)


def to_html(text: str, reader: str, source: Path) -> str:
    """Return pandoc's HTML of one Markdown file's text; a timeout or a failure names the file."""
    try:
        done = _reading(text, reader, "html5", TIME_LIMIT_S)
    except subprocess.TimeoutExpired as exc:
        raise ContentError([Problem(display_path(source), 0, too_slow(TIME_LIMIT_S))]) from exc
    except OSError as exc:
        raise StageError(f"nepavyko paleisti pandoc: {system_reason(exc)}") from exc
    if done.returncode != 0:
        raise ContentError([Problem(display_path(source), 0, why_failed(done.stderr))])
    return done.stdout.decode("utf-8")


def too_slow(limit: float) -> str:
    return f"pandoc neperskaitė šio Markdown teksto per {limit:g} s: {_SLOW_ADVICE}"


def _blamed(sources: list[tuple[Path, str]], message: str) -> Exception:
    """Return the error for a conversion that failed: a problem for each file pandoc cannot read alone, if found.

    The files are read one at a time, for no longer in all than the conversion was given: the
    file that hangs pandoc uses up what is left, and is named.
    """
    deadline = time.monotonic() + TIME_LIMIT_S
    problems = []
    for path, text in sources:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        try:
            done = _reading(text, READER, "json", left)
        except subprocess.TimeoutExpired:
            problems.append(Problem(display_path(path), 0, too_slow(TIME_LIMIT_S)))
            continue
        except OSError:
            break
        if done.returncode != 0:
            problems.append(Problem(display_path(path), 0, why_failed(done.stderr)))
    return ContentError(problems) if problems else StageError(message)


def _is_docx(path: Path) -> bool:
    """Tell whether a file is a whole Word package (a zip holding word/document.xml)."""
    try:
        with zipfile.ZipFile(path) as package:
            return "word/document.xml" in package.namelist() and package.testzip() is None
    except (OSError, zipfile.BadZipFile, ValueError):
        return False
