"""The one place that writes output: written atomically, one writer at a time (zips.py makes packages reproducible).

All documents of a build are rendered in memory first; only then are they written, each
to a temporary file beside its target and renamed over it. A failure before the renames
leaves every previous file as it was and removes the temporary files. The records of what is
up to date are removed before the renames and written after them. A folder is written by one
run at a time (`locked`, `content_locked`); a run killed midway leaves nothing that blocks the next.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .errors import StageError, system_reason


def today():
    """Return the day a build is made for: SOURCE_DATE_EPOCH's day when set (reproducible builds), else today."""
    import datetime as dt

    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return dt.datetime.fromtimestamp(int(value), dt.timezone.utc).date() if value.isdigit() else dt.date.today()


# What write_atomically leaves while it writes: ".plan.docx.k3j_x9a2.tmp".
_TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
LOCK_NAME = ".lock"
WAIT_POLL_S = 0.2

# Descriptors of the locks this process holds. A forked worker closes its copies at once: a worker
# that outlived its killed parent would otherwise hold the folder locked for good.
_HELD: set[int] = set()


def _close_held_locks() -> None:
    for handle in _HELD:
        with contextlib.suppress(OSError):
            os.close(handle)
    _HELD.clear()


os.register_at_fork(after_in_child=_close_held_locks)


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


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def locked(out_dir: Path, waiting: Callable[[str], None] | None = None):
    """Hold the output folder for one writer at a time; say through waiting() (else on stderr) what it waits for.

    Two builds writing one folder at once could leave the documents of one with the records of
    the other. The lock is an advisory lock on a file in the folder, which names the holder's
    process: the system releases it when its holder ends, however it ends, and a lock left to a
    process its holder forked is taken over. Temporary files a killed run left are removed here.
    """
    created = not out_dir.exists()
    prepare_folder(out_dir)
    try:
        handle = _acquire(out_dir / LOCK_NAME, out_dir, "kitas rengimas į šį aplanką", waiting or _to_stderr)
    except OSError as exc:
        raise StageError(f"nepavyko rašyti į išvesties aplanką {out_dir}: {system_reason(exc)}") from exc
    try:
        remove_stale_temporaries(out_dir)
        yield out_dir
    except BaseException:
        if created:  # a build that failed leaves no trace, not even the folder it made
            _remove_if_only_lock(out_dir)
        raise
    finally:
        _release(handle)


@contextlib.contextmanager
def lock_file_held(lock: Path, what: str, waiting: Callable[[str], None] | None = None):
    """Hold a lock file of its own (the website's, beside the folder it publishes) as `locked` holds a folder's."""
    try:
        handle = _acquire(lock, lock.parent, what, waiting or _to_stderr)
    except OSError as exc:
        raise StageError(f"nepavyko užrakinti {lock}: {system_reason(exc)}") from exc
    try:
        yield lock
    finally:
        _release(handle)


@contextlib.contextmanager
def content_locked(root: Path, waiting: Callable[[str], None] | None = None):
    """Hold a plan folder for one writer of its content at a time (import).

    The lock is on the folder itself, not on a file in it: a plan folder is e-mailed and kept
    in git, and a lock file would travel with it.
    """
    try:
        handle = _acquire(root, root, "kitas įrašymas į šį plano aplanką", waiting or _to_stderr)
    except OSError as exc:
        raise StageError(f"nepavyko užrakinti plano aplanko {root}: {system_reason(exc)}") from exc
    try:
        yield root
    finally:
        _release(handle)


def _acquire(path: Path, folder: Path, other: str, say: Callable[[str], None]) -> int:
    """Return a descriptor holding the lock on path (a lock file, or a folder itself), waiting while another holds it.

    Each wait is said once per holder, naming the holder's process when the system tells it. A
    lock file whose holder has ended, but which a process it forked still holds, is unlinked and
    made anew; the folder's own lock makes that decision one process's at a time.
    """
    directory = path == folder
    said: tuple | None = None
    while True:
        handle = os.open(path, (os.O_RDONLY | os.O_DIRECTORY) if directory else (os.O_RDWR | os.O_CREAT), 0o644)
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _locker(handle)
            else:
                if directory:
                    return _held(handle)
                with _folder_guard(folder):
                    if _still_named(path, handle):
                        return _held(handle, write_pid=True)
                continue  # taken over meanwhile: lock the file now named so
            if holder is not None and not directory and not _alive(holder):
                with _folder_guard(folder):
                    if _still_named(path, handle) and _locker(handle) == holder and not _alive(holder):
                        os.unlink(path)
                        say(f"{folder}: rengimas (procesas {holder}) baigėsi, bet užraktą paliko savo sukurtam "
                            "procesui: užraktas perimamas")
                        continue
            holder = holder if holder is not None else _written_pid(handle)
            if said != (holder,):
                said = (holder,)
                shown = f" (procesas {holder})" if holder is not None else ""
                say(f"{folder}: laukiama, kol baigsis {other}{shown}…")
        finally:
            if handle not in _HELD:
                os.close(handle)
        time.sleep(WAIT_POLL_S)


