"""The ledger of adopted editions: each act as it was adopted, recorded once and never rebuilt.

An act (an order, the concept, the plan, an amendment, a year's report) is a draft until the
council or the mayor adopts it with a number and a date. `approve` then records it inside the
plan folder, in plain files an official can open:

    redakcijos/2021-03-25-T2-57-planas/
        aktas.yaml      what was adopted: the act, its number and date (a report's year), the digest of
                        every document file and of the content it was built from
        turinys/        the content the act was built from (the plan folder without redakcijos/)
        dokumentai/     the documents as adopted (.docx, and .pdf where LibreOffice made them)

An entry is written into a hidden scratch folder beside it and renamed into place only when
whole, so a run killed at any moment leaves the ledger without the act or with all of it.
Building an adopted act's documents afterwards gives the recorded files byte for byte;
later documents take the edition in force on their own date from here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import Problem, StageError, display_path, system_reason
from .folder import LEDGER_DIR, scan
from .layout import glob_matches

ACT_FILE = "aktas.yaml"
CONTENT_DIR = "turinys"
DOCUMENTS_DIR = "dokumentai"

# Acts of which a plan has several of a kind, told apart by their number and date.
NUMBERED_ACTS = ("order", "amendment")
# The acts that can be adopted, by the name the command line and the ledger use.
ACT_NAMES = {"order": "potvarkis", "concept": "koncepcija", "plan": "planas", "amendment": "pakeitimas",
             "report": "ataskaita"}
ACT_KINDS = {name: kind for kind, name in ACT_NAMES.items()}
# Acts that give the plan an edition: the approving decision and each amendment.
EDITION_ACTS = ("plan", "amendment")

# The ledger keeps whole documents and content copies: limits of its own, far above ten editions.
MAX_ENTRIES = 20_000
MAX_TOTAL_BYTES = 500 * 1024 * 1024

# Content that is the plan's life, not its text: a change to these is no change of an edition.
LIFE_FILES = ("stebesena/", "naujienos/", "dalyvavimas.yaml", "svetaine.yaml", "pakeitimas.yaml")

_SCRATCH = ".irasoma-"  # an entry being written: never read, removed by the next approve


@dataclass(frozen=True)
class ActId:
    """An act as content names it: which act, its number and date (None in a draft), a report's year."""

    act: str
    number: str | None
    date: dt.date | None
    year: int | None = None

    @property
    def adopted(self) -> bool:
        return self.number is not None and self.date is not None

    def title(self) -> str:
        """Return the act as a reader of the website names it: "Plano pakeitimas: tarybos 2025 m. … sprendimas Nr. …"."""
        from ..core.lt import long_date

        what = {"order": "Darbo grupių sudarymas", "concept": "Plano koncepcija", "plan": "Plano patvirtinimas",
                "amendment": "Plano pakeitimas", "report": f"{self.year} metų įgyvendinimo ataskaita"}[self.act]
        issuer = "mero" if self.act == "order" else "tarybos"
        kind = "potvarkis" if self.act == "order" else "sprendimas"
        return f"{what}: {issuer} {long_date(self.date)} {kind} Nr. {self.number}"

    def words(self) -> str:
        """Return the act as an official names it: "planas (2021-03-25 Nr. T2-57)"."""
        what = ACT_NAMES[self.act] + (f" {self.year} m." if self.year else "")
        return f"{what} ({self.date.isoformat()} Nr. {self.number})" if self.adopted else what


@dataclass(frozen=True)
class Edition:
    """One recorded act: its identity, its folder, and the digest of each document file by document kind."""

    id: ActId
    folder: Path
    documents: dict[str, dict[str, str]] = field(hash=False)
    content_digest: str = ""

    @property
    def content(self) -> Path:
        """Return the folder holding the content the act was built from."""
        return self.folder / CONTENT_DIR

    def files(self, kind: str) -> dict[str, bytes]:
        """Return a document kind's files as adopted, each checked against its recorded digest."""
        files = {}
        for name, expected in self.documents.get(kind, {}).items():
            path = self.folder / DOCUMENTS_DIR / name
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise StageError(f"{display_path(path)}: patvirtinto dokumento nepavyko perskaityti: "
                                 f"{system_reason(exc)}") from exc
            if _sha(data) != expected:
                raise StageError(f"{display_path(path)}: patvirtintas dokumentas pakeistas po patvirtinimo "
                                 "(kontrolinė suma nesutampa su aktas.yaml)")
            files[name] = data
        return files

    def pdfs(self) -> dict[str, bytes]:
        """Return the PDFs recorded beside the documents (LibreOffice made them at approval)."""
        folder = self.folder / DOCUMENTS_DIR
        return {p.name: p.read_bytes() for p in sorted(folder.glob("*.pdf")) if p.is_file()}


