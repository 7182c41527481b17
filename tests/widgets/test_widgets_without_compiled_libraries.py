"""The widget path runs with the standard library only, as in a browser's Pyodide core.

Each test runs a fresh interpreter whose import system refuses numpy and pandas (a
``sys.meta_path`` finder placed first raises ImportError for them and their submodules),
imports the sequence engine and the bargaining model, builds the book's live widgets,
changes a control and checks that the output changed."""

from __future__ import annotations

import subprocess
import sys
import textwrap

BLOCKED = ("numpy", "pandas")

GUARD = f"""
import importlib.abc
import sys

BLOCKED = {BLOCKED!r}


class RefuseCompiled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{{name}} is not available here (a pure-Python runtime)")
        return None


sys.meta_path.insert(0, RefuseCompiled())
"""


def run_blocked(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter in which importing numpy or pandas fails."""
    return subprocess.run(
        [sys.executable, "-c", GUARD + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
    )


def assert_ok(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ok"), result.stdout[-2000:]


def test_the_guard_refuses_numpy_and_pandas():
    """The tests below can fail: with the guard, importing either raises ImportError."""
    for name in ("numpy", "pandas.core"):
        result = run_blocked(f"import {name}")
        assert result.returncode != 0
        assert "ImportError" in result.stderr and "pure-Python runtime" in result.stderr


def test_the_models_and_live_widgets_work_without_numpy_or_pandas():
    result = run_blocked(
        """
        import korea_talks.bargaining as bargaining
        import korea_talks.sequence as sequence
        from korea_talks.games import FreezeGame
        from korea_talks.widgets.bargaining import BargainingWidget
        from korea_talks.widgets.freeze_game import FreezeGameWidget
        from korea_talks.widgets.sequence_builder import SequenceBuilder

        roadmap = sequence.get_preset("author-roadmap").moves
        assert sequence.simulate(roadmap).verdict.value == "settlement-track"
        forecast = bargaining.run_model(bargaining.six_parties_2017())
        assert forecast.moves and forecast.note()
        assert FreezeGame.default().equilibria()

        builder = SequenceBuilder()
        before = (builder.verdict_html.value, builder.plot_html.value)
        builder.preset_dropdown.value = "strategic-patience"
        builder.load_button.click()
        assert "Verdict: stalemate" in builder.verdict_html.value
        assert (builder.verdict_html.value, builder.plot_html.value) != before
        builder.uncertainty_button.click()
        assert "runs" in builder.uncertainty_html.value
        builder.explore_button.click()
        assert "orderings" in builder.explore_html.value
        builder.split_button.click()
        assert "washington" in builder.split_html.value.lower()
        compared = builder.compare_html.value
        builder.pin_button.click()
        assert builder.compare_html.value != compared
        builder.lens_views.selector.value = "washington"
        builder.lens_views.sensitivity_button.click()
        assert "<svg" in builder.lens_views.sensitivity_html.value
        assert "pyongyang" in builder.lens_views.all_html.value.lower()

        game = FreezeGameWidget()
        chart = game.chart.value
        game.nk_strategy.value = "always-test"
        assert game.chart.value != chart

        talks = BargainingWidget()
        chart = talks.chart.value
        talks.actor.value = "Russia"
        talks.position.value = 20
        assert talks.chart.value != chart and talks.result.position_history[0][
            talks.table.names.index("Russia")
        ] == 20

        assert not {"numpy", "pandas"} & set(sys.modules)
        print("ok")
        """
    )
    assert_ok(result)


def test_the_explorer_runs_under_every_lens_without_numpy_or_pandas():
    result = run_blocked(
        """
        from korea_talks.sequence import explore, get_preset, lens_ids, robust_orderings
        from korea_talks.sequence.contest import where_lenses_split

        moves = get_preset("author-roadmap").moves[:5]
        for lens in lens_ids():
            found = explore(moves, lens=lens)
            assert found.total == 120 and sum(found.verdict_counts.values()) == found.feasible
            assert found.summary()
        assert robust_orderings(moves).summary()
        assert where_lenses_split(moves, target="verified-freeze") is not None
        # no ordering of a lone moratorium offer is feasible: the split names the blocking rule
        blocked = explore(["us_moratorium_for_moratorium"])
        assert blocked.feasible == 0 and blocked.blocking_rows and blocked.summary()
        assert where_lenses_split(["us_moratorium_for_moratorium"], target="moratorium")
        assert not {"numpy", "pandas"} & set(sys.modules)
        print("ok")
        """
    )
    assert_ok(result)


EDGE_MODULES = {
    "korea_talks.sequence.figures": "the book's matplotlib figures",
    "korea_talks.bargaining.sensitivity": "the book's resampling study (numpy's generator)",
}
"""The modules of the model packages that stay at the pandas/numpy edge, and why."""


def test_every_module_of_the_widget_path_imports_without_numpy_or_pandas():
    result = run_blocked(
        f"""
        import importlib
        import pkgutil

        edge = {sorted(EDGE_MODULES)!r}
        names = []
        for package in ("sequence", "bargaining", "games", "widgets"):
            root = importlib.import_module("korea_talks." + package)
            names += [
                f"{{root.__name__}}.{{info.name}}" for info in pkgutil.iter_modules(root.__path__)
            ]
        assert len(names) > 25, names
        for name in names:
            if name not in edge:
                importlib.import_module(name)
        assert not {{"numpy", "pandas"}} & set(sys.modules)
        print("ok")
        """
    )
    assert_ok(result)
