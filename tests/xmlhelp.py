"""Build WordprocessingML elements from one-line strings and print them back, namespaces left out."""

from __future__ import annotations

import re

from docx.oxml import parse_xml
from lxml import etree

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def element(text: str):
    """Return the element a one-line XML string with the w: prefix describes."""
    return parse_xml(re.sub(r"^<(w:\w+)", rf"<\1 {W_NS}", text, count=1))


def xml(element) -> str:
    """Return an element as one line of XML without namespace declarations."""
    return re.sub(r' xmlns:\w+="[^"]*"', "", etree.tostring(element, encoding="unicode"))
