"""Meeting minutes and the public consultation table: rendered from their own content, checked by their rules."""

from __future__ import annotations

from pipeline.commands.approve import approve
from pipeline.commands.build import build

from .conftest import copy_plan, paragraphs, run_cli, text_of


def test_minutes_are_numbered_per_group_and_year_and_signed(tmp_path):
    root = copy_plan("panevezys-2027", tmp_path, ledger=False)
    result = build(root, ["minutes"], tmp_path / "out")
    names = sorted(p.name for p in result.written)
    assert names == ["minutes-01-2020-10-06.docx", "minutes-01-2020-12-01.docx",
                     "minutes-02-2020-10-06.docx", "minutes-02-2020-12-01.docx"]
    text = text_of(tmp_path / "out" / "minutes-02-2020-12-01.docx")
    assert "DARBO GRUPĖS POSĖDŽIO PROTOKOLAS" in text and "2020 m. gruodžio 1 d. Nr. 2" in text
    assert "SVARSTYTA." in text and "NUTARTA:" in text and "DARBOTVARKĖ:" in text
    assert "Posėdžio pirmininkas\tJonas Jonaitis" in text
    assert build(root, ["minutes"], tmp_path / "out").written == []  # unchanged: kept


def test_meeting_times_typed_either_way_are_printed_with_a_full_stop(tmp_path):
    root = copy_plan("panevezys-2027", tmp_path, ledger=False)
    meeting = root / "grupes" / "01" / "posedziai" / "2020-10-06.yaml"
    text = meeting.read_text(encoding="utf-8")
    assert 'pradžia: "14:00"' in text and 'pabaiga: "15:30"' in text
    meeting.write_text(text.replace('pradžia: "14:00"', 'pradžia: "09:30"').replace('pabaiga: "15:30"', "pabaiga: 11.05"),
                       encoding="utf-8")
    build(root, ["minutes"], tmp_path / "out")
    assert "Posėdis įvyko 9.30–11.05\u00a0val., vieta" in "\n".join(
        paragraphs(tmp_path / "out" / "minutes-01-2020-10-06.docx", raw=True))
    assert "Posėdis įvyko 14.00–15.30 val., vieta" in text_of(tmp_path / "out" / "minutes-02-2020-10-06.docx")


def test_a_meeting_time_that_is_no_time_is_refused_in_words(tmp_path):
    root = copy_plan("panevezys-2027", tmp_path, ledger=False)
    meeting = root / "grupes" / "01" / "posedziai" / "2020-10-06.yaml"
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text.replace('pradžia: "14:00"', "pradžia: 14:00").replace('pabaiga: "15:30"', 'pabaiga: "25.00"'),
                       encoding="utf-8")
    result = run_cli("check", str(root))
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert ("grupes/01/posedziai/2020-10-06.yaml:4: laukas „pradžia“: laiką rašykite kabutėse, pvz., „14.00“ arba "
            "„14:00“ (be kabučių YAML 14:00 perskaito kaip minučių skaičių); rasta „840“") in result.stdout
    assert ("grupes/01/posedziai/2020-10-06.yaml:5: laukas „pabaiga“: tikėtasi laiko valandomis ir minutėmis, pvz., "
            "„14.00“ arba „14:00“; rasta „25.00“") in result.stdout


def test_a_chair_who_is_not_a_member_is_refused(tmp_path):
    root = copy_plan("alytus-2030", tmp_path, ledger=False)
    meeting = root / "grupes" / "01" / "posedziai" / "2020-09-15.yaml"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("pirmininkas: Vardenis Pavardenis",
                                                                     "pirmininkas: Petras Nežinomas"), encoding="utf-8")
    result = run_cli("check", str(root))
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert ("grupes/01/posedziai/2020-09-15.yaml:6: „Petras Nežinomas“ nėra šios darbo grupės narys (grupe.yaml): "
            "posėdžio pirmininkas turi būti grupės narys") in result.stdout


def test_the_consultation_table_counts_opinions_in_words(tmp_path):
    root = copy_plan("alytus-2030", tmp_path, ledger=False)
    build(root, ["plan"], tmp_path / "out")
    text = text_of(tmp_path / "out" / "consultation.docx")
    assert "Aiškinamojo rašto priedas" in text and "VISUOMENĖS KONSULTAVIMO REZULTATŲ LENTELĖ" in text
    assert "Iš viso gauta: trys pasiūlymai." in text and "Pritarti iš dalies – vienas pasiūlymas;" in text
    assert "EK-P01 Alytaus pramoninio parko" in text


def test_a_proposal_linked_to_an_unknown_measure_is_refused(tmp_path):
    root = copy_plan("alytus-2030", tmp_path, ledger=False)
    table = root / "konsultacija.yaml"
    table.write_text(table.read_text(encoding="utf-8").replace("priemonė: EK-P02", "priemonė: XX-P99"), encoding="utf-8")
    result = run_cli("check", str(root))
    assert result.returncode == 1
    assert ("konsultacija.yaml:19: priemonės „XX-P99“ nėra: nurodykite priemonės id iš grupių tikslai.yaml"
            in result.stdout)


def test_a_plan_without_the_files_makes_neither_document(tmp_path):
    root = copy_plan("klaipeda-2030", tmp_path)
    first = build(root, ["minutes"], tmp_path / "out")
    assert first.written == [] and build(root, ["minutes"], tmp_path / "out").unchanged == []


LATE = """  - teikėjas: Vėlesnis teikėjas
    data: {date}
    pasiūlymas: Įrengti dar vieną parką.
    nuomonė: Nepritarti
    motyvai: Pasiūlymas gautas po konsultavimo.
"""


def test_a_proposal_after_the_plan_was_adopted_is_warned_of(tmp_path):
    root = copy_plan("alytus-2030", tmp_path, ledger=False)
    decision = root / "sprendimas.yaml"
    decision.write_text(decision.read_text(encoding="utf-8").replace(
        "sprendimas:\n", "sprendimas:\n  numeris: T-10\n  data: 2020-12-20\n", 1), encoding="utf-8")
    approve(root, "plan", tmp_path / "out", pdf=False)
    table = root / "konsultacija.yaml"
    before = table.read_text(encoding="utf-8")
    table.write_text(before + LATE.format(date="2021-01-05") + LATE.format(date="2020-12-11"), encoding="utf-8")
    result = run_cli("check", str(root))
    assert result.returncode == 0 and "Traceback" not in result.stdout + result.stderr
    warnings = [line for line in result.stdout.splitlines() if "įspėjimas" in line]
    assert warnings == [
        f"{root}/konsultacija.yaml:21: įspėjimas: pasiūlymas gautas 2021-01-05, po plano patvirtinimo 2020-12-20 "
        "(sprendimas Nr. T-10): patvirtinto aiškinamojo rašto priede jo nėra – jis svarstomas rengiant plano pakeitimą",
        f"{root}/konsultacija.yaml:26: įspėjimas: pasiūlymas įrašytas po plano patvirtinimo 2020-12-20 "
        "(sprendimas Nr. T-10): patvirtintame aiškinamojo rašto priede jo nėra "
        "(žr. redakcijos/2020-12-20-t-10-planas/turinys/konsultacija.yaml)"]
    table.write_text(before, encoding="utf-8")  # the proposals as adopted: nothing to warn of
    assert "įspėjimas" not in run_cli("check", str(root)).stdout
