"""Explain a YAML syntax error in Lithuanian: the line an official must look at and what to fix there.

libyaml words its errors differently from the pure Python parser and never names the character
it stopped at, so both wordings and the text itself are looked at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from ..core.errors import quote

# libyaml's scanner when PyYAML was built with it, as the loader uses.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def tag_name(tag: str) -> str:
    """Return a tag as it is typed: "tag:yaml.org,2002:python/name:os.system" → "!!python/name:os.system"."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag


def refused_tag(tag: str) -> str:
    """Return the message refusing a YAML tag that would build an object."""
    return (f"neleidžiama YAML žymė {quote(tag_name(tag))}: žymės, kuriančios objektus, draudžiamos "
            "(tekstą, prasidedantį „!“, rašykite kabutėse)")


_TAB = "tabuliacijos ženklas: įtraukoms naudokite tarpus"


@dataclass(frozen=True)
class _Syntax:
    """A YAML syntax error as the table below reads it: the parser's words and where it stopped."""

    problem: str  # what went wrong, in the parser's words
    context: str  # what the parser was reading
    line: int  # where it stopped
    opened: int  # where what it was reading began
    char: str  # the character it stopped at, if any
    text: str
    mark: object

    @classmethod
    def of(cls, exc: yaml.MarkedYAMLError, text: str) -> _Syntax:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        opened = exc.context_mark.line + 1 if exc.context_mark else line
        return cls(exc.problem or "", exc.context or "", line, opened, _char_at(text, mark), text, mark)

    def says(self, *words: str) -> bool:
        return any(word in self.problem for word in words)

    def within(self, *words: str) -> bool:
        return any(word in self.context for word in words)

    def word(self) -> str:
        return _word_at(self.text, self.mark)

    def tag(self) -> str:
        found = re.search(r"tag '([^']*)'", self.problem)
        return found.group(1) if found else self.word()


def _misindented(s: _Syntax) -> tuple[int, str]:
    """Explain a line the parser did not expect: a quote left open, text after a closing quote, or indentation."""
    quote_line = _open_quote_line(s.text, s.line)
    if quote_line:
        return quote_line, ("neuždarytos kabutės: kabutės atidarytos šioje eilutėje, "
                            f"o uždaromos tik {s.line} eilutėje")
    if _after_closing_quote(s.text, s.mark):
        return s.line, ("po uždarančių kabučių eilutėje dar yra teksto: kabutes teksto viduje rašykite "
                        "lietuviškas („…“) arba visą reikšmę apgaubkite kitokiomis kabutėmis")
    if s.says("node content"):
        return s.line, f"netikėtas simbolis {quote(s.char or '?')}: tekstą su juo rašykite kabutėse"
    if s.within("block collection") or s.says("'-' indicator"):
        return s.line, "neteisinga sąrašo įtrauka: visi sąrašo įrašai turi prasidėti „-“ ta pačia įtrauka"
    return s.line, "neteisinga įtrauka: eilutė nesutampa su aukščiau esančiais laukais (arba trūksta dvitaškio)"


