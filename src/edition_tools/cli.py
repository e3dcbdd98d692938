"""The ``edition`` command: build the edition, verify its sources, add a source.

Exit codes: 0 when all is well, 1 when the edition has a problem (each printed as
``path:line: message``), 2 on a usage error. A content problem never ends in a
traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from edition_tools import __version__
from edition_tools.catalogue import Genre, load_catalogue
from edition_tools.new_source import NewSource, NewSourceError, add_source

__all__ = ["main", "run"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


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
        "check", help="run every check of the edition; one line per problem, path:line first"
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
    return parser


def _build(root: Path, builder: str, jobs: str) -> int:
    from sphinx.cmd.build import build_main

    out = root / "docs" / "_build" / builder
    args = ["-b", builder, "-W", "--keep-going", "-n", "-j", jobs, str(root / "docs"), str(out)]
    return EXIT_OK if build_main(args) == 0 else EXIT_PROBLEMS


def _path_in_edition(root: Path, path: Path) -> Path | None:
    """``path`` as a file or folder of the edition at ``root``, or ``None`` if it is not one.

    A relative path is taken from the current folder, as usual; when nothing is there,
    from ``root``, so that ``edition --root R check docs/page.md`` works from anywhere.
    """
    for candidate in (path, root / path):
        if candidate.exists() and candidate.resolve().is_relative_to(root):
            return candidate.resolve()
    return None


def _check(root: Path, paths: list[Path]) -> int:
    """Print every problem and a summary; 1 if there is any."""
    import time

    from sphinx.errors import SphinxError

    from edition_tools.check import run_check

    resolved = []
    for path in paths:
        found = _path_in_edition(root, path)
        if found is None:
            print(f"edition check: no such file or folder in {root}: {path}", file=sys.stderr)
            return EXIT_USAGE
        resolved.append(found)
    started = time.perf_counter()
    try:
        problems = run_check(root, resolved)
    except SphinxError as error:  # a broken conf.py or extension, not a content problem
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
    import io

    from sphinx.application import Sphinx

    from edition_tools.stats import collect_stats, format_stats

    docs, out = root / "docs", root / "docs" / "_build"
    warnings = io.StringIO()
    app = Sphinx(
        str(docs),
        str(docs),
        str(out / "html"),
        str(out / "doctrees"),
        "html",
        status=None,
        warning=warnings,
        freshenv=False,
    )
    app.build()
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
        print(f"edition new-source: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"added sources/{source.id}.txt and {page.relative_to(root)}")
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
    root = (args.root or _project_root(Path.cwd())).resolve()
    if not (root / "docs" / "conf.py").is_file():
        # Not a problem of the edition's content: there is no edition there to check.
        where = "--root" if args.root else "the current folder or above"
        print(
            f"edition: no edition at {root} ({where}): it has no docs/conf.py",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.command == "build":
        return _build(root, args.builder, args.jobs)
    if args.command == "check":
        return _check(root, args.paths)
    if args.command == "verify":
        return _verify(root)
    if args.command == "stats":
        return _stats(root)
    return _new_source(root, args)


def run() -> NoReturn:
    """The ``edition`` console script: :func:`main`, ending quietly on a closed pipe.

    ``edition check | head`` closes the pipe before the command has written all it has
    to say. Following the Python documentation's advice for SIGPIPE, the error is caught
    and standard output pointed at ``/dev/null``, so that the interpreter's final flush
    does not fail again; the signal's disposition is never changed (setting it to
    ``SIG_DFL`` in a process that also serves sockets, as the test suite does, lets a
    browser that drops a connection kill that process).
    """
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        status = EXIT_PROBLEMS
    sys.exit(status)


if __name__ == "__main__":
    run()
