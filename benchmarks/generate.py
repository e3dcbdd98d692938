"""Write a synthetic edition of N sources, and two corpora to compare it with.

Each source has about 1,500 words, with the density of the real edition: a note every
~100 words, a glossary reference every ~50, an event reference every ~200, a disputed
claim every ~500, paratext blocks, and a few AI-content records. The edition has a
glossary of ~N/2 terms and a chronology of ~N events.

The baseline has the same texts as plain MyST paragraphs, with nothing of the edition's
extension: the floor the issue measures against. The stock corpus has the same texts
and the same annotations written with Sphinx's own means (footnotes, citations,
``{term}``, ``{ref}`` to labelled sections and admonitions), without the extension: what
a project annotating with plain Sphinx would pay, so the difference from it is the cost
of the edition's own layer.

    python benchmarks/generate.py N OUT [--seed S]  # writes OUT/edition, OUT/stock, OUT/baseline
"""

from __future__ import annotations

import argparse
import hashlib
import random
from pathlib import Path

WORDS = [
    "the",
    "mission",
    "council",
    "resolution",
    "peace",
    "forces",
    "village",
    "town",
    "border",
    "report",
    "talks",
    "agreement",
    "refugees",
    "police",
    "elections",
    "administration",
    "security",
    "government",
    "minority",
    "province",
    "assembly",
    "ceasefire",
    "monitors",
    "envoy",
    "negotiations",
    "reconstruction",
    "returns",
]
WORDS_PER_SOURCE = 1500
WORDS_PER_LINE = 60
#: Works in the bibliography; only those cited are written (a work never cited is a
#: lint warning, as in the real edition), so a small edition has fewer.
WORKS = 20
#: The work every disputed claim's record cites.
CLAIM_WORK = 1
#: One source in this many is AI-assisted (the seventh of each run, or the last source of
#: an edition of fewer than eight).
AI_EVERY = 50

CONF = """\
extensions = [{extensions}]
smartquotes = False
myst_enable_extensions = ["colon_fence"]
myst_disable_syntax = ["html_block", "html_inline"]
myst_footnote_transition = False
{extra}
"""
EDITION_EXTRA = """\
html_theme = "edition"
edition_catalogue = "../sources/catalogue.toml"
bibtex_bibfiles = ["refs.bib"]
"""
# The one thing of ours the stock corpus keeps: the edition's fixes to sphinxcontrib-bibtex.
# Without them pybtex searches the installed packages' entry points at every citation, and
# clearing each page rescans every page's citations, and the comparison would measure
# that (several times the cost of all the rest) rather than the edition's layer.
STOCK_PYBTEX = """\
from edition_tools.patches.bibtex import setup_bibtex_speedups


def setup(app):
    setup_bibtex_speedups(app)
"""
BASELINE_EXTRA = """\
html_theme = "basic"
html_sidebars = {"**": []}
"""


def _event_date(index: int) -> str:
    """The date of synthetic event ``index``: spread over 27 years, every month and day."""
    return f"{1990 + index % 27}-{index % 12 + 1:02d}-{index % 28 + 1:02d}"


def _has_ai(index: int, n: int) -> bool:
    """Whether source ``index`` of ``n`` is AI-assisted: a few in every edition."""
    return index % AI_EVERY == min(7, n - 1)


