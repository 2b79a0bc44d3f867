"""Build documents: load and check → contexts → render → write, in that order; nothing is written on error.

Which documents a command names, what they are made from and how they render is the registry's
(documents.py); this module only runs the stages. Documents whose inputs have not changed since
the last build into the same folder are kept as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import TEMPLATES, inputs, pandoc
from .content import Plan, load_plan
from .context import markdown_parts
from .documents import Document, in_sets, missing_files
from .errors import ContentError, Problem, StageError, display_path
from .layout import image_folders
from .write import locked, write_atomically


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def build(content_dir: Path, sets: list[str], out_dir: Path, templates: Path = TEMPLATES,
          force: bool = False, waiting=None) -> BuildResult:
    """Check the plan, render the documents of the named sets that changed, and write them.

    Unchanged documents are kept unless force is set. One build at a time writes a folder:
    `waiting()` is called when this one has to wait for another.
    """
    plan, warnings = checked(content_dir)
    documents = in_sets(sets)
    require(plan, documents)
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

    When one of them places the plan's Markdown, pandoc converts it on the other core while the
    templates render; documents that need it come last, so that pandoc has had all that time.
    """
    readers = [d for d in documents if d.markdown]
    conversion = start_markdown(plan, templates / next(iter(readers[0].templates))) if readers else None
    try:
        return {d.kind: _labelled(d, plan, templates, conversion)
                for d in sorted(documents, key=lambda d: d.markdown)}
    finally:
        if conversion is not None:
            conversion.close()


def start_markdown(plan: Plan, reference: Path) -> pandoc.Conversion:
    """Start converting the plan's checked Markdown in one background pandoc run, styled like `reference`."""
    return pandoc.Conversion(markdown_parts(plan), reference, image_folders(plan.root))


def _labelled(document: Document, plan: Plan, templates: Path, conversion) -> dict[str, bytes]:
    """Render one document, naming it and the plan in any error."""
    try:
        return document.files(plan, templates, conversion)
    except StageError as exc:
        raise StageError(f"rengiant {document.kind} iš {display_path(plan.root)}: {exc}") from exc
