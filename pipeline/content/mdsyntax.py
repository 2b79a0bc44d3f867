"""What of a Markdown text pandoc reads as code, and where its brackets nest too deep: in linear time.

Regular expressions that pair code markers backtrack: on a chapter of backticks they take
quadratic time (80 KB, 45 s). Here each backtick run and each line is looked at a bounded
number of times. The rules are those of pandoc's Markdown reader, checked against it:

- a fenced block opens with three or more backticks or tildes (at most three spaces before
  them, then nothing but a language word or `{attributes}`) and closes at the first later line
  of at least as many of the same character; without a closing line it is no block. A tilde
  fence opens only after a blank line; a backtick fence at the start of a line also ends the
  paragraph before it.
- a code span opens at any backtick not escaped with `\\`: its marker is the rest of the run,
  and it closes at the next run of exactly as many backticks, never past a blank line. A span
  that does not close leaves one backtick as text, and the run's rest is tried again.
- a span already open runs on over a line that would open a fenced block.
- a span started in lines indented as code (four spaces, after a blank line) ends in them: pandoc
  reads them as code, or in a list as the item's paragraph.

- where a `$`, a link's "](" or a "<" before a backtick may start what pandoc reads whole (math,
  a link target, an autolink), no span is found in the rest of the paragraph.

This mirrors pandoc's reading, it is not pandoc's reader: compared with pandoc on thousands of
random texts it let no image pandoc reads go unchecked, and checked some that pandoc reads as code.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_RUN = re.compile(r"`+")
_BLANK_LINE = re.compile(r"^[ \t]*$", re.MULTILINE)
_FENCE = re.compile(r"( {0,3})(`{3,}|~{3,})(.*)")
_INDENTED = re.compile(r" {0,3}\t| {4}[ \t]*\S")  # a line pandoc may read as indented code
_FENCE_INFO = re.compile(r"[^\s`{}]*[ \t]*(?:\{([^{}\n]*)\})?")
_ATTRIBUTE = re.compile(r"[#.][^\s={}#.]+|[^\s={}\"']+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s{}\"']*)")


def _fence_info(info: str) -> bool:
    """Tell whether the rest of an opening fence line is what pandoc accepts there: a word, `{attributes}`, both."""
    found = _FENCE_INFO.fullmatch(info)
    return found is not None and all(_ATTRIBUTE.fullmatch(a) for a in (found.group(1) or "").split())


class _Closers:
    """The lines that could close a fenced block, of one fence character, in order."""

    def __init__(self, text: str, char: str):
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.sizes: list[int] = []
        for match in re.finditer(rf"^ {{0,3}}({re.escape(char)}{{3,}})[ \t]*$", text, re.MULTILINE):
            self.starts.append(match.start())
            self.ends.append(match.end())
            self.sizes.append(len(match.group(1)))
        # The longest closer from each one on: a fence no later line can close is known at once.
        self.longest_after = self.sizes[:] + [0]
        for i in range(len(self.sizes) - 2, -1, -1):
            self.longest_after[i] = max(self.sizes[i], self.longest_after[i + 1])

    def after(self, position: int, size: int) -> int | None:
        """Return the end of the first closing line after `position` with at least `size` characters."""
        i = bisect.bisect_right(self.starts, position)
        if i >= len(self.sizes) or self.longest_after[i] < size:
            return None
        while self.sizes[i] < size:  # what is passed over lies inside the block found: linear in all
            i += 1
        return self.ends[i]


@dataclass
class _Runs:
    """The text's backtick runs: where each starts and ends, and by length."""

    starts: list[int]
    ends: list[int]
    by_length: dict[int, list[int]]  # length → indexes of the runs that long, in order

    @classmethod
    def of(cls, text: str) -> "_Runs":
        spans = [match.span() for match in _RUN.finditer(text)]
        by_length: dict[int, list[int]] = {}
        for i, (start, end) in enumerate(spans):
            by_length.setdefault(end - start, []).append(i)
        return cls([start for start, _ in spans], [end for _, end in spans], by_length)

    def next_of_length(self, after: int, length: int) -> int | None:
        """Return the index of the first run after run `after` of exactly `length` backticks."""
        same = self.by_length.get(length)
        if not same:
            return None
        k = bisect.bisect_right(same, after)
        return same[k] if k < len(same) else None


