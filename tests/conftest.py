"""Shared fixtures: the sample plans, built once per test session, and readers of .docx output."""

from __future__ import annotations

import contextlib
import os
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import docx
import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SAMPLES = ["alytus-2030", "panevezys-2027", "kaunas-2030", "klaipeda-2030"]


def run_cli(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m pipeline ARGS` as a user would and capture its output."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True,
                          text=True, env=env)


# LibreOffice's parts, known by the library each installs beside soffice (Debian splits them into packages).
OFFICE_PARTS = {"writer": ("libswlo.so", "LibreOffice Writer (libreoffice-writer-nogui)"),
                "calc": ("libsclo.so", "LibreOffice Calc (libreoffice-calc-nogui)")}


def missing_tools(*tools: str) -> list[str]:
    """Return the named tools this machine lacks: "writer" and "calc" for LibreOffice's parts, else programs."""
    soffice = shutil.which("soffice")
    missing = []
    for tool in tools:
        if tool in OFFICE_PARTS:
            library, name = OFFICE_PARTS[tool]
            if soffice is None or not (Path(soffice).resolve().parent / library).exists():
                missing.append(name)
        elif shutil.which(tool) is None:
            missing.append(tool)
    return missing


def needs(*tools: str) -> pytest.MarkDecorator:
    """Skip a test whose tools the machine lacks, saying which; in CI (CI=true), which installs them, never."""
    missing = missing_tools(*tools)
    return pytest.mark.skipif(bool(missing) and os.environ.get("CI") != "true",
                              reason=f"not installed here: {', '.join(missing)} (CI installs it)")


# What Lithuanian typography puts in a document's text, and how a reader sees it.
TYPOGRAPHY = str.maketrans({"\u00a0": " ", "\u2060": None, "\u2011": "-"})


def plain(text: str) -> str:
    """Return text as a reader sees it: non-breaking spaces and hyphens as plain ones, no word joiners."""
    return text.translate(TYPOGRAPHY)


def paragraphs(path: Path, raw: bool = False) -> list[str]:
    """Return the text of every paragraph of a .docx, table cells included, in document order.

    Non-breaking spaces and hyphens read as plain ones and word joiners vanish, as on paper,
    unless `raw` is set (to check the typography itself).
    """
    document = docx.Document(path)
    body = document.element.body
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    texts = []
    for p in body.iter(w + "p"):
        texts.append("".join((e.text or "") if e.tag == w + "t" else "\t"
                             for e in p.iter(w + "t", w + "tab") if not _in_ppr(e)))
    return texts if raw else [plain(t) for t in texts]


def _in_ppr(element) -> bool:
    """Tell a tab stop definition (inside paragraph properties) from a tab character."""
    parent = element.getparent()
    while parent is not None:
        if parent.tag.endswith("}pPr"):
            return True
        if parent.tag.endswith("}r"):
            return False
        parent = parent.getparent()
    return False


def text_of(path: Path) -> str:
    return "\n".join(paragraphs(path))


def snapshot(folder: Path, pattern: str = "*") -> dict[str, bytes]:
    """Return every file of a folder (hidden records included) by name, to compare before and after."""
    return {p.name: p.read_bytes() for p in sorted(folder.glob(pattern)) + sorted(folder.glob("." + pattern))
            if p.is_file()} if folder.exists() else {}


def plan_of(name: str):
    """Return a sample plan, loaded and checked."""
    from pipeline.content.plan import load_plan

    plan, problems = load_plan(CONTENT / name)
    assert plan is not None, problems
    return plan


def in_force_plan_of(name: str, on=None):
    """Return a sample plan as in force on a day (today by default): its recorded edition, else its content."""
    import datetime as dt

    from pipeline.content import ledger
    from pipeline.life.editions import plan_in_force

    plan = plan_of(name)
    return plan_in_force(plan, ledger.read(plan.root), on or dt.date.today())[0]


def copy_plan(name: str, target: Path, ledger: bool = True) -> Path:
    """Copy a sample plan to a scratch folder so that a test may break it; without its ledger of adopted
    editions (redakcijos/) when `ledger` is false, so that what the test edits is what gets built."""
    dest = target / name
    shutil.copytree(CONTENT / name, dest, ignore=None if ledger else shutil.ignore_patterns("redakcijos"))
    return dest


# The day the shared sample builds are made for (SOURCE_DATE_EPOCH, 2026-01-01): a draft cites the law of its
# build day, and the text snapshots must not change when the calendar does.
BUILD_DAY = "1767225600"


@contextlib.contextmanager
def build_day():
    """Pin the build day (SOURCE_DATE_EPOCH) for what runs inside, then restore the environment."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = BUILD_DAY
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def build_samples(factory, document: str, plans=SAMPLES, **options) -> dict[str, Path]:
    """Build one DOC (order, all, …) of every sample plan on the pinned day; return each plan's output folder."""
    from pipeline.commands.build import Options, build

    out = {}
    with build_day():
        for name in plans:
            folder = factory.mktemp(f"{document}-{name}")
            build(CONTENT / name, [document], folder, Options(**options))
            out[name] = folder
    return out


@pytest.fixture(scope="session")
def built_orders(tmp_path_factory) -> dict[str, Path]:
    """Build `order` for every sample plan once; return each plan's output folder."""
    return build_samples(tmp_path_factory, "order")


TINY_PLAN = """\
savivaldybė:
  vardininkas: Bandomoji miesto savivaldybė
  kilmininkas: Bandomosios miesto savivaldybės
miestas: Bandomasis
meras:
  vardas: Vardenis Pavardenis
  lytis: vyras
  pareigos: Savivaldybės meras
planas:
  pavadinimas:
    vardininkas: Bandomosios miesto savivaldybės strateginis plėtros planas iki 2030 metų
    kilmininkas: Bandomosios miesto savivaldybės strateginio plėtros plano iki 2030 metų
    galininkas: Bandomosios miesto savivaldybės strateginį plėtros planą iki 2030 metų
  pradžia: 2021
  pabaiga: 2030
darbo_grafikas:
  pradžia: 2020-07-21
  pabaiga: 2020-12-31
potvarkiai:
  - id: darbo-grupes
    numeris: M-1
    data: 2020-06-02
    dėl: Bandomosios miesto savivaldybės strateginio plėtros plano iki 2030 metų rengimo darbo grupės sudarymo
    # kuo potvarkis remiasi, rašo įrankis pagal teisės aktų katalogą ir potvarkio datą
    grupės: ["01"]
    tvirtina_reglamentą: true
reglamentas:
  posėdžiai: Posėdžiai šaukiami kartą per mėnesį.
  atskaitomybė: Darbo grupė atsiskaito merui.
  veiklos_pabaiga:
    teminė: Savivaldybės taryba patvirtina Planą
"""

TINY_GROUP = """\
pavadinimas:
  vardininkas: Ekonomikos darbo grupė
  kilmininkas: Ekonomikos darbo grupės
  galininkas: Ekonomikos darbo grupę
rūšis: teminė
veikla: koordinuos ekonomikos klausimus
nariai:
  - vardas: Vardenis Pavardenis
    lytis: vyras
    pareigos: vedėjas
    institucija: Savivaldybės administracija
    vaidmuo: pirmininkas
  - vardas: Vardenė Pavardenė
    lytis: moteris
    pareigos: specialistė
    institucija: Savivaldybės administracija
    vaidmuo: sekretorius
"""


@pytest.fixture
def tiny(tmp_path) -> Path:
    """A minimal valid plan that a test may edit: planas.yaml and one group."""
    root = tmp_path / "bandymas-2030"
    (root / "grupes" / "01").mkdir(parents=True)
    (root / "planas.yaml").write_text(TINY_PLAN, encoding="utf-8")
    (root / "grupes" / "01" / "grupe.yaml").write_text(TINY_GROUP, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def built_plans(tmp_path_factory) -> dict[str, Path]:
    """Build every document of every sample plan once; return each plan's output folder."""
    return build_samples(tmp_path_factory, "all")


@pytest.fixture(scope="session")
def built_reports(tmp_path_factory) -> dict[str, Path]:
    """Build the latest yearly report of every sample plan once; return each plan's output folder."""
    return build_samples(tmp_path_factory, "report")


@pytest.fixture(scope="session")
def built_amendments(tmp_path_factory) -> dict[str, Path]:
    """Build the amendment of every sample plan that has one (pakeitimas.yaml) once; return its output folder."""
    return build_samples(tmp_path_factory, "amendment",
                         [n for n in SAMPLES if (CONTENT / n / "pakeitimas.yaml").is_file()])


def pytest_addoption(parser):
    parser.addoption("--update-snapshots", action="store_true",
                     help="rewrite tests/snapshots/ from the documents built now (review the change with git diff)")


def png(width: int = 20, height: int = 24) -> bytes:
    """Return a small red PNG, written by hand so that no image library is needed."""
    raw = b"".join(b"\x00" + b"\xcc\x00\x00" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


@pytest.fixture(scope="session")
def plan_with_picture(tmp_path_factory):
    """Alytus with a picture in its first chapter, built: (plan.docx, the picture's bytes)."""
    root = tmp_path_factory.mktemp("picture")
    plan_dir = copy_plan("alytus-2030", root)
    folder = plan_dir / "grupes" / "01" / "skyriai"
    picture = png(40, 30)
    (folder / "schema.png").write_bytes(picture)
    chapter = sorted(folder.glob("*.md"))[0]
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n\n![Miesto schema](schema.png)\n", encoding="utf-8")
    from pipeline.commands.build import build

    build(plan_dir, ["plan"], root / "out")
    return root / "out" / "plan.docx", picture


@pytest.fixture
def alytus(tmp_path) -> Path:
    """A copy of the Alytus sample that a test may break."""
    return copy_plan("alytus-2030", tmp_path / "plans")


def refuse(error: int):
    """Return a stand-in for a system call that fails as the system would, with errno `error`."""
    def refused(*args, **kwargs):
        raise OSError(error, os.strerror(error))
    return refused
