"""Write the content schema as JSON Schema, so that editors complete keys and underline errors.

The files are generated from the content files' models (files.py: the plan's own, and those the
documents declare), the same models `check` validates with; so is the editor's mapping of
schema to files, in schema/yaml.schemas.json and in the project's .vscode/settings.json.
"""

from __future__ import annotations

import json
from pathlib import Path

from .files import OWN, ContentFile
from ..core.write import write_atomically

SETTINGS = Path(".vscode") / "settings.json"  # beside the schema folder, in the project


def schema_text(model) -> str:
    """Return a model's JSON Schema (keys by their Lithuanian names) as stable, readable text."""
    document = model.model_json_schema(by_alias=True, mode="validation")
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def mapping(out_dir: Path, declared: tuple[ContentFile, ...] = ()) -> dict[str, str]:
    """Return the editor's mapping: each schema file (relative to the project) to the content files it describes."""
    return {f"./{out_dir.name}/{f.schema_name}": f"content/*/{f.glob}" for f in OWN + declared}


def write_schemas(out_dir: Path, declared: tuple[ContentFile, ...] = ()) -> list[Path]:
    """Write every content file's schema, the editor mapping and the project's editor settings; return the paths."""
    files = {f.schema_name: schema_text(f.model).encode("utf-8") for f in OWN + declared}
    schemas = mapping(out_dir, declared)
    files["yaml.schemas.json"] = (json.dumps({"yaml.schemas": schemas}, ensure_ascii=False, indent=2) + "\n").encode()
    written = write_atomically(out_dir, files)
    settings = out_dir.parent / SETTINGS
    return written + write_atomically(settings.parent, {settings.name: settings_text(settings, schemas)})


def settings_text(settings: Path, schemas: dict[str, str]) -> bytes:
    """Return the editor settings with the schema mapping replaced and every other setting kept."""
    try:
        current = json.loads(settings.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        current = {}
    current = (current if isinstance(current, dict) else {}) | {"yaml.schemas": schemas}
    ordered = {"yaml.schemas": schemas} | {k: v for k, v in current.items() if k != "yaml.schemas"}
    return (json.dumps(ordered, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
