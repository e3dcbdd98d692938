"""The whole edition: builds with no warning, and each page carries its whole source."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import PROJECT, build_app, warnings_of
from edition_tools.model.catalogue import load_catalogue
from edition_tools.model.fidelity import compare, source_lines
from htmltext import source_text_blocks

CATALOGUE = load_catalogue(PROJECT / "sources" / "catalogue.toml")
SOURCE_IDS = [record.id for record in CATALOGUE]


@pytest.fixture(scope="module")
def edition_html(built_edition) -> Path:
    """The HTML edition, built once; the build must be silent (``built_edition``)."""
    return Path(built_edition.outdir)


@pytest.mark.parametrize("buildername", ["text", "latex"])
def test_edition_builds_without_warning_in_other_formats(tmp_path, buildername):
    app = build_app(buildername, PROJECT / "docs", tmp_path)
    assert warnings_of(app) == []


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_built_page_carries_the_whole_source(edition_html, source_id):
    record = CATALOGUE.records[source_id]
    page = edition_html / "sources" / f"{source_id}.html"
    regions = source_text_blocks(page)
    assert list(regions) == [source_id]
    text = (PROJECT / "sources" / record.file).read_text(encoding="utf-8")
    # One block per non-empty line, every character in place (whitespace folded).
    assert compare(source_lines(text), regions[source_id], record.file) == []


@pytest.mark.parametrize(
    ("source_id", "needle"),
    [
        ("whitehouse-kosovo-record", '$2.5 million in "Quick-Start" judicial support'),
        ("whitehouse-kosovo-record", "$2.082 billion (with the U.S. pledging $556 million)"),
        ("whitehouse-kosovo-record", "President and First Lady\xa0|\xa0Vice President"),
        (
            "whitehouse-kosovo-record",
            "democratic and at peace, there is still quite a lot to be done. . .",
        ),
        ("forcedeploy-peacekeeping-kosovo", "\U0001f6e0\ufe0f Just so you know"),
        ("forcedeploy-peacekeeping-kosovo", "\u2022 Strengthening local institutions"),
        ("forcedeploy-peacekeeping-kosovo", "See also\xa0 The Role of Peacekeeping"),
        ("ucpress-human-rights-norm", "over Kosovo.[96] NATO leaders"),
        ("ucpress-human-rights-norm", 'The six-country "Contact Group," composed'),
        ("blaustein-2000-mitrovica", "Belgrade's \"Greater Serbia'' strategy"),
        ("carpenter-2017-kosovo-precedent", "Moscow\u2019s\xa0initial invasion\xa0and"),
    ],
)
def test_traps_survive_into_the_html(edition_html, source_id, needle):
    page = edition_html / "sources" / f"{source_id}.html"
    blocks = source_text_blocks(page)[source_id]
    assert any(needle in block.text for block in blocks), needle


def test_html_has_no_curled_quotes_the_sources_lack(edition_html):
    for record in CATALOGUE:
        source = (PROJECT / "sources" / record.file).read_text(encoding="utf-8")
        built = "".join(
            b.text
            for b in source_text_blocks(edition_html / "sources" / f"{record.id}.html")[record.id]
        )
        for mark in "“”‘’…":
            assert built.count(mark) == source.count(mark), (record.id, mark)


def test_catalogue_page_lists_every_source(edition_html):
    index = (edition_html / "index.html").read_text(encoding="utf-8")
    for record in CATALOGUE:
        assert f'href="sources/{record.id}.html#source-{record.id}"' in index


def test_changing_one_word_fails_the_build_at_its_line(tmp_path):
    """The acceptance check: one altered word in a page is an error naming file and line."""
    shutil.copytree(PROJECT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copytree(PROJECT / "sources", tmp_path / "sources")
    page = tmp_path / "docs" / "sources" / "blaustein-2000-mitrovica.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("Mitrovica is not just"))
    lines[number - 1] = lines[number - 1].replace("industrial city", "industrial town")
    page.write_text("\n".join(lines), encoding="utf-8")
    app = build_app("html", tmp_path / "docs", tmp_path / "out")
    assert warnings_of(app) == [
        f"{page}:{number}: WARNING: text differs from sources/blaustein-2000-mitrovica.txt "
        'line 9: expected "…centuries-old hatreds. This industrial city straddling the polluted Ibar…", '
        'found "…centuries-old hatreds. This industrial town straddling the polluted Ibar…" '
        "[edition.fidelity]"
    ]
