"""Parse and validate the knowledge base from ``data/*.csv`` into plain dataclasses.

Only the knowledge base's build (``app.store.knowledge_db``) calls this; everything else gets
the knowledge base from ``open_knowledge()``, which reads the built copy. Every problem is
reported with its file, line and value, because these files are edited by hand; a broken row
must never turn into a wrong suggestion silently.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

from app.domain.knowledge import (
    Acupoint,
    Exercise,
    KnowledgeBase,
    Muscle,
    Placement,
    PointEvidence,
    RedFlag,
    ReferralZone,
    Restriction,
    SelfTest,
    SelfTestReading,
    Source,
    Technique,
    TriggerPointSite,
    channel_id,
)
from app.domain.landmarks import LANDMARKS
from app.domain.regions import RegionCatalog
from app.domain.vocabulary import CONDITIONS, SYMPTOM_FLAGS, closest_names

KB_FILES = (
    "regions.csv",
    "sources.csv",
    "muscles.csv",
    "trigger_points.csv",
    "referrals.csv",
    "acupoints.csv",
    "acupoint_evidence.csv",
    "channels.csv",
    "exercises.csv",
    "red_flags.csv",
    "restrictions.csv",
    "self_tests.csv",
    "self_test_readings.csv",
)
ZONES = ("essential", "spillover")
LATERALITIES = ("same", "both", "midline")
PREGNANCY = ("avoid", "caution", "ok")
EXERCISE_KINDS = ("stretch", "stabilisation", "mobility")
PHASES = ("acute", "subacute", "chronic")
URGENCIES = ("urgent", "soon")
ASKED_WHEN = ("always", "pregnant")
RESTRICTION_KINDS = ("muscle", "acupoint", "exercise", "self_test")
SELF_TEST_MEASURES = ("reading", "seconds")
SELF_TEST_FINDINGS = ("normal", "short", "weak", "eases_extension", "eases_flexion", "nerve",
                      "worse")  # fmt: skip
#: the readings a timed test must offer: the engine picks one from the seconds
TIMED_READINGS = ("ok", "short")
RESTRICTION_EFFECTS = ("hide", "caution", "require")


class KnowledgeError(ValueError):
    """A malformed knowledge-base file; the message names file, line and value."""


class _Reader:
    """Iterates a CSV's rows with line numbers and turns cell problems into KnowledgeError."""

    def __init__(self, folder: Path, name: str, columns: tuple[str, ...]) -> None:
        self.name = name
        path = folder / name
        if not path.exists():
            raise KnowledgeError(f"{name}: file is missing from {folder}")
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            header = tuple(reader.fieldnames or ())
            missing = [column for column in columns if column not in header]
            if missing:
                raise KnowledgeError(f"{name}, line 1: missing column(s) {', '.join(missing)}")
            self.rows = [(number, row) for number, row in enumerate(reader, start=2)]
        self.line = 0

    def __iter__(self) -> Iterator[dict[str, str]]:
        for number, row in self.rows:
            self.line = number
            if None in row or any(value is None for value in row.values()):
                self.fail("wrong number of cells")
            yield {key: (value or "").strip() for key, value in row.items()}

    def fail(self, message: str) -> NoReturn:
        raise KnowledgeError(f"{self.name}, line {self.line}: {message}")

    def required(self, row: dict[str, str], column: str) -> str:
        value = row[column]
        if not value:
            self.fail(f"'{column}' is empty")
        return value

    def choice(self, row: dict[str, str], column: str, choices: tuple[str, ...]) -> str:
        value = row[column]
        if value not in choices:
            self.fail(f"'{column}' is '{value}', expected one of {', '.join(choices)}")
        return value

    def number(self, row: dict[str, str], column: str) -> float:
        try:
            value = float(row[column])
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            self.fail(f"'{column}' is '{row[column]}', not a number")
        return value

    def seconds(self, row: dict[str, str], column: str) -> int:
        value = row[column]
        if not value.isdigit() or not 5 <= int(value) <= 600:
            self.fail(f"'{column}' is '{value}', expected whole seconds from 5 to 600")
        return int(value)

    def ids(self, row: dict[str, str], column: str, known: set[str], kind: str) -> tuple[str, ...]:
        values = tuple(row[column].split())
        if not values:
            self.fail(f"'{column}' is empty")
        for value in values:
            if value not in known:
                self.fail(f"unknown {kind} '{value}' in '{column}'{_hint(value, known)}")
        if len(set(values)) != len(values):
            self.fail(f"'{column}' lists the same {kind} twice")
        return values

    def known(self, row: dict[str, str], column: str, known: set[str], kind: str) -> str:
        value = row[column]
        if value not in known:
            self.fail(f"unknown {kind} '{value}'{_hint(value, known)}")
        return value

    def rank(self, row: dict[str, str], column: str) -> int | None:
        value = row[column]
        if not value:
            return None
        if not value.isdigit() or int(value) < 1:
            self.fail(f"'{column}' is '{value}', expected a rank (1, 2, ...) or empty")
        return int(value)

    def placement(self, row: dict[str, str]) -> Placement:
        view = self.choice(row, "view", ("front", "back"))
        landmark = self.known(row, "landmark", set(LANDMARKS), "landmark")
        if LANDMARKS[landmark][0] != view:
            self.fail(f"landmark '{landmark}' is drawn in the {LANDMARKS[landmark][0]} view")
        return Placement(view, landmark, self.number(row, "dx_cun"), self.number(row, "dy_cun"))