def _held(handle: int, write_pid: bool = False) -> int:
    """Keep a locked descriptor as held; write this process's number into a lock file."""
    _HELD.add(handle)
    if write_pid:
        with contextlib.suppress(OSError):  # the number only helps a message; the lock is what counts
            os.ftruncate(handle, 0)
            os.pwrite(handle, f"{os.getpid()}\n".encode(), 0)
    return handle


def _release(handle: int) -> None:
    """Release a lock (once), leaving its file naming no process."""
    if handle not in _HELD:
        return
    _HELD.discard(handle)
    with contextlib.suppress(OSError):
        if stat.S_ISREG(os.fstat(handle).st_mode):
            os.ftruncate(handle, 0)
    os.close(handle)


@contextlib.contextmanager
def _folder_guard(folder: Path):
    """Hold the folder's own lock for a moment: taking a lock file over and checking it are never interleaved."""
    guard = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(guard, fcntl.LOCK_EX)
        yield
    finally:
        os.close(guard)


def _still_named(path: Path, handle: int) -> bool:
    """Tell whether path still names the file a descriptor is open on (not unlinked by a take-over)."""
    try:
        named, opened = os.stat(path), os.fstat(handle)
    except FileNotFoundError:
        return False
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _locker(handle: int) -> int | None:
    """Return the process that took the lock on a descriptor's file, as Linux lists it in /proc/locks.

    A lock a forked child inherited stays listed under the process that took it, even when that
    one has ended: so a lock whose taker is gone is known to be left over. None elsewhere.
    """
    info = os.fstat(handle)
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as listing:
            lines = listing.read().splitlines()
    except OSError:
        return None
    for line in lines:
        fields = line.split()  # "1: FLOCK  ADVISORY  WRITE 4711 fe:00:2188675 0 EOF"; a waiter's has "->"
        if len(fields) < 6 or fields[1] != "FLOCK" or not fields[4].isdigit():
            continue
        major, minor, inode = (fields[5].split(":") + ["", "", ""])[:3]
        try:
            same = (int(major, 16), int(minor, 16), int(inode)) == (
                os.major(info.st_dev), os.minor(info.st_dev), info.st_ino)
        except ValueError:
            continue
        if same and int(fields[4]) > 0:
            return int(fields[4])
    return None


def _written_pid(handle: int) -> int | None:
    """Return the process number a lock file holds, if any (a folder's own lock holds none)."""
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            return None
        written = os.pread(handle, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(written) if written.isdigit() else None


def _alive(pid: int) -> bool:
    """Tell whether a process runs (an ended one the system still lists, a zombie, holds nothing)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as status:
            return status.read().rsplit(b")", 1)[-1].split()[:1] != [b"Z"]
    except FileNotFoundError:
        return not Path("/proc/self").exists() and _signalable(pid)
    except OSError:
        return True


def _signalable(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _remove_if_only_lock(out_dir: Path) -> None:
    try:
        if [entry.name for entry in os.scandir(out_dir)] == [LOCK_NAME]:
            os.unlink(out_dir / LOCK_NAME)
            out_dir.rmdir()
    except OSError:
        pass  # another build has started to use it


def remove_stale_temporaries(folder: Path, pattern: re.Pattern = _TEMPORARY) -> None:
    """Remove what a run killed while writing left: call it holding the lock, when no other run writes here."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return  # a folder we cannot read is reported when we write to it
    for entry in entries:
        if pattern.match(entry.name) and entry.is_file(follow_symlinks=False):
            try:
                os.unlink(entry.path)
            except OSError:
                pass  # a folder we cannot clean is reported when we write to it


def write_atomically(out_dir: Path, files: dict[str, bytes], records: dict[str, bytes] | None = None) -> list[Path]:
    """Write every file into out_dir, all or none; return the written paths (records not among them).

    `records` are the files that say what is up to date. They are removed before the first file
    is renamed into place and written after the last: a run killed among the renames leaves old
    and new files side by side, and then no record claims them to be up to date.
    """
    records = records or {}
    prepare_folder(out_dir)
    root = out_dir.resolve()
    targets = {}
    for name in [*files, *records]:
        target = (out_dir / name).resolve()
        if target.parent != root:
            raise StageError(f"išvesties failas už aplanko ribų: {name}")
        targets[name] = target
    temporaries: dict[str, Path] = {}
    try:
        for name, data in [*files.items(), *records.items()]:
            handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=root)
            temporaries[name] = Path(temp)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temp, 0o644)
        if records:
            for name in records:
                targets[name].unlink(missing_ok=True)
            _sync_folder(root)
        for name in [*files, *records]:
            os.replace(temporaries[name], targets[name])
    except BaseException as exc:  # a signal too: no temporary file is left behind
        for temp in temporaries.values():
            temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StageError(f"nepavyko įrašyti į {out_dir}: {system_reason(exc)}") from exc
        raise
    return [out_dir / name for name in files]


def _sync_folder(folder: Path) -> None:
    """Make a folder's entries (a removed record) last before anything else in it changes."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def touch(paths: list[Path]) -> None:
    """Mark files as made now (make compares times); raise StageError in Lithuanian when refused."""
    for path in paths:
        try:
            os.utime(path)
        except OSError as exc:
            raise StageError(f"nepavyko pažymėti {path} kaip naujo: {system_reason(exc)}") from exc
