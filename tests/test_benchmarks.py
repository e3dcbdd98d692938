"""The benchmark's synthetic editions and its runner (``benchmarks/``).

The figures themselves are the benchmark's business, never a test's: these tests check
that the generator writes what the issue asks for at any size, that its editions build
without a warning, and that the runner writes its table and the Performance page.
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conftest import PROJECT, require

BENCHMARKS = PROJECT / "benchmarks"
GENERATE = BENCHMARKS / "generate.py"
RUN = BENCHMARKS / "run.py"
FLOOR = BENCHMARKS / "floor.py"
SPHINX_BUILD = Path(sys.executable).with_name("sphinx-build")
GNU_TIME = Path("/usr/bin/time")


def generate(n: int, out: Path) -> Path:
    result = subprocess.run(
        [sys.executable, str(GENERATE), str(n), str(out)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def four(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic edition of four sources, with its stock and baseline corpora."""
    return generate(4, tmp_path_factory.mktemp("bench") / "n4")


def count(pattern: str, text: str) -> int:
    return len(re.findall(pattern, text, flags=re.MULTILINE))


def test_each_source_has_the_density_asked_for(four):
    """~1,500 words; a note every ~100, a term every ~50, an event every ~200, a claim
    every ~500; paratext blocks."""
    pages = sorted((four / "edition" / "docs" / "sources").glob("source-*.md"))
    assert len(pages) == 4
    for page in pages:
        text = (four / "edition" / "sources" / f"{page.stem}.txt").read_text(encoding="utf-8")
        words = len(text.split())
        markup = page.read_text(encoding="utf-8")
        assert 1400 <= words <= 1600
        assert count(r"^\[\^n\d+\]:", markup) == pytest.approx(words / 100, rel=0.15)
        assert count(r"\{term\}`", markup) == pytest.approx(words / 50, rel=0.15)
        assert count(r"\{event\}`", markup) == pytest.approx(words / 200, rel=0.15)
        assert count(r"\{claim\}`", markup) == pytest.approx(words / 500, rel=0.15)
        assert count(r"^:::\{disputed\}", markup) == count(r"\{claim\}`", markup)
        assert count(r"^:::\{paratext\}", markup) >= 1


def test_the_edition_has_its_glossary_chronology_and_ai_records(four):
    docs = four / "edition" / "docs"
    assert count(r"^term \d+$", (docs / "glossary.md").read_text(encoding="utf-8")) == 2
    assert count(r"^:::\{event\}", (docs / "chronology.md").read_text(encoding="utf-8")) == 4
    pages = [p.read_text(encoding="utf-8") for p in (docs / "sources").glob("source-*.md")]
    assert sum(count(r"^:::\{ai-content\}", page) for page in pages) >= 1


def test_the_baseline_is_the_same_text_without_the_layer(four):
    """Plain paragraphs: the source files' words, no role, directive or note."""
    for source in sorted((four / "edition" / "sources").glob("source-*.txt")):
        page = (four / "baseline" / "docs" / "sources" / f"{source.stem}.md").read_text(
            encoding="utf-8"
        )
        for line in source.read_text(encoding="utf-8").splitlines():
            assert line in page
        assert not re.search(r"\{[a-z-]+\}|:::|\[\^", page)


def test_the_stock_corpus_has_the_annotations_in_sphinx_markup(four):
    page = (four / "stock" / "docs" / "sources" / "source-0001.md").read_text(encoding="utf-8")
    edition = (four / "edition" / "docs" / "sources" / "source-0001.md").read_text(encoding="utf-8")
    assert count(r"\{term\}`", page) == count(r"\{term\}`", edition)
    assert count(r"\{ref\}`", page) == count(r"\{event\}`|\{claim\}`", edition)
    conf = (four / "stock" / "docs" / "conf.py").read_text(encoding="utf-8")
    extensions = re.search(r"^extensions = \[(.*)\]$", conf, flags=re.MULTILINE)
    assert extensions is not None
    assert "edition_tools" not in extensions.group(1)  # only its bibtex fixes, by setup()


