"""The one table of the rules that span files, and the loop that runs them: the last step of checking.

Each entry names what it checks, the plan's parts it reads (parts.py) and its function, which takes
the report and the parts. The loop skips a rule whose parts the plan does not have, so adding a rule
is a function and one entry here. The documents' own content files bring their rules the same way
(files.ContentFile.rule): they run after the table's, on the same parts.
"""

from __future__ import annotations

from . import rules, rules_goals, rules_life
from .files import ContentFile
from .parts import Parts, Rule
from .rules import Report

# In this order: the yearly reports are not checked while a tikslai.yaml has errors, the goals' rules' included.
RULES: tuple[Rule, ...] = (
    Rule("darbo grupių sudėtis", ("groups",), rules.check_compositions),
    Rule("plano duomenys: laikotarpiai, herbas, potvarkiai", ("facts",), rules.check_facts),
    Rule("kada baigia veiklą darbo grupės", ("facts",), rules.check_mandate_ends),
    Rule("aktų teisinis pagrindas pagal įstatymų kalendorių", (), rules_life.check_law, content_only=True),
    Rule("teminių darbo grupių analizė", ("strategy",), rules.check_analysis),
    Rule("strategija ir grupių tikslai, uždaviniai, priemonės, rodikliai", ("strategy",),
         rules_goals.check_plan_goals),
    Rule("kas teikia kelių vykdytojų rodiklio reikšmę", ("strategy",), rules_goals.check_responsible),
    Rule("vykdytojų terminas stebėsenos metodikoje", ("strategy", "monitoring"), rules_life.check_monitoring),
    Rule("rodiklių apibrėžimai ir skaičiavimo būdai", ("strategy",), rules_goals.check_definitions,
         content_only=True),
    Rule("metų duomenys pagal planą", ("strategy", "report_files"), rules_life.check_reports),
)


def run(report: Report, parts: Parts, declared: tuple[ContentFile, ...] = ()) -> None:
    """Run every rule of the table, then those of the documents' content files, that applies to the parts."""
    for rule in RULES + tuple(entry.rule for entry in declared if entry.rule is not None):
        if rule.applies(parts):
            rule.check(report, parts)
