"""Build documents: load and check the content, render every document in memory, then write them all."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import context as ctx
from . import inputs
from . import markdown, pandoc
from . import TEMPLATES
from .content import Plan, load_plan
from .errors import ContentError, Problem, StageError, display_path
from . import layout
from .layout import image_folders
from .render import render
from .write import locked, touch, write_atomically


# What each DOC on the command line produces.
DOCUMENT_SETS = {
    "order": ("order",),
    "concept": ("concept",),
    "plan": ("decision", "plan", "monitoring", "explanatory-note"),
}


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def build(content_dir: Path, documents: list[str], out_dir: Path, templates: Path = TEMPLATES,
          force: bool = False, waiting=None) -> BuildResult:
    """Check the plan, render the requested documents and write them; nothing is written on any error.

    Documents whose inputs have not changed since the last build into out_dir are kept as they
    are (and marked fresh for make) unless force is set. One build at a time writes a folder:
    `waiting()` is called when this one has to wait for another.
    """
    plan, problems = load_plan(content_dir)
    if plan is None:
        raise ContentError(problems)
    digests = {kind: inputs.digest(plan, kind, templates) for kind in expand(documents)}
    with locked(out_dir, waiting):
        kept = {kind: None if force else inputs.up_to_date(out_dir, kind, d) for kind, d in digests.items()}
        stale = [kind for kind in digests if kept[kind] is None]
        files = render_all(plan, stale, templates) if stale else {}
        records = {inputs.record_name(kind): inputs.record(digests[kind], {n: files[n] for n in files
                                                                           if _kind_of(n) == kind})
                   for kind in stale}
        written = [p for p in write_atomically(out_dir, files | records) if p.name not in records] if files else []
        unchanged = [out_dir / name for kind in digests if kept[kind] for name in kept[kind]]
        touch(unchanged)  # up to date as of this build: make compares times, not digests
    return BuildResult(written, unchanged, problems)


def _kind_of(file_name: str) -> str:
    """Return the kind of document an output file is (order.docx and order-*.docx are orders)."""
    stem = file_name.removesuffix(".docx")
    if stem.startswith("order") or stem == "regulations":
        return "order"
    return stem


def expand(documents: list[str]) -> list[str]:
    """Return the document kinds named on the command line, "all" meaning every one."""
    names = list(DOCUMENT_SETS) if "all" in documents else documents
    kinds: list[str] = []
    for name in names:
        for kind in DOCUMENT_SETS[name]:
            if kind not in kinds:
                kinds.append(kind)
    return kinds


def render_all(plan: Plan, kinds: list[str], templates: Path) -> dict[str, bytes]:
    """Render every requested document to bytes, in memory.

    When the plan is among them, pandoc converts its Markdown on the other core while the
    templates render; the plan comes last, so that pandoc has had all that time.
    """
    _require(plan, [f"{kind}.docx" for kind in kinds])
    conversion = _start_markdown(plan, templates) if "plan" in kinds else None
    try:
        files: dict[str, bytes] = {}
        for kind in sorted(kinds, key=lambda k: k == "plan"):
            if kind == "plan":
                files["plan.docx"] = _labelled("plan", plan, _render_plan, plan, templates, conversion)
            else:
                files.update(_labelled(kind, plan, RENDERERS[kind], plan, templates))
        return files
    finally:
        if conversion is not None:
            conversion.close()


def _labelled(kind: str, plan: Plan, work, *args):
    """Run a renderer, naming the document and the plan in any error it raises."""
    try:
        return work(*args)
    except StageError as exc:
        raise StageError(f"rengiant {kind} iš {display_path(plan.root)}: {exc}") from exc


def _orders(plan: Plan, templates: Path) -> dict[str, bytes]:
    files = {}
    names = ctx.order_file_names(plan)
    for order in plan.facts.orders:
        files[names[order.key]] = render(templates / "order.docx", ctx.order_context(plan, order, names[order.key]))
    files["regulations.docx"] = render(templates / "regulations.docx", ctx.regulations_context(plan))
    return files


def _require(plan: Plan, documents: list[str]) -> None:
    """Refuse to render documents whose own files (strategija.yaml, …) the plan does not have yet."""
    missing: dict[str, list[str]] = {}
    for document in documents:
        for name in layout.missing(plan.root, document):
            missing.setdefault(name, []).append(document)
    if missing:
        raise ContentError([Problem(display_path(plan.root / name), 1, f"failo nėra: jo reikia {', '.join(needs)}")
                            for name, needs in missing.items()])


def _start_markdown(plan: Plan, templates: Path) -> pandoc.Conversion:
    """Start converting the plan's Markdown in one background pandoc run."""
    return pandoc.Conversion(ctx.markdown_parts(plan), templates / "plan.docx", image_folders(plan.root))


def _render_plan(plan: Plan, templates: Path, conversion: pandoc.Conversion) -> bytes:
    """Render the plan, then put the converted Markdown parts where its template placed them."""
    places = markdown.Places(list(conversion.parts))
    context = ctx.plan_context(plan) | {
        "introduction": places["introduction"],
        "implementation": places["implementation"],
        "chapters": [{"group": g.info.name.nominative, "body": places[f"group_{g.key}"]}
                     for g in plan.groups if f"group_{g.key}" in places],
    }
    return render(templates / "plan.docx", context,
                  lambda document: places.fill(document, conversion.result(), conversion.marker))


def _document(name: str, make_context):
    def renderer(plan: Plan, templates: Path) -> dict[str, bytes]:
        return {name: render(templates / name, make_context(plan))}
    return renderer


RENDERERS = {
    "order": _orders,
    "concept": _document("concept.docx", ctx.concept_context),
    "decision": _document("decision.docx", ctx.plan_package),
    "monitoring": _document("monitoring.docx", ctx.monitoring_context),
    "explanatory-note": _document("explanatory-note.docx", ctx.note_context),
}
