"""Load a plan's content folder into a Plan: the load-and-check stage, the first of the pipeline.

The folder layout is the contract with officials (layout.py). This module scans the folder,
reads each file it names within the plan's budgets (load.py), checks it against its schema
(validate.py) and the Markdown's images against the folder, then runs the rules that span files
on what was read (rulebook.py); what passes is the checked model (model.py) the later stages build from.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path
from urllib.parse import unquote

from pydantic import BaseModel

from . import rulebook, schema

from . import schema_life
from ..core.errors import ERROR, WARNING, ContentError, Problem, display_path, quote
from .files import ContentFile, read_declared
from .folder import scan
from .ledger import read
from .layout import (AMENDMENT_FILE, CHAPTERS_DIR, PARTICIPATION_FILE, SITE_FILE, news_files, CONCEPT_FILE, DECISION_FILE, GOALS_FILE, GROUP_FILE, GROUPS_DIR, IMPLEMENTATION,
                     INTRODUCTION, MONITORING_FILE, PLAN_FILE, STRATEGY_FILE, SWOT_FILE, chapter_files, content_file,
                     group_folders, image_folders, report_files)
from .mdsyntax import MAX_OPEN_BRACKETS, too_many_open_brackets, without_code
from .load import MAX_FILE_BYTES, TextFile, YamlFile, line_at, read_front_matter, read_text, read_yaml
from .model import Chapter, Group, NewsItem, Plan
from .parts import Parts
from .validate import parse, warning

# Markdown images pandoc would read: inline ![alt](path) (the alt may hold [brackets]), and
# reference-style ![alt][label], ![label][] or ![label] with a definition `[label]: path`.
_ALT = r"!\[((?:\\.|[^\[\]\\]|\[(?:\\.|[^\[\]\\])*\])*)\]"
_MD_IMAGE = re.compile(_ALT + r"\(\s*(?:<([^>\n]*)>|([^)\s]+))")
_MD_IMAGE_REF = re.compile(_ALT + r"(?:\[([^\]]*)\])?(?![(:])")
_MD_DEFINITION = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*(?:<([^>\n]*)>|(\S+))", re.MULTILINE)
_URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

# How much YAML and how much Markdown one plan may hold in all (the largest sample: 100 KB and 43 KB).
BUDGETS = {"yaml": 1024 * 1024, "markdown": 1024 * 1024}



class _Collector:
    """Gather problems while loading; read each file within its kind's budget."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.markdown: list[Chapter] = []
        self.group_keys: list[str] = []  # every group folder with a grupe.yaml, read or not
        # The goals of groups whose grupe.yaml could not be read: still checked against the strategy.
        self.unplaced_goals: list[tuple[schema.GoalsFile, YamlFile]] = []
        self.read_bytes = {"yaml": 0, "markdown": 0}
        self.spent: set[str] = set()
        self.text_only = False  # the plan's text without its life (load_plan)

    def _over_budget(self, path: Path, kind: str) -> Problem | None:
        """Count a file against its kind's budget; return the problem when the budget is spent.

        The budgets keep a check and a build bounded in time and memory (pandoc's time grows
        with the Markdown it converts), far above what real plans need.
        """
        try:
            size = path.stat().st_size
        except OSError:
            return None  # reading it reports why
        if size > MAX_FILE_BYTES:
            return None  # reading it reports a file too large on its own
        self.read_bytes[kind] += size
        limit = BUDGETS[kind]
        if self.read_bytes[kind] <= limit:
            return None
        what = "YAML failai" if kind == "yaml" else "Markdown tekstai"
        problem = Problem(display_path(path), 0, f"plano {what} kartu per dideli: šiuo failu viršijama "
                                                 f"{limit // 1024} KB riba; jis ir tolesni neskaityti")
        if kind not in self.spent:  # said once: the files after it are not read either
            self.spent.add(kind)
            self.problems.append(problem)
        return problem

    def yaml(self, relative: str | Path, model: type[BaseModel]) -> tuple[BaseModel | None, YamlFile]:
        path = self.root / relative
        over = self._over_budget(path, "yaml")
        if over:
            return None, YamlFile(path, None, [over])
        file = read_yaml(path)
        obj, problems = parse(file, model)
        self.problems.extend(problems)
        return obj, file

    def yaml_if_present(self, relative: str, model: type[BaseModel]) -> tuple[BaseModel | None, YamlFile | None]:
        """Read an optional file: (None, None) when the plan does not have it."""
        if content_file(self.root, relative) is None:
            return None, None
        return self.yaml(relative, model)

    def text(self, path: Path) -> Chapter | None:
        over = self._over_budget(path, "markdown")
        if over:
            return None
        file: TextFile = read_text(path)
        self.problems.extend(file.problems)
        if file.text is None:
            return None
        chapter = Chapter(path, file.text)
        self.markdown.append(chapter)
        return chapter

    def news(self, path: Path) -> NewsItem | None:
        """Read a hand-written news item: its heading checked like any YAML, its text counted as Markdown."""
        if self._over_budget(path, "markdown"):
            return None
        front, text = read_front_matter(path)
        heading, problems = parse(front, schema_life.NewsFront)
        self.problems.extend(problems)
        if heading is None or text is None:
            return None
        whole = read_text(path).text or text  # read again for its line count: the text is what follows the heading
        return NewsItem(path, heading.date, heading.title, text, first_line=whole.count("\n") - text.count("\n") + 1)

    def error(self, file: YamlFile | Path, loc: tuple, message: str) -> None:
        if isinstance(file, YamlFile):
            self.problems.append(Problem(file.shown, line_at(file.data, loc), message))
        else:
            self.problems.append(Problem(display_path(file), 1, message))

    def warn(self, file: YamlFile, loc: tuple, message: str) -> None:
        self.problems.append(warning(file.shown, line_at(file.data, loc), message))

    def warn_missing(self, path: Path, message: str) -> None:
        self.problems.append(Problem(display_path(path), 0, message, WARNING))

    def has_errors(self, name: str) -> bool:
        return any(p.severity == ERROR and p.path.endswith(name) for p in self.problems)

    def check_markdown(self, path: Path, text: str, search: list[Path] | None, first_line: int = 1) -> None:
        """Check a Markdown text as pandoc will read it: its images (unless `search` is None) and its brackets."""
        text = without_code(text)  # what is written as code is only text
        line_starts = _line_starts(text)
        if search is not None:
            self._check_images(path, text, line_starts, search)
        for offset in too_many_open_brackets(text):
            line = bisect.bisect_right(line_starts, offset) + first_line - 1
            self.problems.append(Problem(display_path(path), line, OPEN_BRACKETS))

    def _check_images(self, path: Path, text: str, line_starts: list[int], search: list[Path]) -> None:
        """Refuse images that are not files in the plan folder, found where pandoc looks for them.

        pandoc looks for a relative image path in each folder of `search` in turn (the plan
        folder, then the groups' skyriai/), never beside a Markdown file of its own accord.
        """
        shown = display_path(path)
        judged: dict[str, str | None] = {}  # a path written many times is looked up once
        for target, start in _images(text):
            target = target.strip()
            if target not in judged:
                judged[target] = _image_problem(target, self.root, search)
            if judged[target]:
                self.problems.append(Problem(shown, bisect.bisect_right(line_starts, start), judged[target]))


