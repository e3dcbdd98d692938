"""Wire the edition's features into Sphinx, one ``setup_<feature>`` each."""

from __future__ import annotations

from sphinx.application import Sphinx

from edition_tools.checks.duplicate_ids import setup_duplicate_ids
from edition_tools.checks.hostile import setup_hostile
from edition_tools.checks.lint import setup_lint
from edition_tools.checks.missing_references import setup_missing_references
from edition_tools.checks.nested_notes import setup_nested_notes
from edition_tools.checks.security import setup_security
from edition_tools.config import setup_config
from edition_tools.features.ai_content import setup_ai_content
from edition_tools.features.author_notes import setup_author_notes
from edition_tools.features.chronology import setup_chronology
from edition_tools.features.cited_on import setup_cited_on
from edition_tools.features.contributors import setup_contributors
from edition_tools.features.disputed import setup_disputed
from edition_tools.features.glossary import setup_glossary
from edition_tools.features.how_to_cite import setup_how_to_cite
from edition_tools.features.paratext import setup_paratext
from edition_tools.features.passages import setup_passages
from edition_tools.features.reference_docs import setup_reference_docs
from edition_tools.features.source_catalogue import setup_source_catalogue
from edition_tools.features.source_order import setup_source_order
from edition_tools.features.source_text import setup_source_text
from edition_tools.outputs.html.citation_titles import setup_citation_titles
from edition_tools.outputs.html.page_assets import setup_page_assets
from edition_tools.outputs.html.reading_tools import setup_reading_tools
from edition_tools.outputs.html.search_results import setup_search_results
from edition_tools.outputs.html.sidenotes import setup_sidenotes
from edition_tools.outputs.html.theme import setup_theme
from edition_tools.outputs.latex import setup_latex
from edition_tools.outputs.open_data.export import setup_export
from edition_tools.outputs.open_data.jsonld import setup_jsonld
from edition_tools.outputs.print_bibliography import setup_print_bibliography
from edition_tools.outputs.print_index import setup_print_index
from edition_tools.outputs.print_references import setup_print_references
from edition_tools.outputs.whole_output import setup_whole_output
from edition_tools.patches.author_year import setup_author_year
from edition_tools.patches.bibtex import setup_bibtex_speedups
from edition_tools.patches.empty_glob import setup_empty_glob
from edition_tools.patches.memory import setup_memory
from edition_tools.patches.search_index import setup_search_index
from edition_tools.store.aggregates import setup_aggregates
from edition_tools.store.domain import setup_domain
from edition_tools.store.lines import setup_inline_lines

__all__ = ["setup_extension"]


def setup_extension(app: Sphinx) -> None:
    """Register configuration, domain, directives and theme."""
    setup_whole_output(app)
    setup_bibtex_speedups(app)
    setup_author_year(app)
    setup_config(app)
    setup_domain(app)
    setup_source_catalogue(app)
    setup_inline_lines(app)
    setup_source_text(app)
    setup_passages(app)
    setup_how_to_cite(app)
    setup_source_order(app)
    setup_paratext(app)
    setup_author_notes(app)
    setup_chronology(app)
    setup_disputed(app)
    setup_ai_content(app)
    setup_glossary(app)
    setup_aggregates(app)
    setup_lint(app)
    setup_hostile(app)
    setup_security(app)
    setup_duplicate_ids(app)
    setup_nested_notes(app)
    setup_latex(app)
    setup_print_references(app)
    setup_print_bibliography(app)
    setup_print_index(app)
    setup_missing_references(app)
    setup_reference_docs(app)
    setup_contributors(app)
    setup_cited_on(app)
    setup_sidenotes(app)
    setup_export(app)
    setup_jsonld(app)
    setup_page_assets(app)
    setup_search_index(app)
    setup_empty_glob(app)
    setup_search_results(app)
    setup_memory(app)
    setup_theme(app)
    setup_reading_tools(app)
    setup_citation_titles(app)
