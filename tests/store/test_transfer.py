"""Export/import: identical round trips (property-based), no duplicates, all-or-nothing, and
fuzzed files that never crash the import nor reach the database half-validated."""

from __future__ import annotations

import csv
import io
import json
import random
import sqlite3
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.journal import MAX_NOTE_LENGTH, CheckIn, PainMark, TightMuscle
from app.domain.questionnaires import QuestionnaireResponse
from app.domain.regions import default_catalog
from app.domain.routine import RoutineRun, RunStep
from app.domain.screening import RedFlagScreen
from app.domain.self_tests import SelfTestResult, SideValue
from app.domain.sessions import TreatmentSession
from app.domain.vocabulary import QUALITIES, SYMPTOM_FLAGS
from app.store.backup import content_fingerprint
from app.store.errors import StoreError
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

REGIONS = tuple(sorted(default_catalog().ids()))  # all 84: "many marks" is possible
MUSCLES = ("piriformis", "soleus", "quadratus_lumborum")
ITEMS = {
    "trigger_point": MUSCLES,
    "acupoint": ("BL23", "GB30", "BL25"),
    "exercise": ("bird_dog", "cat_camel", "childs_pose"),
}
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
NOTE = st.one_of(
    ANY_TEXT,
    ANY_TEXT.filter(bool).map(lambda s: (s * MAX_NOTE_LENGTH)[:MAX_NOTE_LENGTH]),  # longest
    st.just("=1+1"),
)
TIMES = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1))

marks = st.lists(
    st.builds(
        PainMark,
        st.sampled_from(REGIONS),
        st.integers(0, 10),
        st.frozensets(st.sampled_from(QUALITIES)),
    ),
    max_size=len(REGIONS),
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
        max_size=4,
        unique_by=lambda t: (t.muscle_id, t.side),
    ).map(tuple),
    note=NOTE,
)
sessions = st.sampled_from(sorted(ITEMS)).flatmap(
    lambda kind: st.builds(
        TreatmentSession,
        started_at=TIMES,
        kind=st.just(kind),
        item_id=st.sampled_from(ITEMS[kind]),
        side=st.sampled_from(("left", "right", "both", "none")),
        pain_before=st.integers(0, 10),
        pain_after=st.integers(0, 10),
        duration_s=st.integers(0, 4 * 3600),
        note=NOTE,
    )
)
answers = st.one_of(st.none(), st.integers(0, 5))
questionnaires = st.one_of(
    st.builds(QuestionnaireResponse, TIMES, st.just("odi"),
              st.lists(answers, min_size=10, max_size=10).map(tuple)),
    st.builds(QuestionnaireResponse, TIMES, st.just("rmdq"),
              st.lists(st.integers(0, 1), min_size=24, max_size=24).map(tuple)),
    st.integers(1, 5).flatmap(lambda n: st.builds(
        QuestionnaireResponse, TIMES, st.just("psfs"),
        st.lists(st.integers(0, 10), min_size=n, max_size=n).map(tuple),
        st.lists(ANY_TEXT.filter(str.strip).map(lambda s: s[:120]), min_size=n, max_size=n)
        .map(tuple),
    )),
)  # fmt: skip
screens = st.builds(
    RedFlagScreen, TIMES, st.frozensets(st.sampled_from(SYMPTOM_FLAGS)), st.none() | TIMES
)
journals = st.fixed_dictionaries(
    {
        "check_ins": st.lists(check_ins, max_size=6, unique_by=lambda c: c.uid),
        "sessions": st.lists(sessions, max_size=4, unique_by=lambda s: s.uid),
        "questionnaires": st.lists(questionnaires, max_size=3, unique_by=lambda q: q.uid),
        "screens": st.lists(screens, max_size=2, unique_by=lambda r: r.uid),
        "settings": st.dictionaries(  # only settings a journal knows are imported
            st.sampled_from(("pregnant", "safety_offered", "demo_offered")),
            st.sampled_from(("yes", "no")),
            max_size=3,
        ),
    }
)


def open_store(path: Path) -> JournalStore:
    return JournalStore.open(path, region_ids=REGIONS, muscle_ids=MUSCLES)


