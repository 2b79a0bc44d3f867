"""What a returned file must be before any of it is parsed as a workbook: a plain file, not too large,
not encrypted, a zip of a few small parts, none declaring a DTD. Whatever openpyxl, zipfile and the XML
parsers raise on a broken or hostile part is one problem naming the file."""

from __future__ import annotations

import io
import zipfile

from ...core import lt
from ...core.errors import quote, system_reason
from .cells import Reader

MAX_WORKBOOK_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a form is a few hundred KB unpacked: a larger one is not a form
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted (password-protected) or old .xls workbook
MAX_PARTS = 1000  # a form has about a dozen parts
MAX_PART_ELEMENTS = 100_000  # XML elements of one part: a form's largest has a few thousand
MAX_SHEETS = 20  # a form has four
BROKEN = ("sugadintas arba nesaugus failas: atverkite jį Excel programa ir įrašykite iš naujo arba naudokite "
          "išduotą formą")


def workbook_bytes(reader: Reader) -> bytes | None:
    """Return a returned file's bytes when it may be a workbook (a plain file, not too large, not encrypted)."""
    try:
        if not reader.path.is_file():
            reader.file_problem("tai ne failas (aplankas ar įrenginys)" if reader.path.exists() else "failo nėra")
            return None
        with reader.path.open("rb") as stream:
            data = stream.read(MAX_WORKBOOK_BYTES + 1)  # never more: a huge file is refused, not loaded
    except OSError as exc:
        reader.file_problem(f"failo nepavyko perskaityti: {system_reason(exc)}")
        return None
    if len(data) > MAX_WORKBOOK_BYTES:
        reader.file_problem(f"failas per didelis (daugiau kaip {MAX_WORKBOOK_BYTES // 1024 // 1024} MB): formos "
                            "būna kelių šimtų KB")
        return None
    if data.startswith(_OLE_MAGIC):
        reader.file_problem("darbaknygė apsaugota slaptažodžiu arba įrašyta senuoju .xls formatu: įrašykite ją "
                            "kaip .xlsx be slaptažodžio")
        return None
    return data


def broken_errors() -> tuple[type[BaseException], ...]:
    """Return what openpyxl, zipfile and the XML parsers raise on a broken or hostile part of a workbook."""
    import zlib

    from defusedxml import DefusedXmlException
    from lxml.etree import LxmlError

    return (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, IndexError, ValueError, TypeError,
            AttributeError, ArithmeticError, SyntaxError, NotImplementedError, RuntimeError, LxmlError,
            DefusedXmlException)


def plausible(reader: Reader, data: bytes) -> bool:
    """Tell whether a file may be a form: a zip of a few small parts, none declaring a DTD (else raise)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        reader.file_problem("tai ne Excel darbaknygė (.xlsx) arba ji sugadinta")
        return False
    with archive:
        entries = archive.infolist()
        unpacked = sum(info.file_size for info in entries)  # zipfile never unpacks more than an entry declares
        if unpacked > MAX_UNPACKED_BYTES:
            reader.file_problem(f"darbaknygė išpakuota per didelė ({unpacked // 1024 // 1024} MB): tai ne išduota "
                                "forma")
        elif len(entries) > MAX_PARTS:
            reader.file_problem(f"darbaknygėje per daug dalių ({len(entries)}, formoje jų keliolika): tai ne "
                                "išduota forma")
        elif reason := _too_large(archive):
            reader.file_problem(reason)
        else:
            return True
    return False


def _too_large(archive: zipfile.ZipFile) -> str | None:
    """Return why a workbook is too large to be a form, if it is; raise DTDForbidden if an XML part declares a DTD.

    Forms have no DTD, and every XML attack (an external entity, an entity bomb) needs one. A form's
    largest part has a few thousand elements and its workbook four sheets: openpyxl reads some parts
    whole (shared strings, styles) and opens every sheet listed, so millions of small elements or
    thousands of sheets would cost minutes and gigabytes before a single cell is looked at.
    """
    from xml.etree.ElementTree import ParseError, iterparse

    from defusedxml.ElementTree import iterparse as defused_iterparse
    from openpyxl.xml.constants import SHEET_MAIN_NS

    sheet_tag = f"{{{SHEET_MAIN_NS}}}sheet"
    for info in archive.infolist():
        with archive.open(info) as part:
            try:  # up to the root element, which any DTD precedes
                next(iter(defused_iterparse(part, events=("start",), forbid_dtd=True)))
            except (ParseError, StopIteration):
                continue  # not XML (a picture, printer settings): openpyxl parses none of it
        with archive.open(info) as part:  # with no DTD the standard parser is safe, and four times as fast
            sheets = 0
            for count, (_, element) in enumerate(iterparse(part), start=1):
                sheets += element.tag == sheet_tag
                if count > MAX_PART_ELEMENTS:
                    return (f"darbaknygės dalis {quote(info.filename)} per didelė (daugiau kaip "
                            f"{lt.number(MAX_PART_ELEMENTS)} elementų): tai ne išduota forma")
                if sheets > MAX_SHEETS:
                    return f"darbaknygėje per daug lapų (daugiau kaip {MAX_SHEETS}): tai ne išduota forma"
                element.clear()
    return None
