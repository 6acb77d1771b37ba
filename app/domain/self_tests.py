"""Guided self-tests: results as journal entries, how each is read, and what the engine takes.

A test is described in ``data/self_tests.csv`` (steps, how to read it, what it can and cannot
say); this module scores what the person recorded and turns the latest result of each test
into the engine's inputs: a short muscle is tight on that side, weak control brings the
matching stabilisation work forward, a directional preference is the safety layer's ``eases``
(the person's own answer wins when they gave one). The safety layer still decides what is
shown; nothing here bypasses it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from app.domain.body_geometry import load_view
from app.domain.errors import ValidationError
from app.domain.illustration import Illustration, Marker, _enclosing, _same_height
from app.domain.journal import TightMuscle, check_moment_range, new_uid, validate_note
from app.domain.knowledge import KnowledgeBase, SelfTest, SelfTestReading
from app.domain.landmarks import LANDMARKS, landmark_key
from app.domain.regions import RegionCatalog
from app.domain.suggest import SuggestionRequest, Suggestions
from app.domain.vocabulary import unknown_name_message

RESULT_SIDES: tuple[str, ...] = ("left", "right", "none")
MAX_HOLD_SECONDS = 30 * 60
#: McGill's balance target: the two side bridges within about 5% of each other.
UNEVEN_SHARE = 0.05
EASES_BY_FINDING = {"eases_extension": "extension", "eases_flexion": "flexion"}
#: How the illustration names the landmarks a self-test watches (else the id in words).
LANDMARK_WORDS = {
    "asis": "front of hip bone",
    "patella_top": "top of kneecap",
    "popliteal_crease_mid": "knee crease",
    "ischial_tuberosity": "sitting bone",
    "greater_trochanter_back": "hip bone (trochanter)",
    "greater_trochanter_front": "hip bone (trochanter)",
    "sacral_hiatus": "base of sacrum",
    "iliac_crest_top": "top of hip bone",
    "psis": "dimple of the pelvis",
    "rib12_tip": "lowest rib",
    "l4_spinous": "L4",
    "umbilicus": "navel",
}


@dataclass(frozen=True, slots=True)
class SideValue:
    """What was seen on one side (``none`` for a test not done by side): a reading id for a
    ``reading`` test, whole seconds for a timed one."""

    side: str
    reading: str | None = None
    seconds: int | None = None

    def __post_init__(self) -> None:
        if self.side not in RESULT_SIDES:
            raise ValidationError(unknown_name_message("side", self.side, RESULT_SIDES))
        if (self.reading is None) == (self.seconds is None):
            raise ValidationError("A self-test value is either a reading or a time, not both.")
        if self.reading is not None and (not isinstance(self.reading, str) or not self.reading):
            raise ValidationError("A self-test reading must be a name.")
        if self.seconds is not None and (
            isinstance(self.seconds, bool)
            or not isinstance(self.seconds, int)
            or not 0 <= self.seconds <= MAX_HOLD_SECONDS
        ):
            raise ValidationError("A hold time must be whole seconds from 0 to 30 minutes.")


@dataclass(frozen=True, slots=True)
class SelfTestResult:
    """One sitting of one self-test (re-testing adds a new result; the newest counts)."""

    taken_at: datetime
    test_id: str
    values: tuple[SideValue, ...]
    note: str = ""
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        if not isinstance(self.taken_at, datetime) or self.taken_at.tzinfo is not None:
            raise ValidationError("The self-test time must be a local date and time.")
        check_moment_range(self.taken_at, "The self-test time")
        if not isinstance(self.test_id, str) or not self.test_id:
            raise ValidationError("A self-test result must name its test.")
        object.__setattr__(self, "values", tuple(self.values))
        if not self.values:
            raise ValidationError("A self-test result needs at least one side's value.")
        sides = [value.side for value in self.values]
        if len(set(sides)) != len(sides):
            raise ValidationError("Each side can be recorded only once per self-test.")
        if "none" in sides and len(sides) > 1:
            raise ValidationError("A test recorded without a side has one value.")
        validate_note(self.note)

    def value_for(self, side: str) -> SideValue | None:
        return next((value for value in self.values if value.side == side), None)


def validate_result(kb: KnowledgeBase, result: SelfTestResult) -> None:
    """The result fits its test: known test, the right sides, a known reading or a time."""
    test = kb.self_tests.get(result.test_id)
    if test is None:
        raise ValidationError(unknown_name_message("self-test", result.test_id, kb.self_tests))
    for value in result.values:
        if test.sided and value.side == "none":
            raise ValidationError(f"{test.name} is recorded for the left and/or right side.")
        if not test.sided and value.side != "none":
            raise ValidationError(f"{test.name} is not done by side.")
        if test.measure == "seconds" and value.seconds is None:
            raise ValidationError(f"{test.name} is recorded as a hold time in seconds.")
        if test.measure == "reading":
            if value.reading is None:
                raise ValidationError(f"{test.name} is recorded as what you saw, not a time.")
            known = [r.id for r in test.readings]
            if value.reading not in known:
                raise ValidationError(unknown_name_message("reading", value.reading, known))


@dataclass(frozen=True, slots=True)
class Finding:
    """How one side of a result reads, in the knowledge base's words."""

    test_id: str
    side: str  # "left" | "right" | "none"
    reading: SelfTestReading
    seconds: int | None = None

    @property
    def finding(self) -> str:
        return self.reading.finding

    def describe(self, test: SelfTest) -> str:
        where = "" if self.side == "none" else f" ({self.side})"
        timed = "" if self.seconds is None else f" {self.seconds} s:"
        return f"{test.name}{where}:{timed} {self.reading.label}"


