"""Problems found in content, and the errors the stages raise."""

from __future__ import annotations

import difflib

import errno
import os
import re
from dataclasses import dataclass
from pathlib import Path

ERROR = "klaida"
WARNING = "įspėjimas"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, at a place an official can open."""

    path: str
    line: int
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        """Return "path:line: message", or "path: message" where no line applies (line 0)."""
        prefix = "" if self.severity == ERROR else "įspėjimas: "
        place = f"{self.path}:{self.line}" if self.line else self.path
        return f"{place}: {prefix}{self.message}"


class ContentError(Exception):
    """The content has errors; nothing may be built from it."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class StageError(Exception):
    """A stage failed for a reason outside the content (a broken template, a missing tool)."""


def display_path(path: Path) -> str:
    """Return the path as an official would type it: relative to the working folder when possible.

    Bytes of a file name that are not UTF-8, and control characters, are shown as \\xNN, so that the
    name prints on one line.
    """
    try:
        shown = os.path.relpath(os.path.normpath(path.absolute()), Path.cwd())
        if shown.startswith(".."):
            shown = os.path.normpath(path.absolute())
    except (ValueError, OSError):
        shown = str(path)
    shown = os.fsencode(shown).decode("utf-8", "backslashreplace")
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", shown)  # one line, whatever the name


def quote(value: object) -> str:
    """Return a value in Lithuanian quotes for a message, on one line: a line break reads as "⏎"."""
    text = " ⏎ ".join(" ".join(line.split()) for line in str(value).strip().splitlines()) or str(value).strip()
    if len(text) > 60:
        text = text[:57] + "…"
    return f"„{text}“"


# What the system says, in the officials' language.
_SYSTEM_REASONS = {
    errno.ENOSPC: "diske nebėra vietos",
    errno.EDQUOT: "viršyta disko kvota",
    errno.EACCES: "nėra teisės",
    errno.EPERM: "nėra teisės",
    errno.EROFS: "laikmena skirta tik skaityti",
    errno.ENOENT: "tokio failo ar aplanko nėra",
    errno.ENOTDIR: "kelyje yra failas, o ne aplankas",
    errno.EISDIR: "tai aplankas, o ne failas",
    errno.EEXIST: "toks failas jau yra",
    errno.ENAMETOOLONG: "per ilgas failo pavadinimas",
    errno.EMFILE: "atidaryta per daug failų",
    errno.ENOMEM: "trūksta atminties",
    errno.EIO: "disko skaitymo ar rašymo klaida",
}


def system_reason(exc: OSError) -> str:
    """Return in Lithuanian why the system refused (no space left, no permission, …)."""
    return _SYSTEM_REASONS.get(exc.errno, f"sistemos klaida {exc.errno}" if exc.errno else "sistemos klaida")


def close_hint(value: str, known: list[str]) -> str:
    """Return "; gal turėta omenyje „X“?" for the one closest known value, or nothing.

    A value that differs only in case is the closest; when several are equally close (P9 is
    as close to P1 as to P4) no guess is better than a wrong one.
    """
    text, names = str(value), list(dict.fromkeys(str(k) for k in known))
    same = [k for k in names if k.casefold() == text.casefold()]
    if len(same) == 1:
        return f"; gal turėta omenyje {quote(same[0])}?"
    scores = {k: difflib.SequenceMatcher(None, text, k).ratio() for k in names}
    best = max(scores.values(), default=0)
    closest = [k for k, score in scores.items() if score == best]
    return f"; gal turėta omenyje {quote(closest[0])}?" if best >= 0.5 and len(closest) == 1 else ""
