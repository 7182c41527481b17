"""The sequence builder widget, driven from Python: set values, press buttons, read output."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pytest

from korea_talks.sequence import ACTORS, get_preset, simulate
from korea_talks.widgets import interactive_controls
from korea_talks.widgets.sequence_builder import SequenceBuilder, trajectory_svg


@pytest.fixture
def builder():
    return SequenceBuilder()


def test_default_view_already_shows_the_roadmap_run(builder):
    assert builder.sequence == get_preset("author-roadmap").moves
    assert "Verdict: settlement track" in builder.verdict_html.value
    assert builder.plot_html.value.startswith("<figure")
    assert "security-regime-established" in builder.explanation_html.value
    assert "S10" in builder.explanation_html.value
    assert "Verdict: breakdown" in builder.compare_html.value  # B: CVID first


def test_palette_is_grouped_by_actor_and_describes_the_selection(builder):
    assert [value for _, value in builder.actor_dropdown.options] == list(ACTORS)
    labels = [label for label, _ in builder.actor_dropdown.options]
    assert "North Korea (DPRK)" in labels and "China" in labels  # no "China (China)"
    builder.actor_dropdown.value = "Russia"
    ids = [value for _, value in builder.move_select.options]
    assert "russia_working_group" in ids and all(i.startswith("russia_") for i in ids)
    builder.move_select.value = "russia_envoy"
    assert "special envoy" in builder.move_info.value
    assert "S8" in builder.move_info.value


def test_the_selected_step_is_shown_whole_below_the_list(builder):
    # a list box cannot wrap its options, so the selected one is written out below it
    for index, (label, _) in enumerate(builder.steps_select.options):
        builder.steps_select.value = index
        assert f"<strong>{html.escape(label)}</strong>" in builder.step_info.value
    builder.clear_button.click()
    assert builder.step_info.value == ""


def test_add_remove_reorder_and_clear(builder):
    builder.clear_button.click()
    assert builder.sequence == []
    assert "Nothing happens" in builder.explanation_html.value
    builder.actor_dropdown.value = "US"
    builder.move_select.value = "us_moratorium_for_moratorium"
    builder.add_button.click()
    assert "proposal goes nowhere: no US–DPRK channel is open" in builder.explanation_html.value
    builder.move_select.value = "us_direct_talks"
    builder.add_button.click()
    assert builder.sequence == ["us_moratorium_for_moratorium", "us_direct_talks"]
    builder.steps_select.value = 1
    builder.up_button.click()
    assert builder.sequence == ["us_direct_talks", "us_moratorium_for_moratorium"]
    assert "Verdict: moratorium" in builder.verdict_html.value
    builder.steps_select.value = 0
    builder.down_button.click()
    assert builder.sequence == ["us_moratorium_for_moratorium", "us_direct_talks"]
    builder.steps_select.value = 0
    builder.remove_button.click()
    assert builder.sequence == ["us_direct_talks"]


def test_load_preset_and_run(builder):
    builder.preset_dropdown.value = "strategic-patience"
    builder.load_button.click()
    assert builder.sequence == get_preset("strategic-patience").moves
    assert "Verdict: stalemate" in builder.verdict_html.value
    builder.run_button.click()
    assert builder.result.verdict.value == "stalemate"


def test_compare_side_by_side(builder):
    builder.compare_dropdown.value = "maximum-pressure"
    assert "Maximum pressure" in builder.compare_html.value
    assert builder.compare_html.value.count("<figure") == 2
    builder.load_preset("strike")
    builder.pin_button.click()
    assert "pinned sequence" in builder.compare_html.value
    assert builder.compare_html.value.count("<strong>Verdict: war risk") == 2


def test_uncertainty_shows_a_distribution(builder):
    builder.runs_input.value = 100
    builder.seed_input.value = 4
    builder.uncertainty_button.click()
    text = builder.uncertainty_html.value
    assert "over 100 random runs (seed 4)" in text
    assert "settlement track" in text


def test_explorer_on_current_moves(builder):
    builder.set_sequence(["us_direct_talks", "us_demand_cvid", "dprk_test_moratorium"])
    builder.explore_button.click()
    assert "6 raw orderings of 3 moves" in builder.explore_html.value
    builder.set_sequence(["us_sanctions"] * 2 + ["us_strike"])
    builder.explore_button.click()
    assert "Repeated moves are explored once each" in builder.explore_html.value


def test_explorer_says_why_nothing_is_feasible_without_empty_sections(builder):
    builder.set_sequence(["dprk_denuclearization_step", "iaea_monitoring", "dprk_walk_out"])
    builder.explore_button.click()
    shown = builder.explore_html.value
    assert "No ordering is feasible" in shown
    assert "One example per verdict" not in shown
    assert "position matters most" not in shown


def test_unknown_id_is_reported_not_raised(builder):
    builder.set_sequence(["us_direct_talk"])
    assert "us_direct_talks" in builder.message_html.value
    assert builder.sequence == get_preset("author-roadmap").moves


def test_role_play_tab_runs_the_seminar_engine_on_one_screen(builder, tmp_path):
    from korea_talks.seminar.store import read_log

    builder.seminar_file.value = str(tmp_path / "room.sqlite")
    builder.open_seminar_button.click()
    table = builder.seminar
    assert builder.seminar_box.children == (table.widget,)
    table.clock("start")
    table.team.value = "US"
    table.to.value = ("DPRK",)
    table.moves.value = ("us_direct_talks", "us_moratorium_for_moratorium")
    table.send_offer()
    table.team.value = "DPRK"
    table.answer_offer.value = "O1"
    table.answer.value = "accept"
    table.reason.value = "builds-trust"
    table.send_answer()
    table.team.value = "US"
    table.alone.value = "us_strike"
    table.answer_offer.value = None
    table.send_answer()  # no offer waits for the US: refused with a message
    assert "no offer" in table.message.value
    assert table.store.seminar.moves() == ["us_direct_talks", "us_moratorium_for_moratorium"]
    log = read_log(table.save_log(tmp_path / "log.jsonl"))
    assert [r["kind"] for r in log] == ["start", "offer", "answer"]
    # the same file reopens where the session stood
    again = builder.open_seminar(tmp_path / "room.sqlite")
    assert again.store.seminar.moves() == table.store.seminar.moves()


def test_every_control_is_labelled(builder):
    controls = list(interactive_controls(builder))
    assert len(controls) >= 15
    for control in controls:
        assert control.description, control
        if isinstance(control, widgets.Button):
            assert control.tooltip, control


def test_svg_has_text_alternative():
    svg = trajectory_svg(simulate(get_preset("cvid-first").moves))
    assert 'role="img"' in svg
    assert "<title>" in svg and "Verdict: breakdown" in svg


def test_embedded_state_stays_small(builder):
    import json

    from ipywidgets.embed import dependency_state

    size = len(json.dumps(dependency_state(builder)))
    assert size < 150_000, size


def test_lens_selector_all_lenses_view_and_sensitivity_chart():
    from korea_talks.sequence import lens_ids, sensitivity, simulate

    builder = SequenceBuilder()
    assert builder.result.verdict.value == "settlement-track"
    assert builder.lens_views.all_html.value.count("<tr>") == len(lens_ids()) + 1
    builder.lens_views.selector.value = "washington"
    expected = simulate(builder.sequence, lens="washington").verdict
    assert builder.result.verdict is expected and builder.result.lens == "washington"
    assert "Verdict: moratorium" in builder.verdict_html.value
    builder.lens_views.sensitivity_button.click()
    chart = builder.lens_views.sensitivity_html.value
    table = sensitivity(builder.sequence, lens="washington")
    assert chart.count("<rect") == len(table)  # one range bar per parameter
    assert chart.count("<path") == int(table["flip_at"].notna().sum())
    assert chart.count("<tr>") == len(table) + 1 and chart.count(">holds<") == int(
        table["flip_at"].isna().sum()
    )
    builder.uncertainty_button.click()
    assert "Outcome distribution" in builder.uncertainty_html.value


def compare_panel_a(builder) -> str:
    """The HTML of the comparison's first panel (A: the current sequence)."""
    return builder.compare_html.value.split("<h4", 2)[1]


