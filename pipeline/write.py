"""The one place that writes output: reproducible .docx bytes, written atomically.

All documents of a build are rendered in memory first; only then are they written, each
to a temporary file beside its target and renamed over it. A failure before the renames
leaves every previous file as it was and removes the temporary files.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

from .errors import StageError

# Zip entries are stamped with this time; SOURCE_DATE_EPOCH overrides it.
DEFAULT_EPOCH = 315532800  # 1980-01-01, the earliest time a zip entry can hold

_CORE_DATES = re.compile(
    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:(created|modified)>)")
_CORE_REVISION = re.compile(rb"<cp:revision>[^<]*</cp:revision>")
_CORE_LAST_BY = re.compile(rb"<cp:lastModifiedBy>[^<]*</cp:lastModifiedBy>")


def epoch() -> int:
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(value) if value.isdigit() else DEFAULT_EPOCH


def _zip_time(seconds: int) -> tuple:
    import time
    t = time.gmtime(max(seconds, DEFAULT_EPOCH))
    return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)


def _iso(seconds: int) -> bytes:
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds)).encode()


def normalize_docx(data: bytes) -> bytes:
    """Return the package with fixed entry times, a fixed entry order and pinned core dates."""
    seconds = epoch()
    stamp = _zip_time(seconds)
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    if len(names) != len(set(names)):
        raise StageError("dokumento pakete pasikartoja įrašai")
    ordered = sorted(names, key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in ordered:
            content = source.read(name)
            if name == "docProps/core.xml":
                content = _CORE_DATES.sub(lambda m: m.group(1) + _iso(seconds) + m.group(3), content)
                content = _CORE_REVISION.sub(b"<cp:revision>1</cp:revision>", content)
                content = _CORE_LAST_BY.sub(b"<cp:lastModifiedBy></cp:lastModifiedBy>", content)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()


def write_atomically(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file into out_dir, all or none; return the written paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    root = out_dir.resolve()
    targets = {}
    for name in files:
        target = (out_dir / name).resolve()
        if target.parent != root:
            raise StageError(f"išvesties failas už aplanko ribų: {name}")
        targets[name] = target
    temporaries: dict[str, Path] = {}
    try:
        for name, data in files.items():
            handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=root)
            temporaries[name] = Path(temp)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temp, 0o644)
    except OSError as exc:
        for temp in temporaries.values():
            temp.unlink(missing_ok=True)
        raise StageError(f"nepavyko įrašyti į {out_dir}: {exc.strerror}") from exc
    for name, temp in temporaries.items():
        os.replace(temp, targets[name])
    return [out_dir / name for name in files]
