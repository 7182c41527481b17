"""The Security Council's voting rule for a draft resolution, and nothing else.

Article 27(3) of the UN Charter (``uncharter1945`` in the bibliography): a decision on a
matter that is not procedural needs the affirmative votes of nine members "including the
concurring votes of the permanent members". Since its early years the Council has read a
permanent member's abstention as no bar to adoption; the International Court of Justice
recorded that reading in its Namibia opinion of 1971 (``icj1971namibia``). So a draft is
adopted when at least nine members vote for it and no permanent member votes against it;
a negative vote of a permanent member is the veto. A member that does not vote counts
like an abstention. A draft resolution is never a procedural matter here.

>>> tally({"US": "yes", "UK": "yes", "France": "yes", "China": "abstain",
...        "Russia": "yes", **{f"E{i}": "yes" for i in range(1, 6)}}).adopted
True
>>> result = tally({"US": "yes", "Russia": "no", **{f"E{i}": "yes" for i in range(1, 11)}})
>>> result.adopted, result.vetoed_by, result.yes
(False, ('Russia',), 11)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

PERMANENT = ("US", "China", "Russia", "UK", "France")
"""The five permanent members (Charter, Article 23(1); China's and Russia's seats as now held)."""
SEATS = 15
"""Members of the Council: five permanent, ten elected (Charter, Article 23(1))."""
NINE = 9
"""Affirmative votes a draft needs (Charter, Article 27(2) and (3))."""
VOTES = ("yes", "no", "abstain")
"""The votes a member may cast."""


@dataclass(frozen=True)
class Outcome:
    """A vote's count and what it means."""

    yes: int
    no: int
    abstain: int
    absent: int
    vetoed_by: tuple[str, ...]
    adopted: bool

    @property
    def words(self) -> str:
        """The outcome as the Council's record would say it.

        >>> tally({"US": "no"}).words
        'not adopted: 0 in favour, 1 against, 0 abstaining (vetoed by US)'
        """
        count = f"{self.yes} in favour, {self.no} against, {self.abstain} abstaining"
        if self.adopted:
            return f"adopted: {count}"
        if self.vetoed_by:
            return f"not adopted: {count} (vetoed by {', '.join(self.vetoed_by)})"
        return f"not adopted: {count} (fewer than {NINE} votes in favour)"


def tally(votes: Mapping[str, str]) -> Outcome:
    """Count ``votes`` (member -> ``yes``, ``no`` or ``abstain``) under Article 27(3).

    Members missing from ``votes`` are counted as absent (neither for nor against); at
    most :data:`SEATS` members may vote, and a vote that is not one of :data:`VOTES`
    raises ``ValueError``.

    >>> tally({"US": "maybe"})
    Traceback (most recent call last):
    ...
    ValueError: vote 'maybe' of US: allowed: yes, no, abstain
    """
    if len(votes) > SEATS:
        raise ValueError(f"{len(votes)} votes: the Council has {SEATS} members")
    for member, vote in votes.items():
        if vote not in VOTES:
            raise ValueError(f"vote {vote!r} of {member}: allowed: {', '.join(VOTES)}")
    yes = sum(v == "yes" for v in votes.values())
    no = sum(v == "no" for v in votes.values())
    abstain = sum(v == "abstain" for v in votes.values())
    vetoed_by = tuple(m for m in PERMANENT if votes.get(m) == "no")
    return Outcome(
        yes=yes,
        no=no,
        abstain=abstain,
        absent=SEATS - len(votes),
        vetoed_by=vetoed_by,
        adopted=yes >= NINE and not vetoed_by,
    )
