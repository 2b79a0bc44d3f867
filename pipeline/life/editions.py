"""The edition in force: a plan as the ledger's recorded text with the content's life (year files, news).

A yearly report, the executors' forms of a year and the site each use the edition in force on their own
date; content/ledger.py reads the ledger, this builds the plan of an edition from it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..content.ledger import Edition, Ledger, content_digest, read
from ..content.model import Derived
from ..content.files import life_globs
from ..content.plan import load_plan
from ..core.errors import ContentError, Problem, display_path


def plan_in_force(plan, editions: Ledger, on: dt.date):
    """Return the plan as in force on a day (its recorded edition's text with the content's life: year files,
    news, participation; or the content itself when no recorded edition was in force then) and that edition."""
    edition = editions.in_force(on)
    return (plan, None) if edition is None else (plan_of_edition(plan, edition), edition)


def plan_of_edition(plan, edition: Edition):
    """Return a recorded edition's text with the content's life.

    The returned plan keeps the content folder's root and files, so that what depends on the year
    files (a report's inputs, make's dependencies) still follows the official's edits.
    """
    if content_digest(edition.content) != edition.content_digest:
        raise ContentError([Problem(display_path(edition.content), 0, "patvirtintos redakcijos turinys pakeistas "
                                                                       "po patvirtinimo (kontrolinė suma nesutampa "
                                                                       "su aktas.yaml)")])
    marks = {"derived": Derived(), "edition": edition.id.title(), "edition_entry": edition.folder.name}
    lives = life_globs(plan.declared)
    if content_digest(plan.root, life=False, life_globs=lives) == content_digest(edition.content, False, None, lives):
        return dataclasses.replace(plan, **marks)  # the content is that very text: read once
    text, problems = load_plan(edition.content, text_only=True)
    if text is None:
        raise ContentError([Problem(display_path(edition.content), 0, "galiojančios redakcijos turinyje yra "
                                                                       "klaidų:")] + problems)
    return dataclasses.replace(text, name=plan.name, root=plan.root, files=plan.files, reports=plan.reports,
                               news=plan.news, participation=plan.participation, site=plan.site, amendment=plan.amendment,
                               warnings=plan.warnings, extra=plan.extra, declared=plan.declared, **marks)


def forms_of_year(plan, year: int) -> dict[str, object]:
    """Return, by ledger entry ("" for the content), the plan of each edition a year's forms may have been issued
    from: every edition in force at some time in that year, and the content when none was."""
    editions = read(plan.root)
    during = editions.in_force_during(year)
    return {e.folder.name: plan_of_edition(plan, e) for e in during} or {"": plan}


def measured_in(plan, year: int):
    """Return the plan a year is measured against (reports, executors' forms, their import): the edition in
    force at the end of that year, with the content's year data; and that edition (None: the content)."""
    editions = read(plan.root)
    if editions.problems:
        raise ContentError(editions.problems)
    return plan_in_force(plan, editions, dt.date(year, 12, 31))
