"""Build documents: load and check → contexts → render → write, in that order; nothing is written on error.

Which documents a command names, what they are made from and how they render is the registry's
(documents.py); this module only runs the stages. Documents whose inputs have not changed since
the last build into the same folder are kept as they are.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import TEMPLATES
from ..outputs import inputs
from ..content import ledger
from ..content.model import Plan
from ..content.files import life_globs
from ..content.plan import checked, load_plan
from ..life.charts import stop_drawing
from ..life.editions import plan_in_force
from ..documents.registry import CONTENT_FILES, Document, in_sets, missing_files, start_markdown
from ..core import lt
from ..core.errors import WARNING, ContentError, Problem, StageError, display_path
from ..core.write import locked, today, write_atomically

# The recorded editions that hold a document kind's files (several for the mayor's orders).
Adopted = dict[str, tuple[ledger.Edition, ...]]


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Options:
    """How a build runs.

    `templates` the Word templates; `force` renders even what is unchanged; `waiting(message)` is told
    (else stderr) what a build waits for while another writes the folder; `year` the year a yearly report
    covers (the latest with data when not given); `since` the approved edition an amendment is made
    against (a recorded act's number or date, a folder or a git revision).
    """

    templates: Path = TEMPLATES
    force: bool = False
    waiting: Callable[[str], None] | None = None
    year: int | None = None
    since: str | None = None


@dataclass(frozen=True)
class _Job:
    """What a build writes: each kind's plan and documents, and which of them are adopted as recorded."""

    plans: dict[str, Plan]
    documents: list[Document]
    sets: list[str]
    out_dir: Path
    warnings: list[Problem]
    frozen: Adopted
    partly: Adopted


def build(content_dir: Path, sets: list[str], out_dir: Path, options: Options = Options()) -> BuildResult:
    """Check the plan, render the documents of the named sets that changed, and write them.

    Unchanged documents are kept unless `options.force`; one build at a time writes a folder.
    """
    plan, warnings = checked(content_dir, CONTENT_FILES)
    documents = in_sets(sets)
    require(plan, documents)
    editions = adopted_ledger(plan)
    with contextlib.ExitStack() as stack:
        kinds = {d.kind for d in documents}
        if "report" in kinds:
            from ..life.annual import report_year

            plan.derived.report_year = report_year(plan, options.year)
        frozen, partly = adopted(plan, editions, documents)
        plans = {d.kind: plan for d in documents}
        if "report" in kinds and "report" not in frozen:
            plans["report"], note = _report_plan(plan, editions)
            warnings = warnings + note
        if "amendment" in kinds and "amendment" not in frozen:
            _approved(plan, content_dir, options.since, stack, editions)
        warnings = warnings + _differences(plan, editions, frozen) + _renumbered(plan, editions, documents)
        return _build(_Job(plans, documents, sets, out_dir, warnings, frozen, partly), options)


def adopted_ledger(plan: Plan) -> ledger.Ledger:
    """Read the plan's ledger of adopted editions; refuse to build on one changed since it was recorded."""
    editions = ledger.read(plan.root)
    if editions.problems:
        raise ContentError(editions.problems)
    return editions


def adopted(plan: Plan, editions: ledger.Ledger, documents: list[Document]) -> tuple[Adopted, Adopted]:
    """Return, by document kind, the recorded editions of each document whose acts are adopted and recorded:
    whole, or in part when some of the files it now makes belong to an act not recorded (an order issued later).

    An adopted act is what was recorded: a document its edition does not hold (an annex written after the
    adoption, a kind of document the act was adopted without) is not made for it at all.
    """
    frozen, partly = {}, {}
    for document in (d for d in documents if d.act is not None):  # a document of no act is never adopted
        year = plan.derived.report_year if document.act == "report" else None
        found = [editions.find(act) for act, _ in ledger.acts_of(plan, document.act, year)]
        found = tuple(e for e in found if e is not None)
        if not found:
            continue
        whole = all(editions.find(output.act) in found for output in document.outputs(plan))
        (frozen if whole else partly)[document.kind] = found
    return frozen, partly


def _recorded_files(found: tuple[ledger.Edition, ...], kind: str) -> dict[str, bytes]:
    """Return a kind's files as its recorded editions hold them."""
    return {name: data for edition in found for name, data in edition.files(kind).items()}


def _entries(found: tuple[ledger.Edition, ...]) -> str:
    """Name recorded editions in a build record, so that recording another one rebuilds the kind."""
    return "+".join(e.folder.name for e in found)


def _report_plan(plan: Plan, editions: ledger.Ledger) -> tuple[Plan, list[Problem]]:
    """Return the plan a yearly report measures: the edition in force at the end of its year, with the year data.

    Without a recorded edition the report measures the content; when that holds an amendment not
    yet adopted, the report says so and so does the build.
    """
    import datetime as dt

    year = plan.derived.report_year
    measured, edition = plan_in_force(plan, editions, dt.date(year, 12, 31))
    measured.derived.report_year, measured.derived.report_edition = year, edition
    amendment = plan.amendment.decision if plan.amendment else None
    if edition is not None or amendment is None or not amendment.is_draft:
        return measured, []
    return measured, [Problem(display_path(plan.root / "pakeitimas.yaml"), 0, "plane yra dar nepriimtas pakeitimas, "
                              "o galiojanti redakcija neįrašyta: ataskaita parengta pagal keičiamą redakciją (tai "
                              "pasakyta ir ataskaitoje); patvirtinkite planą (make approve), kad ataskaita būtų "
                              "rengiama pagal galiojančią redakciją", WARNING)]


def _differences(plan: Plan, editions: ledger.Ledger, frozen: Adopted) -> list[Problem]:
    """Say, in one line, that the content differs from the adopted edition whose documents are given as adopted."""
    if not any(e.id.act in ledger.EDITION_ACTS for found in frozen.values() for e in found):
        return []
    in_force = editions.in_force(today())
    lives = life_globs(plan.declared)
    if in_force is None or (ledger.content_digest(plan.root, life=False, life_globs=lives)
                            == ledger.content_digest(in_force.content, life=False, life_globs=lives)):
        return []
    return [Problem(display_path(plan.root), 0, f"turinys skiriasi nuo galiojančios redakcijos "
                    f"({in_force.id.words()}): patvirtinti dokumentai pateikti tokie, kokie priimti; pakeitimai – "
                    "plano pakeitimo projektui (make amend)", WARNING)]


def _renumbered(plan: Plan, editions: ledger.Ledger, documents: list[Document]) -> list[Problem]:
    """Warn where content gives a recorded act another number or date than it was adopted with."""
    year = plan.derived.report_year
    named = {ledger.act_of(plan, act, year if act == "report" else None)
             for act in {d.act for d in documents} - set(ledger.NUMBERED_ACTS) - {None}}
    problems = []
    for act, where in sorted(named, key=lambda n: n[0].act):
        recorded = editions.find(act)
        if recorded is None or (recorded.id.number, recorded.id.date) == (act.number, act.date):
            continue
        typed = f"Nr. {act.number or '–'}, {act.date.isoformat() if act.date else '–'}"
        problems.append(Problem(display_path(where), 0, f"čia nurodyta ({typed}) ne taip, kaip įrašytas priimtas "
                                f"{recorded.id.words()}: patvirtinti dokumentai pateikti tokie, kokie priimti; "
                                "priimto akto numeris ir data nekeičiami", WARNING))
    return problems


def _approved(plan: Plan, content_dir: Path, since: str | None, stack: contextlib.ExitStack,
              editions: ledger.Ledger) -> None:
    """Load the approved edition an amendment is made against, for as long as the build runs: the edition
    in force today by default, a recorded one named by its act's number or date, a folder or a git revision."""
    from ..life import amend

    edition = editions.in_force(today()) if since is None else editions.by_words(since)
    if edition is not None:
        folder, shown = edition.content, f"{'galiojanti ' if since is None else ''}redakcija: {edition.id.words()}"
    elif since is None:
        raise ContentError([Problem(display_path(content_dir), 0, "pakeitimui reikia patvirtintos redakcijos: "
                                    "patvirtinkite planą (make approve) arba nurodykite --since <aplankas arba git "
                                    "versija>")])
    else:
        folder, shown = stack.enter_context(amend.approved_folder(content_dir, since))
    approved, problems = load_plan(folder, text_only=True)
    if approved is None:
        raise ContentError([Problem(shown, 0, "patvirtintos redakcijos turinyje yra klaidų:")] + problems)
    amend.check_approved(approved, plan, shown)
    plan.derived.approved, plan.derived.approved_shown = approved, shown
    plan.derived.approved_digest = amend.digest(folder)


def _build(job: _Job, options: Options) -> BuildResult:
    """Write the documents that changed: an adopted one as recorded, the others rendered, each from its plan;
    of a kind adopted in part, the recorded files replace what rendering made of them."""
    plans, documents, frozen, partly, out_dir = job.plans, job.documents, job.frozen, job.partly, job.out_dir
    plan = next(iter(plans.values()))
    digests = {d.kind: f"adopted:{_entries(frozen[d.kind])}" if d.kind in frozen else
               inputs.digest(plans[d.kind], d, options.templates) + (f":{_entries(partly[d.kind])}"
                                                                     if d.kind in partly else "") for d in documents}
    with locked(out_dir, options.waiting):
        kept = {d.kind: None if options.force else inputs.up_to_date(out_dir, d.kind, digests[d.kind])
                for d in documents}
        rendered = {d.kind: _recorded_files(frozen[d.kind], d.kind) for d in documents
                    if d.kind in frozen and kept[d.kind] is None}
        to_render = [d for d in documents if kept[d.kind] is None and d.kind not in frozen]
        for measured in {id(p): p for p in plans.values()}.values():
            rendered |= render_all(measured, [d for d in to_render if plans[d.kind] is measured], options.templates)
        for kind in partly.keys() & rendered.keys():
            rendered[kind] |= _recorded_files(partly[kind], kind)
        records = {inputs.record_name(kind): inputs.record(digests[kind], files) for kind, files in rendered.items()}
        made = inputs.make_files(plan, job.sets, out_dir, options.templates)
        documents_out = {name: data for files in rendered.values() for name, data in files.items()}
        written = write_atomically(out_dir, documents_out, records=records | made)
    return BuildResult([p for p in written if p.name in documents_out],
                       [out_dir / name for names in kept.values() if names for name in names], job.warnings)


def require(plan: Plan, documents: list[Document]) -> None:
    """Refuse documents whose own files (strategija.yaml, …) the plan does not have yet."""
    missing = missing_files(plan.root, tuple(documents))
    if missing:
        raise ContentError([Problem(display_path(plan.root / name), 1, f"failo nėra: jo reikia {', '.join(needs)}")
                            for name, needs in missing.items()])


def render_all(plan: Plan, documents: list[Document], templates: Path) -> dict[str, dict[str, bytes]]:
    """Render documents to bytes in memory: each kind's files by name.

    The plan's Markdown goes to pandoc in the background as soon as rendering starts. When the
    plan is rendered together with other documents, those go to a second process (`_Helper`), so
    that the plan, the others and pandoc share the machine's two cores.
    """
    readers = [d for d in documents if d.markdown]
    others = [d for d in documents if not d.markdown]
    conversion = start_markdown(plan, templates / next(iter(readers[0].templates))) if readers else None
    helper = None
    if readers and len(others) >= PARALLEL_FROM:
        from ..documents import render  # noqa: F401 -- imported once, before the fork: the helper inherits it

        lt.load_locale()  # read once, before the fork, too
        helper = _Helper(plan, templates, others)
    try:
        here = others if helper is None else []
        files = {d.kind: _labelled(d, plan, templates, None) for d in here}
        files |= {d.kind: _labelled(d, plan, templates, conversion) for d in readers}
        if helper is not None:
            files |= helper.results(_taken_back(helper, plan, templates, others))
        return {d.kind: files[d.kind] for d in others + readers}
    finally:
        if helper is not None:
            helper.close()
        if conversion is not None:
            conversion.close()
        stop_drawing()


# From how many other documents it pays to render them in a second process beside the plan
# (`make bench` measures it: forking costs about 20 ms, the council package alone about 0.3 s).
PARALLEL_FROM = 2


def _taken_back(helper: _Helper, plan: Plan, templates: Path, documents: list[Document]) -> dict[str, object]:
    """Render here, first to last, the documents the helper has not been given yet: each one's files or its error
    (raised in the documents' order by `results`, as if the helper had rendered them all)."""
    by_kind = {d.kind: d for d in documents}
    taken: dict[str, object] = {}
    while (kind := helper.take_back()) is not None:
        try:
            taken[kind] = _labelled(by_kind[kind], plan, templates, None)
        except Exception as exc:  # noqa: BLE001 -- kept, to be raised in the documents' order
            taken[kind] = exc
    return taken


class _Helper:
    """A second process rendering whole documents while this one renders the plan.

    It is forked once the content is checked, so it inherits the plan (nothing is copied to it);
    each document's files, or its StageError, come back through the pool. It is given the documents
    a few at a time, last first (the plan package's, made from every goal and indicator, are the
    heaviest), so that this process, its plan done, can take back the rest from the first (`take_back`)
    and both end about together. It ends when this process ends, however that ends, and
    does not hold the output folder's lock.
    """

    def __init__(self, plan: Plan, templates: Path, documents: list[Document]):
        from ..core.workers import forked_pool

        self._pool = forked_pool(1, initializer=_inherit, initargs=(plan, templates))
        self._order = [d.kind for d in documents]
        self._waiting = list(self._order)  # not given to the helper yet
        self._futures: dict[str, concurrent.futures.Future] = {}
        self._lock = threading.Lock()
        for _ in range(_GIVEN_AHEAD):
            self._give()

    def _give(self, _finished: concurrent.futures.Future | None = None) -> None:
        """Give the helper the last waiting document; called again each time one it was given is done."""
        with self._lock:
            if not self._waiting:
                return
            kind = self._waiting.pop()
            try:
                future = self._pool.submit(_render_inherited, kind)
            except (RuntimeError, OSError):  # the pool is shut down or broken, or cannot fork: rendered here
                self._waiting.append(kind)
                return
            self._futures[kind] = future
        future.add_done_callback(self._give)

    def take_back(self) -> str | None:
        """Take the first document not given to the helper yet (this process renders it); None when none is left."""
        with self._lock:
            return self._waiting.pop(0) if self._waiting else None

    def results(self, taken: dict[str, object]) -> dict[str, dict[str, bytes]]:
        """Return every document's files, those rendered here (`taken`) among them; raise the first error."""
        try:
            found = {}
            for kind in self._order:
                outcome = taken[kind] if kind in taken else self._futures[kind].result()
                if isinstance(outcome, Exception):
                    raise outcome
                found[kind] = outcome
            return found
        except concurrent.futures.process.BrokenProcessPool as exc:
            raise StageError("antrasis dokumentų rengimo procesas nutrūko") from exc

    def close(self) -> None:
        with self._lock:
            self._waiting.clear()
        self._pool.shutdown(wait=True, cancel_futures=True)


# How many documents the helper holds at once: one it renders, one ready to start.
_GIVEN_AHEAD = 2


_inherited: tuple[Plan, Path] | None = None  # set in the helper process only


def _inherit(plan: Plan, templates: Path) -> None:
    """Keep, in the helper process, the plan it was forked with."""
    global _inherited
    _inherited = (plan, templates)


def _render_inherited(kind: str) -> dict[str, bytes]:
    """Render one document in the helper process, from the plan it inherited."""
    from ..documents.registry import BY_KIND

    plan, templates = _inherited
    return _labelled(BY_KIND[kind], plan, templates, None)


def _labelled(document: Document, plan: Plan, templates: Path, conversion) -> dict[str, bytes]:
    """Render one document, naming it and the plan in any error."""
    try:
        return document.files(plan, templates, conversion)
    except StageError as exc:
        raise StageError(f"rengiant {document.kind} iš {display_path(plan.root)}: {exc}") from exc
