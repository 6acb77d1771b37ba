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
        window.editor.activate_region(region)
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
    window.suggester.update_now()
    assert "LI4" in panel.names("acupoint")
    window.pregnant_action.setChecked(True)
    window.suggester.update_now()
    assert "LI4" not in panel.names("acupoint")
    assert window.store.get_setting("pregnant") == "yes"


def test_an_unassessed_urgent_flag_replaces_suggestions_with_advice(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    screen = window.store.add_red_flag_screen(
        RedFlagScreen(datetime(2026, 11, 24, 8), frozenset({"saddle_numbness"}))
    )
    mark(window, "sacrum", 5)
    window.suggester.update_now()
    panel = window.suggestions
    assert panel.seek_care.isVisibleTo(panel) and not panel.tabs.isVisibleTo(panel)
    assert "Seek medical care now" in panel.seek_care.text()
    window.store.mark_screen_assessed(screen.id, datetime(2026, 11, 24, 12))
    window.suggester.update_now()
    assert not panel.seek_care.isVisibleTo(panel) and panel.tabs.isVisibleTo(panel)


def test_choosing_a_suggestion_opens_its_illustrated_detail(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    for region, intensity in (
        ("buttock_lower_left", 6),
        ("lateral_thigh_left", 5),
        ("lateral_leg_left", 4),
    ):
        mark(window, region, intensity)
    window.suggester.update_now()
    panel = window.suggestions
    for kind in ("trigger_point", "acupoint", "exercise"):
        item = panel.lists[kind].item(0)
        kind_, item_id, side = item.data(Qt.ItemDataRole.UserRole + 1)
        dialog = window.show_detail(kind_, item_id, side)
        qtbot.addWidget(dialog)
        qtbot.waitExposed(dialog)
        image = dialog.illustration.grab().toImage()
        assert image.width() > 200 and not image.isNull()
        text = dialog.text.text()
        for heading in ("Where to find it" if kind != "exercise" else "Works", "How", "Dose",
                        "Cautions", "Sources"):  # fmt: skip
            assert f"<h3>{heading}</h3>" in text, (kind, heading)
        assert "<ol>" in text  # numbered steps
        art = dialog.illustration.illustration
        if kind == "trigger_point":
            assert art.essential and art.markers[0].kind == "x"
            assert window.knowledge.muscles[item_id].label == dialog.windowTitle()
        elif kind == "acupoint":
            assert art.markers[0].kind == "dot"
            assert dialog.windowTitle().startswith(item_id)
        else:
            assert art.highlighted
            assert dialog.windowTitle() == window.knowledge.exercises[item_id].name
        dialog.close()


def test_exercises_show_their_step_not_a_score(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    """The engine orders exercises by step and gives them no score: none is invented."""
    window = open_window()
    mark(window, "low_back_left", 6)
    window.suggester.update_now()
    rows = window.suggestions.rows("exercise")
    assert rows and all(row.score is None and row.tag.startswith("Step ") for row in rows)
    assert [int(row.tag.split()[1]) for row in rows] == sorted(int(r.tag.split()[1]) for r in rows)
    muscles = window.suggestions.rows("trigger_point")
    assert all(0 <= row.score <= 1 for row in muscles)
    assert [row.score for row in muscles] == sorted((row.score for row in muscles), reverse=True)


def test_pregnancy_cautions_are_flagged_in_the_panel(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    mark(window, "low_back_left", 6)
    mark(window, "sacrum", 5)
    window.pregnant_action.setChecked(True)
    window.suggester.update_now()
    kb = window.knowledge
    rows = window.suggestions.rows("acupoint")
    assert rows
    assert all(kb.acupoints[row.item_id].pregnancy != "avoid" for row in rows)
    flagged = {row.item_id for row in rows if row.caution}
    assert flagged == {
        row.item_id for row in rows if kb.acupoints[row.item_id].pregnancy == "caution"
    }
    assert flagged, "the low-back pattern includes a point some traditions avoid in pregnancy"
    assert all(row.tag == "⚠ pregnancy" for row in rows if row.caution)
    window.pregnant_action.setChecked(False)
    window.suggester.update_now()
    assert not any(row.caution for row in window.suggestions.rows("acupoint"))


def test_a_burst_of_changes_asks_the_engine_once(qtbot, open_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.domain.suggest import Engine

    window = open_window()
    calls: list[int] = []
    real = Engine.suggest
    monkeypatch.setattr(
        Engine, "suggest", lambda self, request: calls.append(1) or real(self, request)
    )
    for region in ("low_back_left", "flank_left", "iliac_crest_left", "sacroiliac_left"):
        window.editor.activate_region(region)
    window.draft.add_tight_muscle("quadratus_lumborum", "left")
    qtbot.waitUntil(lambda: window.suggestions.lists["trigger_point"].count() > 0, timeout=3000)
    qtbot.wait(150)
    assert len(calls) == 1


def test_an_unchanged_ranking_keeps_the_chosen_row(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    mark(window, "low_back_left", 6)
    window.suggester.update_now()
    view = window.suggestions.lists["trigger_point"]
    view.setCurrentRow(2)
    item = view.item(2)
    window.suggester.update_now()  # same request, same answer
    assert view.item(2) is item and view.currentRow() == 2
    assert window.suggestions.details_button.isEnabled()


def test_library_opens_a_detail_on_both_sides_without_marking(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    from app.ui.detail_view import DetailDialog

    window = open_window()
    assert window.library_action in window.toolbar.actions()
    library = window.show_library()
    qtbot.addWidget(library)
    library.search.setText("quadratus")
    first = next(library.list.item(r) for r in range(library.list.count())
                 if not library.list.item(r).isHidden())  # fmt: skip
    library.list.itemActivated.emit(first)
    (detail,) = [d for d in window.findChildren(DetailDialog) if d.isVisible()]
    assert detail.side == "both" and len(detail.illustration.illustration.markers) == 2
    sites = detail.site_box.count()
    assert sites == len(window.knowledge.muscles["quadratus_lumborum"].sites)
    if sites > 1:
        before = detail.illustration.illustration
        detail.site_box.setCurrentIndex(1)
        assert detail.illustration.illustration != before
    detail.close()
    library.close()


def test_hovering_a_suggestion_shows_it_on_the_map(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    for region, intensity in (("buttock_lower_left", 6), ("lateral_thigh_left", 5)):
        mark(window, region, intensity)
    window.suggester.update_now()
    panel = window.suggestions
    first = panel.lists["trigger_point"].item(0)
    panel.lists["trigger_point"].itemEntered.emit(first)
    shown = window.body_map.overlay_item_count()
    assert shown >= 3  # the X and at least two shaded zones
    panel.lists["acupoint"].itemEntered.emit(panel.lists["acupoint"].item(0))
    assert window.body_map.overlay_item_count() >= 1
    window.draft.set_mark("sacrum", 3, set())
    assert window.body_map.overlay_item_count() == 0  # marking again clears the preview


def test_the_map_overlay_never_uses_a_pain_colour(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    """Referral zones drawn over marked pain must not be mistaken for more pain."""
    from PySide6.QtGui import QColor

    from app.ui.theme import YL_OR_RD, intensity_color

    window = open_window()
    window.suggester.show_on_map("trigger_point", "gluteus_minimus", "left")
    pain = {QColor(c).name() for c in YL_OR_RD} | {intensity_color(i).name() for i in range(11)}
    fills = {
        item.brush().color().name()
        for item in window.body_map._overlay_items
        if item.brush().style() != Qt.BrushStyle.NoBrush
    }
    assert fills and not fills & pain
    assert "usually goes" in window.hover_label.text()
