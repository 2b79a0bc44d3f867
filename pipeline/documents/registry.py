"""The one table of documents: what each kind is made from, how it is rendered, what it makes.

Everything that needs to know the documents iterates `DOCUMENTS`: the command line's choices
and the Makefile's sets (`python -m pipeline sets`), the check of missing files, the input
digests and make's dependency files, the bench and the tests. A document's own content files
(`content`: glob, schema, name, rule) are loaded, checked, mapped for editors and counted among
its inputs from its entry alone. Its `outputs` for a plan are the files it makes, each with its
title and the act it belongs to (made.py): a build renders exactly those, tells from them whether
a kind's acts are all recorded, and the website lists built files by them under their acts.
Adding a document is a template, a module with its context (and its content's schema and outputs when
it has them), one entry here, sample content and a test; README's "The code" goes through it step by step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import consultation, context as ctx, context_types as ct, made, minutes, pandoc
from .made import Output
from ..content.files import ContentFile
from ..content.model import Plan
from ..content.views import order_file_names
from ..content.layout import image_folders
from ..content.layout import (AMENDMENT_FILE, CONCEPT_FILE, DECISION_FILE, GOALS_FILE, GROUP_FILE, GROUPS_DIR, IMPLEMENTATION, INTRODUCTION,
                     MONITORING_FILE, PLAN_FILE, REPORTS_DIR, STRATEGY_FILE, content_file)

# Content files (globs in the plan folder) the documents of each stage are made from.
ORDER_READS = (PLAN_FILE, f"{GROUPS_DIR}/*/{GROUP_FILE}")
CONCEPT_READS = ORDER_READS + (STRATEGY_FILE, CONCEPT_FILE)
PACKAGE_READS = ORDER_READS + (STRATEGY_FILE, DECISION_FILE, MONITORING_FILE, f"{GROUPS_DIR}/*/{GOALS_FILE}")
REPORT_READS = PACKAGE_READS + (f"{REPORTS_DIR}/*.yaml",)
EVERYTHING = ("**/*",)


@dataclass(frozen=True)
class Document:
    """One kind of document.

    templates maps each template it renders to the type of the context that template receives.
    A document with one template and a `context` function is rendered to a file named like the
    template; one that needs more (several files, Markdown) has a `render` function of its own.
    `needs` are content files it cannot be built without, beyond planas.yaml and the groups;
    `reads` the content files (globs) it is made from: a change to any of them renders it anew.
    """

    kind: str
    title: str
    sets: tuple[str, ...]
    templates: dict[str, type]
    act: str | None  # the act it belongs to, adopted as a whole (ledger.py); None: part of no act (minutes)
    needs: tuple[str, ...] = ()
    reads: tuple[str, ...] = ORDER_READS
    context: Callable[[Plan], dict] | None = None
    contexts: Callable[[Plan], dict[str, dict]] | None = None  # one context by output file: several, or none
    content: tuple[ContentFile, ...] = ()  # its own content files: read, checked and among its inputs
    render: Callable[[Plan, Path, object], dict[str, bytes]] | None = None
    markdown: bool = False  # its template places the plan's Markdown, converted by pandoc meanwhile
    in_all: bool = True  # made by `build … all`; a yearly report is asked for by its own set
    begun: Callable[[Plan], bool] | None = None  # outside `all`: whether the plan has begun it (check then warns)
    variant: Callable[[Plan], str] | None = None  # what else decides its output (the report's year)
    made: Callable[[Plan], list[Output]] | None = None  # its files, when not just its one template's (made.py)

    def outputs(self, plan: Plan) -> list[Output]:
        """Return the files it makes for a plan, each with its title and act: by default its one template's."""
        if self.made is not None:
            return self.made(plan)
        (name,) = self.templates
        return [Output(name, self.title, made.act(plan, self.act) if self.act is not None else None)]

    def files(self, plan: Plan, templates: Path, conversion=None) -> dict[str, bytes]:
        """Render this document's files, by output name; `conversion` is the pandoc run for Markdown.
        Rendering a file it does not declare (or not one it does) is a defect of the program: it stops."""
        files = self._rendered(plan, templates, conversion)
        declared = [o.name for o in self.outputs(plan)]
        if sorted(files) != sorted(declared):
            raise RuntimeError(f"{self.kind}: rendered {sorted(files)}, declared {sorted(declared)}")
        return files

    def _rendered(self, plan: Plan, templates: Path, conversion) -> dict[str, bytes]:
        if self.render is not None:
            return self.render(plan, templates, conversion)
        from .render import render

        (name,) = self.templates
        if self.contexts is not None:
            return {output: render(templates / name, context) for output, context in self.contexts(plan).items()}
        return {name: render(templates / name, self.context(plan))}

    @property
    def inputs(self) -> tuple[str, ...]:
        """Return the globs of every content file it is made from: those it reads and its own."""
        return self.reads + tuple(f.glob for f in self.content)

    def missing(self, root: Path) -> list[str]:
        """Return the files this document needs that the plan folder does not have yet."""
        return [name for name in self.needs if content_file(root, name) is None]


