"""Sidenotes avoid the bugs of other implementations.

In ``test-annotations`` the note ``[^days]`` is referenced twice, once in the text and
once inside a disputed-claim record (an admonition).
"""

from __future__ import annotations

from collections import Counter

from lxml import html

from conftest import warnings_of


def _build(edited_root, buildername="html"):
    app = edited_root("annotations").build(buildername)
    assert warnings_of(app) == []
    return app


def test_no_id_appears_twice_in_any_page(edited_root):
    app = _build(edited_root)
    for page in app.outdir.rglob("*.html"):
        ids = Counter(
            e.get("id")
            for e in html.fromstring(page.read_bytes()).iter()
            if isinstance(e.tag, str) and e.get("id")
        )
        assert [i for i, n in ids.items() if n > 1] == [], page


def test_a_note_referenced_twice_has_two_sidenotes_and_no_dangling_link(edited_root):
    app = _build(edited_root)
    tree = html.fromstring((app.outdir / "source.html").read_bytes())
    ids = {e.get("id") for e in tree.iter() if isinstance(e.tag, str) and e.get("id")}
    references = tree.find_class("footnote-reference")
    assert len(references) == 2
    for reference in references:
        assert reference.get("href").lstrip("#") in ids
    sidenotes = tree.find_class("edition-sidenote")
    assert len(sidenotes) == 2
    assert sidenotes[0].text_content() == sidenotes[1].text_content()


def test_a_note_inside_a_directive_copies_nothing_of_the_container(edited_root):
    app = _build(edited_root)
    tree = html.fromstring((app.outdir / "source.html").read_bytes())
    [record] = [e for e in tree.find_class("edition-disputed")]
    [inner] = record.find_class("edition-sidenote")
    assert set(inner.get("class").split()) == {"edition-sidenote", "edition-editorial"}
    assert inner.get("id").startswith("sidenote-")
    assert not inner.find_class("admonition") and not inner.find_class("edition-disputed")


def test_print_keeps_real_footnotes_and_no_margin_markup(edited_root):
    app = _build(edited_root, "latex")
    [tex] = list(app.outdir.glob("*.tex"))
    text = tex.read_text(encoding="utf-8")
    assert "\\begin{footnote}" in text or "\\footnote" in text
    assert "edition-sidenote" not in text and "{-}" not in text
