"""Content files as data: where each kind lives in a plan folder, its schema and its Lithuanian name.

The loader reads the plan's own files (planas.yaml, the groups, …) itself; a document that brings
content files of its own declares them as `ContentFile` entries in its registry entry, and the
command that loads a plan hands them down: the loader reads and checks them generically, their
rules run in the rulebook's loop after its own (rulebook.py), the editor schema and its editor mapping list them, and the ledger knows whether they are the plan's
text or its life. The content stage never imports the documents: it only receives these entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from . import schema

from . import schema_life
from .layout import glob_matches
from .load import YamlFile
from .parts import Rule


@dataclass(frozen=True)
class ContentFile:
    """One kind of content file: a glob in the plan folder, the model it is checked with, its names.

    `key` is where a loaded plan keeps what was read (plan.extra[key], parts.extra[key]); the plan's own
    files, read by the loader itself, have none. `rule` checks what spans files (a chair who must be a
    member of the group), reading `key` among the parts; `life` says the file is the plan's life, not
    its text (ledger.py).
    """

    glob: str
    model: type[BaseModel]
    title: str  # what officials call it, in messages and lists
    schema_name: str  # the editor's JSON Schema file (schema/<name>)
    key: str = ""
    rule: Rule | None = None
    life: bool = False

    def matches(self, relative: str) -> bool:
        """Tell whether a file, named relative to the plan folder, is of this kind."""
        return glob_matches(relative, self.glob)


@dataclass(frozen=True)
class Loaded:
    """One content file read and checked: its parsed model and the file (for lines in messages)."""

    relative: str  # relative to the plan folder, with "/"
    data: BaseModel
    file: YamlFile

    @property
    def path(self) -> Path:
        return self.file.path


# The plan's own files, read by the loader (plan.py); listed here for the editor schema.
OWN: tuple[ContentFile, ...] = (
    ContentFile("planas.yaml", schema.PlanFile, "plano duomenys", "planas.schema.json"),
    ContentFile("grupes/*/grupe.yaml", schema.GroupFile, "darbo grupė", "grupe.schema.json"),
    ContentFile("grupes/*/ssgg.yaml", schema.SwotFile, "SSGG analizė", "ssgg.schema.json"),
    ContentFile("grupes/*/tikslai.yaml", schema.GoalsFile, "tikslai, uždaviniai ir priemonės", "tikslai.schema.json"),
    ContentFile("strategija.yaml", schema.StrategyFile, "strategija", "strategija.schema.json"),
    ContentFile("koncepcija.yaml", schema.ConceptFile, "koncepcija", "koncepcija.schema.json"),
    ContentFile("sprendimas.yaml", schema.DecisionFile, "tarybos sprendimas", "sprendimas.schema.json"),
    ContentFile("stebesena.yaml", schema_life.MonitoringFile, "stebėsenos metodika", "stebesena.schema.json"),
    ContentFile("pakeitimas.yaml", schema_life.AmendmentFile, "plano pakeitimas", "pakeitimas.schema.json", life=True),
    ContentFile("stebesena/*.yaml", schema_life.YearReportFile, "metų duomenys", "metai.schema.json", life=True),
    ContentFile("svetaine.yaml", schema_life.SiteFile, "svetainė", "svetaine.schema.json", life=True),
)


def life_globs(declared: tuple[ContentFile, ...]) -> tuple[str, ...]:
    """Return the globs of the declared files that are the plan's life, not its text."""
    return tuple(f.glob for f in declared if f.life)


def read_declared(reader, root: Path, scanned: list[Path], declared: tuple[ContentFile, ...],
                  text_only: bool = False) -> dict[str, list[Loaded]]:
    """Read and check every file of the declared kinds the scan found, in name order; `reader.yaml` reports.

    An adopted edition's text (`text_only`) has no life: its life files are not read.
    """
    relatives = sorted(path.relative_to(root).as_posix() for path in scanned)
    found: dict[str, list[Loaded]] = {}
    for entry in declared:
        if text_only and entry.life:
            continue
        found[entry.key] = []
        for relative in filter(entry.matches, relatives):
            data, file = reader.yaml(relative, entry.model)
            if data is not None:
                found[entry.key].append(Loaded(relative, data, file))
    return found

