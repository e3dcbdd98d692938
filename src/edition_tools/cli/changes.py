"""``edition check --base REF``: what a change may touch, by the edition's threat model.

Every pull request is built: by CI, by documentation previews, by a maintainer running
``edition check``. A build runs code (``conf.py``, the extension, templates, anything
that configures a parser), so a change to code is for a maintainer to make and to
review line by line; contributors change content only. The model is data:
:data:`CODE` and :data:`CONTENT`, a glob pattern and a reason each. A file that matches
neither is reported too: what is not known to be content is treated as code.

The source texts are the edition's ground truth: an existing file in ``sources/`` is
never modified, deleted or renamed, and a record of ``sources/catalogue.toml`` keeps
its ``file`` and ``sha256``; new texts and new records are welcome.

Patterns are :mod:`fnmatch` globs on the path from the edition's folder, in which ``*``
also matches ``/`` (``src/*`` is everything under ``src/``).
"""

from __future__ import annotations

import subprocess
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from edition_tools.cli.check import Problem

__all__ = [
    "CODE",
    "CONTENT",
    "BaseRefError",
    "Change",
    "Rule",
    "changes_since",
    "code_rule",
    "content_rule",
    "review_changes",
    "touches_code",
]

CATALOGUE = "sources/catalogue.toml"


@dataclass(frozen=True)
class Rule:
    """A glob pattern of paths, and why the files it matches are what they are."""

    pattern: str
    reason: str

    def matches(self, path: str) -> bool:
        """Whether ``path`` (relative, with ``/``) matches the pattern."""
        return fnmatchcase(path, self.pattern)


#: Files that only a maintainer may change: each runs, or configures what runs, at
#: build time, in CI, or in a reader's browser.
CODE: tuple[Rule, ...] = (
    Rule("docs/conf.py", "Sphinx runs the configuration as Python"),
    Rule("*.py", "Python can be imported or run by the build, the tests or CI"),
    Rule("src/*", "the extension and the command line run in every build"),
    Rule("tests/*", "CI runs the tests"),
    Rule("benchmarks/*", "the benchmarks run on maintainers' machines"),
    Rule(".ci/*", "CI runs it"),
    Rule(".github/*", "GitHub runs the workflows with the repository's tokens"),
    Rule("Makefile", "make runs it"),
    Rule("*.mk", "make runs it"),
    Rule("*.sh", "a shell runs it"),
    Rule("pyproject.toml", "it says what is installed and configures the tools"),
    Rule("*requirements*.txt", "it says what is installed"),
    Rule("setup.cfg", "it configures the package and the tools"),
    Rule("tox.ini", "it configures the tools"),
    Rule("*docutils.conf", "it configures the parser (raw HTML, file insertion)"),
    Rule("docs/_templates/*", "Jinja templates reach Python and write every page"),
    Rule("*.html", "a template or page is copied into the output as is"),
    Rule("*.js", "script runs in the reader's browser"),
    Rule("*.css", "style sheets change what a reader sees"),
    Rule("docs/_static/*", "static files are published as is on the edition's origin"),
    Rule(".readthedocs.yaml", "Read the Docs runs the build it describes"),
    Rule(".readthedocs.yml", "Read the Docs runs the build it describes"),
    Rule(".pre-commit-config.yaml", "pre-commit runs the hooks it lists"),
    Rule(".gitattributes", "it sets filters and line-end conversions that rewrite files"),
    Rule(".gitignore", "it hides files from review"),
)

#: What contributors may change; checked by ``edition check`` itself.
CONTENT: tuple[Rule, ...] = (
    Rule("docs/*.md", "pages in MyST Markdown"),
    Rule("docs/references.bib", "the bibliography"),
    Rule(CATALOGUE, "the source catalogue (new records only)"),
    Rule("sources/*.txt", "new source texts (existing ones never change)"),
    Rule("docs/*.png", "images"),
    Rule("docs/*.jpg", "images"),
    Rule("docs/*.jpeg", "images"),
    Rule("docs/*.gif", "images"),
    Rule("docs/*.webp", "images"),
    Rule("docs/*.svg", "images (checked for script)"),
)

_KINDS = {"A": "added", "D": "deleted", "M": "modified", "T": "type changed"}


class BaseRefError(Exception):
    """``--base`` names no commit, or the edition is not in a git repository."""


@dataclass(frozen=True)
class Change:
    """A file changed since the base: its path from the edition's folder, and git's status."""

    path: str
    status: str  # A, M, D, T... as in ``git diff --name-status``

    @property
    def kind(self) -> str:
        """The status in words."""
        return _KINDS.get(self.status, "changed")


def code_rule(path: str) -> Rule | None:
    """The first rule of :data:`CODE` that ``path`` matches, if any."""
    return next((rule for rule in CODE if rule.matches(path)), None)


def content_rule(path: str) -> Rule | None:
    """The first rule of :data:`CONTENT` that ``path`` matches, if any."""
    return next((rule for rule in CONTENT if rule.matches(path)), None)


def _code_problem(change: Change) -> Problem | None:
    rule = code_rule(change.path)
    if rule is not None:
        reason = rule.reason
    elif content_rule(change.path) is None:
        reason = "not a kind of file contributors change (pages, bibliography, catalogue, "
        reason += "new source texts, images), so treated as code"
    else:
        return None
    return Problem(
        change.path,
        1,
        f"a change to code that only a maintainer may make ({change.kind}): {reason} "
        "[edition.untrusted_code]",
    )


