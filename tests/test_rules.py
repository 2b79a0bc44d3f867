"""The rules that span files (pipeline/content/rules*.py), checked directly on small inline content."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from pipeline.content import rules, rules_goals, schema
from pipeline.core.errors import ERROR, WARNING, close_hint
from pipeline.content.load import YamlFile

from .conftest import TINY_GROUP, TINY_PLAN, png

FILE = YamlFile(Path("failas.yaml"), None)  # no lines: every problem is placed on line 1


class Recorder:
    """A Report that keeps what the checks say: (severity, location, message)."""

    def __init__(self):
        self.found: list[tuple[str, tuple, str]] = []

    def error(self, file, loc, message):
        self.found.append((ERROR, loc, message))

    def warn(self, file, loc, message):
        self.found.append((WARNING, loc, message))


def plan_facts(**changes) -> schema.PlanFile:
    data = yaml.safe_load(TINY_PLAN)
    for key, value in changes.items():
        data[key] = value
    return schema.PlanFile.model_validate(data)


def group(members: list[tuple[str, str]]) -> schema.GroupFile:
    data = yaml.safe_load(TINY_GROUP)
    data["nariai"] = [{"vardas": name, "lytis": "moteris", "pareigos": "specialistė", "vaidmuo": role}
                      for name, role in members]
    return schema.GroupFile.model_validate(data)


def test_a_group_needs_one_chair_a_secretary_and_nobody_twice():
    report = Recorder()
    rules.check_members(report, group([("Ona Onaitė", "narys"), ("ONA ONAITĖ", "narys")]), FILE)
    assert report.found == [
        (ERROR, ("nariai",), "darbo grupėje nėra pirmininko (vaidmuo: pirmininkas)"),
        (WARNING, ("nariai",), "darbo grupėje nėra sekretoriaus"),
        (ERROR, ("nariai", 1, "vardas"), "tas pats asmuo darbo grupėje du kartus: „ONA ONAITĖ“"),
    ]
    report = Recorder()
    rules.check_members(report, group([("A A", "pirmininkas"), ("B B", "sekretorius"), ("C C", "pirmininkas")]), FILE)
    assert report.found == [(ERROR, ("nariai", 2, "vaidmuo"), "darbo grupėje gali būti tik vienas pirmininkas")]
    report = Recorder()
    rules.check_members(report, group([]), FILE)
    assert report.found == [(ERROR, ("nariai",), "darbo grupėje nėra narių")]


def test_periods_end_after_they_start_and_stages_keep_within_the_schedule():
    facts = yaml.safe_load(TINY_PLAN)
    facts["planas"]["pabaiga"] = 2020
    facts["darbo_grafikas"]["etapai"] = [{"pavadinimas": "Analizė", "pradžia": "2020-07-01", "pabaiga": "2020-06-30"}]
    report = Recorder()
    rules.check_schedule(report, schema.PlanFile.model_validate(facts), FILE)
    assert report.found == [
        (ERROR, ("planas", "pabaiga"), "plano pabaiga ankstesnė už pradžią"),
        (ERROR, ("darbo_grafikas", "etapai", 0, "pabaiga"), "etapo pabaiga ankstesnė už pradžią"),
        (ERROR, ("darbo_grafikas", "etapai", 0), "etapas išeina už darbo grafiko ribų"),
    ]


def test_orders_form_each_group_once_and_one_approves_the_regulations():
    order = yaml.safe_load(TINY_PLAN)["potvarkiai"][0]
    second = copy.deepcopy(order) | {"numeris": None, "data": None, "grupės": [1, "03", "2"],
                                     "tvirtina_reglamentą": False}
    first = order | {"tvirtina_reglamentą": False, "data": "2020-08-01"}
    third = copy.deepcopy(order) | {"id": "kita", "numeris": None, "grupės": ["04"], "tvirtina_reglamentą": False}
    report = Recorder()
    rules.check_orders(report, plan_facts(potvarkiai=[first, second, third]), FILE,
                       rules.Groups(keys=["01", "02", "04"], loaded=["01", "02", "04"]))
    assert report.found == [
        (ERROR, ("potvarkiai", 1, "id"), "pasikartojantis potvarkio žymuo „darbo-grupes“"),
        (ERROR, ("potvarkiai",), "nė vienas potvarkis netvirtina darbo reglamento (tvirtina_reglamentą: true)"),
        (ERROR, ("potvarkiai", 0, "data"),
         "potvarkio data vėlesnė už darbo grupių darbo pradžią (darbo_grafikas.pradžia)"),
        (ERROR, ("potvarkiai", 1, "grupės", 0), "darbo grupė „01“ jau sudaroma kitu potvarkiu"),
        (ERROR, ("potvarkiai", 1, "grupės", 1), "nežinoma darbo grupė „03“"),
        (ERROR, ("potvarkiai", 1, "grupės", 2), "nežinoma darbo grupė „2“; gal turėta omenyje „02“?"),
        (WARNING, ("potvarkiai", 2), "potvarkis bus projektas: nenurodytas laukas „numeris“"),
        (WARNING, ("potvarkiai",), "darbo grupė „02“ nesudaroma nė vienu potvarkiu"),
    ]


def test_a_group_reference_may_be_a_number_yaml_read_from_01():
    assert rules.resolve_group(1, ["01", "02"]) == "01"
    assert rules.resolve_group("02", ["01", "02"]) == "02"
    assert rules.resolve_group(3, ["01", "02"]) is None


def test_the_coat_of_arms_is_a_png_or_jpeg_in_the_plan_folder(tmp_path):
    (tmp_path / "herbas.png").write_bytes(png())
    (tmp_path / "herbas.txt").write_text("ne paveikslėlis", encoding="utf-8")
    found = {}
    for name in ("herbas.png", "herbas.txt", "nera.png", "../herbas.png"):
        report = Recorder()
        rules.check_coat_of_arms(report, tmp_path, plan_facts(herbas=name), FILE)
        found[name] = report.found
    assert found == {
        "herbas.png": [],
        "herbas.txt": [(ERROR, ("herbas",), "herbo failas nėra PNG ar JPEG paveikslėlis: „herbas.txt“")],
        "nera.png": [(ERROR, ("herbas",), "herbo failo nėra: „nera.png“")],
        "../herbas.png": [(ERROR, ("herbas",), "herbo failas už plano aplanko ribų: „../herbas.png“")],
    }


STRATEGY = schema.StrategyFile.model_validate({
    "vizija": "Vizija",
    "prioritetai": [{"id": "P1", "pavadinimas": "Ekonomika", "aprašymas": "…"},
                    {"id": "P2", "pavadinimas": "Aplinka", "aprašymas": "…"}],
    "rodiklių_lygiai": {"poveikio": "Poveikio rodikliai", "rezultato": "Rezultato rodikliai",
                        "produkto": "Produkto rodikliai"},
    "finansavimo_šaltiniai": ["Savivaldybės biudžetas", "ES fondai"],
})


def indicator(code: str, level: str, unit: str = "vnt.", target: str = "10") -> dict:
    return {"kodas": code, "pavadinimas": code, "lygis": level, "matas": unit, "šaltinis": "Statistika",
            "pradinė_reikšmė": "1", "pradiniai_metai": 2019, "siektina_reikšmė": target}


def goals(goal_list: list[dict], indicators: list[dict]) -> schema.GoalsFile:
    return schema.GoalsFile.model_validate({"tikslai": goal_list, "rodikliai": indicators})


def measure(**changes) -> dict:
    return {"pavadinimas": "Priemonė", "vykdytojas": "Administracija", "pradžia": 2022, "pabaiga": 2024,
            "finansavimas": {"ES fondai": 1000}, "rodikliai": ["E-03"]} | changes


def test_goals_name_known_priorities_indicators_of_their_level_and_known_sources():
    objective = {"pavadinimas": "Uždavinys", "rodikliai": ["E-02"],
                 "priemonės": [measure(), measure(pabaiga=2031, finansavimas={"ES fondas": 5}, rodikliai=["E-01"])]}
    group_goals = goals([{"pavadinimas": "Tikslas", "prioritetas": "p1", "rodikliai": ["E-01", "E-09"],
                          "uždaviniai": [objective]}],
                        [indicator("E-01", "poveikio"), indicator("E-02", "rezultato"),
                         indicator("E-03", "produkto"), indicator("E-04", "produkto")])
    report, used = Recorder(), set()
    plan = rules_goals.GoalsPlan(STRATEGY, (2021, 2030), {"E-01", "E-02", "E-03", "E-04"})
    rules_goals.check_goals(report, group_goals, FILE, plan, used)
    measure_loc = ("tikslai", 0, "uždaviniai", 0, "priemonės", 1)
    assert report.found == [
        (ERROR, ("tikslai", 0, "prioritetas"), "nežinomas prioritetas „p1“: galimi P1, P2; gal turėta omenyje „P1“?"),
        (ERROR, ("tikslai", 0, "rodikliai", 1), "nežinomas rodiklis „E-09“"),
        (WARNING, measure_loc + ("rodikliai", 0), "rodiklis „E-01“ yra poveikio, o čia laukiama produkto rodiklio"),
        (ERROR, measure_loc + ("pabaiga",), "priemonės laikas 2022–2031 išeina už plano laikotarpio (2021–2030)"),
        (ERROR, measure_loc + ("finansavimas", "ES fondas"),
         "nežinomas finansavimo šaltinis „ES fondas“; gal turėta omenyje „ES fondai“?"),
        (WARNING, ("rodikliai", 3), "rodiklis „E-04“ nenaudojamas jokiame tiksle, uždavinyje ar priemonėje"),
    ]
    assert used == {"p1"}


def test_a_goal_needs_objectives_and_an_objective_measures():
    report = Recorder()
    group_goals = goals([{"pavadinimas": "A", "prioritetas": "P1"},
                         {"pavadinimas": "B", "prioritetas": "P1", "uždaviniai": [{"pavadinimas": "U"}]}], [])
    rules_goals.check_goals(report, group_goals, FILE, rules_goals.GoalsPlan(STRATEGY, (2021, 2030), set()), set())
    assert report.found == [(ERROR, ("tikslai", 0), "tikslas neturi uždavinių"),
                            (ERROR, ("tikslai", 1, "uždaviniai", 0), "uždavinys neturi priemonių")]
    report = Recorder()
    rules_goals.check_goals(report, goals([], []), FILE, rules_goals.GoalsPlan(STRATEGY, (2021, 2030), set()), set())
    assert report.found == [(WARNING, ("tikslai",), "grupė nesiūlo nė vieno tikslo")]


def test_indicators_have_codes_unique_across_groups_years_in_the_plan_and_shares_up_to_100():
    first = goals([], [indicator("E-01", "poveikio")])
    second_data = indicator("E-01", "rezultato", unit="proc.", target="120") | {
        "tarpinė_reikšmė": "5", "tarpiniai_metai": 2031, "pradiniai_metai": 2031}
    second = goals([], [second_data, indicator("E-02", "produkto") | {"tarpiniai_metai": 2025}])
    report, codes = Recorder(), {}
    other = YamlFile(Path("kitas.yaml"), None)
    rules_goals.check_indicators(report, first, other, (2021, 2030), codes)
    rules_goals.check_indicators(report, second, FILE, (2021, 2030), codes)
    assert report.found == [
        (ERROR, ("rodikliai", 0, "kodas"), "pasikartojantis rodiklio kodas „E-01“ (jau yra kitas.yaml:1)"),
        (ERROR, ("rodikliai", 0, "pradiniai_metai"), "pradinės reikšmės metai 2031 po plano pabaigos (2030)"),
        (ERROR, ("rodikliai", 0, "tarpiniai_metai"), "tarpinės reikšmės metai 2031 ne plano laikotarpyje (2021–2030)"),
        (ERROR, ("rodikliai", 0, "siektina_reikšmė"),
         "laukas „siektina_reikšmė“: dalis procentais turi būti nuo 0 iki 100; rasta „120“"),
        (ERROR, ("rodikliai", 1), "tarpinė reikšmė ir jos metai nurodomi kartu"),
    ]
    assert set(codes) == {"E-01", "E-02"}


def test_the_strategy_has_unique_priorities_and_sources_each_priority_used():
    strategy = STRATEGY.model_copy(update={"sources": ["ES fondai", "Kitos", "ES fondai"]})
    group_goals = goals([{"pavadinimas": "T", "prioritetas": "P2",
                          "uždaviniai": [{"pavadinimas": "U", "priemonės": [measure()]}]}],
                        [indicator("E-03", "produkto")])
    report = Recorder()
    rules_goals.check_strategy(report, (2021, 2030), strategy, FILE, [(group_goals, FILE)])
    assert report.found == [
        (ERROR, ("finansavimo_šaltiniai", 2), "pasikartojantis finansavimo šaltinis „ES fondai“"),
        (WARNING, ("prioritetai", 0), "prioritetui „P1“ nepriskirtas nė vienas tikslas"),
    ]


def test_a_close_hint_names_one_value_only_when_it_is_clearly_the_closest():
    assert close_hint("p1", ["P1", "P2"]) == "; gal turėta omenyje „P1“?"
    assert close_hint("P9", ["P1", "P4"]) == ""
    assert close_hint("zzz", ["P1"]) == ""
    assert rules.duplicates(["a", "b", "a", "c", "b", "a"]) == ["a", "b"]


def test_a_kind_of_group_without_its_mandate_end_is_an_error(tiny):
    from pipeline.commands import cli

    planas = tiny / "planas.yaml"
    planas.write_text(planas.read_text(encoding="utf-8").replace(
        "  veiklos_pabaiga:\n    teminė: Savivaldybės taryba patvirtina Planą\n", ""), encoding="utf-8")
    import contextlib
    import io

    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        assert cli.main(["check", str(tiny)]) == 1
    assert (f"{planas}:27: nenurodyta, kada baigia veiklą teminė darbo grupė: įrašykite "
            "„veiklos_pabaiga: {teminė: …}“ (tekstas po „baigia veiklą, kai“)") in output.getvalue().splitlines()


def test_a_thematic_group_without_its_analysis_is_warned_of(alytus):
    import shutil

    from pipeline.content.plan import load_plan

    group = alytus / "grupes" / "02"
    shutil.rmtree(alytus / "stebesena")  # its yearly report names the group's measures
    shutil.rmtree(group / "skyriai")
    (group / "ssgg.yaml").unlink()
    (group / "tikslai.yaml").unlink()
    plan, problems = load_plan(alytus)
    assert plan is not None
    lines = [str(p) for p in problems]
    assert f"{group / 'skyriai'}: įspėjimas: teminė darbo grupė neturi situacijos analizės skyrių (*.md): plan.docx " \
           "jos skyriaus neturės" in lines
    assert f"{group / 'ssgg.yaml'}: įspėjimas: failo dar nėra: plan.docx neturės šios grupės SSGG lentelės" in lines
    assert f"{group / 'tikslai.yaml'}: įspėjimas: failo dar nėra: plan.docx neturės šios grupės tikslų, priemonių ir " \
           "rodiklių" in lines


# ---------------------------------------------------------------- the methodology's cards must be applicable


def _without_definition(tmp_path, as_name: bool = False):
    """Copy Alytus and take its first indicator's definition away (or make it the name); return paths and line."""
    import re

    from .conftest import copy_plan

    root = copy_plan("alytus-2030", tmp_path, ledger=False)
    goals = root / "grupes" / "01" / "tikslai.yaml"
    text = goals.read_text(encoding="utf-8")
    item = re.search(r"^  - kodas: (\S+)\n    pavadinimas: (.+)\n", text, re.MULTILINE)
    definition = re.search(r"^    apibrėžimas: .*\n", text[item.start():], re.MULTILINE)
    start = item.start() + definition.start()
    new = f"    apibrėžimas: {item.group(2)}\n" if as_name else ""
    goals.write_text(text[:start] + new + text[start + len(definition.group(0)):], encoding="utf-8")
    return root, goals, item.group(1), item.group(2), text[:item.start()].count("\n") + 1


