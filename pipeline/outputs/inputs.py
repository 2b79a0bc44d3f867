"""Which files each document is made from, whether they changed since the last build, and make's view.

A build records a digest of every document's inputs (its content files, its templates, the
pipeline's own code) in the output folder, one small record per kind of document (core/records.py), with the
digest of each file it wrote. A document whose inputs are unchanged and whose files are still
those very files is not rendered again: touching one chapter re-renders only the plan.

For make, a build also writes, per command set it was asked for, a stamp `.<set>.made` and a
dependency file `.<set>.d` naming every input of that set: the Makefile includes those files
and so knows what to rebuild without a list of its own.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from ..core import records
from ..content.model import Plan
from ..documents.registry import Document, in_sets

CODE = Path(__file__).resolve().parent.parent  # the pipeline package, every stage


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Return a digest of the pipeline's own source: new code renders everything anew."""
    h = hashlib.sha256()
    for path in sorted(CODE.rglob("*.py")):
        h.update(path.relative_to(CODE).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def content_files(plan: Plan, document: Document) -> list[Path]:
    """Return the content files a document is made from: those its globs match, and the coat of arms."""
    files = {p for pattern in document.inputs for p in plan.root.glob(pattern) if p in _scanned(plan)}
    if plan.facts.coat_of_arms:
        files.add(plan.root / plan.facts.coat_of_arms)
    return sorted(files)


def _scanned(plan: Plan) -> set[Path]:
    if plan.derived.scanned is None:
        plan.derived.scanned = set(plan.files)
    return plan.derived.scanned


def _hashed(plan: Plan, path: Path) -> bytes:
    """Return a content file's digest, read once however many documents are made from it."""
    if path not in plan.derived.hashed:
        plan.derived.hashed[path] = hashlib.sha256(path.read_bytes()).digest()
    return plan.derived.hashed[path]


def digest(plan: Plan, document: Document, templates: Path) -> str:
    """Return the digest of everything one kind of document is made from."""
    h = hashlib.sha256()
    h.update(code_digest().encode())
    h.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    if document.variant is not None:
        h.update(b"\0variant:" + document.variant(plan).encode() + b"\0")
    for path in content_files(plan, document):
        h.update(b"\0" + path.relative_to(plan.root).as_posix().encode() + b"\0")
        h.update(_hashed(plan, path))
    for name in document.templates:
        h.update(b"\0template:" + name.encode() + b"\0")
        h.update((templates / name).read_bytes() if (templates / name).is_file() else b"")
    return h.hexdigest()


def record_name(kind: str) -> str:
    """Return the file, in the output folder, that records what a kind of document was made from.

    One file a kind: builds of different documents into one folder never overwrite each
    other's records.
    """
    return f".inputs-{kind}.json"


def record(digest_: str, files: dict[str, bytes]) -> bytes:
    """Return the record of one kind of document: its inputs' digest and each output file's own digest."""
    return records.encode(records.Record(digest_, {name: records.sha256(data) for name, data in files.items()}))


def up_to_date(out_dir: Path, kind: str, current: str) -> list[str] | None:
    """Return the files of a kind still valid from the previous build, or None when it must be rendered.

    Valid means: made from the same inputs, and each file is still the very one that build wrote
    (not one another build, or a hand, put there since). No files at all is a valid record: a
    document the plan has nothing for.
    """
    found = records.read(out_dir / record_name(kind))
    if found is None or found.digest != current or not records.holds(out_dir, found.files):
        return None
    return list(found.files)


def make_files(plan: Plan, sets: list[str], out_dir: Path, templates: Path) -> dict[str, bytes]:
    """Return, for each set named, make's stamp `.<set>.made` and its dependency file `.<set>.d`."""
    files: dict[str, bytes] = {}
    for name in sets:
        inputs = _set_inputs(plan, name, templates)
        target = _for_make(out_dir / f".{name}.made")
        lines = [f"{target}: " + " ".join(inputs)] + [f"{path}:" for path in inputs]  # a removed input is no error
        files[f".{name}.d"] = ("\n".join(lines) + "\n").encode("utf-8")
        files[f".{name}.made"] = b""
    return files


def _set_inputs(plan: Plan, name: str, templates: Path) -> list[str]:
    """Return every file and folder a set is made from, as make names them.

    Folders are listed too: a chapter added to a folder changes the folder, not any listed file.
    """
    paths: set[Path] = set(CODE.rglob("*.py"))
    for document in in_sets([name]):
        files = content_files(plan, document)
        paths.update(files)
        paths.update(p.parent for p in files)
        paths.update(templates / t for t in document.templates)
    return sorted(_for_make(p) for p in paths)


def _for_make(path: Path) -> str:
    """Return a path as make reads it: relative to the working folder when below it, special characters escaped."""
    shown = os.path.relpath(path)
    if shown.startswith(".."):
        shown = str(path.absolute())
    return shown.replace("$", "$$").replace("#", "\\#").replace(" ", "\\ ").replace(":", "\\:")
