"""The window as a person uses it: mouse, keyboard, saving, history, errors."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QNativeGestureEvent, QPointingDevice, QWheelEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget

from app.domain.journal import CheckIn, PainMark, TightMuscle
from app.domain.vocabulary import QUALITIES
from app.ui.body_map import MAX_ZOOM

LOW_BACK = "low_back_left"  # fixed by DESIGN.md, drawn in the back view
CALF = "calf_right"


def toggle(qtbot, box: QAbstractButton) -> None:
    """Click a check box on its indicator, where a person clicks."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def click_region(qtbot, window, region_id: str, view: str = "back") -> QPoint:
    pos = window.body_map.region_center(region_id, view)
    qtbot.mouseClick(window.body_map.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    return pos


def hover(viewport: QWidget, pos: QPoint) -> None:
    """A pointer move with no button (QTest.mouseMove does not reach offscreen windows)."""
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(pos),
        QPointF(viewport.mapToGlobal(pos)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, event)


def test_clicking_a_region_marks_it(qtbot, open_window):
    window = open_window()
    pos = click_region(qtbot, window, LOW_BACK)

    assert window.body_map.region_at(pos) == LOW_BACK
    mark = window.draft.mark(LOW_BACK)
    assert mark is not None and mark.intensity == 5
    assert all(item.mark == mark for item in window.body_map.region_items(LOW_BACK))
    assert window.mark_editor.region_id == LOW_BACK
    assert window.mark_editor.spin.value() == 5
    assert window.catalog.get(LOW_BACK).label in window.mark_editor.title.text()
    assert "1 region" in window.summary_label.text()


def test_clicking_a_marked_region_again_edits_without_unmarking(qtbot, open_window):
    window = open_window()
    click_region(qtbot, window, LOW_BACK)
    window.mark_editor.spin.setValue(8)
    click_region(qtbot, window, CALF)
    click_region(qtbot, window, LOW_BACK)

    assert window.draft.mark(LOW_BACK).intensity == 8
    assert window.mark_editor.region_id == LOW_BACK
    assert window.mark_editor.slider.value() == 8


def test_hover_shows_the_region_name(qtbot, open_window):
    window = open_window()
    label = window.catalog.get(LOW_BACK).label
    pos = window.body_map.region_center(LOW_BACK, "back")
    hover(window.body_map.viewport(), pos)

    assert window.body_map.hovered_region() == LOW_BACK
    assert label in window.hover_label.text()
    items = window.body_map.region_items(LOW_BACK)
    assert all(item.hovered for item in items)
    assert all(item.toolTip() == label for item in items)
    assert window.draft.mark(LOW_BACK) is None  # hovering marks nothing

    hover(window.body_map.viewport(), QPoint(2, 2))  # the empty corner of the canvas
    assert window.body_map.hovered_region() == ""
    assert not any(item.hovered for item in items)


def test_intensity_and_qualities_from_the_editor(qtbot, open_window):
    window = open_window()
    click_region(qtbot, window, LOW_BACK)
    editor = window.mark_editor

    editor.slider.setValue(7)
    assert window.draft.mark(LOW_BACK).intensity == 7
    assert editor.spin.value() == 7
    toggle(qtbot, editor.quality_boxes["burning"])
    toggle(qtbot, editor.quality_boxes["tingling"])
    assert window.draft.mark(LOW_BACK).qualities == {"burning", "tingling"}
    toggle(qtbot, editor.quality_boxes["burning"])
    assert window.draft.mark(LOW_BACK).qualities == {"tingling"}
    assert "pain 7 of 10 (tingling)" in window.body_map.describe(LOW_BACK)

    qtbot.mouseClick(editor.clear_button, Qt.MouseButton.LeftButton)
    assert window.draft.mark(LOW_BACK) is None
    assert all(item.mark is None for item in window.body_map.region_items(LOW_BACK))
    assert not editor.quality_boxes["tingling"].isEnabled()


def test_clear_all(qtbot, open_window):
    window = open_window()
    click_region(qtbot, window, LOW_BACK)
    click_region(qtbot, window, CALF)
    qtbot.mouseClick(window.mark_editor.clear_all_button, Qt.MouseButton.LeftButton)
    assert window.draft.marks() == ()
    assert not window.mark_editor.clear_all_button.isEnabled()


def test_keyboard_walks_every_region_in_catalogue_order_and_marks(qtbot, open_window):
    window = open_window()
    view = window.body_map
    order = view.region_ids()
    assert order == [rid for rid in window.catalog.ids() if rid in order]
    assert LOW_BACK in order

    window.form.save_button.setFocus()  # the widget before the map's history in tab order
    view.setFocus(Qt.FocusReason.TabFocusReason)
    assert view.focused_region() == order[0]
    walked = [view.focused_region()]
    for _ in order[1:]:
        qtbot.keyClick(view, Qt.Key.Key_Tab)
        walked.append(view.focused_region())
    assert walked == order
    assert all(item.focused for item in view.region_items(order[-1]))
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    assert view.focused_region() == order[-2]

    view.focus_region(LOW_BACK)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert window.draft.mark(LOW_BACK).intensity == 5
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert window.draft.mark(LOW_BACK).intensity == 7
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert window.draft.mark(LOW_BACK).intensity == 6
    assert window.mark_editor.spin.value() == 6
    assert "pain 6 of 10" in view.accessibleDescription()
    for _ in range(12):
        qtbot.keyClick(view, Qt.Key.Key_Up)
    assert window.draft.mark(LOW_BACK).intensity == 10  # clamped, never invalid
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert window.draft.mark(LOW_BACK) is None

    view.focus_region(CALF)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.draft.mark(CALF) is not None


def test_tab_leaves_the_map_after_the_last_region(qtbot, open_window):
    window = open_window()
    view = window.body_map
    view.setFocus(Qt.FocusReason.TabFocusReason)
    view.focus_region(view.region_ids()[-1])
    assert view.focusNextPrevChild(True) in (True, False)
    assert view.focused_region() == ""


def test_save_and_reopen_shows_the_marks(qtbot, open_window, open_store):
    window = open_window()
    click_region(qtbot, window, LOW_BACK)
    window.mark_editor.spin.setValue(6)
    toggle(qtbot, window.mark_editor.quality_boxes["aching"])
    click_region(qtbot, window, CALF)
    window.mark_editor.spin.setValue(3)
    window.muscles_panel.select_muscle("quadratus_lumborum")
    window.muscles_panel.side_buttons["left"].setChecked(True)
    qtbot.mouseClick(window.muscles_panel.add_button, Qt.MouseButton.LeftButton)
    window.form.pain_spin.setValue(6)
    qtbot.keyClicks(window.form.note_edit, "After gardening")
    qtbot.mouseClick(window.form.save_button, Qt.MouseButton.LeftButton)

    assert "Saved" in window.form.message_text()
    assert not window.draft.dirty
    assert window.history.model.rowCount() == 1
    window.close()

    reopened = open_window()
    body = reopened.body_map
    assert {item.mark.intensity for item in body.region_items(LOW_BACK)} == {6}
    assert {item.mark.intensity for item in body.region_items(CALF)} == {3}
    assert reopened.draft.mark(LOW_BACK).qualities == {"aching"}
    assert reopened.draft.tight_muscles() == (TightMuscle("quadratus_lumborum", "left"),)
    assert reopened.history.model.rowCount() == 1

    stored = open_store().get_check_in(reopened.history.model.index(0).data(Qt.UserRole + 1))
    assert stored.overall_pain == 6 and stored.note == "After gardening"
    assert {m.region_id: m.intensity for m in stored.marks} == {LOW_BACK: 6, CALF: 3}


def test_history_select_edit_and_delete(qtbot, open_window, open_store, dialogs):
    store = open_store()
    older = store.add_check_in(
        CheckIn(datetime(2024, 5, 14, 8, 30), 4, (PainMark(LOW_BACK, 4, frozenset({"stiff"})),))
    )
    newer = store.add_check_in(
        CheckIn(datetime(2024, 5, 14, 19, 5), 7, (PainMark(CALF, 7), PainMark(LOW_BACK, 2)))
    )
    window = open_window()
    model = window.history.model
    assert [model.index(r).data(Qt.UserRole + 1) for r in range(2)] == [newer.id, older.id]
    assert "14 May 2024, 19:05" in model.index(0).data()

    window.history.choose_row(1)
    assert window.draft.stored.id == older.id
    assert window.draft.mark(LOW_BACK).qualities == {"stiff"}
    assert window.draft.mark(CALF) is None
    assert all(item.mark is None for item in window.body_map.region_items(CALF))
    assert window.form.pain_spin.value() == 4
    assert window.form.time_edit.dateTime().toPython() == datetime(2024, 5, 14, 8, 30)

    window.history.choose_row(0)
    assert window.draft.stored.id == newer.id
    assert {item.mark.intensity for item in window.body_map.region_items(CALF)} == {7}

    window.body_map.focus_region(CALF)
    qtbot.keyClick(window.body_map, Qt.Key.Key_Up)
    assert window.draft.dirty
    assert window.editor.save()
    assert store.count_check_ins() == 2
    assert store.get_check_in(newer.id).mark_for(CALF).intensity == 8

    dialogs.answer = QMessageBox.StandardButton.No
    qtbot.mouseClick(window.history.delete_button, Qt.MouseButton.LeftButton)
    assert store.count_check_ins() == 2  # refused: nothing deleted

    dialogs.answer = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(window.history.delete_button, Qt.MouseButton.LeftButton)
    assert "cannot be undone" in dialogs.texts("question")[-1]
    assert [s.id for s in store.list_check_ins()] == [older.id]
    assert model.rowCount() == 1
    assert window.draft.stored is None  # the deleted entry is no longer on screen
    assert window.draft.marks() == ()


def test_new_check_in_asks_before_discarding_changes(qtbot, open_window, dialogs):
    window = open_window()
    click_region(qtbot, window, LOW_BACK)
    dialogs.answer = QMessageBox.StandardButton.Cancel
    qtbot.mouseClick(window.history.new_button, Qt.MouseButton.LeftButton)
    assert window.draft.mark(LOW_BACK) is not None
    dialogs.answer = QMessageBox.StandardButton.Discard
    qtbot.mouseClick(window.history.new_button, Qt.MouseButton.LeftButton)
    assert window.draft.marks() == ()
    assert len(dialogs.texts("question")) == 2


def test_overall_pain_not_set_shows_a_message_and_writes_nothing(qtbot, open_window, open_store):
    window = open_window()
    click_region(qtbot, window, LOW_BACK)
    qtbot.mouseClick(window.form.save_button, Qt.MouseButton.LeftButton)

    assert "overall pain" in window.form.message_text()
    assert window.form.message.isVisible()
    assert open_store().count_check_ins() == 0
    assert window.draft.dirty


def test_invalid_note_shows_the_domain_message_and_writes_nothing(qtbot, open_window, open_store):
    window = open_window()
    click_region(qtbot, window, LOW_BACK)
    window.form.pain_spin.setValue(5)
    window.form.note_edit.setPlainText("x" * 10_001)
    assert not window.editor.save()

    assert "at most 10,000 characters" in window.form.message_text()
    assert open_store().count_check_ins() == 0
    assert window.history.model.rowCount() == 0


def test_tight_muscle_search_and_outline(qtbot, open_window):
    window = open_window()
    panel = window.muscles_panel
    qtbot.keyClicks(panel.filter, "quadratus")
    assert panel.visible_muscle_ids() == ["quadratus_lumborum"]
    panel.filter.clear()
    assert len(panel.visible_muscle_ids()) > 1

    panel.side_buttons["right"].setChecked(True)
    panel.select_muscle("quadratus_lumborum")
    right_ids = window.editor.muscle_region_ids("quadratus_lumborum", "right")
    assert right_ids and all(not rid.endswith("_left") for rid in right_ids)
    assert window.body_map.outlined_region_count() >= 1
    outline_union = [o for o in window.body_map._outline_items if o.isVisible()]
    centre = window.body_map.region_items(right_ids[0])[0]
    point = centre.mapToScene(centre.path().pointAtPercent(0)).toPoint()
    assert any(
        o.mapToScene(o.path().boundingRect()).boundingRect().contains(point) for o in outline_union
    )

    panel.side_buttons["both"].setChecked(True)
    both = window.editor.muscle_region_ids("quadratus_lumborum", "both")
    assert set(right_ids) < set(both)

    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)  # a duplicate is ignored
    assert window.draft.tight_muscles() == (TightMuscle("quadratus_lumborum", "both"),)
    assert panel.tight_list.count() == 1
    panel.tight_list.setCurrentRow(0)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert window.draft.tight_muscles() == ()


