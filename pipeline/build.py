"""Build documents: load and check the content, render every document in memory, then write them all."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import context as ctx
from . import inputs
from . import markdown
from .content import Plan, load_plan
from .errors import ContentError, Problem, StageError, display_path
from .render import render
from .write import write_atomically

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

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
          force: bool = False) -> BuildResult:
    """Check the plan, render the requested documents and write them; nothing is written on any error.

    Documents whose inputs have not changed since the last build into out_dir are kept as they
    are (and marked fresh for make) unless force is set.
    """
    plan, problems = load_plan(content_dir)
    if plan is None:
        raise ContentError(problems)
    manifest = inputs.read_manifest(out_dir)
    digests = {kind: inputs.digest(plan, kind, templates) for kind in expand(documents)}
    kept = {kind: None if force else inputs.up_to_date(manifest, kind, d, out_dir) for kind, d in digests.items()}
    stale = [kind for kind in digests if kept[kind] is None]
    files = render_all(plan, stale, templates) if stale else {}
    entries = dict(manifest)
    for kind in stale:
        entries[kind] = {"digest": digests[kind], "files": [n for n in files if _kind_of(n) == kind]}
    if stale:
        files[inputs.MANIFEST] = inputs.manifest_bytes(entries)
    written = [p for p in write_atomically(out_dir, files) if p.name != inputs.MANIFEST] if files else []
    unchanged = [out_dir / name for kind in digests if kept[kind] for name in kept[kind]]
    for path in unchanged:
        os.utime(path)  # up to date as of this build: make compares times, not digests
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

    The plan's Markdown goes to pandoc first, in the background; the plan renders last.
    """
    files: dict[str, bytes] = {}
    conversion = None
    if "plan" in kinds:
        _require_plan_stage(plan)
        conversion = _start_markdown(plan, templates)
    try:
        for kind in sorted(kinds, key=lambda k: k == "plan"):
            try:
                if kind == "plan":
                    files["plan.docx"] = _render_plan(plan, templates, conversion)
                else:
                    files.update(RENDERERS[kind](plan, templates))
            except StageError as exc:
                raise StageError(f"rengiant {kind} iš {display_path(plan.root)}: {exc}") from exc
    finally:
        if conversion is not None:
            conversion.close()
    return files


def _orders(plan: Plan, templates: Path) -> dict[str, bytes]:
    files = {}
    names = ctx.order_file_names(plan)
    for order in plan.facts.orders:
        files[names[order.key]] = render(templates / "order.docx", ctx.order_context(plan, order, names[order.key]))
    files["regulations.docx"] = render(templates / "regulations.docx", ctx.regulations_context(plan))
    return files


def _require_plan_stage(plan: Plan) -> None:
    missing = plan.missing_for_plan()
    if missing:
        raise ContentError([Problem(display_path(plan.root / name), 1,
                                    "failo nėra: jis reikalingas planui ir koncepcijai parengti")
                            for name in missing])


def _start_markdown(plan: Plan, templates: Path) -> markdown.Conversion:
    """Start converting the plan's Markdown in one background pandoc run."""
    resource_dirs = [plan.root] + [g.folder / "skyriai" for g in plan.groups]
    return markdown.Conversion(ctx.markdown_parts(plan), templates / "plan.docx", resource_dirs)


def _render_plan(plan: Plan, templates: Path, conversion: markdown.Conversion) -> bytes:
    """Render the plan, placing the converted Markdown parts where its template asks for them."""
    names = list(ctx.markdown_parts(plan))
    docx_bytes = conversion.result()

    def prepare(tpl, context: dict) -> None:
        placed = markdown.attach(tpl, docx_bytes, names)
        context["introduction"] = placed["introduction"]
        context["implementation"] = placed["implementation"]
        context["chapters"] = [{"group": g.info.name.nominative, "body": placed[f"group_{g.key}"]}
                               for g in plan.groups if f"group_{g.key}" in placed]

    return render(templates / "plan.docx", ctx.plan_context(plan), prepare)


def _document(name: str, make_context):
    def renderer(plan: Plan, templates: Path) -> dict[str, bytes]:
        _require_plan_stage(plan)
        return {name: render(templates / name, make_context(plan))}
    return renderer


RENDERERS = {
    "order": _orders,
    "concept": _document("concept.docx", ctx.concept_context),
    "decision": _document("decision.docx", ctx.plan_package),
    "monitoring": _document("monitoring.docx", ctx.monitoring_context),
    "explanatory-note": _document("explanatory-note.docx", ctx.note_context),
}