def code_regions(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of every fenced block and code span, in order."""
    return _Scanner(text).regions()


def without_code(text: str) -> str:
    """Return the text with code blanked out, lines kept: what is written as code is only text."""
    pieces, at = [], 0
    for start, end in code_regions(text):
        pieces.append(text[at:start])
        pieces.append("\n".join(" " * len(line) for line in text[start:end].split("\n")))
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


class _Scanner:
    def __init__(self, text: str):
        self.text = text
        self.runs = _Runs.of(text)
        self.blank_lines = [m.start() for m in _BLANK_LINE.finditer(text)]
        self.closers = {"`": _Closers(text, "`"), "~": _Closers(text, "~")}
        self.found: list[tuple[int, int]] = []
        self.run = 0  # the first run not yet looked at

    def regions(self) -> list[tuple[int, int]]:
        text, position, block_start = self.text, 0, True
        while position < len(text):
            end = text.find("\n", position)
            end = len(text) if end < 0 else end
            line = text[position:end]
            if not line.strip(" \t"):
                position, block_start = end + 1, True
                continue
            block_end = self._fenced_block(position, line, block_start)
            if block_end is not None:
                self.found.append((position, block_end))
                position, block_start = block_end + 1, True
                continue
            limit = self._indented_end(position) if block_start and _INDENTED.match(line) else None
            position, block_start = self._paragraph(position, limit), False
        return self.found

    def _indented_end(self, position: int) -> int:
        """Return where the lines indented as code that start here end: no span reaches past them.

        pandoc reads them as a code block, or, in a list, as a paragraph of the item; either way a
        code span started in them ends in them, or else nothing they hold is code.
        """
        text = self.text
        while position < len(text):
            end = text.find("\n", position)
            end = len(text) if end < 0 else end
            if not _INDENTED.match(text, position, end):
                return position
            position = end + 1
        return len(text)

    def _fenced_block(self, position: int, line: str, block_start: bool) -> int | None:
        """Return the end of the fenced block opening at this line, or None when none opens here."""
        fence = _FENCE.fullmatch(line)
        if fence is None or not _fence_info(fence.group(3).strip(" \t")):
            return None
        char = fence.group(2)[0]
        if not (block_start or (char == "`" and not fence.group(1))):
            return None
        return self.closers[char].after(position + len(line), len(fence.group(2)))

    def _paragraph(self, start: int, limit: int | None = None) -> int:
        """Find the code spans of the paragraph starting at `start`; return where the paragraph ends.

        It ends at a blank line, or at a line that opens a fenced block with a backtick fence
        where no code span is open.
        """
        text, runs = self.text, self.runs
        if limit is None:
            k = bisect.bisect_left(self.blank_lines, start)
            limit = self.blank_lines[k] if k < len(self.blank_lines) else len(text)
        i = max(self.run, bisect.bisect_left(runs.starts, start))
        context = _Context(text, start)
        while i < len(runs.starts) and runs.starts[i] < limit:
            run_start, run_end = runs.starts[i], runs.ends[i]
            if run_end - run_start >= 3 and run_start > start and text[run_start - 1] == "\n":  # a fence?
                line_end = text.find("\n", run_start)
                line = text[run_start:len(text) if line_end < 0 else line_end]
                if self._fenced_block(run_start, line, False) is not None:
                    self.run = i
                    return run_start
            if context.unsure(run_start):  # from here on pandoc may read the paragraph otherwise: no span
                i += 1
                continue
            i = self._span(i, run_start, run_end, limit)
            context.skip_to(runs.ends[i - 1])  # past the span found, or this run
        self.run = i
        return limit

    def _span(self, i: int, run_start: int, run_end: int, limit: int) -> int:
        """Open a code span at run `i` if it closes before `limit`; return the index of the next run to look at."""
        backslashes = 0
        while run_start - backslashes > 0 and self.text[run_start - backslashes - 1] == "\\":
            backslashes += 1
        for opening in range(run_start + backslashes % 2, run_end):  # an escaped backtick opens nothing
            closing = self.runs.next_of_length(i, run_end - opening)
            if closing is not None and self.runs.starts[closing] < limit:
                self.found.append((opening, self.runs.ends[closing]))
                return closing + 1
        return i + 1


class _Context:
    """What a paragraph holds before a backtick that may make it no code span: `$` math, a link target, `<…>`.

    pandoc reads "$x`$", "[a](b`c)" and "<http://x`y>" whole, their backticks as text. Once such a
    construct may be open, whether what follows is code depends on more than this scan knows: the
    rest of the paragraph is then taken as text (an image in it is checked, whether code or not).
    Text is looked at once, as the scan moves on; what lies in a code span is skipped.
    """

    def __init__(self, text: str, start: int):
        self.text, self.at, self.was_unsure = text, start, False
        self.link_open = self.angle_open = False

    def skip_to(self, position: int) -> None:
        """Pass over code up to `position`: nothing in it opens a construct."""
        self.at = max(self.at, position)

    def unsure(self, position: int) -> bool:
        """Tell whether a construct that reads backticks as text may be open at `position`."""
        if self.was_unsure:
            return True
        text, at = self.text, self.at
        if text.find("$", at, position) >= 0:
            self.was_unsure = True
            return True
        self.link_open = _still_open(text, (at, position), ("](", ")"), self.link_open)
        self.angle_open = _still_open(text, (at, position), ("<", ">"), self.angle_open)
        self.at = position
        self.was_unsure = self.link_open or self.angle_open
        return self.was_unsure


def _still_open(text: str, span: tuple[int, int], pair: tuple[str, str], was_open: bool) -> bool:
    """Tell whether the last opener of `pair` in `span` is not followed by its closer, given the state before."""
    (start, end), (opener, closer) = span, pair
    opened, closed = text.rfind(opener, start, end), text.rfind(closer, start, end)
    if opened < 0 and closed < 0:
        return was_open
    return opened > closed


# pandoc's Markdown reader tries each "[" as a link, and each one still open inside it again: its
# time doubles with every bracket open at once in a paragraph (20 take minutes; jgm/pandoc#1735).
# Text nests brackets two or three deep; more than this many open at once is refused.
MAX_OPEN_BRACKETS = 4
_BRACKET_OR_BREAK = re.compile(r"\\[\s\S]|[\[\]]|\n[ \t]*(?=\n)")


def too_many_open_brackets(text: str) -> list[int]:
    """Return the offset of the first "[" past MAX_OPEN_BRACKETS open at once, one per paragraph.

    The text is one with its code blanked out (`without_code`): brackets in code, like escaped
    ones ("\\["), are text to pandoc. A bracket left unclosed stays open to the end of its paragraph.
    """
    found, depth, said = [], 0, False
    for match in _BRACKET_OR_BREAK.finditer(text):
        mark = match.group()
        if mark == "[":
            depth += 1
            if depth > MAX_OPEN_BRACKETS and not said:
                found.append(match.start())
                said = True
        elif mark == "]":
            depth = max(depth - 1, 0)
        elif mark[0] == "\n":
            depth, said = 0, False
    return found
