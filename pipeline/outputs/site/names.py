"""The site's names: a page's or an anchor's ASCII name made from text, one page name per item."""

from __future__ import annotations

from ...core import lt


def slug(text: str) -> str:
    """Return an ASCII name for a page or an anchor: "EK-01" → "ek-01"."""
    return lt.ascii_name(text, 60, "puslapis")


def unique_names(names: list[str]) -> list[str]:
    """Return the names in order, each repeated one given the first free suffix ("-2", "-3", …).

    Titles that differ only in case or punctuation ("EK-01" and "ek-01") make one name; each
    keeps a page of its own, and no suffix takes a name another item has by itself.
    """
    taken = set(names)
    given: set[str] = set()
    unique = []
    for name in names:
        chosen, n = name, 1
        while chosen in given:
            n += 1
            chosen = f"{name}-{n}"
            if chosen in taken:
                chosen = name  # another item's own name: try the next suffix
        given.add(chosen)
        unique.append(chosen)
    return unique
