"""The site's pages, its open data and the executors' workbooks as plain text, and the comparison of such text with
the reviewed copies in tests/snapshots/ (used by test_snapshots_site.py and test_snapshots_forms.py).

Marks follow the documents' snapshots (test_snapshots.py): a non-breaking space is "⍽", another invisible
character <U+XXXX>, a table "[lentelė…]" with a line "| cell | cell |" per row, a picture "[paveikslas: …]".
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import lxml.html
from lxml import etree

from .test_snapshots import INVISIBLE, NBSP

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


def marked(text: str) -> str:
    """Return text with non-breaking spaces and other invisible characters shown."""
    return INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text.replace("\u00a0", NBSP))


def squeezed(text: str) -> str:
    """Return text marked, its runs of spaces and line breaks made one space (as a browser shows them)."""
    return " ".join(marked(text).split())


# ---------------------------------------------------------------- pages

HEADINGS = {f"h{n}": "#" * n + " " for n in range(1, 7)}
BLOCKS = {"p", "div", "section", "article", "header", "footer", "nav", "main", "aside", "figure", "figcaption",
          "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "form", "fieldset", "legend", "address",
          "details", "summary", "hr", "body", "caption", "noscript", *HEADINGS}
DROPPED = {"script", "style", "template", "head", "title", "meta", "link"}
PREFIXES = {"li": "- ", "dd": "  ", "figcaption": "[paaiškinimas] "} | HEADINGS


class _Lines:
    """Lines of text gathered from an element tree: a block starts a line, inline text joins the current one."""

    def __init__(self):
        self.lines: list[str] = []
        self.current: list[str] = []
        self.prefix = ""

    def flush(self) -> None:
        text = squeezed("".join(self.current))
        if text:
            self.lines.append(self.prefix + text)
            self.prefix = ""
        self.current = []

    def add(self, text: str | None) -> None:
        if text:
            self.current.append(text)

    def element(self, e) -> None:
        """Add an element's text, then its tail."""
        if isinstance(e.tag, str):
            self._content(e, e.tag.lower().rpartition("}")[2])
        self.add(e.tail)

    def _content(self, e, tag: str) -> None:
        if tag in DROPPED:
            return
        if tag in ("table", "svg", "br"):
            self.flush()
            self.lines += table_lines(e) if tag == "table" else svg_lines(e) if tag == "svg" else []
        elif tag in ("a", "img", "select", "input", "button", "textarea"):
            self.add(inline_mark(e, tag))
        elif tag in BLOCKS:
            self.flush()
            if e.get("aria-label"):
                self.lines.append(f"[{tag}: {squeezed(e.get('aria-label'))}]")
            self.prefix = PREFIXES.get(tag, self.prefix)  # a paragraph in a list item is the item's line
            self.children(e)
            self.flush()
            self.prefix = ""
        else:
            self.children(e)

    def children(self, e) -> None:
        self.add(e.text)
        for child in e:
            self.element(child)


def lines_of(e) -> list[str]:
    """Return the lines of an element's content."""
    out = _Lines()
    out.children(e)
    out.flush()
    return out.lines


def inline_text(e) -> str:
    return " ".join(lines_of(e))


def inline_mark(e, tag: str) -> str:
    """Return a link, picture or control as a reader meets it: its text with where it leads, its alternative text."""
    if tag == "a":
        return f"[{inline_text(e)} → {e.get('href', '')}]" if e.get("href") is not None else inline_text(e)
    if tag == "img":
        return f"[paveikslas: {squeezed(e.get('alt', ''))}]"
    if tag == "select":
        return "[pasirinkimas: " + " / ".join(inline_text(o) for o in e.iter("option")) + "]"
    if tag == "button":
        return f"[mygtukas: {inline_text(e)}]"
    label = e.get("aria-label") or e.get("placeholder") or e.get("value") or ""
    return f"[laukas {e.get('type', 'text')}: {squeezed(label)}]".replace(": ]", "]")