def write(store: JournalStore, journal: dict[str, Any]) -> None:
    for check_in in journal["check_ins"]:
        store.add_check_in(check_in)
    for session in journal["sessions"]:
        store.add_session(session)
    for response in journal["questionnaires"]:
        store.add_questionnaire(response)
    for screen in journal["screens"]:
        store.add_red_flag_screen(screen)
    for key, value in journal["settings"].items():
        store.set_setting(key, value)


def fill(store: JournalStore) -> None:
    store.add_check_in(
        CheckIn(datetime(2026, 11, 1, 8, 5, 7, 123456), 6,
                (PainMark("low_back_left", 7, frozenset({"aching", "stiff"})),),
                (TightMuscle("piriformis", "left"),), "Ünïcødé ✓ and \"quotes\", commas\nnewline")
    )  # fmt: skip
    store.add_session(
        TreatmentSession(datetime(2026, 11, 1, 9), "acupoint", "GB30", "left", 6, 4, 120, "-2")
    )
    store.add_questionnaire(
        QuestionnaireResponse(datetime(2026, 11, 2), "psfs", (3, 7), ("@Walking", "Sitting"))
    )
    store.add_questionnaire(
        QuestionnaireResponse(datetime(2026, 11, 3), "odi", (1, 2, None, 0, 3, 1, 2, 0, 1, 1))
    )
    store.add_red_flag_screen(
        RedFlagScreen(datetime(2026, 11, 1), frozenset({"night_pain"}), datetime(2026, 11, 4))
    )
    store.set_setting("pregnant", "no")
    store.add_self_test(
        SelfTestResult(datetime(2026, 11, 4, 7), "thomas_modified",
                       (SideValue("left", "thigh_up"), SideValue("right", "normal")), "=sofa")
    )  # fmt: skip
    store.add_self_test(
        SelfTestResult(datetime(2026, 11, 4, 7, 30), "trunk_flexor", (SideValue("none", None, 48),))
    )
    store.add_routine_run(
        RoutineRun(datetime(2026, 11, 5, 8), "subacute", 5, 3,
                   (RunStep("trigger_point", "piriformis", "left", True),
                    RunStep("exercise", "bird_dog", "none", False)), 960)
    )  # fmt: skip


def comparable(store: JournalStore) -> dict[str, Any]:
    document = to_json_document(read_content(store))
    document.pop("exported_by")
    return document


def table_rows(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        names = [
            n for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return {n: connection.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}


@given(journal=journals)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                           HealthCheck.too_slow,
                                                           HealthCheck.data_too_large]
)  # fmt: skip
def test_round_trip_into_an_empty_journal_is_identical(
    tmp_path_factory: pytest.TempPathFactory, journal: dict[str, Any]
) -> None:
    folder = tmp_path_factory.mktemp("rt")
    source = open_store(folder / "a.sqlite3")
    write(source, journal)
    export_json(source, folder / "export.json")
    target = open_store(folder / "b.sqlite3")
    first = import_json(target, folder / "export.json")
    assert comparable(target) == comparable(source)
    assert first.added["check_ins"] == len(journal["check_ins"])
    again = import_json(target, folder / "export.json")
    assert sum(again.added.values()) == 0
    assert comparable(target) == comparable(source)
    source.close()
    target.close()
    assert table_rows(folder / "b.sqlite3") == table_rows(folder / "a.sqlite3")


def test_all_kinds_round_trip_and_import_twice_adds_nothing(tmp_path: Path) -> None:
    source = open_store(tmp_path / "a.sqlite3")
    fill(source)
    export_json(source, tmp_path / "e.json")
    target = open_store(tmp_path / "b.sqlite3")
    first = import_json(target, tmp_path / "e.json")
    assert first.added == {"check_ins": 1, "sessions": 1, "questionnaires": 2,
                           "red_flag_screens": 1, "self_tests": 2, "routine_runs": 1}  # fmt: skip
    second = import_json(target, tmp_path / "e.json")
    assert sum(second.added.values()) == 0 and sum(second.skipped.values()) == 8
    assert target.all_self_tests() == source.all_self_tests()
    assert target.all_routine_runs() == source.all_routine_runs()
    assert comparable(target) == comparable(source)
    assert json.loads((tmp_path / "e.json").read_text())["version"] == 1


