"""Load a plan's content folder into a Plan, checking every file and every rule across files.

The folder layout is the contract with officials: see layout.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from pydantic import BaseModel

from . import schema
from .errors import Problem, display_path, quote
from .layout import (CHAPTERS_DIR, CONCEPT_FILE, DECISION_FILE, GOALS_FILE, GROUP_FILE, GROUPS_DIR,  # noqa: F401
                     IMPLEMENTATION, INTRODUCTION, MONITORING_FILE, PLAN_FILE, STRATEGY_FILE, SWOT_FILE,
                     REQUIRED, chapter_files, content_file, group_folders, image_folders)
from .folder import inside, scan
from .load import MAX_FILE_BYTES, TextFile, YamlFile, line_at, read_text, read_yaml
from .validate import close_hint, duplicates, exceeds_share, is_share_unit, parse, warning

# Markdown images pandoc would read: inline ![alt](path) (the alt may hold [brackets]), and
# reference-style ![alt][label], ![label][] or ![label] with a definition `[label]: path`.
_ALT = r"!\[((?:\\.|[^\[\]\\]|\[(?:\\.|[^\[\]\\])*\])*)\]"
_MD_IMAGE = re.compile(_ALT + r"\(\s*(?:<([^>\n]*)>|([^)\s]+))")
_MD_IMAGE_REF = re.compile(_ALT + r"(?:\[([^\]]*)\])?(?![(:])")
_MD_DEFINITION = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*(?:<([^>\n]*)>|(\S+))", re.MULTILINE)
_URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

# How much YAML and how much Markdown one plan may hold in all (the largest sample: 100 KB and 43 KB).
BUDGETS = {"yaml": 1024 * 1024, "markdown": 1024 * 1024}

# What a coat of arms may be: the first bytes of PNG and JPEG files.
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


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

    def members_in_order(self) -> list[schema.Member]:
        """Return members as a composition lists them: chair, deputies, secretary, then members."""
        rank = {role: i for i, role in enumerate(("pirmininkas", "pirmininko pavaduotojas", "sekretorius", "narys"))}
        return sorted(self.info.members, key=lambda m: rank[m.role])


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
    monitoring: schema.MonitoringFile | None = None
    introduction: Chapter | None = None
    implementation: Chapter | None = None
    warnings: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # every plain file of the folder, as scanned
    derived: dict = field(default_factory=dict, repr=False, compare=False)  # values computed once per build

    def missing_files(self) -> list[str]:
        """Return the files some document needs that this content does not have yet."""
        return [name for name in dict.fromkeys(f for files in REQUIRED.values() for f in files)
                if content_file(self.root, name) is None]


class _Collector:
    """Gather problems while loading."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.markdown: list[Chapter] = []
        self.group_keys: list[str] = []  # every group folder with a grupe.yaml, read or not
        self.read_bytes = {"yaml": 0, "markdown": 0}
        self.spent: set[str] = set()

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

    def error(self, file: YamlFile | Path, loc: tuple, message: str) -> None:
        if isinstance(file, YamlFile):
            self.problems.append(Problem(file.shown, line_at(file.data, loc), message))
        else:
            self.problems.append(Problem(display_path(file), 1, message))

    def warn(self, file: YamlFile, loc: tuple, message: str) -> None:
        self.problems.append(warning(file.shown, line_at(file.data, loc), message))

    def check_images(self, chapter: Chapter, search: list[Path]) -> None:
        """Refuse images that are not files in the plan folder, found where pandoc looks for them.

        pandoc looks for a relative image path in each folder of `search` in turn (the plan
        folder, then the groups' skyriai/), never beside a Markdown file of its own accord.
        """
        shown = display_path(chapter.path)
        text = _without_code(chapter.text)
        definitions = {}
        for match in _MD_DEFINITION.finditer(text):
            definitions.setdefault(_label(match.group(1)), (match.group(2) or match.group(3), match.start()))
        images = [(m.group(2) if m.group(2) is not None else m.group(3), m.start())
                  for m in _MD_IMAGE.finditer(text)]
        for match in _MD_IMAGE_REF.finditer(text):
            label = _label(match.group(2) or match.group(1))
            if label in definitions:
                images.append(definitions[label])
        for target, start in images:
            message = _image_problem(target.strip(), self.root, search)
            if message:
                self.problems.append(Problem(shown, text.count("\n", 0, start) + 1, message))