@dataclass
class Ledger:
    """The plan's recorded editions, in the order they were adopted, and what is wrong with them."""

    root: Path
    editions: list[Edition] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def find(self, act: ActId) -> Edition | None:
        """Return the recorded edition of an act: the one of its kind (a report: of its year; an amendment:
        with its number and date)."""
        for edition in self.editions:
            e = edition.id
            if e.act != act.act or e.year != act.year:
                continue
            if act.act not in NUMBERED_ACTS or (e.number, e.date) == (act.number, act.date):
                return edition
        return None

    def in_force(self, on: dt.date) -> Edition | None:
        """Return the plan's edition in force on a day: the latest approving or amending act adopted by then."""
        found = [e for e in self.editions if e.id.act in EDITION_ACTS and e.id.date <= on]
        return max(found, key=lambda e: (e.id.date, e.id.act == "amendment"), default=None)

    def in_force_during(self, year: int) -> list[Edition]:
        """Return the editions in force at some time in a year, in the order adopted."""
        editions = [e for e in self.editions if e.id.act in EDITION_ACTS]
        ends = [e.id.date for e in editions[1:]] + [None]
        return [e for e, end in zip(editions, ends) if e.id.date <= dt.date(year, 12, 31)
                and (end is None or end > dt.date(year, 1, 1))]

    def by_words(self, words: str) -> Edition | None:
        """Return the edition an official names by its act's number ("T2-57") or date ("2021-03-25")."""
        for edition in reversed(self.editions):
            if edition.id.act in EDITION_ACTS and words in (edition.id.number, edition.id.date.isoformat()):
                return edition
        return None


def read(root: Path, verify: bool = False) -> Ledger:
    """Read the plan's ledger: names, links and each act file are checked; with `verify` (check, approve) every
    recorded file's digest too. A build verifies what it uses: the documents it serves, the text it loads."""
    ledger = Ledger(root)
    folder = root / LEDGER_DIR
    if not folder.exists():
        return ledger
    scanned = scan(folder, max_entries=MAX_ENTRIES, max_bytes=MAX_TOTAL_BYTES)
    ledger.problems.extend(scanned.problems)
    if scanned.problems or not folder.is_dir() or folder.is_symlink():
        return ledger
    files: dict[str, list[Path]] = {}  # each entry's content files, as the one scan found them
    for path in scanned.files:
        parts = path.relative_to(folder).parts
        if len(parts) > 2 and parts[1] == CONTENT_DIR:
            files.setdefault(parts[0], []).append(path)
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or not entry.is_dir():
            continue
        edition = _entry(ledger, entry, verify, files.get(entry.name, []))
        if edition is not None:
            ledger.editions.append(edition)
    ledger.editions.sort(key=lambda e: (e.id.date, _ORDER.index(e.id.act), e.id.year or 0))
    return ledger


_ORDER = ("order", "concept", "plan", "report", "amendment")


