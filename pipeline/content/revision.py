"""An approved edition read from a git revision: the objects git stores are read, git itself never runs.

Any git command may run what a repository's configuration names: `git archive` applies the
filters a committed .gitattributes names (filter.<name>.smudge, textconv), others start
core.fsmonitor or hooks. So dulwich reads the revision's tree and blobs as they are stored, and
the plan folder is written into a scratch folder under the limits and refusals a content folder
has (folder.py): an unsafe name, a link (symlink) leading outside the folder or nowhere, a
submodule, too many entries or bytes are problems, each named by revision and path.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import zlib
from pathlib import Path

from dulwich import errors as git_errors
from dulwich.objects import S_IFGITLINK, Blob, Commit, Tag, Tree
from dulwich.objectspec import AmbiguousShortId, parse_commit, parse_object
from dulwich.repo import InvalidWorktreeConfiguration, Repo, UnsupportedExtension, UnsupportedVersion

from ..core.errors import ContentError, Problem, StageError, display_path, quote, system_reason
from .folder import _UNSAFE_NAME, MAX_ENTRIES, MAX_TOTAL_BYTES

# The kernel's own limit on links followed in one path; past it a link is taken to go round in a loop.
MAX_LINK_HOPS = 40
# A link's target is a path: no longer than the system allows a path to be.
MAX_LINK_BYTES = 4096

_OUTSIDE = "nuoroda (symlink) veda už plano aplanko ribų: tokio failo skaityti negalima"
_MISSING = "nuoroda (symlink) veda į failą, kurio nėra"
_LOOP = "nuoroda (symlink) veda ratu arba jos nepavyko perskaityti"

# What a damaged or unsupported repository makes dulwich raise.
_UNREADABLE = (OSError, ValueError, KeyError, EOFError, AssertionError, zlib.error, struct.error,
               git_errors.ChecksumMismatch, git_errors.FileFormatException, git_errors.ApplyDeltaError,
               git_errors.WrongObjectException, git_errors.ObjectMissing, git_errors.MissingCommitError,
               UnsupportedVersion, UnsupportedExtension, InvalidWorktreeConfiguration)


def extract(content_dir: Path, since: str, target: Path) -> str:
    """Write the plan folder as revision `since` holds it into `target`; return how the edition is named."""
    try:
        repo = Repo.discover(content_dir)
    except git_errors.NotGitRepository:
        raise _refused(content_dir, f"--since {quote(since)}: nėra tokio aplanko, o plano aplankas nėra "
                       "git saugykloje")
    except _UNREADABLE as exc:
        raise _refused(content_dir, _unreadable(since, exc))
    with repo:
        try:
            relative = content_dir.resolve().relative_to(Path(repo.path).resolve()).as_posix()
        except ValueError:  # core.worktree names another folder
            raise _refused(content_dir, f"--since {quote(since)}: nėra tokio aplanko, o plano aplankas nėra "
                           "git saugyklos darbo aplanke")
        shown = f"{since}:{relative}"
        try:
            tree = _plan_tree(repo, since, relative)
            if tree is None:
                raise _refused(content_dir, f"--since {quote(since)}: nėra tokio aplanko ir tokios git versijos "
                               f"(arba joje nėra {relative}/)")
            problems: list[Problem] = []
            entries = _entries(repo, tree, _shown(shown), problems)
            if entries is not None:
                _write(repo, entries, target, _shown(shown), problems)
        except _UNREADABLE as exc:
            raise _refused(content_dir, _unreadable(since, exc))
    if problems:
        raise ContentError(sorted(problems))
    return shown


def _plan_tree(repo, since: str, relative: str) -> bytes | None:
    """Return the id of the plan folder's tree in the revision, or None when there is no such revision or folder."""
    commit = _commit(repo, since)
    if commit is None:
        return None
    sha = commit.tree
    for name in [] if relative == "." else relative.split("/"):
        tree = _stored(repo, sha, Tree)
        found = next((e for e in tree.iteritems() if e.path == os.fsencode(name)), None)
        if found is None or not stat.S_ISDIR(found.mode):
            return None
        sha = found.sha
    return sha


def _commit(repo, since: str) -> Commit | None:
    """Return the commit a revision names (a tag, a branch, a full or short id, `v2023~1`), or None."""
    spec = since.encode("utf-8", "surrogateescape")
    base, rest = re.fullmatch(rb"([^~^]*)(.*)", spec, re.DOTALL).groups()
    if not base or b":" in spec:  # `rev:path` and `:path` name files, not revisions
        return None
    try:
        try:
            found = parse_commit(repo, base)  # a short id too
        except (KeyError, ValueError):
            found = parse_object(repo, base)  # `HEAD@{1}` and other reflog forms
        found = parse_object(repo, found.id + rest) if rest else found
        while isinstance(found, Tag):
            found = repo[found.object[1]]
    except (KeyError, ValueError, AmbiguousShortId):
        return None
    return found if isinstance(found, Commit) else None


