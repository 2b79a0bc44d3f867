"""Write the content schema as JSON Schema, so that editors complete keys and underline errors.

The files are generated from pipeline/schema.py, the same models `check` validates with.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import schema
from ..core.write import write_atomically

# JSON Schema file, model, and the content files it describes (globs for the editor).
SCHEMAS = [
    ("planas.schema.json", schema.PlanFile, "content/*/planas.yaml"),
    ("grupe.schema.json", schema.GroupFile, "content/*/grupes/*/grupe.yaml"),
    ("ssgg.schema.json", schema.SwotFile, "content/*/grupes/*/ssgg.yaml"),
    ("tikslai.schema.json", schema.GoalsFile, "content/*/grupes/*/tikslai.yaml"),
    ("strategija.schema.json", schema.StrategyFile, "content/*/strategija.yaml"),
    ("koncepcija.schema.json", schema.ConceptFile, "content/*/koncepcija.yaml"),
    ("sprendimas.schema.json", schema.DecisionFile, "content/*/sprendimas.yaml"),
    ("stebesena.schema.json", schema.MonitoringFile, "content/*/stebesena.yaml"),
    ("pakeitimas.schema.json", schema.AmendmentFile, "content/*/pakeitimas.yaml"),
    ("metai.schema.json", schema.YearReportFile, "content/*/stebesena/*.yaml"),
    ("svetaine.schema.json", schema.SiteFile, "content/*/svetaine.yaml"),
]


def schema_text(model) -> str:
    """Return a model's JSON Schema (keys by their Lithuanian names) as stable, readable text."""
    document = model.model_json_schema(by_alias=True, mode="validation")
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(out_dir: Path) -> list[Path]:
    """Write every content file's schema and the editor mapping; return the written paths."""
    files = {name: schema_text(model).encode("utf-8") for name, model, _ in SCHEMAS}
    mapping = {f"./{out_dir.name}/{name}": glob for name, _, glob in SCHEMAS}  # relative to the project
    files["yaml.schemas.json"] = (json.dumps({"yaml.schemas": mapping}, ensure_ascii=False, indent=2) + "\n").encode()
    return write_atomically(out_dir, files)
