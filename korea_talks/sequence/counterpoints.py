"""Which lens encodes each counter-argument of chapter 10, and the rule that decides there.

``korea_talks/data/lenses/counter_arguments.csv`` names, for each objection in
``korea_talks/data/counter_arguments.csv``, the lens built from its camp's sources, a short
probe sequence and the rule the pointer is about (or no lens, with the reason). Nothing is
typed as a result: :func:`counter_argument_lenses` runs the probe under that lens and under
the author's and reports the rule that decided the probe's last move and both verdicts.

>>> rows = {row["id"]: row for row in counter_argument_lenses()}
>>> rows["cvid-talks-goal"]["lens"], rows["cvid-talks-goal"]["deciding_rule"]
('washington', 'cvid-sets-the-terms')
>>> rows["rok-conservatives-deterrence"]["lens"]
''
"""

from __future__ import annotations

import csv
from pathlib import Path

from korea_talks.datafiles import DATA_DIR
from korea_talks.sequence.errors import SequenceModelError
from korea_talks.sequence.lenses import LENS_DIR, get_lens, lens_ids
from korea_talks.sequence.simulate import GROWTH_RULE_ID, SimulationResult, simulate

POINTERS = LENS_DIR / "counter_arguments.csv"
"""For each counter-argument: lens, probe sequence (move ids joined by ';'), rule, note, and
the sources of the counter-argument it maps (the same as in :data:`OBJECTIONS`)."""

OBJECTIONS = DATA_DIR / "counter_arguments.csv"

_NOT_A_MOVE_RULE = {GROWTH_RULE_ID, "war-scare"}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def counter_argument_lenses(path: Path = POINTERS) -> list[dict[str, str]]:
    """One record per counter-argument, in the order of the objections file.

    Keys: ``id``, ``camp``, ``lens`` (empty if no lens encodes it), ``lens_title``,
    ``probe`` (the move ids joined by ' -> '), ``expected_rule``, ``deciding_rule`` and
    ``rule_text`` (computed under the lens), ``verdict`` under the lens,
    ``author_verdict`` and ``author_rule`` (the same probe under the author's lens) and
    ``note``.
    """
    camps = {row["id"]: row["camp"] for row in _read(OBJECTIONS)}
    pointers = {row["id"]: row for row in _read(path)}
    missing = sorted(set(camps) - set(pointers))
    unknown = sorted(set(pointers) - set(camps))
    if missing or unknown:
        raise SequenceModelError(
            f"{path.name}: every counter-argument needs one row; missing: "
            f"{', '.join(missing) or 'none'}; unknown ids: {', '.join(unknown) or 'none'}"
        )
    names = set(lens_ids())
    out = []
    for key, camp in camps.items():
        row = pointers[key]
        record = {
            "id": key,
            "camp": camp,
            "lens": row["lens"],
            "lens_title": "",
            "probe": "",
            "expected_rule": row["rule"],
            "deciding_rule": "",
            "rule_text": "",
            "verdict": "",
            "author_verdict": "",
            "author_rule": "",
            "note": row["note"],
        }
        if row["lens"]:
            if row["lens"] not in names:
                raise SequenceModelError(
                    f"{path.name}, {key}: unknown lens {row['lens']!r}; known: {sorted(names)}"
                )
            probe = row["probe"].split(";")
            record["lens_title"] = get_lens(row["lens"]).title
            record["probe"] = " -> ".join(probe)
            under = simulate(probe, lens=row["lens"])
            author = simulate(probe, lens="author")
            record["deciding_rule"], record["rule_text"] = _last_rule(under, probe[-1])
            record["verdict"] = under.verdict.value
            record["author_verdict"] = author.verdict.value
            record["author_rule"] = _last_rule(author, probe[-1])[0]
        out.append(record)
    return out


def _last_rule(result: SimulationResult, move_id: str) -> tuple[str, str]:
    """The id and text of the rule that decided the last move of ``move_id`` in a run."""
    lines = [
        line
        for line in result.explanation
        if line.move_id == move_id and line.rule_id not in _NOT_A_MOVE_RULE
    ]
    return (lines[-1].rule_id, lines[-1].text) if lines else ("", "")
