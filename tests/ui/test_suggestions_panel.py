"""The suggestions panel in the window: live ranking from the engine, pregnancy, red flags."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from app.domain.screening import RedFlagScreen


def mark(window, region: str, intensity: int) -> None:  # type: ignore[no-untyped-def]
    window.draft.set_mark(region, intensity, set())


def test_marking_pain_updates_the_ranked_lists(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    panel = window.suggestions
    assert panel.empty.isVisibleTo(panel)
    for region, intensity in (
        ("iliac_crest_left", 6),
        ("flank_left", 5),
        ("sacroiliac_left", 4),
        ("greater_trochanter_left", 4),
    ):
        window.activate_region(region)
        window.draft.set_mark(region, intensity, {"aching"})
    qtbot.waitUntil(lambda: panel.lists["trigger_point"].count() > 0, timeout=3000)
    assert "quadratus_lumborum" in panel.names("trigger_point")[:3]
    first = panel.lists["trigger_point"].item(0)
    assert first.toolTip().startswith("Explains your left")
    assert panel.lists["acupoint"].count() > 0 and panel.lists["exercise"].count() > 0
    assert not panel.empty.isVisibleTo(panel)
    chosen: list[tuple[str, str, str]] = []
    panel.item_chosen.connect(lambda *args: chosen.append(args))
    panel.lists["trigger_point"].itemActivated.emit(first)
    assert chosen[0][0] == "trigger_point" and chosen[0][2] == "left"


def test_pregnancy_setting_hides_points_to_avoid(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    panel = window.suggestions
    mark(window, "low_back_left", 6)
    mark(window, "hand_left", 3)
    window.update_suggestions()
    assert "LI4" in panel.names("acupoint")
    window.pregnant_action.setChecked(True)
    window.update_suggestions()
    assert "LI4" not in panel.names("acupoint")
    assert window.store.get_setting("pregnant") == "yes"


def test_an_unassessed_urgent_flag_replaces_suggestions_with_advice(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    screen = window.store.add_red_flag_screen(
        RedFlagScreen(datetime(2026, 11, 24, 8), frozenset({"saddle_numbness"}))
    )
    mark(window, "sacrum", 5)
    window.update_suggestions()
    panel = window.suggestions
    assert panel.seek_care.isVisibleTo(panel) and not panel.tabs.isVisibleTo(panel)
    assert "Seek medical care now" in panel.seek_care.text()
    window.store.mark_screen_assessed(screen.id, datetime(2026, 11, 24, 12))
    window.update_suggestions()
    assert not panel.seek_care.isVisibleTo(panel) and panel.tabs.isVisibleTo(panel)


def test_choosing_a_suggestion_opens_its_illustrated_detail(qtbot, open_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    for region, intensity in (
        ("buttock_lower_left", 6),
        ("lateral_thigh_left", 5),
        ("lateral_leg_left", 4),
    ):
        mark(window, region, intensity)
    window.update_suggestions()
    panel = window.suggestions
    for kind in ("trigger_point", "acupoint", "exercise"):
        item = panel.lists[kind].item(0)
        kind_, item_id, side = item.data(Qt.ItemDataRole.UserRole + 1)
        dialog = window.show_detail(kind_, item_id, side)
        qtbot.addWidget(dialog)
        qtbot.waitExposed(dialog)
        image = dialog.illustration.grab().toImage()
        assert image.width() > 200 and not image.isNull()
        assert (
            item_id.replace("_", " ").lower()[:5] in dialog.windowTitle().lower()
            or kind_ == "acupoint"
        )
        assert "Sources:" in dialog.text.text()
        if kind == "trigger_point":
            assert dialog.illustration.illustration.essential
            assert dialog.illustration.illustration.markers[0].kind == "x"
        if kind == "acupoint":
            assert dialog.illustration.illustration.markers[0].kind == "dot"
        dialog.close()


def test_hovering_a_suggestion_shows_it_on_the_map(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    for region, intensity in (("buttock_lower_left", 6), ("lateral_thigh_left", 5)):
        mark(window, region, intensity)
    window.update_suggestions()
    panel = window.suggestions
    first = panel.lists["trigger_point"].item(0)
    panel.lists["trigger_point"].itemEntered.emit(first)
    shown = window.body_map.overlay_item_count()
    assert shown >= 3  # the X and at least two shaded zones
    panel.lists["acupoint"].itemEntered.emit(panel.lists["acupoint"].item(0))
    assert window.body_map.overlay_item_count() >= 1
    window.draft.set_mark("sacrum", 3, set())
    assert window.body_map.overlay_item_count() == 0  # marking again clears the preview