def table_lines(table) -> list[str]:
    """Return a table as "[lentelė: caption]", a line "| cell | cell |" per row of its own, "[/lentelė]"."""
    caption = table.find("caption")
    lines = [f"[lentelė: {inline_text(caption)}]" if caption is not None else "[lentelė]"]
    for row in table.iter("tr"):
        if next(row.iterancestors("table")) is table:
            lines.append("| " + " | ".join(" / ".join(lines_of(c)) for c in row if c.tag in ("td", "th")) + " |")
    return lines + ["[/lentelė]"]


def svg_lines(svg) -> list[str]:
    """Return a drawing as its title and description, then the words drawn in it."""
    def own(name: str) -> str:
        found = svg.find("{*}" + name)
        return squeezed("".join(found.itertext())) if found is not None else ""

    words = [squeezed("".join(t.itertext())) for t in svg.iter("{*}text")]
    return [f"[paveikslas: {own('title')}. {own('desc')}]", "[užrašai: " + " · ".join(w for w in words if w) + "]"]


def page_text(html: bytes) -> str:
    """Return a page as a reader sees it: its title and description, then a line per block of its body."""
    root = lxml.html.document_fromstring(html.decode("utf-8"))
    head = [f"[puslapis] {squeezed(t)}" for t in root.xpath("/html/head/title/text()")]
    head += [f"[aprašas] {squeezed(d)}" for d in root.xpath("/html/head/meta[@name='description']/@content")]
    return "\n".join(head + lines_of(root.find("body"))) + "\n"


# ---------------------------------------------------------------- open data and the feed


def csv_text(data: bytes) -> str:
    """Return a CSV file in full, a line per record, characters marked (a byte order mark shows as <U+FEFF>)."""
    return "".join(marked(line) + "\n" for line in data.decode("utf-8").splitlines())


def json_text(data: bytes) -> str:
    """Return a JSON file pretty-printed with sorted keys, so that a changed figure is a changed line."""
    return marked(json.dumps(json.loads(data), ensure_ascii=False, indent=1, sort_keys=True)) + "\n"


