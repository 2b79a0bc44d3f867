"""The ledger of adopted editions: approve records an act whole, and its documents never change afterwards."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.content import ledger
from pipeline.commands.approve import approve
from pipeline.commands.build import Options, build
from pipeline.core.errors import ContentError, StageError

from .conftest import ROOT, copy_plan, paragraphs, run_cli

PACKAGE = ["decision.docx", "plan.docx", "monitoring.docx", "explanatory-note.docx"]


def adopt(plan: Path, number: str = "T-250", date: str = "2022-05-24") -> None:
    """Type the approving decision's number and date into sprendimas.yaml, as an official does once adopted."""
    path = plan / "sprendimas.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "sprendimas:\n", f"sprendimas:\n  numeris: {number}\n  data: {date}\n", 1), encoding="utf-8")


def raise_amount(plan: Path, old: str = "Savivaldybės biudžetas: 1600000", new: str = "Savivaldybės biudžetas: 1700000"):
    path = plan / "grupes" / "01" / "tikslai.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def approved(tmp_path) -> tuple[Path, Path]:
    """A copy of Kaunas whose plan (adopted: T-250) is recorded anew (without PDFs: LibreOffice is slow)."""
    plan = copy_plan("kaunas-2030", tmp_path, ledger=False)
    approve(plan, "plan", tmp_path / "out", pdf=False)
    return plan, tmp_path


def test_approve_records_the_act_whole(approved):
    plan, tmp = approved
    entries = sorted((plan / "redakcijos").iterdir())
    assert [e.name for e in entries if not e.name.startswith(".")] == ["2022-05-24-t-250-planas"]
    entry = plan / "redakcijos" / "2022-05-24-t-250-planas"
    assert sorted(p.name for p in (entry / "dokumentai").iterdir()) == sorted(PACKAGE)
    assert (entry / "turinys" / "sprendimas.yaml").read_bytes() == (plan / "sprendimas.yaml").read_bytes()
    assert not (entry / "turinys" / "redakcijos").exists()
    act = (entry / "aktas.yaml").read_text(encoding="utf-8")
    assert "aktas: planas\n" in act and 'numeris: "T-250"\n' in act and "data: 2022-05-24\n" in act
    recorded = ledger.read(plan, verify=True)
    assert recorded.problems == []
    (edition,) = recorded.editions
    assert edition.id == ledger.ActId("plan", "T-250", __import__("datetime").date(2022, 5, 24))
    for name in PACKAGE:  # what the build wrote is what was recorded
        assert (entry / "dokumentai" / name).read_bytes() == (tmp / "out" / name).read_bytes()


def test_an_adopted_plan_is_never_rebuilt_differently(approved):
    plan, tmp = approved
    raise_amount(plan)
    result = run_cli("build", str(plan), "plan", "--out", str(tmp / "again"), "--force")
    assert result.returncode == 0, result.stderr
    entry = plan / "redakcijos" / "2022-05-24-t-250-planas" / "dokumentai"
    for name in PACKAGE:
        assert (tmp / "again" / name).read_bytes() == (entry / name).read_bytes(), name
    warning = [line for line in result.stderr.splitlines() if "skiriasi" in line]
    assert warning == [f"{plan.relative_to(ROOT) if plan.is_relative_to(ROOT) else plan}: įspėjimas: turinys "
                       "skiriasi nuo galiojančios redakcijos (planas (2022-05-24 Nr. T-250)): patvirtinti dokumentai "
                       "pateikti tokie, kokie priimti; pakeitimai – plano pakeitimo projektui (make amend)"]


def test_the_amendment_carries_the_difference(approved):
    plan, tmp = approved
    raise_amount(plan)
    (plan / "pakeitimas.yaml").write_bytes((ROOT / "content" / "klaipeda-2030" / "pakeitimas.yaml").read_bytes())
    result = run_cli("amend", str(plan), "--out", str(tmp / "amended"))  # against the edition in force
    assert result.returncode == 0, result.stderr
    note = "\n".join(paragraphs(tmp / "amended" / "amendment-explanatory-note.docx"))
    assert "1 700 000,00" in note and "1 600 000,00" in note
    assert "2022 m. gegužės 24 d." in "\n".join(paragraphs(tmp / "amended" / "amendment-decision.docx"))
    by_number = run_cli("amend", str(plan), "--since", "T-250", "--out", str(tmp / "by-number"))
    assert by_number.returncode == 0, by_number.stderr
    assert (tmp / "by-number" / "amendment-plan.docx").read_bytes() == (tmp / "amended" / "amendment-plan.docx").read_bytes()


