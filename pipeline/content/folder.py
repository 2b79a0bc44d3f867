"""The plan folder as the pipeline may read it: every file inside it, nothing behind a link out of it.

A content folder is something people e-mail to each other: reading it must be as safe as
opening a text file. Before anything is read, the whole folder is walked once (without
following links) and every entry is looked at: a link whose target lies outside the folder,
a link to nothing, anything that is not a plain file or folder (a pipe would make a read
wait forever), a name that is not UTF-8, and a folder too large to be content are problems.
Everything that reads content afterwards asks `inside()` first.

This module imports nothing heavy: the command line may use it before the libraries load.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import Problem, display_path

# Limits no real plan comes near (the largest sample has under 100 entries and 300 KB), and that
# keep the work of a build bounded whatever a folder holds; pictures make most of the bytes.
MAX_ENTRIES = 2000
MAX_TOTAL_BYTES = 50 * 1024 * 1024


# The ledger of adopted editions inside a plan folder (ledger.py), which the content scan leaves out.
LEDGER_DIR = "redakcijos"

# Characters no file name in a plan may hold: make reads the names from the dependency files a
# build writes, and there a ";" or a line break would start a command and "%" a pattern.
_UNSAFE_NAME = re.compile(r"[;%\\\x00-\x1f\x7f]")


@dataclass
class Folder:
    """What a scan of a plan folder found: its plain files (links inside resolved) and its problems."""

    root: Path
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def inside(root: Path, path: Path) -> bool:
    """Tell whether a path, every link on the way followed, lies inside the plan folder."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def scan(root: Path, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_TOTAL_BYTES) -> Folder:
    """Walk the plan folder once, links not followed; return its files and what is wrong with its entries.

    The ledger of adopted editions (redakcijos/) is not content: it is read on its own (ledger.py).
    """
    folder = Folder(root)
    real_root = root.resolve()
    if _UNSAFE_NAME.search(real_root.name) or not _is_utf8(real_root.name):
        folder.problems.append(Problem(display_path(root), 0, "plano aplanko pavadinime yra simbolis, kurio negalima "
                                       "naudoti („;“, „%“, „\\“, valdymo simbolis ar ne UTF-8): pervadinkite jį"))
        return folder
    total = entries = 0
    for current, dirs, names in os.walk(root, onerror=lambda exc: _unreadable(folder, exc)):
        if Path(current) == root and LEDGER_DIR in dirs:
            dirs.remove(LEDGER_DIR)
        dirs.sort()
        for name in sorted(dirs) + sorted(names):
            entries += 1
            if entries > max_entries:
                folder.problems.append(Problem(display_path(root), 0, f"plano aplanke per daug failų ir aplankų "
                                                                      f"(leidžiama iki {max_entries})"))
                return folder
            path = Path(current) / name
            size = _look_at(folder, real_root, path)
            if size is not None:
                total += size
                if total > max_bytes:
                    folder.problems.append(Problem(display_path(root), 0, "plano aplankas per didelis "
                                                   f"(leidžiama iki {max_bytes // (1024 * 1024)} MB)"))
                    return folder
        dirs[:] = [d for d in dirs if _is_plain_dir(Path(current) / d)]
    return folder


def _look_at(folder: Folder, real_root: Path, path: Path) -> int | None:
    """Record a problem with one entry; return a plain file's size (None for anything else)."""
    shown = display_path(path)
    if not _is_utf8(path.name):
        folder.problems.append(Problem(shown, 0, "failo ar aplanko pavadinimas ne UTF-8 koduotės: pervadinkite jį"))
        return None
    if _UNSAFE_NAME.search(path.name):
        folder.problems.append(Problem(shown, 0, "failo ar aplanko pavadinime yra simbolis, kurio negalima naudoti "
                                                 "(„;“, „%“, „\\“ ar valdymo simbolis): pervadinkite jį"))
        return None
    try:
        own = path.lstat()
        if stat.S_ISLNK(own.st_mode):
            target = path.resolve(strict=True)
            if not target.is_relative_to(real_root):
                folder.problems.append(Problem(shown, 0, "nuoroda (symlink) veda už plano aplanko ribų: "
                                               "tokio failo skaityti negalima"))
                return None
            own = target.stat()
    except FileNotFoundError:
        folder.problems.append(Problem(shown, 0, "nuoroda (symlink) veda į failą, kurio nėra"))
        return None
    except (OSError, RuntimeError):
        folder.problems.append(Problem(shown, 0, "nuoroda (symlink) veda ratu arba jos nepavyko perskaityti"))
        return None
    if stat.S_ISDIR(own.st_mode):
        return None
    if not stat.S_ISREG(own.st_mode):
        folder.problems.append(Problem(shown, 0, "tai ne paprastas failas (įrenginys, kanalas ar lizdas): pašalinkite jį"))
        return None
    folder.files.append(path)
    return own.st_size


def _is_plain_dir(path: Path) -> bool:
    return not path.is_symlink() and _is_utf8(path.name)


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes stand as lone surrogates in a file name
        return False
    return True


def _unreadable(folder: Folder, exc: OSError) -> None:
    folder.problems.append(Problem(display_path(Path(exc.filename)) if exc.filename else display_path(folder.root),
                                   0, "aplanko nepavyko perskaityti: nėra teisės"))
