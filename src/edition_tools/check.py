"""``edition check``: every check of the edition in one run, one line per problem.

It builds the edition from scratch with Sphinx's ``dummy`` builder (everything is read,
checked and resolved; nothing is written), with the edition's lint on, collects every
warning (Sphinx's, MyST's, sphinxcontrib-bibtex's and the edition's own), and prints
them as ``path:line: message [type.subtype]``, sorted, paths relative to the project.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Problem", "parse_warnings", "run_check"]

_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
_WARNING_LINE = re.compile(
    r"^(?:(?P<path>.+?):(?:(?P<line>[0-9]+):)?\s)?(?P<level>WARNING|ERROR|CRITICAL|SEVERE):\s(?P<message>.*)$"
)


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, where it is."""

    path: str
    line: int
    message: str

    def format(self) -> str:
        """``path:line: message [type.subtype]`` (the line left out when unknown)."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def _relative(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except (ValueError, OSError):
        return path


def parse_warnings(text: str, root: Path) -> list[Problem]:
    """The problems in a Sphinx warning stream; continuation lines join their warning."""
    problems: list[Problem] = []
    for raw in _ANSI_ESCAPE.sub("", text).splitlines():
        match = _WARNING_LINE.match(raw)
        if match is None:
            if raw.strip() and problems:  # a message on several lines
                last = problems.pop()
                problems.append(Problem(last.path, last.line, f"{last.message} {raw.strip()}"))
            continue
        path = _relative(match.group("path"), root) if match.group("path") else "docs"
        line = int(match.group("line") or 0)
        problems.append(Problem(path, line, match.group("message").strip()))
    return problems


def _within(problem: Problem, paths: Sequence[Path], root: Path) -> bool:
    target = (root / problem.path).resolve()
    return any(target == path or target.is_relative_to(path) for path in paths)


def run_check(root: Path, paths: Sequence[Path] = ()) -> list[Problem]:
    """Build ``root``'s edition with every check on; the problems, sorted.

    With ``paths``, only the problems in those files or folders are kept.
    """
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    docs = root / "docs"
    warnings = io.StringIO()
    # docutils keeps directives and roles in global registries: the namespace gives
    # them back as they were, so that checks can run one after another in a process.
    with (
        tempfile.TemporaryDirectory(prefix="edition-check-") as scratch,
        patch_docutils(docs),
        docutils_namespace(),
    ):
        app = Sphinx(
            str(docs),
            str(docs),
            str(Path(scratch) / "out"),
            str(Path(scratch) / "doctrees"),
            "dummy",
            confoverrides={"edition_lint": True},
            status=None,
            warning=warnings,
            freshenv=True,
            keep_going=True,
        )
        app.build()
    problems = sorted(set(parse_warnings(warnings.getvalue(), root)))
    if paths:
        resolved = [path.resolve() for path in paths]
        problems = [problem for problem in problems if _within(problem, resolved, root)]
    return problems
