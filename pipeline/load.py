"""Read content files: YAML with the line of every key, Markdown as checked text.

Reading never raises on bad content: every problem is returned as a Problem with the
file and line, so that one run reports them all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from .errors import Problem, display_path, quote

MAX_FILE_BYTES = 2 * 1024 * 1024

# Characters XML 1.0 cannot hold; Word refuses a document that contains them.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class LineDict(dict):
    """A YAML mapping that remembers its own line and the line of each key."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A YAML sequence that remembers its own line and the line of each item."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


class DuplicateKey(Exception):
    def __init__(self, key, line, first_line):
        self.key, self.line, self.first_line = key, line, first_line


class InvalidDate(Exception):
    def __init__(self, text, line):
        self.text, self.line = text, line


# libyaml's parser when PyYAML was built with it: several times faster than the pure Python one.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeBase):
    """Safe loading that records lines, refuses duplicate keys and reports impossible dates."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        line = key_node.start_mark.line + 1
        if key in result:
            raise DuplicateKey(key, line, result.key_lines[key])
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode):
    try:
        return SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise InvalidDate(node.value, node.start_mark.line + 1) from None


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)

# PyYAML's own wording of frequent mistakes, and what to tell an official instead.
_YAML_MESSAGES = [
    ("cannot start any token", "'\\t'", "tabuliacijos ženklas: įtraukoms naudokite tarpus"),
    ("could not determine a constructor", "", "YAML žymės, kuriančios objektus (pvz., „!!python/…“), neleidžiamos"),
    ("found undefined tag handle", "", "YAML žymės, kuriančios objektus (pvz., „!!python/…“), neleidžiamos"),
    ("mapping values are not allowed here", "",
     "netikėtas dvitaškis: po „:“ reikia tarpo, o tekstą su dvitaškiu rašykite kabutėse"),
    ("could not find expected ':'", "", "trūksta dvitaškio po lauko pavadinimo"),
    ("expected <block end>", "", "neteisinga įtrauka: eilutė nesutampa su aukščiau esančiais laukais"),
    ("did not find expected key", "", "neteisinga įtrauka arba trūksta dvitaškio"),
    ("did not find expected '-' indicator", "", "neteisinga sąrašo įtrauka"),
    ("found unexpected end of stream", "", "neuždarytos kabutės arba skliaustai"),
    ("found unknown escape character", "", "neleistinas „\\“ seka dvigubose kabutėse"),
    ("special characters are not allowed", "", "neleistinas valdymo simbolis tekste"),
    ("found character", "", "netinkamas simbolis: tekstą su juo rašykite kabutėse"),
    ("found duplicate anchor", "", "pasikartojantis YAML inkaras"),
    ("found undefined alias", "", "nežinoma YAML nuoroda (alias)"),
]


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    for needle, also, message in _YAML_MESSAGES:
        if needle in problem and also in problem:
            return message
    return f"YAML sintaksės klaida ({problem})"


@dataclass
class TextFile:
    """A content file read as text, or the problems that stopped it being read."""

    path: Path
    text: str | None
    problems: list[Problem] = field(default_factory=list)


def read_text(path: Path) -> TextFile:
    """Read a UTF-8 text file (a byte-order mark and Windows line ends are accepted)."""
    shown = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return TextFile(path, None, [Problem(shown, 1, f"failo nepavyko perskaityti: {exc.strerror}")])
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        return TextFile(path, None, [Problem(shown, 1, f"failas per didelis: {len(data)} baitų (leidžiama iki {limit} MB)")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return TextFile(path, None, [Problem(
            shown, line, "failas ne UTF-8 koduotės: išsaugokite jį kaip „UTF-8“ (pvz., Notepad: „Įrašyti kaip“ → UTF-8)")])
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    problems = []
    for match in XML_INVALID.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        code = f"U+{ord(match.group()):04X}"
        problems.append(Problem(shown, line, f"neleistinas valdymo simbolis {code}: jo negali būti Word dokumente"))
    return TextFile(path, None if problems else text, problems)


@dataclass
class YamlFile:
    """A parsed YAML file with its lines, or the problems that stopped it being parsed."""

    path: Path
    data: object
    problems: list[Problem] = field(default_factory=list)

    @property
    def shown(self) -> str:
        return display_path(self.path)


def read_yaml(path: Path) -> YamlFile:
    """Parse a YAML file safely; an empty file or one that is not a mapping is a problem."""
    text_file = read_text(path)
    shown = display_path(path)
    if text_file.text is None:
        return YamlFile(path, None, text_file.problems)
    try:
        data = yaml.load(text_file.text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except DuplicateKey as exc:
        message = f"pasikartojantis laukas {quote(exc.key)} (jau yra {exc.first_line} eilutėje)"
        return YamlFile(path, None, [Problem(shown, exc.line, message)])
    except InvalidDate as exc:
        return YamlFile(path, None, [Problem(shown, exc.line, f"tokios datos nėra: {quote(exc.text)}")])
    except (ConstructorError, yaml.MarkedYAMLError) as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return YamlFile(path, None, [Problem(shown, line, _yaml_message(exc))])
    if data is None:
        return YamlFile(path, None, [Problem(shown, 1, "failas tuščias")])
    if not isinstance(data, dict):
        return YamlFile(path, None, [Problem(shown, 1, "failo turinys turi būti laukų sąrašas (raktas: reikšmė)")])
    return YamlFile(path, data)


def line_at(data: object, loc: tuple) -> int:
    """Return the line of the value at a location path like ("nariai", 2, "vaidmuo")."""
    line = getattr(data, "line", 1)
    node = data
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line = node.line_of(part)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.line_of(part)
            node = node[part]
            if isinstance(node, (LineDict, LineList)):
                line = node.line
        else:
            break
    return line


def to_date(value: object) -> dt.date | None:
    """Return a date when YAML gave one (a datetime is cut to its date)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None