def test_import_merges_by_uid_into_a_journal_with_entries(tmp_path: Path) -> None:
    source = open_store(tmp_path / "a.sqlite3")
    fill(source)
    export_json(source, tmp_path / "e.json")
    target = open_store(tmp_path / "b.sqlite3")
    own = target.add_check_in(CheckIn(datetime(2025, 1, 1), 1))
    target.set_setting("pregnant", "yes")  # the journal's own setting wins
    result = import_json(target, tmp_path / "e.json")
    assert result.added["check_ins"] == 1
    assert {c.uid for c in target.all_check_ins()} == {own.uid, source.all_check_ins()[0].uid}
    assert target.get_setting("pregnant") == "yes"


def test_one_bad_entry_means_nothing_is_imported(tmp_path: Path) -> None:
    source = open_store(tmp_path / "a.sqlite3")
    fill(source)
    export_json(source, tmp_path / "e.json")
    document = json.loads((tmp_path / "e.json").read_text())
    document["check_ins"].append(dict(document["check_ins"][0], uid="other", overall_pain=12))
    document["sessions"][0]["kind"] = "massage"
    document["questionnaires"][1]["answers"][0] = 9
    (tmp_path / "bad.json").write_text(json.dumps(document))
    target = open_store(tmp_path / "b.sqlite3")
    with pytest.raises(ImportRefused) as refused:
        import_json(target, tmp_path / "bad.json")
    problems = refused.value.problems
    assert any(p.startswith("$.check_ins[1]") and "0 to 10" in p for p in problems)
    assert any(p.startswith("$.sessions[0]") and "session kind" in p for p in problems)
    assert any(p.startswith("$.questionnaires[1]") and "0 to 5" in p for p in problems)
    assert target.count_check_ins() == 0 and target.all_sessions() == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t.update(test="thomas"), "Unknown self-test 'thomas'"),
        (lambda t: t["values"][0].update(reading="floppy"), "Unknown reading 'floppy'"),
        (lambda t: t["values"][0].update(seconds=30), "either a reading or a time"),
        (lambda t: t["values"][1].update(side="left"), "only once per self-test"),
        (lambda t: t["values"][0].update(side="none"), "without a side"),
        (lambda t: t["values"][0].update(seconds=True, reading=None), "whole number or null"),
    ],
)
def test_a_bad_self_test_is_refused_with_its_path(
    tmp_path: Path, change: Any, expected: str
) -> None:
    source = open_store(tmp_path / "a.sqlite3")
    fill(source)
    export_json(source, tmp_path / "e.json")
    document = json.loads((tmp_path / "e.json").read_text())
    change(document["self_tests"][0])
    (tmp_path / "bad.json").write_text(json.dumps(document))
    target = open_store(tmp_path / "b.sqlite3")
    with pytest.raises(ImportRefused) as refused:
        import_json(target, tmp_path / "bad.json")
    assert any(p.startswith("$.self_tests[0]") and expected in p for p in refused.value.problems)
    assert target.all_self_tests() == [] and target.count_check_ins() == 0


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: r.update(phase="later"), "Unknown phase 'later'"),
        (lambda r: r["steps"][0].update(item="psoas"), "Unknown trigger point 'psoas'"),
        (lambda r: r["steps"][0].update(done="yes"), "expected bool"),
        (lambda r: r.update(steps=[]), "at least one step"),
        (lambda r: r.update(pain_after=11), "0 to 10"),
    ],
)
def test_a_bad_routine_run_is_refused_with_its_path(
    tmp_path: Path, change: Any, expected: str
) -> None:
    source = open_store(tmp_path / "a.sqlite3")
    fill(source)
    export_json(source, tmp_path / "e.json")
    document = json.loads((tmp_path / "e.json").read_text())
    change(document["routine_runs"][0])
    (tmp_path / "bad.json").write_text(json.dumps(document))
    target = open_store(tmp_path / "b.sqlite3")
    with pytest.raises(ImportRefused) as refused:
        import_json(target, tmp_path / "bad.json")
    problems = refused.value.problems
    assert any(p.startswith("$.routine_runs[0]") and expected in p for p in problems), problems
    assert target.all_routine_runs() == []


