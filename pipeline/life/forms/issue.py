"""Issue the forms into a folder: each form's digest recorded, so that a later issue overwrites or removes
only its own forms, never a returned one saved there under the same name."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ...core import records
from ...core.errors import ContentError, Problem, StageError, display_path
from ...content.model import Plan
from .writing import forms

# What the forms folder holds besides the forms: the record of each form's digest as issued (core/records.py).
RECORD = ".inputs-forms.json"
FOREIGN = ("failas ne išduotoji forma arba pakeistas po išdavimo (gal tai grąžinta forma?), todėl neperrašomas: "
           "perkelkite jį į kitą aplanką ir parenkite formas dar kartą")


def issue(plan: Plan, year: int, out_dir: Path, waiting=None) -> tuple[list[Path], list[Path]]:
    """Write every executor's form into out_dir; return the forms written and the stale ones removed.

    The folder is held for one issue at a time (write.locked: another issue, or a build into the same
    folder, is waited for, and temporaries a killed one left are removed). A file of a form's name is
    overwritten only if it is what an earlier issue wrote, or the same bytes; a form the record lists
    whose executor left the plan is removed on the same terms. Anything else stops the issue.
    """
    from ...core.write import locked, write_atomically

    root = plan.root.resolve()
    if out_dir.resolve() == root or out_dir.resolve().is_relative_to(root):
        raise StageError(f"formų aplankas {out_dir} yra plano aplanke {plan.root}: į turinį formos nerašomos, "
                         "nurodykite kitą --out")
    made = forms(plan, year)
    with locked(out_dir, waiting):
        issued = _issued(out_dir)
        foreign = [name for name in sorted(made) if os.path.lexists(out_dir / name)
                   and _digest(out_dir / name) not in {issued.get(name), records.sha256(made[name])} - {None}]
        if foreign:
            raise ContentError([Problem(display_path(out_dir / name), 0, FOREIGN) for name in foreign])
        stale = [out_dir / name for name, digest in issued.items()
                 if name not in made and _digest(out_dir / name) == digest]
        record = records.Record(files={name: records.sha256(data) for name, data in made.items()})
        written = write_atomically(out_dir, made | {RECORD: records.encode(record)})
        for path in stale:
            path.unlink(missing_ok=True)
    return [path for path in written if path.name != RECORD], stale


def _issued(out_dir: Path) -> dict[str, str]:
    """Return the forms an earlier issue wrote into the folder, with their digests; none if it has no record."""
    found = records.read(out_dir / RECORD)
    if found is None:
        return {}  # no record, or not one of ours: nothing in the folder is taken for a form issued
    return {name: digest for name, digest in found.files.items()
            if name == os.path.basename(name) and name.endswith(".xlsx")}


def _digest(path: Path) -> str | None:
    """Return a plain file's digest; None for a link, a folder or what cannot be read."""
    try:
        if path.is_symlink() or not path.is_file():
            return None
        with path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return None
