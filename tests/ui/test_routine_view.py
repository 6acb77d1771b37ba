"""Today's routine in the window: the plan with its total time, and a whole-routine session."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from pathlib import Path

from app.domain.journal import CheckIn, PainMark
from app.ui.routine_view import RoutineSessionDialog

SHOTS = os.environ.get("RELIEFMAP_SHOTS")


def test_plan_then_run_it_with_a_skip(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    window.store.add_check_in(
        CheckIn(datetime.now() - timedelta(hours=2), 6,
                (PainMark("low_back_left", 6), PainMark("buttock_upper_left", 5)))
    )  # fmt: skip
    window.store.set_setting("episode_began", (date.today() - timedelta(weeks=8)).isoformat())
    dialog = window.show_routine()
    qtbot.waitExposed(dialog)
    routine = dialog.routine
    assert routine.steps and dialog.start_button.isEnabled()
    assert f"about {routine.total_minutes} min" in dialog.summary.text()
    html = dialog.text.text()
    assert html.index("Release") < html.index("Acupressure") < html.index("Stabilise")
    assert "Why this plan" in html
    if SHOTS:
        dialog.grab().save(str(Path(SHOTS) / "routine.png"))
    dialog.start_button.click()
    session = window.findChild(RoutineSessionDialog)
    assert session is not None
    qtbot.waitExposed(session)
    assert not session.begin_button.isEnabled()
    session.before.setValue(6)
    session.begin_button.click()
    assert "Step 1 of" in session.step_count.text()
    assert "<li>" in session.step_text.text()  # the item's own how-to steps
    if SHOTS:
        qtbot.wait(30)
        session.grab().save(str(Path(SHOTS) / "routine_session.png"))
    for n in range(len(routine.steps)):
        (session.skip_button if n == 1 else session.done_button).click()
    assert "1 skipped" in session.after_summary.text()
    session.after.setValue(4)
    run = session.save()  # the dialog deletes itself on close: use only what save returned
    assert run is not None and run.skipped == 1 and run.pain_after == 4
    [stored] = window.store.all_routine_runs()
    assert stored.steps[1].done is False and stored.phase == "subacute"


def test_the_step_timer_counts_down(qtbot) -> None:  # type: ignore[no-untyped-def]
    from app.domain.routine import Routine, RoutineStep

    step = RoutineStep("stretch", "exercise", "cat_camel", "none", "Cat-camel", 3, "5 cycles", "")
    routine = Routine(date(2026, 12, 2), "acute", (step,), (), ())
    saved = []
    session = RoutineSessionDialog(routine, lambda r: saved.append(r) or r, tick_ms=5)
    qtbot.addWidget(session)
    session.before.setValue(3)
    session.begin()
    qtbot.waitUntil(lambda: session.clock.text() == "0:00", timeout=2000)
    assert not session.timer.isActive()
    session.done_button.click()
    session.after.setValue(2)
    assert session.save() is not None and saved[0].steps[0].done