def _entries(repo, tree: bytes, shown: str, problems: list[Problem]) -> dict[tuple[str, ...], tuple[int, bytes]] | None:
    """Return every entry below the plan folder (mode and object id by path), recording what is refused.

    None when the folder has more entries than a plan folder may.
    """
    entries: dict[tuple[str, ...], tuple[int, bytes]] = {}
    pending = [((), tree)]
    count = 0
    while pending:
        folder, sha = pending.pop()
        for entry in _stored(repo, sha, Tree).iteritems():
            count += 1
            if count > MAX_ENTRIES:
                problems.append(Problem(shown, 0, "plano aplanke per daug failų ir aplankų "
                                                  f"(leidžiama iki {MAX_ENTRIES})"))
                return None
            name = entry.path.decode("utf-8", "surrogateescape")
            path = folder + (name,)
            where = _at(shown, path)
            if not _is_utf8(name):
                problems.append(Problem(where, 0, "failo ar aplanko pavadinimas ne UTF-8 koduotės: pervadinkite jį"))
            elif _UNSAFE_NAME.search(name) or "/" in name or name in ("", ".", ".."):
                problems.append(Problem(where, 0, "failo ar aplanko pavadinime yra simbolis, kurio negalima naudoti "
                                                  "(„;“, „%“, „\\“ ar valdymo simbolis): pervadinkite jį"))
            elif stat.S_IFMT(entry.mode) == S_IFGITLINK:
                problems.append(Problem(where, 0, "tai git submodulis (kitos saugyklos aplankas): jo turinio šioje "
                                                  "saugykloje nėra, plano aplanke jo būti negali"))
            elif stat.S_ISDIR(entry.mode) or stat.S_ISREG(entry.mode) or stat.S_ISLNK(entry.mode):
                entries[path] = (entry.mode, entry.sha)
                if stat.S_ISDIR(entry.mode):
                    pending.append((path, entry.sha))
            else:
                problems.append(Problem(where, 0, "tai ne paprastas failas ar aplankas: pašalinkite jį"))
    return entries


def _write(repo, entries: dict[tuple[str, ...], tuple[int, bytes]], target: Path, shown: str,
           problems: list[Problem]) -> None:
    """Write the folders and files into target, and each link inside as a link to where it leads."""
    total = 0
    links = []
    for path, (mode, sha) in sorted(entries.items()):  # a folder before what it holds
        place = target.joinpath(*path)
        if stat.S_ISDIR(mode):
            _scratch(place.mkdir)
        elif stat.S_ISLNK(mode):
            links.append(path)
        else:
            data = _stored(repo, sha, Blob).as_raw_string()
            total += len(data)
            if total > MAX_TOTAL_BYTES:
                problems.append(Problem(shown, 0, "plano aplankas per didelis "
                                                  f"(leidžiama iki {MAX_TOTAL_BYTES // (1024 * 1024)} MB)"))
                return
            _scratch(place.write_bytes, data)
    for path in links:
        leads_to, problem = _resolved(repo, entries, path)
        if problem is not None:
            problems.append(Problem(_at(shown, path), 0, problem))
            continue
        place = target.joinpath(*path)
        _scratch(os.symlink, os.path.relpath(target.joinpath(*leads_to), place.parent), place)


def _resolved(repo, entries: dict[tuple[str, ...], tuple[int, bytes]], link: tuple[str, ...]
              ) -> tuple[tuple[str, ...], str | None]:
    """Follow a link within the revision's plan folder as the system would; return where it leads, or why it cannot."""
    folder: list[str] = list(link[:-1])
    pending: list[str] = []
    hops, current = 0, link
    while True:
        if current is not None:  # a link to replace by its target
            hops += 1
            text = _link_text(repo, entries[current][1])
            if text is None or hops > MAX_LINK_HOPS:
                return (), _LOOP
            if text.startswith("/"):
                return (), _OUTSIDE
            pending = text.split("/") + pending
            current = None
        if not pending:
            return tuple(folder), None
        part = pending.pop(0)
        if part in ("", "."):
            continue
        if part == "..":
            if not folder:
                return (), _OUTSIDE
            folder.pop()
            continue
        entry = entries.get(tuple(folder) + (part,))
        if entry is None or (stat.S_ISREG(entry[0]) and any(pending)):
            return (), _MISSING
        if stat.S_ISLNK(entry[0]):
            current = tuple(folder) + (part,)
        else:
            folder.append(part)


def _scratch(write, *args) -> None:
    """Write into the scratch folder; the system's refusal is said as such, not as a damaged repository."""
    try:
        write(*args)
    except OSError as exc:
        raise StageError(f"patvirtintos redakcijos nepavyko įrašyti į laikiną aplanką: {system_reason(exc)}") from exc


def _link_text(repo, sha: bytes) -> str | None:
    """Return a link's target path, or None when it is too long or not text."""
    data = _stored(repo, sha, Blob).as_raw_string()
    if len(data) > MAX_LINK_BYTES or b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _stored(repo, sha: bytes, kind):
    """Return a stored object of the kind expected; a wrong kind is a damaged repository."""
    found = repo.object_store[sha]
    if not isinstance(found, kind):
        raise ValueError(f"{sha.decode('ascii', 'replace')} nėra {kind.__name__}")
    return found


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes stand as lone surrogates
        return False
    return True


def _at(shown: str, path: tuple[str, ...]) -> str:
    return _shown(shown + "/" + "/".join(path))


def _shown(text: str) -> str:
    """Return a name on one line: bytes that are not UTF-8 and control characters as \\xNN."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", text)


def _refused(where: Path, message: str) -> ContentError:
    return ContentError([Problem(display_path(where), 0, message)])


def _unreadable(since: str, exc: BaseException) -> str:
    return (f"--since {quote(since)}: git saugyklos nepavyko perskaityti, ji sugadinta ar nepalaikoma "
            f"({type(exc).__name__}: {quote(str(exc))[1:-1]})")
