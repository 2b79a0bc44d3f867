"""Problems found in content, and the errors the stages raise."""

from __future__ import annotations

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
        prefix = "" if self.severity == ERROR else "įspėjimas: "
        return f"{self.path}:{self.line}: {prefix}{self.message}"


class ContentError(Exception):
    """The content has errors; nothing may be built from it."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class StageError(Exception):
    """A stage failed for a reason outside the content (a broken template, a missing tool)."""


def display_path(path: Path) -> str:
    """Return the path as an official would type it: relative to the working folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def quote(value: object) -> str:
    """Return a value in Lithuanian quotes for a message."""
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "…"
    return f"„{text}“"
