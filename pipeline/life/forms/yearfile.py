"""Import returned forms into stebesena/<year>.yaml, all or nothing.

With any problem in any workbook nothing is written, not even from the valid files. The year's file
is updated with a round-trip YAML library (ruamel.yaml) so that officials' comments, order and layout
survive; other executors' entries stay as they were. Finally the plan is checked again, and the file
is put back as it was if the result does not pass. Its keys are the schema's (schema.keys).
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

from ...content import schema

from ...content import schema_life
from ...content.layout import REPORTS_DIR
from ...content.model import Plan, require_year_in_period
from ...core.errors import ContentError, Problem, display_path
from .layout import executor_forms, summary
from .reading import Returned, read_all

YEAR_REPORT, REPORT_DECISION = schema.keys(schema_life.YearReportFile), schema.keys(schema_life.ReportDecision)


def import_forms(root: Path, year: int, paths: list[Path]) -> list[str]:
    """Import returned forms into stebesena/<year>.yaml; return a line per form of what it gave."""
    from ...content.plan import checked, load_plan
    from ...core.write import content_locked, remove_stale_temporaries, write_atomically
    from ..editions import measured_in

    plan, _ = checked(root)
    plan, _ = measured_in(plan, year)  # forms are issued from, and read against, the edition in force that year
    require_year_in_period(plan, year)
    returned = read_all(plan, year, paths)
    if not any(r.measures or r.indicators or r.deviations for r in returned):
        raise ContentError([Problem(display_path(paths[0]) if len(paths) == 1 else display_path(root), 0,
                                    "formose neužpildyta nė viena priemonė ir nė vienas rodiklis: nieko neįrašyta")])
    target = root / REPORTS_DIR / f"{year}.yaml"
    with content_locked(root):  # one import at a time: each adds to the year's file as the last one left it
        remove_stale_temporaries(target.parent, re.compile(r"^\.\d{4}\.yaml\.[A-Za-z0-9_]{8}\.tmp$"))
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        write_atomically(target.parent, {target.name: updated_text(plan, year, current, returned).encode("utf-8")})
        checked_again, problems = load_plan(root)
        if checked_again is None:
            if current is None:
                target.unlink()
            else:
                write_atomically(target.parent, {target.name: current.encode("utf-8")})
            raise ContentError([Problem(display_path(root), 0, "su formų duomenimis turinys netiktų (žr. toliau): "
                                        "pakeitimai atšaukti, niekas neįrašyta")] + problems)
    return [summary(r.executor, len(r.measures), len(r.indicators)) + f" ({display_path(r.path)})"
            for r in returned]


def updated_text(plan: Plan, year: int, current: str | None, returned: list[Returned]) -> str:
    """Return the year's file with the returned entries set, everything else (comments too) kept."""
    from ruamel.yaml.comments import CommentedMap

    yaml = _round_trip()
    data = _new_file(plan, year) if current is None else yaml.load(current)
    indicators, measures, deviations = YEAR_REPORT.indicators, YEAR_REPORT.measures, YEAR_REPORT.deviations
    for key in (indicators, measures) + ((deviations,) if any(r.deviations for r in returned) else ()):
        if data.get(key) is None:
            data[key] = CommentedMap()
    for item in returned:
        for code, entry in item.indicators.items():
            data[indicators][code] = _yaml_value(entry)
        for key, entry in item.measures.items():
            data[measures][key] = _yaml_value(entry)
        for code, entry in item.deviations.items():
            data[deviations][code] = _yaml_value(entry)
    if current is None:
        _in_plan_order(data, plan, year)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _round_trip():
    """Return a ruamel.yaml that keeps a file's comments, quotes and order, and writes exact decimals."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.representer.add_representer(Decimal, lambda r, d: r.represent_scalar("tag:yaml.org,2002:float", f"{d:f}"))
    yaml.representer.add_representer(type(None), lambda r, d: r.represent_scalar("tag:yaml.org,2002:null", "~"))
    yaml.preserve_quotes = True
    yaml.width = 4096  # a long text stays on its line rather than folding with a trailing space
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _new_file(plan: Plan, year: int):
    """Return a new year's file: the year, who prepares it and the decision's basis, under a heading comment."""
    from ruamel.yaml.comments import CommentedMap

    data = CommentedMap()
    data[YEAR_REPORT.year] = year
    data[YEAR_REPORT.prepared_by] = plan.monitoring.data_owner
    data[YEAR_REPORT.decision] = _decision_basis(plan, year)
    data.yaml_set_start_comment(f"{plan.facts.plan.title.genitive} įgyvendinimas {year} metais.\n"
                                "Vykdytojų duomenys įrašyti iš jų grąžintų formų.")
    return data


def _in_plan_order(data, plan: Plan, year: int) -> None:
    """List a new file's indicators and measures in the plan's order, not the forms'."""
    from ruamel.yaml.comments import CommentedMap

    order = {key: n for n, key in enumerate([i.code for g in plan.groups if g.goals for i in g.goals.indicators]
                                            + [m.key for f in executor_forms(plan, year) for m in f.measures])}
    for key in (YEAR_REPORT.indicators, YEAR_REPORT.measures, YEAR_REPORT.deviations):
        if key in data:
            data[key] = CommentedMap(sorted(data[key].items(), key=lambda kv: order.get(kv[0], len(order))))


def _yaml_value(value):
    """Return a value as the YAML file should hold it: whole numbers as ints, others as exact decimals."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    if isinstance(value, dict):
        return {k: _yaml_value(v) for k, v in value.items()}
    return value


def _decision_basis(plan: Plan, year: int):
    """Return what a new year's decision starts resting on: the latest earlier year's catalogue references and
    free text (the law itself is cited from the catalogue by the decision's date)."""
    from ruamel.yaml.comments import CommentedMap

    earlier = [r for y, r in sorted(plan.reports.items()) if y < year]
    decision = earlier[-1].decision if earlier else None
    basis = CommentedMap()
    refs = [r for r in decision.basis if isinstance(r, str)] if decision is not None else []
    if refs:
        basis[REPORT_DECISION.basis] = refs
    if decision is not None and decision.legal_basis:
        basis[REPORT_DECISION.legal_basis] = decision.legal_basis
    return basis