@pytest.mark.parametrize("n", [1, 7])
@pytest.mark.parametrize("corpus", ["edition", "stock", "baseline"])
def test_a_synthetic_edition_of_any_size_builds_without_a_warning(tmp_path, n, corpus):
    """Every event, term and work is referenced, whatever N (an unreferenced one is a lint
    warning, and a page with a warning is read again on every build)."""
    project = generate(n, tmp_path / f"n{n}") / corpus
    result = subprocess.run(
        [str(SPHINX_BUILD), "-q", "-W", "--keep-going", "-n", "-b", "html", "docs", "out"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("script", "arguments"),
    [
        (GENERATE, ["0", "out"]),
        (GENERATE, ["many", "out"]),
        (RUN, ["--sizes", "-5"]),
        (RUN, ["--repeat", "0"]),
        (FLOOR, ["--size", "0"]),
        (FLOOR, ["--repeat", "x"]),
    ],
)
def test_bad_arguments_are_refused_with_a_message(tmp_path, script, arguments):
    result = subprocess.run(
        [sys.executable, str(script), *arguments], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "is not a whole number of at least 1" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_runner_writes_the_table_and_the_performance_page(tmp_path):
    require(GNU_TIME.exists(), "GNU time (Debian package 'time') measures the builds")
    results, page = tmp_path / "results.md", tmp_path / "performance.md"
    options = ["--sizes", "2", "--repeat", "1", "--work", str(tmp_path)]
    result = subprocess.run(
        [sys.executable, str(RUN), *options, "--results", str(results), "--page", str(page)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    table = results.read_text(encoding="utf-8")
    builds = [
        "edition", "stock", "baseline", "edition -j 2", "stock -j 2", "baseline -j 2",
        "note edit", "event date", "edition check",
    ]  # fmt: skip
    for build in builds:
        assert re.search(rf"^\| 2 \| {build} \| [\d.]+ \| \d+ \| \d+ \| \d+ \|$", table, re.M)
    # One page read after an edit, and two written: the page and its toctree parent.
    assert re.search(r"^\| 2 \| note edit \| [\d.]+ \| \d+ \| 1 \| 2 \|$", table, re.M)
    assert re.search(r"^\| 2 \| baseline \| [\d.]+ \| [\d.]+ \| [\d.]+ \|$", table, re.M)
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Performance\n")
    assert "Command: `python benchmarks/run.py --sizes 2 --repeat 1`" in text
    assert table in text
    assert "## Targets" in text  # the reading of the figures, from benchmarks/notes.md
    assert "<!-- floor.md -->" not in text  # floor.py's table, or a word that it is missing

    # The page written again without measuring: the same page, then one with new figures.
    rewrite = [sys.executable, str(RUN), "--rewrite-page", "--results", str(results)]
    rewritten = subprocess.run([*rewrite, "--page", str(page)], capture_output=True, text=True)
    assert rewritten.returncode == 0, rewritten.stderr
    assert page.read_text(encoding="utf-8") == text
    results.write_text(table.replace("| 2 |", "| 3 |"), encoding="utf-8")
    subprocess.run([*rewrite, "--page", str(page)], check=True)
    assert page.read_text(encoding="utf-8") == text.replace(table, table.replace("| 2 |", "| 3 |"))


@pytest.mark.parametrize("page", ["missing.md", "no-machine.md"])
def test_a_page_that_cannot_be_rewritten_is_a_usage_error(tmp_path, page):
    (tmp_path / "results.md").write_text("| N |\n", encoding="utf-8")
    (tmp_path / "no-machine.md").write_text("# Performance\n", encoding="utf-8")
    options = ["--results", "results.md", "--page", page]
    result = subprocess.run(
        [sys.executable, str(RUN), "--rewrite-page", *options],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "cannot rewrite the page" in result.stderr
    assert "Traceback" not in result.stderr


def benchmark_module(name: str) -> Any:
    """A script of ``benchmarks/``, imported as the scripts import each other."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(BENCHMARKS))


#: How each kind of annotation is written in the stock corpus.
STOCK_KINDS = {
    "citations": r"\{cite:p\}`",
    "notes": r"\[\^n\d+\]",
    "glossary": r"\{term\}`",
    "references": r"\{ref\}`",
}


def text_words(page: str) -> Counter[str]:
    """The words of the synthetic texts on a page, however they are marked up."""
    vocabulary = set(benchmark_module("generate").WORDS)
    return Counter(word for word in re.findall(r"[a-z]+", page.lower()) if word in vocabulary)


def test_the_floor_leaves_out_one_kind_of_annotation_at_a_time(four, tmp_path):
    """Each variant of the stock corpus lacks its kind, keeps the others, and keeps the
    words the annotations marked."""
    floor = benchmark_module("floor")
    stock_page = (four / "stock" / "docs" / "sources" / "source-0001.md").read_text("utf-8")
    before = {kind: count(pattern, stock_page) for kind, pattern in STOCK_KINDS.items()}
    assert all(before.values()), before
    assert len(floor.KINDS) == len(STOCK_KINDS)
    for index, ((kind, substitutions), left_out) in enumerate(
        zip(floor.KINDS.items(), STOCK_KINDS, strict=True)
    ):
        assert left_out.rstrip("s") in kind  # the same order, named alike
        variant = floor.leave_out(four / "stock", tmp_path / str(index), substitutions)
        page = (variant / "docs" / "sources" / "source-0001.md").read_text("utf-8")
        after = {kind: count(pattern, page) for kind, pattern in STOCK_KINDS.items()}
        expected = {k: 0 if k == left_out else before[k] for k in before}
        if left_out == "notes":  # the notes took their citations with them
            expected["citations"] = before["citations"] - count(r"^\[\^n\d+\]:.*cite:p", stock_page)
        assert after == expected, kind
        assert text_words(page) == text_words(stock_page), kind


def test_the_performance_page_shows_the_floor_table_where_the_notes_say(tmp_path, monkeypatch):
    run = benchmark_module("run")
    notes = (BENCHMARKS / "notes.md").read_text("utf-8")
    assert notes.count(run.FLOOR_MARKER) == 1
    (tmp_path / "notes.md").write_text("before\n\n<!-- floor.md -->\n\nafter\n", "utf-8")
    monkeypatch.setattr(run, "HERE", tmp_path)
    monkeypatch.setattr(run, "FLOOR_TABLE", tmp_path / "floor.md")
    assert "not measured yet" in run.reading_of_the_figures().lower()
    (tmp_path / "floor.md").write_text("| corpus | time (s) |\n", "utf-8")
    assert run.reading_of_the_figures() == "before\n\n| corpus | time (s) |\n\nafter\n"