def test_an_export_without_self_tests_still_imports(tmp_path: Path) -> None:
    source = open_store(tmp_path / "a.sqlite3")
    fill(source)
    export_json(source, tmp_path / "e.json")
    document = json.loads((tmp_path / "e.json").read_text())
    del document["self_tests"], document["routine_runs"]
    (tmp_path / "old.json").write_text(json.dumps(document))
    target = open_store(tmp_path / "b.sqlite3")
    assert import_json(target, tmp_path / "old.json").added["check_ins"] == 1


def test_a_database_refusal_mid_import_rolls_everything_back(tmp_path: Path) -> None:
    """Validation passed, then the database refuses the last row: no row of the file stays."""
    source = open_store(tmp_path / "a.sqlite3")
    fill(source)
    export_json(source, tmp_path / "e.json")
    target_path = tmp_path / "b.sqlite3"
    open_store(target_path).close()
    with sqlite3.connect(target_path) as connection:
        connection.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON red_flag_screens"
            " BEGIN SELECT RAISE(ABORT, 'disk says no'); END"
        )
    before = content_fingerprint(target_path)
    target = open_store(target_path)
    with pytest.raises(StoreError, match="disk says no"):
        import_json(target, tmp_path / "e.json")
    target.close()
    assert content_fingerprint(target_path) == before


LONG = "x" * (MAX_NOTE_LENGTH + 1)
HEAD = '{"format": "reliefmap-journal", "version": 1, '
CHECK_IN = '"uid": "c", "taken_at": "2026-01-01T08:00:00", "overall_pain": 3, "tight_muscles": []'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("not json", "not valid JSON (line 1, column 1"),
        ('{"format": "reliefmap-journal",\n "version": 1,\n "check_ins": [}', "line 3"),
        ("[]", "expected a JSON object"),
        ('{"format": "other"}', "not a ReliefMap export"),
        ('{"format": "reliefmap-journal", "version": 99}', "version 99"),
        ('{"format": "reliefmap-journal", "version": "1"}', "version '1'"),
        (HEAD + '"check_ins": {}}', "$.check_ins: expected a list"),
        (HEAD + '"check_ins": [{"uid": "a b"}]}', "letters or digits"),
        (HEAD + '"check_ins": [{"uid": "ééé"}]}', "letters or digits"),
        (HEAD + '"sessions": [{"uid": "s", "started_at": NaN}]}', "NaN is not allowed"),
        (HEAD + '"sessions": [{"uid": "s", "duration_s": 1' + "0" * 5000 + "}]}", "not valid JSON"),
        (HEAD + '"check_ins": [{' + CHECK_IN.replace("08:00:00", "08:00:00+02:00") + ', "note": "", "marks": []}]}', "without a time zone"),
        (HEAD + '"check_ins": [{' + CHECK_IN.replace(": 3", ": true") + ', "note": "", "marks": []}]}', "whole number"),
        (HEAD + '"check_ins": [{' + CHECK_IN + ', "note": "", "marks": [{"region": "moon", "intensity": 3, "qualities": []}]}]}', "Unknown region 'moon'"),
        (HEAD + '"check_ins": [{' + CHECK_IN + ', "note": "", "marks": [{"region": "' + "m" * 70 + '", "intensity": 3, "qualities": []}]}]}', "$.check_ins[0].marks[0].region: too long"),
        (HEAD + '"check_ins": [{' + CHECK_IN + ', "note": "' + LONG + '", "marks": []}]}', "at most 10,000 characters"),
        (HEAD + '"check_ins": [{' + CHECK_IN + ', "note": "\\ud800", "marks": []}]}', "$.check_ins[0].note: text with an invalid character"),
        (HEAD + '"sessions": [{"uid": "s", "started_at": "2026-01-01T08:00:00", "kind": "acupoint", "item": "ZZ99", "side": "left", "pain_before": 3, "pain_after": 2, "duration_s": 60, "note": ""}]}', "$.sessions[0].item: Unknown acupoint 'ZZ99'"),
        (HEAD + '"red_flag_screens": [{"uid": "r", "taken_at": "2026-01-01T08:00:00", "answered_yes": ["itchy"]}]}', "Unknown symptom flag 'itchy'"),
        (HEAD + '"settings": {"a": 5}}', "$.settings"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)  # fmt: skip