def test_a_missing_definition_is_a_warning_while_the_plan_is_a_draft(tmp_path):
    from .conftest import run_cli

    root, goals, code, _, line = _without_definition(tmp_path)
    result = run_cli("check", str(root))
    assert result.returncode == 0 and "Traceback" not in result.stdout + result.stderr
    assert (f"{goals}:{line}: įspėjimas: rodikliui „{code}“ nenurodyta „apibrėžimas“: stebėsenos metodikos kortelėje "
            "turi būti parašyta, kas skaičiuojama, iš kokio šaltinio ir kaip dažnai") in result.stdout.splitlines()
    assert run_cli("check", str(root), "--strict").returncode == 1


def test_a_definition_that_repeats_the_name_and_a_missing_method_are_errors_once_the_decision_has_a_number(tmp_path):
    from .conftest import run_cli

    import re

    root, goals, code, _, line = _without_definition(tmp_path, as_name=True)
    text = goals.read_text(encoding="utf-8")
    method = re.search(r"^    skaičiavimas: .*\n", text[text.index(f"  - kodas: {code}\n"):], re.MULTILINE)
    at = text.index(f"  - kodas: {code}\n") + method.start()
    goals.write_text(text[:at] + text[at + len(method.group(0)):], encoding="utf-8")
    decision = root / "sprendimas.yaml"
    decision.write_text(decision.read_text(encoding="utf-8").replace(
        "sprendimas:\n", "sprendimas:\n  numeris: T-1\n  data: 2021-01-28\n", 1), encoding="utf-8")
    result = run_cli("check", str(root))
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert (f"{goals}:{line}: rodikliui „{code}“ nenurodyta „apibrėžimas“ ir „skaičiavimas“: stebėsenos metodikos "
            "kortelėje turi būti parašyta, kas skaičiuojama, iš kokio šaltinio ir kaip dažnai (plano sprendimas jau "
            "turi numerį)") in result.stdout.splitlines(), result.stdout
    built = run_cli("build", str(root), "plan", "--out", str(tmp_path / "out"))
    assert built.returncode == 1 and not (tmp_path / "out" / "monitoring.docx").exists()


def test_every_sample_indicator_has_a_definition_and_a_method_of_its_own():
    from .conftest import SAMPLES, plan_of

    for name in SAMPLES:
        for indicator in (i for g in plan_of(name).groups if g.goals for i in g.goals.indicators):
            assert indicator.definition and indicator.definition != indicator.name, (name, indicator.code)
            assert indicator.method and "Pagal duomenų šaltinio" not in indicator.method, (name, indicator.code)
            assert indicator.frequency, (name, indicator.code)
