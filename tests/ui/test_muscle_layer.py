"""The muscle layers of the body map: switch, click to mark tight, hover, keyboard, the list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from app.domain.journal import TightMuscle
from app.domain.muscle_map import muscle_shapes
from tests.ui.test_main_window import click_region, hover

LAYER_OF = {"superficial": "muscles", "deep": "deep"}


def click_muscle(qtbot, window, muscle_id: str, side: str, view: str, depth: str) -> None:
    pos = window.body_map.muscle_center(muscle_id, side, view, depth)
    qtbot.mouseClick(window.body_map.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_the_layer_switch_and_its_shortcuts(qtbot, open_window):
    window = open_window()
    body = window.body_map
    assert body.layer == "skin" and not body.muscles_built  # nothing built at start-up
    qtbot.mouseClick(window.layer_switch.buttons["muscles"], Qt.MouseButton.LeftButton)
    assert body.layer == "muscles" and body.muscles_built
    shown = [i for i in body.muscle_items() if i.isVisible()]
    assert shown and all(i.layer == "superficial" for i in shown)
    QTest.keySequence(window, QKeySequence("Ctrl+3"))
    assert body.layer == "deep"
    assert window.layer_switch.buttons["deep"].isChecked()
    assert all(i.layer == "deep" for i in body.muscle_items() if i.isVisible())
    QTest.keySequence(window, QKeySequence("Ctrl+1"))
    assert body.layer == "skin"
    assert not any(i.isVisible() for i in body.muscle_items())


@pytest.mark.parametrize(
    ("muscle_id", "view", "depth"),
    [
        ("gluteus_maximus", "back", "superficial"),
        ("gluteus_medius", "back", "superficial"),
        ("piriformis", "back", "deep"),
        ("gluteus_minimus", "back", "deep"),
        ("quadratus_lumborum", "back", "deep"),
        ("multifidus", "back", "deep"),
        ("iliopsoas", "front", "deep"),
        ("tensor_fasciae_latae", "front", "superficial"),
        ("levator_ani", "back", "deep"),
    ],
)
def test_clicking_a_muscle_marks_it_tight_on_that_side_and_again_clears(
    qtbot, open_window, muscle_id, view, depth
):
    window = open_window()
    window.body_map.set_layer(LAYER_OF[depth])
    for side in ("left", "right"):
        click_muscle(qtbot, window, muscle_id, side, view, depth)
        assert TightMuscle(muscle_id, side) in window.draft.tight_muscles()
    assert len(window.draft.tight_muscles()) == 2
    assert window.muscles_panel.tight_list.count() == 2  # the list stays in step
    assert window.muscles_panel.list.currentItem().data(Qt.ItemDataRole.UserRole) == muscle_id
    click_muscle(qtbot, window, muscle_id, "left", view, depth)
    assert window.draft.tight_muscles() == (TightMuscle(muscle_id, "right"),)


def test_every_shape_on_either_layer_marks_the_right_muscle_and_side(qtbot, open_window):
    window = open_window()
    body = window.body_map
    for depth, layer in LAYER_OF.items():
        body.set_layer(layer)
        for view in ("front", "back"):
            for shape in muscle_shapes(view, depth):
                pos = body.muscle_center(shape.muscle_id, shape.side, view, depth)
                item = body.muscle_item_at(pos)
                assert item is not None and item.key == shape.key, (view, shape.key)


def test_tight_muscles_stay_visible_on_the_skin_and_pain_shows_through(qtbot, open_window):
    window = open_window()
    body = window.body_map
    click_region(qtbot, window, "low_back_left")
    window.draft.add_tight_muscle("quadratus_lumborum", "left")
    ghosts = [i for i in body.muscle_items() if i.isVisible()]
    assert {(i.muscle_id, i.side, i.mode) for i in ghosts} == {
        ("quadratus_lumborum", "left", "ghost")
    }
    assert body.region_items("low_back_left")[0].opacity() == 1.0
    body.set_layer("deep")
    assert body.region_items("low_back_left")[0].opacity() < 1.0  # translucent over muscles
    assert body.region_items("low_back_left")[0].mark is not None
    item = body.muscle_items("quadratus_lumborum", "left")[0]
    assert item.mode == "shown" and item.tight
    # A tight muscle from the list on "both" sides shows on both.
    window.draft.add_tight_muscle("piriformis", "both")
    assert {i.side for i in body.muscle_items("piriformis") if i.tight} == {"left", "right"}


def test_hover_names_the_muscle(qtbot, open_window):
    window = open_window()
    body = window.body_map
    body.set_layer("muscles")
    hover(body.viewport(), body.muscle_center("gluteus_maximus", "right", "back", "superficial"))
    assert body.hovered_muscle() == ("gluteus_maximus", "right")
    assert "Gluteus maximus (right)" in window.hover_label.text()


def test_keyboard_type_to_find_arrows_space_and_delete(qtbot, open_window):
    window = open_window()
    body = window.body_map
    body.set_layer("deep")
    body.setFocus()
    QTest.keyClicks(body, "pir")
    muscle_id, side = body.focused_muscle()
    assert muscle_id == "piriformis"
    assert "Piriformis" in body.accessibleDescription()
    QTest.keyClick(body, Qt.Key.Key_Space)
    assert TightMuscle("piriformis", side) in window.draft.tight_muscles()
    assert "marked tight" in body.accessibleDescription()
    QTest.keyClick(body, Qt.Key.Key_Delete)
    assert window.draft.tight_muscles() == ()
    QTest.keyClick(body, Qt.Key.Key_Up)
    above = body.focused_muscle()
    assert above[0] and above != ("piriformis", side)
    # Tab walks the shown muscles, then leaves the map.
    order = body._muscle_order()
    body.focus_muscle(order[-1])
    QTest.keyClick(body, Qt.Key.Key_Tab)
    assert body.focused_muscle() == ("", "")


def test_choosing_in_the_list_outlines_the_muscle_shape(qtbot, open_window):
    window = open_window()
    body = window.body_map
    body.set_layer("muscles")
    window.muscles_panel.select_muscle("gluteus_maximus")
    highlighted = {i.side for i in body.muscle_items("gluteus_maximus") if i.highlighted}
    assert highlighted == {"left", "right"} or highlighted == {window.muscles_panel.side()}


def test_the_switch_names_the_same_layers_as_the_domain():
    from app.domain.muscle_map import LAYERS as DOMAIN_LAYERS
    from app.ui.layer_switch import LAYERS

    assert LAYERS == DOMAIN_LAYERS


def test_a_suggested_trigger_point_is_drawn_on_its_muscle(qtbot, open_window):
    window = open_window()
    window.suggester.show_on_map("trigger_point", "piriformis", "left")
    body = window.body_map
    muscle_items = [i for i in body._overlay_items if i.zValue() == 3.5]
    assert len(muscle_items) == 2  # the shape and its fibres, one side
    cross = next(i for i in body._overlay_items if i.zValue() == 5)  # the X (halo, then ink)
    centre = cross.mapToScene(cross.path().boundingRect().center())
    assert muscle_items[0].contains(muscle_items[0].mapFromScene(centre))


def test_region_outline_gives_way_to_the_muscle_on_muscle_layers(qtbot, open_window):
    window = open_window()
    body = window.body_map
    window.muscles_panel.select_muscle("piriformis")
    assert body.outlined_region_count() >= 1
    body.set_layer("deep")
    assert all(o.opacity() == 0.0 for o in body._outline_items)
    assert any(i.highlighted and i.isVisible() for i in body.muscle_items("piriformis"))
    body.set_layer("skin")
    assert all(o.opacity() == 1.0 for o in body._outline_items)


def test_type_to_find_takes_several_words(qtbot, open_window):
    window = open_window()
    body = window.body_map
    body.set_layer("deep")
    body.setFocus()
    QTest.keyClicks(body, "gluteus mi")
    assert body.focused_muscle()[0] == "gluteus_minimus"
    assert window.draft.tight_muscles() == ()  # the space typed no mark
