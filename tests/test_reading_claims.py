"""Reading the claims register in a real browser: whole words, sorting, filtering, keyboard.

The edition is built once for the module and its register opened in Debian's Chromium
(``tests/browser.py``) at five widths. What a reader should see is taken from the domain's
records (source, level, status of every claim) and from the table read without script,
never from the script's own output.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browser import chromium, serve

from edition_tools.features.backlinks import sorted_by_page
from edition_tools.features.disputed import Level
from edition_tools.store.domain import edition_domain, page_title

pytestmark = pytest.mark.slow

WIDTHS = (1920, 1440, 1280, 1024, 390)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
REGISTER = "table.edition-claims-register"
#: The columns a reader must be able to sort by, and to filter by.
SORTED = ("Claim", "Source", "Level", "Status")
FILTERED = ("Source", "Level", "Status")
#: What the live region says, before any detail of the order.
COUNT = "{shown} of {total} claims shown"


@dataclass(frozen=True)
class Register:
    """The built register: its URL, a browser, and what it must show."""

    url: str
    browser: Any
    #: (source title, level label, status) of every claim record, from the domain.
    records: Counter[tuple[str, str, str]]
    #: The table's rows, cell texts, as a browser without script reads them.
    rows_without_script: list[tuple[str, ...]]


# The rows a reader sees (rendered: neither hidden nor left out by a style), cell texts.
_VISIBLE_ROWS = f"""
() => Array.from(document.querySelectorAll("{REGISTER} tbody tr"))
  .filter((row) => row.getClientRects().length > 0)
  .map((row) => Array.from(row.cells, (cell) => cell.textContent.trim()))
"""

# Each word of the register's cells, as a Range: more than one line box means the word
# was broken. Words end at spaces and after hyphens and dashes (where wrapping is right).
_SPLIT_WORDS = f"""
() => {{
  const split = [];
  for (const cell of document.querySelectorAll("{REGISTER} th, {REGISTER} td")) {{
    if (cell.getClientRects().length === 0) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {{
      for (const word of node.data.matchAll(/[^\\s\\-\\u2010\\u2013\\u2014]+[\\-\\u2010\\u2013\\u2014]?/g)) {{
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        if (range.getClientRects().length !== 1) split.push(word[0]);
      }}
    }}
  }}
  return split;
}}
"""


def _headings(page: Any) -> list[str]:
    return page.locator(f"{REGISTER} thead th").evaluate_all(
        "heads => heads.map(head => head.textContent.replace(/[↕▲▼]/g, '').trim())"
    )


def _records(app: Any) -> Counter[tuple[str, str, str]]:
    """(source, level, status) of every claim, as the register's rules place it."""
    env = app.env
    domain = edition_domain(env)
    spans = domain.spans_by_claim()
    labels = {level.slug: level.label for level in Level}
    found: Counter[tuple[str, str, str]] = Counter()
    for claim in domain.claims.values():
        marked = sorted_by_page(spans.get(claim.id, []))
        page = marked[0].docname if marked else claim.docname
        found[(page_title(env, page), labels[claim.level], claim.status)] += 1
    return found


@pytest.fixture(scope="module")
def register(built_edition: Any) -> Any:
    app = built_edition
    records = _records(app)
    with serve(Path(app.outdir)) as base, chromium() as browser:
        context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
        page = context.new_page()
        page.goto(base + "claims.html")
        rows = [tuple(row) for row in page.evaluate(_VISIBLE_ROWS)]
        context.close()
        yield Register(base + "claims.html", browser, records, rows)


def _open(
    register: Register, viewport: dict[str, int], **options: Any
) -> tuple[Any, Any, list[str]]:
    """A new context and page on the register; the list gathers the page's errors."""
    context = register.browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(register.url, wait_until="networkidle")
    return context, page, errors


# -- The table without script -----------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_without_script_every_claim_is_there_and_no_control(register, viewport):
    context, page, _errors = _open(register, viewport, java_script_enabled=False)
    rows = page.evaluate(_VISIBLE_ROWS)
    controls = page.locator(f"{REGISTER} button, .edition-claims-controls, select").count()
    headings = _headings(page)
    context.close()
    total = sum(register.records.values())
    assert len(rows) == total == len(register.rows_without_script) > 0
    assert Counter((row[1], row[3], row[4]) for row in rows) == register.records
    assert controls == 0
    assert headings == ["Claim", "Source", "Claimant", "Level", "Status", "Evidence"]


