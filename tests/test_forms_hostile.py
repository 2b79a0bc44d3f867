"""Executors' forms against hostile input: formulas in content and in returned cells, broken or hostile
workbook XML, oversized parts, and the forms folder (its lock, its record, what may be overwritten)."""

from __future__ import annotations

import csv
import fcntl
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from pipeline.life.forms import layout as forms, limits as imports
from pipeline.core.errors import ContentError
from pipeline.life.forms.yearfile import import_forms

from .conftest import copy_plan, needs, run_cli, snapshot
from .test_forms import edit, fill, issue

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
BROKEN = "sugadintas arba nesaugus failas: atverkite jį Excel programa ir įrašykite iš naujo arba naudokite išduotą formą"
DDE = "=cmd|' /C calc'!A0"
HYPERLINK = '=HYPERLINK("https://example.org","Spauskite")'
# Texts a spreadsheet would take for a formula, an error value or a DDE command, as content may hold them.
HOSTILE = {"measure": HYPERLINK, "indicator": "=1+1", "unit": "@SUM(A1)", "account": DDE, "other": "#N/A"}


def hostile_plan(tmp_path: Path) -> Path:
    """Kaunas with hostile texts in a measure, its indicator and the 2024 account of the measure."""
    root = copy_plan("kaunas-2030", tmp_path, ledger=False)
    goals = root / "grupes" / "07" / "tikslai.yaml"
    text = goals.read_text(encoding="utf-8")
    text = text.replace("""            pavadinimas: >-
              Plėsti atliekų rūšiavimo infrastruktūrą: įrengti pusiau požeminių konteinerių aikšteles ir
              didelių gabaritų atliekų surinkimo aikšteles""", f"            pavadinimas: '{HYPERLINK.replace(chr(39), 2 * chr(39))}'")
    text = text.replace("    pavadinimas: Įrengtų pusiau požeminių atliekų konteinerių aikštelių skaičius\n    lygis: produkto\n"
                        "    matas: vnt.", f"    pavadinimas: '{HOSTILE['indicator']}'\n    lygis: produkto\n"
                        f"    matas: '{HOSTILE['unit']}'")
    text = text.replace("pavadinimas: Įkurti daiktų pakartotinio naudojimo ir taisymo centrus", "pavadinimas: '#N/A'")
    goals.write_text(text, encoding="utf-8")
    year = root / "stebesena" / "2024.yaml"
    text = year.read_text(encoding="utf-8")
    marker = "  ZK-P01:\n    būklė: įgyvendinta\n    panaudota:\n      Savivaldybės biudžetas: 400000\n      ES fondai: 540000\n"
    start = text.index(marker) + len(marker)
    end = text.index("\n", start)
    year.write_text(text[:start] + "    kas_atlikta: \"=cmd|' /C calc'!A0\"" + text[end:], encoding="utf-8")
    return root