def _hint(value: str, known: set[str]) -> str:
    close = closest_names(value, sorted(known))
    return f" (did you mean {', '.join(close)}?)" if close else ""


def _off_midline(placement: Placement) -> bool:
    """A point that exists on both sides: a paired landmark, or a lateral offset."""
    return LANDMARKS[placement.landmark][2] or placement.dx_cun != 0


def _steps(text: str) -> tuple[str, ...]:
    return tuple(step.strip() for step in text.split("|") if step.strip())


def parse_knowledge(folder: Path) -> KnowledgeBase:
    """Load and validate the knowledge base in ``folder`` (raises KnowledgeError)."""
    try:
        regions = RegionCatalog.from_csv(folder / "regions.csv")
    except (OSError, KeyError, ValueError) as error:
        raise KnowledgeError(f"regions.csv: {error}") from error
    bases = {region.base for region in regions}
    midline_bases = {region.base for region in regions if region.side == "midline"}

    sources: dict[str, Source] = {}
    reader = _Reader(folder, "sources.csv", ("id", "citation", "url", "accessed", "notes"))
    for row in reader:
        source_id = reader.required(row, "id")
        if source_id in sources:
            reader.fail(f"duplicate source id '{source_id}'")
        sources[source_id] = Source(
            source_id, reader.required(row, "citation"), row["url"], row["accessed"], row["notes"]
        )
    known_sources = set(sources)

    muscle_rows: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {}
    reader = _Reader(
        folder,
        "muscles.csv",
        (
            "id", "label", "lies_in", "paired", "perpetuating", "technique_tool",
            "technique_pressure", "technique_hold_s", "technique_reps", "technique_frequency",
            "technique_steps", "cautions", "sources", "notes",
        ),
    )  # fmt: skip
    techniques: dict[str, Technique] = {}
    for row in reader:
        muscle_id = reader.required(row, "id")
        if muscle_id in muscle_rows:
            reader.fail(f"duplicate muscle id '{muscle_id}'")
        reader.required(row, "label")
        reader.ids(row, "lies_in", bases, "region")
        reader.choice(row, "paired", ("yes", "no"))
        techniques[muscle_id] = Technique(
            tool=reader.required(row, "technique_tool"),
            pressure=reader.required(row, "technique_pressure"),
            hold_s=reader.seconds(row, "technique_hold_s"),
            repetitions=reader.required(row, "technique_reps"),
            frequency=reader.required(row, "technique_frequency"),
            steps=_steps(reader.required(row, "technique_steps")),
        )
        muscle_rows[muscle_id] = (row, reader.ids(row, "sources", known_sources, "source"))
    known_muscles = set(muscle_rows)

    site_rows: dict[tuple[str, str], tuple[dict[str, str], Placement, tuple[str, ...]]] = {}
    reader = _Reader(
        folder,
        "trigger_points.csv",
        ("muscle_id", "site_id", "description", "view", "landmark", "dx_cun", "dy_cun",
         "sources", "notes"),
    )  # fmt: skip
    for row in reader:
        muscle_id = reader.known(row, "muscle_id", known_muscles, "muscle")
        key = (muscle_id, reader.required(row, "site_id"))
        if key in site_rows:
            reader.fail(f"duplicate site '{key[1]}' for {muscle_id}")
        reader.required(row, "description")
        placement = reader.placement(row)
        if muscle_rows[muscle_id][0]["paired"] == "yes" and not _off_midline(placement):
            reader.fail(f"{muscle_id} is paired but site '{key[1]}' sits on the midline")
        site_rows[key] = (row, placement, reader.ids(row, "sources", known_sources, "source"))

    zones: dict[tuple[str, str], list[ReferralZone]] = {key: [] for key in site_rows}
    reader = _Reader(
        folder,
        "referrals.csv",
        ("muscle_id", "site_id", "region", "zone", "laterality", "sources", "notes"),
    )
    for row in reader:
        muscle_id = reader.known(row, "muscle_id", known_muscles, "muscle")
        site_id = row["site_id"]
        region = reader.known(row, "region", bases, "region")
        zone = ReferralZone(
            region,
            reader.choice(row, "zone", ZONES),
            reader.choice(row, "laterality", LATERALITIES),
        )
        if (region in midline_bases) != (zone.laterality == "midline"):
            reader.fail(
                f"laterality '{zone.laterality}' does not fit region '{region}': use 'midline'"
                " exactly for midline regions, 'same' or 'both' for paired ones"
            )
        reader.ids(row, "sources", known_sources, "source")
        targets = [key for key in site_rows if key[0] == muscle_id and site_id in ("*", key[1])]
        if not targets:
            reader.fail(f"{muscle_id} has no trigger-point site '{site_id}'")
        for key in targets:
            if any(existing.region == region for existing in zones[key]):
                reader.fail(f"{muscle_id} site {key[1]} already refers to '{region}'")
            zones[key].append(zone)

    muscles: dict[str, Muscle] = {}
    for muscle_id, (row, muscle_sources) in muscle_rows.items():
        sites = tuple(
            TriggerPointSite(
                muscle_id=muscle_id,
                site_id=site_id,
                description=site_row["description"],
                placement=placement,
                referrals=tuple(zones[(muscle_id, site_id)]),
                sources=site_sources,
                notes=site_row["notes"],
            )
            for (site_muscle, site_id), (site_row, placement, site_sources) in site_rows.items()
            if site_muscle == muscle_id
        )
        if not sites:
            raise KnowledgeError(f"muscles.csv: {muscle_id} has no trigger-point site")
        for site in sites:
            if not any(zone.zone == "essential" for zone in site.referrals):
                raise KnowledgeError(
                    f"referrals.csv: {muscle_id} site {site.site_id} has no essential zone"
                )
        muscles[muscle_id] = Muscle(
            id=muscle_id,
            label=row["label"],
            lies_in=tuple(row["lies_in"].split()),
            paired=row["paired"] == "yes",
            perpetuating=_steps(row["perpetuating"]),
            technique=techniques[muscle_id],
            cautions=_steps(row["cautions"]),
            sites=sites,
            sources=muscle_sources,
            notes=row["notes"],
        )

    acupoints: dict[str, Acupoint] = {}
    reader = _Reader(
        folder,
        "acupoints.csv",
        ("code", "pinyin", "english", "meridian", "location", "view", "landmark", "dx_cun",
         "dy_cun", "bilateral", "used_for", "technique_pressure", "technique_hold_s",
         "technique_frequency", "technique_steps", "pregnancy", "cautions", "sources", "notes"),
    )  # fmt: skip
    for row in reader:
        code = reader.required(row, "code")
        if code in acupoints:
            reader.fail(f"duplicate acupoint '{code}'")
        if not code.replace("_", "").isalnum() or code != code.upper():
            reader.fail(f"acupoint code '{code}' is not a WHO-style code like BL23 or EX_B7")
        bilateral = reader.choice(row, "bilateral", ("yes", "no")) == "yes"
        placement = reader.placement(row)
        if bilateral != _off_midline(placement):
            reader.fail(
                f"'bilateral' is '{row['bilateral']}' but {code} is placed "
                + ("on the midline" if bilateral else "off the midline")
            )
        acupoints[code] = Acupoint(
            code=code,
            pinyin=reader.required(row, "pinyin"),
            english=reader.required(row, "english"),
            meridian=reader.required(row, "meridian"),
            location=reader.required(row, "location"),
            placement=placement,
            bilateral=bilateral,
            used_for=reader.ids(row, "used_for", bases, "region"),
            technique=Technique(
                tool="fingertip or thumb",
                pressure=reader.required(row, "technique_pressure"),
                hold_s=reader.seconds(row, "technique_hold_s"),
                repetitions="once on each side" if bilateral else "once",
                frequency=reader.required(row, "technique_frequency"),
                steps=_steps(reader.required(row, "technique_steps")),
            ),
            pregnancy=reader.choice(row, "pregnancy", PREGNANCY),
            cautions=_steps(row["cautions"]),
            sources=reader.ids(row, "sources", known_sources, "source"),
            notes=row["notes"],
        )

    point_evidence: dict[str, PointEvidence] = {}
    reader = _Reader(
        folder,
        "acupoint_evidence.csv",
        ("code", "trial_rank", "classical_rank", "acute_only", "sources", "notes"),
    )
    for row in reader:
        code = reader.known(row, "code", set(acupoints), "acupoint")
        if code in point_evidence:
            reader.fail(f"duplicate acupoint '{code}'")
        point_evidence[code] = PointEvidence(
            code=code,
            trial_rank=reader.rank(row, "trial_rank"),
            classical_rank=reader.rank(row, "classical_rank"),
            acute_only=reader.choice(row, "acute_only", ("yes", "no")) == "yes",
            sources=reader.ids(row, "sources", known_sources, "source"),
            notes=row["notes"],
        )
    for column in ("trial_rank", "classical_rank"):
        ranks = sorted(r for e in point_evidence.values() if (r := getattr(e, column)))
        if ranks != list(range(1, len(ranks) + 1)):
            raise KnowledgeError(
                f"acupoint_evidence.csv: '{column}' must rank 1, 2, 3 ... once each, got {ranks}"
            )

    region_channels: dict[str, tuple[str, ...]] = {}
    channels = {channel_id(point.meridian) for point in acupoints.values()} - {"extra"}
    reader = _Reader(folder, "channels.csv", ("region", "channels", "sources", "notes"))
    for row in reader:
        region = reader.known(row, "region", bases, "region")
        if region in region_channels:
            reader.fail(f"duplicate region '{region}'")
        region_channels[region] = reader.ids(row, "channels", channels, "channel")
        reader.ids(row, "sources", known_sources, "source")

    exercises: dict[str, Exercise] = {}
    reader = _Reader(
        folder,
        "exercises.csv",
        ("id", "name", "kind", "targets", "phase", "steps", "dose", "cautions", "sources",
         "notes"),
    )  # fmt: skip
    for row in reader:
        exercise_id = reader.required(row, "id")
        if exercise_id in exercises:
            reader.fail(f"duplicate exercise '{exercise_id}'")
        phases = tuple(row["phase"].split())
        if not phases or any(p not in PHASES for p in phases) or len(set(phases)) != len(phases):
            reader.fail(f"'phase' is '{row['phase']}', expected {', '.join(PHASES)}")
        exercises[exercise_id] = Exercise(
            id=exercise_id,
            name=reader.required(row, "name"),
            kind=reader.choice(row, "kind", EXERCISE_KINDS),
            targets=reader.ids(row, "targets", known_muscles, "muscle"),
            phases=phases,
            steps=_steps(reader.required(row, "steps")),
            dose=reader.required(row, "dose"),
            cautions=_steps(row["cautions"]),
            sources=reader.ids(row, "sources", known_sources, "source"),
            notes=row["notes"],
        )

    red_flags: dict[str, RedFlag] = {}
    reader = _Reader(folder, "red_flags.csv", ("id", "asked_when", "question", "urgency", "advice",
                                               "sources", "notes"))  # fmt: skip
    for row in reader:
        flag_id = reader.known(row, "id", set(SYMPTOM_FLAGS), "symptom flag")
        if flag_id in red_flags:
            reader.fail(f"duplicate red flag '{flag_id}'")
        red_flags[flag_id] = RedFlag(
            id=flag_id,
            asked_when=reader.choice(row, "asked_when", ASKED_WHEN),
            question=reader.required(row, "question"),
            urgency=reader.choice(row, "urgency", URGENCIES),
            advice=reader.required(row, "advice"),
            sources=reader.ids(row, "sources", known_sources, "source"),
            notes=row["notes"],
        )
    missing_flags = [flag for flag in SYMPTOM_FLAGS if flag not in red_flags]
    if missing_flags:
        raise KnowledgeError(f"red_flags.csv: missing flags {', '.join(missing_flags)}")

    self_tests = _load_self_tests(folder, known_sources, known_muscles)
    restrictions = _load_restrictions(
        folder,
        known_sources,
        {"muscle": muscles, "acupoint": acupoints, "exercise": exercises, "self_test": self_tests},
    )
    return KnowledgeBase(
        sources,
        muscles,
        acupoints,
        exercises,
        red_flags,
        restrictions,
        point_evidence,
        region_channels,
        self_tests,
    )


