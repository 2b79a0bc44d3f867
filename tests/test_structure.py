"""Structural checks on every built .docx: what Word needs to open a file without complaint."""

from __future__ import annotations

import posixpath
import re
import zipfile

from lxml import etree

from .conftest import SAMPLES

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def documents(built_plans):
    return [p for name in SAMPLES for p in sorted(built_plans[name].glob("*.docx"))]


def rels_of(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in z.namelist():
        return {}
    root = etree.fromstring(z.read(rels_name))
    out = {}
    for rel in root:
        if rel.get("TargetMode") == "External":
            continue
        out[rel.get("Id")] = posixpath.normpath(posixpath.join(folder, rel.get("Target")))
    return out


def test_every_document_is_structurally_sound(built_plans):
    checked = 0
    for path in documents(built_plans):
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            assert len(names) == len(set(names)), f"{path.name}: duplicate zip entries"
            assert names[0] == "[Content_Types].xml"
            for name in names:
                if name.endswith((".xml", ".rels")):
                    etree.fromstring(z.read(name))  # every XML part parses
            for part in [n for n in names if n.endswith(".xml") and not n.startswith("[")]:
                rels = rels_of(z, part)
                for target in rels.values():
                    assert target in names, f"{path.name}: {part} points to missing {target}"
                xml = z.read(part).decode("utf-8")
                for rid in set(re.findall(r'r:(?:id|embed|link)="([^"]+)"', xml)):
                    assert rid in rels, f"{path.name}: {part} uses unknown relationship {rid}"
            styles = z.read("word/styles.xml").decode()
            defined = set(re.findall(r'w:styleId="([^"]+)"', styles))
            document = z.read("word/document.xml").decode()
            used = set(re.findall(r'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', document))
            assert used <= defined, f"{path.name}: undefined styles {used - defined}"
            num_ids = set(re.findall(r'<w:numId w:val="(\d+)"', document)) - {"0"}
            if num_ids:
                numbering = z.read("word/numbering.xml").decode()
                nums = set(re.findall(r'<w:num w:numId="(\d+)"', numbering))
                assert num_ids <= nums, f"{path.name}: undefined numbering {num_ids - nums}"
                abstracts = set(re.findall(r'<w:abstractNum w:abstractNumId="(\d+)"', numbering))
                assert set(re.findall(r'<w:abstractNumId w:val="(\d+)"', numbering)) <= abstracts
            text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", document))
            assert "{{" not in text and "{%" not in text and "{#" not in text, f"{path.name}: template tag left"
            if "footnoteReference" in document:
                footnotes = z.read("word/footnotes.xml").decode()
                for ref in re.findall(r'<w:footnoteReference w:id="(\d+)"', document):
                    assert f'w:id="{ref}"' in footnotes
            checked += 1
    assert checked >= 4 * 7