def read_result(test: SelfTest, result: SelfTestResult) -> tuple[Finding, ...]:
    """Each side's reading. A timed side under the target is ``short``; past it, a side more
    than 5% below the other side is ``uneven`` (when the test has that reading), else ``ok``."""
    findings = []
    for value in result.values:
        if value.reading is not None:
            findings.append(Finding(test.id, value.side, test.reading(value.reading)))
            continue
        seconds = value.seconds or 0
        target = test.target_s or 0
        reading_id = "short" if seconds < target else "ok"
        other = next((v for v in result.values if v.side != value.side), None)
        if (
            reading_id == "ok"
            and other is not None
            and other.seconds is not None
            and seconds < other.seconds * (1 - UNEVEN_SHARE)
            and any(r.id == "uneven" for r in test.readings)
        ):
            reading_id = "uneven"
        findings.append(Finding(test.id, value.side, test.reading(reading_id), seconds))
    return tuple(findings)


def latest_results(results: Iterable[SelfTestResult]) -> dict[str, SelfTestResult]:
    """The newest result of each test (re-testing replaces what the engine uses)."""
    latest: dict[str, SelfTestResult] = {}
    for result in sorted(results, key=lambda r: (r.taken_at, r.id or 0)):
        latest[result.test_id] = result
    return latest


@dataclass(frozen=True, slots=True)
class SelfTestInputs:
    """What the latest self-test results tell the engine."""

    tight_muscles: tuple[TightMuscle, ...] = ()
    stabilise: tuple[str, ...] = ()  # muscle ids whose stabilisation work comes forward
    eases: str | None = None  # "extension" | "flexion" | None
    warnings: tuple[str, ...] = ()  # e.g. symptoms spread during a test
    findings: tuple[Finding, ...] = ()


def engine_inputs(kb: KnowledgeBase, results: Iterable[SelfTestResult]) -> SelfTestInputs:
    """Turn each test's newest result into tight muscles, stabilisation targets and a
    directional preference. A test no longer in the knowledge base is ignored."""
    tight: dict[tuple[str, str], None] = {}
    stabilise: dict[str, None] = {}
    eases: set[str] = set()
    warnings: list[str] = []
    findings: list[Finding] = []
    for test_id, result in latest_results(results).items():
        test = kb.self_tests.get(test_id)
        if test is None:
            continue
        for finding in read_result(test, result):
            findings.append(finding)
            reading = finding.reading
            if reading.finding == "short":
                sides = ("left", "right") if finding.side == "none" else (finding.side,)
                for muscle in reading.muscles:
                    for side in sides:
                        tight[(muscle, side)] = None
            elif reading.finding == "weak":
                for muscle in reading.muscles:
                    stabilise[muscle] = None
            elif reading.finding in EASES_BY_FINDING:
                eases.add(EASES_BY_FINDING[reading.finding])
            elif reading.finding == "worse":
                warnings.append(
                    f"{test.name}: your symptoms spread during the test. Stop that movement "
                    "and ask a clinician before testing again."
                )
            elif reading.finding == "nerve":
                warnings.append(
                    f"{test.name}: the feeling below the knee is the nerve's sensitivity, not "
                    "muscle length; do not stretch into it."
                )
    return SelfTestInputs(
        tight_muscles=tuple(TightMuscle(muscle, side) for muscle, side in tight),
        stabilise=tuple(stabilise),
        eases=eases.pop() if len(eases) == 1 else None,  # both at once: no preference
        warnings=tuple(warnings),
        findings=tuple(findings),
    )


def choose_eases(own: str | None, from_tests: str | None) -> tuple[str | None, str]:
    """Which directional preference the safety layer gets, and a sentence saying why.

    The person's own answer ("what eases your pain", in About you) always wins; a test's
    preference is used only when they have not said.
    """
    if own is not None and from_tests is not None and own != from_tests:
        return own, (
            f"You said {own} eases your pain; the repeated-movement test found {from_tests}. "
            "Your own answer is used; change it in About you if the test is right."
        )
    if own is not None:
        return own, ""
    if from_tests is not None:
        return from_tests, (
            f"The repeated-movement test found that {from_tests} eases your pain, so the "
            "exercises follow that direction (you can set it yourself in About you)."
        )
    return None, ""