def start_markdown(plan: Plan, reference: Path) -> pandoc.Conversion:
    """Start converting the plan's checked Markdown in one background pandoc run, styled like `reference`."""
    texts = [plan.introduction, *(ch for g in plan.groups for ch in g.chapters), plan.implementation]
    sources = [(chapter.path, chapter.text) for chapter in texts if chapter is not None]  # named when pandoc fails
    return pandoc.Conversion(ctx.markdown_parts(plan), reference, image_folders(plan.root), sources)


def _orders(plan: Plan, templates: Path, conversion=None) -> dict[str, bytes]:
    """Render every order of the plan (order.docx, order-<id>.docx) and the regulations they approve."""
    from .render import render

    names = order_file_names(plan)
    files = {names[order.key]: render(templates / "order.docx", ctx.order_context(plan, order, names[order.key]))
             for order in plan.facts.orders}
    files["regulations.docx"] = render(templates / "regulations.docx", ctx.regulations_context(plan))
    return files


def _plan(plan: Plan, templates: Path, conversion, edition: str | None = None) -> dict[str, bytes]:
    """Render the plan, then put the converted Markdown parts where its template placed them."""
    from . import markdown
    from .render import render

    places = markdown.Places(list(conversion.parts))
    context = ctx.plan_context(plan, places, edition)
    return {"plan.docx": render(templates / "plan.docx", context,
                                lambda document: places.fill(document, conversion.result(), conversion.marker))}


def report_year(plan: Plan) -> str:
    """Return the year the build reports (from --year, else the latest with data) and the edition it measures."""
    edition = plan.derived.report_edition
    return f"{plan.derived.report_year}:{edition.folder.name if edition is not None else ''}"


def _report(plan: Plan, templates: Path, conversion=None) -> dict[str, bytes]:
    """Render a year's implementation report, the council decision on it and, when the year's file has
    one, the decision's explanatory note: report-<year>.docx, report-decision-<year>.docx, …"""
    from .render import render

    year = plan.derived.report_year
    files = {f"report-{year}.docx": render(templates / "report.docx", ctx.report_context(plan, year)),
             f"report-decision-{year}.docx": render(templates / "report-decision.docx",
                                                    ctx.report_decision_context(plan, year))}
    if plan.reports[year].note is not None:
        files[f"report-explanatory-note-{year}.docx"] = render(templates / "report-explanatory-note.docx",
                                                               ctx.report_note_context(plan, year))
    return files


def approved_edition(plan: Plan) -> str:
    """Return what identifies the approved edition an amendment is made against (set by the build)."""
    return plan.derived.approved_digest


