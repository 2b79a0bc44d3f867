"""Building the site into its folder: what it is made from (the digest), where it goes (the folder, and beside it
the record of the files it wrote and the lock), refusing a folder that is not the site's, writing the pages and the
search bundle whole, and removing only the site's own files."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ...core import records
from ...core.errors import StageError, display_path, quote, system_reason
from ...core.write import today
from ...content.model import Plan
from .listing import DOCUMENT_SUFFIXES
from .pages import SITE_TEMPLATES, pages
from .search import SEARCH_DIR, folder_digest, indexing

LEGACY_RECORD = ".inputs-site.json"  # where an earlier version kept its record: inside the published folder


def digest(plan: Plan, documents_dir: Path | None, day: dt.date) -> str:
    """Return a digest of everything the site is made from: code, site templates, content, documents, the day."""
    return files_digest(plan.root, plan.files, documents_dir, day)


def files_digest(root: Path, files: list[Path], documents_dir: Path | None, day: dt.date) -> str:
    """Return the site's digest (see `digest`) from the plan folder's files as scanned, before they are read."""
    from ..inputs import code_digest
    from .news import FILTER

    h = hashlib.sha256(code_digest().encode() + day.isoformat().encode() + FILTER.read_bytes())
    for path in sorted(SITE_TEMPLATES.iterdir()):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    for path in sorted(files):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    from ...content.ledger import LEDGER_DIR

    for path in sorted((root / LEDGER_DIR).glob("*/aktas.yaml")):  # each act's file digests its documents
        h.update(path.parent.name.encode() + b"\0" + path.read_bytes())
    if documents_dir is not None and documents_dir.is_dir():
        for path in sorted(p for p in documents_dir.iterdir() if p.suffix in DOCUMENT_SUFFIXES and p.is_file()):
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@dataclass(frozen=True)
class Place:
    """Where a site goes: its folder, and beside it (never published) the record of what it wrote, and its lock."""

    folder: Path  # as given, for messages and the paths reported
    real: Path
    record: Path
    lock: Path


@dataclass(frozen=True)
class Record:
    """What the previous build wrote, as its record (core/records.py) says or an earlier version's files show:
    the digest it was made from (None until it finished) and its files."""

    digest: str | None
    files: dict[str, str]  # name → SHA-256 of the bytes written (the search bundle: its folder's digest)
    legacy: tuple[str, ...] = ()  # an earlier version's own files inside the folder, to be removed


# The files an earlier version made, which kept its record inside the folder and no list of files.
_LEGACY_NAMES = re.compile(r"^(index|naujienos|planas|rodikliai|dokumentai|rengimas|dalyvavimas)\.html$"
                           r"|^atom\.xml$|^style\.css$|^nustatymai\.js$|^naujiena-.+\.html$"
                           r"|^rodiklis-.+\.(html|svg)$|^.+\.(docx|pdf)$")
# What write_atomically leaves when killed while writing: ".index.html.k3j_x9a2.tmp".
_TEMPORARY = re.compile(r"^\.(.+)\.[A-Za-z0-9_]{8}\.tmp$")


def place(out_dir: Path) -> Place:
    """Return where a site goes: the record and the lock sit beside its folder, named after it."""
    try:
        real = out_dir.resolve()
    except (OSError, RuntimeError) as exc:
        raise StageError(f"svetainės aplanko {display_path(out_dir)} kelias netinkamas: {exc}") from exc
    return Place(out_dir, real, real.parent / f".{real.name}.inputs.json", real.parent / f".{real.name}.lock")


def previous_record(where: Place) -> Record | None:
    """Return the record of the previous build into this folder, or None when the site never wrote there."""
    found = records.read(where.record)
    if found is not None:
        return Record(found.digest, {n: h for n, h in found.files.items() if _own_name(n)})
    try:
        legacy = json.loads((where.real / LEGACY_RECORD).read_text(encoding="utf-8"))
        names = sorted(e.name for e in os.scandir(where.real) if e.is_file(follow_symlinks=False))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(legacy, dict) or "digest" not in legacy:
        return None
    return Record(None, {n: "" for n in names if _LEGACY_NAMES.match(n)},
                  tuple(n for n in (LEGACY_RECORD, ".lock") if n in names))


def _own_name(name: object) -> bool:
    """Tell whether a record's entry names a file the site writes: one plain name, in the folder itself."""
    return isinstance(name, str) and bool(name) and not name.startswith(".") and "\0" not in name and (
        "/" not in name or name == SEARCH_DIR + "/")


