"""``edition check``: every check of the edition in one run, one line per problem.

It builds the edition with Sphinx's ``dummy`` builder (everything is checked and
resolved; nothing is written), with the edition's lint on, collects every warning
(Sphinx's, MyST's, sphinxcontrib-bibtex's and the edition's own), and prints them as
``path:line: message [type.subtype]``, sorted, paths relative to the project. The build
keeps its environment in ``docs/_build/check/``, so that the next check rereads only the
pages that changed, with the same findings as a fresh check
(:mod:`edition_tools.cli.kept_check`).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import astuple, dataclass
from pathlib import Path
from types import FrameType

__all__ = ["Problem", "explain_stopped_build", "parse_warnings", "run_check"]

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
    """``path`` from ``root``: the path as written first, so that a link is named itself.

    Resolving first would name what a symbolic link points to.
    """
    written = Path(os.path.normpath(Path(path).absolute()))
    if written.is_relative_to(root):
        return written.relative_to(root).as_posix()
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


def _chain(error: BaseException) -> Iterator[BaseException]:
    """``error`` and the errors behind it (Sphinx wraps a handler's error in its own)."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [error]
    while todo:
        current = todo.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [current.__cause__, current.__context__, getattr(current, "orig_exc", None)]


def _frames(errors: Sequence[BaseException]) -> Iterator[FrameType]:
    """The frames of the errors' tracebacks, outermost first, wrappers before causes."""
    for error in errors:
        traceback = error.__traceback__
        while traceback is not None:
            yield traceback.tb_frame
            traceback = traceback.tb_next


def _page_and_line(frames: Sequence[FrameType]) -> tuple[str | None, int]:
    """The page being read or written (innermost ``docname``), and its outermost directive."""
    from docutils.parsers.rst import Directive

    docname = None
    line = 0
    for frame in frames:
        local_docname = frame.f_locals.get("docname")
        if isinstance(local_docname, str) and local_docname != docname:
            docname = local_docname
            line = 0  # a directive seen before belongs to another page
        if line:
            continue
        receiver = frame.f_locals.get("self")
        # MyST's include directive is a stand-in not derived from docutils' Directive.
        if isinstance(receiver, Directive) or type(receiver).__name__.endswith("IncludeDirective"):
            lineno = getattr(receiver, "lineno", None)
            line = lineno if isinstance(lineno, int) else 0
    return docname, line


def _page_path(docs: Path, docname: str) -> Path:
    """The file of ``docname`` in ``docs`` (whatever its suffix), or a best guess."""
    found = sorted(docs.glob(f"{docname}.*"))
    return found[0] if found else docs / f"{docname}.md"


def explain_stopped_build(error: BaseException, root: Path) -> Problem | None:
    """The problem of the content that stopped a build with ``error``, if it is one.

    A page whose directives, quotes, lists or includes nest hundreds deep (or an
    include that includes itself) exhausts Python's recursion limit in the parser or a
    writer: that is the page's problem, reported at the page and at its outermost
    directive (line 1 if none), rather than a traceback. ``None`` for other errors.
    """
    errors = list(_chain(error))
    if not any(isinstance(found, RecursionError) for found in errors):
        return None
    try:
        docname, line = _page_and_line(list(_frames(errors)))
    except Exception:  # objects in the frames may refuse inspection (MyST's mocks)
        docname, line = None, 0
    if docname is None:
        return Problem(
            "docs",
            0,
            "a page nests too deeply (directives, quotes, lists or includes within each "
            "other, or an include of itself) for the build to read it [edition.hostile]",
        )
    path = _relative(str(_page_path(root / "docs", docname)), root)
    return Problem(
        path,
        line or 1,
        "the page nests too deeply (directives, quotes, lists or includes within each "
        "other, or an include of itself) for the build to read it [edition.hostile]",
    )


def run_check(root: Path, paths: Sequence[Path] = ()) -> list[Problem]:
    """Build ``root``'s edition with every check on; the problems, sorted.

    The build is incremental (:class:`~edition_tools.cli.kept_check.KeptCheck`), and its
    problems are those a fresh build finds. With ``paths``, only the problems in those
    files or folders are kept. A page that stops the build (see
    :func:`explain_stopped_build`) is reported with the problems a fresh build found
    until then; other errors of the build are raised.
    """
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from edition_tools.cli.kept_check import KeptCheck
    from edition_tools.outputs.whole_output import AnotherBuildRunningError, lock_for

    docs = root / "docs"
    kept = KeptCheck(root)
    lock = lock_for(kept.outdir, root)
    # The build itself would wait for the lock; the check refuses at once, as `edition
    # build` does, and before it touches a folder another check is using.
    if lock.is_held_elsewhere():
        raise AnotherBuildRunningError(lock.busy_message())
    kept.begin()
    warnings = io.StringIO()
    stopped: list[Problem] = []
    # docutils keeps directives and roles in global registries: the namespace gives
    # them back as they were, so that checks can run one after another in a process.
    with patch_docutils(docs), docutils_namespace():
        try:
            app = kept.application(docs, warnings, {"edition_lint": True})
            app.build()
        except Exception as error:
            problem = explain_stopped_build(error, root)
            if problem is None:
                raise
            stopped.append(problem)
    if stopped:
        if not kept.afresh:  # what a fresh build finds before it stops, not a part of it
            return run_check(root, paths)
        problems = set(parse_warnings(warnings.getvalue(), root)) | set(stopped)
    else:
        findings = kept.end(app, lambda text: [astuple(p) for p in parse_warnings(text, root)])
        problems = {Problem(*finding) for finding in findings}
    found = sorted(problems)
    if paths:
        resolved = [path.resolve() for path in paths]
        found = [problem for problem in found if _within(problem, resolved, root)]
    return found