def _amendment(plan: Plan, templates: Path, conversion) -> dict[str, bytes]:
    """Render the amending decision, the plan's new edition, its comparison with the approved edition
    in tracked changes, and the explanatory note with the summary of changes."""
    from ..life import amend
    from . import redline
    from ..core.errors import ContentError, Problem, display_path
    from .render import render

    approved = plan.derived.approved
    approved_markdown = start_markdown(approved, templates / "plan.docx")
    try:
        edition = amend.acts(approved, plan.amendment.decision, plan.facts.municipality.genitive)["edition"]
        new = _plan(plan, templates, conversion, edition)["plan.docx"]
        old = _plan(approved, templates, approved_markdown)["plan.docx"]
    finally:
        approved_markdown.close()
    comparison = redline.comparison(old, new, plan.amendment.comparison)
    changes = amend.changes_of(plan)
    if comparison is None and changes.empty:
        raise ContentError([Problem(display_path(plan.root), 0, f"planas nepakeistas, palyginti su patvirtinta "
                                    f"redakcija ({plan.derived.approved_shown}): nieko neparengta")])
    files = {
        "amendment-decision.docx": render(templates / "amendment-decision.docx", ctx.amendment_decision_context(plan)),
        "amendment-plan.docx": new,
        "amendment-comparison.docx": comparison or new,
        "amendment-explanatory-note.docx": render(templates / "amendment-explanatory-note.docx",
                                                  ctx.amendment_note_context(plan, changes)),
    }
    if amend.methodology_changes(plan):  # the indicators changed: the methodology gets a new edition too
        files["amendment-monitoring.docx"] = render(templates / "monitoring.docx",
                                                    ctx.monitoring_context(plan, edition))
    return files


DOCUMENTS: tuple[Document, ...] = (
    Document("order", "mero potvarkiai ir darbo grupių reglamentas", ("order",),
             {"order.docx": ct.OrderContext, "regulations.docx": ct.RegulationsContext}, "order", render=_orders,
             made=made.orders),
    Document("concept", "plano koncepcija", ("concept",), {"concept.docx": ct.ConceptContext}, "concept",
             needs=(STRATEGY_FILE, CONCEPT_FILE), reads=CONCEPT_READS, context=ctx.concept_context),
    Document("concept-decision", "koncepcijos tvirtinimo sprendimo projektas", ("concept",),
             {"concept-decision.docx": ct.ConceptDecisionContext}, "concept", needs=(STRATEGY_FILE, CONCEPT_FILE),
             reads=CONCEPT_READS, context=ctx.concept_decision_context),
    Document("concept-explanatory-note", "koncepcijos sprendimo projekto aiškinamasis raštas", ("concept",),
             {"concept-explanatory-note.docx": ct.ConceptNoteContext}, "concept", needs=(STRATEGY_FILE, CONCEPT_FILE),
             reads=CONCEPT_READS, context=ctx.concept_note_context),
    Document("decision", "tarybos sprendimo projektas", ("plan",), {"decision.docx": ct.DecisionContext}, "plan",
             needs=(STRATEGY_FILE, DECISION_FILE), reads=PACKAGE_READS, context=ctx.decision_context),
    Document("plan", "strateginis plėtros planas", ("plan",), {"plan.docx": ct.PlanContext}, "plan",
             needs=(STRATEGY_FILE, DECISION_FILE, MONITORING_FILE, INTRODUCTION, IMPLEMENTATION), reads=EVERYTHING,
             render=_plan, markdown=True),
    Document("monitoring", "stebėsenos metodika", ("plan",), {"monitoring.docx": ct.MonitoringContext}, "plan",
             needs=(STRATEGY_FILE, DECISION_FILE, MONITORING_FILE), reads=PACKAGE_READS, context=ctx.monitoring_context),
    Document("explanatory-note", "aiškinamasis raštas", ("plan",), {"explanatory-note.docx": ct.NoteContext}, "plan",
             needs=(STRATEGY_FILE, DECISION_FILE), reads=PACKAGE_READS, context=ctx.note_context),
    Document("consultation", "visuomenės konsultavimo rezultatų lentelė (aiškinamojo rašto priedas)", ("plan",),
             {"consultation.docx": consultation.ConsultationContext}, "plan",
             reads=ORDER_READS + (f"{GROUPS_DIR}/*/{GOALS_FILE}",),
             contexts=consultation.contexts, content=(consultation.CONTENT,), made=consultation.outputs),
    Document("report", "metinė įgyvendinimo ataskaita ir jos sprendimo projektas", ("report",),
             {"report.docx": ct.ReportContext, "report-decision.docx": ct.ReportDecisionContext,
              "report-explanatory-note.docx": ct.ReportNoteContext}, "report",
             needs=(STRATEGY_FILE, DECISION_FILE, MONITORING_FILE), reads=REPORT_READS, render=_report,
             in_all=False, variant=report_year, begun=lambda plan: bool(plan.reports), made=made.report),
    Document("amendment", "plano pakeitimo sprendimo projektas, nauja redakcija, lyginamasis variantas ir "
             "aiškinamasis raštas", ("amendment",),
             {"plan.docx": ct.PlanContext, "amendment-decision.docx": ct.AmendmentDecisionContext,
              "amendment-explanatory-note.docx": ct.AmendmentNoteContext,
              "monitoring.docx": ct.MonitoringContext}, "amendment",  # plan.docx first: pandoc's styles
             needs=(STRATEGY_FILE, DECISION_FILE, MONITORING_FILE, INTRODUCTION, IMPLEMENTATION, AMENDMENT_FILE),
             reads=EVERYTHING, render=_amendment, markdown=True, in_all=False, variant=approved_edition,
             begun=lambda plan: plan.amendment is not None, made=made.amendment),
    Document("minutes", "darbo grupių posėdžių protokolai", ("minutes",), {"minutes.docx": minutes.MinutesContext},
             None, contexts=minutes.contexts, content=(minutes.CONTENT,), made=minutes.outputs),
)