def _entry(ledger: Ledger, entry: Path, verify: bool, content: list[Path]) -> Edition | None:
    """Read one entry's aktas.yaml and verify its files; record the problems found."""
    from .load import read_yaml

    act_file = entry / ACT_FILE
    data = None
    if act_file.is_file():
        parsed = read_yaml(act_file)
        data = parsed.data
        ledger.problems.extend(parsed.problems)
    if not isinstance(data, dict):
        ledger.problems.append(Problem(display_path(act_file), 0, "patvirtintos redakcijos aprašas sugadintas arba "
                                                                  "jo nėra"))
        return None
    try:
        act_id = ActId(ACT_KINDS[str(data["aktas"])], str(data["numeris"]), dt.date.fromisoformat(str(data["data"])),
                       int(data["metai"]) if data.get("metai") is not None else None)
        documents = {str(kind): {str(n): str(d) for n, d in files.items()}
                     for kind, files in dict(data["dokumentai"]).items()}
        content_digest = str(data["turinys"])
    except (KeyError, TypeError, ValueError, AttributeError):
        ledger.problems.append(Problem(display_path(act_file), 0, "patvirtintos redakcijos aprašas sugadintas: "
                                                                  "trūksta ar netinka aktas, numeris, data, "
                                                                  "dokumentai ar turinys"))
        return None
    edition = Edition(act_id, entry, documents, content_digest)
    if verify:
        _verify(ledger, edition, content)
    return edition


def _verify(ledger: Ledger, edition: Edition, content: list[Path]) -> None:
    """Report a recorded document or content file changed, added or removed since the act was recorded."""
    for files in edition.documents.values():
        for name, expected in files.items():
            path = edition.folder / DOCUMENTS_DIR / name
            if not path.is_file() or _sha(path.read_bytes()) != expected:
                ledger.problems.append(Problem(display_path(path), 0, "patvirtintas dokumentas pakeistas arba "
                                                                      "pašalintas po patvirtinimo (kontrolinė suma "
                                                                      "nesutampa su aktas.yaml)"))
    if content_digest(edition.content, files=content) != edition.content_digest:
        ledger.problems.append(Problem(display_path(edition.content), 0, "patvirtintos redakcijos turinys pakeistas "
                                                                         "po patvirtinimo (kontrolinė suma nesutampa "
                                                                         "su aktas.yaml)"))


def content_digest(root: Path, life: bool = True, files: list[Path] | None = None,
                   life_globs: tuple[str, ...] = ()) -> str:
    """Return the digest of a content folder's files (the ledger never counts; nor, unless `life`, the plan's
    life: year files, news, participation, the draft amendment, and the documents' files declared as life,
    `life_globs`); `files` when a scan already listed them."""
    h = hashlib.sha256()
    for path in sorted(files) if files is not None else _content_files(root):
        relative = path.relative_to(root).as_posix()
        if not life and (relative.startswith(LIFE_FILES) or any(glob_matches(relative, g) for g in life_globs)):
            continue
        h.update(relative.encode() + b"\0" + _sha(path.read_bytes()).encode() + b"\0")
    return h.hexdigest()


def _content_files(root: Path) -> list[Path]:
    """Return the plain files of a content folder, the ledger excluded (the scan refuses links out)."""
    if not root.is_dir():
        return []
    return sorted(scan(root).files)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def entry_name(act: ActId) -> str:
    """Return an entry's folder name: "2021-03-25-T2-57-planas", "2024-06-20-T-223-ataskaita-2023"."""
    number = re.sub(r"[^0-9A-Za-z]+", "-", _ascii(act.number)).strip("-") or "be-numerio"
    name = f"{act.date.isoformat()}-{number}-{ACT_NAMES[act.act]}"
    return name + (f"-{act.year}" if act.year else "")


def _ascii(text: str) -> str:
    from ..core.lt import ascii_name

    return ascii_name(text)


def record(root: Path, act: ActId, documents: dict[str, dict[str, bytes]], pdfs: dict[str, bytes]) -> Path:
    """Record an adopted act: its content as it is now, its documents and their PDFs; return the entry.

    The entry is written whole into a scratch folder and renamed into place: the ledger never
    holds half an act. Scratch folders a killed approve left are removed first.
    """
    ledger_dir = root / LEDGER_DIR
    target = ledger_dir / entry_name(act)
    if target.exists():
        raise StageError(f"{display_path(target)}: šis aktas jau įrašytas")
    try:
        ledger_dir.mkdir(exist_ok=True)
        _remove_scratch(ledger_dir)
        scratch = Path(tempfile.mkdtemp(prefix=_SCRATCH, dir=ledger_dir))
        os.chmod(scratch, 0o755)
    except OSError as exc:
        raise StageError(f"nepavyko rašyti į {display_path(ledger_dir)}: {system_reason(exc)}") from exc
    try:
        _copy_content(root, scratch / CONTENT_DIR)
        (scratch / DOCUMENTS_DIR).mkdir()
        for name, data in [(n, d) for files in documents.values() for n, d in files.items()] + list(pdfs.items()):
            _write(scratch / DOCUMENTS_DIR / name, data)
        _write(scratch / ACT_FILE, _act_yaml(act, documents, content_digest(scratch / CONTENT_DIR)))
        _sync_folder(scratch)
        os.rename(scratch, target)
        _sync_folder(ledger_dir)
    except BaseException as exc:
        shutil.rmtree(scratch, ignore_errors=True)
        if isinstance(exc, OSError):
            raise StageError(f"nepavyko įrašyti patvirtintos redakcijos į {display_path(ledger_dir)}: "
                             f"{system_reason(exc)}") from exc
        raise
    return target