def test_compare_tab_redraws_a_after_every_change_and_run(builder):
    before = compare_panel_a(builder)
    cvid = get_preset("cvid-first").moves
    builder.set_sequence(cvid)
    after = compare_panel_a(builder)
    assert after != before
    verdict = simulate(cvid).verdict.title
    assert f"Verdict: {verdict}" in after
    builder.clear_button.click()
    assert "(none)" in compare_panel_a(builder)


def test_kernel_only_tabs_show_an_example_result(builder):
    assert "Press" not in builder.uncertainty_html.value
    assert "Example" in builder.uncertainty_html.value
    assert "Outcome distribution" in builder.uncertainty_html.value
    assert "Example" in builder.explore_html.value and "<table" in builder.explore_html.value
    builder.run_uncertainty()
    assert "Example" not in builder.uncertainty_html.value  # recomputed for the reader


def test_split_tab_exists_and_shows_an_example_for_the_preset(builder):
    titles = [builder.tabs.get_title(i) for i in range(len(builder.tabs.children))]
    assert "Splits" in titles
    assert "Example" in builder.split_html.value and "Deciding rule" in builder.split_html.value


def test_split_tab_names_each_lens_and_its_deciding_rule_from_the_model(builder):
    from korea_talks.sequence.contest import where_lenses_split

    moves = ["us_direct_talks", "us_moratorium_for_moratorium", "dprk_freeze_for_relief"]
    builder.set_sequence(moves)
    builder.split_target.value = "moratorium"
    builder.split_button.click()
    shown = builder.split_html.value
    report = where_lenses_split(moves, target="moratorium")
    blocks = shown.split("border-left:6px solid")[1:]
    assert len(blocks) == len(report["lenses"])
    for block, row in zip(blocks, report["lenses"], strict=True):
        assert html.escape(str(row["title"])) in block
        assert f"<code>{html.escape(str(row['deciding_rule']))}</code>" in block
        assert f"Accepts {row['accepted']:,} of {row['orderings']:,} orderings" in block
    for split in report["splits"]:
        assert html.escape(" → ".join(split["ordering"])) in shown
    assert "Example" not in shown  # recomputed for the reader