def test_zoom_with_keys_and_wheel(qtbot, open_window):
    window = open_window()
    view = window.body_map
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    qtbot.waitUntil(lambda: abs(view.zoom - 1.25) < 1e-6)
    view.zoom_by(100, animate=False)
    assert view.zoom == MAX_ZOOM
    qtbot.keyClick(view, Qt.Key.Key_0)
    assert view.zoom == 1.0
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    qtbot.wait(200)
    assert view.zoom == 1.0  # never smaller than the whole body


def test_every_control_has_an_accessible_name(qtbot, open_window):
    window = open_window()
    unnamed = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if widget.metaObject().className() in ("QScrollBar", "QSplitterHandle", "QMenuBar"):
            continue
        if widget.parent() is not None and widget.parent().metaObject().className() in (
            "QSpinBox",
            "QDateTimeEdit",
        ):
            continue  # the line edit inside a spin box: the spin box is named
        name = widget.accessibleName()
        if not name and isinstance(widget, QAbstractButton):
            name = widget.text().replace("&", "")
        if not name:
            unnamed.append(
                f"{widget.metaObject().className()} in {widget.parent().metaObject().className()}"
            )
    assert unnamed == []
    assert window.body_map.accessibleName() == "Body map"


def test_every_quality_has_a_checkbox(open_window):
    window = open_window()
    assert list(window.mark_editor.quality_boxes) == list(QUALITIES)