def test_malformed_files_get_a_clear_message(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "x.json").write_text(text, encoding="utf-8", errors="surrogatepass")
    store = open_store(tmp_path / "j.sqlite3")
    with pytest.raises(ImportRefused) as refused:
        import_json(store, tmp_path / "x.json")
    assert expected in str(refused.value)
    str(refused.value).encode("utf-8")  # printable: no lone surrogates echoed back
    assert store.count_check_ins() == 0


def test_unreadable_files_are_refused(tmp_path: Path) -> None:
    store = open_store(tmp_path / "j.sqlite3")
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00garbage")
    for path, expected in ((tmp_path / "missing.json", "cannot be read"),
                           (tmp_path, "is a folder"),
                           (tmp_path / "bin.json", "UTF-8 expected")):  # fmt: skip
        with pytest.raises(ImportRefused, match=expected):
            import_json(store, path)


# --- fuzzing the import path -----------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT
    | st.sampled_from(["", "2026-13-45", "2026-01-01T00:00:00", "sacrum", "GB30", "left"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=12,
)  # fmt: skip


def _paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


def _replace(value: Any, path: tuple[object, ...], new: object) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replace(value[path[0]], path[1:], new)  # type: ignore[index]
    return copy


@pytest.fixture(scope="module")
def valid_document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("doc")
    store = open_store(folder / "a.sqlite3")
    fill(store)
    for n in range(5):
        store.add_check_in(
            CheckIn(datetime(2026, 1, 1) + timedelta(days=n), n, (PainMark("sacrum", n),))
        )
    document = to_json_document(read_content(store))
    store.close()
    return document


@pytest.fixture(scope="module")
def fuzz_target(tmp_path_factory: pytest.TempPathFactory) -> tuple[JournalStore, Path]:
    """One journal with entries of its own; every refused import must leave it unchanged."""
    folder = tmp_path_factory.mktemp("fuzz")
    store = open_store(folder / "t.sqlite3")
    store.add_check_in(CheckIn(datetime(2020, 1, 1), 4, (PainMark("coccyx", 4),)))
    return store, folder


def _attempt(document: object, store: JournalStore, folder: Path, raw: bytes | None = None) -> str:
    """Import ``document``: refused leaves the journal as it was; accepted adds valid rows."""
    path = folder / "fuzz.json"
    path.write_bytes(
        raw if raw is not None else json.dumps(document).encode("utf-8", "surrogatepass")
    )
    before = content_fingerprint(store.path)
    count = store.count_check_ins()
    try:
        result = import_json(store, path)
    except ImportRefused as refused:
        assert refused.problems and all(isinstance(p, str) for p in refused.problems)
        str(refused).encode("utf-8")
        assert content_fingerprint(store.path) == before
        return "refused"
    assert store.count_check_ins() == count + result.added["check_ins"]
    # whatever was accepted is valid: it exports and re-imports as "already there"
    export_json(store, folder / "back.json")
    assert sum(import_json(store, folder / "back.json").added.values()) == 0
    return "imported"


@given(data=st.data())
@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
def test_fuzz_replacing_any_node_never_crashes_or_half_imports(
    valid_document: dict[str, Any], fuzz_target: tuple[JournalStore, Path], data: st.DataObject
) -> None:
    document: Any = valid_document
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(document)))
        document = _replace(document, path, data.draw(JSON_VALUES))
    _attempt(document, *fuzz_target)


@given(document=JSON_VALUES | st.dictionaries(ANY_TEXT, JSON_VALUES).map(
    lambda d: {**d, "format": "reliefmap-journal", "version": 1}))  # fmt: skip
@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
def test_fuzz_arbitrary_json_never_crashes(
    fuzz_target: tuple[JournalStore, Path], document: object
) -> None:
    _attempt(document, *fuzz_target)


@given(raw=st.binary(max_size=300))
@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
def test_fuzz_arbitrary_bytes_never_crash(
    fuzz_target: tuple[JournalStore, Path], raw: bytes
) -> None:
    assert _attempt(None, *fuzz_target, raw=raw) == "refused"