def refuse_foreign(where: Place, root: Path, documents_dir: Path | None, record: Record | None) -> None:
    """Raise StageError in Lithuanian when the folder is not the site's to write.

    Not the site's: the plan folder or a folder inside it, the documents' folder, and a folder
    holding anything while no record of the site lists its files (an official's own folder).
    """
    shown = display_path(where.folder)
    tail = "; nieko neįrašyta ir neištrinta, nurodykite kitą aplanką (--out)"
    if where.real.is_relative_to(root.resolve()):
        raise StageError(f"svetainės aplankas {shown} yra plano aplanke {display_path(root)}: ten svetainė "
                         f"nerašoma{tail}")
    if documents_dir is not None and where.real == documents_dir.resolve():
        raise StageError(f"svetainės aplankas {shown} yra dokumentų aplankas: svetainė ir dokumentai rašomi "
                         f"į skirtingus aplankus{tail}")
    if where.real.exists() and not where.real.is_dir():
        raise StageError(f"svetainės aplankas {shown} negali būti sukurtas: tai failas, o ne aplankas{tail}")
    if record is None and where.real.is_dir():
        try:
            strangers = sorted(os.listdir(where.real))
        except OSError as exc:
            raise StageError(f"nepavyko perskaityti svetainės aplanko {shown}: {system_reason(exc)}") from exc
        if strangers:
            raise StageError(f"aplanke {shown} yra failų, kurių svetainė nekūrė (pvz., {quote(strangers[0])}): "
                             "nieko neįrašyta ir neištrinta; nurodykite tuščią arba naują aplanką (--out)")


@contextlib.contextmanager
def held(where: Place):
    """Hold the site's folder for one build at a time, saying what a waiting build waits for.

    The lock is an advisory lock on a file beside the folder: the system releases it when its
    holder ends, however it ends (write.py).
    """
    from ...core.write import lock_file_held, prepare_folder

    prepare_folder(where.real.parent)
    with lock_file_held(where.lock, "kitas svetainės rengimas"):
        yield where


def unchanged(where: Place, record: Record | None, made_from: str) -> bool:
    """Tell whether the folder holds, untouched, every file the previous build made from the same inputs."""
    if record is None or record.digest != made_from or not record.files or record.legacy:
        return False
    bundle = record.files.get(SEARCH_DIR + "/")
    if bundle is not None and folder_digest(where.real / SEARCH_DIR) != bundle:
        return False
    return records.holds(where.real, {n: h for n, h in record.files.items() if n != SEARCH_DIR + "/"})


def write_record(where: Place, made_from: str | None, files: dict[str, str]) -> None:
    """Write the record beside the folder; a record without a digest marks a build that has not finished."""
    records.write(where.real.parent, where.record.name, records.Record(made_from, files))


def remove_temporaries(where: Place, names: set[str]) -> None:
    """Remove what a killed build of the site left half-written: temporaries of its own files and record."""
    for folder, own in ((where.real, names), (where.real.parent, {where.record.name})):
        try:
            entries = [e.name for e in os.scandir(folder)]
        except OSError:
            continue  # no folder yet; one that cannot be read is reported when written to
        remove(folder, {n + "/" if n.startswith(f".{SEARCH_DIR}.") else n for n in entries
                        if (m := _TEMPORARY.match(n)) and (m.group(1) in own or m.group(1) == SEARCH_DIR)})
        if folder == where.real.parent:  # the copy of the pages a killed run gave Pagefind
            remove(folder, {n + "/" for n in entries if n.startswith(f".{where.real.name}.paieska-")})


def remove(folder: Path, names: set[str]) -> None:
    """Remove the named files of a folder; raise StageError in Lithuanian when the system refuses."""
    import shutil

    for name in sorted(names):
        if name.endswith("/"):
            shutil.rmtree(folder / name, ignore_errors=True)  # the search bundle: a folder the site made whole
            continue
        try:
            os.unlink(folder / name)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StageError(f"nepavyko pašalinti {display_path(folder / name)}: {system_reason(exc)}") from exc


