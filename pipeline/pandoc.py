"""Run pandoc on a plan's Markdown: one call for all of it, started as early as possible.

This module imports nothing heavy, so the command line can start pandoc before it loads the
libraries and checks the content; pandoc then works on the other core meanwhile. What pandoc
produces is attached to the plan template by `markdown.attach`.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import tempfile
from pathlib import Path

from .errors import StageError
from .layout import IMPLEMENTATION, INTRODUCTION, chapter_files, group_folders, image_folders, markdown_parts

# Officials write Lithuanian quotes themselves: no `smart` (it would make English ones), and
# no `raw_html` (text in angle brackets would vanish).
READER = "markdown-smart-raw_html-raw_attribute-raw_tex"
PANDOC_VERSION = "3.9"
MARKER = "PIPELINE-PART-END-{}-7c1e"
_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")

def pandoc_path() -> str:
    """Return the pandoc bundled with pypandoc_binary (never one found on PATH)."""
    spec = importlib.util.find_spec("pypandoc")  # located, not imported: importing it costs a probe
    bundled = Path(spec.origin).parent / "files" / "pandoc" if spec and spec.origin else None
    if bundled is None or not bundled.is_file():
        raise StageError("nerastas pypandoc_binary pandoc: įdiekite priklausomybes iš naujo (make clean; make)")
    return str(bundled)


def _text(path: Path) -> str:
    """Read a Markdown file as load.read_text does: UTF-8, a byte-order mark dropped, Unix line ends."""
    return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


def read_parts(root: Path) -> dict[str, str]:
    """Return a plan's Markdown by part name, read straight from its folder (nothing checked yet)."""
    def read(relative: str) -> str:
        return _text(root / relative) if (root / relative).is_file() else ""

    groups = [(folder.name, [_text(p) for p in chapter_files(folder)]) for folder in group_folders(root)]
    return markdown_parts(read(INTRODUCTION), groups, read(IMPLEMENTATION))


def _own_footnotes(index: int, text: str) -> str:
    """Give a part's footnote labels a prefix of their own: every chapter may have its own [^1]."""
    return _FOOTNOTE.sub(lambda m: f"[^p{index}-{m.group(1)}]", text)


class Conversion:
    """One pandoc run over named Markdown parts, each ended by a marker paragraph; it runs in the background."""

    def __init__(self, parts: dict[str, str], reference: Path, resource_dirs: list[Path]):
        self.parts, self.reference = dict(parts), reference
        chunks = []
        for index, text in enumerate(parts.values()):
            chunks.append(_own_footnotes(index, text).rstrip("\n"))
            chunks.append(MARKER.format(index))
        self._scratch = tempfile.TemporaryDirectory(prefix="pipeline-pandoc-")
        scratch = Path(self._scratch.name)
        source, self._target = scratch / "in.md", scratch / "out.docx"
        source.write_text("\n\n".join(chunks) + "\n", encoding="utf-8")
        command = [
            pandoc_path(), str(source), "--from", READER, "--to", "docx", "--output", str(self._target),
            "--reference-doc", str(reference), "--shift-heading-level-by", "1",
            "--resource-path", os.pathsep.join(str(d) for d in resource_dirs) or ".",
        ]
        env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "315532800")}
        self._errors = tempfile.TemporaryFile()
        try:
            self._process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                             stderr=self._errors, env=env)
        except OSError as exc:
            self.close()
            raise StageError(f"pandoc nepasileido: {exc}") from exc

    def result(self) -> bytes:
        """Wait for pandoc and return the .docx it wrote."""
        try:
            try:
                code = self._process.wait(timeout=120)
            except subprocess.TimeoutExpired as exc:
                raise StageError("pandoc neatsakė per 2 minutes") from exc
            if code != 0:
                self._errors.seek(0)
                raise StageError(f"pandoc klaida: {self._errors.read().decode('utf-8', 'replace').strip()}")
            return self._target.read_bytes()
        finally:
            self.close()

    def close(self) -> None:
        """Stop pandoc if it still runs and remove its scratch files."""
        process = getattr(self, "_process", None)
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()
        self._errors.close()
        self._scratch.cleanup()


def start_early(root: Path, reference: Path) -> Conversion | None:
    """Start converting a plan's Markdown before anything else; None when it cannot be read yet.

    Whatever goes wrong here is left for the check that follows to report properly.
    """
    try:
        return Conversion(read_parts(root), reference, image_folders(root))
    except (OSError, UnicodeDecodeError, StageError):
        return None
