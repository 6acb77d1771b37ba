"""Start-up builds the body map first and the side panels after its first paint.

A window made with ``defer_panels=True`` (as ``run_gui`` makes it) must end up exactly like one
built at once, must not move the map when the panels arrive, and must keep any input that
reaches it before they exist.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from app.domain.body_geometry import view_box
from app.domain.regions import default_catalog
from app.ui.body_map import BodyMapView, load_view_art
from app.ui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[2]
LOW_BACK = "low_back_left"

#: Modules behind the side panels, the knowledge base and the journal: none of them is needed
#: to paint the body map, and each would add to the time before the first frame.
NOT_BEFORE_FIRST_PAINT = (
    "app.ui.body_regions",
    "app.ui.check_in_form",
    "app.ui.data_actions",
    "app.ui.draft",
    "app.ui.history_panel",
    "app.ui.mark_editor",
    "app.ui.muscles_panel",
    "app.ui.safety",
    "app.ui.suggestions_panel",
    "app.domain.journal",
    "app.domain.knowledge",
    "app.domain.suggest",
    "app.store.journal",
    "app.store.knowledge_db",
    "sqlalchemy",
    "alembic",
    "matplotlib",
    "xml.etree.ElementTree",  # the region polygons are parsed from the SVG after the paint
    "app.domain.regions",  # the catalogue is read when the regions are built
    "dataclasses",
)


def deferred_window(qtbot) -> MainWindow:
    window = MainWindow(defer_panels=True)
    qtbot.addWidget(window)
    window.resize(1440, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


def menu_texts(window: MainWindow) -> list[list[str]]:
    """Every menu's entries in order ("-" for a separator)."""
    return [
        [action.text() or "-" for action in menu_action.menu().actions()]
        for menu_action in window.menuBar().actions()
    ]


def focus_chain(window: MainWindow) -> list[QWidget]:
    """The widgets in the window's focus chain, in order."""
    chain = []
    widget = window.nextInFocusChain()
    while widget is not window:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def test_the_first_frame_has_the_map_and_the_panels_follow_without_moving_it(qtbot):
    window = deferred_window(qtbot)
    assert not window.panels_built
    assert not hasattr(window, "form")
    assert window.summary_label.text() == "Click where it hurts"
    map_rect = window.body_map.geometry().translated(window.body_map.mapTo(window, QPoint()))
    save_enabled = window.save_action.isEnabled()

    window.build_panels()
    qtbot.waitUntil(lambda: window.form.isVisible() and window.history.isVisible())

    assert window.panels_built
    assert window.mark_editor.isVisible() and window.right_tabs.isVisible()
    assert not window.seek_care_banner.isVisible()  # only with an unassessed urgent answer
    assert window.body_map.geometry().translated(window.body_map.mapTo(window, QPoint())) == (
        map_rect
    )
    assert not save_enabled and not window.save_action.isEnabled()  # no journal yet
    assert not window.history.isEnabled()


def test_the_regions_come_after_the_first_paint_without_moving_the_art(qtbot):
    window = deferred_window(qtbot)
    view = window.body_map
    assert not view.regions_built
    content, visible, transform = view.scene().sceneRect(), view.sceneRect(), view.transform()

    window.build_panels()

    eager = BodyMapView(window.catalog, load_view_art())
    assert view.regions_built and eager.regions_built
    assert view.region_ids() == eager.region_ids() and len(view.region_ids()) > 50
    assert view.scene().sceneRect() == content == eager.scene().sceneRect()
    assert view.sceneRect() == visible and view.transform() == transform


def test_the_map_places_the_art_by_the_same_viewbox_as_the_geometry(qtbot):
    """The map reads each viewBox from its SVG; every other drawing uses the geometry's."""
    view = BodyMapView(default_catalog(), load_view_art(), defer_regions=True)
    qtbot.addWidget(view)
    for art, renderer in zip(load_view_art(), view._renderers, strict=True):
        box = renderer.viewBoxF()
        assert (box.x(), box.y(), box.width(), box.height()) == view_box(art.name)