OPEN_BRACKETS = (f"pastraipoje per daug vienu metu atvirų laužtinių skliaustų „[“ (daugiau kaip {MAX_OPEN_BRACKETS}): "
                 "pandoc tokią pastraipą skaitytų labai ilgai – uždarykite skliaustus „]“, o skliaustą, kuris nėra "
                 "nuoroda, rašykite „\\[“")


def _line_starts(text: str) -> list[int]:
    """Return the offset each line starts at: a line number is then found by bisection."""
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _images(text: str) -> list[tuple[str, int]]:
    """Return every image path in Markdown with where it is written: inline first, then by reference."""
    definitions = {}
    for match in _MD_DEFINITION.finditer(text):
        definitions.setdefault(_label(match.group(1)), (match.group(2) or match.group(3), match.start()))
    images = [(m.group(2) if m.group(2) is not None else m.group(3), m.start())
              for m in _MD_IMAGE.finditer(text)]
    for match in _MD_IMAGE_REF.finditer(text):
        label = _label(match.group(2) or match.group(1))
        if label in definitions:
            images.append(definitions[label])
    return images


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def _image_problem(target: str, root: Path, search: list[Path]) -> str | None:
    """Return what is wrong with an image path in Markdown, or None."""
    if re.match(r"^https?://", target, re.IGNORECASE):
        return f"paveikslėlis iš interneto neleidžiamas: {quote(target)}"
    if _URI_SCHEME.match(target) or not target:
        return f"paveikslėlis turi būti failas plano aplanke: {quote(target)}"
    inside_root = root.resolve()
    found = None
    for variant in dict.fromkeys((target, unquote(target))):  # pandoc decodes %2E%2E as ".."
        if Path(variant).is_absolute():
            return f"paveikslėlis už plano aplanko ribų: {quote(target)}"
        for base in search:
            candidate = (base / variant).resolve()
            if not candidate.is_relative_to(inside_root):
                return f"paveikslėlis už plano aplanko ribų: {quote(target)}"
            if found is None and candidate.is_file():
                found = candidate
    if found is None:
        return (f"paveikslėlio failo nėra: {quote(target)} (ieškoma plano aplanke ir grupių aplankuose "
                f"{CHAPTERS_DIR}/)")
    return None


