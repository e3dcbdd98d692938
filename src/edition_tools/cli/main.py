"""The ``edition`` command: build the edition, verify its sources, add a source.

Exit codes: 0 when all is well, 1 when the edition has a problem (each printed as
``path:line: message``), 2 on a usage error, 130 when interrupted (Ctrl-C). No input
ends in a traceback: a page that stops the build is reported at its path and line, and
an error of the tools themselves is summed up in a line, its traceback saved to a file.

``edition build`` and ``edition stats`` write into ``docs/_build``: one build at a time,
and after a build that was cut short the next one starts afresh (as every build that
loads the extension: :mod:`edition_tools.outputs.whole_output`).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from edition_tools import __version__
from edition_tools.cli.new_source import NewSource, NewSourceError, add_source
from edition_tools.model.catalogue import Genre, load_catalogue

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from edition_tools.cli.check import Problem

__all__ = ["main", "run"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
#: The shell's code for a command ended by SIGINT (128 + 2).
EXIT_INTERRUPTED = 130


def _project_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding ``docs/conf.py``."""
    for folder in (start, *start.parents):
        if (folder / "docs" / "conf.py").is_file():
            return folder
    return start


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="edition", description="Build and check the annotated edition."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--root",
        type=Path,
        default=None,
        help="the edition's folder (default: the nearest folder above with docs/conf.py)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build the edition with warnings as errors")
    build.add_argument("-b", "--builder", default="html", help="Sphinx builder (default: html)")
    build.add_argument("-j", "--jobs", default="1", help="parallel processes (default: 1)")

    check = commands.add_parser(
        "check",
        help="run every check of the edition; one line per problem, path:line first",
        description="Run every check of the edition; one line per problem, path:line first. "
        "With --base REF, also review the change since REF (git diff REF...HEAD and what "
        "is not committed) by the threat model: each file of code it touches is listed "
        "(a maintainer must review it), and any change to an existing file in sources/ "
        "or to the file or sha256 of a catalogue record is refused; either makes the "
        "exit status 1. A change that touches code is not built at all: building would "
        "run that code.",
    )
    check.add_argument(
        "--base",
        metavar="REF",
        default=None,
        help="review the change since REF (a branch, tag or commit): list every code file "
        "it touches (and then do not build, which would run that code) and refuse "
        "changes to existing sources; both exit 1",
    )
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help="only report problems in these files or folders (a relative path is taken "
        "from the current folder, or, if nothing is there, from the edition's folder)",
    )
    commands.add_parser(
        "verify", help="check the catalogue and that every file in sources/ is unchanged"
    )
    commands.add_parser(
        "stats", help="build the edition and count notes, claims, references, entries"
    )

    new = commands.add_parser(
        "new-source", help="copy a text into sources/, catalogue it and write its page"
    )
    new.add_argument("file", type=Path, help="the text, UTF-8, exactly as received")
    new.add_argument("--id", required=True, help="a slug such as author-2000-topic")
    new.add_argument("--title", required=True)
    new.add_argument("--author", action="append", default=[], help="repeat for several")
    new.add_argument("--outlet", default="unknown")
    new.add_argument("--date", default="unknown", help="YYYY, YYYY-MM or YYYY-MM-DD")
    new.add_argument("--url", default="unknown")
    new.add_argument("--genre", default=Genre.SCHOLARLY_BOOK.slug, choices=[g.slug for g in Genre])
    new.add_argument("--language", default="en")

    init = commands.add_parser("init", help="start a new, empty edition in a new folder")
    init.add_argument("dir", type=Path, help="a new or empty folder")
    init.add_argument("--title", required=True, help="the edition's title, one line")
    return parser


def _jobs(value: str) -> int | None:
    """``-j``: a positive number or ``auto``; ``None`` if neither."""
    if value == "auto":
        return os.cpu_count() or 1
    return int(value) if value.isdigit() and int(value) > 0 else None


