"""The suggestion engine: from marked pain to ranked trigger points, acupoints and exercises.

Implements "The suggestion model" of DESIGN.md. A trigger point scores well when its referral
pattern *explains* the marked pain (coverage, weighted by intensity; essential zones count more
than spillover) and *fits* it (few essential zones left unmarked); marking the muscle tight and
pain at the trigger point's own site add to it; the person's own session history nudges it.
Red flags override everything. The engine informs; it never diagnoses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol

from app.domain.acupressure import Prescriber, ScreenResult
from app.domain.body_geometry import place, region_at
from app.domain.errors import ValidationError
from app.domain.journal import PainMark, TightMuscle, validate_intensity
from app.domain.knowledge import (
    Acupoint,
    Exercise,
    KnowledgeBase,
    RedFlag,
    Technique,
    TriggerPointSite,
)
from app.domain.person import PersonFacts
from app.domain.regions import RegionCatalog, describe_regions
from app.domain.safety import (
    PREGNANCY_POINT_CAUTION,
    SEEK_CARE_NOTE,
    SOON_NOTE,
    RedFlagHit,
    SafetyAssessment,
    SafetyContext,
    assess,
    questions_for,
    validate_flags,
)
from app.domain.screening import RedFlagScreen
from app.domain.sessions import SESSION_KINDS, SESSION_SIDES
from app.domain.vocabulary import MUSCLE_SIDES, QUALITIES, unknown_name_message

__all__ = [
    "PREGNANCY_CAUTION",
    "SEEK_CARE_NOTE",
    "SOON_NOTE",
    "AcupointSuggestion",
    "Engine",
    "ExerciseSuggestion",
    "RedFlagHit",
    "SuggestionRequest",
    "Suggestions",
    "TechniqueOutcome",
    "TriggerPointSuggestion",
    "describe_regions",
    "parse_mark_spec",
    "parse_tight_spec",
    "validate_marks",
]

ESSENTIAL_WEIGHT = 1.0
SPILLOVER_WEIGHT = 0.5
COVERAGE_SHARE = 0.6  # how much of a score comes from explaining the marked pain...
FIT_SHARE = 0.3  # ...and from the pattern's essential zones actually being marked
CROSS_SIDE_PENALTY = 0.1  # a bilateral band explaining only the other side's pain
TIGHT_BONUS = 0.15
TENDER_BONUS = 0.1
WEAK_BONUS = 1.0  # per target a self-test found weak: its stabilisation work comes first
HISTORY_WEIGHT = 0.15  # the most a person's own history can move a score
HISTORY_PRIOR_SESSIONS = 5  # shrink toward the knowledge base until this many sessions
MAX_TRIGGER_POINTS = 10
MAX_ACUPOINTS = 10
MAX_EXERCISES = 8
TOP_MUSCLES_FOR_EXERCISES = 5
EXERCISE_STEPS = {"mobility": 1, "stretch": 2, "stabilisation": 3}
EXERCISE_STEP_NAMES = {1: "calm and move", 2: "lengthen", 3: "stabilise"}

NG59_NOTE = (
    "Pressure work and stretches are add-ons: staying active and exercising matter most "
    "(NICE NG59). This is information, not a diagnosis."
)
PREGNANCY_CAUTION = PREGNANCY_POINT_CAUTION


class Outcome(Protocol):
    """What the engine reads from a logged session (TechniqueOutcome or TreatmentSession)."""

    @property
    def kind(self) -> str: ...
    @property
    def item_id(self) -> str: ...
    @property
    def side(self) -> str: ...
    @property
    def pain_before(self) -> int: ...
    @property
    def pain_after(self) -> int: ...


@dataclass(frozen=True, slots=True)
class TechniqueOutcome:
    """One session of the person's own: what they worked on, and pain before and after.

    ``kind`` is ``trigger_point`` (``item_id`` a muscle id), ``acupoint`` (a code) or
    ``exercise``; ``side`` is ``left``, ``right``, ``both`` or ``none``. A journal
    ``TreatmentSession`` carries the same fields and can be passed as it is.
    """

    kind: str
    item_id: str
    side: str
    pain_before: int
    pain_after: int

    def __post_init__(self) -> None:
        if self.kind not in SESSION_KINDS:
            raise ValidationError(unknown_name_message("session kind", self.kind, SESSION_KINDS))
        if self.side not in SESSION_SIDES:
            raise ValidationError(unknown_name_message("side", self.side, SESSION_SIDES))
        validate_intensity(self.pain_before, "Pain before")
        validate_intensity(self.pain_after, "Pain after")


@dataclass(frozen=True, slots=True)
class SuggestionRequest:
    """What the person told us. ``history`` is their own logged sessions (any ``Outcome``).

    ``answered`` is the set of safety questions answered (yes or no) in a current screen
    (``None``: not screened), ``episode_weeks`` how long this episode has lasted, ``eases``
    which movement eases the pain (``extension``, ``flexion`` or ``None``): see SafetyContext.
    ``stabilise`` lists muscles a self-test found weak (short endurance, poor control): their
    stabilisation exercises come forward, within the phase and the safety layer's verdicts;
    ``tested_short`` are muscles a self-test found short (ranked like a muscle marked tight,
    with their own reason).
    """

    marks: tuple[PainMark, ...] = ()
    tight_muscles: tuple[TightMuscle, ...] = ()
    flags: frozenset[str] = frozenset()
    pregnant: bool = False
    history: tuple[Outcome, ...] = ()
    answered: frozenset[str] | None = None
    age: int | None = None
    episode_weeks: float | None = None
    eases: str | None = None
    stabilise: tuple[str, ...] = ()
    tested_short: tuple[TightMuscle, ...] = ()

    def with_journal(
        self,
        *,
        person: PersonFacts,
        screen: RedFlagScreen | None,
        red_flags: Mapping[str, RedFlag],
        today: date,
        episode_start: date | None,
    ) -> SuggestionRequest:
        """What the journal says fills what this request leaves open: the window, the CLI
        (``--db``) and the routine all ask the engine this one way.

        The yeses of a screen not yet marked assessed are added; a screen taken today counts
        as every question for this person answered; pregnancy, age, what eases the pain and
        the episode's length (the person's date, else ``episode_start`` from the journal)
        fill only what the request does not already say.
        """
        flags = set(self.flags)
        answered = self.answered
        pregnant = self.pregnant or person.pregnant
        if screen is not None:
            if screen.assessed_at is None:
                flags |= screen.answered_yes
            if answered is None and screen.taken_at.date() == today:
                answered = frozenset(q.id for q in questions_for(red_flags, pregnant))
        weeks = self.episode_weeks
        if weeks is None:
            weeks = person.episode_weeks(today, episode_start)
        return replace(
            self,
            flags=frozenset(flags),
            answered=answered,
            pregnant=pregnant,
            age=self.age if self.age is not None else person.age(today),
            eases=self.eases or person.eases,
            episode_weeks=weeks,
        )

    def safety_context(self) -> SafetyContext:
        return SafetyContext(
            marks=self.marks,
            flags=self.flags,
            answered=self.answered,
            pregnant=self.pregnant,
            age=self.age,
            episode_weeks=self.episode_weeks,
            eases=self.eases,
        )


@dataclass(frozen=True, slots=True)
class TriggerPointSuggestion:
    muscle_id: str
    label: str
    side: str
    site_id: str
    score: float
    explains: tuple[str, ...]
    reason: str
    location: str
    technique: Technique
    cautions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AcupointSuggestion:
    code: str
    name: str
    side: str
    score: float
    explains: tuple[str, ...]
    reason: str
    location: str
    technique: Technique
    cautions: tuple[str, ...]
    pregnancy_caution: bool
    role: str = "local"  # "local": on or near the pain; "distal": on the channel it follows
    channel: str = ""  # the point's channel, e.g. "Bladder"


@dataclass(frozen=True, slots=True)
class ExerciseSuggestion:
    id: str
    name: str
    kind: str
    targets: tuple[str, ...]
    phase: str
    step: int  # 1 calm and move, 2 lengthen, 3 stabilise: the order to do them in
    reason: str
    cautions: tuple[str, ...] = ()  # the safety layer's for this person first, then the item's
    adaptations: tuple[str, ...] = ()  # the safety layer's cautions alone (e.g. pregnancy)


@dataclass(frozen=True, slots=True)
class Suggestions:
    trigger_points: tuple[TriggerPointSuggestion, ...] = ()
    acupoints: tuple[AcupointSuggestion, ...] = ()
    exercises: tuple[ExerciseSuggestion, ...] = ()
    red_flags: tuple[RedFlagHit, ...] = ()
    seek_care: bool = False
    phase: str = "acute"
    notes: tuple[str, ...] = field(default_factory=tuple)
    safety: SafetyAssessment | None = None

    @property
    def ask_first(self) -> tuple[str, ...]:
        """Safety questions to answer before any self-care is shown."""
        return self.safety.ask_first if self.safety is not None else ()

    def to_json_dict(self) -> dict[str, object]:
        """Exactly the ``suggest --json`` object of DESIGN.md (plus a few additive keys)."""
        return {
            "trigger_points": [
                {
                    "muscle": item.muscle_id,
                    "side": item.side,
                    "score": round(item.score, 3),
                    "explains": list(item.explains),
                    "location": item.location,
                    "technique": _technique_json(item.technique),
                    "label": item.label,
                    "site": item.site_id,
                    "reason": item.reason,
                    "cautions": list(item.cautions),
                }
                for item in self.trigger_points
            ],
            "acupoints": [
                {
                    "code": item.code,
                    "name": item.name,
                    "side": item.side,
                    "score": round(item.score, 3),
                    "explains": list(item.explains),
                    "location": item.location,
                    "technique": _technique_json(item.technique),
                    "cautions": list(item.cautions),
                    "role": item.role,
                    "channel": item.channel,
                    "reason": item.reason,
                }
                for item in self.acupoints
            ],
            "exercises": [
                {
                    "id": item.id,
                    "name": item.name,
                    "targets": list(item.targets),
                    "phase": item.phase,
                    "kind": item.kind,
                    "step": item.step,
                    "reason": item.reason,
                    "cautions": list(item.cautions),
                }
                for item in self.exercises
            ],
            "red_flags": [
                {"id": hit.id, "urgent": hit.urgent, "advice": hit.advice} for hit in self.red_flags
            ],
            "seek_care": self.seek_care,
            "ask_first": list(self.ask_first),
            "phase": self.phase,
            "safety": _safety_json(self.safety),
            "notes": list(self.notes),
        }


def _safety_json(safety: SafetyAssessment | None) -> dict[str, object]:
    if safety is None:
        return {"level": "none", "rules": [], "conditions": [], "phase_known": False}
    return {
        "level": safety.level,
        "rules": [
            {"id": r.id, "level": r.level, "message": r.message, "sources": list(r.sources)}
            for r in safety.rules
        ],
        "conditions": sorted(safety.conditions),
        "phase_known": safety.phase_known,
        "nerve_root_sides": sorted(safety.nerve_root_sides),
    }


def _technique_json(technique: Technique) -> dict[str, object]:
    return {
        "tool": technique.tool,
        "pressure": technique.pressure,
        "hold_s": technique.hold_s,
        "repetitions": technique.repetitions,
        "frequency": technique.frequency,
        "steps": list(technique.steps),
    }


# --- parsing the CLI's compact specs (domain rules, so every caller shares them) -------------


def parse_mark_spec(spec: str) -> PainMark:
    """``REGION=INTENSITY[:QUALITY,...]`` → PainMark (region id checked by the engine)."""
    region, sep, rest = spec.partition("=")
    if not sep or not region:
        raise ValidationError(f"Mark '{spec}' should look like REGION=INTENSITY[:QUALITY,...].")
    intensity_text, _, qualities_text = rest.partition(":")
    # Plain ASCII digits only: int() would also take "1_0", " 5" or a full-width "５".
    if not (intensity_text.isascii() and intensity_text.isdigit()):
        raise ValidationError(
            f"Intensity '{intensity_text}' in '{spec}' must be a whole number from 0 to 10."
        )
    intensity = int(intensity_text)
    try:
        validate_intensity(intensity)
    except ValidationError as error:
        raise ValidationError(f"Mark '{spec}': {error}") from None
    qualities = frozenset(q.strip() for q in qualities_text.split(",") if q.strip())
    for quality in qualities:
        if quality not in QUALITIES:
            raise ValidationError(unknown_name_message("quality", quality, QUALITIES))
    return PainMark(region.strip(), intensity, qualities)


def parse_tight_spec(spec: str, muscle_ids: Iterable[str]) -> TightMuscle:
    """``MUSCLE_SIDE`` (e.g. ``piriformis_left``) or a bare muscle id (meaning both sides)."""
    known = set(muscle_ids)
    if spec in known:
        return TightMuscle(spec, "both")
    muscle, _, side = spec.rpartition("_")
    if muscle in known and side in MUSCLE_SIDES:
        return TightMuscle(muscle, side)
    choices = sorted(known) + [f"{m}_{s}" for m in sorted(known) for s in MUSCLE_SIDES]
    raise ValidationError(unknown_name_message("muscle", spec, choices))


def validate_marks(marks: Iterable[PainMark], catalog: RegionCatalog) -> None:
    """Known regions, each marked once (the journal's rule), so every caller refuses alike."""
    seen: set[str] = set()
    for mark in marks:
        catalog.get(mark.region_id)  # unknown → ValidationError with the closest ids
        if mark.region_id in seen:
            raise ValidationError(f"Region '{mark.region_id}' is marked more than once.")
        seen.add(mark.region_id)


# --- the engine --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _SitePattern:
    """One trigger-point site on one side, flattened for fast scoring."""

    muscle_id: str
    site_id: str
    side: str
    zone_weight: dict[str, float]  # region id -> essential 1.0 / spillover 0.5
    essential: frozenset[str]
    site_region: str | None


class Engine:
    """Built once from a knowledge base and the region catalogue; ``suggest`` is then cheap."""

    def __init__(self, kb: KnowledgeBase, catalog: RegionCatalog) -> None:
        self.kb = kb
        self.catalog = catalog
        self._labels = {region.id: region.label for region in catalog}
        self._side = {region.id: region.side for region in catalog}
        self._patterns: list[_SitePattern] = []
        for muscle in kb.muscles.values():
            for site in muscle.sites:
                for side in ("left", "right"):
                    self._patterns.append(self._site_pattern(muscle.id, site, side))
        self._prescriber = Prescriber(kb, catalog)
        self._indexed_history: tuple[Sequence[Outcome], _HistoryIndex] | None = None

    # -- precomputation --

    def _history_index(self, history: Sequence[Outcome]) -> _HistoryIndex:
        """What helped, by item and side. Years of sessions take a while to index, and the
        window asks again after every click with the very same (immutable) history: the last
        index is kept for as long as the same sequence object comes back."""
        cached = self._indexed_history
        if cached is not None and cached[0] is history:
            return cached[1]
        index = _history_effects(history)
        if isinstance(history, tuple):  # only an immutable sequence can be known by identity
            self._indexed_history = (history, index)
        return index

    def _regions_for(self, base: str, side: str, laterality: str) -> list[str]:
        if laterality == "both" or side == "midline":
            found = [self.catalog.resolve(base, s) for s in ("left", "right")]
        else:
            found = [self.catalog.resolve(base, side)]
        return sorted({region for region in found if region is not None})

    def _site_pattern(self, muscle_id: str, site: TriggerPointSite, side: str) -> _SitePattern:
        weights: dict[str, float] = {}
        essential: set[str] = set()
        for zone in site.referrals:
            weight = ESSENTIAL_WEIGHT if zone.zone == "essential" else SPILLOVER_WEIGHT
            for region in self._regions_for(zone.region, side, zone.laterality):
                weights[region] = max(weights.get(region, 0.0), weight)
                if zone.zone == "essential":
                    essential.add(region)
        p = site.placement
        x, y = place(p.view, p.landmark, side, p.dx_cun, p.dy_cun)
        return _SitePattern(
            muscle_id, site.site_id, side, weights, frozenset(essential), region_at(p.view, x, y)
        )

    def _alignment(self, side: str, explained: Sequence[str], pain: dict[str, float]) -> float:
        """Share of the explained one-sided pain on the trigger point's own side (1 if none).

        Only bilateral bands (laterality ``both``) can explain the other side's pain; the
        trigger point on the painful side is then the likelier one, so it ranks first.
        """
        own = other = 0.0
        for region in explained:
            region_side = self._side[region]
            if region_side == side:
                own += pain[region]
            elif region_side != "midline":
                other += pain[region]
        return own / (own + other) if own + other else 1.0

    # -- validation --

    def validate(self, request: SuggestionRequest) -> None:
        """Unknown ids anywhere in the request → ValidationError naming the closest ones."""
        validate_marks(request.marks, self.catalog)
        for tight in (*request.tight_muscles, *request.tested_short):
            if tight.muscle_id not in self.kb.muscles:
                raise ValidationError(
                    unknown_name_message("muscle", tight.muscle_id, self.kb.muscles)
                )
        validate_flags(request.flags)

    # -- suggestion --

    def suggest(self, request: SuggestionRequest) -> Suggestions:
        """Ranked suggestions within what the safety layer allows (it always wins)."""
        self.validate(request)
        safety = assess(self.kb, request.safety_context())
        if not safety.self_care_allowed:
            return Suggestions(
                red_flags=safety.hits,
                seek_care=safety.seek_care,
                phase=safety.phase,
                notes=safety.notes(),
                safety=safety,
            )
        pain = {mark.region_id: mark.intensity / 10 for mark in request.marks if mark.intensity}
        history = self._history_index(request.history)
        trigger_points = self._rank_trigger_points(request, pain, history, safety)
        acupoints = self._rank_acupoints(request, pain, history, safety)
        exercises = self._plan_exercises(
            trigger_points, safety, history, request.stabilise, has_pain=bool(pain)
        )
        notes = safety.notes()
        if trigger_points or acupoints or exercises:
            notes = (*notes, NG59_NOTE)
        return Suggestions(
            trigger_points=trigger_points,
            acupoints=acupoints,
            exercises=exercises,
            red_flags=safety.hits,
            seek_care=False,
            phase=safety.phase,
            notes=notes,
            safety=safety,
        )

    def _rank_trigger_points(
        self,
        request: SuggestionRequest,
        pain: dict[str, float],
        history: _HistoryIndex,
        safety: SafetyAssessment,
    ) -> tuple[TriggerPointSuggestion, ...]:
        total_pain = sum(pain.values())
        marked = {t.muscle_id for t in request.tight_muscles}
        tight = {(t.muscle_id, t.side) for t in (*request.tight_muscles, *request.tested_short)}
        verdicts = {m: safety.verdict("muscle", m) for m in self.kb.muscles}
        best: dict[tuple[str, str], tuple[float, _SitePattern, tuple[str, ...], bool, bool]] = {}
        for pattern in self._patterns:
            if not verdicts[pattern.muscle_id].allowed:
                continue
            explained = [r for r in pattern.zone_weight if r in pain]
            is_tight = (pattern.muscle_id, pattern.side) in tight or (
                pattern.muscle_id,
                "both",
            ) in tight
            if not explained and not is_tight:
                continue
            coverage = (
                sum(pain[r] * pattern.zone_weight[r] for r in explained) / total_pain
                if total_pain
                else 0.0
            )
            fit = (
                sum(1 for r in pattern.essential if r in pain) / len(pattern.essential)
                if pattern.essential
                else 0.0
            )
            tender = pattern.site_region is not None and pattern.site_region in pain
            score = COVERAGE_SHARE * coverage + FIT_SHARE * fit
            score *= 1 - CROSS_SIDE_PENALTY * (1 - self._alignment(pattern.side, explained, pain))
            score += TIGHT_BONUS * is_tight + TENDER_BONUS * tender
            score = _adjust_for_history(
                score, _history_for(history, "trigger_point", pattern.muscle_id, pattern.side)
            )
            score = min(1.0, max(0.0, score))
            key = (pattern.muscle_id, pattern.side)
            ordered = tuple(sorted(explained, key=lambda r: (-pain[r], r)))
            if key not in best or score > best[key][0]:
                best[key] = (score, pattern, ordered, is_tight, tender)
        ranked = sorted(best.values(), key=lambda item: (-item[0], item[1].muscle_id, item[1].side))
        merged = _merge_mirror_pairs(
            ranked, lambda item: (item[1].muscle_id, item[1].site_id, *item[2:]), MAX_TRIGGER_POINTS
        )
        suggestions = []
        for (score, pattern, explained, is_tight, tender), side in merged:
            muscle = self.kb.muscles[pattern.muscle_id]
            site = next(s for s in muscle.sites if s.site_id == pattern.site_id)
            extras = []
            if is_tight:
                marked_it = muscle.id in marked
                extras.append("you marked it tight" if marked_it else "a self-test found it short")
            if tender:
                extras.append("it hurts where the trigger point lies")
            suggestions.append(
                TriggerPointSuggestion(
                    muscle_id=muscle.id,
                    label=muscle.label,
                    side=side,
                    site_id=site.site_id,
                    score=score,
                    explains=explained,
                    reason=self._reason(explained, extras),
                    location=site.description,
                    technique=muscle.technique,
                    cautions=(*verdicts[muscle.id].cautions, *muscle.cautions),
                )
            )
        return tuple(suggestions)

    def _rank_acupoints(
        self,
        request: SuggestionRequest,
        pain: dict[str, float],
        history: _HistoryIndex,
        safety: SafetyAssessment,
    ) -> tuple[AcupointSuggestion, ...]:
        """The acupressure prescription (app.domain.acupressure): local points plus distal
        points on the channel the pain follows, one entry per point.

        The safety layer decides which points may be pressed and with which extra cautions
        (in pregnancy: ``avoid`` points skipped, ``caution`` points flagged).
        """

        def screen(point: Acupoint) -> ScreenResult:
            verdict = safety.verdict("acupoint", point.code)
            flagged = PREGNANCY_POINT_CAUTION in verdict.cautions
            return ScreenResult(verdict.allowed, verdict.cautions, flagged)

        # Acute-sprain points: by the episode's length when known, else by a severe mark.
        if safety.phase_known:
            acute = safety.phase == "acute"
        else:
            acute = max((mark.intensity for mark in request.marks), default=0) >= 7

        def adjust(code: str, side: str, score: float) -> float:
            return _adjust_for_history(score, _history_for(history, "acupoint", code, side))

        prescription = self._prescriber.prescribe(pain, screen, acute=acute, adjust=adjust)
        suggestions = []
        for item in prescription[:MAX_ACUPOINTS]:
            point = self.kb.acupoints[item.code]
            suggestions.append(
                AcupointSuggestion(
                    code=point.code,
                    name=f"{point.pinyin} ({point.english})",
                    side=item.side,
                    score=item.score,
                    explains=item.explains,
                    reason=item.reason,
                    location=point.location,
                    technique=point.technique,
                    cautions=item.cautions,
                    pregnancy_caution=item.flagged,
                    role=item.role,
                    channel=item.channel,
                )
            )
        return tuple(suggestions)

    def _plan_exercises(
        self,
        trigger_points: Sequence[TriggerPointSuggestion],
        safety: SafetyAssessment,
        history: _HistoryIndex,
        stabilise: Sequence[str] = (),
        has_pain: bool = True,
    ) -> tuple[ExerciseSuggestion, ...]:
        """Exercises for the top muscles, within the phase and the safety layer's verdicts.

        What the person's signs call for (a directional preference, nerve sliders) comes
        first; past the acute phase a stabilisation exercise is always included (relief
        lasts when the trunk is stabilised, whatever today's intensity). Stabilisation work
        for muscles a self-test found weak (``stabilise``) is brought forward. With pain marked
        but every muscle withheld (e.g. abdominal pain in pregnancy), staying active still stands.
        """
        weak = set(stabilise)
        if not trigger_points and not weak and not has_pain:
            return ()
        phase = safety.phase
        muscle_score: dict[str, float] = {}
        for item in trigger_points:
            if len(muscle_score) >= TOP_MUSCLES_FOR_EXERCISES and item.muscle_id not in (
                muscle_score
            ):
                continue
            muscle_score[item.muscle_id] = max(muscle_score.get(item.muscle_id, 0), item.score)
        candidates: list[tuple[int, float, Exercise, tuple[str, ...], bool]] = []
        for exercise in self.kb.exercises.values():
            if phase not in exercise.phases:
                continue
            verdict = safety.verdict("exercise", exercise.id)
            if not verdict.allowed:
                continue
            matched = [m for m in exercise.targets if m in muscle_score]
            tested_weak = exercise.kind == "stabilisation" and bool(weak & set(exercise.targets))
            general = exercise.kind == "stabilisation"  # trunk control helps any back past acute
            if (
                not matched
                and exercise.id != "walking"
                and not verdict.indicated
                and not tested_weak
                and not general
            ):
                continue
            score = sum(muscle_score[m] for m in matched) + (0.5 if exercise.id == "walking" else 0)
            score += WEAK_BONUS * len(weak & set(exercise.targets)) if tested_weak else 0
            score = _adjust_for_history(score, _history_for(history, "exercise", exercise.id))
            candidates.append(
                (
                    EXERCISE_STEPS[exercise.kind],
                    score,
                    exercise,
                    verdict.cautions,
                    verdict.indicated,
                )
            )
        indicated = [c for c in candidates if c[4]]
        # Unmatched stabilisation items stand by (score 0) for the guarantee below only.
        standby = sorted(
            (
                c
                for c in candidates
                if not c[4] and c[1] == 0 and c[0] == EXERCISE_STEPS["stabilisation"]
            ),
            key=lambda c: c[2].id,
        )
        others = sorted(
            (c for c in candidates if not c[4] and c not in standby), key=lambda c: (-c[1], c[2].id)
        )
        chosen = indicated + others[: max(0, MAX_EXERCISES - len(indicated))]
        if phase != "acute" and not any(c[0] == EXERCISE_STEPS["stabilisation"] for c in chosen):
            stabilising = [c for c in others if c[0] == EXERCISE_STEPS["stabilisation"]] + standby
            if stabilising:
                chosen = [*chosen[: MAX_EXERCISES - 1], stabilising[0]]
        # In the order to do them: what the signs call for, then calm, lengthen, stabilise.
        chosen.sort(key=lambda c: (c[0], not c[4], -c[1], c[2].id))
        labels = {m.id: m.label for m in self.kb.muscles.values()}
        suggestions = []
        for step, _score, exercise, cautions, is_indicated in chosen:
            worked = [labels[m].lower() for m in exercise.targets if m in muscle_score]
            tested = [labels[m].lower() for m in exercise.targets if m in weak]
            if exercise.kind == "stabilisation" and tested and not is_indicated:
                verb = "needs" if len(tested) == 1 else "need"
                why = f": your self-test found {', '.join(tested)} {verb} work"
            elif is_indicated:
                why = ": " + safety.verdict("exercise", exercise.id).reasons[0].rstrip(".")
                why = why[:2] + why[2].lower() + why[3:]
            elif worked:
                why = ": works " + ", ".join(worked)
            elif exercise.kind == "stabilisation":
                why = ": a stable trunk helps relief last once the acute phase has passed"
            else:
                why = ": staying active helps most back pain"
            suggestions.append(
                ExerciseSuggestion(
                    id=exercise.id,
                    name=exercise.name,
                    kind=exercise.kind,
                    targets=exercise.targets,
                    phase=phase,
                    step=step,
                    reason=f"Step {step}, {EXERCISE_STEP_NAMES[step]}{why}",
                    cautions=(*cautions, *exercise.cautions),
                    adaptations=cautions,
                )
            )
        return tuple(suggestions)

    def _reason(
        self, explained: Sequence[str], extras: Sequence[str], verb: str = "explains"
    ) -> str:
        """A short human sentence: "explains your left lower buttock and outer thigh pain"."""
        parts = []
        if explained:
            parts.append(f"{verb} your {describe_regions(explained, self.catalog)} pain")
        parts.extend(extras)
        text = "; ".join(parts)
        return text[:1].upper() + text[1:]


def _merge_mirror_pairs(
    ranked: Sequence[_Ranked], identity: Callable[[_Ranked], tuple[object, ...]], limit: int
) -> list[tuple[_Ranked, str]]:
    """The best ``limit`` items with their side; a left/right pair that is a perfect tie
    (same score, same regions explained, same reasons) becomes one item on ``both`` sides.

    Midline pain (sacrum, spine) is explained equally by the left and the right muscle or
    point: listing each twice would fill the list with mirror images.
    """
    first: dict[tuple[object, ...], int] = {}
    out: list[tuple[_Ranked, str]] = []
    for item in ranked:
        pattern = item[1]
        key = identity(item)
        if pattern.side in ("left", "right") and key in first:
            index = first.pop(key)
            earlier = out[index][0]
            if earlier[0] == item[0] and earlier[1].side != pattern.side:
                out[index] = (earlier, "both")
                continue
        if len(out) >= limit:
            break
        first[key] = len(out)
        out.append((item, pattern.side))
    return out


_Ranked = tuple[Any, ...]  # (score, pattern, explained, ...) as the rankers build them
_HistoryIndex = dict[tuple[str, str, str], list[int]]
UNSIDED = ("both", "none", "midline")


def _history_effects(sessions: Iterable[Outcome]) -> _HistoryIndex:
    """(kind, item, side) → pain changes (after − before); negative means pain eased."""
    index: _HistoryIndex = {}
    for session in sessions:
        side = "both" if session.side in UNSIDED else session.side
        change = session.pain_after - session.pain_before
        index.setdefault((session.kind, session.item_id, side), []).append(change)
    return index


def _history_for(
    index: _HistoryIndex, kind: str, item_id: str, side: str = "both"
) -> tuple[float, int] | None:
    """Mean change and count for an item on a side: that side's sessions plus both-sided ones.

    A left piriformis that helped says little about the right one, so one side's sessions do
    not move the other side's score; sessions logged for both sides (or none) count for each.
    """
    changes = list(index.get((kind, item_id, "both"), ()))
    if side in ("left", "right"):
        changes += index.get((kind, item_id, side), ())
    else:  # a midline item or an exercise: every session on it counts
        for other in ("left", "right"):
            changes += index.get((kind, item_id, other), ())
    if not changes:
        return None
    return sum(changes) / len(changes), len(changes)


def _adjust_for_history(score: float, effect: tuple[float, int] | None) -> float:
    """Move the score gently by what helped this person, shrunk toward the knowledge base."""
    if effect is None:
        return score
    mean_change, n = effect
    trust = n / (n + HISTORY_PRIOR_SESSIONS)
    benefit = max(-1.0, min(1.0, -mean_change / 5))  # a 5-point drop counts as full benefit
    return max(0.0, score + HISTORY_WEIGHT * trust * benefit)