_FENCED = re.compile(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)


def _without_code(text: str) -> str:
    """Blank out code blocks and code spans, keeping lines: an image written as code is only text."""
    blank = lambda m: re.sub(r"[^\n]", " ", m.group(0))  # noqa: E731
    return _INLINE_CODE.sub(blank, _FENCED.sub(blank, text))


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
        return f"paveikslėlio failo nėra: {quote(target)} (ieškoma plano aplanke ir grupių aplankuose skyriai/)"
    return None


def load_plan(root: Path) -> tuple[Plan | None, list[Problem]]:
    """Read and check a plan folder; return the plan (None on errors) and every problem found."""
    c = _Collector(root)
    folder = scan(root)
    c.problems.extend(folder.problems)
    if content_file(root, PLAN_FILE) is None:
        if not folder.problems:
            c.error(root / PLAN_FILE, (), "plano aplanke nėra failo planas.yaml")
        return None, sorted(set(c.problems), key=_problem_order)
    facts, facts_file = c.yaml(PLAN_FILE, schema.PlanFile)
    groups = _load_groups(c)
    plan_parts = _load_plan_stage(c)
    search = image_folders(root)
    for chapter in c.markdown:
        c.check_images(chapter, search)
    if facts is not None:
        _check_facts(c, facts, facts_file, groups)
    if facts is not None and plan_parts.get("strategy") is not None:
        _check_strategy(c, facts, plan_parts["strategy"], plan_parts["strategy_file"], groups)
    errors = [p for p in c.problems if p.severity == "klaida"]
    warnings = [p for p in c.problems if p.severity != "klaida"]
    if errors or facts is None:
        return None, sorted(set(c.problems), key=_problem_order)
    plan = Plan(
        name=root.resolve().name, root=root, facts=facts, groups=[g for g in groups if g is not None],
        strategy=plan_parts.get("strategy"), concept=plan_parts.get("concept"),
        decision=plan_parts.get("decision"), monitoring=plan_parts.get("monitoring"),
        introduction=plan_parts.get("introduction"), implementation=plan_parts.get("implementation"),
        warnings=warnings, files=folder.files,
    )
    return plan, sorted(set(warnings), key=_problem_order)


def _problem_order(p: Problem):
    return (p.path, p.line, p.message)


def _load_groups(c: _Collector) -> list[Group | None]:
    folder = c.root / GROUPS_DIR
    if not folder.is_dir():
        c.error(folder, (), "nėra aplanko grupes/ su darbo grupėmis")
        return []
    groups: list[Group | None] = []
    for sub in group_folders(c.root):
        if content_file(c.root, f"{GROUPS_DIR}/{sub.name}/{GROUP_FILE}") is None:
            c.error(sub / GROUP_FILE, (), "darbo grupės aplanke nėra failo grupe.yaml")
            groups.append(None)
            continue
        c.group_keys.append(sub.name)
        info, info_file = c.yaml(sub.relative_to(c.root) / GROUP_FILE, schema.GroupFile)
        group = Group(key=sub.name, folder=sub, info=info) if info is not None else None
        if info is not None:
            _check_members(c, info, info_file)
        chapters = [c.text(p) for p in chapter_files(c.root, sub)]
        swot = goals = goals_file = None
        if content_file(c.root, f"{GROUPS_DIR}/{sub.name}/{SWOT_FILE}"):
            swot, _ = c.yaml(sub.relative_to(c.root) / SWOT_FILE, schema.SwotFile)
        if content_file(c.root, f"{GROUPS_DIR}/{sub.name}/{GOALS_FILE}"):
            goals, goals_file = c.yaml(sub.relative_to(c.root) / GOALS_FILE, schema.GoalsFile)
        if group is not None:
            group.chapters = [ch for ch in chapters if ch is not None]
            group.swot, group.goals, group.goals_file = swot, goals, goals_file
        groups.append(group)
    if not groups:
        c.error(folder, (), "aplanke grupes/ nėra nė vienos darbo grupės")
    return groups


