"""What the site lists beside its pages: the documents grouped by act (adopted ones from the ledger, built
drafts), their sizes as a reader says them, the line a draft puts on every page, and the preparation timeline."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ...core import lt
from ...content.ledger import ActId, act_of
from ...content.model import Plan

DOCUMENT_SUFFIXES = (".docx", ".pdf")


@dataclass(frozen=True)
class Listed:
    name: str  # the file's name on the site
    kind: str  # "Word" or "PDF"
    size_text: str  # "48 KB", "1,4 MB"


@dataclass(frozen=True)
class DocumentRow:
    """One document in its forms: the Word file and, when made, its PDF."""

    title: str
    files: list[Listed]


@dataclass(frozen=True)
class ActGroup:
    """An act with its documents, as the documents page lists it: adopted (from the ledger) or a draft."""

    title: str
    date: dt.date | None
    adopted: bool
    in_force: bool
    register: str  # the act in the register of legal acts, when content gives it
    rows: list[DocumentRow]


def size_text(size: int) -> str:
    """Return a file's size as a reader says it: "48 KB", "1,4 MB" (decimal comma)."""
    if size < 1024 * 1024:
        return f"{lt.number(Decimal(max(size, 1024)) / 1024, 0)}\u00a0KB"
    return f"{lt.number((Decimal(size) / 1024 / 1024).quantize(Decimal('0.1')), 1)}\u00a0MB"


def _rows(files: dict[str, bytes], prefix: str = "") -> tuple[list[DocumentRow], dict[str, bytes]]:
    """Return a row per document (Word and PDF together, in the order given) and the files by their site name."""
    rows, published = [], {}
    for name in [n for n in files if n.endswith(".docx")] + [n for n in files if n.endswith(".pdf")
                                                            and n[:-4] + ".docx" not in files]:
        forms = [n for n in (name, name[:-5] + ".pdf") if n in files] if name.endswith(".docx") else [name]
        listed = []
        for form in forms:
            published[prefix + form] = files[form]
            listed.append(Listed(prefix + form, "Word" if form.endswith(".docx") else "PDF",
                                 size_text(len(files[form]))))
        rows.append(DocumentRow(_title(files[name]) if name.endswith(".docx") else "" or Path(name).stem, listed))
    return [DocumentRow(r.title or Path(r.files[0].name).stem, r.files) for r in rows], published


def documents(plan: Plan, folder: Path | None, recorded: set[bytes] = frozenset()) -> list[tuple[Listed, bytes]]:
    """Return the built documents to publish (the .docx and .pdf files of the build folder) with their bytes.

    A PDF is published only when it was made from the .docx beside it (the PDF record says so): a draft's
    Word file is never paired with the PDF of an earlier text. A file the ledger holds as adopted is listed
    there, once.
    """
    if folder is None or not folder.is_dir():
        return []
    from ..pdf import current_pdfs

    paired = current_pdfs(folder)
    listed = []
    for path in sorted(p for p in folder.iterdir() if p.suffix in DOCUMENT_SUFFIXES and p.is_file()
                       and not p.name.startswith(".") and (p.suffix != ".pdf" or p.name in paired)):
        data = path.read_bytes()
        if hashlib.sha256(data).digest() in recorded:
            continue
        listed.append((Listed(path.name, "Word" if path.suffix == ".docx" else "PDF", size_text(len(data))), data))
    return listed


def _title(docx: bytes) -> str:
    import io
    import zipfile

    try:
        core = zipfile.ZipFile(io.BytesIO(docx)).read("docProps/core.xml").decode("utf-8")
    except (zipfile.BadZipFile, KeyError, ValueError):
        return ""
    found = re.search(r"<dc:title>([^<]*)</dc:title>", core)
    import html

    return html.unescape(found.group(1)) if found else ""


def _acts_of_files(plan: Plan) -> dict[str, object]:
    """Return the act each file the documents declare belongs to (ledger.ActId; number and date None in a
    draft), by its name without the suffix: the Word file and its PDF alike."""
    from ...documents.registry import DOCUMENTS

    return {Path(output.name).stem: output.act for document in DOCUMENTS for output in document.outputs(plan)
            if output.act is not None}


DRAFT_TITLES = {"order": "Darbo grupių sudarymas", "concept": "Plano koncepcija", "plan": "Plano patvirtinimas",
                "amendment": "Plano pakeitimas", "report": "metų įgyvendinimo ataskaita"}


def _draft_title(act) -> str:
    what = f"{act.year} {DRAFT_TITLES['report']}" if act.act == "report" else DRAFT_TITLES[act.act]
    return f"{what}: projektas, dar nepriimtas"


