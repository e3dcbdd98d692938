"""The annotation layer: events, disputed claims, AI content, paratext, glossary backlinks.

``test-annotations`` uses every directive and role once. Its doctrees and the HTML the
extension produces are snapshotted (``*.xml`` and ``*.html`` beside this file, updated
with ``pytest --force-regen``); it builds in every format with no warning; and each
kind of bad input yields its exact warning line.
"""

from __future__ import annotations

import json
import re

import pytest
from docutils import nodes
from lxml import etree, html

from conftest import warnings_of
from edition_tools.model.dates import date_range

PAGES = ["source", "chronology", "claims", "glossary", "index"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import shutil

    from conftest import ROOTS, EditedRoot

    target = tmp_path_factory.mktemp("annotations") / "root"
    shutil.copytree(ROOTS / "test-annotations", target)
    root = EditedRoot(target)
    app = root.build()
    assert warnings_of(app) == []
    return app


@pytest.mark.parametrize("buildername", ["latex", "text"])
def test_builds_without_warning_in_other_formats(edited_root, buildername):
    app = edited_root("annotations").build(buildername)
    assert warnings_of(app) == []


def _normalise_doctree(text: str) -> str:
    # docutils 0.22 writes booleans as 1/0 and absolute source paths: keep neither.
    text = re.sub(r' source="[^"]*"', "", text)
    text = re.sub(r'="(True|1)"', '="True"', text)
    return re.sub(r'="(False|0)"', '="False"', text)


@pytest.mark.parametrize("page", ["source", "chronology"])
def test_doctree_snapshot(built, file_regression, page):
    doctree = built.env.get_doctree(page)
    file_regression.check(
        _normalise_doctree(doctree.pformat()), basename=f"doctree-{page}", extension=".txt"
    )


@pytest.mark.parametrize("page", PAGES)
def test_html_snapshot(built, file_regression, page):
    tree = html.fromstring((built.outdir / f"{page}.html").read_bytes())
    [body] = tree.xpath("//div[@role='main']")
    fragment = "".join(etree.tostring(child, encoding="unicode", method="html") for child in body)
    file_regression.check(fragment.strip() + "\n", basename=f"html-{page}", extension=".html")


def test_claim_span_is_flagged_without_colour_and_links_to_its_record(built):
    page = (built.outdir / "source.html").read_text(encoding="utf-8")
    assert (
        '<span class="edition-claim edition-claim-disputed" id="claim-campaign-length-0">'
        '<a class="reference internal" href="#disputed-campaign-length"' in page
    )
    assert '<span class="edition-claim-label edition-editorial"> [disputed]</span>' in page


@pytest.mark.parametrize(
    ("classes", "first_line"),
    [("edition-disputed", 22), ("edition-ai-content", 3), ("edition-source-description", 11)],
)
def test_the_nodes_a_directive_makes_carry_its_source_and_line(built, classes, first_line):
    """A record's title and fields, and a source's description from the catalogue, are at
    the directive's line: warnings about them can name it, and Sphinx need not patch them."""
    doctree = built.env.get_doctree("source")
    [box, *_] = (
        node for node in doctree.findall(nodes.Element) if classes in node.get("classes", [])
    )
    made = [
        node
        for node in box.findall(nodes.Element)
        if isinstance(node, (nodes.title, nodes.field_name, nodes.field_body))
    ]
    assert len(made) >= 3
    for node in made:
        assert node.source is not None and node.source.endswith("source.md"), node
        assert node.line == first_line, node


def test_chronology_is_in_date_order_by_year(built):
    tree = html.fromstring((built.outdir / "chronology.html").read_bytes())
    years = [h.text_content() for h in tree.find_class("edition-chronology-year")]
    headings = [e.text_content() for e in tree.find_class("edition-event-heading")]
    assert years == ["1998", "1999", "2000"]
    assert headings == [
        "1998 — The war in Kosovo begins",
        "24 March – 10 June 1999 — NATO's air campaign",
        "27 May 1999 — Milošević indicted",
        "28 October 2000 — Municipal elections in Kosovo",  # defined on another page
    ]


TITLE_WITH_REFERENCES = """\
---
orphan: true
---
# Elections

:::{event} elections-2001
:date: 2001-11-17
Elections after {term}`Milosevic` {cite:p}`nato1999` and {event}`the war <kosovo-1998>`
The first elections to the Assembly.
:::

The elections of {event}`2001 <elections-2001>`.
"""


@pytest.mark.parametrize("buildername", ["html", "latex", "text"])
def test_references_in_an_event_title_are_resolved(edited_root, buildername):
    root = edited_root("annotations")
    root.write("elections.md", TITLE_WITH_REFERENCES)
    # The lint's "mentioned on no source page" has tests of its own.
    app = root.build(buildername, confoverrides={"edition_lint": False})
    assert warnings_of(app) == []
    if buildername != "html":
        return
    page = html.fromstring((app.outdir / "elections.html").read_bytes())
    [title] = page.find_class("edition-event-title")
    links = {a.get("href").split("#")[0] for a in title.iter("a")}
    assert links == {"glossary.html", "bibliography.html", "chronology.html"}
    # In the chronology the title is itself the link to the event: its text, no citation.
    chronology = html.fromstring((app.outdir / "chronology.html").read_bytes())
    headings = [e.text_content() for e in chronology.find_class("edition-event-heading")]
    assert "17 November 2001 — Elections after Milosevic and the war" in headings


@pytest.mark.parametrize(
    ("start", "end", "written"),
    [
        ("1999-03-24", "1999-06-10", "24 March – 10 June 1999"),
        ("1999-03-24", "1999-03-25", "24–25 March 1999"),
        ("1998", "1999", "1998–1999"),
        ("1999-03-24", "1999-06", "24 March 1999 – June 1999"),
        ("1998", "1999-06", "1998 – June 1999"),
    ],
)
def test_date_range(start, end, written):
    assert date_range(start, end) == written


ODD_ENDS = """\
---
orphan: true
---
# Odd ends

:::{event} same-end
:date: 1999-03-24
:end: 1999-03-24
Same
:::

:::{event} coarser-end
:date: 1999-06
:end: 1999
Coarser
:::
"""


def test_an_end_not_after_the_date_is_left_out(edited_root):
    """Once "24–24 March 1999" and "June 1999 – 1999" (the warnings are tested apart)."""
    root = edited_root("annotations")
    root.write("odd.md", ODD_ENDS)
    app = root.build(confoverrides={"edition_lint": False, "suppress_warnings": ["edition.event"]})
    assert warnings_of(app) == []
    page = html.fromstring((app.outdir / "odd.html").read_bytes())
    headings = [e.text_content() for e in page.find_class("edition-event-heading")]
    assert headings == ["24 March 1999 — Same", "June 1999 — Coarser"]


def test_catalogue_shows_ai_badge(built):
    page = (built.outdir / "index.html").read_text(encoding="utf-8")
    assert '<span class="edition-badge edition-badge-ai">AI-assisted</span>' in page


def test_search_finds_a_page_by_its_words_not_by_the_definitions_it_previews(built):
    """A term's preview repeats its definition on every page that mentions the term."""
    script = (built.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(script[script.index("(") + 1 : script.rindex(")")])
    # "Serbia" is only in the glossary's definition of Milošević, which source.md
    # mentions (and previews); "Slobodan" is in both.
    serbia, slobodan = index["terms"]["serbia"], index["terms"]["slobodan"]
    pages = index["docnames"]
    assert {pages[i] for i in ([serbia] if isinstance(serbia, int) else serbia)} == {"glossary"}
    assert {pages[i] for i in slobodan} >= {"glossary", "source"}