def _check_members(c: _Collector, info: schema.GroupFile, file: YamlFile) -> None:
    members = info.members
    if not members:
        c.error(file, ("nariai",), "darbo grupėje nėra narių")
        return
    chairs = [i for i, m in enumerate(members) if m.role == "pirmininkas"]
    if not chairs:
        c.error(file, ("nariai",), "darbo grupėje nėra pirmininko (vaidmuo: pirmininkas)")
    elif len(chairs) > 1:
        c.error(file, ("nariai", chairs[1], "vaidmuo"), "darbo grupėje gali būti tik vienas pirmininkas")
    if not any(m.role == "sekretorius" for m in members):
        c.warn(file, ("nariai",), "darbo grupėje nėra sekretoriaus")
    names = [m.name.casefold() for m in members]
    for name in duplicates(names):
        second = [i for i, n in enumerate(names) if n == name][1]
        c.error(file, ("nariai", second, "vardas"), f"tas pats asmuo darbo grupėje du kartus: {quote(members[second].name)}")


def _load_plan_stage(c: _Collector) -> dict:
    parts: dict = {}
    for key, name, model in (("strategy", STRATEGY_FILE, schema.StrategyFile),
                             ("concept", CONCEPT_FILE, schema.ConceptFile),
                             ("decision", DECISION_FILE, schema.DecisionFile),
                             ("monitoring", MONITORING_FILE, schema.MonitoringFile)):
        if content_file(c.root, name):
            parts[key], parts[key + "_file"] = c.yaml(name, model)
    for key, name in (("introduction", INTRODUCTION), ("implementation", IMPLEMENTATION)):
        if content_file(c.root, name):
            parts[key] = c.text(c.root / name)
    return parts


def _check_facts(c: _Collector, facts: schema.PlanFile, file: YamlFile, groups: list[Group | None]) -> None:
    if facts.plan.end < facts.plan.start:
        c.error(file, ("planas", "pabaiga"), "plano pabaiga ankstesnė už pradžią")
    schedule = facts.schedule
    if schedule.end < schedule.start:
        c.error(file, ("darbo_grafikas", "pabaiga"), "darbo pabaiga ankstesnė už pradžią")
    for i, stage in enumerate(schedule.stages):
        if stage.end < stage.start:
            c.error(file, ("darbo_grafikas", "etapai", i, "pabaiga"), "etapo pabaiga ankstesnė už pradžią")
        if stage.start < schedule.start or stage.end > schedule.end:
            c.error(file, ("darbo_grafikas", "etapai", i), "etapas išeina už darbo grafiko ribų")
    if facts.coat_of_arms:
        target = (c.root / facts.coat_of_arms).resolve()
        if not inside(c.root, target):
            c.error(file, ("herbas",), f"herbo failas už plano aplanko ribų: {quote(facts.coat_of_arms)}")
        elif not target.is_file():
            c.error(file, ("herbas",), f"herbo failo nėra: {quote(facts.coat_of_arms)}")
        elif not _starts_with(target, _IMAGE_MAGIC):
            c.error(file, ("herbas",), f"herbo failas nėra PNG ar JPEG paveikslėlis: {quote(facts.coat_of_arms)}")
    _check_orders(c, facts, file, groups)


def _starts_with(path: Path, prefixes: tuple[bytes, ...]) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError:
        return False
    return head.startswith(prefixes)


