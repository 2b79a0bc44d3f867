"""Rebuild documents and their PDFs whenever a content file or a template is saved.

`python -m pipeline watch CONTENT_DIR` keeps the libraries loaded and one LibreOffice running,
so that a saved chapter reaches plan.pdf sooner than a cold `make pdf` could. Each refresh
prints one line with what it made and how long it took; content with mistakes prints the usual
`path:line: message` lines and leaves the last good documents as they are. Ctrl+C stops it,
and LibreOffice with it.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .. import TEMPLATES
from .build import Options, build
from ..core.errors import ContentError, StageError
from ..content.folder import scan
from ..outputs.pdf import convert_folder

POLL_S = 0.25


def signature(content_dir: Path, templates: Path) -> tuple:
    """Return what identifies the state of the content and the templates: every file's name, size and time.

    What the scan finds wrong (a new link out of the folder, a pipe, a name that cannot be used) is
    part of it, so that it is reported when it appears, not only after the next save.
    """
    folder = scan(content_dir)
    files = folder.files + sorted(templates.glob("*.docx"))
    stamps: list = [str(problem) for problem in folder.problems]
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        stamps.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(stamps)


def refresh(content_dir: Path, out_dir: Path, convert: Callable[[list[Path]], list[Path]] | None,
            say: Callable[[str], None]) -> None:
    """Build every document that changed and convert the new ones to PDF; say what happened in one line."""
    started = time.perf_counter()
    try:
        result = build(content_dir, ["all"], out_dir, Options(waiting=say))
        made = [p.name for p in result.written]
        if convert is not None:
            made += [p.name for p in convert_folder(out_dir, convert)]
    except ContentError as exc:
        for problem in exc.problems:
            say(str(problem))
        say(f"{time.strftime('%H:%M:%S')} turinyje yra klaidų: palikti paskutiniai geri dokumentai")
        return
    except StageError as exc:
        say(f"{time.strftime('%H:%M:%S')} klaida: {exc}")
        return
    what = ", ".join(made) if made else "niekas nepasikeitė"
    say(f"{time.strftime('%H:%M:%S')} atnaujinta per {time.perf_counter() - started:.2f} s: {what}")


def watch(content_dir: Path, out_dir: Path, say: Callable[[str], None] = print, templates: Path = TEMPLATES,
          polls: int | None = None) -> int:
    """Refresh once, then again after every change until interrupted (or after `polls` polls)."""
    converter = _converter(say)
    try:
        seen = signature(content_dir, templates)
        refresh(content_dir, out_dir, converter.convert if converter else None, say)
        say(f"stebimas {content_dir}: įrašykite failą, ir dokumentai bus atnaujinti (Ctrl+C – baigti)")
        count = 0
        while polls is None or count < polls:
            time.sleep(POLL_S)
            count += 1
            now = signature(content_dir, templates)
            if now != seen:
                seen = now
                refresh(content_dir, out_dir, converter.convert if converter else None, say)
    except KeyboardInterrupt:
        say("baigta")
    finally:
        if converter is not None:
            with _uninterrupted():
                converter.close()
    return 0


@contextlib.contextmanager
def _uninterrupted():
    """Let a second Ctrl+C not cut LibreOffice's shutdown short (it would be left running)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _converter(say: Callable[[str], None]):
    """Start a LibreOffice for PDFs, or say why there will be none."""
    from ..outputs.pdf import Converter

    try:
        return Converter()
    except StageError as exc:
        say(f"PDF nebus daromi: {exc}")
        return None