def test_an_adopted_amendment_becomes_the_edition_in_force(approved):
    plan, tmp = approved
    raise_amount(plan)
    amendment = (ROOT / "content" / "klaipeda-2030" / "pakeitimas.yaml").read_text(encoding="utf-8")
    (plan / "pakeitimas.yaml").write_text(amendment.replace("sprendimas:\n", "sprendimas:\n  numeris: T-99\n"
                                                            "  data: 2025-12-18\n", 1), encoding="utf-8")
    approve(plan, "amendment", tmp / "out", pdf=False)
    recorded = ledger.read(plan)
    assert [e.id.words() for e in recorded.editions] == ["planas (2022-05-24 Nr. T-250)",
                                                        "pakeitimas (2025-12-18 Nr. T-99)"]
    import datetime as dt
    assert recorded.in_force(dt.date(2025, 12, 17)).id.number == "T-250"
    assert recorded.in_force(dt.date(2025, 12, 18)).id.number == "T-99"
    assert recorded.in_force(dt.date(2022, 5, 23)) is None
    rebuilt = build(plan, ["amendment"], tmp / "rebuilt", Options(force=True))  # the adopted amendment, as recorded
    entry = plan / "redakcijos" / "2025-12-18-t-99-pakeitimas" / "dokumentai"
    for path in rebuilt.written:
        assert path.read_bytes() == (entry / path.name).read_bytes()
    assert build(plan, ["plan"], tmp / "plan", Options(force=True)).warnings == []  # content is the edition in force


def test_approve_refuses_a_draft_content_errors_and_a_second_time(tmp_path, approved):
    draft = copy_plan("alytus-2030", tmp_path)
    with pytest.raises(StageError, match=r"^planas dar be numerio ir datos: įrašykite juos į .*sprendimas.yaml "
                                         r"ir tvirtinkite$"):
        approve(draft, "plan", tmp_path / "draft-out", pdf=False)
    assert not (draft / "redakcijos").exists()
    plan, tmp = approved
    result = run_cli("approve", str(plan), "plan", "--out", str(tmp / "twice"))
    assert result.returncode == 1
    assert result.stderr.endswith("jau patvirtintas ir įrašytas: "
                                  f"{plan / 'redakcijos' / '2022-05-24-t-250-planas'}\n".replace(str(ROOT) + "/", ""))
    assert "Traceback" not in result.stderr
    (plan / "strategija.yaml").write_text("vizija: [", encoding="utf-8")
    broken = run_cli("approve", str(plan), "plan", "--out", str(tmp / "broken"))
    assert broken.returncode == 1 and "strategija.yaml:" in broken.stderr and "Niekas neįrašyta." in broken.stderr


def test_approving_an_act_whose_file_the_plan_lacks_is_refused_as_a_draft(tmp_path):
    plan = copy_plan("alytus-2030", tmp_path)
    (plan / "koncepcija.yaml").unlink()
    result = run_cli("approve", str(plan), "concept", "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == (f"klaida: koncepcija dar be numerio ir datos: įrašykite juos į "
                             f"{plan / 'koncepcija.yaml'} ir tvirtinkite\n")
    assert not (plan / "redakcijos").exists() and not (tmp_path / "out").exists()


def test_a_tampered_edition_is_reported_and_not_built(approved):
    plan, tmp = approved
    recorded = plan / "redakcijos" / "2022-05-24-t-250-planas" / "dokumentai" / "plan.docx"
    recorded.write_bytes(recorded.read_bytes() + b"\0")
    check = run_cli("check", str(plan))
    assert check.returncode == 1
    assert "dokumentai/plan.docx:0: patvirtintas dokumentas pakeistas arba pašalintas po patvirtinimo" in check.stdout \
        or "dokumentai/plan.docx: patvirtintas dokumentas pakeistas arba pašalintas po patvirtinimo" in check.stdout
    with pytest.raises(StageError, match=r"dokumentai/plan.docx: patvirtintas dokumentas pakeistas po patvirtinimo"):
        build(plan, ["plan"], tmp / "tampered")
    copy = plan / "redakcijos" / "2022-05-24-t-250-planas" / "turinys" / "planas.yaml"
    recorded.write_bytes(recorded.read_bytes()[:-1])
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# pakeista\n", encoding="utf-8")
    assert any("turinys pakeistas po patvirtinimo" in p.message for p in ledger.read(plan, verify=True).problems)
    with pytest.raises(ContentError, match="turinys pakeistas po patvirtinimo"):  # its text is not used either
        build(plan, ["report"], tmp / "tampered-report")


