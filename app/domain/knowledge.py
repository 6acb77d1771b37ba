"""The knowledge base as plain dataclasses: muscles, trigger points, acupoints, exercises.

Loaded from ``data/*.csv`` (see data/README.md) and handed to the suggestion engine; the engine
never reads files or SQL itself. Every item keeps the ids of the sources it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def channel_id(meridian: str) -> str:
    """A channel's id in data/channels.csv: its meridian in snake case (``governor_vessel``)."""
    return meridian.strip().lower().replace(" ", "_")


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    citation: str
    url: str
    accessed: str
    notes: str


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a point sits: a landmark plus an offset in cun (dx lateral, dy down)."""

    view: str
    landmark: str
    dx_cun: float
    dy_cun: float


@dataclass(frozen=True, slots=True)
class Technique:
    """How to work a point or muscle; ``hold_s`` drives the guided-session timer."""

    tool: str
    pressure: str
    hold_s: int
    repetitions: str
    frequency: str
    steps: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReferralZone:
    """A base region that a trigger point refers pain to."""

    region: str
    zone: str  # "essential" | "spillover"
    laterality: str  # "same" | "both" | "midline"


@dataclass(frozen=True, slots=True)
class TriggerPointSite:
    muscle_id: str
    site_id: str
    description: str
    placement: Placement
    referrals: tuple[ReferralZone, ...]
    sources: tuple[str, ...]
    notes: str


@dataclass(frozen=True, slots=True)
class Muscle:
    id: str
    label: str
    lies_in: tuple[str, ...]
    paired: bool
    perpetuating: tuple[str, ...]
    technique: Technique
    cautions: tuple[str, ...]
    sites: tuple[TriggerPointSite, ...]
    sources: tuple[str, ...]
    notes: str


@dataclass(frozen=True, slots=True)
class Acupoint:
    code: str
    pinyin: str
    english: str
    meridian: str
    location: str
    placement: Placement
    bilateral: bool
    used_for: tuple[str, ...]
    technique: Technique
    pregnancy: str  # "avoid" | "caution" | "ok"
    cautions: tuple[str, ...]
    sources: tuple[str, ...]
    notes: str


@dataclass(frozen=True, slots=True)
class PointEvidence:
    """How often trials and classical texts use a point for low back pain (rank 1 = most used).

    ``acute_only``: a point the texts keep for an acute lumbar sprain (e.g. GV26), prescribed
    only when the pain is acute. The prescription model turns ranks into weights
    (``app.domain.acupressure``).
    """

    code: str
    trial_rank: int | None
    classical_rank: int | None
    acute_only: bool
    sources: tuple[str, ...]
    notes: str


@dataclass(frozen=True, slots=True)
class Exercise:
    id: str
    name: str
    kind: str  # "stretch" | "stabilisation" | "mobility"
    targets: tuple[str, ...]
    phases: tuple[str, ...]  # subset of "acute", "subacute", "chronic"
    steps: tuple[str, ...]
    dose: str
    cautions: tuple[str, ...]
    sources: tuple[str, ...]
    notes: str


@dataclass(frozen=True, slots=True)
class RedFlag:
    id: str
    asked_when: str  # "always" | "pregnant": obstetric signs are asked only in pregnancy
    question: str
    urgency: str  # "urgent" | "soon"
    advice: str
    sources: tuple[str, ...]
    notes: str


@dataclass(frozen=True, slots=True)
class Restriction:
    """When an item is hidden, cautioned or required: the safety layer enforces these rows.

    ``when`` lists the safety conditions that must all hold (``!name`` negates one), e.g.
    ``("nerve_root", "!flexion_eases")``; ``effect`` is ``hide``, ``caution`` or ``require``
    (shown only when the conditions hold).
    """

    kind: str  # "muscle" | "acupoint" | "exercise" | "self_test"
    item_id: str
    when: tuple[str, ...]
    effect: str
    reason: str
    sources: tuple[str, ...]
    notes: str


@dataclass(frozen=True, slots=True)
class SelfTestReading:
    """One way a self-test can come out, and what it means (data/self_test_readings.csv).

    ``finding``: ``normal``, ``short`` (``muscles`` are short on the tested side), ``weak``
    (``muscles`` need stabilisation work), ``eases_extension`` / ``eases_flexion`` (a
    directional preference), ``nerve`` (nerve sensitivity, not muscle length) or ``worse``
    (symptoms spread: stop and seek advice).
    """

    id: str
    label: str
    finding: str
    muscles: tuple[str, ...]
    sources: tuple[str, ...]
    notes: str


@dataclass(frozen=True, slots=True)
class SelfTest:
    """A guided self-test (data/self_tests.csv) with its possible readings.

    ``measure`` is ``reading`` (the person picks what they saw) or ``seconds`` (a hold time,
    read against ``target_s``); ``sided`` tests are done and read on each side.
    """

    id: str
    name: str
    measure: str  # "reading" | "seconds"
    sided: bool
    target_s: int | None
    muscles: tuple[str, ...]  # drawn on the body art
    landmarks: tuple[str, ...]  # marked on the body art
    steps: tuple[str, ...]
    how_to_read: tuple[str, ...]
    can_say: tuple[str, ...]
    cannot_say: tuple[str, ...]
    not_when: tuple[str, ...]
    readings: tuple[SelfTestReading, ...]
    sources: tuple[str, ...]
    notes: str

    def reading(self, reading_id: str) -> SelfTestReading:
        for reading in self.readings:
            if reading.id == reading_id:
                return reading
        raise KeyError(reading_id)


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    sources: dict[str, Source]
    muscles: dict[str, Muscle]
    acupoints: dict[str, Acupoint]
    exercises: dict[str, Exercise]
    red_flags: dict[str, RedFlag]
    restrictions: tuple[Restriction, ...] = ()
    #: acupoint code -> how trials and classical texts use it (absent: neither ranks it)
    point_evidence: dict[str, PointEvidence] = field(default_factory=dict)
    #: base region id -> the acupuncture channels that run through it (for distal points)
    region_channels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: guided self-tests (muscle length, control, endurance, directional preference)
    self_tests: dict[str, SelfTest] = field(default_factory=dict)

    def item_label(self, kind: str, item_id: str) -> str:
        """A session item's name as people read it (the id if it is no longer known).

        Sessions keep ids; the history, the charts and the report all show names through
        this one place.
        """
        if kind == "trigger_point" and item_id in self.muscles:
            return self.muscles[item_id].label
        if kind == "acupoint" and item_id in self.acupoints:
            return f"{item_id} {self.acupoints[item_id].pinyin}"
        if kind == "exercise" and item_id in self.exercises:
            return self.exercises[item_id].name
        if kind == "self_test" and item_id in self.self_tests:
            return self.self_tests[item_id].name
        return item_id