def mutate(value: object, rng: random.Random, rate: float) -> object:
    """Randomly damage a JSON document: drop keys and entries, wrong types, odd strings."""
    if isinstance(value, dict):
        out = {k: mutate(v, rng, rate) for k, v in value.items()}
        if out and rng.random() < rate:
            out.pop(rng.choice(list(out)))
        return out
    if isinstance(value, list):
        return [mutate(v, rng, rate) for v in value if rng.random() >= rate / 2]
    if rng.random() >= rate:
        return value
    return rng.choice(
        [None, -1, 11, 10**20, 3.5, True, "", "\x00", "🙂" * 50, [], {}, "2026-13-45", "\ud800",
         "x" * 20_000, "left", "GB30", "=cmd|' /C calc'!A0"]
    )  # fmt: skip


def test_fuzz_many_small_mutations(
    valid_document: dict[str, Any], fuzz_target: tuple[JournalStore, Path]
) -> None:
    rng = random.Random(1234)
    outcomes = {"imported": 0, "refused": 0}
    for _ in range(300):
        rate = rng.choice((0.0, 0.01, 0.05, 0.15))
        outcomes[_attempt(mutate(valid_document, rng, rate), *fuzz_target)] += 1
    assert outcomes["refused"] > 100 and outcomes["imported"] > 0


# --- CSV --------------------------------------------------------------------------------------


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_is_one_file_per_table_with_formulas_neutralised(tmp_path: Path) -> None:
    store = open_store(tmp_path / "a.sqlite3")
    fill(store)
    store.add_check_in(CheckIn(datetime(2026, 11, 5), 2, note='=HYPERLINK("http://x")'))
    files = export_csv(store, tmp_path / "csv")
    assert {f.name for f in files} == {
        "check_ins.csv", "pain_marks.csv", "tight_muscles.csv", "sessions.csv",
        "questionnaires.csv", "red_flag_screens.csv", "self_tests.csv", "routine_runs.csv",
    }  # fmt: skip
    steps = read_csv((tmp_path / "csv" / "routine_runs.csv").read_bytes())
    assert [(r["step"], r["item"], r["done"]) for r in steps] == [
        ("1", "piriformis", "yes"), ("2", "bird_dog", "skipped")]  # fmt: skip
    tests = read_csv((tmp_path / "csv" / "self_tests.csv").read_bytes())
    assert [(r["test"], r["side"], r["reading"], r["seconds"]) for r in tests] == [
        ("thomas_modified", "left", "thigh_up", ""), ("thomas_modified", "right", "normal", ""),
        ("trunk_flexor", "none", "", "48"),
    ]  # fmt: skip
    assert tests[0]["note"] == "'=sofa"
    rows = read_csv((tmp_path / "csv" / "check_ins.csv").read_bytes())
    notes = [row["note"] for row in rows]
    assert '\'=HYPERLINK("http://x")' in notes
    assert any("Ünïcødé" in note and "\n" in note for note in notes)
    assert read_csv((tmp_path / "csv" / "sessions.csv").read_bytes())[0]["note"] == "'-2"
    activities = read_csv((tmp_path / "csv" / "questionnaires.csv").read_bytes())[0]
    assert activities["activities"] == "'@Walking | Sitting"
    assert len(read_csv((tmp_path / "csv" / "pain_marks.csv").read_bytes())) == 1
    for cell in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(cell) == "'" + cell
    assert neutralise("plain") == "plain" and neutralise(None) == ""
    for path in files:
        assert path.stat().st_mode & 0o077 == 0
    assert (tmp_path / "csv").stat().st_mode & 0o077 == 0


def test_csv_zip_holds_the_same_tables(tmp_path: Path) -> None:
    store = open_store(tmp_path / "a.sqlite3")
    fill(store)
    folder_files = export_csv(store, tmp_path / "csv")
    [archive] = export_csv(store, tmp_path / "journal.zip")
    assert archive.stat().st_mode & 0o077 == 0
    with zipfile.ZipFile(archive) as zipped:
        assert sorted(zipped.namelist()) == sorted(f.name for f in folder_files)
        for path in folder_files:
            assert zipped.read(path.name) == path.read_bytes()


def test_export_files_are_private_and_failures_are_clear(tmp_path: Path) -> None:
    store = open_store(tmp_path / "a.sqlite3")
    fill(store)
    export_json(store, tmp_path / "e.json")
    assert (tmp_path / "e.json").stat().st_mode & 0o077 == 0
    with pytest.raises(StoreError, match="Cannot write"):
        export_json(store, tmp_path)  # a folder
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match=r"not a folder|Cannot create"):
        export_csv(store, tmp_path / "file")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
