"""Citing: "How to cite" on every source page, ``CITATION.cff``, the page on citing, and
author–year citations that a reader can follow both ways.

Checked over every source page, every citation of every page and every bibliography
entry (``edition_tools.features.how_to_cite``, ``edition_tools.features.cited_on``,
``edition_tools.patches.author_year``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml
from lxml import html
from pybtex.database import Entry, Person

from conftest import PROJECT
from edition_tools.model.catalogue import load_catalogue
from edition_tools.patches.author_year import (
    author_year_base,
    disambiguated_labels,
    register_author_year_styles,
)

CATALOGUE = load_catalogue(PROJECT / "sources" / "catalogue.toml")
SOURCE_IDS = [record.id for record in CATALOGUE]


def _conf() -> dict[str, object]:
    """The constant assignments of ``docs/conf.py``, read without running it.

    A chained one (``release = version = "0.1"``) gives each name.
    """
    values: dict[str, object] = {}
    for node in ast.parse((PROJECT / "docs" / "conf.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    values[target.id] = node.value.value
    return values


CONF = _conf()


@pytest.fixture(scope="module")
def site(built_edition) -> Path:
    """The HTML edition, built once, without warnings."""
    return Path(built_edition.outdir)


def _tree(path: Path) -> html.HtmlElement:
    return html.fromstring(path.read_bytes())


# -- How to cite, on each source page ----------------------------------------------------


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_each_source_page_says_how_to_cite_it_and_its_passages(site, source_id):
    record = CATALOGUE.records[source_id]
    page = _tree(site / "sources" / f"{source_id}.html")
    [box] = page.find_class("edition-how-to-cite")
    text = " ".join(box.text_content().split())
    assert f"“{record.title},”" in text
    assert f"version {CONF['release']}" in text
    assert all(author in text for author in record.authors)
    url = f"{CONF['html_baseurl']}sources/{source_id}.html"
    links = [a.get("href") for a in box.iter("a")]
    assert url in links
    [passage_link] = [link for link in links if link.startswith(f"{url}#")]
    anchor = passage_link.split("#", 1)[1]
    number = anchor.removeprefix("p")
    assert page.get_element_by_id(anchor) is not None  # the example passage exists
    assert f"¶ {number}" in text


# -- The edition as a whole: CITATION.cff and the page on citing -------------------------


def test_citation_cff_names_the_edition_its_version_repository_and_licence():
    cff = yaml.safe_load((PROJECT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["message"]
    assert cff["title"] == CONF["project"]
    assert cff["version"] == CONF["release"]
    assert cff["repository-code"] == CONF["edition_repository_url"]
    assert cff["url"] == CONF["html_baseurl"]
    assert cff["authors"] == [{"name": CONF["author"]}]
    licences = cff["license"] if isinstance(cff["license"], list) else [cff["license"]]
    assert "CC-BY-4.0" in licences  # the editorial matter's, as the title page says
    assert cff["type"] in {"software", "dataset"}


def test_the_page_on_citing_gives_this_release_and_is_in_the_root_toctree():
    page = (PROJECT / "docs" / "citing.md").read_text(encoding="utf-8")
    versions = {v.rstrip(".") for v in re.findall(r"version (\d[\w.]*)", page)}
    assert versions == {CONF["release"]}
    index = (PROJECT / "docs" / "index.md").read_text(encoding="utf-8")
    assert re.search(r"(?m)^citing$", index)


def test_the_page_on_citing_is_built_and_its_passage_example_exists(site):
    page = _tree(site / "citing.html")
    examples = [a.get("href") for a in page.iter("a") if "#p" in (a.get("href") or "")]
    assert examples
    for href in examples:
        path = href.removeprefix(str(CONF["html_baseurl"]))
        target, anchor = path.split("#", 1)
        assert _tree(site / target).get_element_by_id(anchor) is not None


# -- Author–year citations, and the way back ---------------------------------------------

#: One work in a citation: who, then the year with its letter, or n.d.
_WORK = re.compile(r".+ (?:\d{4}[a-z]*|n\.d\.(?:-[a-z]+)?)(?:, .+)?")


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


@pytest.fixture(scope="module")
def labels(site) -> dict[str, str]:
    """The label of each bibliography entry, by its id."""
    page = _tree(site / "bibliography.html")
    found = {}
    for entry in page.find_class("citation"):
        [label] = entry.find_class("label")
        found[entry.get("id")] = label.text_content().strip("[]")
    return found


def test_every_citation_reads_author_and_year_and_names_its_entry(site, labels):
    seen = 0
    for path in _pages(site):
        for citation in _tree(path).find_class("bibtex-citation"):
            text = " ".join(citation.text_content().split())
            assert not re.search(r"\[\d+\]", text), (path.name, text)
            assert text.startswith("(") and text.endswith(")"), (path.name, text)
            works = text[1:-1].split("; ")
            links = list(citation.iter("a"))
            assert len(works) == len(links), (path.name, text)
            for work, link in zip(works, links, strict=True):
                assert _WORK.fullmatch(work), (path.name, work)
                anchor = link.get("href").split("#", 1)[1]
                assert link.text_content() == labels[anchor]  # the entry it names
                seen += 1
    assert seen > 500


def test_two_works_of_one_author_and_year_are_told_apart(labels):
    assert len(set(labels.values())) == len(labels)
    # The bibliography has such pairs: each carries a letter after its year.
    assert {"Blaustein 2000a", "Blaustein 2000b"} <= set(labels.values())
    bases: dict[str, list[str]] = {}
    for label in labels.values():
        bases.setdefault(re.sub(r"(?<=\d{4})[a-z]+$|(?<=n\.d\.)-[a-z]+$", "", label), []).append(
            label
        )
    shared = {base: found for base, found in bases.items() if len(found) > 1}
    assert shared
    for base, found in shared.items():
        assert base not in found, found  # none of them is left without its letter


def test_every_bibliography_entry_links_back_to_every_place_citing_it(site):
    page = _tree(site / "bibliography.html")
    entries = page.find_class("citation")
    assert len(entries) > 100
    cache: dict[Path, set[str]] = {}
    for entry in entries:
        [cited_on] = entry.find_class("edition-cited-on")
        links = [a.get("href") for a in cited_on.iter("a")]
        assert links, entry.get("id")
        for link in links:
            target, anchor = link.split("#", 1)
            path = (site / target).resolve()
            if path not in cache:
                cache[path] = set(_tree(path).xpath("//@id"))
            assert anchor in cache[path], link
            # The place cites this very entry.
            [cited] = _tree(path).xpath(f'//*[@id="{anchor}"]')
            hrefs = [a.get("href", "") for a in cited.iter("a")]
            assert any(href.endswith(f"#{entry.get('id')}") for href in hrefs), link


def test_the_number_of_backlinks_is_the_number_of_citations(site, labels):
    citations: dict[str, int] = {}
    for path in _pages(site):
        for citation in _tree(path).find_class("bibtex-citation"):
            for link in citation.iter("a"):
                anchor = link.get("href").split("#", 1)[1]
                citations[anchor] = citations.get(anchor, 0) + 1
    page = _tree(site / "bibliography.html")
    for entry in page.find_class("citation"):
        [cited_on] = entry.find_class("edition-cited-on")
        # A sidenote copied twice shows a citation twice; it is one place.
        assert 1 <= len(list(cited_on.iter("a"))) <= citations[entry.get("id")]


# -- The labels themselves -----------------------------------------------------------------


def test_labels_get_letters_only_where_author_and_year_are_shared():
    bases = [("A", "2000"), ("B", "2000"), ("A", "2000"), ("C", "n.d."), ("C", "n.d.")]
    assert disambiguated_labels(bases) == ["A 2000a", "B 2000", "A 2000b", "C n.d.-a", "C n.d.-b"]
    many = disambiguated_labels([("A", "2000")] * 28)
    assert many[25:] == ["A 2000z", "A 2000aa", "A 2000ab"]
    assert len(set(many)) == 28


def _entry(**persons: list[str]) -> Entry:
    entry = Entry("misc", fields={"title": "A report", "year": "2000"})
    for role, names in persons.items():
        for name in names:
            entry.add_person(Person(name), role)
    return entry


def test_who_a_work_is_by():
    assert author_year_base(_entry(author=["Susan Blaustein"])) == ("Blaustein", "2000")
    assert author_year_base(_entry(author=["{International Crisis Group}"]))[0] == (
        "International Crisis Group"
    )
    assert author_year_base(_entry(author=["A Smith", "B Jones"]))[0] == "Smith and Jones"
    assert author_year_base(_entry(author=["A Smith", "B Jones", "C Brown"]))[0] == ("Smith et al.")
    assert author_year_base(_entry(editor=["Jane Doe"]))[0] == "Doe"  # no author: editors
    assert author_year_base(_entry()) == ("A report", "2000")  # neither: the title
    undated = Entry("misc", fields={"title": "T"}, persons={"author": [Person("X Y")]})
    assert author_year_base(undated) == ("Y", "n.d.")


def test_the_styles_are_registered_under_the_names_conf_py_uses():
    import pybtex.plugin
    from sphinxcontrib.bibtex.plugin import find_plugin

    assert CONF["bibtex_default_style"] == CONF["bibtex_reference_style"] == "edition_author_year"
    register_author_year_styles()
    style = pybtex.plugin.find_plugin("pybtex.style.formatting", "edition_author_year")()
    entries = [
        _entry(author=["Susan Blaustein"]),
        _entry(author=["Albert Ziegler"]),
        _entry(author=["Susan Blaustein"]),
    ]
    entries[2].fields["title"] = "A first report"
    ordered = style.sort(entries)
    assert list(style.format_labels(ordered)) == [
        "Blaustein 2000a",
        "Blaustein 2000b",
        "Ziegler 2000",
    ]
    assert ordered[0].fields["title"] == "A first report"  # the letters follow the titles
    reference = find_plugin("sphinxcontrib.bibtex.style.referencing", "edition_author_year")()
    assert {"p", "t", "ps", "ts", "ct", "alp", "year"} <= set(reference.role_names())