def wheel(viewport: QWidget, pos: QPoint, notches: int, modifiers=Qt.KeyboardModifier.NoModifier):
    event = QWheelEvent(
        QPointF(pos),
        QPointF(viewport.mapToGlobal(pos)),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, event)


def test_wheel_and_pinch_zoom_keep_the_point_under_the_pointer(qtbot, open_window):
    window = open_window()
    view = window.body_map
    pos = view.region_center(LOW_BACK, "back")
    before = view.mapToScene(pos)

    wheel(view.viewport(), pos, 2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: abs(view.zoom - 1.25**2) < 1e-6)
    after = view.mapToScene(pos)
    assert abs(after.x() - before.x()) < 2 and abs(after.y() - before.y()) < 2
    assert view.region_at(pos) == LOW_BACK

    device = QPointingDevice.primaryPointingDevice()
    pinch = QNativeGestureEvent(
        Qt.NativeGestureType.ZoomNativeGesture,
        device,
        2,
        QPointF(pos),
        QPointF(pos),
        QPointF(view.viewport().mapToGlobal(pos)),
        0.5,
        QPointF(0, 0),
    )
    QApplication.sendEvent(view.viewport(), pinch)
    assert abs(view.zoom - 1.25**2 * 1.5) < 1e-6
    assert view.region_at(pos) == LOW_BACK