def _source_problem(change: Change) -> Problem | None:
    if not change.path.startswith("sources/") or change.status == "A":
        return None
    if change.path == CATALOGUE and change.status == "M":
        return None  # compared record by record, by catalogue_problems
    return Problem(
        change.path,
        1,
        f"an existing source text may not be changed ({change.kind}): sources/ keeps "
        "each text byte for byte as received; add a new file instead "
        "[edition.source_change]",
    )


@dataclass(frozen=True)
class _Entry:
    file: object
    sha256: object
    line: int


def _catalogue_entries(text: str) -> dict[str, _Entry]:
    """The records of a catalogue's text by id (raises ``tomllib.TOMLDecodeError``)."""
    tables = tomllib.loads(text).get("source", [])
    header_lines = [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() == "[[source]]"
    ]
    entries: dict[str, _Entry] = {}
    for index, table in enumerate(tables if isinstance(tables, list) else []):
        if isinstance(table, dict) and isinstance(table.get("id"), str):
            line = header_lines[index] if index < len(header_lines) else 1
            entries[table["id"]] = _Entry(table.get("file"), table.get("sha256"), line)
    return entries


def catalogue_problems(before: str, after: str) -> list[Problem]:
    """Records of the catalogue ``before`` that ``after`` removed or re-pointed."""
    try:
        old = _catalogue_entries(before)
    except tomllib.TOMLDecodeError:
        return []  # the base itself was broken: nothing there to protect
    try:
        new = _catalogue_entries(after)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", 1) or 1
        return [
            Problem(
                CATALOGUE,
                line,
                "the changed catalogue is not valid TOML, so it cannot be compared with "
                "the base [edition.source_change]",
            )
        ]
    problems = []
    for source_id, entry in old.items():
        kept = new.get(source_id)
        if kept is None:
            problems.append(
                Problem(
                    CATALOGUE,
                    entry.line,
                    f"the record of source {source_id!r} was removed (or its id changed); "
                    "existing records stay [edition.source_change]",
                )
            )
        elif (kept.file, kept.sha256) != (entry.file, entry.sha256):
            problems.append(
                Problem(
                    CATALOGUE,
                    kept.line,
                    f"the record of source {source_id!r} changed its file or sha256; the "
                    "text of an existing source never changes [edition.source_change]",
                )
            )
    return problems


def touches_code(changes: Iterable[Change]) -> bool:
    """Whether any change is to code (or to a file not known to be content)."""
    return any(_code_problem(change) is not None for change in changes)


def review_changes(
    changes: Iterable[Change], catalogue_before: str | None, catalogue_after: str | None
) -> list[Problem]:
    """Every problem of a change: code it touches, sources it alters; sorted."""
    problems: set[Problem] = set()
    for change in changes:
        for problem in (_code_problem(change), _source_problem(change)):
            if problem is not None:
                problems.add(problem)
    if catalogue_before is not None and catalogue_after is not None:
        problems.update(catalogue_problems(catalogue_before, catalogue_after))
    return sorted(problems)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except OSError as error:
        raise BaseRefError(f"cannot run git: {error.strerror}") from None


def _nul_separated(data: bytes) -> list[str]:
    return [item for item in data.decode("utf-8", "surrogateescape").split("\0") if item]


def _parse_name_status(fields: Sequence[str]) -> list[Change]:
    """``git diff --name-status -z --no-renames`` output: status, path, status, path..."""
    return [
        Change(path, status[:1]) for status, path in zip(fields[::2], fields[1::2], strict=False)
    ]


@dataclass(frozen=True)
class ChangeSet:
    """What changed since the base: files, and the catalogue's text before and after."""

    changes: tuple[Change, ...]
    catalogue_before: str | None
    catalogue_after: str | None


def changes_since(root: Path, ref: str) -> ChangeSet:
    """The files changed between ``ref`` and the work tree at ``root``.

    That is ``git diff REF...HEAD`` (the branch's own commits, from where it left
    ``ref``) plus what is not committed yet, untracked files included. Raises
    :class:`BaseRefError` when ``ref`` names no commit or ``root`` is not in git.
    """
    if ref.startswith("-"):
        raise BaseRefError(f"--base {ref!r} is not a commit")
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0:
        raise BaseRefError(f"{root} is not in a git repository")
    verified = _git(
        root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
    )
    if verified.returncode != 0:
        raise BaseRefError(f"--base {ref!r} is not a commit of the repository at {root}")
    merge_base = _git(root, "merge-base", verified.stdout.decode().strip(), "HEAD")
    if merge_base.returncode != 0:
        raise BaseRefError(f"--base {ref!r} has no common history with HEAD")
    base = merge_base.stdout.decode().strip()
    # Diffing the merge base against the work tree is REF...HEAD plus what is staged or
    # not; --relative keeps paths from the edition's folder when it is a subfolder.
    diff = _git(root, "diff", "--name-status", "--no-renames", "--relative", "-z", base)
    if diff.returncode != 0:
        raise BaseRefError(f"git diff failed: {diff.stderr.decode(errors='replace').strip()}")
    changes = _parse_name_status(_nul_separated(diff.stdout))
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    changes += [Change(path, "A") for path in _nul_separated(untracked.stdout)]

    before_show = _git(root, "show", f"{base}:./{CATALOGUE}")
    before = before_show.stdout.decode("utf-8", "replace") if before_show.returncode == 0 else None
    try:
        after: str | None = (root / CATALOGUE).read_text(encoding="utf-8", errors="replace")
    except OSError:
        after = None
    return ChangeSet(tuple(sorted(set(changes), key=lambda c: c.path)), before, after)
