"""Approve: record an adopted act in the plan's ledger, with the documents it was adopted as.

The act's number and date are already in content (an official types them when the council or
the mayor adopts it). Approving checks the content, builds the act's documents as any build
does (and their PDFs where LibreOffice is installed) and records them with the content they
were built from (ledger.py). From then on building them gives the recorded files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

from ..content import ledger
from ..content.plan import checked
from .build import Options, build
from ..documents.registry import BY_KIND, DOCUMENTS, Document
from ..core import records
from ..core.errors import ContentError, StageError, display_path
from ..outputs.inputs import record_name
from ..core.write import content_locked

# The command set that builds each act's documents.
ACT_SETS = {"order": "order", "concept": "concept", "plan": "plan", "amendment": "amendment", "report": "report"}


def approve(content_dir: Path, act: str, out_dir: Path, options: Options = Options(),
            pdf: bool | None = None) -> list[Path]:
    """Record an adopted act (every adopted order not yet recorded); return the ledger entries written.
    Refuse a draft, content with errors, or an act recorded already. `options` as for a build (its year
    and `since`); `pdf` whether to record PDFs too (by default, where LibreOffice is installed)."""
    plan, _ = checked(content_dir)
    year = options.year
    if act == "report":
        from ..life.annual import report_year

        year = report_year(plan, year)
    named = ledger.acts_of(plan, act, year)
    adopted = [act_id for act_id, _ in named if act_id.adopted]
    if not adopted:
        raise StageError(ledger.refusal(*named[0]))
    with content_locked(content_dir, options.waiting):
        editions = ledger.read(plan.root, verify=True)
        if editions.problems:
            raise ContentError(editions.problems)
        if act == "report" and editions.in_force(dt.date(year, 12, 31)) is None:
            raise StageError(f"{year} metų ataskaita vertina tų metų pabaigoje galiojusią plano redakciją, o jos "
                             "dar nėra: pirmiausia patvirtinkite planą (make approve ACT=plan)")
        pending = sorted((a for a in adopted if editions.find(a) is None), key=lambda a: (a.date, a.number))
        if not pending:
            recorded = editions.find(adopted[-1])
            raise StageError(f"{adopted[-1].words()} jau patvirtintas ir įrašytas: {display_path(recorded.folder)}")
        build(content_dir, [ACT_SETS[act]], out_dir, dataclasses.replace(options, year=year, force=True))
        documents = {d.kind: _built(out_dir, d) for d in DOCUMENTS if d.act == act}
        documents = {kind: files for kind, files in documents.items() if files}
        pdfs = _pdfs(out_dir, documents) if (pdf if pdf is not None else shutil.which("soffice")) else {}
        return [_record(plan, act_id, documents, pdfs) for act_id in pending]


def _record(plan, act: ledger.ActId, documents: dict[str, dict[str, bytes]], pdfs: dict[str, bytes]) -> Path:
    """Record one act with its own documents: an order with its file (and the regulations it approves)."""
    if act.act == "order":
        own = {output.name for output in BY_KIND["order"].outputs(plan) if output.act == act}
        documents = {kind: {n: d for n, d in files.items() if n in own} for kind, files in documents.items()}
        pdfs = {n: d for n, d in pdfs.items() if Path(n).with_suffix(".docx").name in own}
    return ledger.record(plan.root, act, documents, pdfs)


def _built(out_dir: Path, document: Document) -> dict[str, bytes]:
    """Return the files the build just wrote for one kind of document, as its record lists them."""
    found = records.read(out_dir / record_name(document.kind))
    return {name: (out_dir / name).read_bytes() for name in found.files} if found else {}


def _pdfs(out_dir: Path, documents: dict[str, dict[str, bytes]]) -> dict[str, bytes]:
    """Convert the act's documents to PDF with LibreOffice; return the PDFs by name."""
    from ..outputs.pdf import convert

    sources = [out_dir / name for files in documents.values() for name in files]
    return {path.name: path.read_bytes() for path in convert(sources)}