def act_groups(plan: Plan, ledger_, built: list[tuple[Listed, bytes]], day: dt.date) -> tuple[
        list[ActGroup], dict[str, bytes]]:
    """Return the documents grouped by act, newest first (drafts first of all), and every file to publish.

    An adopted act's documents come from the ledger as adopted; a built document joins its act's group.
    """
    register = plan.site.acts if plan.site else {}
    in_force = ledger_.in_force(day)
    groups: dict[tuple, dict] = {}
    files: dict[str, bytes] = {}
    for edition in ledger_.editions:
        recorded = {n: (edition.folder / "dokumentai" / n).read_bytes()
                    for kind in edition.documents.values() for n in kind}
        recorded.update(edition.pdfs())
        rows, published = _rows(recorded, f"redakcija-{edition.folder.name}-")
        files.update(published)
        groups[(edition.id.act, edition.id.number, edition.id.date, edition.id.year)] = dict(
            title=edition.id.title(), date=edition.id.date, adopted=True, in_force=edition is in_force,
            register=register.get(edition.id.number, ""), rows=rows)
    by_act: dict[tuple, dict[str, bytes]] = {}
    acts = _acts_of_files(plan)
    for listed, data in built:  # a file of no act, or of no document now, goes with the plan's approval
        act = acts.get(Path(listed.name).stem) or act_of(plan, "plan")[0]
        by_act.setdefault((act.act, act.number, act.date, act.year), {})[listed.name] = data
    for key, named in by_act.items():
        rows, published = _rows(named)
        files.update(published)
        if key in groups:
            groups[key]["rows"] += rows
            continue
        act = ActId(*key)
        groups[key] = dict(title=act.title() if act.adopted else _draft_title(act), date=act.date,
                           adopted=act.adopted, in_force=False, register=register.get(act.number or "", ""),
                           rows=rows)
    ordered = sorted(groups.values(), key=lambda g: (g["date"] is None, g["date"] or dt.date.min), reverse=True)
    return [ActGroup(**g) for g in ordered], files


def draft_notice(plan: Plan, edition, published: list[str]) -> str:
    """Return the line every page shows while an amendment is a draft, or while no edition is adopted."""
    if plan.amendment is not None and plan.amendment.decision.is_draft:
        shown = f" ({edition.id.title()})" if edition is not None else ""
        where = ("; pakeitimo projektas ir lyginamasis variantas – skiltyje „Dokumentai“"
                 if "amendment-comparison.docx" in published else "")
        return (f"Rengiamas plano pakeitimas – projektas, dar nepriimtas. Puslapiuose – galiojanti plano "
                f"redakcija{shown}{where}.")
    if edition is None and (plan.decision is None or plan.decision.decision.is_draft):
        return "Planas dar rengiamas: puslapiuose – plano projektas."
    return ""


@dataclass(frozen=True)
class Stage:
    name: str
    start_text: str
    end_text: str
    x: float
    width: float
    y: float
    state: str  # "baigtas", "vyksta", "numatomas"


@dataclass(frozen=True)
class Timeline:
    stages: list[Stage]
    today_x: float | None
    today_text: str
    height: float
    ticks: list[tuple[float, str]]


def timeline(plan: Plan, day: dt.date) -> Timeline | None:
    schedule = plan.facts.schedule
    if schedule is None or not schedule.stages:
        return None
    start, end = schedule.start, max(schedule.end, max(s.end for s in schedule.stages))
    span = max((end - start).days, 1)
    left, width = 10.0, 780.0
    x = lambda d: left + width * (min(max(d, start), end) - start).days / span  # noqa: E731
    stages = []
    for i, s in enumerate(schedule.stages):
        state = "baigtas" if s.end < day else "vyksta" if s.start <= day else "numatomas"
        stages.append(Stage(s.name, lt.long_date(s.start), lt.long_date(s.end), x(s.start),
                            max(x(s.end) - x(s.start), 2.0), 40.0 + i * 56.0, state))
    months = []
    cursor = dt.date(start.year, start.month, 1)
    while cursor <= end:
        if cursor >= start:
            months.append((x(cursor), f"{cursor.year}-{cursor.month:02d}"))
        cursor = dt.date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
    step = max(1, -(-len(months) // 4))  # four labels fit a phone at the page's font size
    ticks = [(position, label) for position, label in months[::step] if position <= left + width - 50]
    return Timeline(stages, x(day) if start <= day <= end else None, lt.long_date(day),
                    60.0 + len(stages) * 56.0, ticks)
