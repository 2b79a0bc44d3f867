"""Read content files: the first step of the load-and-check stage, before validate.py and rules.py.

YAML is parsed safely, with the line of every key, and Markdown is read as checked text; a
file too large, not UTF-8, holding characters Word or YAML refuses, nested too deep or
expanding past its limit through aliases is refused here. Reading never raises on bad content:
every problem is returned as a Problem with the file and line, so that one run reports them all
(yaml_problems.py words a syntax error).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor

from ..core.errors import Problem, display_path, quote, system_reason
from .yaml_problems import refused_tag, tag_name, yaml_problem

MAX_FILE_BYTES = 2 * 1024 * 1024

# Characters XML 1.0 cannot hold; Word refuses a document that contains them.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Characters XML holds but YAML refuses (C1 controls, DEL): usually left by pasting from another program.
YAML_INVALID = re.compile("[\x7f-\x84\x86-\x9f]")

# Deeper nesting than any content needs; far deeper nesting crashes libyaml's composer.
MAX_DEPTH = 50


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


class LoadProblem(Exception):
    """A problem found while building the data from YAML, with its line."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


class DuplicateKey(LoadProblem):
    def __init__(self, key, line, first_line):
        super().__init__(line, f"pasikartojantis laukas {quote(key)} (jau yra {first_line} eilutėje)")
        self.key, self.first_line = key, first_line


class InvalidDate(LoadProblem):
    def __init__(self, text, line):
        super().__init__(line, f"tokios datos nėra: {quote(text)}")
        self.text = text


# libyaml's parser when PyYAML was built with it: several times faster than the pure Python one.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# Characters a value may not hold however it is written; an escape in double quotes ("\x01",
# "\ud800") reaches them past the check of the raw text.
ESCAPED_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


class _Loader(_SafeBase):
    """Safe loading that records lines, refuses duplicate keys, object tags and impossible dates.

    Text holding a control character written as an escape is recorded in `refused`, line by line.
    """

    def __init__(self, stream):
        super().__init__(stream)
        self.refused: list[tuple[int, str]] = []

    def construct_object(self, node, deep=False):
        try:
            value = super().construct_object(node, deep=deep)
        except (ValueError, TypeError, AttributeError, OverflowError):
            # A value that does not fit its explicit tag: `!!int keturi`, `!!float x`.
            value = node.value if isinstance(node.value, str) else "…"
            raise LoadProblem(node.start_mark.line + 1, f"reikšmė {quote(value)} netinka YAML žymei "
                              f"{quote(tag_name(node.tag))}: pašalinkite žymę") from None
        if isinstance(value, str):
            for match in ESCAPED_INVALID.finditer(value):
                self.refused.append((node.start_mark.line + 1, f"U+{ord(match.group()):04X}"))
        return value


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise LoadProblem(line, "lauko pavadinimas turi būti tekstas, o ne sąrašas ar laukų rinkinys")
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
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
    except (ValueError, AttributeError):
        raise InvalidDate(node.value, node.start_mark.line + 1) from None


def _refuse(loader: _Loader, node: yaml.Node):
    raise LoadProblem(node.start_mark.line + 1, refused_tag(node.tag))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _construct_float(loader: _Loader, node: yaml.ScalarNode):
    """Return a YAML float as the exact decimal written ("1234567890123.4567"), not a binary float that
    would round it; .nan and .inf stay floats (the schema refuses them with a clear message)."""
    value = SafeConstructor.construct_yaml_float(loader, node)
    if value != value or value in (float("inf"), float("-inf")):
        return value
    try:
        return Decimal(node.value.replace("_", ""))
    except InvalidOperation:
        return value


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
# Standard tags that give values no content field holds (bytes, sets, pairs), and every other
# tag (`!!python/object/apply:…`, `!vardas`): refused before anything is constructed.
for _tag in ("binary", "set", "omap", "pairs"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse)
_Loader.add_constructor(None, _refuse)

def _too_deep(text: str) -> int | None:
    """Return the line where nesting gets deeper than MAX_DEPTH, or None.

    A cheap upper bound first (indentation and list marks at line starts, open brackets);
    only a file that might be that deep is walked event by event, which never recurses.
    """
    indent = max((len(line) - len(line.lstrip(" -?\t")) for line in text.split("\n")), default=0)
    brackets = running = 0
    for match in re.finditer(r"[\[\]{}]", text):
        running = running + 1 if match.group() in "[{" else max(running - 1, 0)
        brackets = max(brackets, running)
    if indent + brackets + 1 <= MAX_DEPTH:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_SafeBase):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass  # loading reports it
    return None