_KILLED_APPROVE = """
import sys
from pathlib import Path
from pipeline.commands.approve import approve
approve(Path(sys.argv[1]), "plan", Path(sys.argv[2]), pdf=False)
"""


def test_a_killed_approve_leaves_the_act_out_or_whole(tmp_path):
    rng = random.Random(20)
    plan = copy_plan("panevezys-2027", tmp_path)
    adopt(plan, "T-1", "2021-02-25")
    outcomes = set()
    for attempt in range(6):
        process = subprocess.Popen([sys.executable, "-c", _KILLED_APPROVE, str(plan), str(tmp_path / f"o{attempt}")],
                                   cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        time.sleep(rng.uniform(0.2, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        recorded = ledger.read(plan, verify=True)
        assert recorded.problems == []
        outcomes.add(len(recorded.editions))
        if recorded.editions:
            break
    entries = [e.name for e in (plan / "redakcijos").iterdir()] if (plan / "redakcijos").exists() else []
    approve(plan, "plan", tmp_path / "final", pdf=False) if not ledger.read(plan).editions else None
    assert [e.id.number for e in ledger.read(plan).editions] == ["T-1"]
    assert not [e for e in (plan / "redakcijos").iterdir() if e.name.startswith(".irasoma-")], entries


def _amend_kaunas(plan: Path, number: str = "T-400", date: str = "2025-09-25") -> None:
    """Drop measure EK-P02 (it has 2024 data), raise EK-01's target, and write the amending decision."""
    import yaml

    goals_file = plan / "grupes" / "01" / "tikslai.yaml"
    goals = yaml.safe_load(goals_file.read_text(encoding="utf-8"))
    for goal in goals["tikslai"]:
        for objective in goal["uždaviniai"]:
            objective["priemonės"] = [m for m in objective["priemonės"] if m["id"] != "EK-P02"]
    goals["rodikliai"][0]["siektina_reikšmė"] = 8500
    goals_file.write_text(yaml.safe_dump(goals, allow_unicode=True, sort_keys=False), encoding="utf-8")
    amendment = (ROOT / "content" / "klaipeda-2030" / "pakeitimas.yaml").read_text(encoding="utf-8")
    (plan / "pakeitimas.yaml").write_text(amendment.replace(
        "sprendimas:\n", f"sprendimas:\n  numeris: {number}\n  data: {date}\n", 1), encoding="utf-8")


def _adopt_report(plan: Path, year: int, number: str, date: str) -> None:
    path = plan / "stebesena" / f"{year}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "sprendimas:\n", f"sprendimas:\n  numeris: {number}\n  data: {date}\n", 1), encoding="utf-8")


def test_a_plan_lives_reports_and_amendments_in_time(tmp_path):
    """Kaunas' ledger holds its plan (T-250) and its 2023 report (T-223): report 2024, approve it, amend (drop a
    measure that has 2024 data, change a target), approve the amendment, then report 2025."""
    plan = copy_plan("kaunas-2030", tmp_path)
    _adopt_report(plan, 2024, "T-300", "2025-06-11")
    approve(plan, "report", tmp_path / "out", Options(year=2024), pdf=False)
    recorded = {p.name: p.read_bytes() for p in (plan / "redakcijos" / "2025-06-11-t-300-ataskaita-2024" /
                                                 "dokumentai").iterdir()}
    assert sorted(recorded) == ["report-2024.docx", "report-decision-2024.docx", "report-explanatory-note-2024.docx"]
    _amend_kaunas(plan)
    approve(plan, "amendment", tmp_path / "out", pdf=False)
    assert run_cli("check", str(plan)).returncode == 0  # EK-P02's 2024 data stays valid
    again = build(plan, ["report"], tmp_path / "again", Options(year=2024, force=True))
    assert {p.name: p.read_bytes() for p in again.written} == recorded  # the adopted report never changes
    rows_2024 = [p for p in paragraphs(tmp_path / "again" / "report-2024.docx") if "investicines teritorijas" in p]
    assert rows_2024, "the dropped measure keeps its 2024 row"
    (plan / "stebesena" / "2025.yaml").write_text((plan / "stebesena" / "2024.yaml").read_text(encoding="utf-8")
                                                   .replace("metai: 2024", "metai: 2025")
                                                   .replace("  numeris: T-300\n  data: 2025-06-11\n", "")
                                                   .replace("2024 metais", "2025 metais"), encoding="utf-8")
    assert run_cli("check", str(plan)).returncode == 0  # EK-P02 was in force until the amendment's day in 2025
    text = (plan / "stebesena" / "2025.yaml").read_text(encoding="utf-8")
    (plan / "stebesena" / "2025.yaml").write_text(text.replace("  EK-P02:\n", "  EK-P99:\n", 1), encoding="utf-8")
    check = run_cli("check", str(plan))
    assert check.returncode == 1 and "stebesena/2025.yaml:" in check.stdout and "nežinoma priemonė „EK-P99“" \
        in check.stdout  # no edition in force in 2025 had it
    (plan / "stebesena" / "2025.yaml").write_text(text, encoding="utf-8")
    build(plan, ["report"], tmp_path / "2025", Options(year=2025))
    texts = paragraphs(tmp_path / "2025" / "report-2025.docx")
    assert ("2. Ataskaitoje vertinama 2025 metų pabaigoje galiojusi Plano redakcija, nustatyta Kauno miesto "
            "savivaldybės tarybos 2025 m. rugsėjo 25 d. sprendimu Nr. T-400 „Dėl Kauno miesto savivaldybės tarybos 2022 m. "
            "gegužės 24 d. sprendimo Nr. T-250 „Dėl Kauno miesto savivaldybės strateginio plėtros plano iki 2030 metų "
            "patvirtinimo“ pakeitimo“.") in texts
    assert not [p for p in texts if "investicines teritorijas" in p]  # dropped by the edition in force
    assert "8 500 (2030 m.)" in "\n".join(texts)  # EK-01's new target


def test_forms_issued_before_an_amendment_still_import_after_it(tmp_path):
    from .test_forms import fill, issue

    plan = copy_plan("kaunas-2030", tmp_path)  # its ledger: the plan T-250 in force
    from openpyxl import load_workbook

    def measures_of(path):
        book = load_workbook(path)  # the data collector's form has no measures
        return [row[1].value for row in book["Priemonės"].iter_rows(min_row=2)] if "Priemonės" in book else []

    forms = issue(plan, 2025, tmp_path / "formos")
    kaunas_in = next(p for p in forms if "EK-P02" in measures_of(p))
    fill(kaunas_in)
    book = load_workbook(kaunas_in)
    assert "Forma parengta pagal 2025 metų pabaigoje galiojusią plano redakciją (Plano patvirtinimas: tarybos " \
           "2022 m. gegužės 24 d. sprendimas Nr. T-250)." in [c.value for row in book["Nurodymai"].iter_rows() for c in row]
    _amend_kaunas(plan)  # drops EK-P02; adopted 2025-09-25, so in force at the end of 2025
    approve(plan, "amendment", tmp_path / "out", pdf=False)
    result = run_cli("import", str(plan), "--year", "2025", str(kaunas_in))
    assert result.returncode == 0, result.stdout + result.stderr
    year = (plan / "stebesena" / "2025.yaml").read_text(encoding="utf-8")
    assert "  EK-P02:\n    būklė: vykdoma\n" in year
    assert run_cli("check", str(plan)).returncode == 0
    again = issue(plan, 2025, tmp_path / "formos-po-pakeitimo")  # now from the amended edition: no EK-P02
    same = next(p for p in again if p.name == kaunas_in.name)
    assert "EK-P02" not in measures_of(same) and measures_of(same)


def test_an_order_issued_after_the_adopted_one_is_built_beside_it(tmp_path):
    import datetime as dt

    import yaml

    plan = copy_plan("kaunas-2030", tmp_path, ledger=False)
    facts_file = plan / "planas.yaml"
    text = facts_file.read_text(encoding="utf-8")
    facts = yaml.safe_load(text)
    first, later = facts["potvarkiai"]
    first.update(numeris="M-16", data=dt.date(2021, 1, 20))  # adopted
    first["grupės"] = first["grupės"] + later["grupės"]  # while only the first order exists, it forms every group
    facts["potvarkiai"] = [first]
    facts_file.write_text(yaml.safe_dump(facts, allow_unicode=True, sort_keys=False), encoding="utf-8")
    approve(plan, "order", tmp_path / "out", pdf=False)
    recorded = plan / "redakcijos" / "2021-01-20-m-16-potvarkis" / "dokumentai"
    assert sorted(p.name for p in recorded.iterdir()) == ["order.docx", "regulations.docx"]
    facts["potvarkiai"] = [first, later]  # the second order, issued later, joins the content
    first["grupės"] = first["grupės"][:-len(later["grupės"])]
    facts_file.write_text(yaml.safe_dump(facts, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = build(plan, ["order"], tmp_path / "later", Options(force=True))
    assert sorted(p.name for p in result.written) == ["order-koordinacine.docx", "order.docx", "regulations.docx"]
    for name in ("order.docx", "regulations.docx"):  # the adopted order as recorded, though content changed
        assert (tmp_path / "later" / name).read_bytes() == (recorded / name).read_bytes()
    assert "M-17" in "\n".join(paragraphs(tmp_path / "later" / "order-koordinacine.docx"))


def test_each_order_of_the_mayor_is_recorded_as_an_act_of_its_own(tmp_path):
    plan = copy_plan("kaunas-2030", tmp_path, ledger=False)
    facts = plan / "planas.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("    numeris: M-21\n    data: 2021-02-03\n", "", 1), encoding="utf-8")
    first = approve(plan, "order", tmp_path / "out", pdf=False)  # only M-17 is adopted yet
    assert [p.name for p in first] == ["2021-01-27-m-17-potvarkis"]
    assert sorted(p.name for p in (first[0] / "dokumentai").iterdir()) == ["order-koordinacine.docx"]
    with pytest.raises(StageError, match=r"Nr. M-17\) jau patvirtintas ir įrašytas"):
        approve(plan, "order", tmp_path / "out", pdf=False)
    facts.write_text(text, encoding="utf-8")  # the thematic groups' order is adopted later
    second = approve(plan, "order", tmp_path / "out", pdf=False)
    assert [p.name for p in second] == ["2021-02-03-m-21-potvarkis"]
    assert sorted(p.name for p in (second[0] / "dokumentai").iterdir()) == ["order.docx", "regulations.docx"]
    facts.write_text(text.replace("Pavedu", "Įpareigoju"), encoding="utf-8")  # content changes after adoption
    build(plan, ["order"], tmp_path / "later", Options(force=True))
    for entry in first + second:
        for recorded in (entry / "dokumentai").iterdir():
            assert (tmp_path / "later" / recorded.name).read_bytes() == recorded.read_bytes()


def test_a_recorded_act_given_another_number_in_content_is_named_and_kept_as_adopted(approved):
    plan, tmp = approved
    recorded = plan / "redakcijos" / "2022-05-24-t-250-planas" / "dokumentai"
    decision = plan / "sprendimas.yaml"
    decision.write_text(decision.read_text(encoding="utf-8").replace("numeris: T-250", "numeris: T-251"),
                        encoding="utf-8")
    result = run_cli("build", str(plan), "plan", "--out", str(tmp / "renumbered"))
    assert result.returncode == 0, result.stderr
    assert ("sprendimas.yaml: įspėjimas: čia nurodyta (Nr. T-251, 2022-05-24) ne taip, kaip įrašytas priimtas "
            "planas (2022-05-24 Nr. T-250)") in result.stderr
    for name in PACKAGE:
        assert (tmp / "renumbered" / name).read_bytes() == (recorded / name).read_bytes()


def test_an_annex_written_after_the_adoption_is_not_made_for_the_adopted_act(tmp_path):
    plan = copy_plan("kaunas-2030", tmp_path / "plans")  # T-250 recorded without a consultation annex
    (plan / "konsultacija.yaml").write_text(
        "pasiūlymai:\n  - teikėjas: Gyventojas\n    data: 2022-06-10\n    pasiūlymas: Įrengti baseiną.\n"
        "    nuomonė: Nepritarti\n    motyvai: Lėšų nėra.\n", encoding="utf-8")
    result = build(plan, ["plan"], tmp_path / "out")
    assert sorted(p.name for p in result.written) == ["decision.docx", "explanatory-note.docx", "monitoring.docx",
                                                      "plan.docx"]
    assert not (tmp_path / "out" / "consultation.docx").exists()
    checked = run_cli("check", str(plan))
    assert "po plano patvirtinimo 2022-05-24 (sprendimas Nr. T-250)" in checked.stdout