def put_bundle(where: Place, aside: Path) -> None:
    """Put the search bundle written aside (in the site's folder) in place whole, by renames; remove the old one."""
    import shutil
    import tempfile

    current = where.real / SEARCH_DIR
    try:
        old = None
        if current.is_dir() and not current.is_symlink():
            old = Path(tempfile.mkdtemp(prefix=f".{SEARCH_DIR}.", suffix=".tmp", dir=where.real))
            os.replace(current, old / SEARCH_DIR)
        os.replace(aside, current)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise StageError(f"nepavyko įrašyti paieškos rodyklės į {display_path(where.folder)}: "
                         f"{system_reason(exc)}") from exc


def build_site(content_dir: Path, out_dir: Path, documents_dir: Path | None, force: bool = False) -> tuple[
        list[Path], bool]:
    """Build the site into out_dir; return the files written and whether it was up to date (nothing written).

    Only the site's own files are ever removed: those its record (beside the folder) lists. The
    record is marked unfinished before any page changes and completed last, so a build killed on
    the way is redone whole by the next one, which also removes the pages no longer made.
    """
    from ...content.plan import checked
    from ...documents.registry import CONTENT_FILES

    day = today()
    where = place(out_dir)
    if not force and _kept(content_dir, where, documents_dir, day):
        return [], True
    plan, _ = checked(content_dir, CONTENT_FILES)  # with the documents' own files: the consultation's table
    made_from = digest(plan, documents_dir, day)
    refuse_foreign(where, plan.root, documents_dir, previous_record(where))
    with held(where):
        record = previous_record(where)  # read again: another build may have finished meanwhile
        refuse_foreign(where, plan.root, documents_dir, record)
        if not force and unchanged(where, record, made_from):
            return [], True
        files = pages(plan, documents_dir, day)
        made = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
        before = dict(record.files) if record else {}
        remove_temporaries(where, set(before) | set(files))
        write_record(where, None, before | made | {SEARCH_DIR + "/": ""})
        written, made[SEARCH_DIR + "/"] = write_site(where, files)
        remove(where.real, set(before) - set(made) | set(record.legacy if record else ()))
        write_record(where, made_from, made)
    return written, False


def _kept(content_dir: Path, where: Place, documents_dir: Path | None, day: dt.date) -> bool:
    """Tell, before the content is read and checked, whether the folder holds the site made from these very files.

    The record gets its digest only once a build made from checked content is complete, so the same
    files (and code, documents and day) would pass the check again and make the same site.
    """
    from ...content.folder import scan

    folder = scan(content_dir)
    if folder.problems:  # the full build says what is wrong
        return False
    made_from = files_digest(content_dir, folder.files, documents_dir, day)
    record = previous_record(where)
    if record is None or record.digest != made_from:
        return False
    refuse_foreign(where, content_dir, documents_dir, record)
    with held(where):
        return unchanged(where, previous_record(where), made_from)


def write_site(where: Place, files: dict[str, bytes]) -> tuple[list[Path], str]:
    """Write the site's files and its search bundle into the folder; return the files written and the bundle's
    digest. On any failure the bundle written aside is removed, and the folder when this build made it empty."""
    import secrets
    import shutil

    from ...core.write import prepare_folder, write_atomically

    created = not where.real.exists()
    aside = where.real / f".{SEARCH_DIR}.{secrets.token_hex(4)}.tmp"  # a temporary the next run removes
    try:
        prepare_folder(where.real)
        # The index is made while the pages are written; Pagefind writes it aside in the folder.
        with indexing(files, where.real.parent, aside, f".{where.real.name}.paieska-") as finish:
            written = write_atomically(where.folder, files)
            finish()
        bundle = folder_digest(aside) or ""
        put_bundle(where, aside)
    except BaseException:
        shutil.rmtree(aside, ignore_errors=True)
        if created and where.real.is_dir() and not any(where.real.iterdir()):
            where.real.rmdir()
        raise
    return written, bundle
