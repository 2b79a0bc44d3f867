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
import zipfile
from pathlib import Path

from .errors import StageError, display_path, system_reason

# Officials write Lithuanian quotes themselves: no `smart` (it would make English ones), and
# no `raw_html` (text in angle brackets would vanish).
READER = "markdown-smart-raw_html-raw_attribute-raw_tex"
PANDOC_VERSION = "3.9"
# pandoc's heap and time: far more than the largest content allowed needs (see folder.py).
HEAP_LIMIT_MB = 800
TIME_LIMIT_S = 60
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

    def __init__(self, parts: dict[str, str], reference: Path, resource_dirs: list[Path]):
        self.parts, self.reference = dict(parts), reference
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
                raise StageError(f"pandoc nebaigė darbo per {TIME_LIMIT_S} s: Markdown tekstas per didelis") from exc
            if code != 0:
                raise StageError(self._failure())
            self._data = self._target.read_bytes()
            return self._data
        except OSError as exc:
            raise StageError(f"nepavyko perskaityti pandoc rezultato: {system_reason(exc)}") from exc
        finally:
            self.close()

    def _failure(self) -> str:
        """Return in Lithuanian why pandoc failed: a broken reference template, memory, or its own words."""
        if not _is_docx(self.reference):
            return f"šablonas {display_path(self.reference)} sugadintas: tai ne Word (.docx) dokumentas"
        self._errors.seek(0)
        said = self._errors.read().decode("utf-8", "replace").strip()
        if "Heap exhausted" in said or "heap overflow" in said:
            return f"pandoc pritrūko atminties (riba {HEAP_LIMIT_MB} MB): Markdown tekstas per didelis"
        first = said.splitlines()[0] if said else "be paaiškinimo"
        return f"pandoc nepavyko paversti Markdown teksto: {first[:200]}"

    def close(self) -> None:
        """Stop pandoc if it still runs and remove its scratch files."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        if self._errors is not None:
            self._errors.close()
        if self._scratch is not None:
            self._scratch.cleanup()


def _is_docx(path: Path) -> bool:
    """Tell whether a file is a whole Word package (a zip holding word/document.xml)."""
    try:
        with zipfile.ZipFile(path) as package:
            return "word/document.xml" in package.namelist() and package.testzip() is None
    except (OSError, zipfile.BadZipFile, ValueError):
        return False
