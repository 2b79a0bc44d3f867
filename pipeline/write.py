"""The one place that writes output: reproducible .docx bytes, written atomically.

All documents of a build are rendered in memory first; only then are they written, each
to a temporary file beside its target and renamed over it. A failure before the renames
leaves every previous file as it was and removes the temporary files.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

from .errors import StageError, system_reason

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


# What write_atomically leaves while it writes: ".plan.docx.k3j_x9a2.tmp".
_TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
LOCK_NAME = ".lock"


def prepare_folder(out_dir: Path) -> Path:
    """Create the output folder if needed; raise StageError in Lithuanian when it cannot be one."""
    for parent in [out_dir, *out_dir.parents]:
        if parent.exists() and not parent.is_dir():
            where = "" if parent == out_dir else f" (kelyje esantis {parent} yra failas)"
            raise StageError(f"išvesties aplankas {out_dir} negali būti sukurtas: tai failas, o ne aplankas{where}")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StageError(f"nepavyko sukurti išvesties aplanko {out_dir}: {system_reason(exc)}") from exc
    return out_dir


@contextlib.contextmanager
def locked(out_dir: Path, waiting=None):
    """Hold the output folder for one build at a time; call waiting() if another build holds it.

    Two builds writing one folder at once could leave the documents of one with the records of
    the other. The lock is an advisory lock on a file in the folder: the system releases it when
    its holder ends, however it ends. Temporary files a killed build left are removed here.
    """
    created = not out_dir.exists()
    prepare_folder(out_dir)
    try:
        handle = os.open(out_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StageError(f"nepavyko rašyti į išvesties aplanką {out_dir}: {system_reason(exc)}") from exc
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        _remove_stale_temporaries(out_dir)
        yield out_dir
    except BaseException:
        if created:  # a build that failed leaves no trace, not even the folder it made
            _remove_if_only_lock(out_dir)
        raise
    finally:
        os.close(handle)


def _remove_if_only_lock(out_dir: Path) -> None:
    try:
        if [entry.name for entry in os.scandir(out_dir)] == [LOCK_NAME]:
            os.unlink(out_dir / LOCK_NAME)
            out_dir.rmdir()
    except OSError:
        pass  # another build has started to use it


def _remove_stale_temporaries(out_dir: Path) -> None:
    """Remove what a build killed while writing left: no build runs here now but this one."""
    for entry in os.scandir(out_dir):
        if _TEMPORARY.match(entry.name) and entry.is_file(follow_symlinks=False):
            try:
                os.unlink(entry.path)
            except OSError:
                pass  # a folder we cannot clean is reported when we write to it


def write_atomically(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file into out_dir, all or none; return the written paths."""
    prepare_folder(out_dir)
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
        for name, temp in temporaries.items():
            os.replace(temp, targets[name])
    except BaseException as exc:  # a signal too: no temporary file is left behind
        for temp in temporaries.values():
            temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StageError(f"nepavyko įrašyti į {out_dir}: {system_reason(exc)}") from exc
        raise
    return [out_dir / name for name in files]


def touch(paths: list[Path]) -> None:
    """Mark files as made now (make compares times); raise StageError in Lithuanian when refused."""
    for path in paths:
        try:
            os.utime(path)
        except OSError as exc:
            raise StageError(f"nepavyko pažymėti {path} kaip naujo: {system_reason(exc)}") from exc
