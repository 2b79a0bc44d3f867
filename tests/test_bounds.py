"""No text makes `check` slow: pathological Markdown of a megabyte is checked in under 2 s of CPU time.

The bound is the one the check is held to on a 2-core machine; CPU time of this process (the
check runs in it) is measured, so that other work on the machine does not count.
"""

from __future__ import annotations

import time

import pytest

from pipeline.commands import cli
from pipeline.content.plan import OPEN_BRACKETS
from pipeline.core.errors import display_path
from pipeline.content.mdsyntax import code_regions, without_code

SIZE = 1_000_000  # bytes: the plan's whole Markdown budget is 1 MiB
CPU_LIMIT_S = 2.0

ACCEPTED = {
    "backticks": "`" * SIZE,
    "backtick-lines": "`\n" * (SIZE // 2),
    "fence-lines": "```\n" * (SIZE // 4),
    "tilde-lines": "~~~x\n" * (SIZE // 5),
    "escaped-backticks": "\\`" * (SIZE // 2),
    "stars": "*" * SIZE,
    "underscores": "_" * SIZE,
    "angle-brackets": "<" * SIZE,
    "braces": "{{" * (SIZE // 2),
    "dollars": "$" * SIZE,
    "footnote-marks": "[^]" * (SIZE // 3),
    "registration-hyphens": "A-" * (SIZE // 2),
    "quote-lines": ">\n" * 50_000,
    "images": "![](a.png)" * (SIZE // 10),
}
REFUSED = {  # more brackets open at once than pandoc reads in reasonable time: refused at their first line
    "open-brackets": "[" * SIZE,
    "nested-brackets": "[" * (SIZE // 2) + "]" * (SIZE // 2),
    "image-openings": "![" * (SIZE // 2),
}


def _check(root, capsys) -> tuple[int, list[str], float]:
    """Check a plan in this process; return the exit code, what it printed but the files it still lacks, and CPU time."""
    started = time.process_time()
    code = cli.main(["check", str(root)])
    spent = time.process_time() - started
    out = [line for line in capsys.readouterr().out.splitlines() if "failo dar nėra" not in line]
    return code, out, spent


def _chapter(tiny, text: str):
    folder = tiny / "grupes" / "01" / "skyriai"
    folder.mkdir()
    chapter = folder / "01-skyrius.md"
    chapter.write_text("# Skyrius\n\n" + text, encoding="utf-8")
    return chapter


@pytest.mark.parametrize("name", ACCEPTED)
def test_pathological_markdown_is_checked_in_time(tiny, capsys, name):
    chapter = _chapter(tiny, ACCEPTED[name])
    code, out, spent = _check(tiny, capsys)
    if name == "images":  # every one of them named, at its line
        assert code == 1 and out[0] == (f"{display_path(chapter)}:3: paveikslėlio failo nėra: „a.png“ (ieškoma plano "
                                        "aplanke ir grupių aplankuose skyriai/)"), out[:3]
    else:
        assert code == 0 and out == [f"{tiny}: turinys tvarkingas (klaidų: 0, įspėjimų: 6)"], out[:3]
    assert spent < CPU_LIMIT_S, f"{name}: {spent:.2f} s"


@pytest.mark.parametrize("name", REFUSED)
def test_brackets_pandoc_cannot_read_in_time_are_refused_in_time(tiny, capsys, name):
    chapter = _chapter(tiny, REFUSED[name])
    code, out, spent = _check(tiny, capsys)
    assert code == 1
    assert out == [f"{display_path(chapter)}:3: {OPEN_BRACKETS}",
                   f"{tiny}: turinyje yra klaidų (klaidų: 1, įspėjimų: 0)"], out[:3]
    assert spent < CPU_LIMIT_S, f"{name}: {spent:.2f} s"


def test_bracket_message_says_how_to_fix():
    assert OPEN_BRACKETS == ("pastraipoje per daug vienu metu atvirų laužtinių skliaustų „[“ (daugiau kaip 4): pandoc "
                             "tokią pastraipą skaitytų labai ilgai – uždarykite skliaustus „]“, o skliaustą, kuris nėra "
                             "nuoroda, rašykite „\\[“")


def test_a_news_item_with_too_many_open_brackets_is_refused_at_its_line(tmp_path, capsys):
    from .conftest import copy_plan

    root = copy_plan("kaunas-2030", tmp_path)
    news = root / "naujienos" / "2021-09-16-spalvos.md"
    news.write_text("---\ndata: 2021-09-16\npavadinimas: Spalvos\n---\nTekstas.\n\n" + "[0m " * 40 + "\n",
                    encoding="utf-8")
    code, out, _ = _check(root, capsys)
    assert code == 1 and out[0] == f"{display_path(news)}:7: {OPEN_BRACKETS}", out


@pytest.mark.parametrize("text, allowed", [
    ("[a [b [c [d]]]] ir [nuoroda](https://www.example.lt/)", True),
    ("[a [b [c [d [e]]]]]", False),
    ("\\[ \\[ \\[ \\[ \\[ tekstas", True),  # escaped: text to pandoc
    ("`[[[[[` ir\n\n```\n[[[[[[\n```\n", True),  # code
    ("[a\n\n[b\n\n[c\n\n[d\n\n[e", True),  # each paragraph on its own
    ("[a\n[b\n[c\n[d\n[e", False),  # one paragraph: unclosed brackets stay open
])
def test_open_brackets_are_counted_as_pandoc_reads_them(tiny, capsys, text, allowed):
    _chapter(tiny, text)
    code, out, _ = _check(tiny, capsys)
    assert (code == 0) == allowed, out


@pytest.mark.parametrize("text, code", [
    ("a `b` c", ["`b`"]),
    ("``a`", ["`a`"]),  # the run's rest opens when the whole run finds no match
    ("\\`a` b`", ["` b`"]),  # an escaped backtick opens nothing
    ("`a\n\nb`", []),  # never past a blank line
    ("a `b\nc` d", ["`b\nc`"]),
    ("```\nx\n```\n", ["```\nx\n```"]),
    ("````\nx\n```\ny\n````\n", ["````\nx\n```\ny\n````"]),  # a fence closes with at least as many
    ("~~~\nx\n~~~~~\n", ["~~~\nx\n~~~~~"]),
    ("tekstas\n~~~\nx\n~~~\n", []),  # a tilde fence does not interrupt a paragraph
    ("tekstas\n```\nx\n```\n", ["```\nx\n```"]),  # a backtick fence does
    ("a `b\n```\nc` d\n```\n", ["`b\n```\nc`"]),  # an open span runs over a fence line
    ("``` {.python .x}\nx\n```\n", ["``` {.python .x}\nx\n```"]),
    ("``` {a b}\nx\n```\n", ["``` {a b}\nx\n```"]),  # no fence (pandoc's attributes), but a span
    ("```\nx\n", []),  # an unclosed fence is no block
    ("~~~ x {.a}\nx\n~~~\n", ["~~~ x {.a}\nx\n~~~"]),
    ("~~~{.a}x\nx\n~~~\n", []),  # what pandoc takes for no fence
    ("$x`$![](m.png)`", []),  # math may be open: the rest of the paragraph is text
    ("[a](b`c) ![](u.png) `", []),  # so may a link's target
    ("<http://x`y> ![](al.png) `", []),  # and an autolink
    ("[a](b) `c` <http://x> `d`", ["`c`", "`d`"]),  # closed before the span
])
def test_code_is_found_as_pandoc_finds_it(text, code):
    assert [text[start:end] for start, end in code_regions(text)] == code
    assert len(without_code(text)) == len(text) and without_code(text).count("\n") == text.count("\n")
