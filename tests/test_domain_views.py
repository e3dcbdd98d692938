"""The domain's views of its records: worked out once, kept until the records change."""

from __future__ import annotations

from conftest import ROOTS, build_app
from edition_tools.model.records import ClaimSpan
from edition_tools.store.domain import edition_domain


def test_first_by_is_first_by_page_and_line_and_kept_until_a_record_is_added(tmp_path):
    app = build_app("dummy", ROOTS / "test-annotations", tmp_path)
    domain = edition_domain(app.env)
    spans = domain.data["claim_spans"]
    [first] = [s for s in spans if s.claim_id == "campaign-length"]
    view = domain.first_by("claim_spans", "claim_id")
    assert view["campaign-length"] == first
    assert domain.first_by("claim_spans", "claim_id") is view  # not worked out again
    # A later span on an earlier page, read last, comes first by page and line.
    earlier = ClaimSpan("campaign-length", "a-first-page", first.line + 9, "x", "78 days")
    domain.note_record("claim_spans", earlier)
    assert domain.first_by("claim_spans", "claim_id")["campaign-length"] == earlier
