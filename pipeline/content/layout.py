"""The content folder's layout: the file names officials use, and how its Markdown is grouped.

This module imports nothing heavy: the command line uses it to start pandoc before the
libraries load (see pandoc.py), and content.py to read the same files for checking.

    planas.yaml            plan facts, orders, work schedule, regulations' plan-specific parts
    strategija.yaml        vision, priorities, indicator labels, financing sources
    koncepcija.yaml        the concept's texts
    sprendimas.yaml        council decision facts and explanatory-note texts
    stebesena.yaml         monitoring parameters
    tekstai/ivadas.md      introduction (Markdown)
    tekstai/igyvendinimas.md  implementation: who does what (Markdown)
    grupes/NN/grupe.yaml   a working group: name forms, kind, activity, members
    grupes/NN/skyriai/*.md the group's chapters of the situation analysis, in file-name order
    grupes/NN/ssgg.yaml    the group's SWOT
    grupes/NN/tikslai.yaml the goals, objectives, measures and indicators the group proposes
    pakeitimas.yaml        the decision amending the approved plan, its note, the comparison's author and date
    dalyvavimas.yaml       how residents take part, until when, the proposals received (the website)
    svetaine.yaml          the website: data licence, address, register links, accessibility statement
    naujienos/*.md         news items written by hand for the website, each with a date and a title
    stebesena/<metai>.yaml what was done and measured in one year of the plan (the yearly report)
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

from .folder import _is_utf8, inside

PLAN_FILE = "planas.yaml"
STRATEGY_FILE = "strategija.yaml"
CONCEPT_FILE = "koncepcija.yaml"
DECISION_FILE = "sprendimas.yaml"
MONITORING_FILE = "stebesena.yaml"
AMENDMENT_FILE = "pakeitimas.yaml"
PARTICIPATION_FILE = "dalyvavimas.yaml"
SITE_FILE = "svetaine.yaml"
NEWS_DIR = "naujienos"
INTRODUCTION = "tekstai/ivadas.md"
IMPLEMENTATION = "tekstai/igyvendinimas.md"
GROUPS_DIR = "grupes"
GROUP_FILE = "grupe.yaml"
SWOT_FILE = "ssgg.yaml"
GOALS_FILE = "tikslai.yaml"
CHAPTERS_DIR = "skyriai"
REPORTS_DIR = "stebesena"

def group_folders(root: Path) -> list[Path]:
    """Return the plan's group folders in order (grupes/01, grupes/02, …); none that leads out of the plan."""
    groups = root / GROUPS_DIR
    if not (inside(root, groups) and groups.is_dir()):
        return []
    return sorted(p for p in groups.iterdir() if _readable(p) and inside(root, p) and p.is_dir())


def chapter_files(root: Path, group_folder: Path) -> list[Path]:
    """Return a group's Markdown chapters in file-name order; none that leads out of the plan."""
    chapters = group_folder / CHAPTERS_DIR
    if not (inside(root, chapters) and chapters.is_dir()):
        return []
    return sorted(p for p in chapters.glob("*.md") if _readable(p) and inside(root, p) and p.is_file())


def report_files(root: Path) -> list[Path]:
    """Return the yearly report files (stebesena/2024.yaml, …) in name order; none that leads out of the plan."""
    folder = root / REPORTS_DIR
    if not (inside(root, folder) and folder.is_dir()):
        return []
    return sorted(p for p in folder.glob("*.yaml") if _readable(p) and inside(root, p) and p.is_file())


def news_files(root: Path) -> list[Path]:
    """Return the hand-written news items (naujienos/*.md) in name order; none that leads out of the plan."""
    folder = root / NEWS_DIR
    if not (inside(root, folder) and folder.is_dir()):
        return []
    return sorted(p for p in folder.glob("*.md") if _readable(p) and inside(root, p) and p.is_file())


def glob_matches(relative: str, glob: str) -> bool:
    """Tell whether a path relative to the plan folder matches a glob, "*" never crossing a "/"."""
    names, patterns = relative.split("/"), glob.split("/")
    return len(names) == len(patterns) and all(map(fnmatch.fnmatchcase, names, patterns))


def content_file(root: Path, relative: str) -> Path | None:
    """Return a content file of the plan when it is a plain file inside the plan folder, else None."""
    path = root / relative
    return path if inside(root, path) and path.is_file() else None


def _readable(path: Path) -> bool:
    """Tell whether a name can be used at all: the scan reports one that is not UTF-8."""
    return _is_utf8(path.name)


def image_folders(root: Path) -> list[Path]:
    """Return where pandoc looks for a relative image path: the plan folder, then each group's chapters."""
    return [root] + [folder / CHAPTERS_DIR for folder in group_folders(root) if inside(root, folder / CHAPTERS_DIR)]


def markdown_parts(introduction: str, groups: list[tuple[str, list[str]]], implementation: str) -> dict[str, str]:
    """Return a plan's Markdown by part name: introduction, group_<key> (its chapters joined), implementation."""
    parts = {"introduction": introduction}
    for key, chapters in groups:
        if chapters:
            parts[f"group_{key}"] = "\n\n".join(chapters)
    parts["implementation"] = implementation
    return parts
