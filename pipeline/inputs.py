"""Which files each document is made from, and whether they changed since the last build.

A build records a digest of every document's inputs (its content files, its templates, the
pipeline's own code) in the output folder, one small file per kind of document. A document whose digest is unchanged and whose
files are all there is not rendered again: touching one chapter re-renders only the plan.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from .content import Plan
from .layout import (CONCEPT_FILE, DECISION_FILE, GOALS_FILE, GROUP_FILE, GROUPS_DIR, MONITORING_FILE, PLAN_FILE,
                     STRATEGY_FILE)

_ORDER = (PLAN_FILE, f"{GROUPS_DIR}/*/{GROUP_FILE}")
_PACKAGE = _ORDER + (STRATEGY_FILE, DECISION_FILE, MONITORING_FILE, f"{GROUPS_DIR}/*/{GOALS_FILE}")

# Content files (globs in the plan folder) and templates each kind of document reads.
SOURCES = {
    "order": (_ORDER, ("order.docx", "regulations.docx")),
    "concept": (_ORDER + (STRATEGY_FILE, CONCEPT_FILE), ("concept.docx",)),
    "decision": (_PACKAGE, ("decision.docx",)),
    "monitoring": (_PACKAGE, ("monitoring.docx",)),
    "explanatory-note": (_PACKAGE, ("explanatory-note.docx",)),
    "plan": (("**/*",), ("plan.docx",)),
}


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Return a digest of the pipeline's own source: new code renders everything anew."""
    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def digest(plan: Plan, kind: str, templates: Path) -> str:
    """Return the digest of everything one kind of document is made from."""
    globs, template_names = SOURCES[kind]
    files: set[Path] = set()
    for pattern in globs:
        files.update(p for p in plan.root.glob(pattern) if p.is_file())
    if plan.facts.coat_of_arms:
        files.add(plan.root / plan.facts.coat_of_arms)
    h = hashlib.sha256()
    h.update(code_digest().encode())
    h.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    for path in sorted(files):
        h.update(b"\0" + path.relative_to(plan.root).as_posix().encode() + b"\0")
        h.update(path.read_bytes())
    for name in template_names:
        h.update(b"\0template:" + name.encode() + b"\0")
        h.update((templates / name).read_bytes() if (templates / name).is_file() else b"")
    return h.hexdigest()


def record_name(kind: str) -> str:
    """Return the file, in the output folder, that records what a kind of document was made from.

    One file a kind: builds of different documents into one folder (make -j) never overwrite
    each other's records.
    """
    return f".inputs-{kind}.json"


def record(digest_: str, files: dict[str, bytes]) -> bytes:
    """Return the record of one kind of document: its inputs' digest and each output file's own digest."""
    entry = {"digest": digest_, "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}}
    return (json.dumps(entry, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def up_to_date(out_dir: Path, kind: str, current: str) -> list[str] | None:
    """Return the files of a kind still valid from the previous build, or None when it must be rendered.

    Valid means: made from the same inputs, and each file is still the very one that build wrote
    (not one another build, or a hand, put there since).
    """
    try:
        entry = json.loads((out_dir / record_name(kind)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("digest") != current:
        return None
    files = entry.get("files")
    if not isinstance(files, dict) or not files:
        return None
    for name, expected in files.items():
        try:
            if hashlib.sha256((out_dir / str(name)).read_bytes()).hexdigest() != expected:
                return None
        except OSError:
            return None
    return [str(name) for name in files]
