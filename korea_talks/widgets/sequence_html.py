"""HTML views of the sequence model's results, for the sequence builder and its lens tab.

Pure functions from a model result to an HTML fragment: no widget state, so each can be
tested (and reused) on its own. Every text taken from data is escaped; colours come from
:mod:`korea_talks.palette`; charts are inline SVG from :mod:`korea_talks.widgets.svg_chart`.

>>> from korea_talks.sequence import get_preset, simulate
>>> moves = get_preset("author-roadmap").moves
>>> "Settlement track" in verdict_html(simulate(moves))
True
>>> "washington" in all_lenses_html(moves)
True
>>> "<svg" in sensitivity_html(moves, "author")
True
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from korea_talks.palette import FREEZE_SHADE, OKABE_ITO, TRAJECTORY, VERDICT_COLOURS
from korea_talks.sequence import (
    GROWTH_RULE_ID,
    VERDICT_MEANINGS,
    ExplorationResult,
    Move,
    SimulationResult,
    Verdict,
)
from korea_talks.sequence.lenses import get_lens
from korea_talks.sequence.lensing import lens_comparison, sensitivity_rows
from korea_talks.widgets.svg_chart import Band, Series, line_chart, range_bar, sparkline

FREEZE_LABELS = {1: "test moratorium holds", 2: "freeze holds"}
"""Legend names of the shaded steps, by the model's freeze level."""


# --------------------------------------------------------------------------- one run


def trajectory_svg(
    result: SimulationResult, *, width: int = 480, height: int = 280, title: str = ""
) -> str:
    """Draw the state over the steps as an accessible inline SVG line chart.

    Lines differ by colour (Okabe-Ito), dash pattern and marker (styles from
    :data:`korea_talks.palette.TRAJECTORY`); shaded bands mark steps where a test
    moratorium (light) or a freeze (darker) holds, each named in the legend.

    >>> from korea_talks.sequence import simulate
    >>> chart = trajectory_svg(simulate(["us_direct_talks"]))
    >>> chart.startswith("<figure") and "<desc>" in chart and "level (0-10)" in chart
    True
    """
    path = result.steps
    final = path[-1]
    desc = (
        f"State over {len(path) - 1} step(s). Verdict: {result.verdict.title}. Final values: "
        + ", ".join(f"{label} {final[col]:.1f}" for col, label, *_ in TRAJECTORY)
        + "."
    )
    series = [
        Series(label, [step[col] for step in path], OKABE_ITO[colour], line, marker)
        for col, label, colour, line, marker in TRAJECTORY
    ]
    shade, light, dark = FREEZE_SHADE
    bands = [
        Band(i, i, FREEZE_LABELS[int(level)], shade, light if level == 1 else dark)
        for i, level in enumerate(step["freeze"] for step in path)
        if level and i > 0
    ]
    return line_chart(
        series,
        title=title or "State of the negotiation model over the steps",
        desc=desc,
        x_label="step",
        y_label="level (0-10)",
        y_range=(0, 10),
        bands=bands,
        width=width,
        height=height,
    )


def verdict_html(result: SimulationResult) -> str:
    """The verdict in plain words, with a coloured badge and its meaning."""
    colour = VERDICT_COLOURS[result.verdict]
    return (
        '<div role="status" aria-live="polite" style="border-left:6px solid '
        f'{colour};padding:4px 10px;margin:4px 0">'
        f"<strong>Verdict: {html.escape(result.verdict.title)}</strong> "
        f"<span style='color:#555'>({html.escape(VERDICT_MEANINGS[result.verdict])})</span>"
        f"<br>{html.escape(result.verdict_text)}</div>"
    )


def explanation_html(result: SimulationResult) -> str:
    """The step-by-step explanation as an ordered list; each line names rule and sections."""
    items = []
    for line in result.explanation:
        style = "" if line.applied else " style='color:#a04000'"
        background = line.rule_id == GROWTH_RULE_ID
        text = html.escape(line.text)
        if background:
            text = f"<em>{text}</em>"
        items.append(
            f"<li{style}><strong>Step {line.step}</strong>: {text} "
            f"<code>{html.escape(line.rule_id)}</code> "
            f"<span title='article sections'>[{html.escape(', '.join(line.sections))}]</span>"
            "</li>"
        )
    return (
        "<div aria-label='Step-by-step explanation'><ul style='padding-left:1.2em;"
        "margin:4px 0'>" + "".join(items) + "</ul></div>"
    )