# -- Words kept whole, at every width ---------------------------------------------------


@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_word_is_split_across_lines(register, width, script):
    viewport = {"width": width, "height": 900}
    context, page, _errors = _open(register, viewport, java_script_enabled=script)
    split = page.evaluate(_SPLIT_WORDS)
    words = page.evaluate(
        f"document.querySelector('{REGISTER}').textContent.split(/\\s+/).filter(Boolean).length"
    )
    page_width = page.evaluate("document.documentElement.scrollWidth")
    table = page.locator(REGISTER).bounding_box()
    context.close()
    assert words > 500  # the register was read, words and all
    assert split == []
    assert page_width <= width  # no sideways scroll of the page
    assert table["x"] >= 0 and table["x"] + table["width"] <= width


# -- Sorting ----------------------------------------------------------------------------

# How each cell text compares with the next (-1, 0, 1) in the browser's English collation
# (case, accents and punctuation such as the quotation marks aside).
_STEPS = """
(texts) => {
  const collator = new Intl.Collator("en", {sensitivity: "base", numeric: true,
                                            ignorePunctuation: true});
  return texts.slice(1).map((text, index) => Math.sign(collator.compare(texts[index], text)));
}
"""
_LEVEL_ORDER = [level.label for level in Level]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("heading", (*SORTED, "Claimant"))
def test_sorting_by_a_column_orders_the_rows(register, heading, viewport):
    context, page, errors = _open(register, viewport)
    column = _headings(page).index(heading)
    button = page.locator(f"{REGISTER} thead th").nth(column).locator("button")
    orders: dict[str, list[tuple[str, ...]]] = {}
    sort_states: dict[str, list[str | None]] = {}
    for direction in ("ascending", "descending"):
        button.click()
        orders[direction] = [tuple(row) for row in page.evaluate(_VISIBLE_ROWS)]
        sort_states[direction] = page.locator(f"{REGISTER} thead th").evaluate_all(
            "heads => heads.map(head => head.getAttribute('aria-sort'))"
        )
    count = page.locator(".edition-claims-count").inner_text()
    steps = {
        direction: page.evaluate(_STEPS, [row[column] for row in rows])
        for direction, rows in orders.items()
    }
    context.close()
    assert errors == []
    total = len(register.rows_without_script)
    assert count.startswith(COUNT.format(shown=total, total=total))
    for direction, rows in orders.items():
        # The same rows, none lost or doubled, in the order of the column.
        assert Counter(rows) == Counter(register.rows_without_script)
        keys = [row[column] for row in rows]
        assert len(set(keys)) > 1
        if heading == "Level":  # the vocabulary's order, mildest first, not alphabetical
            ranks = [_LEVEL_ORDER.index(key) for key in keys]
            assert ranks == sorted(ranks, reverse=direction == "descending"), keys
        else:
            wrong = 1 if direction == "ascending" else -1
            assert wrong not in steps[direction], (direction, keys)
        expected = [None] * len(sort_states[direction])
        expected[column] = direction
        assert sort_states[direction] == expected


# -- Filtering --------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("heading", FILTERED)
def test_filtering_by_each_value_shows_exactly_the_matching_rows(register, heading, viewport):
    context, page, errors = _open(register, viewport)
    column = _headings(page).index(heading)
    select = page.get_by_label(heading, exact=True)
    values = select.locator("option").evaluate_all("options => options.map(o => o.value)")
    total = len(register.rows_without_script)
    record_field = FILTERED.index(heading)  # the records' (source, level, status)
    seen: dict[str, tuple[list[tuple[str, ...]], str]] = {}
    for value in values:
        select.select_option(value)
        rows = [tuple(row) for row in page.evaluate(_VISIBLE_ROWS)]
        seen[value] = (rows, page.locator(".edition-claims-count").inner_text())
    context.close()
    assert errors == []
    assert values[0] == ""  # "All" first
    expected_values = {record[record_field] for record in register.records}
    assert set(values[1:]) == expected_values and len(values) == len(expected_values) + 1
    for value, (rows, count) in seen.items():
        expected = [row for row in register.rows_without_script if value in ("", row[column])]
        assert Counter(rows) == Counter(expected), value
        in_records = sum(
            n for record, n in register.records.items() if value in ("", record[record_field])
        )
        assert len(rows) == in_records
        assert count.startswith(COUNT.format(shown=len(rows), total=total)), count


