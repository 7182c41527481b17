"""The book's own Sphinx extensions (book/_ext) as units: their doctests and the rules
that decide what a page loads and how table cells are read."""

from __future__ import annotations

import doctest
import sys
from pathlib import Path

import pytest
from pybtex.database import Entry, Person

EXT = Path(__file__).resolve().parents[1] / "book" / "_ext"
sys.path.insert(0, str(EXT))

import actor_tables  # noqa: E402
import lean_pages  # noqa: E402
import site_fixes  # noqa: E402
import table_citations  # noqa: E402


@pytest.mark.parametrize("module", [actor_tables, lean_pages, site_fixes, table_citations])
def test_doctests_pass(module: object) -> None:
    result = doctest.testmod(module)
    assert result.failed == 0


@pytest.mark.parametrize(
    ("body", "needed"),
    [
        ('<span class="math notranslate nohighlight">\\(x^2\\)</span>', True),
        ('<div class="math notranslate nohighlight">\\[\\sum x\\]</div>', True),
        ("<p>Sanctions cost $5 billion; aid was $2 billion.</p>", False),
        ("<table><tr><td>0.5</td></tr></table>", False),
    ],
)
def test_mathjax_is_kept_only_for_mathematics(body: str, needed: bool) -> None:
    assert lean_pages.page_needs_mathjax(body, []) is needed


def test_icon_rules_keep_only_used_icons_and_their_aliases() -> None:
    css = (
        '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}'
        '.fa-rocket:before{content:"\\f135"}.fa-sun:before{content:"\\f185"}'
    )
    kept = lean_pages.drop_unused_icon_rules(css, {"navicon", "sun"})
    assert "fa-bars" in kept and "fa-sun" in kept and "fa-rocket" not in kept
    assert lean_pages.css_icon_codepoints(kept) == {0xF0C9, 0xF185}


def test_icons_drawn_by_custom_properties_count_as_used() -> None:
    """The theme's admonition titles draw Note, Important and See also from custom
    properties that hold the icon character itself, not from .fa-* rules."""
    css = (
        ':root{--pst-icon-info-circle:"\uf05a";--pst-icon-exclamation-circle:"\uf06a";'
        '--pst-icon-share:"\uf064"}.toggle:after{content:"\\f107"}'
    )
    assert lean_pages.css_icon_codepoints(css) == {0xF05A, 0xF06A, 0xF064, 0xF107}


@pytest.mark.parametrize(
    ("people", "year", "text"),
    [
        (["Toloraya, Georgy"], "2017", "Toloraya, 2017"),
        (["Cha, Victor", "Kang, David"], "2003", "Cha and Kang, 2003"),
        (["A, B", "C, D", "E, F"], "2020", "A et al., 2020"),
    ],
)
def test_citation_labels_read_author_and_year(people: list[str], year: str, text: str) -> None:
    entry = Entry("article", fields={"year": year, "title": "T"})
    entry.persons["author"] = [Person(p) for p in people]
    assert table_citations.author_year(entry) == text


def test_nbval_marker_lines_leave_the_shown_code() -> None:
    code = '# NBVAL_CHECK_OUTPUT\ncheck("set3.q2", answer_q2)\n  # NBVAL_SKIP\nx = 1\n'
    assert site_fixes.without_test_markers(code) == 'check("set3.q2", answer_q2)\nx = 1\n'


def _rule_table(moves: list[str]) -> str:
    rows = "".join(f"<tr><td>{m}</td><td>{m}-rule</td><td>x &lt; 1</td></tr>" for m in moves)
    return (
        '<table border="0" class="dataframe sections-table"><thead><tr style="text-align: '
        'right;"><th>move</th><th>rule</th><th>when</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def test_a_long_rule_table_is_folded_by_the_actor_of_each_move() -> None:
    actors = {"us_talks": "United States", "dprk_test": "North Korea"}
    page = "<p>before</p>" + _rule_table(["us_talks"] * 6 + ["dprk_test"] * 5) + "<p>after</p>"
    folded = actor_tables.fold_long_tables(page, actors.get)
    assert folded.count('<details class="kt-actor-group">') == 2
    assert "<summary>United States: 6 rows</summary>" in folded
    assert "<summary>North Korea: 5 rows</summary>" in folded
    assert folded.count('data-label="when"') == 11
    assert "x &lt; 1" in folded and folded.startswith("<p>before</p>")
    # folding is done once: a second pass leaves the page as it is
    assert actor_tables.fold_long_tables(folded, actors.get) == folded


def test_a_short_table_is_only_labelled_for_phones() -> None:
    page = _rule_table(["us_talks"] * 3)
    stacked = actor_tables.fold_long_tables(page, {"us_talks": "United States"}.get)
    assert "<details" not in stacked
    assert stacked.count('data-label="rule"') == 3


class _Config:
    def __init__(self, live: dict[str, str]) -> None:
        self.live_cells = live
        self.html_theme_options = {
            "repository_url": "https://github.com/korea-talks/korea-talks",
            "repository_branch": "main",
        }


class _App:
    def __init__(self, live: dict[str, str]) -> None:
        self.config = _Config(live)


def test_live_settings_default_to_mybinder_with_the_repository_and_branch() -> None:
    import live_cells

    settings = live_cells.live_settings(_App({}))  # type: ignore[arg-type]
    assert settings["binder_url"] == "https://mybinder.org"
    assert (settings["binder_repo"], settings["binder_ref"]) == ("korea-talks/korea-talks", "main")
    assert settings["server_url"] == ""
    hub = live_cells.live_settings(_App({"server_url": "https://hub.example.edu/user/a/"}))  # type: ignore[arg-type]
    assert hub["server_url"] == "https://hub.example.edu/user/a/"


def test_an_unknown_live_setting_is_refused_with_the_allowed_ones() -> None:
    import live_cells
    from sphinx.errors import ExtensionError

    with pytest.raises(ExtensionError, match="allowed"):
        live_cells.live_settings(_App({"sever_url": "x"}))  # type: ignore[arg-type]


def test_live_ways_default_to_both_and_a_wrong_list_is_refused_with_the_allowed_ones() -> None:
    import live_cells
    from sphinx.errors import ExtensionError

    assert live_cells.live_settings(_App({}))["ways"] == ["browser", "server"]  # type: ignore[arg-type]
    assert live_cells.live_settings(_App({"ways": ["server"]}))["ways"] == ["server"]  # type: ignore[arg-type]
    for wrong in ([], ["browser", "browser"], ["pyodide"], "browser"):
        with pytest.raises(ExtensionError, match="browser"):
            live_cells.live_settings(_App({"ways": wrong}))  # type: ignore[arg-type]


def test_a_changed_live_loader_rewrites_every_page_once() -> None:
    import live_cells

    env = type("Env", (), {"found_docs": {"book/intro", "book/models/freeze-game"}})()
    first = live_cells.pages_to_rewrite(None, env, set(), set(), set())  # type: ignore[arg-type]
    assert first == [], "a first build writes every page anyway"
    assert live_cells.pages_to_rewrite(None, env, set(), set(), set()) == []  # type: ignore[arg-type]
    env.kt_live_loader = "the digest of an older loader"
    again = live_cells.pages_to_rewrite(None, env, set(), set(), set())  # type: ignore[arg-type]
    assert again == ["book/intro", "book/models/freeze-game"]
    assert live_cells.pages_to_rewrite(None, env, set(), set(), set()) == []  # type: ignore[arg-type]
