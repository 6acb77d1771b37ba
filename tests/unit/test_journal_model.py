"""The in-memory journal: kept in order by the store's writes, and it says what changed."""

from __future__ import annotations

from datetime import datetime

from app.domain.journal import CheckIn, CheckInSummary, PainMark
from app.domain.journal_model import JournalChange, JournalModel
from app.domain.screening import RedFlagScreen
from app.domain.sessions import TreatmentSession


def check_in(check_in_id: int, day: int, marks: int = 1) -> CheckIn:
    regions = ("sacrum", "low_back_left", "low_back_right")[:marks]
    return CheckIn(datetime(2026, 1, day, 9), 4, tuple(PainMark(r, 3) for r in regions),
                   id=check_in_id)  # fmt: skip


def session(session_id: int, day: int) -> TreatmentSession:
    return TreatmentSession(datetime(2026, 1, day, 10), "acupoint", "GB30", "left", 5, 3,
                            id=session_id)  # fmt: skip


def test_summaries_stay_newest_first_whatever_order_check_ins_are_saved_in():
    model = JournalModel()
    for check_in_id, day in ((1, 5), (2, 2), (3, 9), (4, 5)):
        model.check_in_saved(check_in(check_in_id, day))

    assert [s.id for s in model.summaries] == [3, 4, 1, 2]
    assert model.latest_summary() == CheckInSummary(3, datetime(2026, 1, 9, 9), 4, 1, "")
    assert model.check_in_count == 4


def test_an_updated_check_in_moves_with_its_new_time_and_a_deleted_one_goes():
    model = JournalModel(summaries=[CheckInSummary.of(check_in(i, i)) for i in (1, 2, 3)])
    model.check_in_saved(check_in(1, 20, marks=3))
    model.check_in_deleted(2)

    assert [(s.id, s.mark_count) for s in model.summaries] == [(1, 3), (3, 1)]


def test_listeners_hear_what_changed_and_nothing_when_a_setting_is_unchanged():
    model = JournalModel(settings={"pregnant": "no"})
    heard: list[JournalChange] = []
    model.subscribe(heard.append)

    model.session_added(session(1, 3))
    model.setting_set("pregnant", "no")
    model.setting_set("pregnant", "yes")
    model.screen_added(RedFlagScreen(datetime(2026, 1, 4), frozenset({"saddle_numbness"}), id=7))
    model.unsubscribe(heard.append)
    model.session_deleted(1)

    assert heard == [JournalChange(sessions=True), JournalChange(settings=True),
                     JournalChange(screens=True)]  # fmt: skip
    assert model.setting("pregnant") == "yes"
    assert model.latest_screen() is not None and model.latest_screen().id == 7
    assert list(model.sessions) == []


def test_sessions_are_kept_oldest_first():
    model = JournalModel(sessions=[session(1, 9), session(2, 1)])
    model.session_added(session(3, 5))

    assert [s.id for s in model.sessions] == [2, 3, 1]


def test_an_import_reloads_everything_and_says_so():
    model = JournalModel()
    heard: list[JournalChange] = []
    model.subscribe(heard.append)

    model.reload([CheckInSummary.of(check_in(1, 1))], [session(1, 1)], [], {"a": "b"}, [])

    assert heard == [JournalChange.everything()]
    assert all(getattr(heard[0], name) for name in ("check_ins", "sessions", "settings"))
    assert model.check_in_count == 1 and model.setting("a") == "b"
    assert not JournalChange()


def test_the_engine_indexes_the_same_history_once_and_a_new_one_again():
    from app.domain.regions import default_catalog
    from app.domain.suggest import Engine, SuggestionRequest
    from app.store.knowledge_db import open_knowledge

    engine = Engine(open_knowledge(), default_catalog())
    helped = (session(1, 1), session(2, 2))
    request = SuggestionRequest(marks=(PainMark("buttock_upper_left", 6),), history=helped)
    first = engine.suggest(request)
    assert engine.suggest(request) == first
    worse = tuple(
        TreatmentSession(s.started_at, s.kind, s.item_id, s.side, 2, 8, id=s.id) for s in helped
    )
    changed = engine.suggest(SuggestionRequest(marks=request.marks, history=worse))
    score = {a.code: a.score for a in first.acupoints if a.side == "left"}
    later = {a.code: a.score for a in changed.acupoints if a.side == "left"}
    assert "GB30" in score and later.get("GB30", 0.0) < score["GB30"]