def load_plan(root: Path, text_only: bool = False, declared: tuple[ContentFile, ...] = ()) -> tuple[Plan | None, list[Problem]]:
    """Read and check a plan folder; return the plan (None on errors) and every problem found.

    `text_only` reads the plan's text without its life (year files, news): how an adopted edition's
    recorded content is read, the life being the content folder's own (ledger.py). `declared` are the
    content files the documents bring (their registry entries): read and checked too.
    """
    c = _Collector(root)
    c.text_only = text_only
    folder = scan(root)
    c.problems.extend(folder.problems)
    if content_file(root, PLAN_FILE) is None:
        if not folder.problems:
            c.error(root / PLAN_FILE, (), f"plano aplanke nėra failo {PLAN_FILE}")
        return None, _in_order(c.problems)
    facts, facts_file = c.yaml(PLAN_FILE, schema.PlanFile)
    groups = _load_groups(c)
    parts = _load_plan_stage(c)
    search = image_folders(root)
    for chapter in c.markdown:
        c.check_markdown(chapter.path, chapter.text, search)
    for item in parts["news"]:  # their images are dropped from the pages: only the brackets matter
        c.check_markdown(item.path, item.text, None, item.first_line)
    extra = read_declared(c, root, folder.files, declared, text_only)
    rulebook.run(c, _parts(c, dict(parts, facts=facts, facts_file=facts_file), groups, extra), declared)
    if facts is None or any(p.severity == ERROR for p in c.problems):
        return None, _in_order(c.problems)
    plan = _plan(c, facts, groups, parts, folder.files)
    plan.extra, plan.declared = extra, declared
    return plan, _in_order(plan.warnings)


def _plan(c: _Collector, facts: schema.PlanFile, groups: list[Group | None], parts: dict, files: list[Path]) -> Plan:
    """Return the checked plan: what was read, with the warnings found."""
    return Plan(
        name=c.root.resolve().name, root=c.root, facts=facts, groups=[g for g in groups if g is not None],
        strategy=parts.get("strategy"), concept=parts.get("concept"),
        decision=parts.get("decision"), monitoring=parts.get("monitoring"),
        introduction=parts.get("introduction"), implementation=parts.get("implementation"),
        amendment=parts.get("amendment"), participation=parts.get("participation"), site=parts.get("site"), news=parts.get("news", []),
        reports={report.year: report for report, _ in parts.get("reports", [])},
        warnings=[p for p in c.problems if p.severity != ERROR], files=files,
    )


