"""The checked content model: what the load-and-check stage hands to the rest of the pipeline.

plan.py reads a plan folder into these objects and rulebook.py checks the rules across its
files; the views, inputs and build stages only ever see a Plan that has passed both. Each
file's own fields are the schema's models (schema.py); these classes hold them together.
"""

from __future__ import annotations

import datetime as dt

from dataclasses import dataclass, field
from pathlib import Path

from . import schema

from . import schema_life
from ..core.errors import Problem
from .load import YamlFile


# Where each role stands in a composition: chair, deputies, secretary, then members.
_RANK = {role: i for i, role in enumerate(schema.ROLES)}


@dataclass
class Chapter:
    """A Markdown chapter: its file and text."""

    path: Path
    text: str


@dataclass
class Group:
    """A working group and everything its folder holds."""

    key: str
    folder: Path
    info: schema.GroupFile
    chapters: list[Chapter] = field(default_factory=list)
    swot: schema.SwotFile | None = None
    goals: schema.GoalsFile | None = None
    goals_file: YamlFile | None = None
    info_file: YamlFile | None = None  # grupe.yaml as read, for the places in messages

    def members_in_order(self) -> list[schema.Member]:
        """Return members as a composition lists them: chair, deputies, secretary, then members."""
        return sorted(self.info.members, key=lambda m: _RANK[m.role])


@dataclass(frozen=True)
class NewsItem:
    """A news item written by hand: its heading and its Markdown text."""

    path: Path
    date: dt.date
    title: str
    text: str
    first_line: int = 1  # the file's line the text starts on, after the heading


@dataclass
class Derived:
    """What one build computes about a plan once and hands to every document, form and page."""

    report_year: int | None = None  # the year a yearly report covers (--year, else the latest with data)
    report_edition: object | None = None  # the ledger's edition that year's report measures (None: the content)
    approved: Plan | None = None  # the edition an amendment is made against
    approved_shown: str = ""  # how messages name it
    approved_digest: str = ""  # what identifies it among a build's inputs
    package: dict | None = None  # the council package's shared context (documents.context.Package), made once
    changes: object | None = None  # the content diff of an amendment (amend.changes_of)
    scanned: set[Path] | None = None  # the plan's files as a set (inputs.py)
    hashed: dict[Path, bytes] = field(default_factory=dict)  # each content file's digest, read once (inputs.py)


@dataclass
class Plan:
    """A whole plan's content, checked."""

    name: str
    root: Path
    facts: schema.PlanFile
    groups: list[Group]
    strategy: schema.StrategyFile | None = None
    concept: schema.ConceptFile | None = None
    decision: schema.DecisionFile | None = None
    monitoring: schema_life.MonitoringFile | None = None
    introduction: Chapter | None = None
    implementation: Chapter | None = None
    amendment: schema_life.AmendmentFile | None = None  # pakeitimas.yaml
    participation: schema_life.ParticipationFile | None = None  # dalyvavimas.yaml
    site: schema_life.SiteFile | None = None  # svetaine.yaml
    news: list[NewsItem] = field(default_factory=list)  # naujienos/*.md
    reports: dict[int, schema_life.YearReportFile] = field(default_factory=dict)  # stebesena/<year>.yaml by year
    warnings: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # every plain file of the folder, as scanned
    extra: dict[str, list] = field(default_factory=dict)  # the documents' own content files read (files.Loaded), by key
    declared: tuple = ()  # the documents' own content files (files.ContentFile) it was loaded with
    edition: str | None = None  # the adopted edition this text is, as its act's title (ledger.py); None: the content
    edition_entry: str = ""  # that edition's entry in the ledger (redakcijos/<entry>/); "": the content
    derived: Derived = field(default_factory=Derived, repr=False, compare=False)  # computed once per build


def outside_period(year: int, start: int, end: int) -> str | None:
    """Return why a year is not one of a plan's (start–end) years, or None when it is: forms, import, report."""
    return None if start <= year <= end else f"metai {year} ne plano laikotarpyje ({start}–{end})"


def require_year_in_period(plan: Plan, year: int) -> None:
    """Refuse a year outside the plan's period: the forms, their import and the yearly report ask the same."""
    from ..core.errors import ContentError, display_path

    if outside := outside_period(year, plan.facts.plan.start, plan.facts.plan.end):
        raise ContentError([Problem(display_path(plan.root), 0, outside)])
