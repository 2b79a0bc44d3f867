"""What the rules that span files may read, and what one rule is: the types the rulebook is made of.

The loader (plan.py) reads a plan folder, each file checked against its own schema; what was read
is handed to every rule as one `Parts`. A `Rule` names the parts it reads: the loop (rulebook.py)
skips a rule when one of them is missing from the plan, so a rule never asks whether a file exists.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from . import schema

from . import schema_life
from .load import YamlFile
from .model import Chapter, Group, NewsItem


@dataclass(frozen=True)
class Parts:
    """A plan's content as read and checked file by file: each YAML part with the file it came from.

    `group_keys` are the group folders with a grupe.yaml, read or not; `groups` those whose grupe.yaml
    is valid; `unplaced_goals` the goals of groups whose grupe.yaml is not. `extra` holds the documents'
    own content files by their key (files.Loaded lists). `history(year)` returns the indicators and
    measure ids of the adopted editions in force that year (ledger.py). `text_only`: an adopted
    edition's recorded text, read without the plan's life.
    """

    root: Path
    text_only: bool = False
    facts: schema.PlanFile | None = None
    facts_file: YamlFile | None = None
    group_keys: tuple[str, ...] = ()
    groups: tuple[Group, ...] = ()
    unplaced_goals: tuple[tuple[schema.GoalsFile, YamlFile], ...] = ()
    strategy: schema.StrategyFile | None = None
    strategy_file: YamlFile | None = None
    concept: schema.ConceptFile | None = None
    concept_file: YamlFile | None = None
    decision: schema.DecisionFile | None = None
    decision_file: YamlFile | None = None
    monitoring: schema_life.MonitoringFile | None = None
    monitoring_file: YamlFile | None = None
    amendment: schema_life.AmendmentFile | None = None
    amendment_file: YamlFile | None = None
    participation: schema_life.ParticipationFile | None = None
    participation_file: YamlFile | None = None
    site: schema_life.SiteFile | None = None
    site_file: YamlFile | None = None
    introduction: Chapter | None = None
    implementation: Chapter | None = None
    report_files: list[Path] = field(default_factory=list)  # stebesena/<year>.yaml, read or not
    reports: list[tuple[schema_life.YearReportFile, YamlFile]] = field(default_factory=list)  # those read
    news: list[NewsItem] = field(default_factory=list)
    extra: Mapping[str, list] = field(default_factory=dict)
    history: Callable[[int], tuple[dict, set]] | None = None

    @property
    def period(self) -> tuple[int, int]:
        """Return the plan's first and last year; any year when planas.yaml could not be read.

        Then the strategy and the goals are still checked against each other, so that one file's
        mistake hides none of another's.
        """
        return (self.facts.plan.start, self.facts.plan.end) if self.facts is not None else schema.YEARS

    @property
    def goals(self) -> list[tuple[schema.GoalsFile, YamlFile]]:
        """Return every group's goals read, with their file: those of groups whose grupe.yaml is invalid too."""
        return [(g.goals, g.goals_file) for g in self.groups if g.goals is not None] + list(self.unplaced_goals)

    def has(self, name: str) -> bool:
        """Tell whether the plan has a part: a field of its own, else a documents' content file by key."""
        value = getattr(self, name) if name in _FIELDS else self.extra.get(name)
        return value is not None and value != [] and value != ()


_FIELDS = frozenset(f.name for f in fields(Parts))


@dataclass(frozen=True)
class Rule:
    """One rule that spans files: what it checks (in Lithuanian), the parts it reads, the function.

    `check(report, parts)` reports through a Report (rules.py) at the place of the value in its file.
    The loop runs it only when the plan has every part in `reads`; a `content_only` rule does not run
    on an adopted edition's recorded text (it was adopted as it is: what it lacks is history).
    """

    name: str
    reads: tuple[str, ...]
    check: Callable[..., None]
    content_only: bool = False

    def applies(self, parts: Parts) -> bool:
        """Tell whether the rule runs on these parts."""
        return not (self.content_only and parts.text_only) and all(parts.has(name) for name in self.reads)