def _check_orders(c: _Collector, facts: schema.PlanFile, file: YamlFile, groups: list[Group | None]) -> None:
    keys = [o.key for o in facts.orders]
    for key in duplicates(keys):
        second = [i for i, k in enumerate(keys) if k == key][1]
        c.error(file, ("potvarkiai", second, "id"), f"pasikartojantis potvarkio žymuo {quote(key)}")
    approving = [i for i, o in enumerate(facts.orders) if o.approves_regulations]
    if not approving:
        c.error(file, ("potvarkiai",), "nė vienas potvarkis netvirtina darbo reglamento (tvirtina_reglamentą: true)")
    if len(approving) > 1:
        c.error(file, ("potvarkiai", approving[1], "tvirtina_reglamentą"), "reglamentą gali tvirtinti tik vienas potvarkis")
    folder_keys = [g.key for g in groups if g is not None]
    # A group whose grupe.yaml has errors is still a group: those errors are reported on their own.
    all_keys = c.group_keys
    used: dict[str, int] = {}
    for i, order in enumerate(facts.orders):
        if (order.number is None) != (order.date is None):
            missing = "numeris" if order.number is None else "data"
            c.warn(file, ("potvarkiai", i), f"potvarkis bus projektas: nenurodytas laukas {quote(missing)}")
        if order.date is not None and order.date > facts.schedule.start:
            c.error(file, ("potvarkiai", i, "data"),
                    "potvarkio data vėlesnė už darbo grupių darbo pradžią (darbo_grafikas.pradžia)")
        for j, ref in enumerate(order.groups):
            key = resolve_group(ref, all_keys)
            if key is None:
                c.error(file, ("potvarkiai", i, "grupės", j),
                        f"nežinoma darbo grupė {quote(ref)}{close_hint(str(ref), all_keys)}")
            elif key in used:
                c.error(file, ("potvarkiai", i, "grupės", j), f"darbo grupė {quote(key)} jau sudaroma kitu potvarkiu")
            else:
                used[key] = i
    for key in folder_keys:
        if key not in used:
            c.warn(file, ("potvarkiai",), f"darbo grupė {quote(key)} nesudaroma nė vienu potvarkiu")


def resolve_group(ref: str | int, folder_keys: list[str]) -> str | None:
    """Return the group folder a reference names; YAML may have read "01" as the number 1."""
    text = str(ref)
    if text in folder_keys:
        return text
    if isinstance(ref, int):
        for key in folder_keys:
            if key.isdigit() and int(key) == ref:
                return key
    return None


def _check_strategy(c: _Collector, facts: schema.PlanFile, strategy: schema.StrategyFile,
                    strategy_file: YamlFile, groups: list[Group | None]) -> None:
    priority_keys = [p.key for p in strategy.priorities]
    for key in duplicates(priority_keys):
        second = [i for i, k in enumerate(priority_keys) if k == key][1]
        c.error(strategy_file, ("prioritetai", second, "id"), f"pasikartojantis prioriteto žymuo {quote(key)}")
    for source in duplicates(strategy.sources):
        second = [i for i, s in enumerate(strategy.sources) if s == source][1]
        c.error(strategy_file, ("finansavimo_šaltiniai", second),
                f"pasikartojantis finansavimo šaltinis {quote(source)}")
    start, end = facts.plan.start, facts.plan.end
    all_codes: dict[str, tuple[YamlFile, int]] = {}
    used_priorities: set[str] = set()
    for group in (g for g in groups if g is not None and g.goals is not None):
        _check_indicators(c, group, start, end, all_codes)
    for group in (g for g in groups if g is not None and g.goals is not None):
        _check_goals(c, group, strategy, start, end, set(all_codes), used_priorities)
    for i, p in enumerate(strategy.priorities):
        if p.key not in used_priorities:
            c.warn(strategy_file, ("prioritetai", i), f"prioritetui {quote(p.key)} nepriskirtas nė vienas tikslas")


