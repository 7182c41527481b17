"""The freeze-game widget runs where only pure Python exists (a browser's Pyodide core):
importing it and computing its default view must load no compiled data library."""

from __future__ import annotations

import subprocess
import sys
import textwrap

BLOCKED = ("numpy", "pandas", "nashpy", "scipy", "matplotlib")


def run_without_compiled_libraries(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter in which importing any of BLOCKED fails."""
    guard = "import sys\n" + "".join(f"sys.modules[{name!r}] = None\n" for name in BLOCKED)
    return subprocess.run(
        [sys.executable, "-c", guard + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_guard_blocks_numpy():
    """The check below can fail: with the guard, importing numpy raises."""
    result = run_without_compiled_libraries("import numpy")
    assert result.returncode != 0
    assert "ModuleNotFoundError" in result.stderr or "ImportError" in result.stderr


def test_freeze_game_widget_imports_and_reacts_without_numpy_or_pandas():
    result = run_without_compiled_libraries(
        """
        from korea_talks.widgets.freeze_game import FreezeGameWidget
        widget = FreezeGameWidget()
        assert "prisoner" in widget.summary.value, widget.summary.value
        before = widget.chart.value
        widget.nk_strategy.value = "always-test"
        assert widget.chart.value != before
        widget.payoff_sliders[("north_korea", "freeze_suspend")].value = 9
        widget.payoff_sliders[("united_states", "freeze_suspend")].value = 9
        assert "stag hunt" in widget.summary.value
        print("ok")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")
