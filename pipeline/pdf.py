"""PDF and preview images of built documents, through LibreOffice and poppler.

`make plan` never needs LibreOffice; only these commands do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import StageError

INSTALL_HINT = ("LibreOffice nerastas: įdiekite jį (Debian: sudo apt-get install libreoffice-writer-nogui "
                "python3-uno fonts-liberation) ir pakartokite")
UNO_PYTHONS = ("/usr/bin/python3", "/usr/lib/libreoffice/program/python")
EXPORTER = Path(__file__).with_name("lo_export.py")


def uno_python() -> str:
    """Return a Python that can import LibreOffice's UNO bridge, or raise with the install hint."""
    if shutil.which("soffice") is None:
        raise StageError(INSTALL_HINT)
    for candidate in UNO_PYTHONS:
        if Path(candidate).is_file():
            probe = subprocess.run([candidate, "-c", "import uno"], capture_output=True)
            if probe.returncode == 0:
                return candidate
    raise StageError(INSTALL_HINT)


def convert_folder(build_dir: Path) -> list[Path]:
    """Convert every .docx in a build folder to a PDF beside it; return the PDFs."""
    sources = sorted(build_dir.glob("*.docx"))
    if not sources:
        raise StageError(f"aplanke {build_dir} nėra .docx dokumentų: pirmiausia paleiskite make plan")
    return convert(sources)


def convert(sources: list[Path]) -> list[Path]:
    """Convert .docx files to PDF beside them, with a LibreOffice profile of this run's own."""
    python = uno_python()
    targets = [s.with_suffix(".pdf") for s in sources]
    with tempfile.TemporaryDirectory(prefix="pipeline-lo-") as profile:
        pipe = f"pipeline-{os.getpid()}-{Path(profile).name}"
        args = [python, str(EXPORTER), profile, pipe]
        for source, target in zip(sources, targets, strict=True):
            args += [str(source), str(target)]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        try:
            result = subprocess.run(args, capture_output=True, text=True, timeout=600, env=env)
        except subprocess.TimeoutExpired as exc:
            raise StageError("LibreOffice neatsakė per 10 minučių") from exc
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["?"])[-1]
        raise StageError(f"LibreOffice nepavyko paversti į PDF: {detail}")
    missing = [t for t in targets if not t.is_file()]
    if missing:
        raise StageError(f"LibreOffice nesukūrė {missing[0].name}")
    return targets


def preview(build_dir: Path, pages: int = 2, resolution: int = 60) -> list[Path]:
    """Render the first pages of each PDF to PNG under build_dir/preview/ for a person to look at."""
    if shutil.which("pdftoppm") is None:
        raise StageError("pdftoppm nerastas: įdiekite poppler-utils (Debian: sudo apt-get install poppler-utils)")
    pdfs = sorted(build_dir.glob("*.pdf"))
    if not pdfs:
        raise StageError(f"aplanke {build_dir} nėra PDF: pirmiausia paleiskite make pdf")
    out_dir = build_dir / "preview"
    out_dir.mkdir(exist_ok=True)
    images: list[Path] = []
    for pdf in pdfs:
        prefix = out_dir / pdf.stem
        subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", "1", "-l", str(pages), str(pdf), str(prefix)],
                       check=True, capture_output=True)
        images += sorted(out_dir.glob(f"{pdf.stem}-*.png"))
    return images
