"""Documents: a Plan made into Word files.

In: a checked Plan (and what life computed for it). Out: .docx bytes by file name. The registry
(registry.py) owns everything about a document: its templates, content files, act, command set and
outputs. Contexts (context.py) give each template exactly its typed values; templates are rendered with
docxtpl (render.py), Markdown through pandoc (pandoc.py, markdown.py), the comparative version as Word
tracked changes (redline.py).
"""