def sheet_xml(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")}


def texts(path: Path) -> dict[str, object]:
    """Return every cell of a workbook by "sheet!A1", as openpyxl reads it."""
    book = load_workbook(path)
    return {f"{s.title}!{c.coordinate}": c for s in book.worksheets for row in s.iter_rows() for c in row}


# ---------------------------------------------------------------- issuing: text stays text


def test_hostile_texts_are_issued_as_text_never_as_formulas(tmp_path):
    root = hostile_plan(tmp_path)
    paths = issue(root, 2024, tmp_path / "formos")
    seen = {}
    for path in paths:
        for place, cell in texts(path).items():
            assert cell.data_type != "f", (path.name, place, cell.value)
            if isinstance(cell.value, str):
                assert cell.data_type == "s", (path.name, place, cell.value)
                seen[cell.value] = cell
        for name, xml in sheet_xml(path).items():
            assert etree.fromstring(xml).find(f".//{MAIN}f") is None, (path.name, name)
    for value in HOSTILE.values():
        assert value in seen, value
    for value in (HYPERLINK, "=1+1", "@SUM(A1)", DDE):
        assert seen[value].quotePrefix, value  # stays text when an official edits the cell
    assert not seen["#N/A"].quotePrefix and seen["#N/A"].data_type == "s"


@needs("calc")
def test_calc_shows_hostile_texts_literally(tmp_path):
    root = hostile_plan(tmp_path)
    form = next(p for p in issue(root, 2024, tmp_path / "formos") if HYPERLINK in [c.value for c in texts(p).values()])
    out = tmp_path / "csv"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--norestore",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                    "--outdir", str(out), str(form)], capture_output=True, text=True, check=True, timeout=180)
    cells = [value for csv_file in sorted(out.glob("*.csv"))
             for row in csv.reader(csv_file.read_text(encoding="utf-8").splitlines()) for value in row]
    assert HYPERLINK in cells and "=1+1" in cells and "@SUM(A1)" in cells and DDE in cells, cells
    assert "Spauskite" not in cells  # nothing was evaluated


# ---------------------------------------------------------------- import: no formula crosses into content


@pytest.fixture
def svara(tmp_path):
    """Kaunas, its forms for 2025 issued, and the filled form of UAB „Kauno švara“ (one measure, one indicator)."""
    root = copy_plan("kaunas-2030", tmp_path, ledger=False)
    form = next(p for p in issue(root, 2025, tmp_path / "formos") if p.name == "kaunas-2030-2025-uab-kauno-svara.xlsx")
    fill(form)
    return root, form


def columns(book) -> tuple[int, int]:
    """Return the status and account columns of „Priemonės“."""
    headers = [c.value for c in book[forms.MEASURES_SHEET][1]]
    return forms.STATUS_COLUMN, len(headers)


def where(book, column: int) -> str:
    return f"{book[forms.MEASURES_SHEET].cell(2, column).column_letter}2"


def test_formulas_in_text_cells_are_refused_at_their_cells(svara):
    root, form = svara
    book = load_workbook(form)
    status, account = columns(book)
    book[forms.MEASURES_SHEET].cell(2, status, '=IF(1,"vykdoma")')
    book[forms.MEASURES_SHEET].cell(2, account, DDE)
    book[forms.INDICATORS_SHEET].cell(2, forms.NOTE_COLUMN, HYPERLINK)
    book.save(form)
    assert texts(form)[f"{forms.MEASURES_SHEET}!{where(book, account)}"].data_type == "f"  # a real formula cell
    before = snapshot(root / "stebesena")
    result = run_cli("import", str(root), "--year", "2025", str(form))
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output
    message = "čia rašomas tekstas, o įrašyta formulė: įrašykite tekstą be formulės"
    for sheet, cell in ((forms.MEASURES_SHEET, where(book, status)), (forms.MEASURES_SHEET, where(book, account)),
                        (forms.INDICATORS_SHEET, "J2")):
        assert f"{form}: lapas „{sheet}“, langelis {cell}: {message}" in output.splitlines(), output
    assert "calc" not in output and snapshot(root / "stebesena") == before


@pytest.mark.parametrize("typed", ["=1+1", DDE, "_x003D_1+1", "  =SUM(A1:A3)"])
def test_text_that_begins_with_an_equals_sign_is_refused(svara, typed):
    root, form = svara
    book = load_workbook(form)
    _, account = columns(book)
    cell = book[forms.MEASURES_SHEET].cell(2, account, typed)
    cell.data_type = "s"  # a string cell, as a program other than Excel may write it
    book.save(form)
    assert "<f>" not in sheet_xml(form)["xl/worksheets/sheet2.xml"].decode()
    with pytest.raises(ContentError) as caught:
        import_forms(root, 2025, [form])
    shown = "=" + typed.split("=", 1)[1] if "=" in typed else "=1+1"
    assert [str(p) for p in caught.value.problems] == [
        f"{form}: lapas „{forms.MEASURES_SHEET}“, langelis {where(book, account)}: tekstas negali prasidėti „=“ "
        f"(taip prasideda formulė); rasta „{shown}“"]
    assert not (root / "stebesena" / "2025.yaml").exists()


def test_other_leading_signs_are_kept_and_issued_again_as_text(svara, tmp_path):
    root, form = svara
    book = load_workbook(form)
    _, account = columns(book)
    book[forms.MEASURES_SHEET].cell(2, account, "- pastaba")
    book[forms.INDICATORS_SHEET].cell(2, forms.NOTE_COLUMN, "+370 600 00000")
    book.save(form)
    import_forms(root, 2025, [form])
    again = next(p for p in issue(root, 2025, tmp_path / "vel") if p.name == form.name)
    cells = texts(again)
    kept = {c.value: c for c in cells.values() if c.value in ("- pastaba", "+370 600 00000")}
    assert set(kept) == {"- pastaba", "+370 600 00000"}
    assert all(c.data_type == "s" and c.quotePrefix for c in kept.values())


def test_a_cached_number_of_a_formula_in_a_number_cell_is_read(svara):
    root, form = svara
    xml = sheet_xml(form)["xl/worksheets/sheet3.xml"].decode()
    cell = re.search(r'<c r="G2"[^>]*?(/>|>.*?</c>)', xml).group(0)
    rezip(form, form, {"xl/worksheets/sheet3.xml": xml.replace(cell, '<c r="G2"><f>10+2.5</f><v>12.5</v></c>')})
    import_forms(root, 2025, [form])
    assert "reikšmė: 12.5" in (root / "stebesena" / "2025.yaml").read_text(encoding="utf-8")


# ---------------------------------------------------------------- import: broken and hostile workbooks


def rezip(source: Path, target: Path, changed: dict[str, str | bytes], dropped: tuple[str, ...] = ()) -> Path:
    """Write a copy of a workbook with some parts replaced or left out."""
    with zipfile.ZipFile(source) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts.update({n: v.encode() if isinstance(v, str) else v for n, v in changed.items()})
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name not in dropped:
                archive.writestr(name, data)
    return target


def with_dtd(xml: bytes, dtd: str, reference: bytes | None = None) -> bytes:
    """Return a part with a DTD before its root element, and an entity reference in its first text."""
    root = xml.index(b"<", xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0)
    xml = xml[:root] + dtd.encode() + xml[root:]
    return xml.replace(b"<t>Nr.</t>", b"<t>" + reference + b"</t>", 1) if reference else xml


LAUGHS = ('<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)) + "]>")


def hostile_variants(form: Path, folder: Path, secret: Path) -> dict[str, Path]:
    """Return broken and hostile copies of a filled form, by what was done to it."""
    with zipfile.ZipFile(form) as archive:
        part = {n: archive.read(n) for n in archive.namelist()}
    sheet, book, types = part["xl/worksheets/sheet2.xml"], part["xl/workbook.xml"], part["[Content_Types].xml"]
    xxe = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    first = re.search(rb'<c r="A1"[^>]*>.*?</c>', sheet).group(0)
    with zipfile.ZipFile(form) as archive:
        deflated = form.read_bytes()
        offset = archive.getinfo("xl/worksheets/sheet2.xml").header_offset + 100
    changes = {
        "xxe-sheet": {"xl/worksheets/sheet2.xml": with_dtd(sheet, xxe, b"&xxe;")},
        "xxe-workbook": {"xl/workbook.xml": with_dtd(book, xxe)},
        "laughs-sheet": {"xl/worksheets/sheet2.xml": with_dtd(sheet, LAUGHS, b"&j;")},
        "laughs-types": {"[Content_Types].xml": with_dtd(types, LAUGHS)},
        "truncated-sheet": {"xl/worksheets/sheet2.xml": sheet[: len(sheet) // 2]},
        "truncated-workbook": {"xl/workbook.xml": book[:300]},
        "truncated-styles": {"xl/styles.xml": part["xl/styles.xml"][:300]},
        "wrong-types": {"[Content_Types].xml": types.replace(b"spreadsheetml.sheet.main+xml",
                                                             b"wordprocessingml.document.main+xml")},
        "garbage-types": {"[Content_Types].xml": b"ne XML"},
        "shared-string-out-of-range": {"xl/worksheets/sheet2.xml": sheet.replace(first, b'<c r="A1" t="s"><v>999</v></c>')},
        "bad-cell-reference": {"xl/worksheets/sheet2.xml": sheet.replace(b'r="A1"', b'r="1A"', 1)},
        "bad-number": {"xl/worksheets/sheet2.xml": re.sub(rb"<v>", b"<v>abc", sheet, count=1)},
    }
    made = {name: rezip(form, folder / f"{name}.xlsx", change) for name, change in changes.items()}
    made["missing-types"] = rezip(form, folder / "missing-types.xlsx", {}, dropped=("[Content_Types].xml",))
    corrupt = folder / "corrupt-deflate.xlsx"
    corrupt.write_bytes(deflated[:offset] + bytes(b ^ 0x5A for b in deflated[offset:offset + 200])
                        + deflated[offset + 200:])
    made["corrupt-deflate"] = corrupt
    return made


def test_broken_and_hostile_workbooks_are_each_named_and_nothing_is_written(svara, tmp_path):
    root, form = svara
    folder = tmp_path / "grazintos"
    folder.mkdir()
    secret = tmp_path / "slapta.txt"
    secret.write_text("SLAPTAS-ZODIS-41\n", encoding="utf-8")
    broken = hostile_variants(form, folder, secret)
    valid = shutil.copy(form, folder / "gera.xlsx")
    before = snapshot(root / "stebesena")
    result = run_cli("import", str(root), "--year", "2025", str(valid), *map(str, broken.values()))
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output and "vidinė programos klaida" not in output, output
    lines = result.stderr.splitlines()
    for name, path in broken.items():
        assert f"{path}: {BROKEN}" in lines, (name, output)
    assert lines[-1] == f"Rasta klaidų: {len(broken)}. Niekas neįrašyta."
    assert not any(line.startswith(str(valid)) for line in lines)
    assert "SLAPTAS" not in output and snapshot(root / "stebesena") == before


def test_a_missing_sheet_part_is_a_missing_sheet(svara, tmp_path):
    root, form = svara
    broken = rezip(form, tmp_path / "be-lapo.xlsx", {}, dropped=("xl/worksheets/sheet2.xml",))
    with pytest.raises(ContentError) as caught:
        import_forms(root, 2025, [broken])
    assert [str(p) for p in caught.value.problems] == [f"{broken}: nėra lapo „{forms.MEASURES_SHEET}“"]


def test_oversized_parts_are_refused_before_they_are_parsed(svara, tmp_path):
    root, form = svara
    with zipfile.ZipFile(form) as archive:
        types, rels = archive.read("[Content_Types].xml"), archive.read("xl/_rels/workbook.xml.rels")
    strings = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + "<si><t>x</t></si>" * 60_000
               + "</sst>")
    many_strings = rezip(form, tmp_path / "eilutes.xlsx", {
        "xl/sharedStrings.xml": strings,
        "[Content_Types].xml": types.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="'
                                             b'application/vnd.openxmlformats-officedocument.spreadsheetml.'
                                             b'sharedStrings+xml"/></Types>'),
        "xl/_rels/workbook.xml.rels": rels.replace(b"</Relationships>", b'<Relationship Id="rIdS" Type="http://'
                                                   b'schemas.openxmlformats.org/officeDocument/2006/relationships/'
                                                   b'sharedStrings" Target="sharedStrings.xml"/></Relationships>')})
    bomb = rezip(form, tmp_path / "bomba.xlsx", {"xl/media/image1.png": bytes(60 * 1024 * 1024)})
    with zipfile.ZipFile(form) as archive:
        book = archive.read("xl/workbook.xml")
    sheet = re.search(rb'<sheet [^>]*name="Rodikliai"[^>]*/>', book).group(0)
    copies = b"".join(sheet.replace(b'"Rodikliai"', b'"L%d"' % n) for n in range(30))
    many_sheets = rezip(form, tmp_path / "lapai.xlsx", {"xl/workbook.xml": book.replace(b"</sheets>", copies + b"</sheets>")})
    with pytest.raises(ContentError) as caught:
        import_forms(root, 2025, [many_strings, bomb, many_sheets])
    assert [str(p) for p in caught.value.problems] == [
        f"{many_strings}: darbaknygės dalis „xl/sharedStrings.xml“ per didelė (daugiau kaip 100\u00a0000 elementų): "
        "tai ne išduota forma",
        f"{bomb}: darbaknygė išpakuota per didelė (60 MB): tai ne išduota forma",
        f"{many_sheets}: darbaknygėje per daug lapų (daugiau kaip 20): tai ne išduota forma"]


def test_a_form_with_many_rows_added_is_read_row_by_row(svara, monkeypatch):
    root, form = svara
    edit(form, lambda book: [book[forms.MEASURES_SHEET].cell(row, 30, row) for row in range(2, 3000)])
    with pytest.raises(ContentError) as caught:
        import_forms(root, 2025, [form])
    assert [str(p) for p in caught.value.problems] == [
        f"{form}: lapas „{forms.MEASURES_SHEET}“, langelis A3: pridėta eilučių: formoje jų 1, rasta 2998"]
    monkeypatch.setattr(imports, "MAX_PART_ELEMENTS", 5000)
    with pytest.raises(ContentError) as caught:
        import_forms(root, 2025, [form])
    assert str(caught.value.problems[0]).startswith(f"{form}: darbaknygės dalis „xl/worksheets/sheet2.xml“ per didelė")


def test_issued_forms_read_xml_with_defusedxml():
    import openpyxl

    assert openpyxl.DEFUSEDXML  # openpyxl's own parsing of returned workbooks refuses entities


# ---------------------------------------------------------------- the forms folder


def test_forms_are_never_written_into_the_plan_folder(tmp_path):
    root = copy_plan("kaunas-2030", tmp_path, ledger=False)
    before = snapshot(root)
    link = tmp_path / "nuoroda"
    link.symlink_to(root / "stebesena")
    for out in (root, root / "formos", link):
        result = run_cli("forms", str(root), "--year", "2025", "--out", str(out))
        assert result.returncode == 1 and result.stdout == "", result.stdout + result.stderr
        assert result.stderr.splitlines() == [f"klaida: formų aplankas {out} yra plano aplanke {root}: į turinį formos "
                                              "nerašomos, nurodykite kitą --out"]
    assert snapshot(root) == before and not (root / "formos").exists()
    assert not list(root.rglob("*.xlsx")) and not list(root.rglob(".lock"))


def test_a_returned_form_in_the_folder_is_never_overwritten(tmp_path):
    root = copy_plan("kaunas-2030", tmp_path, ledger=False)
    out = tmp_path / "formos"
    paths = issue(root, 2025, out)
    returned = out / "kaunas-2030-2025-uab-kauno-svara.xlsx"
    fill(returned)  # an official's answer saved over the form it answers
    other = out / "kaunas-2030-2025-vsi-kaunas-in.xlsx"
    other.write_bytes(b"mano failas")  # and a file of the official's own that has a form's name
    before = snapshot(out)
    (root / "stebesena.yaml").write_text((root / "stebesena.yaml").read_text(encoding="utf-8").replace(
        "kovo 31 d.", "kovo 30 d."), encoding="utf-8")  # every form would change
    result = run_cli("forms", str(root), "--year", "2025", "--out", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    message = ("failas ne išduotoji forma arba pakeistas po išdavimo (gal tai grąžinta forma?), todėl neperrašomas: "
               "perkelkite jį į kitą aplanką ir parenkite formas dar kartą")
    assert result.stderr.splitlines() == [f"{returned}: {message}", f"{other}: {message}",
                                          "Rasta klaidų: 2. Niekas neįrašyta."]
    assert snapshot(out) == before and len(paths) == 22


def test_forms_issued_again_replace_and_remove_only_their_own(tmp_path):
    root = copy_plan("kaunas-2030", tmp_path, ledger=False)
    out = tmp_path / "formos"
    out.mkdir()
    (out / "pastabos.txt").write_text("mano", encoding="utf-8")
    (out / "sena.xlsx").write_bytes(b"ne forma")
    issue(root, 2025, out)
    first = snapshot(out, "*.xlsx")
    goals = root / "grupes" / "07" / "tikslai.yaml"  # UAB „Kauno švara“ leaves the plan
    goals.write_text(goals.read_text(encoding="utf-8").replace("vykdytojas: UAB „Kauno švara“",
                                                               "vykdytojas: UAB „Kauno vandenys“"), encoding="utf-8")
    stale_temporary = out / ".kaunas-2030-2025-uab-kauno-vandenys.xlsx.k3j_x9a2.tmp"  # what a killed issue leaves
    stale_temporary.write_bytes(b"pusiau")
    result = run_cli("forms", str(root), "--year", "2025", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert f"{out / 'kaunas-2030-2025-uab-kauno-svara.xlsx'}: pašalinta (šio vykdytojo plane nebėra)" in result.stdout.splitlines()
    assert not (out / "kaunas-2030-2025-uab-kauno-svara.xlsx").exists() and not stale_temporary.exists()
    assert (out / "pastabos.txt").read_text(encoding="utf-8") == "mano" and (out / "sena.xlsx").read_bytes() == b"ne forma"
    after = snapshot(out, "*.xlsx")
    assert after["kaunas-2030-2025-uab-kauno-vandenys.xlsx"] != first["kaunas-2030-2025-uab-kauno-vandenys.xlsx"]  # now with the measure it took over
    assert set(after) == set(first) - {"kaunas-2030-2025-uab-kauno-svara.xlsx"}


def test_a_stale_form_changed_since_it_was_issued_is_kept(tmp_path):
    root = copy_plan("kaunas-2030", tmp_path, ledger=False)
    out = tmp_path / "formos"
    issue(root, 2025, out)
    fill(out / "kaunas-2030-2025-uab-kauno-svara.xlsx")
    answer = (out / "kaunas-2030-2025-uab-kauno-svara.xlsx").read_bytes()
    goals = root / "grupes" / "07" / "tikslai.yaml"
    goals.write_text(goals.read_text(encoding="utf-8").replace("vykdytojas: UAB „Kauno švara“",
                                                               "vykdytojas: UAB „Kauno vandenys“"), encoding="utf-8")
    assert run_cli("forms", str(root), "--year", "2025", "--out", str(out)).returncode == 0
    assert (out / "kaunas-2030-2025-uab-kauno-svara.xlsx").read_bytes() == answer


def test_an_issue_waits_for_another_writing_the_same_folder(tmp_path):
    root = copy_plan("alytus-2030", tmp_path)
    out = tmp_path / "formos"
    out.mkdir()
    with open(out / ".lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        process = subprocess.Popen([sys.executable, "-m", "pipeline", "forms", str(root), "--year", "2024", "--out",
                                    str(out)], cwd=Path(__file__).resolve().parent.parent, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        assert re.fullmatch(rf"{re.escape(str(out))}: laukiama, kol baigsis kitas rengimas į šį aplanką "
                            r"\(procesas \d+\)…\n", process.stderr.readline())
        assert not list(out.glob("*.xlsx"))
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert stdout.splitlines()[-1].startswith(f"{root}: vykdytojų formų: ")
