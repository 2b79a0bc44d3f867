"""PDF and preview images of built documents, through LibreOffice and poppler.

`make plan` never needs LibreOffice; only these commands do.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..core import records
from ..core.errors import StageError
from ..core.write import locked

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


# The record of the folder's PDFs: the digest of each .docx at its last conversion (core/records.py).
RECORD = ".pdf-inputs.json"


def convert_folder(build_dir: Path, converter=None) -> list[Path]:
    """Convert the .docx files of a build folder that changed since their PDF was made; return the new PDFs.

    A record in the folder keeps each document's digest at its last conversion: LibreOffice is
    slow to start, and an official who edited one chapter waits only for the plan's PDF.
    `converter` converts a list of .docx (a running LibreOffice); by default one is started.
    """
    if not any(build_dir.glob("*.docx")):
        raise StageError(f"aplanke {build_dir} nėra .docx dokumentų: pirmiausia paleiskite make plan")
    with locked(build_dir):  # no build replaces a document while it is converted
        sources = sorted(build_dir.glob("*.docx"))
        done = _record(build_dir)
        digests = {s.name: _digest(s) for s in sources}
        stale = [s for s in sources if done.get(s.name) != digests[s.name] or not s.with_suffix(".pdf").is_file()]
        if stale:  # until converted, no PDF of theirs counts as made from any document
            _write_record(build_dir, {n: d for n, d in done.items() if n not in {s.name for s in stale}})
        converted = (converter or convert)(stale) if stale else []
        _write_record(build_dir, digests)  # every PDF now matches its document
    return converted


def current_pdfs(build_dir: Path) -> set[str]:
    """Return the PDFs of a build folder made from the very .docx beside them (the record's digest matches)."""
    done = _record(build_dir)
    current = set()
    for pdf in build_dir.glob("*.pdf"):
        docx = pdf.with_suffix(".docx")
        if docx.is_file() and done.get(docx.name) == _digest(docx):
            current.add(pdf.name)
    return current


def _digest(path: Path) -> str:
    return records.sha256(path.read_bytes())


def _record(build_dir: Path) -> dict[str, str]:
    """Return the digest of each .docx at its last conversion; none when the folder has no record of this format."""
    found = records.read(build_dir / RECORD)
    return dict(found.inputs) if found else {}


def _write_record(build_dir: Path, digests: dict[str, str]) -> None:
    records.write(build_dir, RECORD, records.Record(inputs=digests))


def convert(sources: list[Path]) -> list[Path]:
    """Convert .docx files to PDF beside them, with a LibreOffice profile of this run's own."""
    python = uno_python()
    targets = [s.with_suffix(".pdf") for s in sources]
    with tempfile.TemporaryDirectory(prefix="pipeline-lo-") as profile:
        pipe = f"pipeline-{os.getpid()}-{Path(profile).name}"
        args = [python, str(EXPORTER), profile, pipe]
        for source, target in zip(sources, targets, strict=True):
            args += [str(source), str(target)]
        try:
            result = subprocess.run(args, capture_output=True, text=True, timeout=600, env=uno_environment())
        except subprocess.TimeoutExpired as exc:
            raise StageError("LibreOffice neatsakė per 10 minučių") from exc
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["?"])[-1]
        raise StageError(f"LibreOffice nepavyko paversti į PDF: {detail}")
    missing = [t for t in targets if not t.is_file()]
    if missing:
        raise StageError(f"LibreOffice nesukūrė {missing[0].name}")
    return targets


def uno_environment() -> dict[str, str]:
    """Return the environment for LibreOffice's Python: none of this project's virtual environment."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}


class Converter:
    """A LibreOffice kept running for many conversions, owned by this object and stopped by close().

    It runs in a session of its own, so Ctrl+C in the terminal reaches only the command that
    owns it, which then stops it cleanly; the whole session is killed if it does not stop.
    """

    def __init__(self):
        self._profile = tempfile.TemporaryDirectory(prefix="pipeline-lo-")
        pipe = f"pipeline-{os.getpid()}-{Path(self._profile.name).name}"
        self._process = subprocess.Popen(
            [uno_python(), str(EXPORTER), self._profile.name, pipe, "--serve"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=uno_environment(),
            start_new_session=True)
        ready = self._process.stdout.readline().strip()
        if ready != "ready":
            self.close()
            raise StageError("LibreOffice nepasileido")

    def convert(self, sources: list[Path]) -> list[Path]:
        """Convert .docx files to PDF beside them through the running LibreOffice."""
        targets = []
        for source in sources:
            target = source.with_suffix(".pdf")
            self._process.stdin.write(f"{source.resolve()}\t{target.resolve()}\n")
            self._process.stdin.flush()
            answer = self._process.stdout.readline().strip()
            if answer != "ok":
                raise StageError(f"LibreOffice nepavyko paversti {source.name}: {answer or 'nutrūko'}")
            targets.append(target)
        return targets

    def close(self) -> None:
        """Stop LibreOffice: ask, wait a little, then end its whole session."""
        try:
            if self._process.poll() is None:
                self._process.stdin.close()
                self._process.wait(timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            pass
        try:
            os.killpg(self._process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self._process.wait()
        self._profile.cleanup()


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
