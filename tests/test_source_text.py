"""Misuse of ``source-text`` and a broken catalogue give warnings a contributor can act on."""

from __future__ import annotations

import hashlib

from conftest import warnings_of


def test_unknown_source_id_is_reported_and_the_text_kept(edited_root):
    root = edited_root("fidelity")
    root.replace("index.md", "{source-text} traps", "{source-text} trapz")
    app = root.build()
    assert [w.replace(f"{root.path}/", "") for w in warnings_of(app)] == [
        "index.md:3: WARNING: unknown source id 'trapz' (catalogue catalogue.toml has: traps) "
        "[edition.source_text]",
        "sources/catalogue.toml:1: WARNING: source 'traps' has no page: no source-text block "
        "gives its text [edition.catalogue]",
    ]
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "The last line, with a word." in html


def test_a_source_given_on_two_pages_is_reported(edited_root):
    root = edited_root("fidelity")
    text = (root.path / "index.md").read_text(encoding="utf-8")
    root.write("again.md", text.replace("# Traps", "# Again"))
    root.replace("index.md", "# Traps\n", "# Traps\n\n```{toctree}\nagain\n```\n")
    app = root.build()
    assert [w.replace(f"{root.path}/", "") for w in warnings_of(app)] == [
        "index.md:7: WARNING: source 'traps' is already given in 'again' at line 3; "
        "a source has one source-text block [edition.source_text]"
    ]


def test_a_changed_source_file_fails_the_build(edited_root):
    root = edited_root("fidelity")
    source = root.path / "sources" / "traps.txt"
    recorded = hashlib.sha256(source.read_bytes()).hexdigest()
    source.write_bytes(source.read_bytes().replace(b"word.", b"ward."))
    app = root.build()
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert [w.replace(f"{root.path}/", "") for w in warnings_of(app)] == [
        f"sources/catalogue.toml:1: WARNING: source 'traps': sources/traps.txt has SHA-256 "
        f"{digest}, the catalogue says {recorded}: the source file was changed "
        "[edition.catalogue]",
        "index.md:34: WARNING: text differs from sources/traps.txt line 17: expected "
        '"…last line, with a ward.", found "…last line, with a word." [edition.fidelity]',
    ]


def test_each_subtype_can_be_silenced(edited_root):
    root = edited_root("fidelity")
    root.replace("index.md", "with a word.", "with a ward.")
    app = root.build(confoverrides={"suppress_warnings": ["edition.fidelity"]})
    assert warnings_of(app) == []
    root.replace("index.md", "{source-text} traps", "{source-text} trapz")
    app = root.build(confoverrides={"suppress_warnings": ["edition.fidelity"]})
    assert [w.rsplit(" ", 1)[-1] for w in warnings_of(app)] == [
        "[edition.source_text]",
        "[edition.catalogue]",
    ]
