"""Work shared with a second process, and compiled templates kept between runs: the output never depends on them."""

from __future__ import annotations

import errno

from pipeline.commands import build as build_module
from pipeline.commands.build import Options, build
from pipeline.core import workers
from pipeline.documents import environment as environment_module
from pipeline.life import charts

from .conftest import build_day, copy_plan, refuse, snapshot


class _Unforkable:
    """A pool whose process cannot be started: every submit fails as fork would, out of processes."""

    def submit(self, *args, **kwargs):
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    def shutdown(self, *args, **kwargs):
        pass


def _built(content, out, sets):
    with build_day():
        build(content, sets, out, Options(force=True))
    return snapshot(out, "*.docx")


def test_documents_the_helper_cannot_render_are_rendered_here_byte_identical(tmp_path, monkeypatch):
    content = copy_plan("kaunas-2030", tmp_path / "plans", ledger=False)
    shared = _built(content, tmp_path / "shared", ["all"])
    monkeypatch.setattr(workers, "forked_pool", lambda *args, **kwargs: _Unforkable())
    alone = _built(content, tmp_path / "alone", ["all"])
    assert len(shared) >= 10 and alone == shared


def test_charts_the_drawing_process_cannot_draw_are_drawn_here_byte_identical(tmp_path, monkeypatch):
    content = copy_plan("kaunas-2030", tmp_path / "plans", ledger=False)
    shared = _built(content, tmp_path / "shared", ["report"])
    assert not charts._DRAWER  # every chart placed: the drawing process has ended
    monkeypatch.setattr(workers, "forked_pool", lambda *args, **kwargs: _Unforkable())
    alone = _built(content, tmp_path / "alone", ["report"])
    assert any(name.startswith("report-2") for name in shared) and alone == shared


def test_a_document_taken_back_from_the_helper_reports_its_own_error_first(tmp_path, monkeypatch):
    content = copy_plan("kaunas-2030", tmp_path / "plans", ledger=False)
    monkeypatch.setattr(workers, "forked_pool", lambda *args, **kwargs: _Unforkable())
    original = build_module._labelled

    def failing(document, plan, templates, conversion):
        if document.kind in ("concept", "monitoring"):
            raise build_module.StageError(f"{document.kind} sugedo")
        return original(document, plan, templates, conversion)

    monkeypatch.setattr(build_module, "_labelled", failing)
    try:
        build(content, ["all"], tmp_path / "out", Options(force=True))
    except build_module.StageError as exc:
        assert str(exc) == "concept sugedo"  # the registry's order, as when the helper rendered them all
    else:
        raise AssertionError("the build did not fail")
    assert not (tmp_path / "out" / "plan.docx").exists()


def test_templates_compiled_once_render_the_same_and_a_damaged_cache_is_compiled_anew(tmp_path, monkeypatch):
    content = copy_plan("alytus-2030", tmp_path / "plans", ledger=False)
    monkeypatch.setattr(environment_module, "_bytecode_cache",
                        lambda: environment_module.FileSystemBytecodeCache(str(tmp_path / "cache")))
    (tmp_path / "cache").mkdir()
    first = _built(content, tmp_path / "first", ["order"])
    cached = sorted((tmp_path / "cache").iterdir())
    assert cached and _built(content, tmp_path / "second", ["order"]) == first
    for path in cached:
        path.write_bytes(path.read_bytes()[:20] + b"\x00garbage")
    assert _built(content, tmp_path / "third", ["order"]) == first


def test_templates_render_without_a_cache_folder(tmp_path, monkeypatch):
    content = copy_plan("alytus-2030", tmp_path / "plans", ledger=False)
    first = _built(content, tmp_path / "first", ["order"])
    monkeypatch.setattr(environment_module.FileSystemBytecodeCache, "_get_default_cache_dir", refuse(errno.EROFS))
    environment_module._bytecode_cache.cache_clear()
    try:
        assert _built(content, tmp_path / "second", ["order"]) == first
    finally:
        environment_module._bytecode_cache.cache_clear()


def test_a_failed_build_leaves_no_drawing_process_behind(tmp_path, monkeypatch):
    content = copy_plan("kaunas-2030", tmp_path / "plans", ledger=False)
    original = build_module._labelled

    def failing(document, plan, templates, conversion):
        files = original(document, plan, templates, conversion) if document.kind != "report" else None
        if document.kind == "report":  # the report's charts are started, then its rendering fails
            from pipeline.life import annual

            annual.year_report(plan, plan.derived.report_year)
            raise build_module.StageError("ataskaita sugedo")
        return files

    monkeypatch.setattr(build_module, "_labelled", failing)
    with build_day():
        try:
            build(content, ["report"], tmp_path / "out", Options(force=True))
        except build_module.StageError:
            pass
    assert not charts._DRAWER  # a watch's next build starts its charts afresh