def feed_text(data: bytes) -> str:
    """Return an Atom feed as a line per element holding text (its local name first) or a link, an entry's
    elements indented, an HTML content as the lines a reader sees."""
    lines = []
    for e in etree.fromstring(data).iter(etree.Element):
        name, parent = etree.QName(e).localname, e.getparent()
        indent = "  " if parent is not None and etree.QName(parent).localname == "entry" else ""
        if name == "link":
            lines.append(f"{indent}link: {e.get('rel', 'alternate')} → {e.get('href')}")
        elif name == "content" and e.get("type") == "html":
            lines += [f"{indent}content: {line}" for line in lines_of(lxml.html.fragment_fromstring(
                e.text or "", create_parent="div"))]
        elif (e.text or "").strip():
            lines.append(f"{indent}{name}: {squeezed(e.text)}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- workbooks


def workbook_text(path: Path) -> str:
    """Return a workbook as text: its properties, then each sheet's setup, checks and non-empty rows.

    A cell is "A1: value"; an unlocked cell (one the executor fills in) is marked ✎, a number format
    other than General follows the value in ⟨⟩.
    """
    from openpyxl import load_workbook

    book = load_workbook(path)
    lines = [f"[knyga] {marked(book.properties.title or '')}", f"[autorius] {marked(book.properties.creator or '')}"]
    for sheet in book.worksheets:
        lines += ["", f"=== {sheet.title} ===" + ("" if sheet.sheet_state == "visible" else f" ({sheet.sheet_state})")]
        lines += sheet_setup(sheet)
        for row in sheet.iter_rows():
            cells = [cell_text(c) for c in row if c.value is not None or c.protection.locked is False]
            if cells:
                lines.append(" | ".join(cells))
    return "\n".join(lines) + "\n"


def cell_text(cell) -> str:
    parts = ["✎"] if cell.protection.locked is False else []
    parts += [marked(str(cell.value))] if cell.value is not None else []
    parts += [f"⟨{cell.number_format}⟩"] if cell.number_format != "General" else []
    return f"{cell.coordinate}: " + " ".join(parts)


def sheet_setup(sheet) -> list[str]:
    """Return what a sheet shows besides its cells: print titles, frozen panes, merged cells, headers, checks."""
    lines = []
    if sheet.print_title_rows or sheet.print_title_cols:
        lines.append(f"[spausdinant kartojama] {sheet.print_title_rows or ''} {sheet.print_title_cols or ''}".rstrip())
    if sheet.freeze_panes:
        lines.append(f"[užšaldyta iki] {sheet.freeze_panes}")
    if sheet.merged_cells.ranges:
        lines.append("[sujungta] " + " ".join(sorted(str(r) for r in sheet.merged_cells.ranges)))
    for name, part in (("antraštė", sheet.oddHeader), ("poraštė", sheet.oddFooter)):
        texts = [f"{side}: {marked(getattr(part, side).text)}" for side in ("left", "center", "right")
                 if getattr(part, side).text]
        if texts:
            lines.append(f"[{name}] " + " | ".join(texts))
    for v in sheet.data_validations.dataValidation:
        bounds = " ".join(str(f) for f in (v.operator, v.formula1, v.formula2) if f is not None)
        messages = [f"{marked(title or '')}: {marked(text)}" for title, text in ((v.errorTitle, v.error),
                                                                              (v.promptTitle, v.prompt)) if text]
        lines.append(f"[tikrinimas {v.sqref}] {v.type} {marked(bounds)}" + "".join(f"; {m}" for m in messages))
    for ranges in sheet.conditional_formatting:
        for rule in ranges.rules:
            lines.append(f"[sąlyginis formatas {ranges.sqref}] {rule.type} {rule.operator or ''} "
                         f"{' '.join(rule.formula or [])}".rstrip())
    return lines


# ---------------------------------------------------------------- comparing with the reviewed copies


def compare(folder: Path, texts: dict[str, str], made: str, update: bool) -> list[str]:
    """Compare texts (by snapshot name) with folder's NAME.txt; return the differences as unified diffs.

    With `update`, rewrite the folder instead: every text written, a snapshot of a file no longer made removed.
    """
    root = SNAPSHOTS.parent.parent
    shown = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else folder.as_posix()
    if update:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.txt"):
            if stale.stem not in texts:
                stale.unlink()
        for name, text in texts.items():
            (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        return []
    problems = [f"{shown}/{stale.name}: no such file is made any more (make snapshots removes it)"
                for stale in sorted(folder.glob("*.txt")) if stale.stem not in texts]
    for name, text in texts.items():
        expected = folder / f"{name}.txt"
        if not expected.exists():
            problems.append(f"{shown}/{name}.txt: no reviewed snapshot (make snapshots writes it)")
        elif (was := expected.read_text(encoding="utf-8")) != text:
            problems.append(diff(was, text, f"{shown}/{name}.txt", f"{name} ({made})"))
    return problems


SECTION = re.compile(r"=== .+ ===|#+ ")  # a sheet's or a heading's line, named beside each change (as git does)
HUNK = re.compile(r"@@ -(\d+)")


def diff(was: str, now: str, before: str, after: str) -> str:
    """Return a unified diff whose every change names the sheet or heading it falls under."""
    old = was.splitlines(keepends=True)
    lines = []
    for line in difflib.unified_diff(old, now.splitlines(keepends=True), before, after, n=2):
        if (hunk := HUNK.match(line)) and (section := _section(old, int(hunk.group(1)))):
            line = f"{line.rstrip()} {section}\n"
        lines.append(line)
    return "".join(lines)


def _section(lines: list[str], start: int) -> str:
    """Return the last sheet or heading line at or before line `start` (counted from 1)."""
    return next((line.rstrip() for line in reversed(lines[:start]) if SECTION.match(line)), "")

