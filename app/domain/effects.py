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
#: Two-sided 95% Student t quantiles for small samples (df = n - 1); 1.96 beyond the table.
_T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
        9: 2.262, 10: 2.228, 12: 2.179, 15: 2.131, 20: 2.086, 30: 2.042}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Effect:
    kind: str
    item_id: str
    n: int
    mean_change: float  # pain after minus before: negative means it eased
    ci_low: float | None
    ci_high: float | None
    enough: bool  # at least MIN_SESSIONS sessions

    @property
    def note(self) -> str:
        if self.enough:
            return f"based on {self.n} sessions"
        plural = "s" if self.n != 1 else ""
        return f"based on {self.n} session{plural}: too few to say (need {MIN_SESSIONS})"


def _t95(df: int) -> float:
    for limit in sorted(_T95):
        if df <= limit:
            return _T95[limit]
    return 1.96


def technique_effects(sessions: Iterable[TreatmentSession]) -> list[Effect]:
    """Per (kind, item): n, mean change and a t-based 95% interval; most helpful first,
    with the estimates we can trust ahead of those based on too few sessions."""
    changes: dict[tuple[str, str], list[int]] = {}
    for session in sessions:
        changes.setdefault((session.kind, session.item_id), []).append(session.change)
    effects = []
    for (kind, item), values in changes.items():
        n = len(values)
        mean = statistics.mean(values)
        if n >= 2:
            half = _t95(n - 1) * statistics.stdev(values) / math.sqrt(n)
            low, high = mean - half, mean + half
        else:
            low = high = None
        effects.append(Effect(kind, item, n, mean, low, high, n >= MIN_SESSIONS))
    return sorted(effects, key=lambda e: (not e.enough, e.mean_change, -e.n, e.kind, e.item_id))
