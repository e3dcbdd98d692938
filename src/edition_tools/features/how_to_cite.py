"""How to cite: the block at the foot of each source's text, made from its catalogue record.

It gives the reference of the source in the edition (author, title, outlet, date, the
edition and its version, the page's address on the published site, ``html_baseurl``)
and of one of its passages, by the number each passage carries in the margin
(:mod:`edition_tools.features.passages`) and its address, ``…#p12``. Everything comes
from the catalogue and the configuration, so a corrected record corrects the advice.
The edition as a whole is cited as ``docs/citing.md`` and ``CITATION.cff`` say.
"""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxTranslator
from sphinx.writers.html5 import HTML5Translator

from edition_tools.features.passages import passage_id
from edition_tools.model.catalogue import SourceRecord
from edition_tools.model.dates import UNKNOWN, format_date
from edition_tools.model.editorial import ancestors

__all__ = [
    "how_to_cite",
    "how_to_cite_block",
    "page_url",
    "passage_reference",
    "setup_how_to_cite",
    "source_reference",
]


class how_to_cite(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """The editors' advice on citing a source and its passages (a box of paragraphs)."""


def page_url(env: BuildEnvironment, docname: str) -> str:
    """The address of ``docname`` on the published site; ``""`` when none is configured."""
    base = env.config.html_baseurl or ""
    if not base:
        return ""
    suffix = env.config.html_file_suffix or ".html"
    return f"{base.rstrip('/')}/{docname}{suffix}"


def _edition(env: BuildEnvironment) -> str:
    """``in <project>, edited by the editors, version 0.1`` (each part only if set)."""
    config = env.config
    text = f"in {config.project}"
    if config.author:
        text += f", edited by {config.author[:1].lower()}{config.author[1:]}"
    if config.release:
        text += f", version {config.release}"
    return text


def _names(authors: Sequence[str]) -> str:
    if len(authors) < 3:
        return " and ".join(authors)
    return f"{', '.join(authors[:-1])} and {authors[-1]}"


def source_reference(env: BuildEnvironment, record: SourceRecord) -> str:
    """``Susan Blaustein, “Title,” Outlet, 20 February 2000, in <edition>, version 0.1``."""
    who = f"{_names(record.authors)}, " if record.authors else ""
    outlet = f" {record.outlet}," if record.outlet and record.outlet != UNKNOWN else ""
    date = "undated" if record.date == UNKNOWN else format_date(record.date)
    return f"{who}“{record.title},”{outlet} {date}, {_edition(env)}"


def passage_reference(record: SourceRecord, number: int) -> str:
    """``Blaustein, “Title,” ¶ 12``: the short form, once the source has been cited."""
    who = record.authors[0].split()[-1] if record.authors else ""
    title = f"“{record.title},”"
    return f"{who}, {title} ¶ {number}" if who else f"{title} ¶ {number}"


def _example(blocks: Sequence[nodes.TextElement]) -> int:
    """The number of the first passage of the text proper: no heading, no furniture."""
    for number, block in enumerate(blocks, start=1):
        if isinstance(block, nodes.paragraph) and not any(
            "edition-paratext" in holder.get("classes", ()) for holder in ancestors(block)
        ):
            return number
    return 1


def _with_url(text: str, url: str) -> list[nodes.Node]:
    if not url:
        return [nodes.Text(f"{text}.")]
    return [nodes.Text(f"{text}, "), nodes.reference(url, url, refuri=url), nodes.Text(".")]


def how_to_cite_block(
    env: BuildEnvironment,
    record: SourceRecord,
    blocks: Sequence[nodes.TextElement],
    prefix: str,
) -> how_to_cite:
    """The box for ``record``'s page: the source's reference, and a passage's."""
    url = page_url(env, env.docname)
    number = _example(blocks)
    box = how_to_cite()
    box += nodes.paragraph(
        "",
        "",
        nodes.strong("", "How to cite. "),
        nodes.Text("Cite this source as: "),
        *_with_url(source_reference(env, record), url),
    )
    passage_url = f"{url}#{passage_id(prefix, number)}" if url else ""
    box += nodes.paragraph(
        "",
        "",
        nodes.Text(
            "Cite a passage by the number beside it, which counts the lines of the verbatim "
            f"file, sources/{record.file}, and link it with its address: "
        ),
        *_with_url(passage_reference(record, number), passage_url),
    )
    box += nodes.paragraph(
        "",
        "Cite an editorial note by its number on this page (“note 3”), and the edition as a "
        "whole as its page on citing says.",
    )
    return box


def visit_how_to_cite_html(translator: HTML5Translator, node: how_to_cite) -> None:
    """Open the box: a note aside from the text, named for assistive technology."""
    translator.body.append('<div class="edition-how-to-cite" role="note" aria-label="How to cite">')


def depart_how_to_cite_html(translator: HTML5Translator, node: how_to_cite) -> None:
    """Close the box."""
    translator.body.append("</div>\n")


def visit_passthrough(translator: SphinxTranslator, node: nodes.Element) -> None:
    """Other formats show the paragraphs alone."""


def depart_passthrough(translator: SphinxTranslator, node: nodes.Element) -> None:
    """Nothing to close."""


def setup_how_to_cite(app: Sphinx) -> None:
    """Register the box's node."""
    app.add_node(
        how_to_cite,
        html=(visit_how_to_cite_html, depart_how_to_cite_html),
        latex=(visit_passthrough, depart_passthrough),
        text=(visit_passthrough, depart_passthrough),
        man=(visit_passthrough, depart_passthrough),
        texinfo=(visit_passthrough, depart_passthrough),
    )
