"""The domain's views of its records: worked out once, kept until the records change."""

from __future__ import annotations

import dataclasses

import pytest

from conftest import ROOTS, build_app
from edition_tools.model.records import (
    AiRecord,
    ClaimRecord,
    ClaimSpan,
    EventRecord,
    Reference,
    SourceUse,
)
from edition_tools.store.aggregates import shown
from edition_tools.store.domain import edition_domain


def test_first_by_is_first_by_page_and_line_and_kept_until_a_record_is_added(tmp_path):
    app = build_app("dummy", ROOTS / "test-annotations", tmp_path)
    domain = edition_domain(app.env)
    spans = domain.claim_spans
    [first] = [s for s in spans if s.claim_id == "campaign-length"]
    view = domain.first_span_of_claim()
    assert view["campaign-length"] == first
    assert domain.first_span_of_claim() is view  # not worked out again
    # A later span on an earlier page, read last, comes first by page and line.
    earlier = ClaimSpan("campaign-length", "a-first-page", first.line + 9, "x", "78 days")
    domain.note_claim_span(earlier)
    assert domain.first_span_of_claim()["campaign-length"] == earlier


@pytest.mark.parametrize(
    "record",
    [
        SourceUse("s", "page", 3, "Title"),
        Reference("target", "page", 3, "anchor", "words", "{event}`words`"),
        EventRecord("e", "page", 3, "1999", "", "Title", False),
        ClaimRecord("c", "page", 3, "disputed", "Someone", "open", ("key",)),
        ClaimSpan("c", "page", 3, "anchor", "words"),
        AiRecord("page", 3, "document", "self-disclosed", "type", "words", "anchor"),
    ],
    ids=lambda record: type(record).__name__,
)
def test_every_field_but_the_line_reaches_the_digests(record):
    """Digests are made from the records' fields: a new field needs no list to reach them."""
    hidden = ("text", "written") if isinstance(record, Reference) else ()
    for field in dataclasses.fields(record):
        if field.name == "line" or field.name in hidden:
            continue
        value = getattr(record, field.name)
        changed = dataclasses.replace(record, **{field.name: _other(value)})
        assert shown(changed, *hidden) != shown(record, *hidden), field.name
    moved = dataclasses.replace(record, line=record.line + 1)
    assert shown(moved, *hidden) == shown(record, *hidden)


def _other(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, tuple):
        return (*value, "more")
    return f"{value}-changed"