def _remove_scratch(ledger_dir: Path) -> None:
    for entry in ledger_dir.iterdir():
        if entry.name.startswith(_SCRATCH) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


def _copy_content(root: Path, target: Path) -> None:
    """Copy the plan's content (the ledger excluded) into an entry: plain files only, as scanned."""
    for path in _content_files(root):
        destination = target / path.relative_to(root)
        destination.parent.mkdir(parents=True, exist_ok=True)
        _write(destination, path.read_bytes())


def _write(path: Path, data: bytes) -> None:
    with open(path, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def _sync_folder(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _act_yaml(act: ActId, documents: dict[str, dict[str, bytes]], digest: str) -> bytes:
    """Return aktas.yaml: the act and the digest of every file, in a form an official can read."""
    lines = ["# Patvirtinta redakcija: įrašė `python -m pipeline approve`. Nekeiskite – pakeitimai rengiami",
             "# kaip plano pakeitimas (make amend), o šie failai lieka tokie, kokie buvo priimti.",
             f"aktas: {ACT_NAMES[act.act]}", f"numeris: {quote_yaml(act.number)}", f"data: {act.date.isoformat()}"]
    if act.year:
        lines.append(f"metai: {act.year}")
    lines.append("dokumentai:")
    for kind, files in documents.items():
        lines.append(f"  {kind}:")
        lines += [f"    {quote_yaml(name)}: {_sha(data)}" for name, data in files.items()]
    lines.append(f"turinys: {digest}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def quote_yaml(text: str) -> str:
    """Return a YAML double-quoted scalar: any act number reads back as the same text."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def acts_of(plan, act: str, year: int | None = None) -> list[tuple[ActId, Path]]:
    """Return the acts of a kind as the plan's content names them, each with the content file naming it:
    one act, or every order (each order of the mayor is an act of its own)."""
    from .layout import PLAN_FILE

    if act == "order":
        return [(ActId(act, order.number, order.date), plan.root / PLAN_FILE) for order in plan.facts.orders]
    return [act_of(plan, act, year)]


def act_of(plan, act: str, year: int | None = None) -> tuple[ActId, Path]:
    """Return an act as the plan's content names it, and the content file that names it (the first order);
    an act whose file the plan lacks is a draft (no number, no date)."""
    from .layout import AMENDMENT_FILE, CONCEPT_FILE, DECISION_FILE, REPORTS_DIR

    if act == "order":
        return acts_of(plan, act)[0]
    if act == "report":
        d = plan.reports[year].decision
        return ActId(act, d.number, d.date, year), plan.root / REPORTS_DIR / f"{year}.yaml"
    source, file = {"concept": (plan.concept, CONCEPT_FILE), "plan": (plan.decision, DECISION_FILE),
                    "amendment": (plan.amendment, AMENDMENT_FILE)}[act]
    d = source.decision if source is not None else None
    return ActId(act, d.number if d else None, d.date if d else None), plan.root / file


def refusal(act: ActId, where: Path) -> str | None:
    """Return why an act cannot be approved from content as it is, or None."""
    if not act.adopted:
        missing = " ir ".join(w for w, v in (("numerio", act.number), ("datos", act.date)) if v is None)
        return f"{ACT_NAMES[act.act]} dar be {missing}: įrašykite juos į {display_path(where)} ir tvirtinkite"
    return None