def _build_into_output(
    root: Path,
    builder: str,
    *,
    jobs: int = 1,
    warning: io.StringIO | None = None,
    strict: bool = True,
) -> tuple[Sphinx | None, int]:
    """Build into ``docs/_build/<builder>`` under the lock; the app and the exit status.

    A build that stops on a page prints the page's problem (status 1). If the previous
    build into the same folder was cut short (killed, interrupted, crashed), its output
    and pickled environment are thrown away first, so that no half-written page, search
    index or sitemap survives into this one.
    """
    # What sphinx-build itself uses (sphinx.util.console re-exports it, implicitly).
    from sphinx._cli.util.colour import disable_colour, terminal_supports_colour
    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from edition_tools.cli.check import explain_stopped_build
    from edition_tools.outputs.whole_output import lock_for

    if not terminal_supports_colour():  # as sphinx-build: no colour codes in a log file
        disable_colour()
    docs = root / "docs"
    out = docs / "_build" / builder
    doctrees = out / ".doctrees"  # where sphinx-build (make html) keeps them too
    lock = lock_for(out, root)
    if lock.is_held_elsewhere():  # refuse at once; the extension would wait
        print(f"edition: {lock.busy_message()}", file=sys.stderr)
        return None, EXIT_PROBLEMS
    try:
        with patch_docutils(docs), docutils_namespace():
            app = Sphinx(
                str(docs),
                str(docs),
                str(out),
                str(doctrees),
                builder,
                confoverrides={"nitpicky": True} if strict else {},
                status=None if warning is not None else sys.stdout,
                warning=warning if warning is not None else sys.stderr,
                warningiserror=strict,
                parallel=jobs,
            )
            app.build()
    except Exception as error:
        if warning is not None:
            print(warning.getvalue(), end="", file=sys.stderr)
        problem = explain_stopped_build(error, root)
        if problem is not None:
            print(problem.format(), file=sys.stderr)
        elif isinstance(error, SphinxError):  # conf.py, the .bib, an extension
            print(f"edition: the build stopped: {error}", file=sys.stderr)
        else:
            raise
        return None, EXIT_PROBLEMS
    return app, EXIT_OK if app.statuscode == 0 else EXIT_PROBLEMS


def _build(root: Path, builder: str, jobs: str) -> int:
    """``sphinx-build -W -n`` into ``docs/_build/<builder>``, one build at a time."""
    parallel = _jobs(jobs)
    if parallel is None:
        print(f"edition build: -j {jobs!r}: a positive number or 'auto'", file=sys.stderr)
        return EXIT_USAGE
    return _build_into_output(root, builder, jobs=parallel)[1]


def _path_in_edition(root: Path, path: Path) -> Path | None:
    """``path`` as a file or folder of the edition at ``root``, or ``None`` if it is not one.

    A relative path is taken from the current folder, as usual; when nothing is there,
    from ``root``, so that ``edition --root R check docs/page.md`` works from anywhere.
    """
    for candidate in (path, root / path):
        if candidate.exists() and candidate.resolve().is_relative_to(root):
            return candidate.resolve()
    return None


def _review_change(root: Path, base: str) -> tuple[list[Problem], bool] | None:
    """The problems of the change since ``base``, and whether it touches code.

    ``None`` (the message printed) when ``base`` is no commit.
    """
    from edition_tools.cli.changes import BaseRefError, changes_since, review_changes, touches_code

    try:
        found = changes_since(root, base)
    except BaseRefError as error:
        print(f"edition check: {error}", file=sys.stderr)
        return None
    problems = review_changes(found.changes, found.catalogue_before, found.catalogue_after)
    return problems, touches_code(found.changes)


