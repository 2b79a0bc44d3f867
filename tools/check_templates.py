"""Check the Word templates in templates/ and say what is wrong, in Lithuanian; never change them.

    python tools/check_templates.py        (or: make templates-check)

For each template of the registry: the styles the pipeline finds by name are there, every tag
is whole and typed with straight quotes, and the template uses exactly the values its context
type declares (templates/KINTAMIEJI.md lists them). Exit 0 when all is well, 1 otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import TEMPLATES  # noqa: E402
from pipeline.documents.registry import DOCUMENTS  # noqa: E402
from pipeline.documents.template_check import problems  # noqa: E402


def main() -> int:
    failed = 0
    for document in DOCUMENTS:
        for name, context_type in document.templates.items():
            found = problems(TEMPLATES / name, context_type, document.markdown)
            for problem in found:
                print(f"templates/{name}: {problem}")
            failed += bool(found)
    print("šablonai tvarkingi" if not failed else f"šablonų su klaidomis: {failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
