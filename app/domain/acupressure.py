"""Acupressure prescriptions: a few local points plus distal points on the channel the pain follows.

Acupressure texts and trials for low back pain do not rank points one by one; they compose a
short prescription: *local points* on or beside the pain and *distal points* further along the
channel the pain follows ("for the back, seek Weizhong", BL40; back-of-leg pain on the Bladder
channel, outer-leg pain on the Gallbladder channel). This module does the same:

1. **Sides.** A point is pressed on the side that hurts. Midline pain (sacrum, spine) counts for
   the painful side only when the pain is one-sided, and for both sides otherwise, so a marked
   sacrum never pulls in the other side's points.
2. **Local points** (``role`` ``local``) lie on the marked pain, or near it: not further down the
   limb than the pain reaches (BL54 on the buttock is local, never distal). Chosen greedily: each
   pick must first cover marked pain the earlier picks left uncovered, then evidence decides.
3. **Distal points** (``role`` ``distal``) lie beyond the pain: further down the limb than it
   reaches, or on the hand or face. A distal point must sit on a channel the marked pain follows
   (``data/channels.csv``); the strongest channel gets the best distal point first.
4. **Evidence and tradition** (``data/acupoint_evidence.csv``) break ties: how often trials use a
   point for low back pain (Lee et al. 2012) and how often the classical texts do (Park et al.
   2024), turned from ranks into weights below. Points the texts keep for an acute lumbar sprain
   (GV26, EX_UE7) are prescribed only when the pain is acute.

Every choice carries a reason in plain words. The engine informs; it never diagnoses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from app.domain.body_geometry import place, region_at
from app.domain.knowledge import Acupoint, KnowledgeBase, PointEvidence, channel_id
from app.domain.regions import RegionCatalog, describe_regions

__all__ = [
    "CLASSICAL_WEIGHT",
    "MAX_DISTAL",
    "MAX_LOCAL",
    "TRIAL_WEIGHT",
    "PointScreen",
    "Prescribed",
    "Prescriber",
    "ScreenResult",
    "allow_every_point",
    "evidence_weight",
]

#: How much of a point's evidence weight comes from trials and from the classical texts
#: (ranks in data/acupoint_evidence.csv; trials count a little more than tradition).
TRIAL_WEIGHT = 0.6
CLASSICAL_WEIGHT = 0.4
#: Shares of a point's score: the marked pain it accounts for, its evidence weight, and
#: lying right on the pain (local points only).
FIT_SHARE = 0.6
EVIDENCE_SHARE = 0.3
ON_PAIN_SHARE = 0.1
MAX_LOCAL = 3
MAX_DISTAL = 2  # on the pain's channels; an acute-sprain point may come on top in acute pain
#: A channel gets its own distal point when it carries at least this share of the pain that
#: the strongest channel carries.
CHANNEL_MIN_SHARE = 0.25

#: How far down the body a base region lies: trunk and pelvic girdle 0, thigh 1, knee 2,
#: leg 3, ankle and heel 4, foot 5. Regions not listed (arm, hand, head) are remote.
LEVELS: dict[str, int] = {
    **dict.fromkeys(
        (
            "upper_back", "mid_back", "low_back", "thoracic_spine", "lumbar_spine", "sacrum",
            "coccyx", "perineum", "sacroiliac", "iliac_crest", "flank", "lower_abdomen",
            "upper_abdomen", "chest", "buttock_upper", "buttock_lower", "greater_trochanter",
            "groin", "anterior_hip",
        ),
        0,
    ),
    **dict.fromkeys(("posterior_thigh", "lateral_thigh", "anterior_thigh", "medial_thigh"), 1),
    **dict.fromkeys(("posterior_knee", "anterior_knee", "lateral_knee", "medial_knee"), 2),
    **dict.fromkeys(("calf", "lateral_leg", "shin"), 3),
    **dict.fromkeys(("ankle_lateral", "ankle_medial", "anterior_ankle", "heel"), 4),
    **dict.fromkeys(("dorsum_foot", "sole", "lateral_foot", "instep"), 5),
}  # fmt: skip
BACK_REGIONS = frozenset(
    {"low_back", "lumbar_spine", "sacrum", "sacroiliac", "iliac_crest", "flank"}
)


@dataclass(frozen=True, slots=True)
class ScreenResult:
    """What a safety screen says about one point: skip it, or add cautions shown first."""

    allowed: bool = True
    cautions: tuple[str, ...] = ()
    flagged: bool = False  # shown as a caution tag in the list (e.g. pregnancy)


#: Decides, per point, whether it may be prescribed and with which extra cautions. The engine
#: passes the safety layer's verdicts (app.domain.safety: pregnancy and the other rules).
PointScreen = Callable[[Acupoint], ScreenResult]


def allow_every_point(point: Acupoint) -> ScreenResult:
    """The screen with no restriction (the engine passes the safety layer's instead)."""
    return ScreenResult()


def evidence_weight(
    evidence: PointEvidence | None, trial_count: int, classical_count: int
) -> float:
    """0..1 from the ranks: rank 1 of n scores 1, rank n scores 1/n, unranked 0."""
    if evidence is None:
        return 0.0

    def from_rank(rank: int | None, count: int) -> float:
        return (count + 1 - rank) / count if rank and count else 0.0

    return TRIAL_WEIGHT * from_rank(evidence.trial_rank, trial_count) + CLASSICAL_WEIGHT * (
        from_rank(evidence.classical_rank, classical_count)
    )


@dataclass(frozen=True, slots=True)
class Prescribed:
    """One point of the prescription, on ``left``, ``right``, ``both`` or ``midline``."""

    code: str
    side: str
    role: str  # "local" | "distal"
    channel: str  # the point's channel as the data names it ("Bladder", "Extra", ...)
    score: float
    explains: tuple[str, ...]
    reason: str
    cautions: tuple[str, ...]  # the screen's extra cautions, then the point's own
    flagged: bool


@dataclass(frozen=True, slots=True)
class _Copy:
    """One point on one side (a midline point has one copy, side ``midline``)."""

    point: Acupoint
    side: str
    region: str | None  # the region the point lies in on this side


@dataclass(slots=True)
class _Candidate:
    point: Acupoint
    sides: list[str]
    explains: tuple[str, ...]
    on_pain: bool
    role: str
    channels: tuple[str, ...]  # the pain's channels this point lies on (distal points)
    score: float = 0.0


class Prescriber:
    """Built once from the knowledge base and region catalogue; ``prescribe`` is then cheap."""

    def __init__(self, kb: KnowledgeBase, catalog: RegionCatalog) -> None:
        self.kb = kb
        self.catalog = catalog
        self._trial_count = sum(1 for e in kb.point_evidence.values() if e.trial_rank)
        self._classical_count = sum(1 for e in kb.point_evidence.values() if e.classical_rank)
        self._copies: list[_Copy] = []
        for point in kb.acupoints.values():
            p = point.placement
            for side in ("left", "right") if point.bilateral else ("midline",):
                x, y = place(p.view, p.landmark, side if side != "midline" else "left",
                             p.dx_cun, p.dy_cun)  # fmt: skip
                self._copies.append(_Copy(point, side, region_at(p.view, x, y)))

    def evidence(self, code: str) -> float:
        return evidence_weight(
            self.kb.point_evidence.get(code), self._trial_count, self._classical_count
        )

    def prescribe(
        self,
        pain: Mapping[str, float],
        screen: PointScreen,
        *,
        acute: bool = False,
        adjust: Callable[[str, str, float], float] | None = None,
    ) -> tuple[Prescribed, ...]:
        """The prescription for ``pain`` (region id -> intensity 0..1), best first.

        ``adjust(code, side, score)`` lets the person's own history nudge a score.
        """
        pain = {region: level for region, level in pain.items() if level > 0}
        total = sum(pain.values())
        if not total:
            return ()
        counted_sides = self._counted_sides(pain)
        channel_pain = self._channel_pain(pain)
        reach = max((LEVELS.get(self.catalog.get(r).base, -1) for r in pain), default=-1)
        candidates = self._candidates(pain, counted_sides, channel_pain, reach, screen, acute)
        for candidate in candidates:
            fit = sum(pain[r] for r in candidate.explains) / total
            if candidate.role == "distal":
                fit = (
                    sum(
                        pain[r]
                        for r in candidate.explains
                        if self._on_channels(r, candidate.channels)
                    )
                    / total
                )
            candidate.score = (
                FIT_SHARE * fit
                + EVIDENCE_SHARE * self.evidence(candidate.point.code)
                + ON_PAIN_SHARE * candidate.on_pain
            )
            if adjust is not None:
                candidate.score = adjust(
                    candidate.point.code, _side_name(candidate.sides), candidate.score
                )
            candidate.score = min(1.0, max(0.0, candidate.score))
        chosen = self._pick_local(
            [c for c in candidates if c.role == "local"], pain
        ) + self._pick_distal([c for c in candidates if c.role == "distal"], channel_pain, acute)
        chosen.sort(key=lambda c: (-c.score, c.role != "local", c.point.code))
        return tuple(self._prescribed(c, screen) for c in chosen)

    # -- sides and channels --

    def _counted_sides(self, pain: Mapping[str, float]) -> frozenset[str]:
        """The sides midline pain counts for: the painful side if one-sided, else both."""
        lateral = {self.catalog.get(r).side for r in pain} - {"midline"}
        return frozenset(lateral if len(lateral) == 1 else {"left", "right"})

    def _region_side_ok(self, region: str, side: str, counted: frozenset[str]) -> bool:
        region_side = self.catalog.get(region).side
        if region_side == "midline":
            return side == "midline" or side in counted
        return side in (region_side, "midline")

    def _channels_of(self, region: str) -> tuple[str, ...]:
        return self.kb.region_channels.get(self.catalog.get(region).base, ())

    def _on_channels(self, region: str, channels: Sequence[str]) -> bool:
        return any(channel in channels for channel in self._channels_of(region))

    def _channel_pain(self, pain: Mapping[str, float]) -> dict[str, float]:
        """Channel id -> marked pain along it (a region on two channels counts for each)."""
        weights: dict[str, float] = {}
        for region, level in pain.items():
            for channel in self._channels_of(region):
                weights[channel] = weights.get(channel, 0.0) + level
        return weights

    # -- candidates --

    def _candidates(
        self,
        pain: Mapping[str, float],
        counted: frozenset[str],
        channel_pain: Mapping[str, float],
        reach: int,
        screen: PointScreen,
        acute: bool,
    ) -> list[_Candidate]:
        by_code: dict[str, _Candidate] = {}
        allowed: dict[str, bool] = {}
        for copy in self._copies:
            point = copy.point
            if point.code not in allowed:
                evidence = self.kb.point_evidence.get(point.code)
                acute_only = evidence is not None and evidence.acute_only
                allowed[point.code] = screen(point).allowed and (acute or not acute_only)
            if not allowed[point.code]:
                continue
            explains = [
                region
                for base in point.used_for
                for s in (("left", "right") if copy.side == "midline" else (copy.side,))
                if (region := self.catalog.resolve(base, s)) in pain
                and self._region_side_ok(region, copy.side, counted)
            ]
            if not explains:
                continue
            on_pain = (
                copy.region is not None
                and copy.region in pain
                and (self._region_side_ok(copy.region, copy.side, counted))
            )
            level = LEVELS.get(self.catalog.get(copy.region).base) if copy.region else None
            distal = not on_pain and (level is None or level > reach)
            channel = channel_id(point.meridian)
            channels: tuple[str, ...] = ()
            if distal:
                if channel not in channel_pain or not any(
                    self._on_channels(r, (channel,)) for r in explains
                ):
                    continue  # a distal point must lie on a channel the pain follows
                channels = (channel,)
            candidate = by_code.get(point.code)
            if candidate is None:
                by_code[point.code] = _Candidate(
                    point, [copy.side], tuple(explains), on_pain,
                    "distal" if distal else "local", channels,
                )  # fmt: skip
                continue
            candidate.sides.append(copy.side)
            candidate.explains = (*candidate.explains, *explains)
            candidate.on_pain = candidate.on_pain or on_pain
            if not distal:
                candidate.role, candidate.channels = "local", ()
        for candidate in by_code.values():
            candidate.explains = tuple(sorted(set(candidate.explains), key=lambda r: (-pain[r], r)))
        return list(by_code.values())

    # -- choosing --

    def _pick_local(
        self, candidates: list[_Candidate], pain: Mapping[str, float]
    ) -> list[_Candidate]:
        """Greedy: first points that cover pain still uncovered, then the best scores."""
        chosen: list[_Candidate] = []
        covered: set[str] = set()
        pool = sorted(candidates, key=lambda c: (-c.score, c.point.code))
        while pool and len(chosen) < MAX_LOCAL:

            def gain(c: _Candidate) -> float:
                return sum(pain[r] for r in c.explains if r not in covered)

            best = max(pool, key=lambda c: (gain(c) > 0, c.score))  # ties: first in pool
            pool.remove(best)
            chosen.append(best)
            covered.update(best.explains)
        return chosen

    def _pick_distal(
        self,
        candidates: list[_Candidate],
        channel_pain: Mapping[str, float],
        acute: bool,
    ) -> list[_Candidate]:
        """The best distal point per channel the pain follows (strongest channel first),
        then the next best on the strongest channel; in acute pain, an acute-sprain point."""
        if not candidates or not channel_pain:
            return []
        strongest = max(channel_pain.values())
        channels = [
            ch
            for ch, weight in sorted(channel_pain.items(), key=lambda item: (-item[1], item[0]))
            if weight >= CHANNEL_MIN_SHARE * strongest
        ]
        pool = sorted(candidates, key=lambda c: (-c.score, c.point.code))
        chosen: list[_Candidate] = []
        for channel in channels:
            if len(chosen) >= MAX_DISTAL:
                break
            best = next((c for c in pool if channel in c.channels and c not in chosen), None)
            if best is not None:
                chosen.append(best)
        for candidate in pool:
            if len(chosen) >= MAX_DISTAL:
                break
            if candidate not in chosen and candidate.channels[0] in channels[:1]:
                chosen.append(candidate)
        if acute and not any(self._acute_only(c) for c in chosen):
            extra = next((c for c in pool if self._acute_only(c) and c not in chosen), None)
            if extra is not None:
                chosen.append(extra)
        return chosen

    def _acute_only(self, candidate: _Candidate) -> bool:
        evidence = self.kb.point_evidence.get(candidate.point.code)
        return evidence is not None and evidence.acute_only

    # -- output --

    def _prescribed(self, candidate: _Candidate, screen: PointScreen) -> Prescribed:
        point = candidate.point
        verdict = screen(point)
        return Prescribed(
            code=point.code,
            side=_side_name(candidate.sides),
            role=candidate.role,
            channel=point.meridian,
            score=candidate.score,
            explains=candidate.explains,
            reason=self._reason(candidate),
            cautions=(*verdict.cautions, *point.cautions),
            flagged=verdict.flagged,
        )

    def _reason(self, candidate: _Candidate) -> str:
        point = candidate.point
        where = describe_regions(candidate.explains, self.catalog)
        if candidate.role == "local":
            text = (
                f"Local point on your {where} pain"
                if candidate.on_pain
                else f"Local point near your {where} pain"
            )
        else:
            followed = [r for r in candidate.explains if self._on_channels(r, candidate.channels)]
            what = (
                "back pain"
                if followed and all(self.catalog.get(r).base in BACK_REGIONS for r in followed)
                else f"your {describe_regions(followed or candidate.explains, self.catalog)} pain"
            )
            text = f"Distal point for {what} on the {point.meridian} channel"
        evidence = self.kb.point_evidence.get(point.code)
        extras = []
        if evidence is not None and evidence.trial_rank:
            extras.append("one of the points trials use most")
        if evidence is not None and evidence.classical_rank:
            extras.append("a classical choice")
        if evidence is not None and evidence.acute_only:
            extras.append("kept for an acute low back sprain: press while gently moving")
        return "; ".join([text, *extras])


def _side_name(sides: Sequence[str]) -> str:
    found = set(sides)
    if found == {"midline"}:
        return "midline"
    if {"left", "right"} <= found:
        return "both"
    return next(iter(found - {"midline"}))
