"""Export/import: identical round trips (property-based), no duplicates, all-or-nothing."""

from __future__ import annotations

import csv
import json
import random
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.journal import MAX_NOTE_LENGTH, CheckIn, PainMark, TightMuscle
from app.domain.questionnaires import QuestionnaireResponse
from app.domain.screening import RedFlagScreen
from app.domain.sessions import SESSION_KINDS, TreatmentSession
from app.domain.vocabulary import QUALITIES
from app.store.journal import JournalStore
from app.store.transfer import (
    ImportRefused,
    export_csv,
    export_json,
    import_json,
    neutralise,
    read_content,
    to_json_document,
)

REGIONS = ("sacrum", "low_back_left", "low_back_right", "calf_left", "heel_right")
MUSCLES = ("piriformis", "soleus")
NOTE = st.text(max_size=200).filter(lambda s: "\x00" not in s)
TIMES = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1))

marks = st.lists(
    st.builds(
        PainMark,
        st.sampled_from(REGIONS),
        st.integers(0, 10),
        st.frozensets(st.sampled_from(QUALITIES)),
    ),
    max_size=5,
    unique_by=lambda m: m.region_id,
)
check_ins = st.builds(
    CheckIn,
    taken_at=TIMES,
    overall_pain=st.integers(0, 10),
    marks=marks.map(tuple),
    tight_muscles=st.lists(
        st.builds(
            TightMuscle, st.sampled_from(MUSCLES), st.sampled_from(("left", "right", "both"))
        ),
        max_size=3,
        unique_by=lambda t: (t.muscle_id, t.side),
    ).map(tuple),
    note=st.one_of(NOTE, st.just("x" * MAX_NOTE_LENGTH)),
)
sessions = st.builds(
    TreatmentSession,
    started_at=TIMES,
    kind=st.sampled_from(SESSION_KINDS),
    item_id=st.sampled_from(("GB30", "piriformis", "bird_dog")),
    side=st.sampled_from(("left", "right", "both", "none")),
    pain_before=st.integers(0, 10),
    pain_after=st.integers(0, 10),
    duration_s=st.integers(0, 3600),
    note=NOTE,
)
journals = st.tuples(
    st.lists(check_ins, max_size=6, unique_by=lambda c: c.uid),
    st.lists(sessions, max_size=4, unique_by=lambda s: s.uid),
)


def open_store(path: Path) -> JournalStore:
    return JournalStore.open(path, region_ids=REGIONS, muscle_ids=MUSCLES)


def fill(store: JournalStore) -> None:
    store.add_check_in(
        CheckIn(datetime(2026, 11, 1, 8, 5, 7, 123456), 6,
                (PainMark("low_back_left", 7, frozenset({"aching", "stiff"})),),
                (TightMuscle("piriformis", "left"),), "Ünïcødé ✓ and \"quotes\", commas\nnewline")
    )  # fmt: skip
    store.add_session(
        TreatmentSession(datetime(2026, 11, 1, 9), "acupoint", "GB30", "left", 6, 4, 120)
    )
    store.add_questionnaire(
        QuestionnaireResponse(datetime(2026, 11, 2), "psfs", (3, 7), ("Walking", "Sitting"))
    )
    store.add_questionnaire(
        QuestionnaireResponse(datetime(2026, 11, 3), "odi", (1, 2, None, 0, 3, 1, 2, 0, 1, 1))
    )
    store.add_red_flag_screen(
        RedFlagScreen(datetime(2026, 11, 1), frozenset({"night_pain"}), datetime(2026, 11, 4))
    )
    store.set_setting("pregnant", "no")


def comparable(store: JournalStore) -> dict:  # type: ignore[type-arg]
    document = to_json_document(read_content(store))
    document.pop("exported_by")
    return document


@given(journal=journals)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_round_trip_is_identical(tmp_path_factory: pytest.TempPathFactory, journal) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("rt")
    source = open_store(folder / "a.sqlite3")
    for check_in in journal[0]:
        source.add_check_in(check_in)
    for session in journal[1]:
        source.add_session(session)
    export_json(source, folder / "export.json")
    target = open_store(folder / "b.sqlite3")
    import_json(target, folder / "export.json")
    assert comparable(target) == comparable(source)
    again = import_json(target, folder / "export.json")
    assert sum(again.added.values()) == 0
    assert comparable(target) == comparable(source)
    source.close()
    target.close()


def test_all_kinds_round_trip_and_import_twice_adds_nothing(tmp_path: Path) -> None:
    source = open_store(tmp_path / "a.sqlite3")
    fill(source)
    export_json(source, tmp_path / "e.json")
    target = open_store(tmp_path / "b.sqlite3")
    first = import_json(target, tmp_path / "e.json")
    assert first.added == {
        "check_ins": 1,
        "sessions": 1,
        "questionnaires": 2,
        "red_flag_screens": 1,
    }
    second = import_json(target, tmp_path / "e.json")
    assert sum(second.added.values()) == 0 and sum(second.skipped.values()) == 5
    assert comparable(target) == comparable(source)
    assert json.loads((tmp_path / "e.json").read_text())["version"] == 1


