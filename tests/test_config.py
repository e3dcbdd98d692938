"""The extension's configuration: checked where it is read, reported at conf.py's line."""

from __future__ import annotations

import pytest

from conftest import ROOTS, build_app, warnings_of
from edition_tools.config import CONFIG_VALUES


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("edition_repository_url", '"javascript:alert(1)"'),
        ("edition_repository_branch", '"main; rm -rf /"'),
        ("edition_gc_threshold", "-5"),
        ("edition_lint", '"yes"'),
        ("edition_allowed_roles", '["Not A Name"]'),
        ("edition_front_matter_keys", '"orphan"'),
        ("edition_latex_fallback_font", '""'),
    ],
)
def test_a_bad_value_is_reported_at_its_line_and_its_default_used(edited_root, name, bad):
    root = edited_root("annotations")
    conf = root.path / "conf.py"
    lines = conf.read_text(encoding="utf-8").splitlines()
    conf.write_text("\n".join([*lines, f"{name} = {bad}"]) + "\n", encoding="utf-8")
    app = root.build()
    [value] = [value for value in CONFIG_VALUES if value.name == name]
    found = [line for line in warnings_of(app) if "[edition.config]" in line]
    assert found == [
        f"{conf}:{len(lines) + 1}: WARNING: {name} must be "
        + found[0].split(f"{name} must be ", 1)[-1]
    ]
    assert app.config[name] == value.default


def test_the_test_edition_configuration_is_valid(tmp_path):
    app = build_app("dummy", ROOTS / "test-annotations", tmp_path)
    assert [line for line in warnings_of(app) if "[edition.config]" in line] == []
