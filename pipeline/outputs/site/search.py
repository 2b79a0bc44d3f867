"""The site's search: Pagefind's index of the pages' main parts, made in the background while the pages are
written, and the digest that tells a written bundle unchanged."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
from pathlib import Path

from ...core.errors import StageError, system_reason

SEARCH_DIR = "pagefind"  # Pagefind's bundle: its script, its WebAssembly and the index, in a folder of its own
# What the site's own search script (paieska.js) uses of the bundle: not Pagefind's ready-made interfaces.
_BUNDLE_SKIPS = re.compile(r"^pagefind-(component-ui|modular-ui|ui|highlight)\.(js|css)$")


def search_index(files: dict[str, bytes]) -> dict[str, bytes]:
    """Return the search index of the pages (paths inside SEARCH_DIR), made in a temporary folder."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix=".paieska-") as folder:
        output = Path(folder) / SEARCH_DIR
        with indexing(files, Path(folder), output) as finish:
            finish()
        return {path.relative_to(output).as_posix(): path.read_bytes() for path in sorted(output.rglob("*"))
                if path.is_file()}


@contextlib.contextmanager
def indexing(files: dict[str, bytes], scratch: Path, output: Path, prefix: str = ".paieska-"):
    """Start Pagefind over the searchable pages in the background, its bundle going to `output`; yield the
    function that waits for it. The site's files are written meanwhile (Pagefind reads its own copy of the
    pages, in a folder of `scratch`); Pagefind ends with this process however it ends.

    Pages mark what is searched (data-pagefind-body on their main part): menus and footers are not,
    nor the progress view's filtered copies. Raise StageError in Lithuanian when Pagefind is missing or fails.
    """
    import subprocess
    import tempfile

    from ...core.workers import die_with_parent

    binary = _pagefind()
    with tempfile.TemporaryDirectory(prefix=prefix, dir=scratch) as folder:
        pages_dir = Path(folder)
        for name, data in files.items():
            if name.endswith(".html") and b" data-pagefind-body" in data:
                (pages_dir / name).write_bytes(data)
        try:
            running = subprocess.Popen([str(binary), "--site", str(pages_dir), "--output-path", str(output),
                                        "--force-language", "lt", "--silent"], stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                       preexec_fn=functools.partial(die_with_parent, os.getpid()))
        except OSError as exc:
            raise StageError(f"paieškos rodyklės nepavyko parengti (Pagefind): {system_reason(exc)}") from exc

        def finish() -> None:
            try:
                _, errors = running.communicate(timeout=120)
            except subprocess.TimeoutExpired as exc:
                raise StageError("paieškos rodyklės nepavyko parengti (Pagefind): neatsakė per 120 s") from exc
            if running.returncode != 0:
                reason = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or ["be paaiškinimo"]
                raise StageError(f"paieškos rodyklės nepavyko parengti (Pagefind): {reason[0]}")
            for path in output.iterdir():
                if _BUNDLE_SKIPS.match(path.name):
                    path.unlink()

        try:
            yield finish
        finally:
            if running.poll() is None:
                running.kill()
                running.wait()


def _pagefind() -> Path:
    """Return Pagefind's program, installed with the Python package (pagefind[extended])."""
    try:
        from pagefind.service import get_executable
    except ImportError as exc:
        raise StageError("paieškai reikia Pagefind: įdiekite priklausomybes (pip install -e .)") from exc
    binary = get_executable()
    if binary is None or not Path(binary).is_file():
        raise StageError("paieškai reikia Pagefind programos: įdiekite „pagefind[extended]“ (pip install -e .)")
    return Path(binary)


def bundle_digest(bundle: dict[str, bytes]) -> str:
    h = hashlib.sha256()
    for name, data in sorted(bundle.items()):
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def folder_digest(folder: Path) -> str | None:
    """Return the digest of a written bundle folder as bundle_digest computes it; None when it cannot be read."""
    try:
        return bundle_digest({p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
                              if p.is_file() and not p.is_symlink()})
    except OSError:
        return None
