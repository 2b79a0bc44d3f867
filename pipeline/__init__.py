"""Official documents of a Lithuanian city's strategic development plan, built from content files."""

import os as _os
from pathlib import Path as _Path

# The Word templates officials edit; the documents' layout lives there, not in code.
TEMPLATES = _Path(__file__).resolve().parent.parent / "templates"

# pydantic looks for plugins through every installed package's metadata on first use; this
# project uses none, and the scan costs more than validating a whole plan.
_os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
