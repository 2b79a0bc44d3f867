"""The records of what is up to date: one format, read and written here by every writer of output.

A record is a small JSON file in (or beside) the folder it describes:

    {"digest": "…", "inputs": {"plan.docx": "…"}, "files": {"plan.pdf": "…"}}

`digest` is the digest of everything the files were made from (null while a build has not
finished, or where the inputs are kept one by one), `inputs` the SHA-256 of each input kept one
by one (a PDF's .docx), `files` the SHA-256 of each file written. A record that is missing,
cannot be read or is not of this shape (a damaged one, an earlier version's) is no record: what
it would describe is made again, never taken for up to date.

Where a record goes with the files it describes, write.write_atomically writes it after them and
removes the old one before them (its `records`); a record of its own is written by `write`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .write import write_atomically

MAX_BYTES = 16 * 1024 * 1024  # a record larger than this is no record of ours


@dataclass(frozen=True)
class Record:
    """What a folder's files were made from, and the digest of each file as it was written."""

    digest: str | None = None  # of all inputs together; None: not finished, or inputs kept one by one
    files: Mapping[str, str] = field(default_factory=dict)  # name → SHA-256 of the bytes written
    inputs: Mapping[str, str] = field(default_factory=dict)  # name → SHA-256 of an input kept one by one


def sha256(data: bytes) -> str:
    """Return the hexadecimal SHA-256 of bytes, as records keep it."""
    return hashlib.sha256(data).hexdigest()


def encode(record: Record) -> bytes:
    """Return a record's file bytes (names sorted: the same record is the same bytes)."""
    entry = {"digest": record.digest, "inputs": dict(record.inputs), "files": dict(record.files)}
    return (json.dumps(entry, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def write(folder: Path, name: str, record: Record) -> None:
    """Write a record by itself into a folder, whole or not at all."""
    write_atomically(folder, {name: encode(record)})


def read(path: Path) -> Record | None:
    """Return the record a file holds, or None when there is none of this format there."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
        entry = json.loads(data.decode("utf-8")) if len(data) <= MAX_BYTES else None
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(entry, dict) or not _digests(entry.get("files")):
        return None
    digest, inputs = entry.get("digest"), entry.get("inputs", {})
    if not (digest is None or isinstance(digest, str)) or not _digests(inputs):
        return None
    return Record(digest, entry["files"], inputs)


def _digests(value: object) -> bool:
    """Tell whether a record's part maps names to digests, as this format keeps them."""
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def holds(folder: Path, files: Mapping[str, str]) -> bool:
    """Tell whether each file named is in the folder with the very bytes it was recorded with."""
    for name, expected in files.items():
        try:
            if sha256((folder / name).read_bytes()) != expected:
                return False
        except (OSError, ValueError):  # gone, unreadable, or a name no file can have
            return False
    return True