def test_one_bad_entry_means_nothing_is_imported(tmp_path: Path) -> None:
    source = open_store(tmp_path / "a.sqlite3")
    fill(source)
    export_json(source, tmp_path / "e.json")
    document = json.loads((tmp_path / "e.json").read_text())
    document["check_ins"].append(dict(document["check_ins"][0], uid="other", overall_pain=12))
    document["sessions"][0]["kind"] = "massage"
    (tmp_path / "bad.json").write_text(json.dumps(document))
    target = open_store(tmp_path / "b.sqlite3")
    with pytest.raises(ImportRefused) as refused:
        import_json(target, tmp_path / "bad.json")
    assert any("$.check_ins[1]" in p and "0 to 10" in p for p in refused.value.problems)
    assert any("$.sessions[0]" in p and "session kind" in p for p in refused.value.problems)
    assert target.count_check_ins() == 0 and target.all_sessions() == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("not json", "not valid JSON"),
        ("[]", "expected a JSON object"),
        ('{"format": "other"}', "not a ReliefMap export"),
        ('{"format": "reliefmap-journal", "version": 99}', "version 99"),
        ('{"format": "reliefmap-journal", "version": 1, "check_ins": {}}', "$.check_ins: expected a list"),
        ('{"format": "reliefmap-journal", "version": 1, "check_ins": [{"uid": "a b"}]}', "letters or digits"),
        ('{"format": "reliefmap-journal", "version": 1, "sessions": [{"uid": "s", "started_at": NaN}]}', "not valid JSON"),
        ('{"format": "reliefmap-journal", "version": 1, "check_ins": [{"uid": "c", "taken_at": "2026-01-01T08:00:00+02:00", "overall_pain": 3, "note": "", "marks": [], "tight_muscles": []}]}', "without a time zone"),
        ('{"format": "reliefmap-journal", "version": 1, "check_ins": [{"uid": "c", "taken_at": "2026-01-01T08:00:00", "overall_pain": true, "note": "", "marks": [], "tight_muscles": []}]}', "whole number"),
        ('{"format": "reliefmap-journal", "version": 1, "check_ins": [{"uid": "c", "taken_at": "2026-01-01T08:00:00", "overall_pain": 3, "note": "", "marks": [{"region": "moon", "intensity": 3, "qualities": []}], "tight_muscles": []}]}', "Unknown region 'moon'"),
    ],
)  # fmt: skip
def test_malformed_files_get_a_clear_message(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "x.json").write_text(text)
    store = open_store(tmp_path / "j.sqlite3")
    with pytest.raises(ImportRefused, match=None) as refused:
        import_json(store, tmp_path / "x.json")
    assert expected in str(refused.value)
    assert store.count_check_ins() == 0


def mutate(value: object, rng: random.Random) -> object:
    """Randomly damage a JSON document: wrong types, out-of-range numbers, odd strings."""
    if isinstance(value, dict):
        out = {k: mutate(v, rng) for k, v in value.items()}
        if out and rng.random() < 0.1:
            out.pop(rng.choice(list(out)))
        return out
    if isinstance(value, list):
        return [mutate(v, rng) for v in value if rng.random() > 0.05]
    if rng.random() > 0.15:
        return value
    return rng.choice(
        [None, -1, 11, 10**20, 3.5, True, "", "\x00", "🙂" * 50, [], {}, "2026-13-45"]
    )


def test_fuzzed_imports_never_crash_and_never_import_partially(tmp_path: Path) -> None:
    source = open_store(tmp_path / "a.sqlite3")
    fill(source)
    for n in range(20):
        source.add_check_in(
            CheckIn(datetime(2026, 1, 1) + timedelta(days=n), n % 11, (PainMark("sacrum", n % 11),))
        )
    export_json(source, tmp_path / "e.json")
    original = json.loads((tmp_path / "e.json").read_text())
    rng = random.Random(1234)
    outcomes = {"imported": 0, "refused": 0}
    for attempt in range(150):
        damaged = mutate(original, rng)
        path = tmp_path / f"f{attempt}.json"
        path.write_text(json.dumps(damaged))
        target = open_store(tmp_path / f"t{attempt}.sqlite3")
        try:
            result = import_json(target, path)
        except ImportRefused:
            outcomes["refused"] += 1
            assert target.count_check_ins() == 0 and target.all_sessions() == []
        else:
            outcomes["imported"] += 1
            assert target.count_check_ins() == result.added["check_ins"]
        target.close()
    assert outcomes["refused"] > 50


def test_csv_is_one_file_per_table_with_formulas_neutralised(tmp_path: Path) -> None:
    store = open_store(tmp_path / "a.sqlite3")
    fill(store)
    store.add_check_in(CheckIn(datetime(2026, 11, 5), 2, note='=HYPERLINK("http://x")'))
    files = export_csv(store, tmp_path / "csv")
    assert {f.name for f in files} == {
        "check_ins.csv", "pain_marks.csv", "tight_muscles.csv", "sessions.csv",
        "questionnaires.csv", "red_flag_screens.csv",
    }  # fmt: skip
    with (tmp_path / "csv" / "check_ins.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    notes = [row["note"] for row in rows]
    assert '\'=HYPERLINK("http://x")' in notes
    assert any("Ünïcødé" in note for note in notes)
    for cell in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(cell) == "'" + cell
    assert neutralise("plain") == "plain"


def test_export_files_are_private(tmp_path: Path) -> None:
    store = open_store(tmp_path / "a.sqlite3")
    fill(store)
    export_json(store, tmp_path / "e.json")
    assert (tmp_path / "e.json").stat().st_mode & 0o077 == 0