def test_split_report_escapes_every_text():
    from korea_talks.widgets.sequence_html import lens_split_html

    hostile = "<script>alert(1)</script>"
    report = {
        "lenses": [
            {
                "lens": hostile,
                "title": hostile,
                "orderings": 2,
                "feasible": 1,
                "accepted": 1,
                "best_verdict": "moratorium",
                "example": (hostile, "us_direct_talks"),
                "deciding_rule": hostile,
            }
        ],
        "splits": [
            {"ordering": (hostile,), "accepted_by": [hostile], "verdicts": {hostile: hostile}}
        ],
    }
    shown = lens_split_html(report, "moratorium")
    assert "<script>" not in shown
    assert shown.count(html.escape(hostile)) == 8


def test_split_tab_says_what_is_wrong_with_too_many_or_no_moves(builder):
    builder.clear_button.click()
    builder.split_button.click()
    assert "Add some moves first" in builder.split_html.value
    from korea_talks.sequence import MAX_MOVES, load_catalogue

    builder.set_sequence(list(load_catalogue().moves)[: MAX_MOVES + 1])
    builder.split_button.click()
    assert f"at most {MAX_MOVES} different moves" in builder.split_html.value


def test_split_tab_says_it_reads_the_packaged_catalogue_when_given_an_edited_one():
    from korea_talks.sequence import load_catalogue

    edited = SequenceBuilder(catalogue=load_catalogue())
    assert "packaged move catalogue" in edited.split_html.value
    assert "packaged move catalogue" not in SequenceBuilder().split_html.value
