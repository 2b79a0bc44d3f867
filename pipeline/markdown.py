"""Markdown prose to Word content: one pandoc call per document, split into the parts a template places.

All Markdown parts of a document are joined, each ended by a marker paragraph, and converted
in one pandoc run (a process start costs more than the conversion). The result is attached
to the template once (styles, numbering, footnotes) and cut at the markers into parts that
the template inserts with `{{p name }}`.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import subprocess
import tempfile
import threading
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.section import CT_SectPr
from docxtpl import DocxTemplate
from docxtpl.subdoc import SubdocComposer
from lxml import etree
from markupsafe import Markup

from .errors import StageError

# Officials write Lithuanian quotes themselves: no `smart` (it would make English ones), and
# no `raw_html` (text in angle brackets would vanish).
READER = "markdown-smart-raw_html-raw_attribute-raw_tex"
PANDOC_VERSION = "3.9"
_MARKER = "PIPELINE-PART-END-{}-7c1e"
_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")


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
    """A pandoc run started in the background: other documents render while it works."""

    def __init__(self, parts: dict[str, str], reference: Path, resource_dirs: list[Path]):
        chunks = []
        for index, text in enumerate(parts.values()):
            chunks.append(_own_footnotes(index, text).rstrip("\n"))
            chunks.append(_MARKER.format(index))
        source = "\n\n".join(chunks) + "\n"
        self._scratch = tempfile.TemporaryDirectory(prefix="pipeline-pandoc-")
        self._target = Path(self._scratch.name) / "out.docx"
        command = [
            pandoc_path(), "--from", READER, "--to", "docx", "--output", str(self._target),
            "--reference-doc", str(reference), "--shift-heading-level-by", "1",
            "--resource-path", os.pathsep.join(str(d) for d in resource_dirs) or ".",
        ]
        env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "315532800")}
        try:
            self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                             stderr=subprocess.PIPE, env=env)
        except OSError as exc:
            self._scratch.cleanup()
            raise StageError(f"pandoc nepasileido: {exc}") from exc
        self._source = source.encode("utf-8")
        self._thread = threading.Thread(target=self._feed, daemon=True)
        self._stderr = b""
        self._thread.start()

    def _feed(self) -> None:
        self._stderr = self._process.communicate(self._source, timeout=120)[1]

    def result(self) -> bytes:
        """Wait for pandoc and return the .docx it wrote."""
        try:
            self._thread.join()
            if self._process.returncode != 0:
                raise StageError(f"pandoc klaida: {self._stderr.decode('utf-8', 'replace').strip()}")
            return self._target.read_bytes()
        finally:
            self.close()

    def close(self) -> None:
        """Stop pandoc if it still runs and remove its scratch folder."""
        if self._process.poll() is None:
            self._process.kill()
        self._thread.join()
        self._scratch.cleanup()


def convert(parts: dict[str, str], reference: Path, resource_dirs: list[Path]) -> bytes:
    """Convert named Markdown parts to one .docx (bytes) with a marker paragraph after each part."""
    return Conversion(parts, reference, resource_dirs).result()


class _Composer(SubdocComposer):
    """Attach a body wrapped in one content control, list by list where docxcompose needs it.

    docxcompose numbers the lists of one top-level element with a single new id; applied to the
    wrapper, every list would continue the previous one. Lists are therefore handled per child,
    and only children that hold a list are looked at.
    """

    def add_numberings(self, doc, element):
        for child in _children(element):
            if child.find(".//" + qn("w:numId")) is not None:
                super().add_numberings(doc, child)

    def restart_first_numbering(self, doc, element):
        """Do nothing: pandoc gives every list its own numbering that starts at 1 already."""


def _children(element) -> list:
    if element.tag == qn("w:sdt"):
        return list(element.find(qn("w:sdtContent")))
    return [element]


def attach(tpl: DocxTemplate, docx_bytes: bytes, names: list[str]) -> dict[str, Markup]:
    """Attach pandoc's output to the template and return each named part as insertable XML.

    The body is wrapped in one content control while it is attached: docxcompose's work is per
    top-level element, and one element instead of hundreds makes attaching many times faster.
    """
    document = Document(io.BytesIO(docx_bytes))
    body = document.element.body
    wrapper = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    wrapper.append(content)
    for element in list(body):
        if not isinstance(element, CT_SectPr):
            content.append(element)
    body.insert(0, wrapper)
    _Composer(tpl.docx).attach_parts(document)
    _plain_bullets(tpl.docx)
    parts: dict[str, Markup] = {}
    current: list = []
    index = 0
    for element in list(content):
        if index < len(names) and element.tag == qn("w:p") and _text(element).strip() == _MARKER.format(index):
            parts[names[index]] = Markup("".join(etree.tostring(e, encoding="unicode") for e in current))
            current = []
            index += 1
            continue
        current.append(element)
    if index != len(names):
        raise StageError("pandoc išvestyje nerasta dalių ribų: Markdown tekste gali būti neuždarytas blokas")
    return parts


def _plain_bullets(document) -> None:
    """Draw list bullets with the body font: a Symbol-font bullet becomes a substitute font's glyph in PDF."""
    try:
        numbering = document.part.numbering_part.element
    except NotImplementedError:
        return
    for level in numbering.iter(qn("w:lvl")):
        fmt = level.find(qn("w:numFmt"))
        if fmt is None or fmt.get(qn("w:val")) != "bullet":
            continue
        text = level.find(qn("w:lvlText"))
        if text is not None and not text.get(qn("w:val"), "").isprintable() or (
                text is not None and "\uf000" <= text.get(qn("w:val"), " ")[:1] <= "\uf8ff"):
            text.set(qn("w:val"), "•")
        rpr = level.find(qn("w:rPr"))
        if rpr is not None:
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is not None:
                for attr in list(fonts.attrib):
                    del fonts.attrib[attr]
                for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                    fonts.set(qn(attr), "Times New Roman")


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))
