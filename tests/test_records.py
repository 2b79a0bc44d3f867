"""The one format of the records of what is up to date: written and read back whole; one that is damaged or of an
earlier version is no record (what it would describe is made again), never a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.core import records
from pipeline.core.records import Record

from .conftest import copy_plan, run_cli

DIGEST = "a" * 64


def test_a_record_reads_back_as_written_and_the_same_record_is_the_same_bytes(tmp_path):
    record = Record("inputs-digest", {"plan.docx": DIGEST, "ą ė.docx": "b" * 64}, {"plan.md": "c" * 64})
    records.write(tmp_path, ".inputs-plan.json", record)
    assert records.read(tmp_path / ".inputs-plan.json") == record
    shuffled = Record("inputs-digest", {"ą ė.docx": "b" * 64, "plan.docx": DIGEST}, {"plan.md": "c" * 64})
    assert records.encode(shuffled) == (tmp_path / ".inputs-plan.json").read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == [".inputs-plan.json"]  # no temporary left
    unfinished = Record(None, {})
    records.write(tmp_path, ".inputs-plan.json", unfinished)
    assert records.read(tmp_path / ".inputs-plan.json") == unfinished


@pytest.mark.parametrize("entry, expected", [
    ({"digest": "d", "files": {"plan.docx": DIGEST}}, Record("d", {"plan.docx": DIGEST})),
    ({"files": {"f.xlsx": DIGEST}}, Record(None, {"f.xlsx": DIGEST})),
], ids=["documents-and-site", "forms"])
def test_a_record_of_the_earlier_documents_site_and_forms_format_still_reads(tmp_path, entry, expected):
    """Earlier builds wrote {"digest", "files"} (documents, site) and {"files"} (forms): this format without its
    inputs, so that a forms folder or a site's folder written before stays known as theirs."""
    path = tmp_path / ".inputs.json"
    path.write_text(json.dumps(entry), encoding="utf-8")
    assert records.read(path) == expected


@pytest.mark.parametrize("content", [
    b"", b"{", b"\xff\xfe{}", b"[]", b"null", b'"files"', b"[" * 100_000 + b"]" * 100_000,
    json.dumps({"plan.docx": DIGEST, "decision.docx": DIGEST}).encode(),  # the earlier PDF record: no "files"
    json.dumps({"digest": "d"}).encode(),
    json.dumps({"digest": "d", "files": ["plan.docx"]}).encode(),
    json.dumps({"digest": 7, "files": {}}).encode(),
    json.dumps({"digest": "d", "files": {"plan.docx": 7}}).encode(),
    json.dumps({"digest": "d", "files": {}, "inputs": ["plan.md"]}).encode(),
], ids=["empty", "cut", "not-utf8", "list", "null", "string", "deep", "earlier-pdf", "no-files", "files-list",
        "digest-number", "digest-of-file-number", "inputs-list"])
def test_a_damaged_or_foreign_record_is_no_record(tmp_path, content):
    path = tmp_path / ".inputs-plan.json"
    path.write_bytes(content)
    assert records.read(path) is None


def test_a_missing_an_oversized_or_a_folder_record_is_no_record(tmp_path):
    assert records.read(tmp_path / "none.json") is None
    (tmp_path / "folder.json").mkdir()
    assert records.read(tmp_path / "folder.json") is None
    big = tmp_path / "big.json"
    big.write_bytes(b'{"files": {}, "x": "' + b"x" * records.MAX_BYTES + b'"}')
    assert records.read(big) is None


def test_holds_checks_every_file_against_its_digest(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"a")
    assert records.holds(tmp_path, {"a.docx": records.sha256(b"a")})
    assert records.holds(tmp_path, {})
    assert not records.holds(tmp_path, {"a.docx": records.sha256(b"b")})
    assert not records.holds(tmp_path, {"gone.docx": records.sha256(b"a")})
    assert not records.holds(tmp_path, {"nul\0.docx": records.sha256(b"a")})


@pytest.mark.parametrize("content", ['{"digest": "x", "files": {"order.docx": 1}}', "{", '{"files": {"\\u0000": "x"}}'])
def test_a_build_over_a_damaged_or_earlier_record_renders_again(tiny, tmp_path, content):
    out = tmp_path / "out"
    first = run_cli("build", str(tiny), "order", "--out", str(out))
    assert first.returncode == 0, first.stderr
    document = (out / "order.docx").read_bytes()
    (out / ".inputs-order.json").write_text(content, encoding="utf-8")
    again = run_cli("build", str(tiny), "order", "--out", str(out))
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr
    assert "order.docx" in again.stdout and (out / "order.docx").read_bytes() == document
    assert records.read(out / ".inputs-order.json").files["order.docx"] == records.sha256(document)
    unchanged = run_cli("build", str(tiny), "order", "--out", str(out))
    assert unchanged.returncode == 0 and "order.docx" not in unchanged.stdout, unchanged.stdout


def test_pdfs_recorded_by_an_earlier_version_are_made_again(tiny, tmp_path):
    from pipeline.commands.build import build
    from pipeline.outputs.pdf import RECORD, convert_folder, current_pdfs

    def office(sources: list[Path]) -> list[Path]:
        converted.extend(s.name for s in sources)
        for source in sources:
            source.with_suffix(".pdf").write_bytes(b"%PDF " + records.sha256(source.read_bytes()).encode())
        return [s.with_suffix(".pdf") for s in sources]

    out = tmp_path / "out"
    build(tiny, ["order"], out)
    documents = sorted(p.name for p in out.glob("*.docx"))
    converted: list[str] = []
    convert_folder(out, office)
    assert sorted(converted) == documents and current_pdfs(out) == {Path(n).with_suffix(".pdf").name
                                                                    for n in documents}
    converted.clear()
    convert_folder(out, office)
    assert converted == []  # nothing changed: LibreOffice is not started
    earlier = {name: records.sha256((out / name).read_bytes()) for name in documents}
    (out / RECORD).write_text(json.dumps(earlier), encoding="utf-8")  # the earlier version's flat record
    assert current_pdfs(out) == set()
    convert_folder(out, office)
    assert sorted(converted) == documents and records.read(out / RECORD).inputs == earlier


def test_forms_issued_by_an_earlier_version_are_still_known_as_issued(tmp_path):
    root = copy_plan("alytus-2030", tmp_path, ledger=False)
    out = tmp_path / "formos"
    assert run_cli("forms", str(root), "--year", "2025", "--out", str(out)).returncode == 0
    record = out / ".inputs-forms.json"
    files = records.read(record).files
    assert files and set(files) == {p.name for p in out.glob("*.xlsx")}
    record.write_text(json.dumps({"files": dict(files)}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    name = sorted(files)[0]
    (out / name).write_bytes(b"an earlier issue of the form")
    record.write_text(json.dumps({"files": {**files, name: records.sha256(b"an earlier issue of the form")}}),
                      encoding="utf-8")
    again = run_cli("forms", str(root), "--year", "2025", "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert records.sha256((out / name).read_bytes()) == files[name]  # overwritten: the record says it was ours
