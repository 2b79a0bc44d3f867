"""What decides that a document is fresh: its inputs' digest and the very files the last build wrote."""

from __future__ import annotations

import os
import subprocess
import sys

from pipeline.commands.build import build

from .conftest import ROOT


def test_a_document_replaced_by_hand_is_not_taken_as_fresh(tiny, tmp_path):
    out = tmp_path / "out"
    build(tiny, ["order"], out)
    good = (out / "order.docx").read_bytes()
    (out / "order.docx").write_bytes(b"not the document this build wrote")
    result = build(tiny, ["order"], out)
    assert out / "order.docx" in result.written
    assert (out / "order.docx").read_bytes() == good


def test_two_builds_of_different_content_leave_a_consistent_folder(tiny, tmp_path):
    import json
    import shutil

    from pipeline.outputs import inputs
    from pipeline.content.plan import load_plan
    from pipeline.documents.registry import BY_KIND

    from .conftest import text_of

    other = tmp_path / "other" / tiny.name
    shutil.copytree(tiny, other)
    planas = other / "planas.yaml"
    planas.write_text(planas.read_text(encoding="utf-8").replace("numeris: M-1", "numeris: M-77"), encoding="utf-8")
    number = {inputs.digest(load_plan(root)[0], BY_KIND["order"], ROOT / "templates"): (root, n)
              for root, n in ((tiny, "Nr. M-1"), (other, "Nr. M-77"))}
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(4):
        runs = [subprocess.Popen([sys.executable, "-m", "pipeline", "build", str(root), "order", "--out", str(out)],
                                 cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
                for root in (tiny, other)]
        for run in runs:
            run.communicate(timeout=60)
            assert run.returncode == 0
        # The record names the content the documents there were made from, whichever build came last.
        record = json.loads((out / inputs.record_name("order")).read_text(encoding="utf-8"))
        root, expected = number[record["digest"]]
        assert expected in text_of(out / "order.docx").replace("\xa0", " ")
        assert build(root, ["order"], out).written == []
