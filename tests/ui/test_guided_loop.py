"""The whole loop: mark pain → the expected muscle is suggested → its detail → a guided
session with a shortened timer → the session is in the journal and listed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.ui.guided_session import GuidedSessionDialog


def test_mark_suggest_detail_session(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    for region, intensity in (
        ("iliac_crest_left", 6),
        ("flank_left", 5),
        ("sacroiliac_left", 4),
        ("greater_trochanter_left", 4),
    ):
        window.activate_region(region)
        window.draft.set_mark(region, intensity, {"aching"})
    panel = window.suggestions
    qtbot.waitUntil(lambda: "quadratus_lumborum" in panel.names("trigger_point")[:3], timeout=3000)
    row = panel.names("trigger_point").index("quadratus_lumborum")
    item = panel.lists["trigger_point"].item(row)
    kind, item_id, side = item.data(Qt.ItemDataRole.UserRole + 1)
    detail = window.show_detail(kind, item_id, side)
    qtbot.addWidget(detail)
    assert detail.illustration.illustration.markers[0].kind == "x"

    opened: list[GuidedSessionDialog] = []
    real_start = window.start_session

    def fast(kind: str, item_id: str, side: str) -> object:
        dialog = real_start(kind, item_id, side, tick_ms=1)
        opened.append(dialog)  # type: ignore[arg-type]
        return dialog

    detail.start_session.disconnect()
    detail.start_session.connect(fast)
    detail.start_button.click()
    session_dialog = opened[0]
    assert session_dialog.hold_s == 30 and session_dialog.sides == ["left"]
    session_dialog.before.setValue(6)
    session_dialog.start_timer()
    session_dialog.toggle_pause()
    assert not session_dialog.timer.isActive()
    session_dialog.toggle_pause()
    qtbot.waitUntil(lambda: session_dialog.next_button.isEnabled(), timeout=3000)
    assert session_dialog.clock.text() == "Done"
    session_dialog.next_button.click()
    session_dialog.after.setValue(3)
    session_dialog.note.setPlainText("Ball against the wall")
    session_dialog.save()

    (saved,) = window.store.all_sessions()
    assert (saved.kind, saved.item_id, saved.side) == (
        "trigger_point",
        "quadratus_lumborum",
        "left",
    )
    assert (saved.pain_before, saved.pain_after, saved.duration_s) == (6, 3, 30)
    assert window.sessions_list.count() == 1
    assert "quadratus_lumborum" in window.sessions_list.item(0).text()


def test_both_sides_are_timed_in_turn(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    dialog = window.start_session("acupoint", "GB30", "both", tick_ms=1)
    dialog.start_timer()
    assert "left" in dialog.side_label.text()
    qtbot.waitUntil(lambda: dialog.next_button.isEnabled(), timeout=3000)
    assert dialog.next_button.text() == "Other side"
    dialog.next_button.click()
    assert "right" in dialog.side_label.text()
    qtbot.waitUntil(lambda: dialog.next_button.isEnabled(), timeout=3000)
    dialog.next_button.click()
    dialog.save()
    assert window.store.all_sessions()[0].duration_s == 2 * dialog.hold_s
