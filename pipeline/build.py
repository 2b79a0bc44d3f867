"""Build documents: load and check → contexts → render → write, in that order; nothing is written on error.

Which documents a command names, what they are made from and how they render is the registry's
(documents.py); this module only runs the stages. Documents whose inputs have not changed since
the last build into the same folder are kept as they are.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import multiprocessing
from dataclasses import dataclass, field
from pathlib import Path

from . import TEMPLATES, inputs, pandoc
from .content import Plan, load_plan
from .context import markdown_parts
from .documents import Document, in_sets, missing_files
from .errors import WARNING, ContentError, Problem, StageError, display_path
from .layout import image_folders
from .write import locked, write_atomically


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def build(content_dir: Path, sets: list[str], out_dir: Path, templates: Path = TEMPLATES,
          force: bool = False, waiting=None, year: int | None = None, since: str | None = None) -> BuildResult:
    """Check the plan, render the documents of the named sets that changed, and write them.

    Unchanged documents are kept unless force is set. One build at a time writes a folder:
    `waiting()` is called when this one has to wait for another. `year` is the year a yearly
    report covers (the latest with data when not given); `since` the approved edition an
    amendment is made against (a folder or a git revision).
    """
    plan, warnings = checked(content_dir)
    documents = in_sets(sets)
    require(plan, documents)
    with contextlib.ExitStack() as stack:
        kinds = {d.kind for d in documents}
        if "report" in kinds:
            from .annual import report_year

            plan.derived["report_year"] = report_year(plan, year)
            amendment = plan.amendment.decision if plan.amendment else None
            if amendment is not None and (amendment.number is None or amendment.date is None):
                warnings = warnings + [Problem(
                    display_path(plan.root / "pakeitimas.yaml"), 0, "plane yra dar nepriimtas pakeitimas: ataskaita "
                    "parengta pagal naują (keičiamą) redakciją; ataskaitą pagal galiojančią redakciją rengkite iš "
                    "patvirtintos redakcijos aplanko", WARNING)]
        if "amendment" in kinds:
            _approved(plan, content_dir, since, stack)
        return _build(plan, documents, sets, out_dir, templates, force, waiting, warnings)


def _approved(plan: Plan, content_dir: Path, since: str | None, stack: contextlib.ExitStack) -> None:
    """Load the approved edition an amendment is made against, for as long as the build runs."""
    from . import amend

    if since is None:
        raise ContentError([Problem(display_path(content_dir), 0, "pakeitimui reikia patvirtintos redakcijos: "
                                    "nurodykite --since <aplankas arba git versija>")])
    folder, shown = stack.enter_context(amend.approved_folder(content_dir, since))
    approved, problems = load_plan(folder)
    if approved is None:
        raise ContentError([Problem(shown, 0, "patvirtintos redakcijos turinyje yra klaidų:")] + problems)
    amend.check_approved(approved, plan, shown)
    plan.derived.update(approved=approved, approved_shown=shown, approved_digest=amend.digest(folder))


def _build(plan: Plan, documents: list[Document], sets: list[str], out_dir: Path, templates: Path, force: bool,
           waiting, warnings: list[Problem]) -> BuildResult:
    digests = {d.kind: inputs.digest(plan, d, templates) for d in documents}
    with locked(out_dir, waiting):
        kept = {d.kind: None if force else inputs.up_to_date(out_dir, d.kind, digests[d.kind]) for d in documents}
        rendered = render_all(plan, [d for d in documents if kept[d.kind] is None], templates)
        records = {inputs.record_name(kind): inputs.record(digests[kind], files) for kind, files in rendered.items()}
        made = inputs.make_files(plan, sets, out_dir, templates)
        documents_out = {name: data for files in rendered.values() for name, data in files.items()}
        written = write_atomically(out_dir, documents_out | records | made)
    return BuildResult([p for p in written if p.name in documents_out],
                       [out_dir / name for names in kept.values() if names for name in names], warnings)


def checked(content_dir: Path) -> tuple[Plan, list[Problem]]:
    """Load and check the content; raise ContentError with every problem when it has errors."""
    plan, problems = load_plan(content_dir)
    if plan is None:
        raise ContentError(problems)
    return plan, problems


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
    helper = _Helper(plan, templates, others) if readers and len(others) >= PARALLEL_FROM else None
    try:
        here = others if helper is None else []
        files = {d.kind: _labelled(d, plan, templates, None) for d in here}
        files |= {d.kind: _labelled(d, plan, templates, conversion) for d in readers}
        return (helper.results() if helper else {}) | files
    finally:
        if helper is not None:
            helper.close()
        if conversion is not None:
            conversion.close()


# From how many other documents it pays to render them in a second process beside the plan
# (`make bench` measures it: forking costs about 20 ms, the council package alone about 0.3 s).
PARALLEL_FROM = 2


class _Helper:
    """A second process rendering whole documents while this one renders the plan.

    It is forked once the content is checked, so it inherits the plan (nothing is copied to it);
    each document's files, or its StageError, come back through the pool.
    """

    def __init__(self, plan: Plan, templates: Path, documents: list[Document]):
        self._pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("fork"), initializer=_inherit,
            initargs=(plan, templates))
        self._futures = {d.kind: self._pool.submit(_render_inherited, d.kind) for d in documents}

    def results(self) -> dict[str, dict[str, bytes]]:
        try:
            return {kind: future.result() for kind, future in self._futures.items()}
        except concurrent.futures.process.BrokenProcessPool as exc:
            raise StageError("antrasis dokumentų rengimo procesas nutrūko") from exc

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


_inherited: tuple[Plan, Path] | None = None  # set in the helper process only


def _inherit(plan: Plan, templates: Path) -> None:
    """Keep, in the helper process, the plan it was forked with."""
    global _inherited
    _inherited = (plan, templates)


def _render_inherited(kind: str) -> dict[str, bytes]:
    """Render one document in the helper process, from the plan it inherited."""
    from .documents import BY_KIND

    plan, templates = _inherited
    return _labelled(BY_KIND[kind], plan, templates, None)


def start_markdown(plan: Plan, reference: Path) -> pandoc.Conversion:
    """Start converting the plan's checked Markdown in one background pandoc run, styled like `reference`."""
    texts = [plan.introduction, *(ch for g in plan.groups for ch in g.chapters), plan.implementation]
    sources = [(chapter.path, chapter.text) for chapter in texts if chapter is not None]
    return pandoc.Conversion(markdown_parts(plan), reference, image_folders(plan.root), sources)


def _labelled(document: Document, plan: Plan, templates: Path, conversion) -> dict[str, bytes]:
    """Render one document, naming it and the plan in any error."""
    try:
        return document.files(plan, templates, conversion)
    except StageError as exc:
        raise StageError(f"rengiant {document.kind} iš {display_path(plan.root)}: {exc}") from exc