# Each YAML syntax error and its line and message, the first that applies. libyaml words its
# errors differently from the pure Python parser and never names the character it stopped at,
# so the wording of both and the text itself are looked at.
_SYNTAX_ERRORS = (
    (lambda s: s.says("constructor for the tag"), lambda s: (s.line, refused_tag(s.tag()))),
    (lambda s: s.says("tag handle", "tag URI") or s.within("while parsing a tag"),
     lambda s: (s.line, refused_tag(s.word()))),
    (lambda s: s.within("quoted scalar") and s.says("end of stream"),
     lambda s: (s.opened, "neuždarytos kabutės: kabutės atidarytos šioje eilutėje, bet niekur neuždarytos")),
    (lambda s: s.within("flow sequence"),
     lambda s: (s.opened, "neuždarytas laužtinis skliaustas „[“: trūksta „]“ arba kablelio tarp įrašų")),
    (lambda s: s.within("flow mapping"),
     lambda s: (s.opened, "neuždarytas riestinis skliaustas „{“: trūksta „}“ arba kablelio tarp įrašų")),
    (lambda s: s.says("tab") or s.char == "\t", lambda s: (s.line, _TAB)),
    (lambda s: s.says("cannot start any token"),
     lambda s: (s.line, f"simbolis {quote(s.char or '?')} negali pradėti reikšmės: tokį tekstą rašykite kabutėse")),
    (lambda s: s.says("mapping values are not allowed"),
     lambda s: (s.line, ("netikėtas dvitaškis: tekstą su „: “ rašykite kabutėse, o naujo lauko įtrauka "
                         "turi sutapti su kitų to paties lygio laukų įtrauka"))),
    (lambda s: s.says("mapping keys are not allowed"),
     lambda s: (s.line, "netikėtas „?“: tekstą, prasidedantį „?“, rašykite kabutėse")),
    (lambda s: s.says("sequence entries are not allowed"),
     lambda s: (s.line, ("netikėtas „-“: sąrašo įrašas rašomas naujoje eilutėje, "
                         "o tekstą, prasidedantį „-“, rašykite kabutėse"))),
    (lambda s: s.within("simple key") or s.says("expected ':'"),
     lambda s: (s.opened, "trūksta dvitaškio po lauko pavadinimo (arba neteisinga įtrauka)")),
    (lambda s: s.within("an alias", "an anchor"),
     lambda s: (s.line, "„*“ ir „&“ reikšmės pradžioje YAML reiškia nuorodą: tokį tekstą rašykite kabutėse")),
    (lambda s: s.says("undefined alias"),
     lambda s: (s.line, f"nežinoma YAML nuoroda {quote(s.word())}: tekstą, prasidedantį „*“, rašykite kabutėse")),
    (lambda s: s.within("duplicate anchor"), lambda s: (s.line, "pasikartojantis YAML inkaras („&“)")),
    (lambda s: s.within("block scalar"),
     lambda s: (s.line, "po „|“ ar „>“ tekstas rašomas naujoje eilutėje; tekstą, prasidedantį jais, rašykite kabutėse")),
    (lambda s: s.within("directive"),
     lambda s: (s.line, "„%“ eilutės pradžioje neleidžiamas: tekstą rašykite kabutėse")),
    (lambda s: s.within("single document"),
     lambda s: (s.line, "faile gali būti tik vienas dokumentas: pašalinkite eilutę „---“")),
    (lambda s: s.says("Unicode character escape"),
     lambda s: (s.line, "neleistina „\\u“ seka: tokio simbolio nėra (rašykite patį simbolį, ne jo kodą)")),
    (lambda s: s.says("escape character"),
     lambda s: (s.line, "neleistina „\\“ seka dvigubose kabutėse: rašykite „\\\\“ arba naudokite viengubas kabutes")),
    (lambda s: s.says("merging"), lambda s: (s.line, "„<<“ gali jungti tik laukų rinkinius")),
    (lambda s: s.says("end of stream"), lambda s: (s.line, "neuždarytos kabutės arba skliaustai")),
    (lambda s: s.says("expected key", "block end", "'-' indicator", "node content"), _misindented),
    (lambda s: True, lambda s: (s.line, ("YAML sintaksės klaida: patikrinkite įtraukas, dvitaškius ir kabutes "
                                         f"({s.problem or s.context})"))),
)


def yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """Return the line and the Lithuanian message for a YAML syntax error."""
    syntax = _Syntax.of(exc, text)
    return next(build(syntax) for applies, build in _SYNTAX_ERRORS if applies(syntax))


def _line_text(text: str, mark) -> str:
    lines = text.split("\n")
    return lines[mark.line] if mark is not None and 0 <= mark.line < len(lines) else ""


def _char_at(text: str, mark) -> str:
    line = _line_text(text, mark)
    return line[mark.column] if mark is not None and 0 <= mark.column < len(line) else ""


def _word_at(text: str, mark) -> str:
    rest = _line_text(text, mark)[mark.column:] if mark is not None else ""
    match = re.match(r"[^\s,\[\]{}]+", rest)
    return match.group() if match else "?"


def _after_closing_quote(text: str, mark) -> bool:
    """Tell whether the error comes right after a quoted value on the same line: `a: "x" y`."""
    if mark is None:
        return False
    before = _line_text(text, mark)[: mark.column].rstrip()
    return before[-1:] in ('"', "'") and before.count(before[-1]) >= 2


def _open_quote_line(text: str, error_line: int) -> int | None:
    """Return the line of a quoted value that runs over lines up to the error: a quote left open."""
    try:
        for token in yaml.scan(text, Loader=_SafeBase):
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.start_mark.line < token.end_mark.line and token.end_mark.line + 1 == error_line):
                return token.start_mark.line + 1
    except yaml.YAMLError:
        pass
    return None