def _in_order(problems: list[Problem]) -> list[Problem]:
    """Return the problems without repeats, by file, line and message."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.message))


def _load_groups(c: _Collector) -> list[Group | None]:
    folder = c.root / GROUPS_DIR
    if not folder.is_dir():
        c.error(folder, (), f"nėra aplanko {GROUPS_DIR}/ su darbo grupėmis")
        return []
    groups = [_load_group(c, sub) for sub in group_folders(c.root)]
    if not groups:
        c.error(folder, (), f"aplanke {GROUPS_DIR}/ nėra nė vienos darbo grupės")
    return groups


def _load_group(c: _Collector, sub: Path) -> Group | None:
    """Read one group folder: grupe.yaml, its chapters, and its SWOT and goals when it has them."""
    relative = f"{GROUPS_DIR}/{sub.name}"
    if content_file(c.root, f"{relative}/{GROUP_FILE}") is None:
        c.error(sub / GROUP_FILE, (), f"darbo grupės aplanke nėra failo {GROUP_FILE}")
        return None
    c.group_keys.append(sub.name)
    info, info_file = c.yaml(f"{relative}/{GROUP_FILE}", schema.GroupFile)
    chapters = [c.text(p) for p in chapter_files(c.root, sub)]
    swot, _ = c.yaml_if_present(f"{relative}/{SWOT_FILE}", schema.SwotFile)
    goals, goals_file = c.yaml_if_present(f"{relative}/{GOALS_FILE}", schema.GoalsFile)
    if info is None:
        if goals is not None:
            c.unplaced_goals.append((goals, goals_file))
        return None
    return Group(key=sub.name, folder=sub, info=info, chapters=[ch for ch in chapters if ch is not None],
                 swot=swot, goals=goals, goals_file=goals_file, info_file=info_file)


def _load_plan_stage(c: _Collector) -> dict:
    """Read the files of the plan's later stages that the folder has: {"strategy": …, "strategy_file": …}."""
    parts: dict = {}
    for key, name, model in (("strategy", STRATEGY_FILE, schema.StrategyFile),
                             ("concept", CONCEPT_FILE, schema.ConceptFile),
                             ("decision", DECISION_FILE, schema.DecisionFile),
                             ("monitoring", MONITORING_FILE, schema_life.MonitoringFile),
                             ("amendment", AMENDMENT_FILE, schema_life.AmendmentFile),
                             ("participation", PARTICIPATION_FILE, schema_life.ParticipationFile),
                             ("site", SITE_FILE, schema_life.SiteFile)):
        if content_file(c.root, name):
            parts[key], parts[key + "_file"] = c.yaml(name, model)
    for key, name in (("introduction", INTRODUCTION), ("implementation", IMPLEMENTATION)):
        if content_file(c.root, name):
            parts[key] = c.text(c.root / name)
    parts["report_files"] = [] if c.text_only else report_files(c.root)
    reports = [c.yaml(path.relative_to(c.root).as_posix(), schema_life.YearReportFile) for path in parts["report_files"]]
    parts["reports"] = [(report, file) for report, file in reports if report is not None]
    parts["news"] = [] if c.text_only else [item for item in map(c.news, news_files(c.root)) if item is not None]
    return parts


def _parts(c: _Collector, read: dict, groups: list[Group | None], extra: dict) -> Parts:
    """Return what the rules may read: the parts read (planas.yaml's among them), the groups, the documents' files."""
    return Parts(root=c.root, text_only=c.text_only, group_keys=tuple(c.group_keys),
                 groups=tuple(g for g in groups if g is not None), unplaced_goals=tuple(c.unplaced_goals),
                 extra=extra, history=lambda year: known_in(c.root, year), **read)


def known_in(root: Path, year: int) -> tuple[dict, set[str]]:
    """Return the indicators (by code) and measure ids of the adopted editions in force in a year."""
    indicators: dict = {}
    measures: set[str] = set()
    for edition in read(root).in_force_during(year):
        text, _ = load_plan(edition.content, text_only=True)
        for group in text.groups if text is not None else []:
            if group.goals is None:
                continue
            indicators |= {i.code: i for i in group.goals.indicators}
            measures |= {m.key for goal in group.goals.goals for o in goal.objectives for m in o.measures if m.key}
    return indicators, measures


def checked(content_dir: Path, declared: tuple[ContentFile, ...] = ()) -> tuple[Plan, list[Problem]]:
    """Load and check the content (with the documents' `declared` files); raise ContentError on errors."""
    plan, problems = load_plan(content_dir, declared=declared)
    if plan is None:
        raise ContentError(problems)
    return plan, problems