def _load_self_tests(
    folder: Path, known_sources: set[str], known_muscles: set[str]
) -> dict[str, SelfTest]:
    """self_tests.csv with the readings of self_test_readings.csv attached to each test."""
    readings: dict[str, list[SelfTestReading]] = {}
    reader = _Reader(folder, "self_test_readings.csv", ("test_id", "reading", "label", "finding",
                                                        "muscles", "sources", "notes"))  # fmt: skip
    rows = []
    for row in reader:
        finding = reader.choice(row, "finding", SELF_TEST_FINDINGS)
        muscles = tuple(row["muscles"].split())
        if finding in ("short", "weak"):
            muscles = reader.ids(row, "muscles", known_muscles, "muscle")
        elif muscles:
            reader.fail(f"'muscles' must be empty for a '{finding}' reading")
        reading = SelfTestReading(
            id=reader.required(row, "reading"),
            label=reader.required(row, "label"),
            finding=finding,
            muscles=muscles,
            sources=reader.ids(row, "sources", known_sources, "source"),
            notes=row["notes"],
        )
        test_id = reader.required(row, "test_id")
        if any(r.id == reading.id for r in readings.get(test_id, ())):
            reader.fail(f"duplicate reading '{reading.id}' of '{test_id}'")
        readings.setdefault(test_id, []).append(reading)
        rows.append((reader.line, test_id))
    tests: dict[str, SelfTest] = {}
    reader = _Reader(
        folder,
        "self_tests.csv",
        ("id", "name", "measure", "sided", "target_s", "muscles", "landmarks", "steps",
         "how_to_read", "can_say", "cannot_say", "not_when", "sources", "notes"),
    )  # fmt: skip
    for row in reader:
        test_id = reader.required(row, "id")
        if test_id in tests:
            reader.fail(f"duplicate self-test '{test_id}'")
        measure = reader.choice(row, "measure", SELF_TEST_MEASURES)
        target_s = None
        if measure == "seconds":
            target_s = reader.seconds(row, "target_s")
        elif row["target_s"]:
            reader.fail("'target_s' is only for a 'seconds' test")
        own = readings.get(test_id, [])
        if not own:
            reader.fail(f"self-test '{test_id}' has no readings in self_test_readings.csv")
        if measure == "seconds" and not {r.id for r in own} >= set(TIMED_READINGS):
            reader.fail(f"a timed test needs the readings {', '.join(TIMED_READINGS)}")
        tests[test_id] = SelfTest(
            id=test_id,
            name=reader.required(row, "name"),
            measure=measure,
            sided=reader.choice(row, "sided", ("yes", "no")) == "yes",
            target_s=target_s,
            muscles=reader.ids(row, "muscles", known_muscles, "muscle"),
            landmarks=reader.ids(row, "landmarks", set(LANDMARKS), "landmark"),
            steps=_steps(reader.required(row, "steps")),
            how_to_read=_steps(reader.required(row, "how_to_read")),
            can_say=_steps(reader.required(row, "can_say")),
            cannot_say=_steps(reader.required(row, "cannot_say")),
            not_when=_steps(reader.required(row, "not_when")),
            readings=tuple(own),
            sources=reader.ids(row, "sources", known_sources, "source"),
            notes=row["notes"],
        )
    for line, test_id in rows:
        if test_id not in tests:
            raise KnowledgeError(
                f"self_test_readings.csv, line {line}: unknown self-test '{test_id}'"
                + _hint(test_id, set(tests))
            )
    return tests


def _load_restrictions(
    folder: Path, known_sources: set[str], items: dict[str, dict[str, object]]
) -> tuple[Restriction, ...]:
    """Safety rows: each names a real item and only conditions the safety layer computes."""
    reader = _Reader(folder, "restrictions.csv", ("kind", "item_id", "when", "effect", "reason",
                                                  "sources", "notes"))  # fmt: skip
    rows = []
    for row in reader:
        kind = reader.choice(row, "kind", RESTRICTION_KINDS)
        item_id = reader.known(row, "item_id", set(items[kind]), kind)
        when = tuple(row["when"].split())
        if not when:
            reader.fail("'when' is empty")
        for condition in when:
            if condition.removeprefix("!") not in CONDITIONS:
                reader.fail(
                    f"'when' has unknown condition '{condition}'"
                    + _hint(condition.removeprefix("!"), set(CONDITIONS))
                )
        rows.append(
            Restriction(
                kind=kind,
                item_id=item_id,
                when=when,
                effect=reader.choice(row, "effect", RESTRICTION_EFFECTS),
                reason=reader.required(row, "reason"),
                sources=reader.ids(row, "sources", known_sources, "source"),
                notes=row["notes"],
            )
        )
    return tuple(rows)
