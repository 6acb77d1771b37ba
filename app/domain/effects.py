"""What actually helped this person: the change in pain around each technique they used.

Honest about uncertainty: every estimate carries its number of sessions and a 95% interval,
and fewer than ``MIN_SESSIONS`` sessions is reported as "too few to say".
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.sessions import TreatmentSession

MIN_SESSIONS = 5
#: Two-sided 95% Student t quantiles (df = n - 1) for df 1-30, then 40, 60 and 120. Between
#: table rows (and beyond 120) the next smaller tabulated df is used, which widens the interval
#: a little: never narrower than the exact one.
_T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
        9: 2.262, 10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120,
        17: 2.110, 18: 2.101, 19: 2.093, 20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064,
        25: 2.060, 26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045, 30: 2.042, 40: 2.021, 60: 2.000,
        120: 1.980}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Effect:
    kind: str
    item_id: str
    n: int
    mean_change: float  # pain after minus before: negative means it eased
    ci_low: float | None
    ci_high: float | None
    enough: bool  # at least ``min_sessions`` sessions
    min_sessions: int = MIN_SESSIONS  # stated so the UI can say "too few to say (need 5)"

    @property
    def note(self) -> str:
        if self.enough:
            return f"based on {self.n} sessions"
        plural = "s" if self.n != 1 else ""
        return f"based on {self.n} session{plural}: too few to say (need {self.min_sessions})"


def t95(df: int) -> float:
    """Two-sided 95% t quantile for ``df`` degrees of freedom (conservative between rows)."""
    if df < 1:
        raise ValueError("a t interval needs at least one degree of freedom")
    return _T95[max(limit for limit in _T95 if limit <= df)]


def technique_effects(sessions: Iterable[TreatmentSession]) -> list[Effect]:
    """Per (kind, item): n, mean change and a t-based 95% interval; most helpful first,
    with the estimates we can trust ahead of those based on too few sessions.

    Sides are pooled: the question is whether the technique helps this person at all. One
    session has no interval (``ci_low``/``ci_high`` are None); identical changes give a
    zero-width one, which is what the data say.
    """
    changes: dict[tuple[str, str], list[int]] = {}
    for session in sessions:
        changes.setdefault((session.kind, session.item_id), []).append(session.change)
    effects = []
    for (kind, item), values in changes.items():
        n = len(values)
        mean = statistics.fmean(values)
        if n >= 2:
            half = t95(n - 1) * statistics.stdev(values) / math.sqrt(n)
            low, high = mean - half, mean + half
        else:
            low = high = None
        effects.append(Effect(kind, item, n, mean, low, high, n >= MIN_SESSIONS))
    return sorted(effects, key=lambda e: (not e.enough, e.mean_change, -e.n, e.kind, e.item_id))
