"""Official documents of a Lithuanian city's strategic development plan, built from content files."""

import os as _os

# pydantic looks for plugins through every installed package's metadata on first use; this
# project uses none, and the scan costs more than validating a whole plan.
_os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
