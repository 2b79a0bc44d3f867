"""A hand-written news item's Markdown as the HTML of a web page: text and pictures, never active content.

pandoc turns the Markdown into HTML with raw HTML and every attribute syntax turned off, and a
filter (news_pictures.lua) makes every picture that is not one of the plan folder its
description and every link that leads elsewhere its text. What pandoc writes is then cleaned by
nh3 (the ammonia HTML sanitizer) against an allow-list: text, headings, lists, emphasis, quotes,
code, tables, footnotes, links and pictures. pandoc writes an image by its address as <embed>,
<video> or <audio> (`![](data:text/html;…)` becomes an <embed> that runs a script), so an
allow-list, not a list of dangers, decides what reaches a page:
- links lead to the web (http, https), to e-mail, or to a page of the site (`planas.html#…`);
- pictures are files of the plan folder (PNG, JPEG, GIF, WebP), copied beside the pages under a
  name made from their bytes; any other picture is left out and its description stays as text;
- no element or attribute that runs, loads or styles anything (no script, style, embed, iframe,
  object, video, audio, form, no on…= or style= attribute, no javascript: or data: address).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markupsafe import Markup

from ...core.errors import ContentError, Problem, StageError, display_path, system_reason
from ...content.folder import inside

# pandoc's Markdown without anything that writes HTML of the author's choosing: raw HTML, and every
# attribute syntax ({onclick=…} after a link, a heading, a span or code would reach the page);
# headings get no id of their own (one could repeat an id of the page's frame).
READER = "markdown" + "".join(f"-{e}" for e in (
    "raw_html", "raw_attribute", "raw_tex", "native_divs", "native_spans", "link_attributes", "header_attributes",
    "inline_code_attributes", "fenced_code_attributes", "bracketed_spans", "fenced_divs", "implicit_figures",
    "auto_identifiers"))
FILTER = Path(__file__).with_name("news_pictures.lua")

TAGS = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "del", "s", "sup", "sub", "small",
        "code", "pre", "blockquote", "q", "cite", "abbr", "span", "div", "section", "ul", "ol", "li", "dl", "dt",
        "dd", "a", "img", "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"}
# Left out with everything inside them (a <video>'s fallback link included), not just unwrapped.
DROPPED_WHOLE = {"script", "style", "embed", "iframe", "object", "video", "audio", "source", "track", "picture",
                 "canvas", "svg", "math", "template", "noscript", "form", "input", "button", "select", "textarea",
                 "frame", "frameset", "applet", "title", "link", "meta", "base"}
ATTRIBUTES = {"a": {"href", "id", "title"}, "img": {"src", "alt", "title"}, "li": {"id"},
              "ol": {"start", "type"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
SCHEMES = {"http", "https", "mailto"}
# A page of this site, or a place on this page: footnotes are the only ids a news item has.
OWN_LINK = re.compile(r"^([\w.-]+\.html)?(#[\w-]*)?$")
FOOTNOTE_ID = re.compile(r"^fn(ref)?\d+$")
PICTURES = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".gif": b"GIF8",
            ".webp": b"RIFF"}


@dataclass
class Html:
    """A news item's HTML and the plan's pictures it shows, by their name on the site."""

    body: Markup
    pictures: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class Picture:
    """A picture of the plan folder as the site publishes it."""

    name: str  # on the site: made from the bytes, so two pictures never share one
    data: bytes


def plan_pictures(root: Path, files: list[Path]) -> dict[str, Picture]:
    """Return the pictures of the plan folder a news item may show, by their path inside it."""
    found = {}
    for path in files:
        suffix = path.suffix.lower()
        if suffix not in PICTURES or not inside(root, path):
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if not data.startswith(PICTURES[suffix]) or suffix == ".webp" and data[8:12] != b"WEBP":
            continue  # a file that is not the picture its name says
        name = f"paveikslas-{hashlib.sha256(data).hexdigest()[:16]}{'.jpg' if suffix == '.jpeg' else suffix}"
        found[path.relative_to(root).as_posix()] = Picture(name, data)
    return found


def to_html(text: str, source: Path, root: Path, pictures: dict[str, Picture]) -> Html:
    """Return a news item's Markdown (the file `source` of the plan folder `root`) as safe HTML."""
    import nh3

    shown: dict[str, bytes] = {}

    def allowed(element: str, attribute: str, value: str) -> str | None:
        if attribute == "href":
            own = bool(value) and OWN_LINK.match(value) is not None
            return value if own or _scheme(value) in SCHEMES else None
        if attribute == "src":
            picture = pictures.get(unquote(value)) if element == "img" else None
            if picture is None:
                return None
            shown[picture.name] = picture.data
            return picture.name
        if attribute == "id":
            return value if FOOTNOTE_ID.match(value) else None
        return value

    folder = source.parent.relative_to(root).as_posix()
    html = nh3.clean(_pandoc(text, source, {"PIPELINE_NEWS_FOLDER": "" if folder == "." else folder,
                                    "PIPELINE_NEWS_PICTURES": json.dumps(sorted(pictures))}),
                     tags=TAGS, clean_content_tags=DROPPED_WHOLE, attributes=ATTRIBUTES, attribute_filter=allowed,
                     url_schemes=SCHEMES, link_rel="noopener noreferrer", strip_comments=True)
    return Html(Markup(html), shown)


def _pandoc(text: str, source: Path, environment: dict[str, str]) -> str:
    """Return pandoc's HTML of the Markdown, its heap and time bounded; a timeout or a failure names the file."""
    from ...documents import pandoc

    try:
        done = subprocess.run([pandoc.pandoc_path(), "+RTS", f"-M{pandoc.HEAP_LIMIT_MB}m", "-RTS", "--from", READER,
                               "--to", "html5", "--wrap=none", "--lua-filter", str(FILTER)], input=text.encode("utf-8"),
                              capture_output=True, timeout=pandoc.TIME_LIMIT_S, env=os.environ | environment)
    except subprocess.TimeoutExpired as exc:
        raise ContentError([Problem(display_path(source), 0, pandoc.too_slow(pandoc.TIME_LIMIT_S))]) from exc
    except OSError as exc:
        raise StageError(f"nepavyko paleisti pandoc: {system_reason(exc)}") from exc
    if done.returncode != 0:
        raise ContentError([Problem(display_path(source), 0, pandoc.why_failed(done.stderr))])
    return done.stdout.decode("utf-8", "replace")


def _scheme(url: str) -> str:
    try:
        return urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return "?"
