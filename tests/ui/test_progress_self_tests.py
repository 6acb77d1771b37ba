"""Progress: self-test results and routine days charted next to pain, adherence in words."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from pathlib import Path

from matplotlib.collections import PathCollection

from app.domain.journal import CheckIn, PainMark
from app.domain.routine import RoutineRun, RunStep
from app.domain.self_tests import SelfTestResult, SideValue
from app.ui.progress_view import ProgressView

TODAY = date(2026, 11, 24)
SHOTS = os.environ.get("RELIEFMAP_SHOTS")


def at(days_ago: int) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time()).replace(hour=8)


def test_tests_and_routine_days_are_charted_under_pain(qtbot, open_store) -> None:  # type: ignore[no-untyped-def]
    store = open_store()
    for days_ago in range(0, 60, 3):  # pain to compare with
        store.add_check_in(
            CheckIn(at(days_ago), 6 - days_ago // 15, (PainMark("low_back_left", 5),))
        )
    for days_ago, left, right in ((40, 35, 52), (20, 48, 55), (2, 63, 66)):
        store.add_self_test(
            SelfTestResult(at(days_ago), "side_bridge",
                           (SideValue("left", seconds=left), SideValue("right", seconds=right)))
        )  # fmt: skip
    store.add_self_test(SelfTestResult(at(30), "thomas_modified", (SideValue("left", "thigh_up"),)))
    store.add_self_test(SelfTestResult(at(3), "thomas_modified", (SideValue("left", "normal"),)))
    store.add_self_test(
        SelfTestResult(at(25), "repeated_movements", (SideValue("none", "extension_better"),))
    )
    for days_ago in range(0, 21, 2):
        steps = (RunStep("exercise", "bird_dog", "none", days_ago % 4 == 0),
                 RunStep("exercise", "cat_camel", "none", True))  # fmt: skip
        store.add_routine_run(RoutineRun(at(days_ago), "subacute", 5, 4, steps, 900))
    view = ProgressView(store, today=lambda: TODAY)
    qtbot.addWidget(view)
    view.range_box.setCurrentText("all")
    view.resize(1100, 900)
    view.show()
    card = view.cards["tests"]
    pain_axes, test_axes = card.figure.axes
    assert pain_axes.get_lines()  # the daily pain, for comparison
    labels = [t.get_text() for t in test_axes.get_yticklabels()]
    assert labels[0] == "Routine done" and "Side-bridge endurance" in labels
    marks = sum(len(c.get_offsets()) for c in test_axes.collections
                if isinstance(c, PathCollection))  # fmt: skip
    assert marks == 6 + 11  # six test sittings, eleven routine days
    caption = card.caption.text()
    assert "Routine done on 11 of the last 28 days" in caption
    assert "Most often skipped: Bird dog" in caption
    view.range_box.setCurrentText("week")
    assert len(card.figure.axes[1].get_yticklabels()) >= 2
    if SHOTS:
        view.range_box.setCurrentText("3 months")
        card.grab().save(str(Path(SHOTS) / "progress_self_tests.png"))


def test_nothing_yet_says_where_to_start(qtbot, open_store) -> None:  # type: ignore[no-untyped-def]
    view = ProgressView(open_store(), today=lambda: TODAY)
    qtbot.addWidget(view)
    texts = [t.get_text() for a in view.cards["tests"].figure.axes for t in a.texts]
    assert any("Self-tests" in t for t in texts)
    assert not view.cards["tests"].caption.isVisibleTo(view)