def _text(rng: random.Random) -> list[str]:
    """The lines of one source text."""
    lines = []
    for _ in range(WORDS_PER_SOURCE // WORDS_PER_LINE):
        words = [rng.choice(WORDS) for _ in range(WORDS_PER_LINE)]
        words[0] = words[0].capitalize()
        lines.append(" ".join(words) + ".")
    return lines


def _annotate(
    line: str, rng: random.Random, state: dict[str, int], n: int, cited: set[int]
) -> tuple[str, str, list[str], list[str]]:
    """The line with its roles and note references, and the blocks to put after it.

    Adds the numbers of the works its notes cite to ``cited``.

    Returned twice: with the edition's roles and directives, and with Sphinx's own
    (``{ref}`` for events and claims, an admonition for a claim's record) for the
    stock corpus.
    """
    words = line.split(" ")
    stock = list(words)
    after: list[str] = []
    stock_after: list[str] = []
    for index in range(len(words)):
        state["word"] += 1
        word = words[index]
        if not word.isalpha():
            continue
        # Residues that never fall on the same word, nor on a line's last word (a multiple
        # of 60, with its full stop), so that every kind keeps its density.
        if state["word"] % 500 == 250:
            claim = f"claim-{state['claim']}"
            state["claim"] += 1
            words[index] = f"{{claim}}`{word} <{claim}>`"
            stock[index] = f"{{ref}}`{word} <{claim}>`"
            after.append(
                f":::{{disputed}} {claim}\n:level: disputed\n:claimant: The author\n"
                f":status: open\nThe record differs {{cite:p}}`work{CLAIM_WORK}`.\n:::"
            )
            stock_after.append(
                f"({claim})=\n:::{{note}}\nDisputed; claimant: the author; status: open.\n"
                f"The record differs {{cite:p}}`work{CLAIM_WORK}`.\n:::"
            )
        elif state["word"] % 200 == 110:
            words[index] = f"{{event}}`{word} <event-{state['event'] % n}>`"
            stock[index] = f"{{ref}}`{word} <event-{state['event'] % n}>`"
            state["event"] += 1
        elif state["word"] % 100 == 37:
            label = f"n{state['word']}"
            words[index] = stock[index] = f"{word}[^{label}]"
            work = rng.randrange(1, WORKS + 1)
            cited.add(work)
            note = f"[^{label}]: A note on this word {{cite:p}}`work{work}`."
            after.append(note)
            stock_after.append(note)
        elif state["word"] % 50 == 25:
            words[index] = stock[index] = (
                f"{{term}}`{word} <term {state['term'] % max(1, n // 2)}>`"
            )
            state["term"] += 1
    return " ".join(words), " ".join(stock), after, stock_after


def write(n: int, out: Path, seed: int = 1) -> None:
    """Write ``out/edition``, ``out/stock`` and ``out/baseline`` for ``n`` sources."""
    rng = random.Random(seed)
    edition, stock, baseline = out / "edition", out / "stock", out / "baseline"
    for folder in (
        edition / "docs" / "sources",
        edition / "sources",
        stock / "docs" / "sources",
        baseline / "docs" / "sources",
    ):
        folder.mkdir(parents=True, exist_ok=True)
    catalogue = []
    # Events and terms are taken in turn across the sources, so that every one is
    # referenced whatever N: an unreferenced one is a lint warning, and a page with a
    # warning is read again on every build. Claims are numbered by source.
    state = {"event": 0, "term": 0}
    cited = {CLAIM_WORK}
    for index in range(n):
        source_id = f"source-{index:04d}"
        lines = _text(rng)
        text = "\n".join(lines) + "\n"
        (edition / "sources" / f"{source_id}.txt").write_text(text, encoding="utf-8")
        catalogue.append(
            f'[[source]]\nid = "{source_id}"\nfile = "{source_id}.txt"\n'
            f'sha256 = "{hashlib.sha256(text.encode()).hexdigest()}"\ntitle = "Source {index}"\n'
            'authors = ["A. Writer"]\noutlet = "Outlet"\ndate = "2000-02"\n'
            f'genre = "{"ai-assisted-web-article" if _has_ai(index, n) else "newspaper-op-ed"}"\n'
            'language = "en"\n'
        )
        state.update(word=0, claim=index * 10)
        body, notes = ["::::{source-text} " + source_id, ""], []
        stock_body: list[str] = []
        for number, line in enumerate(lines):
            annotated, plain, after, stock_after = _annotate(line, rng, state, n, cited)
            if number in (3, 17):
                body += [":::{paratext}", ":kind: injected-link", annotated, ":::", ""]
                stock_body += [":::{container} paratext", plain, ":::", ""]
            else:
                body += [annotated, ""]
                stock_body += [plain, ""]
            body += [block + "\n" for block in after if not block.startswith("[^")]
            notes += [block for block in after if block.startswith("[^")]
            stock_body += [block + "\n" for block in stock_after if not block.startswith("[^")]
        body.append("::::")
        ai = ""
        if _has_ai(index, n):
            ai = (
                ":::{ai-content}\n:scope: document\n:basis: self-disclosed\n"
                ":disclosure: Written with AI tools.\n:source-type: trainedAlgorithmicMedia\n"
                "The publisher says so.\n:::\n\n"
            )
        page = (
            f"# Source {index}\n\n{ai}## The text\n\n"
            + "\n".join(body)
            + "\n\n"
            + "\n\n".join(notes)
            + "\n"
        )
        (edition / "docs" / "sources" / f"{source_id}.md").write_text(page, encoding="utf-8")
        stock_ai = ":::{warning}\nWritten with AI tools.\n:::\n\n" if ai else ""
        stock_page = (
            f"# Source {index}\n\n{stock_ai}## The text\n\n"
            + "\n".join(stock_body)
            + "\n\n"
            + "\n\n".join(notes)
            + "\n"
        )
        (stock / "docs" / "sources" / f"{source_id}.md").write_text(stock_page, encoding="utf-8")
        plain = f"# Source {index}\n\n## The text\n\n" + "\n\n".join(lines) + "\n"
        (baseline / "docs" / "sources" / f"{source_id}.md").write_text(plain, encoding="utf-8")

    (edition / "sources" / "catalogue.toml").write_text("\n".join(catalogue), encoding="utf-8")
    terms = [
        f"term {i}\n  Definition of term {i} {{cite:p}}`work{i % WORKS + 1}`.\n"
        for i in range(max(1, n // 2))
    ]
    cited |= {i % WORKS + 1 for i in range(max(1, n // 2))} | {i % WORKS + 1 for i in range(n)}
    for project in (edition, stock):
        (project / "docs" / "glossary.md").write_text(
            "# Glossary\n\n```{glossary}\n" + "\n".join(terms) + "```\n", encoding="utf-8"
        )
    events = [
        f":::{{event}} event-{i}\n:date: {_event_date(i)}\n"
        f"Event {i}\nWhat happened {{cite:p}}`work{i % WORKS + 1}`.\n:::\n"
        for i in range(n)
    ]
    (edition / "docs" / "chronology.md").write_text(
        "# Chronology\n\n::::{chronology}\n\n" + "\n".join(events) + "::::\n", encoding="utf-8"
    )
    stock_events = [
        f"(event-{i})=\n## Event {i}, {_event_date(i)}\n\n"
        f"What happened {{cite:p}}`work{i % WORKS + 1}`.\n"
        for i in range(n)
    ]
    (stock / "docs" / "chronology.md").write_text(
        "# Chronology\n\n" + "\n".join(stock_events), encoding="utf-8"
    )
    (edition / "docs" / "claims.md").write_text(
        "# Claims\n\n```{claims-register}\n```\n", encoding="utf-8"
    )
    for project in (edition, stock):
        (project / "docs" / "bibliography.md").write_text(
            "# Bibliography\n\n```{bibliography}\n```\n", encoding="utf-8"
        )
    bib = "\n".join(
        f"@misc{{work{i},\n  author = {{Author, A.}},\n"
        f"  title = {{Work {i}}},\n  year = {{2000}},\n}}\n"
        for i in sorted(cited)
    )
    for project in (edition, stock):
        (project / "docs" / "refs.bib").write_text(bib, encoding="utf-8")
    (edition / "docs" / "conf.py").write_text(
        CONF.format(
            extensions='"myst_parser", "sphinxcontrib.bibtex", "edition_tools"', extra=EDITION_EXTRA
        ),
        encoding="utf-8",
    )
    (stock / "docs" / "conf.py").write_text(
        CONF.format(
            extensions='"myst_parser", "sphinxcontrib.bibtex"',
            extra=BASELINE_EXTRA + 'bibtex_bibfiles = ["refs.bib"]\n' + STOCK_PYBTEX,
        ),
        encoding="utf-8",
    )
    (baseline / "docs" / "conf.py").write_text(
        CONF.format(extensions='"myst_parser"', extra=BASELINE_EXTRA), encoding="utf-8"
    )
    index_page = (
        "# Edition\n\n```{source-catalogue}\n```\n\n```{toctree}\n:maxdepth: 1\n\n"
        "sources/index\nglossary\nchronology\nclaims\nbibliography\n```\n"
    )
    (edition / "docs" / "index.md").write_text(index_page, encoding="utf-8")
    (stock / "docs" / "index.md").write_text(
        "# Edition\n\n```{toctree}\n:maxdepth: 1\n\n"
        "sources/index\nglossary\nchronology\nbibliography\n```\n",
        encoding="utf-8",
    )
    (baseline / "docs" / "index.md").write_text(
        "# Edition\n\n```{toctree}\n:maxdepth: 1\n\nsources/index\n```\n", encoding="utf-8"
    )
    sources_index = "# Sources\n\n```{toctree}\n:maxdepth: 1\n:glob:\n\n*\n```\n"
    (edition / "docs" / "sources" / "index.md").write_text(sources_index, encoding="utf-8")
    (stock / "docs" / "sources" / "index.md").write_text(sources_index, encoding="utf-8")
    (baseline / "docs" / "sources" / "index.md").write_text(sources_index, encoding="utf-8")


def positive(text: str) -> int:
    """An argument that must be a whole number of at least one (for ``argparse``)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=positive, metavar="N", help="how many sources")
    parser.add_argument("out", type=Path, metavar="OUT", help="the folder to write into")
    parser.add_argument("--seed", type=int, default=1, help="for the random words (default 1)")
    args = parser.parse_args(argv)
    write(args.n, args.out, args.seed)


if __name__ == "__main__":
    main()