def _check_indicators(c: _Collector, group: Group, start: int, end: int, all_codes: dict) -> None:
    file = group.goals_file
    for i, ind in enumerate(group.goals.indicators):
        loc = ("rodikliai", i)
        if ind.code in all_codes:
            other_file, other_i = all_codes[ind.code]
            where = f"{other_file.shown}:{line_at(other_file.data, ('rodikliai', other_i))}"
            c.error(file, loc + ("kodas",), f"pasikartojantis rodiklio kodas {quote(ind.code)} (jau yra {where})")
        else:
            all_codes[ind.code] = (file, i)
        if ind.baseline_year > end:
            c.error(file, loc + ("pradiniai_metai",), f"pradinės reikšmės metai {ind.baseline_year} po plano pabaigos ({end})")
        if ind.intermediate_year is not None and not start <= ind.intermediate_year <= end:
            c.error(file, loc + ("tarpiniai_metai",),
                    f"tarpinės reikšmės metai {ind.intermediate_year} ne plano laikotarpyje ({start}–{end})")
        if (ind.intermediate is None) != (ind.intermediate_year is None):
            c.error(file, loc, "tarpinė reikšmė ir jos metai nurodomi kartu")
        if is_share_unit(ind.unit):
            for key, value in (("pradinė_reikšmė", ind.baseline), ("tarpinė_reikšmė", ind.intermediate),
                               ("siektina_reikšmė", ind.target)):
                if exceeds_share(value):
                    c.error(file, loc + (key,), f"laukas {quote(key)}: dalis procentais turi būti nuo 0 iki 100; rasta {quote(value)}")


def _check_goals(c: _Collector, group: Group, strategy: schema.StrategyFile, start: int, end: int,
                 codes: set[str], used_priorities: set[str]) -> None:
    file = group.goals_file
    priority_keys = [p.key for p in strategy.priorities]
    levels = {ind.code: ind.level for ind in group.goals.indicators}
    referenced: set[str] = set()

    def check_refs(loc: tuple, refs: list[str], level: str) -> None:
        for k, code in enumerate(refs):
            referenced.add(code)
            if code not in codes:
                c.error(file, loc + ("rodikliai", k), f"nežinomas rodiklis {quote(code)}{close_hint(code, sorted(codes))}")
            elif code in levels and levels[code] != level:
                c.warn(file, loc + ("rodikliai", k), f"rodiklis {quote(code)} yra {levels[code]}, o čia laukiama {level} rodiklio")

    if not group.goals.goals:
        c.warn(file, ("tikslai",), "grupė nesiūlo nė vieno tikslo")
    for i, goal in enumerate(group.goals.goals):
        gloc = ("tikslai", i)
        if goal.priority not in priority_keys:
            c.error(file, gloc + ("prioritetas",),
                    f"nežinomas prioritetas {quote(goal.priority)}{close_hint(goal.priority, priority_keys)}")
        used_priorities.add(goal.priority)
        check_refs(gloc, goal.indicators, "poveikio")
        if not goal.objectives:
            c.error(file, gloc, "tikslas neturi uždavinių")
        for j, objective in enumerate(goal.objectives):
            oloc = gloc + ("uždaviniai", j)
            check_refs(oloc, objective.indicators, "rezultato")
            if not objective.measures:
                c.error(file, oloc, "uždavinys neturi priemonių")
            for k, measure in enumerate(objective.measures):
                mloc = oloc + ("priemonės", k)
                if not measure.indicators:
                    c.error(file, mloc, "priemonei nenurodytas nė vienas rodiklis")
                check_refs(mloc, measure.indicators, "produkto")
                if measure.end < measure.start:
                    c.error(file, mloc + ("pabaiga",), "priemonės pabaiga ankstesnė už pradžią")
                if measure.start < start or measure.end > end:
                    c.error(file, mloc + ("pradžia" if measure.start < start else "pabaiga",),
                            f"priemonės laikas {measure.start}–{measure.end} išeina už plano laikotarpio ({start}–{end})")
                for source in measure.financing:
                    if source not in strategy.sources:
                        c.error(file, mloc + ("finansavimas", source),
                                f"nežinomas finansavimo šaltinis {quote(source)}{close_hint(source, strategy.sources)}")
    for i, ind in enumerate(group.goals.indicators):
        if ind.code not in referenced:
            c.warn(file, ("rodikliai", i), f"rodiklis {quote(ind.code)} nenaudojamas jokiame tiksle, uždavinyje ar priemonėje")
