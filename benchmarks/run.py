"""Measure the edition against plain Sphinx + MyST on synthetic editions of N sources.

For each N: full HTML build time and peak memory of the edition, of the stock corpus (the
same annotations in Sphinx's own markup) and of the baseline (plain paragraphs), serial
and with ``-j 2``; an incremental rebuild after one note edit and after one event's date change
(time, pages read and written); and ``edition check``, fresh and again after one note
edit (it keeps its environment in ``docs/_build/check``). Each figure is the median of
``--repeat`` runs, measured with GNU ``/usr/bin/time -v``. Writes ``benchmarks/results.md``
and the documentation page ``docs/performance.md``.

    python benchmarks/run.py [--sizes 50 200 1000] [--repeat 3] [--work /tmp/edition-bench]
                             [--results benchmarks/results.md] [--page docs/performance.md]
    python benchmarks/run.py --rewrite-page  # after editing notes.md or running floor.py
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
PROJECT = HERE.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))

from generate import positive, write  # noqa: E402

#: The table ``floor.py`` writes, and where ``notes.md`` shows it.
FLOOR_TABLE = HERE / "floor.md"
FLOOR_MARKER = "<!-- floor.md -->"

# Pages Sphinx writes on every build, whatever changed; not counted as pages written.
ALWAYS_WRITTEN = ("genindex.html", "search.html")


@dataclass
class Run:
    """One measured command: wall time, peak memory, pages read and written."""

    seconds: float
    peak_mb: float
    read: int
    written: int


def touched_since(started: float, folder: Path, pattern: str) -> int:
    """How many files matching ``pattern`` below ``folder`` were written after ``started``."""
    return sum(1 for path in folder.rglob(pattern) if path.stat().st_mtime >= started)


def measure(command: list[str], cwd: Path, output: Path | None = None) -> Run:
    """Run ``command`` under ``/usr/bin/time -v``; the figures it reports.

    Pages read and written are counted from the files the build touched in ``output``
    (pickled doctrees in its ``.doctrees``, HTML pages; by default the HTML build's),
    not from its log: with ``-j`` Sphinx logs one line a chunk of pages, not one a page.
    """
    output = output or cwd / "docs" / "_build" / "html"
    started = time.time()
    result = subprocess.run(
        ["/usr/bin/time", "-v", *command], cwd=cwd, capture_output=True, text=True, check=False
    )
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", result.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    assert wall and rss, result.stderr[-2000:]
    hours, minutes, seconds = int(wall.group(1) or 0), int(wall.group(2)), float(wall.group(3))
    read = touched_since(started, output / ".doctrees", "*.doctree")
    written = max(0, touched_since(started, output, "*.html") - len(ALWAYS_WRITTEN))
    return Run(hours * 3600 + minutes * 60 + seconds, int(rss.group(1)) / 1024, read, written)


def median(runs: list[Run]) -> Run:
    """The median of each figure."""
    return Run(
        statistics.median(r.seconds for r in runs),
        statistics.median(r.peak_mb for r in runs),
        int(statistics.median(r.read for r in runs)),
        int(statistics.median(r.written for r in runs)),
    )


def sphinx(project: Path, *extra: str) -> list[str]:
    return [str(BIN / "sphinx-build"), "-b", "html", *extra, "docs", "docs/_build/html"]


def full_builds(builds: dict[str, tuple[Path, tuple[str, ...]]], repeat: int) -> dict[str, Run]:
    """Clean builds of each project (with its extra options), the median of each.

    One build of each in turn, ``repeat`` times over: a machine shared with others is
    slower for minutes at a time (a build here has taken half as long again as the same
    build a minute before), and a slow spell should slow every corpus alike, not the
    runs of one, so that the ratios between them hold.
    """
    runs: dict[str, list[Run]] = {name: [] for name in builds}
    for _ in range(repeat):
        for name, (project, extra) in builds.items():
            shutil.rmtree(project / "docs" / "_build", ignore_errors=True)
            runs[name].append(measure(sphinx(project, *extra), project))
    return {name: median(measured) for name, measured in runs.items()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def incremental(project: Path, repeat: int, target: Path, old: str, new: str) -> Run:
    runs = []
    for _ in range(repeat):
        shutil.rmtree(project / "docs" / "_build", ignore_errors=True)
        measure(sphinx(project), project)
        edit(target, old, new)
        try:
            runs.append(measure(sphinx(project), project))
        finally:
            edit(target, new, old)
    return median(runs)


def bench(n: int, repeat: int, work: Path) -> dict[str, Run]:
    out = work / f"n{n}"
    shutil.rmtree(out, ignore_errors=True)
    write(n, out)
    edition, stock, baseline = out / "edition", out / "stock", out / "baseline"
    serial: tuple[str, ...] = ()
    parallel = ("-j", "2")
    results = full_builds(
        {
            "edition": (edition, serial),
            "stock": (stock, serial),
            "baseline": (baseline, serial),
            "edition -j 2": (edition, parallel),
            "stock -j 2": (stock, parallel),
            "baseline -j 2": (baseline, parallel),
        },
        repeat,
    )
    page = edition / "docs" / "sources" / "source-0001.md"
    results["note edit"] = incremental(
        edition, repeat, page, "A note on this word", "A note upon this word"
    )
    chronology = edition / "docs" / "chronology.md"
    results["event date"] = incremental(
        edition,
        repeat,
        chronology,
        ":::{event} event-0\n:date: 1990-01-01",
        ":::{event} event-0\n:date: 1990-01-02",
    )
    results["edition check"], results["check after note edit"] = checks(
        edition, repeat, page, "A note on this word", "A note upon this word"
    )
    return results


def checks(project: Path, repeat: int, target: Path, old: str, new: str) -> tuple[Run, Run]:
    """``edition check`` from nothing, and again after one edit (it keeps its environment)."""
    command = [str(BIN / "edition"), "--root", str(project), "check"]
    kept = project / "docs" / "_build" / "check"
    output = kept / "out"  # the pages read are its .doctrees; the dummy builder writes none
    fresh, second = [], []
    for _ in range(repeat):
        shutil.rmtree(kept, ignore_errors=True)
        fresh.append(measure(command, project, output))
        edit(target, old, new)
        try:
            second.append(measure(command, project, output))
        finally:
            edit(target, new, old)
    return median(fresh), median(second)


def table(all_results: dict[int, dict[str, Run]]) -> str:
    lines = [
        "| N | build | time (s) | peak memory (MB) | pages read | pages written |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for n, results in all_results.items():
        for name, run in results.items():
            figures = f"{run.seconds:.1f} | {run.peak_mb:.0f} | {run.read} | {run.written}"
            lines.append(f"| {n} | {name} | {figures} |")
    lines += [
        "",
        "| N | against | time ratio | -j 2 time ratio | memory ratio |",
        "|---:|---|---:|---:|---:|",
    ]
    for n, results in all_results.items():
        for against in ("baseline", "stock"):
            ratios = (
                results["edition"].seconds / results[against].seconds,
                results["edition -j 2"].seconds / results[f"{against} -j 2"].seconds,
                results["edition"].peak_mb / results[against].peak_mb,
            )
            lines.append(f"| {n} | {against} | " + " | ".join(f"{r:.2f}" for r in ratios) + " |")
    lines += [
        "",
        "| N | edition: time per source (ms) | note edit / full build "
        "| check after note edit / edition check |",
        "|---:|---:|---:|---:|",
    ]
    for n, results in all_results.items():
        per_source = results["edition"].seconds / n * 1000
        share = results["note edit"].seconds / results["edition"].seconds
        second = results["check after note edit"].seconds / results["edition check"].seconds
        lines.append(f"| {n} | {per_source:.0f} | {share:.1%} | {second:.1%} |")
    return "\n".join(lines) + "\n"


def performance_page(measured_with: str, results: str) -> str:
    """The Performance page: what is measured, where and how, the figures, their reading."""
    return (
        "# Performance\n\n"
        "How long the edition takes to build, and how much memory, against plain Sphinx and\n"
        "MyST on the same texts (the *baseline*: the same sources as plain paragraphs, without\n"
        "the edition's extension) and against the same annotations written with Sphinx's own\n"
        "means (the *stock* corpus: footnotes, citations, glossary terms, references to\n"
        "labelled sections, admonitions; no extension of ours). The editions are synthetic: N\n"
        "sources of about 1,500 words, with a note every ~100 words, a glossary reference\n"
        "every ~50, an event reference every ~200 and a disputed claim every ~500\n"
        "(`benchmarks/generate.py`). Each figure is the median of the runs (the corpora built\n"
        "in turn); *note edit* and *event date* are incremental rebuilds of the edition after\n"
        "one change.\n\n"
        "*edition check* is a check from nothing, *check after note edit* the next check\n"
        "after one note edit. `edition check` keeps its environment in `docs/_build/check/`:\n"
        "it reads again the pages that changed and those that had a warning last time,\n"
        "resolves only the pages it read (all of them when what a reference can point to\n"
        "changed: a glossary term, an event, a claim, a label, a page or its title, a\n"
        "citation), and gives again the warnings of the pages it did not resolve. A change\n"
        "to `conf.py`, `docutils.conf`, the bibliography, the catalogue, the edition's code\n"
        "or the packages the build uses, or a check cut short, starts it afresh. Its\n"
        "findings are a fresh check's (`tests/test_check_incremental.py`).\n\n"
        f"{measured_with}\n\n"
        + results
        # The reading of the figures is written by hand, beside the script.
        + "\n"
        + reading_of_the_figures()
    )


def reading_of_the_figures() -> str:
    """``notes.md``, with the table of ``floor.py`` (``floor.md``) where it says so."""
    notes = (HERE / "notes.md").read_text(encoding="utf-8")
    table = (
        FLOOR_TABLE.read_text(encoding="utf-8")
        if FLOOR_TABLE.exists()
        else "(Not measured yet: `python benchmarks/floor.py` writes this table.)\n"
    )
    return notes.replace(FLOOR_MARKER, table.rstrip("\n"))


def rewrite_page(parser: argparse.ArgumentParser, page: Path, results: Path) -> None:
    """Write ``page`` again from ``results`` and the notes, keeping its machine and command."""
    try:
        measured_with = re.search(r"^Machine: .*$", page.read_text(encoding="utf-8"), re.M)
        figures = results.read_text(encoding="utf-8")
    except OSError as error:
        parser.error(f"cannot rewrite the page: {error.filename}: {error.strerror}")
    if measured_with is None:
        parser.error(f"cannot rewrite the page: {page} names no machine and command")
    page.write_text(performance_page(measured_with.group(0), figures), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=positive, nargs="+", default=[50, 200, 1000])
    parser.add_argument("--repeat", type=positive, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/edition-bench"))
    parser.add_argument(
        "--results", type=Path, default=HERE / "results.md", help="the table (Markdown)"
    )
    parser.add_argument(
        "--page",
        type=Path,
        default=PROJECT / "docs" / "performance.md",
        help="the Performance page of the documentation",
    )
    parser.add_argument(
        "--rewrite-page",
        action="store_true",
        help="measure nothing: write the page again from --results and the notes",
    )
    args = parser.parse_args(argv)
    if args.rewrite_page:
        rewrite_page(parser, args.page, args.results)
        return
    started = time.time()
    all_results = {n: bench(n, args.repeat, args.work) for n in args.sizes}
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    command = (
        f"python benchmarks/run.py --sizes {' '.join(map(str, args.sizes))} --repeat {args.repeat}"
    )
    results = table(all_results)
    args.results.write_text(results, encoding="utf-8")
    measured_with = (
        f"Machine: {machine}. Command: `{command}` ({(time.time() - started) / 60:.0f} minutes)."
    )
    args.page.write_text(performance_page(measured_with, results), encoding="utf-8")
    print(results)


if __name__ == "__main__":
    main()