def _expansion(text: str) -> tuple[int, int] | None:
    """Return the line and size at which aliases expand a file past MAX_FILE_BYTES, or None.

    An alias (`*a`) repeats what its anchor (`&a`) names without copying it in the file, so a
    small file can stand for gigabytes once every value is checked and placed. The size each
    node stands for is summed event by event, an alias counting what its anchor counted.
    """
    if "&" not in text or "*" not in text:
        return None
    sizes: dict[str, int] = {}
    stack: list[list] = [[None, 0]]
    try:
        for event in yaml.parse(text, Loader=_SafeBase):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                stack.append([event.anchor, 1])
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                anchor, size = stack.pop()
            elif isinstance(event, yaml.ScalarEvent):
                anchor, size = event.anchor, len(event.value) + 1
            elif isinstance(event, yaml.AliasEvent):
                anchor, size = None, sizes.get(event.anchor, 0)
            else:
                continue
            if anchor is not None:
                sizes[anchor] = size
            stack[-1][1] += size
            if stack[-1][1] > MAX_FILE_BYTES:
                return event.start_mark.line + 1, sum(entry[1] for entry in stack)
    except yaml.YAMLError:
        return None  # loading reports it
    return None


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
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)  # never more: a huge file is refused, not loaded
    except OSError as exc:
        return TextFile(path, None, [Problem(shown, 1, f"failo nepavyko perskaityti: {system_reason(exc)}")])
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        return TextFile(path, None, [Problem(shown, 1, f"failas per didelis: {path.stat().st_size} baitų "
                                                       f"(leidžiama iki {limit} MB)")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return TextFile(path, None, [Problem(
            shown, line, "failas ne UTF-8 koduotės: išsaugokite jį kaip „UTF-8“ (pvz., Notepad: „Įrašyti kaip“ → UTF-8)")])
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    problems = [Problem(shown, line, f"neleistinas valdymo simbolis U+{ord(char):04X}: jo negali būti Word dokumente")
                for line, char in _found_on_lines(XML_INVALID, text)]
    return TextFile(path, None if problems else text, problems)


def _found_on_lines(pattern: re.Pattern, text: str) -> list[tuple[int, str]]:
    """Return each line and character a one-character pattern finds, once per line: lines counted as it goes."""
    found, line, counted = {}, 1, 0
    for match in pattern.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        found.setdefault((line, match.group()), None)
    return list(found)


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
    if text_file.text is None:
        return YamlFile(path, None, text_file.problems)
    shown, text = display_path(path), text_file.text
    problems = _unfit(shown, text)
    if problems:
        return YamlFile(path, None, problems)
    data, problems = _parse(shown, text)
    if problems:
        return YamlFile(path, None, problems)
    if data is None:
        return YamlFile(path, None, [Problem(shown, 1, "failas tuščias")])
    if not isinstance(data, dict):
        return YamlFile(path, None, [Problem(shown, 1, "failo turinys turi būti laukų sąrašas (raktas: reikšmė)")])
    return YamlFile(path, data)


_TOO_DEEP = f"per daug įdėtų lygių (daugiau kaip {MAX_DEPTH}): patikrinkite skliaustus ir įtraukas"


def _unfit(shown: str, text: str) -> list[Problem]:
    """Return why a text is refused before it is parsed: characters YAML refuses, nesting, alias expansion."""
    refused = [Problem(shown, line, f"neleistinas valdymo simbolis U+{ord(char):04X}: YAML faile jo negali būti "
                                    "(dažnai lieka įklijavus tekstą iš kitos programos)")
               for line, char in _found_on_lines(YAML_INVALID, text)]
    if refused:
        return refused
    deep = _too_deep(text)
    if deep is not None:
        return [Problem(shown, deep, _TOO_DEEP)]
    expanded = _expansion(text)
    if expanded is not None:
        line, size = expanded
        return [Problem(shown, line, f"YAML nuorodos („*“) išplečia failą iki {size // 1024} KB "
                                     f"(leidžiama iki {MAX_FILE_BYTES // 1024} KB): tekstą "
                                     "kartokite jį perrašydami, o ne nuorodomis")]
    return []


def _parse(shown: str, text: str) -> tuple[object, list[Problem]]:
    """Return the data a YAML text holds, or the problems that stopped it being built."""
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except LoadProblem as exc:
        return None, [Problem(shown, exc.line, exc.message)]
    except yaml.MarkedYAMLError as exc:
        line, message = yaml_problem(exc, text)
        return None, [Problem(shown, line, message)]
    except yaml.YAMLError as exc:  # a reader error: a character YAML refuses
        return None, [Problem(shown, 1, f"YAML failo nepavyko perskaityti: {exc}")]
    except RecursionError:
        return None, [Problem(shown, 1, _TOO_DEEP)]
    finally:
        loader.dispose()
    return data, [Problem(shown, line, f"neleistinas valdymo simbolis {code} (parašytas kaip „\\“ seka): "
                                       "jo negali būti Word dokumente")
                  for line, code in dict.fromkeys(loader.refused)]


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


def read_front_matter(path: Path) -> tuple[YamlFile, str | None]:
    """Read a Markdown file that opens with YAML between "---" lines; return that YAML and the text after it.

    Line numbers of the YAML are the file's own, so a problem names the line an official sees.
    """
    text_file = read_text(path)
    shown = display_path(path)
    if text_file.text is None:
        return YamlFile(path, None, text_file.problems), None
    text = text_file.text
    end = text.find("\n---\n", 3) if text.startswith("---\n") else -1
    if end < 0:
        return YamlFile(path, None, [Problem(shown, 1, "failo pradžioje turi būti antraštė tarp dviejų „---“ "
                                                       "eilučių (data: MMMM-MM-DD, pavadinimas: …)")]), None
    front = "\n" + text[4:end + 1]  # the YAML starts on the file's second line
    problems = _unfit(shown, front)
    if not problems:
        data, problems = _parse(shown, front)
    else:
        data = None
    if problems:
        return YamlFile(path, None, problems), None
    if not isinstance(data, dict):
        return YamlFile(path, None, [Problem(shown, 2, "antraštėje turi būti laukai „data“ ir „pavadinimas“")]), None
    return YamlFile(path, data), text[end + 5:]