def compare_html(*panels: tuple[str, SimulationResult]) -> str:
    """Two (or more) results side by side: title, verdict, small plot and moves."""
    cells = []
    for title, result in panels:
        moves = "".join(f"<li>{html.escape(m)}</li>" for m in result.sequence) or "<li>(none)</li>"
        cells.append(
            "<div style='flex:1;min-width:300px'>"
            f"<h4 style='margin:4px 0'>{html.escape(title)}</h4>"
            + verdict_html(result)
            + trajectory_svg(result, width=400, height=230, title=title)
            + f"<details><summary>Moves</summary><ol>{moves}</ol></details></div>"
        )
    return "<div style='display:flex;gap:12px;flex-wrap:wrap'>" + "".join(cells) + "</div>"


# --------------------------------------------------------------------------- the lists


def move_html(move: Move) -> str:
    """A move of the palette in full: label, id, sections, description and rules."""
    rules = "; ".join(f"{r.id} ({', '.join(r.sections)})" for r in move.rules)
    return (
        f"<div style='font-size:90%'><strong>{html.escape(move.label)}</strong> "
        f"<code>{html.escape(move.id)}</code> [{html.escape(', '.join(move.sections))}]<br>"
        f"{html.escape(move.description)}<br><span style='color:#555'>Rules: "
        f"{html.escape(rules)}</span></div>"
    )


def step_html(label: str, move: Move) -> str:
    """The selected step of the sequence, written out whole (a list box cuts long ones)."""
    return (
        f"<div style='font-size:90%'>Selected: <strong>{html.escape(label)}</strong> "
        f"<code>{html.escape(move.id)}</code> [{html.escape(', '.join(move.sections))}]</div>"
    )


def message_html(text: str) -> str:
    """A message to the reader (what was wrong, what to do), read out by screen readers."""
    return f"<div role='alert' style='color:#a04000'>{html.escape(text)}</div>"


def example_note_html(preset_title: str, button: str) -> str:
    """The note above a result computed when the view was built (the static book's)."""
    return (
        f"<p class='kt-example'><em>Example: the result for “{html.escape(preset_title)}”, "
        f"computed when this view was built. Change the sequence and press “{button}” to "
        "recompute it (this needs a running notebook).</em></p>"
    )


# --------------------------------------------------------------------------- many runs


def distribution_html(counts: Mapping[str, int], runs: int, seed: int | None) -> str:
    """Horizontal bars of the share of random runs ending in each verdict (``counts``: runs
    by verdict value, as in :attr:`OutcomeDistribution.verdict_counts`)."""
    rows = []
    for name, count in counts.items():
        verdict = Verdict(str(name))
        share = count / runs
        rows.append(
            "<div style='display:flex;align-items:center;margin:2px 0'>"
            f"<span style='width:9em'>{html.escape(verdict.title)}</span>"
            f"<span role='img' aria-label='{verdict.title}: {share:.0%}' style='display:"
            f"inline-block;height:12px;width:{max(share * 300, 1):.0f}px;background:"
            f"{VERDICT_COLOURS[verdict]}'></span>"
            f"<span style='margin-left:6px'>{share:.0%} ({count} of {runs})</span></div>"
        )
    return (
        f"<div><strong>Outcome distribution</strong> over {runs} random runs "
        f"(seed {seed}); each run draws every probability from its documented range, then "
        "the hedged responses.</div>" + "".join(rows)
    )


POSITION_COLUMNS = ("move", "best_position", "best_share", "worst_position", "worst_share")
"""The columns of the explorer's table of the moves whose position matters most."""


