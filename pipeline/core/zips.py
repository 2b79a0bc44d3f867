"""Reproducible zip packages (.docx, .xlsx): fixed entry times, a fixed entry order and pinned core dates.

A library saving a package stamps it with the time of saving; the same document would then never
have the same bytes twice. Every package the pipeline writes passes through `normalize_zip`.
"""

from __future__ import annotations

import io
import os
import re
import time
import zipfile
from dataclasses import dataclass

from .errors import StageError

# Zip entries are stamped with this time; SOURCE_DATE_EPOCH overrides it.
DEFAULT_EPOCH = 315532800  # 1980-01-01, the earliest time a zip entry can hold
# The entries Office expects at the start of a Word package; the rest follow by name.
DOCX_FIRST = ("[Content_Types].xml", "_rels/.rels")

_CORE_DATES = re.compile(
    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:(created|modified)>)")
_CORE_REVISION = re.compile(rb"<cp:revision>[^<]*</cp:revision>")
_CORE_LAST_BY = re.compile(rb"<cp:lastModifiedBy>[^<]*</cp:lastModifiedBy>")


@dataclass(frozen=True)
class Stamp:
    """How a package is made reproducible: the time of its entries and of its core dates, their order, their mode."""

    entry_time: int  # seconds since 1970 stamped on every entry
    core_time: int  # seconds since 1970 written as the package's created and modified dates
    first: tuple[str, ...] | None = None  # these entries first, the rest by name; None keeps the saved order
    mode: int = 0  # the Unix permissions recorded for each entry (0: none)


def epoch() -> int:
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(value) if value.isdigit() else DEFAULT_EPOCH


def normalize_docx(data: bytes) -> bytes:
    """Return a Word package stamped with SOURCE_DATE_EPOCH (else 1980-01-01), its entries in Office's order."""
    seconds = epoch()
    return normalize_zip(data, Stamp(seconds, seconds, DOCX_FIRST, 0o644))


def normalize_zip(data: bytes, stamp: Stamp) -> bytes:
    """Return the package with fixed entry times, a fixed entry order and pinned core dates."""
    when = _zip_time(stamp.entry_time)
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    if len(names) != len(set(names)):
        raise StageError("dokumento pakete pasikartoja įrašai")
    if stamp.first is not None:
        first = stamp.first
        names = sorted(names, key=lambda n: (*(n != f for f in first), n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            content = source.read(name)
            if name == "docProps/core.xml":
                content = _pinned_core(content, stamp.core_time)
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = stamp.mode << 16
            target.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()


def _pinned_core(content: bytes, seconds: int) -> bytes:
    """Return core.xml with its dates set to the given time, revision 1 and no last author."""
    content = _CORE_DATES.sub(lambda m: m.group(1) + _iso(seconds) + m.group(3), content)
    content = _CORE_REVISION.sub(b"<cp:revision>1</cp:revision>", content)
    return _CORE_LAST_BY.sub(b"<cp:lastModifiedBy></cp:lastModifiedBy>", content)


def _zip_time(seconds: int) -> tuple:
    t = time.gmtime(max(seconds, DEFAULT_EPOCH))
    return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)


def _iso(seconds: int) -> bytes:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds)).encode()
