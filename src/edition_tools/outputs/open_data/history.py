"""When each record of the exports was added and last changed, read from the repository.

An annotation's ``created`` and ``modified``, and a claim review's ``datePublished``,
must be the same on every build: they come from the history of the file that holds the
record (the page of a note, the glossary, the chronology, the page of a claim), never
from the clock. For each such file git is asked twice per export, and the answers kept
for the rest of it: ``git log`` (the lines each commit added, oldest first) and ``git
blame`` (the commit that last changed each line of the file as it is now).

- ``created``: the first commit that added the record's key line (a note's
  ``[^label]:``, an event's ``{event} id``, a claim's ``{disputed} id``, a glossary
  entry's first term); else the earliest commit among the record's present lines.
- ``modified``: the latest commit among the record's present lines (a note's whole
  definition, a directive's whole block), never before ``created``.

A line not yet committed, or a file git does not know, takes the date of the file's last
commit, else that of ``HEAD``; outside a git checkout (a copied test root, an unpacked
tarball), ``SOURCE_DATE_EPOCH`` when it is set, else :data:`UNDATED`. A shallow clone
knows only its last commits, so CI should fetch the whole history.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "UNDATED",
    "Dates",
    "FileHistory",
    "History",
    "block_lines",
    "iso_timestamp",
    "source_date_epoch",
]

#: The timestamp of a record whose history is unknown and no ``SOURCE_DATE_EPOCH`` is
#: set: the Unix epoch, 1970-01-01T00:00:00Z, which no record of the edition can have.
UNDATED = 0

#: git's hash of a line that is not committed yet.
_NOT_COMMITTED = "0" * 40


def iso_timestamp(seconds: int) -> str:
    """``seconds`` since the epoch as an xsd:dateTime in UTC (``2026-01-31T12:00:00Z``)."""
    moment = datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` when it is a plain count of seconds in the calendar's range.

    Anything else is ignored rather than fatal: the variable belongs to the environment,
    not to the edition, and ``str.isdigit`` alone would let "²" through to ``int``.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isascii() and epoch.isdigit():
        with contextlib.suppress(OverflowError, OSError, ValueError):
            iso_timestamp(int(epoch))
            return int(epoch)
    return None


def _git(directory: Path, *arguments: str) -> str | None:
    """The output of ``git arguments`` run in ``directory``; ``None`` if git fails."""
    try:
        result = subprocess.run(
            ["git", "-C", str(directory), "--no-pager", *arguments],
            capture_output=True,
            check=False,
            # No prompt, no user configuration of colours or external diff tools.
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except OSError:
        return None
    if result.returncode != 0:
        return None
    return result.stdout.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class Dates:
    """When a record was added and last changed, as xsd:dateTime strings."""

    created: str
    modified: str


def _key(line: str) -> str:
    """A line as records are matched: without indentation, fence colons or backticks."""
    return line.strip().lstrip(":`").strip()


@dataclass
class FileHistory:
    """What git says of one file: the lines each commit added, and who last changed each.

    ``added`` is oldest first: (commit time, the added lines' keys). ``blame`` has a time
    (``None``: not committed) for each line of the file as it is now. ``last`` is the
    time of the file's last commit, ``None`` when git knows no commit of it.
    """

    added: list[tuple[int, frozenset[str]]] = field(default_factory=list)
    blame: list[int | None] = field(default_factory=list)
    last: int | None = None

    def first_added(self, matches: Callable[[str], bool]) -> int | None:
        """The time of the first commit that added a line whose key ``matches``."""
        for time, keys in self.added:
            if any(matches(key) for key in keys):
                return time
        return None

    def changed(self, lines: Sequence[int]) -> list[int | None]:
        """The commit time of each of ``lines`` (1-based) of the file as it is now."""
        return [self.blame[number - 1] for number in lines if 0 < number <= len(self.blame)]


def _read_log(text: str) -> list[tuple[int, frozenset[str]]]:
    """Parse ``git log --reverse --format=%x00%ct -p``: each commit's time and added lines."""
    commits: list[tuple[int, frozenset[str]]] = []
    time: int | None = None
    keys: set[str] = set()
    for line in text.split("\n"):
        if line.startswith("\0"):
            if time is not None:
                commits.append((time, frozenset(keys)))
            time, keys = int(line[1:].strip() or 0), set()
        elif line.startswith("+") and not line.startswith("+++"):
            keys.add(_key(line[1:]))
    if time is not None:
        commits.append((time, frozenset(keys)))
    return commits


def _read_blame(text: str) -> list[int | None]:
    """Parse ``git blame --line-porcelain``: the committer time of each line."""
    times: list[int | None] = []
    commit = ""
    for line in text.split("\n"):
        if line.startswith("\t"):
            continue
        head, _space, rest = line.partition(" ")
        if len(head) == 40 and rest[:1].isdigit():
            commit = head
        elif head == "committer-time":
            times.append(None if commit == _NOT_COMMITTED else int(rest))
    return times


class History:
    """The dates of records, asked of git once a file for one export."""

    def __init__(self, srcdir: Path) -> None:
        self.srcdir = srcdir
        self._files: dict[Path, FileHistory | None] = {}
        head = _git(srcdir, "log", "-1", "--format=%H %ct")
        self.revision, _space, head_time = (head or "").strip().partition(" ")
        epoch = source_date_epoch()
        if head_time.isdigit():
            self.fallback = int(head_time)
        else:
            self.fallback = epoch if epoch is not None else UNDATED

    def of_file(self, path: Path) -> FileHistory | None:
        """What git says of ``path``; ``None`` outside a git checkout."""
        if path in self._files:
            return self._files[path]
        history: FileHistory | None = None
        if self.revision:
            log = _git(
                path.parent,
                "log",
                "--follow",
                "--reverse",
                "--no-color",
                "--no-ext-diff",
                "--no-textconv",
                "--unified=0",
                "--format=%x00%ct",
                "-p",
                "--",
                path.name,
            )
            blame = _git(path.parent, "blame", "--line-porcelain", "--", path.name)
            if log is not None:
                added = _read_log(log)
                history = FileHistory(
                    added=added,
                    blame=_read_blame(blame) if blame is not None else [],
                    last=max((time for time, _keys in added), default=None),
                )
        self._files[path] = history
        return history

    def dates(
        self, path: Path, key: str | None, lines: Sequence[int], *, prefix: bool = False
    ) -> Dates:
        """When the record in ``lines`` of ``path`` was added and last changed.

        ``key`` is the record's key line (with ``prefix``, its start); ``None`` when the
        record has none, and the earliest of its present lines stands for its creation.
        """
        history = self.of_file(path)
        if history is None:
            stamp = iso_timestamp(self.fallback)
            return Dates(stamp, stamp)
        # An uncommitted line, or a file git does not know, dates from the last commit.
        known = history.last if history.last is not None else self.fallback
        changed = [time if time is not None else known for time in history.changed(lines)]
        created = None
        if key is not None:
            wanted = _key(key)
            created = history.first_added(
                (lambda k: k.startswith(wanted)) if prefix else (lambda k: k == wanted)
            )
        if created is None:
            created = min(changed, default=known)
        modified = max([created, *changed])
        return Dates(iso_timestamp(created), iso_timestamp(modified))


def block_lines(lines: Sequence[str], start: int) -> range:
    """The lines (1-based) of the record that begins at line ``start``.

    A fenced directive (````:::{event}````) runs to its closing fence; anything else (a
    note's definition, a glossary entry) to the blank line before the next line that is
    not indented.
    """
    if not 0 < start <= len(lines):
        return range(0)
    head = lines[start - 1].lstrip()
    fence = head[: len(head) - len(head.lstrip(head[:1]))] if head[:1] in ":`" else ""
    if len(fence) >= 3:
        for number in range(start + 1, len(lines) + 1):
            if lines[number - 1].strip() == fence:
                return range(start, number + 1)
        return range(start, len(lines) + 1)
    end = start
    for number in range(start + 1, len(lines) + 1):
        text = lines[number - 1]
        if not text.strip():
            continue
        if text.lstrip().startswith(("```", ":::")):
            break  # the end of the directive that holds the record (a glossary)
        if not text[:1].isspace() and (not lines[number - 2].strip() or text.startswith("[^")):
            break  # the next note or entry
        end = number
    return range(start, end + 1)
