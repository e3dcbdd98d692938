"""The page for adopters (docs/toolkit.md) documents every configuration value."""

from __future__ import annotations

import re

from conftest import PROJECT
from edition_tools.config import CONFIG_VALUES

PAGE = (PROJECT / "docs" / "toolkit.md").read_text(encoding="utf-8")
#: The rows of the configuration table: name, default, type, rebuild, meaning.
ROWS = {
    match.group(1): [cell.strip() for cell in match.group(2).split(" | ")]
    for match in re.finditer(r"(?m)^\| `(edition_[a-z_]+)` \| (.*) \|$", PAGE)
}


def test_every_configuration_value_has_a_row():
    assert set(ROWS) == {value.name for value in CONFIG_VALUES}


def test_each_row_gives_the_value_s_rebuild():
    for value in CONFIG_VALUES:
        rebuild = ROWS[value.name][2]
        assert rebuild == (f"`{value.rebuild}`" if value.rebuild else "none"), value.name


def test_each_row_gives_a_plain_default_as_it_is():
    for value in CONFIG_VALUES:
        default = ROWS[value.name][0]
        if isinstance(value.default, str):
            assert default == f'`"{value.default}"`', value.name
        elif isinstance(value.default, bool | int):
            assert default == f"`{value.default!r}`", value.name