def _check(root: Path, paths: list[Path], base: str | None = None) -> int:
    """Print every problem and a summary; 1 if there is any."""
    import time

    from sphinx.errors import SphinxError

    from edition_tools.cli.check import run_check

    resolved = []
    for path in paths:
        found = _path_in_edition(root, path)
        if found is None:
            print(f"edition check: no such file or folder in {root}: {path}", file=sys.stderr)
            return EXIT_USAGE
        resolved.append(found)
    started = time.perf_counter()
    change_problems: list[Problem] = []
    if base is not None:
        reviewed = _review_change(root, base)
        if reviewed is None:
            return EXIT_USAGE
        change_problems, code_changed = reviewed
        if code_changed:
            # Building would run that code (conf.py, the extension, a parser's
            # configuration) on the reviewer's machine: a maintainer reads it first.
            for problem in change_problems:
                print(problem.format())
            print(
                "edition check: the change touches code (listed above), so it was not "
                "built: a maintainer reviews the code first",
                file=sys.stderr,
            )
            return EXIT_PROBLEMS
    try:
        problems = change_problems + run_check(root, resolved)
    except SphinxError as error:  # a broken conf.py or extension, not a content problem
        for problem in change_problems:  # the change may be what broke it
            print(problem.format())
        print(f"edition check: the build stopped: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    for problem in problems:
        print(problem.format())
    files = len({problem.path for problem in problems})
    elapsed = time.perf_counter() - started
    if problems:
        print(f"{len(problems)} problem(s) in {files} file(s) ({elapsed:.1f} s)")
        return EXIT_PROBLEMS
    print(f"no problems ({elapsed:.1f} s)")
    return EXIT_OK


def _stats(root: Path) -> int:
    """Build the HTML edition quietly, then print the counts from its environment."""
    from edition_tools.cli.stats import collect_stats, format_stats

    warnings = io.StringIO()
    app, status = _build_into_output(root, "html", warning=warnings, strict=False)
    if app is None:
        return status
    if warnings.getvalue():
        print(warnings.getvalue(), end="", file=sys.stderr)
    print(format_stats(collect_stats(app.env)))
    return EXIT_OK if not warnings.getvalue() else EXIT_PROBLEMS


def _verify(root: Path) -> int:
    catalogue = load_catalogue(root / "sources" / "catalogue.toml")
    problems = [
        f"{catalogue.path}:{problem.line}: {problem.message}" for problem in catalogue.problems
    ]
    problems += [
        f"{path}:1: file is not in the catalogue"
        for path in sorted((root / "sources").glob("*.txt"))
        if path.name not in catalogue.named_files
    ]
    for problem in problems:
        print(f"{problem} [edition.catalogue]")
    print(f"{len(catalogue)} sources verified, {len(problems)} problem(s)")
    return EXIT_OK if not problems else EXIT_PROBLEMS


def _new_source(root: Path, args: argparse.Namespace) -> int:
    source = NewSource(
        id=args.id,
        title=args.title,
        authors=tuple(args.author),
        outlet=args.outlet,
        date=args.date,
        url=args.url,
        genre=args.genre,
        language=args.language,
    )
    try:
        page = add_source(
            args.file, source, sources_dir=root / "sources", pages_dir=root / "docs" / "sources"
        )
    except NewSourceError as error:
        # A problem in the text itself reads path:line: message; one in an argument is
        # the command's.
        print(error if error.path is not None else f"edition new-source: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"added sources/{source.id}.txt and {page.relative_to(root)}")
    return EXIT_OK


def _init(target: Path, title: str) -> int:
    from edition_tools.cli.init import InitError, create_edition

    try:
        written = create_edition(target, title)
    except InitError as error:
        print(f"edition init: {error}", file=sys.stderr)
        return EXIT_USAGE if error.refused else EXIT_PROBLEMS
    print(f"made a new edition in {target} ({len(written)} files); next: README.md")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``edition`` command with ``argv`` (default: the process arguments).

    Leaves the process's signal handling alone, so that tests and other programs can
    call it in their own process; :func:`run` is the console script.
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code not in (0, None) else EXIT_OK
    if args.command == "init":  # makes an edition: there is none to find yet
        return _init(args.dir, args.title)
    root = (args.root or _project_root(Path.cwd())).resolve()
    if not (root / "docs" / "conf.py").is_file():
        # Not a problem of the edition's content: there is no edition there to check.
        where = "--root" if args.root else "the current folder or above"
        print(
            f"edition: no edition at {root} ({where}): it has no docs/conf.py",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return _dispatch(root, args)


def _dispatch(root: Path, args: argparse.Namespace) -> int:
    if args.command == "build":
        return _build(root, args.builder, args.jobs)
    if args.command == "check":
        return _check(root, args.paths, args.base)
    if args.command == "verify":
        return _verify(root)
    if args.command == "stats":
        return _stats(root)
    return _new_source(root, args)


def _tolerant_streams() -> None:
    """Let standard output and error write any character, escaped if need be.

    Problems quote the edition's text, which is not ASCII; on a terminal whose encoding
    cannot show a character (``LC_ALL=C``, ``PYTHONIOENCODING=ascii``) it is written as
    an escape such as ``\\u0161`` instead of ending the command.
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def _report_internal_error(error: BaseException) -> None:
    """One line for an error of the tools themselves; the traceback goes to a file."""
    with tempfile.NamedTemporaryFile(
        "w", prefix="edition-error-", suffix=".log", delete=False, encoding="utf-8"
    ) as log:
        traceback.print_exception(error, file=log)
    print(
        f"edition: internal error: {type(error).__name__}: {error} "
        f"(the details are in {log.name}; please report them)",
        file=sys.stderr,
    )


def run() -> NoReturn:
    """The ``edition`` console script: :func:`main`, ending quietly in every case.

    ``edition check | head`` closes the pipe before the command has written all it has
    to say. Following the Python documentation's advice for SIGPIPE, the error is caught
    and standard output pointed at ``/dev/null``, so that the interpreter's final flush
    does not fail again; the signal's disposition is never changed (setting it to
    ``SIG_DFL`` in a process that also serves sockets, as the test suite does, lets a
    browser that drops a connection kill that process). Ctrl-C ends the command with
    ``edition: interrupted`` and status 130; any other error of the tools with one line.
    """
    _tolerant_streams()
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        status = EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("\nedition: interrupted", file=sys.stderr)
        status = EXIT_INTERRUPTED
    except Exception as error:
        _report_internal_error(error)
        status = EXIT_PROBLEMS
    sys.exit(status)


if __name__ == "__main__":
    run()
