"""The whole loop: mark pain → the expected muscle is suggested → its detail → a guided
session with a shortened timer → the session is in the journal and listed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.ui.detail_view import DetailDialog
from app.ui.guided_session import GuidedSessionDialog

QL_PATTERN = (
    ("iliac_crest_left", 6),
    ("flank_left", 5),
    ("sacroiliac_left", 4),
    ("greater_trochanter_left", 4),
)


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    assert widget.isEnabled() and widget.isVisibleTo(widget.window()), widget.text()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def only(window, cls):  # type: ignore[no-untyped-def]
    (found,) = [w for w in window.findChildren(cls) if w.isVisible()]
    return found


def test_mark_suggest_detail_session(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    window.sessions.tick_ms, window.sessions.hold_s = 1, 4
    for region, intensity in QL_PATTERN:
        pos = window.body_map.region_center(region, "back")
        qtbot.mouseClick(window.body_map.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        window.mark_editor.spin.setValue(intensity)
    assert len(window.draft.marks()) == 4
    panel = window.suggestions
    qtbot.waitUntil(lambda: "quadratus_lumborum" in panel.names("trigger_point")[:3], timeout=3000)
    row = panel.names("trigger_point").index("quadratus_lumborum")
    panel.lists["trigger_point"].setCurrentRow(row)
    assert window.body_map.overlay_item_count() > 0  # choosing it shows it on the map
    click(qtbot, panel.details_button)

    detail = only(window, DetailDialog)
    assert detail.illustration.illustration.markers[0].kind == "x"
    assert "Quadratus lumborum" in detail.windowTitle()
    click(qtbot, detail.start_button)

    session = only(window, GuidedSessionDialog)
    assert session.sides == ["left"] and session.hold_s == 4
    assert not session.start_button.isEnabled()  # pain before must be chosen first
    session.before.setValue(6)
    click(qtbot, session.start_button)
    click(qtbot, session.pause_button)
    assert not session.timer.isActive() and session.pause_button.text() == "Resume"
    click(qtbot, session.pause_button)
    qtbot.waitUntil(session.next_button.isEnabled, timeout=3000)
    assert session.clock.text() == "Done" and session.clock.property("done")
    assert session.next_button.text() == "How is it now?"
    click(qtbot, session.next_button)
    session.after.setValue(3)
    session.note.setPlainText("Ball against the wall")
    click(qtbot, session.save_button)

    (saved,) = window.store.all_sessions()
    assert (saved.kind, saved.item_id, saved.side) == (
        "trigger_point",
        "quadratus_lumborum",
        "left",
    )
    assert (saved.pain_before, saved.pain_after, saved.duration_s) == (6, 3, 4)
    assert saved.note == "Ball against the wall"
    window.left_tabs.setCurrentIndex(1)
    assert window.sessions_list.count() == 1
    assert "Quadratus lumborum (left): pain 6 → 3" in window.sessions_list.item(0).text()


def test_both_sides_are_timed_in_turn(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    dialog = window.sessions.start_session("acupoint", "GB30", "both", tick_ms=1, hold_s=3)
    assert dialog.side_buttons["both"].isChecked()
    dialog.before.setValue(5)
    dialog.start_timer()
    assert "left" in dialog.side_label.text() and "1 of 2" in dialog.side_label.text()
    qtbot.waitUntil(dialog.next_button.isEnabled, timeout=3000)
    assert dialog.next_button.text() == "Other side"
    dialog.next_button.click()
    assert "right" in dialog.side_label.text()
    qtbot.waitUntil(dialog.next_button.isEnabled, timeout=3000)
    dialog.next_button.click()
    dialog.after.setValue(4)
    dialog.save()
    (saved,) = window.store.all_sessions()
    assert (saved.side, saved.duration_s) == ("both", 6)


def test_start_session_times_both_sides_when_both_hurt(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    window.sessions.tick_ms, window.sessions.hold_s = 1, 2
    for region, intensity in QL_PATTERN:
        window.draft.set_mark(region, intensity, set())
        window.draft.set_mark(region.replace("_left", "_right"), intensity, set())
    window.suggester.update_now()
    panel = window.suggestions
    panel.lists["trigger_point"].setCurrentRow(0)
    _kind, item_id, side = panel.current()
    assert side in ("left", "right")
    click(qtbot, panel.session_button)  # straight from the panel
    dialog = only(window, GuidedSessionDialog)
    assert dialog.item_id == item_id and dialog.sides == ["left", "right"]
    dialog.side_buttons["right"].setChecked(True)  # the person can still do one side
    assert dialog.sides == ["right"]
    dialog.reject()
    assert window.store.all_sessions() == []


def test_saving_needs_the_pain_after(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    dialog = window.sessions.start_session("exercise", "bird_dog", "none", tick_ms=1, hold_s=1)
    assert dialog.side_buttons == {} and dialog.sides == ["none"]
    dialog.before.setValue(4)
    dialog.start_timer()
    qtbot.waitUntil(dialog.next_button.isEnabled, timeout=3000)
    dialog.next_button.click()
    dialog.save()
    assert "Choose how much it hurts now" in dialog.error.text()
    assert window.store.all_sessions() == []
    dialog.after.setValue(2)
    dialog.save()
    assert window.store.all_sessions()[0].item_id == "bird_dog"
    assert "Bird dog: pain 4 → 2" in window.sessions_list.item(0).text()
