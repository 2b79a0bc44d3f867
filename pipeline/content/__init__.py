"""Content: what officials edit, read and checked.

In: a plan's folder (YAML, Markdown, pictures) and its ledger of adopted editions (`redakcijos/`).
Out: a typed `model.Plan` (load_plan / checked in plan.py) and every problem as a Lithuanian line at its
file and line. Scan (folder) → read with limits (load) → validate against the schema (validate, schema)
→ cross-file rules (rules) → the model (model), with the numbering and totals the documents show
(views), the status rule (progress) and the recorded editions (ledger).
"""