def merge_tight(
    marked: Iterable[TightMuscle], from_tests: Iterable[TightMuscle]
) -> tuple[TightMuscle, ...]:
    """The check-in's tight muscles plus those the tests found, each muscle and side once."""
    seen: dict[tuple[str, str], TightMuscle] = {}
    for muscle in (*marked, *from_tests):
        seen.setdefault((muscle.muscle_id, muscle.side), muscle)
    return tuple(seen.values())


def self_test_illustration(
    kb: KnowledgeBase, catalog: RegionCatalog, test_id: str, side: str = "both"
) -> Illustration:
    """The tested muscles shaded and the landmarks to watch marked, on ``side`` (left, right
    or both), in each view that draws them."""
    test = kb.self_tests[test_id]
    sides = ("left", "right") if side not in ("left", "right") else (side,)
    regions: set[str] = set()
    for muscle_id in test.muscles:
        for base in kb.muscles[muscle_id].lies_in:
            for each in sides:
                region = catalog.resolve(base, each)
                if region is not None:
                    regions.add(region)
    markers: list[Marker] = []
    for name in test.landmarks:
        view, _segment, paired = LANDMARKS[name]
        geometry = load_view(view)
        label = LANDMARK_WORDS.get(name, name.replace("_", " "))
        # One side is enough to show where to look (twin boxes would sit under the labels).
        x, y = geometry.landmarks[landmark_key(name, sides[0] if paired else None)]
        markers.append(Marker(view, x, y, "landmark", label))
    focus = {}
    for view in ("back", "front"):
        geometry = load_view(view)
        points = [p for region in regions for polygon in geometry.regions.get(region, ())
                  for p in polygon]  # fmt: skip
        points += [(m.x, m.y) for m in markers if m.view == view]
        if points:
            focus[view] = _enclosing(view, points)
    return Illustration(
        title=test.name,
        views=tuple(focus),
        focus=_same_height(focus),
        markers=tuple(markers),
        highlighted=frozenset(regions),
    )


def with_self_tests(
    request: SuggestionRequest, kb: KnowledgeBase, results: Iterable[SelfTestResult]
) -> tuple[SuggestionRequest, tuple[str, ...]]:
    """The request with what the newest self-test results add, and sentences saying what
    they changed. ``request.eases`` is the person's own answer (it wins); muscles found short
    (``tested_short``) and stabilisation targets are added to what the check-in says."""
    inputs = engine_inputs(kb, results)
    eases, why = choose_eases(request.eases, inputs.eases)
    marked = {(t.muscle_id, t.side) for t in request.tight_muscles}
    updated = replace(
        request,
        tested_short=tuple(
            t
            for t in merge_tight(request.tested_short, inputs.tight_muscles)
            if (t.muscle_id, t.side) not in marked
        ),
        stabilise=tuple(dict.fromkeys((*request.stabilise, *inputs.stabilise))),
        eases=eases,
    )
    return updated, tuple(note for note in (why, *inputs.warnings) if note)


def with_notes(suggestions: Suggestions, notes: Iterable[str]) -> Suggestions:
    """The suggestions with the self-tests' notes after the safety layer's own; nothing is
    added while self-care is withheld (the safety message stands alone)."""
    if suggestions.safety is not None and not suggestions.safety.self_care_allowed:
        return suggestions
    return replace(suggestions, notes=tuple(dict.fromkeys((*suggestions.notes, *notes))))


#: How a self-test result is shown over time: fine, needs work, a direction, or stop.
STATUS_BY_FINDING = {
    "normal": "normal",
    "short": "attention",
    "weak": "attention",
    "eases_extension": "direction",
    "eases_flexion": "direction",
    "nerve": "stop",
    "worse": "stop",
}
STATUS_ORDER = ("stop", "attention", "direction", "normal")


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """One self-test sitting on the Progress chart: its day, test, status and short label."""

    day: date
    test_id: str
    test_name: str
    status: str  # "normal" | "attention" | "direction" | "stop" (the most serious side)
    label: str  # e.g. "L 52 s · R 70 s" or "L short"


def timeline(
    kb: KnowledgeBase, results: Iterable[SelfTestResult], start: date | None, end: date
) -> tuple[TimelinePoint, ...]:
    """The self-test results in [start, end], oldest first, each read to one status."""
    points = []
    for result in sorted(results, key=lambda r: (r.taken_at, r.id or 0)):
        day = result.taken_at.date()
        test = kb.self_tests.get(result.test_id)
        if test is None or day > end or (start is not None and day < start):
            continue
        findings = read_result(test, result)
        status = min((STATUS_BY_FINDING[f.finding] for f in findings), key=STATUS_ORDER.index)
        parts = []
        for finding in findings:
            side = "" if finding.side == "none" else finding.side[0].upper() + " "
            value = f"{finding.seconds} s" if finding.seconds is not None else finding.finding
            parts.append(f"{side}{value}".replace("_", " "))
        points.append(TimelinePoint(day, test.id, test.name, status, " · ".join(parts)))
    return tuple(points)
