"""Every page of every sample's website and its open data as plain text, compared with the reviewed copy in
tests/snapshots/<plan>/site/<file>.txt: a word changed in a site template or a figure changed by a computation
shows here as a unified diff naming the page. After a deliberate change: make snapshots, then review git diff.

The site is built as `python -m pipeline site` builds it (build_site), on the pinned day of the shared builds
(conftest BUILD_DAY, 2026-01-01: the footer's "puslapiai parengti …" and everything "today" decides), with the
documents folder of the shared build of every document (built_plans), so that the documents page lists them as
published; those documents are byte-reproducible, so the sizes it shows ("48 KB") are stable. Snapshot files:
a page is its text as a reader sees it (snapshot_text.page_text: title and description, a line per block, a
table a line per row, a link "[text → href]", a picture its alternative text, a drawing its title, description
and words); a CSV file is in full; planas.json pretty-printed with sorted keys; the Atom feed a line per
element. Not here: the search index (binary), style.css and the two scripts (copied from templates/site/ as
they are, so any change to them is itself the diff), and the documents (test_snapshots.py reads those).
"""

from __future__ import annotations

import shutil

from pathlib import Path

import pytest

from .conftest import CONTENT, SAMPLES, build_day
from .snapshot_text import SNAPSHOTS, compare, csv_text, feed_text, json_text, page_text

READERS = {".html": page_text, ".csv": csv_text, ".json": json_text, ".xml": feed_text}


def site_texts(folder: Path) -> dict[str, str]:
    """Return the text of every page and data file of a built site, by snapshot name (the file's name)."""
    return {p.name: READERS[p.suffix](p.read_bytes()) for p in sorted(folder.iterdir())
            if p.is_file() and p.suffix in READERS}


@pytest.fixture(scope="module")
def built_sites(tmp_path_factory, built_plans) -> dict[str, Path]:
    """Build every sample's site on the pinned day beside its built documents; return each site's folder."""
    from pipeline.outputs.site.building import build_site

    out = {}
    with build_day():
        for name in SAMPLES:
            folder = tmp_path_factory.mktemp(f"site-{name}")
            documents = folder / "dokumentai"  # the Word files alone: the PDF tests may convert the shared ones
            documents.mkdir()
            for path in built_plans[name].glob("*.docx"):
                shutil.copy2(path, documents / path.name)
            out[name] = folder / "svetaine"
            build_site(CONTENT / name, out[name], documents)
    return out


@pytest.mark.parametrize("name", SAMPLES)
def test_every_page_and_data_file_reads_as_reviewed(request, name, built_sites):
    texts = site_texts(built_sites[name])
    assert {"index.html", "dokumentai.html", "dokumentai.csv"} <= set(texts)
    problems = compare(SNAPSHOTS / name / "site", texts, "built now", request.config.getoption("--update-snapshots"))
    assert not problems, "\n".join(problems) + "\n(if the change is meant: make snapshots, then review git diff)"


# ---------------------------------------------------------------- the text itself


def test_a_page_reads_as_blocks_with_tables_links_pictures_and_controls():
    html = ("<!DOCTYPE html><html><head><title>Pažanga –  planas</title><meta name='description' content='Apie'>"
            "<style>p{}</style><script>var x = 'ne';</script></head><body>"
            "<nav aria-label='Meniu'><ul><li><a href='a.html'>Pradžia</a></li><li><p>Įrašas</p></li></ul></nav>"
            "<h2 id='x'>Antraštė <span class='sr'>paslėpta</span></h2><p>5&nbsp;%\n  ir\u2060 <strong>daug</strong>"
            "<br>kitaip</p><table><caption>Rodikliai</caption><tr><th>Kodas</th><td><p>A</p><p>B</p></td></tr>"
            "</table><img src='x.png' alt='Schema'><select><option>visi</option><option>1</option></select>"
            "<svg role='img'><title>Grafikas</title><desc>Etapai</desc><text>2021</text><text>2022</text></svg>"
            "<!-- pastaba --><p hidden><button>A+<span> didesnis</span></button></p></body></html>")
    assert page_text(html.encode()) == (
        "[puslapis] Pažanga – planas\n[aprašas] Apie\n[nav: Meniu]\n- [Pradžia → a.html]\n- Įrašas\n"
        "## Antraštė paslėpta\n5⍽% ir<U+2060> daug\nkitaip\n"
        "[lentelė: Rodikliai]\n| Kodas | A / B |\n[/lentelė]\n[paveikslas: Schema][pasirinkimas: visi / 1]\n"
        "[paveikslas: Grafikas. Etapai]\n[užrašai: 2021 · 2022]\n[mygtukas: A+ didesnis]\n")


def test_data_files_read_in_full_and_sorted():
    written = "\ufeffkodas,reikšmė\r\nA,\"5\u00a0000\"\r\n"
    assert csv_text(written.encode()) == "<U+FEFF>kodas,reikšmė\nA,\"5⍽000\"\n"
    assert json_text('{"b": [1, 2], "a": "ą"}'.encode()) == '{\n "a": "ą",\n "b": [\n  1,\n  2\n ]\n}\n'


def test_a_changed_word_is_a_diff_naming_the_file_and_a_missing_or_stale_snapshot_is_named(tmp_path):
    folder = tmp_path / "site"
    compare(folder, {"index.html": "# Pradžia\nPlanas\n", "senas.html": "x\n"}, "built now", update=True)
    assert (folder / "senas.html.txt").is_file()
    problems = compare(folder, {"index.html": "# Pradžia\nPlanai\n", "naujas.html": "y\n"}, "built now", False)
    assert problems[0] == f"{folder}/senas.html.txt: no such file is made any more (make snapshots removes it)"
    assert problems[1].startswith(f"--- {folder}/index.html.txt\n+++ index.html (built now)\n"
                                  "@@ -1,2 +1,2 @@ # Pradžia\n")  # the heading the change falls under
    assert "-Planas\n+Planai\n" in problems[1]
    assert problems[2] == f"{folder}/naujas.html.txt: no reviewed snapshot (make snapshots writes it)"
    compare(folder, {"index.html": "Pradžia\n"}, "built now", update=True)
    assert sorted(p.name for p in folder.iterdir()) == ["index.html.txt"]