def records_table(records: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """Records as an HTML table, laid out as pandas' ``to_html(index=False, border=0)``
    writes it (class ``dataframe``, which the book's table styles read), floats as
    percentages; text is escaped.

    >>> print(records_table([{"move": "a<b", "share": 0.25, "n": 3}], ["move", "share"]))
    <table class="dataframe">
      <thead>
        <tr style="text-align: right;">
          <th>move</th>
          <th>share</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td>a&lt;b</td>
          <td>25%</td>
        </tr>
      </tbody>
    </table>
    """

    def cell(value: object) -> str:
        text = f"{value:.0%}" if isinstance(value, float) else str(value)
        return f"      <td>{html.escape(text, quote=False)}</td>"

    head = "".join(f"      <th>{html.escape(c, quote=False)}</th>\n" for c in columns)
    body = "".join(
        "    <tr>\n" + "".join(cell(r[c]) + "\n" for c in columns) + "    </tr>\n" for r in records
    )
    return (
        '<table class="dataframe">\n  <thead>\n    <tr style="text-align: right;">\n'
        f"{head}    </tr>\n  </thead>\n  <tbody>\n{body}  </tbody>\n</table>"
    )


def explorer_html(result: ExplorationResult, *, repeated: bool = False) -> str:
    """The explorer's summary, one example ordering per verdict and the moves whose
    position matters most (``repeated``: the sequence had repeated moves, explored once);
    only the summary, which says why, when no ordering is feasible."""
    note = "<p>Repeated moves are explored once each.</p>" if repeated else ""
    summary = "<pre style='white-space:pre-wrap'>" + html.escape(result.summary()) + "</pre>"
    if not result.feasible:  # the summary says why; no empty sections
        return note + summary
    examples = "".join(
        f"<li><strong>{html.escape(Verdict(v).title)}</strong>, e.g. "
        + html.escape(" → ".join(orders[0]))
        + "</li>"
        for v, orders in result.by_verdict(1).items()
    )
    table = records_table(result.position_rows[:5], POSITION_COLUMNS)
    return (
        note
        + summary
        + "<p>One example per verdict:</p><ul>"
        + examples
        + "</ul><p>Moves whose position matters most (share of feasible orderings reaching "
        "the settlement track with the move at its best and worst position):</p>"
        + f"<div class='kt-scroll'>{table}</div>"
    )


# --------------------------------------------------------------------------- lenses


def all_lenses_html(
    sequence: Sequence[str], table: Sequence[Mapping[str, Any]] | None = None
) -> str:
    """One row per lens: its title, the verdict, the deciding rule and a small tension path
    (``table``: the records of :func:`~korea_talks.sequence.lensing.lens_comparison`)."""
    table = table if table is not None else lens_comparison(sequence)
    rows = []
    for record in table:
        verdict = str(record["verdict"])
        scare = f" (war scare at step {record['near_miss']})" if record["near_miss"] else ""
        label = f"tension under the {record['lens']} lens"
        crisis = get_lens(str(record["lens"])).parameters.war_tension  # dashed: a war scare
        rows.append(
            "<tr>"
            f"<td>{html.escape(str(record['title']))}</td>"
            f"<td><span style='border-left:6px solid {VERDICT_COLOURS[verdict]};"
            f"padding-left:4px'>{html.escape(verdict.replace('-', ' '))}</span>"
            f"{html.escape(scare)}</td>"
            f"<td><code>{html.escape(str(record['deciding_rule']))}</code></td>"
            f"<td>{sparkline(record['tension_path'], label, reference=crisis)}</td>"
            "</tr>"
        )
    return (
        "<table aria-label='The sequence under every lens'><thead><tr><th>lens</th>"
        "<th>verdict</th><th>deciding rule</th><th>tension by step (dashed: crisis line)</th>"
        "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def sensitivity_html(
    sequence: Sequence[str], lens: str, table: Sequence[Mapping[str, Any]] | None = None
) -> str:
    """One row per parameter: its documented range as a bar, its value (a dark tick) and,
    if the verdict flips inside the range, the flip point (a red diamond) and what the
    verdict flips to (``table``: the records of
    :func:`~korea_talks.sequence.lensing.sensitivity_rows`)."""
    table = table if table is not None else sensitivity_rows(sequence, lens=lens)
    rows = []
    for record in table:
        name = str(record["parameter"])
        low, high, value = float(record["low"]), float(record["high"]), float(record["value"])
        flip = record["flip_at"]
        flips = flip == flip  # NaN: the verdict holds over the whole range
        if flips:
            outcome = (
                f"{record['direction']} {float(flip):g}: "
                f"{str(record['flips_to']).replace('-', ' ')}"
            )
        else:
            outcome = "holds"
        label = f"{name}: {value:g} in {low:g} to {high:g}; {outcome}"
        bar = range_bar(low, high, value, label, mark=float(flip) if flips else None)
        rows.append(
            f"<tr><td><code>{html.escape(name)}</code></td>"
            f"<td>{low:g} to {high:g}</td><td>{value:g}</td>"
            f"<td style='min-width:8em'>{bar}</td><td>{html.escape(outcome)}</td></tr>"
        )
    return (
        f"<table aria-label='Sensitivity of the verdict under the {html.escape(lens)} lens'>"
        "<thead><tr><th>parameter</th><th>range</th><th>value</th><th>where it lies</th>"
        "<th>verdict</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


SENSITIVITY_KEY = (
    "<p>Bars: each parameter's documented range; dark tick: its value; red diamond: "
    "where the verdict flips, and to what.</p>"
)
"""The key printed above :func:`sensitivity_html`."""


# --------------------------------------------------------------------------- the contest


def lens_split_html(report: dict[str, list[dict[str, object]]], target: Verdict | str) -> str:
    """The "where the lenses split" report of :func:`korea_talks.sequence.where_lenses_split`:
    one block per lens (how many orderings it accepts, its best verdict, its deciding rule
    and an accepted ordering), then the orderings some lenses accept and others do not.

    Blocks, not a wide table, so that it reads at a phone's width.

    >>> from korea_talks.sequence.contest import where_lenses_split
    >>> report = where_lenses_split(["us_direct_talks", "us_moratorium_for_moratorium"])
    >>> "Deciding rule" in lens_split_html(report, "verified-freeze")
    True
    """
    target = Verdict(target)
    blocks = []
    for row in report["lenses"]:
        feasible = _count(row["feasible"])
        best = str(row["best_verdict"])
        colour = VERDICT_COLOURS[best] if best else "#999"
        why = (
            "the verdict rule of its best ordering"
            if feasible
            else "the precondition that first blocks most orderings"
        )
        example = _texts(row["example"])
        shown = html.escape(" → ".join(example)) if example else "none"
        blocks.append(
            f"<div style='border-left:6px solid {colour};padding:2px 8px;margin:6px 0'>"
            f"<strong>{html.escape(str(row['title']))}</strong> "
            f"<code>{html.escape(str(row['lens']))}</code><br>"
            f"Accepts {_count(row['accepted']):,} of {_count(row['orderings']):,} orderings "
            f"({feasible:,} feasible); best verdict: "
            f"{html.escape(best.replace('-', ' ') or 'none (nothing is feasible)')}<br>"
            f"Deciding rule: <code>{html.escape(str(row['deciding_rule']))}</code> "
            f"<span style='color:#555'>({why})</span><br>"
            f"An accepted ordering: {shown}</div>"
        )
    splits = []
    for split in report["splits"]:
        verdicts = split["verdicts"]
        verdicts = verdicts if isinstance(verdicts, dict) else {}
        accepted_by = ", ".join(_texts(split["accepted_by"]))
        per_lens = "".join(
            f"<li><code>{html.escape(str(name))}</code>: "
            f"{html.escape(str(verdict).replace('-', ' '))}</li>"
            for name, verdict in verdicts.items()
        )
        ordering = " → ".join(_texts(split["ordering"]))
        splits.append(
            f"<li>{html.escape(ordering)}<br>accepted by {html.escape(accepted_by)}"
            f"<ul>{per_lens}</ul></li>"
        )
    if splits:
        split_part = (
            "<p><strong>Orderings on which the lenses split</strong> (the first "
            f"{len(splits)}):</p><ol style='padding-left:1.2em'>" + "".join(splits) + "</ol>"
        )
    else:
        split_part = (
            "<p>No ordering of these moves splits the lenses: they all accept the same ones.</p>"
        )
    return (
        "<div aria-label='Where the lenses split'>"
        f"<p>Every ordering of these moves under each lens. Accepted: feasible and reaching "
        f"at least {html.escape(target.title)}.</p>" + "".join(blocks) + split_part + "</div>"
    )


def _count(value: object) -> int:
    """A count from a plain record (0 if the field is not a number)."""
    return value if isinstance(value, int) else 0


def _texts(value: object) -> list[str]:
    """The items of a list or tuple field of a plain record, as text."""
    return [str(item) for item in value] if isinstance(value, (list, tuple)) else []
