"""Approve: record an adopted act in the plan's ledger, with the documents it was adopted as.

The act's number and date are already in content (an official types them when the council or
the mayor adopts it). Approving checks the content, builds the act's documents as any build
does (and their PDFs where LibreOffice is installed) and records them with the content they
were built from (ledger.py). From then on building them gives the recorded files.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from . import ledger
from .build import build, checked
from .documents import DOCUMENTS, Document
from .errors import ContentError, StageError, display_path
from .inputs import record_name
from .write import content_locked

# The command set that builds each act's documents.
ACT_SETS = {"order": "order", "concept": "concept", "plan": "plan", "amendment": "amendment", "report": "report"}


def approve(content_dir: Path, act: str, out_dir: Path, year: int | None = None, since: str | None = None,
            pdf: bool | None = None, waiting=None) -> Path:
    """Record an adopted act; return its ledger entry. Refuse a draft, content with errors, or an act recorded."""
    plan, _ = checked(content_dir)
    if act == "report":
        from .annual import report_year

        year = report_year(plan, year)
    act_id, named_in = ledger.act_of(plan, act, year)
    reason = ledger.refusal(act_id, named_in)
    if reason is not None:
        raise StageError(reason)
    with content_locked(content_dir, waiting):
        editions = ledger.read(plan.root, verify=True)
        if editions.problems:
            raise ContentError(editions.problems)
        if act == "report" and editions.in_force(dt.date(year, 12, 31)) is None:
            raise StageError(f"{year} metų ataskaita vertina tų metų pabaigoje galiojusią plano redakciją, o jos "
                             "dar nėra: pirmiausia patvirtinkite planą (make approve ACT=plan)")
        recorded = editions.find(act_id)
        if recorded is not None:
            raise StageError(f"{act_id.words()} jau patvirtintas ir įrašytas: {display_path(recorded.folder)}")
        build(content_dir, [ACT_SETS[act]], out_dir, year=year, since=since, force=True)
        documents = {d.kind: _built(out_dir, d) for d in DOCUMENTS if d.act == act}
        documents = {kind: files for kind, files in documents.items() if files}
        pdfs = _pdfs(out_dir, documents) if (pdf if pdf is not None else shutil.which("soffice")) else {}
        return ledger.record(plan.root, act_id, documents, pdfs)


def _built(out_dir: Path, document: Document) -> dict[str, bytes]:
    """Return the files the build just wrote for one kind of document, as its record lists them."""
    try:
        entry = json.loads((out_dir / record_name(document.kind)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {name: (out_dir / name).read_bytes() for name in entry.get("files", {})}


def _pdfs(out_dir: Path, documents: dict[str, dict[str, bytes]]) -> dict[str, bytes]:
    """Convert the act's documents to PDF with LibreOffice; return the PDFs by name."""
    from .pdf import convert

    sources = [out_dir / name for files in documents.values() for name in files]
    return {path.name: path.read_bytes() for path in convert(sources)}