BY_KIND = {d.kind: d for d in DOCUMENTS}
# The sets a command names (`build … plan`), in the order they are listed; "all" is every document.
SETS = tuple(dict.fromkeys(s for d in DOCUMENTS for s in d.sets)) + ("all",)
# The content files the documents bring: whoever loads a plan for them hands these to the loader.
CONTENT_FILES: tuple[ContentFile, ...] = tuple(f for d in DOCUMENTS for f in d.content)
# What make's help adds to a set's line beyond its documents' titles.
SET_NOTES = {"order": " → build/<planas>/order.docx, regulations.docx", "all": "visi dokumentai (be metinių ataskaitų)",
             "report": " (YEAR=<metai>, numatytieji – naujausi)"}


def set_help() -> list[str]:
    """Return make's help line of each set (`make plan  …`), from the titles of its documents."""
    lines = []
    for name in (s for s in SETS if s != "amendment"):  # make's own `amend` makes an amendment
        titles = ", ".join(d.title for d in in_sets([name])) if name != "all" else ""
        lines.append(f"  make {name:<8} {titles}{SET_NOTES.get(name, '')}")
    return lines


def in_sets(names: list[str]) -> list[Document]:
    """Return the documents the sets named on the command line hold, each once, in table order."""
    wanted = set(names)
    return [d for d in DOCUMENTS if ("all" in wanted and d.in_all) or wanted & set(d.sets)]


def missing_files(root: Path, documents: tuple[Document, ...] = DOCUMENTS) -> dict[str, list[str]]:
    """Return each file some of the documents need that the plan folder lacks, with the documents needing it."""
    missing: dict[str, list[str]] = {}
    for document in documents:
        for name in document.missing(root):
            missing.setdefault(name, []).extend(document.templates)
    return missing