def test_building_twice_changes_nothing_and_menus_match_a_window_built_at_once(qtbot):
    window = deferred_window(qtbot)
    window.build_panels()
    form = window.form
    window.build_panels()
    eager = MainWindow()
    qtbot.addWidget(eager)

    assert window.form is form
    assert menu_texts(window) == menu_texts(eager)
    file_menu = menu_texts(window)[0]
    assert file_menu[-1] == "&Quit"
    assert sum(text == "-" for text in file_menu) == 3
    # The deliberate tab order: the check-in, its history, the map, the mark, tight muscles.
    chain = focus_chain(window)
    order = [
        window.form.time_edit,
        window.form.save_button,
        window.history.view,
        window.body_map,
        window.mark_editor.mark_button,
        window.muscles_panel.filter,
    ]
    assert [chain.index(widget) for widget in order] == sorted(
        chain.index(widget) for widget in order
    )
    assert [type(w).__name__ for w in chain] == [type(w).__name__ for w in focus_chain(eager)]


def test_a_click_on_the_map_before_the_panels_exist_is_kept(qtbot):
    window = deferred_window(qtbot)
    pos = window.body_map.region_center(LOW_BACK, "back")
    qtbot.mouseClick(window.body_map.viewport(), Qt.MouseButton.LeftButton, pos=pos)

    assert window.panels_built
    mark = window.draft.mark(LOW_BACK)
    assert mark is not None and mark.intensity == 5
    assert window.mark_editor.region_id == LOW_BACK
    assert window.mark_editor.spin.value() == 5
    assert "1 region" in window.summary_label.text()
    assert all(item.mark == mark for item in window.body_map.region_items(LOW_BACK))


def test_keys_on_the_map_and_menu_actions_before_the_panels_exist_work(qtbot):
    window = deferred_window(qtbot)
    window.body_map.setFocus(Qt.FocusReason.TabFocusReason)
    window.body_map.focus_region(LOW_BACK)
    qtbot.keyClick(window.body_map, Qt.Key.Key_Up)
    assert window.draft.mark(LOW_BACK) is not None

    second = deferred_window(qtbot)
    clear_all = next(
        action
        for menu_action in second.menuBar().actions()
        for action in menu_action.menu().actions()
        if action.text() == "Clear &all marks"
    )
    clear_all.trigger()
    assert second.panels_built and second.draft.marks() == ()


def test_attaching_a_journal_builds_the_panels_and_lists_the_history(qtbot, open_store):
    window = deferred_window(qtbot)
    window.attach_store(open_store())

    assert window.panels_built
    assert window.history.isEnabled() and window.save_action.isEnabled()
    assert window.muscles_panel.list.count() > 0


def test_closing_before_the_panels_exist_asks_nothing(qtbot, dialogs):
    window = deferred_window(qtbot)
    assert window.close()
    assert dialogs.shown == []


def test_the_first_frame_imports_only_what_the_map_needs():
    """In a fresh process, as start-up does it: list the modules loaded at the first paint."""
    code = (
        "import sys\n"
        "from app.ui.application import FirstPaint, create_application\n"
        "from app.ui.main_window import MainWindow\n"
        "app = create_application()\n"
        "window = MainWindow(defer_panels=True)\n"
        "def report():\n"
        "    print('regions-built', window.body_map.regions_built)\n"
        "    print('\\n'.join(sorted(sys.modules)), flush=True)\n"
        "    app.quit()\n"
        "FirstPaint(window.body_map.viewport(), report)\n"
        "window.show()\n"
        "app.exec()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "regions-built False" in result.stdout
    loaded = set(result.stdout.split())
    assert "app.ui.body_map" in loaded  # the report ran at the first paint, after the map
    early = sorted(
        name
        for name in loaded
        for heavy in NOT_BEFORE_FIRST_PAINT
        if name == heavy or name.startswith(heavy + ".")
    )
    assert early == []


def test_the_real_start_sets_the_icon_and_collects_again_once_the_journal_is_open(tmp_path):
    """run_gui as ``reliefmap`` runs it: the icon comes after the first paint, GC after ready."""
    code = (
        "import gc, sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from app.ui.application import run_gui\n"
        "gc.disable()\n"
        f"status = run_gui(Path({str(tmp_path / 'journal.sqlite3')!r}), gc_paused=True)\n"
        "app = QApplication.instance()\n"
        "print('icon', not app.windowIcon().pixmap(64, 64).isNull())\n"
        "print('gc', gc.isenabled())\n"
        "sys.exit(status)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", RELIEFMAP_STARTUP_PROBE="1"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("first-paint ") and lines[1].startswith("ready ")
    assert "icon True" in lines
    assert "gc True" in lines  # collecting again once the journal is open
