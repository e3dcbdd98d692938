"""Measure the edition against plain Sphinx + MyST on synthetic editions of N sources.

For each N: full HTML build time and peak memory of the edition, of the stock corpus (the
same annotations in Sphinx's own markup) and of the baseline (plain paragraphs), serial
and with ``-j 2``; an incremental rebuild after one note edit and after one event's date change
(time, pages read and written); and ``edition check``. Each figure is the median of
``--repeat`` runs, measured with GNU ``/usr/bin/time -v``. Writes ``benchmarks/results.md``
and the documentation page ``docs/performance.md``.

    python benchmarks/run.py [--sizes 50 200 1000] [--repeat 3] [--work /tmp/edition-bench]
                             [--results benchmarks/results.md] [--page docs/performance.md]
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


def measure(command: list[str], cwd: Path) -> Run:
    """Run ``command`` under ``/usr/bin/time -v``; the figures it reports.

    Pages read and written are counted from the files the build touched (pickled
    doctrees, HTML pages), not from its log: with ``-j`` Sphinx logs one line a
    chunk of pages, not one a page.
    """
    output = cwd / "docs" / "_build" / "html"
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


def full_build(project: Path, repeat: int, *extra: str) -> Run:
    runs = []
    for _ in range(repeat):
        shutil.rmtree(project / "docs" / "_build", ignore_errors=True)
        runs.append(measure(sphinx(project, *extra), project))
    return median(runs)


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
    results = {
        "edition": full_build(edition, repeat),
        "stock": full_build(stock, repeat),
        "baseline": full_build(baseline, repeat),
        "edition -j 2": full_build(edition, repeat, "-j", "2"),
        "stock -j 2": full_build(stock, repeat, "-j", "2"),
        "baseline -j 2": full_build(baseline, repeat, "-j", "2"),
    }
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
    runs = [
        measure([str(BIN / "edition"), "--root", str(edition), "check"], edition)
        for _ in range(repeat)
    ]
    results["edition check"] = median(runs)
    return results


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
        "| N | edition: time per source (ms) | note edit / full build |",
        "|---:|---:|---:|",
    ]
    for n, results in all_results.items():
        per_source = results["edition"].seconds / n * 1000
        share = results["note edit"].seconds / results["edition"].seconds
        lines.append(f"| {n} | {per_source:.0f} | {share:.1%} |")
    return "\n".join(lines) + "\n"


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
    args = parser.parse_args(argv)
    started = time.time()
    all_results = {n: bench(n, args.repeat, args.work) for n in args.sizes}
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    command = (
        f"python benchmarks/run.py --sizes {' '.join(map(str, args.sizes))} --repeat {args.repeat}"
    )
    results = table(all_results)
    args.results.write_text(results, encoding="utf-8")
    page = (
        "# Performance\n\n"
        "How long the edition takes to build, and how much memory, against plain Sphinx and\n"
        "MyST on the same texts (the *baseline*: the same sources as plain paragraphs, without\n"
        "the edition's extension) and against the same annotations written with Sphinx's own\n"
        "means (the *stock* corpus: footnotes, citations, glossary terms, references to\n"
        "labelled sections, admonitions; no extension of ours). The editions are synthetic: N\n"
        "sources of about 1,500 words, with a note every ~100 words, a glossary reference\n"
        "every ~50, an event reference every ~200 and a disputed claim every ~500\n"
        "(`benchmarks/generate.py`). Each figure is the median of the runs; *note edit* and\n"
        "*event date* are incremental rebuilds of the edition after one change.\n\n"
        f"Machine: {machine}. Command: `{command}` "
        f"({(time.time() - started) / 60:.0f} minutes).\n\n"
        + results
        # The reading of the figures is written by hand, beside the script.
        + "\n"
        + (HERE / "notes.md").read_text(encoding="utf-8")
    )
    args.page.write_text(page, encoding="utf-8")
    print(results)


if __name__ == "__main__":
    main()
