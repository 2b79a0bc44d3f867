"""Documents: a Plan made into Word files.

In: a checked Plan (and what life computed for it). Out: .docx bytes by file name. The registry
(registry.py) owns everything about a document: its templates, content files, act, command set and
outputs. Contexts (context_types.py, filled by context.py with wording.py's clauses) give each template
exactly its typed values; templates are rendered with docxtpl (render.py, environment.py, template_errors.py)
and finished (finishing.py), Markdown through pandoc (pandoc.py, markdown.py), the comparative version as
Word tracked changes (redline.py, tracked.py).
"""