def test_filters_combine_and_show_all_resets_them(register):
    context, page, errors = _open(register, DESKTOP)
    total = len(register.rows_without_script)
    level = page.get_by_label("Level", exact=True)
    status = page.get_by_label("Status", exact=True)
    results = []
    for level_value in level.locator("option").evaluate_all("os => os.map(o => o.value)")[1:]:
        for status_value in status.locator("option").evaluate_all("os => os.map(o => o.value)")[1:]:
            level.select_option(level_value)
            status.select_option(status_value)
            rows = [tuple(row) for row in page.evaluate(_VISIBLE_ROWS)]
            count = page.locator(".edition-claims-count").inner_text()
            results.append((level_value, status_value, rows, count))
    page.get_by_role("button", name="Show all").click()
    after_reset = len(page.evaluate(_VISIBLE_ROWS))
    reset_count = page.locator(".edition-claims-count").inner_text()
    context.close()
    assert errors == []
    for level_value, status_value, rows, count in results:
        expected = [
            row
            for row in register.rows_without_script
            if row[3] == level_value and row[4] == status_value
        ]
        assert Counter(rows) == Counter(expected)
        assert count.startswith(COUNT.format(shown=len(expected), total=total))
    assert after_reset == total
    assert reset_count.startswith(COUNT.format(shown=total, total=total))


def test_the_count_is_a_live_region(register):
    context, page, errors = _open(register, DESKTOP)
    count = page.locator(".edition-claims-count")
    role = count.get_attribute("role")
    between = page.evaluate(
        f"""() => {{
          const count = document.querySelector(".edition-claims-count");
          const table = document.querySelector("{REGISTER}");
          return Boolean(count.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING);
        }}"""
    )
    context.close()
    assert errors == []
    assert role == "status"  # announced politely when it changes
    assert between  # read before the table


# -- Keyboard, focus, accessibility -----------------------------------------------------

_FOCUSED = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    name: el.id ? "#" + el.id : el.textContent.replace(/[↕▲▼]/g, "").trim(),
    control: Boolean(el.closest(".edition-claims-controls, thead")),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
  };
}
"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_control_is_reached_and_worked_by_keyboard(register, viewport):
    context, page, errors = _open(register, viewport)
    wanted = page.evaluate(
        """() => Array.from(
          document.querySelectorAll(".edition-claims-controls select, "
            + ".edition-claims-controls button, table.edition-claims-register thead button"),
          (el) => el.id ? "#" + el.id : el.textContent.replace(/[↕▲▼]/g, "").trim())"""
    )
    reached: dict[str, bool] = {}
    for _ in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if focused and focused["control"]:
            reached[focused["name"]] = focused["outline"]
        if set(wanted) <= set(reached):
            break
    # Sorting by keyboard: Enter, then Space, on the Level button.
    level_column = _headings(page).index("Level")
    head = page.locator(f"{REGISTER} thead th").nth(level_column)
    head.locator("button").focus()
    page.keyboard.press("Enter")
    after_enter = head.get_attribute("aria-sort")
    page.keyboard.press("Space")
    after_space = head.get_attribute("aria-sort")
    # Filtering by keyboard: the arrow key chooses the next level.
    select = page.get_by_label("Level", exact=True)
    select.focus()
    page.keyboard.press("ArrowDown")
    chosen = select.input_value()
    shown = len(page.evaluate(_VISIBLE_ROWS))
    count = page.locator(".edition-claims-count").inner_text()
    context.close()
    assert errors == []
    assert len(wanted) == len(SORTED) + 1 + len(FILTERED) + 1  # sorts, filters, "Show all"
    assert set(reached) == set(wanted)
    assert all(reached.values()), reached  # a visible focus ring on each
    assert (after_enter, after_space) == ("ascending", "descending")
    assert chosen != ""
    assert 0 < shown < len(register.rows_without_script)
    assert count.startswith(f"{shown} of ")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_register_with_its_controls_has_no_serious_accessibility_violation(
    register, viewport, scheme
):
    from axe_playwright_python.sync_playwright import Axe

    context, page, errors = _open(register, viewport, color_scheme=scheme)
    page.locator(f"{REGISTER} thead button").first.click()  # a sorted column
    page.get_by_label("Status", exact=True).select_option(index=1)
    script_errors = list(errors)  # axe's own inline styles are refused by the policy: later
    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    context.close()
    assert script_errors == []
    found = [
        (violation["id"], [node["target"] for node in violation["nodes"][:3]])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert found == []
