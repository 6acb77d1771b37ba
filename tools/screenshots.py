"""Screenshots of the real window for the README and docs, rendered offscreen.

Each shot is a function registered with ``@shot("name")`` that returns the widget to grab; it
gets a fresh temporary journal. Add new shots to this file as features land.

    .venv/bin/python tools/screenshots.py                 # every shot into docs/screenshots/
    .venv/bin/python tools/screenshots.py main_window     # only these
    .venv/bin/python tools/screenshots.py --scale 2       # high-DPI images
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from app.store.journal import JournalStore


@dataclass
class ShotContext:
    """What a shot function gets: the application and an empty journal of its own."""

    app: QApplication
    store: JournalStore

    def settle(self, rounds: int = 10) -> None:
        """Let layouts, animations, deferred paints and coalescing timers (the suggestions
        wait ~60 ms after the last change) finish before grabbing."""
        from PySide6.QtTest import QTest

        for _ in range(rounds):
            self.app.processEvents()
        QTest.qWait(150)
        for _ in range(rounds):
            self.app.processEvents()


ShotFunction = Callable[[ShotContext], "QWidget"]
SHOTS: dict[str, ShotFunction] = {}


def shot(name: str) -> Callable[[ShotFunction], ShotFunction]:
    def register(function: ShotFunction) -> ShotFunction:
        SHOTS[name] = function
        return function

    return register


def _past_check_ins(store: JournalStore) -> None:
    """A week of realistic history: a flare-up after lifting that slowly settles."""
    from app.domain.journal import CheckIn, PainMark, TightMuscle

    today = datetime.now().replace(hour=8, minute=15, second=0, microsecond=0)
    week = [(7, 3, 2), (6, 7, 7), (5, 6, 6), (4, 6, 5), (3, 5, 5), (2, 4, 4), (1, 4, 3)]
    for days_ago, overall, low_back in week:
        marks = [PainMark("low_back_left", low_back, frozenset({"aching", "stiff"}))]
        if overall >= 5:
            marks.append(PainMark("buttock_upper_left", overall - 2, frozenset({"aching"})))
        if overall >= 6:
            marks.append(PainMark("posterior_thigh_left", 3, frozenset({"tingling"})))
        store.add_check_in(
            CheckIn(
                today - timedelta(days=days_ago),
                overall,
                tuple(marks),
                (TightMuscle("quadratus_lumborum", "left"),),
                note="Lifted boxes in the attic" if days_ago == 6 else "",
            )
        )
    store.add_check_in(
        CheckIn(
            today - timedelta(days=1, hours=-11),
            5,
            (PainMark("low_back_left", 5, frozenset({"aching"})),),
            note="After a long drive",
        )
    )


@shot("main_window")
def main_window(context: ShotContext) -> QWidget:
    """The window as a person sees it mid check-in: marks, a selected muscle, the history."""
    from app.ui.main_window import MainWindow

    _past_check_ins(context.store)
    window = MainWindow(context.store)
    window.resize(1440, 900)
    window.show()
    context.settle()
    window.editor.new_check_in()
    draft = window.draft
    draft.set_mark("low_back_left", 6, {"aching", "stiff"})
    draft.set_mark("sacroiliac_left", 5, {"aching"})
    draft.set_mark("buttock_upper_left", 4, {"aching"})
    draft.set_mark("low_back_right", 2, {"stiff"})
    draft.set_mark("posterior_thigh_left", 3, {"tingling"})
    draft.add_tight_muscle("quadratus_lumborum", "left")
    window.form.pain_spin.setValue(5)
    window.form.note_edit.setPlainText("Stiff after sitting all morning")
    window.body_map.focus_region("low_back_left")
    window.editor.activate_region("low_back_left")
    window.muscles_panel.side_buttons["left"].setChecked(True)
    window.muscles_panel.select_muscle("quadratus_lumborum")
    context.settle()
    return window


def _muscle_layer_window(context: ShotContext, layer: str) -> QWidget:
    """The window on a muscle layer: pain marks showing through, two muscles marked tight."""
    from app.ui.main_window import MainWindow

    window = MainWindow(context.store)
    window.resize(1440, 900)
    window.show()
    context.settle()
    draft = window.draft
    draft.set_mark("low_back_left", 6, {"aching"})
    draft.set_mark("buttock_upper_left", 4, {"aching"})
    draft.set_mark("greater_trochanter_left", 3, {"aching"})
    draft.add_tight_muscle("quadratus_lumborum", "left")
    draft.add_tight_muscle("gluteus_medius", "left")
    window.form.pain_spin.setValue(5)
    window.layer_switch.choose(layer)
    window.right_tabs.setCurrentIndex(window.right_tabs.count() - 1)  # the muscle list
    context.settle()
    return window


@shot("muscle_layer")
def muscle_layer(context: ShotContext) -> QWidget:
    """The Muscles layer: superficial muscles front and back, tight ones hatched blue."""
    return _muscle_layer_window(context, "muscles")


@shot("deep_muscle_layer")
def deep_muscle_layer(context: ShotContext) -> QWidget:
    """The Deep muscles layer: what lies under gluteus maximus and the erector spinae."""
    return _muscle_layer_window(context, "deep")


@shot("muscle_layer_closeup")
def muscle_layer_closeup(context: ShotContext) -> QWidget:
    """The map alone, zoomed on the low back and buttocks: muscles, fibres, a tight one."""
    return _closeup(context, "muscles")


@shot("deep_muscle_layer_closeup")
def deep_muscle_layer_closeup(context: ShotContext) -> QWidget:
    """The deep layer, zoomed the same way: quadratus lumborum, multifidus, the deep gluteals."""
    return _closeup(context, "deep")


def _closeup(context: ShotContext, layer: str) -> QWidget:
    from PySide6.QtCore import QPointF

    window = _muscle_layer_window(context, layer)
    body = window.body_map
    body.resize(900, 700)
    context.settle()
    x, y = 210 + body._view_offsets["back"], 345  # between the iliac crests, back view
    body.zoom_by(2.6, QPointF(body.mapFromScene(QPointF(x, y))), animate=False)
    body.centerOn(QPointF(x, y))
    context.settle()
    return body


@shot("suggestions")
def suggestions(context: ShotContext) -> QWidget:
    """The window with a gluteus-minimus-like pattern marked and the suggestions showing."""
    from app.ui.main_window import MainWindow

    window = MainWindow(context.store)
    window.resize(1440, 900)
    window.show()
    context.settle()
    for region, intensity, qualities in (
        ("buttock_lower_left", 6, {"aching"}),
        ("lateral_thigh_left", 5, {"aching"}),
        ("lateral_knee_left", 4, {"aching"}),
        ("lateral_leg_left", 4, {"aching"}),
        ("ankle_lateral_left", 3, {"aching"}),
    ):
        window.draft.set_mark(region, intensity, qualities)
    window.editor.activate_region("lateral_thigh_left")
    window.suggester.update_now()
    window.suggester.show_on_map("trigger_point", "gluteus_minimus", "left")  # as when hovering it
    context.settle()
    return window


@shot("safety_seek_care")
def safety_seek_care(context: ShotContext) -> QWidget:
    """Numbness marked between the legs: seek care now, self-care on hold, nothing on the map."""
    from app.ui.main_window import MainWindow
    from app.ui.safety import RedFlagScreenDialog

    RedFlagScreenDialog.run = staticmethod(lambda dialog: False)  # type: ignore[method-assign]
    window = MainWindow(context.store)
    window.resize(1440, 900)
    window.show()
    context.settle()
    window.draft.set_mark("low_back_left", 5, {"aching"})
    window.draft.set_mark("perineum", 0, {"numb"})
    window.editor.activate_region("perineum")
    window.suggester.update_now()
    context.settle()
    return window


@shot("safety_questions")
def safety_questions(context: ShotContext) -> QWidget:
    """The warning-sign questions, the cauda-equina ones first."""
    from app.domain.safety import questions_for
    from app.store.knowledge_db import open_knowledge
    from app.ui.safety import RedFlagScreenDialog

    dialog = RedFlagScreenDialog(list(questions_for(open_knowledge().red_flags, False)))
    dialog.resize(760, 560)
    dialog.set_answer("saddle_numbness", False)
    dialog.set_answer("bladder_bowel_change", False)
    dialog.show()
    context.settle()
    return dialog


@shot("guided_session")
def guided_session(context: ShotContext) -> QWidget:
    """A guided session on GB30, both sides, paused part-way through the left side."""
    from app.ui.main_window import MainWindow

    window = MainWindow(context.store)
    window.show()
    dialog = window.sessions.start_session("acupoint", "GB30", "both")
    assert dialog is not None
    dialog.before.setValue(6)
    dialog.start_timer()
    dialog.toggle_pause()
    for _ in range(47):
        dialog._tick()
    context.settle()
    window.close()  # only the dialog is grabbed; the window must not outlive the journal
    return dialog


@shot("guided_session_start")
def guided_session_start(context: ShotContext) -> QWidget:
    """The first step of a guided session: side, how to, pain before."""
    from app.ui.main_window import MainWindow

    window = MainWindow(context.store)
    window.show()
    dialog = window.sessions.start_session("trigger_point", "quadratus_lumborum", "left")
    assert dialog is not None
    dialog.before.setValue(6)
    context.settle()
    window.close()
    return dialog


@shot("library")
def library(context: ShotContext) -> QWidget:
    """The library searched by body region."""
    from app.ui.main_window import MainWindow

    window = MainWindow(context.store)
    window.show()
    dialog = window.show_library()
    dialog.search.setText("buttock")
    context.settle()
    window.close()
    return dialog


@shot("detail_trigger_point")
def detail_trigger_point(context: ShotContext) -> QWidget:
    """Gluteus minimus: the trigger point X and its referral zone (pseudo-sciatica)."""
    return _detail(context, "trigger_point", "gluteus_minimus", "left", "anterior")


@shot("detail_acupoint")
def detail_acupoint(context: ShotContext) -> QWidget:
    """GB30 with its landmark and the cun distance."""
    return _detail(context, "acupoint", "GB30", "left", None)


@shot("detail_exercise")
def detail_exercise(context: ShotContext) -> QWidget:
    """Bird dog with the muscles it works highlighted."""
    return _detail(context, "exercise", "bird_dog", "none", None)


def _detail(context: ShotContext, kind: str, item: str, side: str, site: str | None) -> QWidget:
    from app.domain.regions import default_catalog
    from app.store.knowledge_db import open_knowledge
    from app.ui.detail_view import DetailDialog

    dialog = DetailDialog(open_knowledge(), default_catalog(), kind, item, side, site)
    dialog.show()
    context.settle()
    return dialog


@shot("progress")
def progress(context: ShotContext) -> QWidget:
    """The Progress window on the demo journal (six synthetic months)."""
    from app.domain.demo import generate_demo_journal
    from app.store.demo import write_demo_journal
    from app.ui.progress_view import ProgressView

    write_demo_journal(context.store, generate_demo_journal())
    view = ProgressView(context.store)
    view.range_box.setCurrentText("all")
    view.resize(1100, 2200)
    view.show()
    context.settle()
    return view


@shot("report_dialog")
def report_dialog(context: ShotContext) -> QWidget:
    """File → Export report on the demo journal, with the page-1 preview."""
    from app.domain.demo import generate_demo_journal
    from app.store.demo import write_demo_journal
    from app.store.knowledge_db import open_knowledge
    from app.ui.report_dialog import ReportDialog

    write_demo_journal(context.store, generate_demo_journal())
    dialog = ReportDialog(context.store, open_knowledge())
    dialog.name_edit.setText("Alex Example")
    dialog.update_preview()
    dialog.show()
    context.settle()
    return dialog


@shot("report_page")
def report_page(context: ShotContext) -> QWidget:
    """Page 1 of the clinician report (the PDF's own drawing, rasterised for the README)."""
    from datetime import date

    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QLabel

    from app.domain.demo import generate_demo_journal
    from app.domain.regions import default_catalog
    from app.domain.report import build_report, report_period
    from app.render.report import first_page_png
    from app.store.knowledge_db import open_knowledge

    journal = generate_demo_journal()
    report = build_report(journal.check_ins, journal.sessions, journal.questionnaires,
                          journal.red_flag_screens, report_period(date.today()),
                          open_knowledge(), default_catalog(), date.today(),
                          name="Alex Example", demo=True)  # fmt: skip
    pixmap = QPixmap()
    pixmap.loadFromData(first_page_png(report, "a4", dpi=96), "PNG")
    label = QLabel()
    label.setPixmap(pixmap)
    label.resize(pixmap.size())
    return label


def _self_test_history(store: JournalStore) -> None:
    """A month of self-tests and routines on top of the week of check-ins (issue 17)."""
    from app.domain.routine import RoutineRun, RunStep
    from app.domain.self_tests import SelfTestResult, SideValue

    today = datetime.now().replace(hour=8, minute=0, second=0, microsecond=0)
    store.set_setting("episode_began", (today - timedelta(weeks=8)).date().isoformat())
    for days_ago, left, right in ((28, 34, 51), (14, 45, 55), (1, 58, 63)):
        store.add_self_test(
            SelfTestResult(today - timedelta(days=days_ago), "side_bridge",
                           (SideValue("left", seconds=left), SideValue("right", seconds=right)))
        )  # fmt: skip
    normal = SideValue("right", "normal")
    for days_ago, test_id, reading in ((20, "thomas_modified", "thigh_up"),
                                       (18, "single_leg_stance", "drops")):  # fmt: skip
        store.add_self_test(
            SelfTestResult(today - timedelta(days=days_ago), test_id,
                           (SideValue("left", reading), normal))
        )  # fmt: skip
    for days_ago in range(1, 15, 2):
        steps = (RunStep("trigger_point", "quadratus_lumborum", "left", True),
                 RunStep("exercise", "clamshell", "none", days_ago % 3 != 0))  # fmt: skip
        store.add_routine_run(
            RoutineRun(today - timedelta(days=days_ago), "subacute", 5, 3, steps, 1100)
        )


@shot("self_tests")
def self_tests(context: ShotContext) -> QWidget:
    """View → Self-tests: the modified Thomas test on the body art, with a result being entered."""
    from app.ui.main_window import MainWindow

    _past_check_ins(context.store)
    _self_test_history(context.store)
    window = MainWindow(context.store)
    window.show()
    context.settle()
    dialog = window.show_self_tests()
    dialog.select("thomas_modified")
    box = dialog.inputs["left"]
    box.setCurrentIndex(box.findData("thigh_up"))  # type: ignore[union-attr]
    context.settle()
    return dialog


@shot("routine")
def routine(context: ShotContext) -> QWidget:
    """View → Today's routine: the plan by stage, its total time and why."""
    from app.ui.main_window import MainWindow

    _past_check_ins(context.store)
    _self_test_history(context.store)
    window = MainWindow(context.store)
    window.show()
    context.settle()
    dialog = window.show_routine()
    context.settle()
    return dialog


@shot("routine_session")
def routine_session(context: ShotContext) -> QWidget:
    """The routine session on its third step."""
    from app.ui.main_window import MainWindow
    from app.ui.routine_view import RoutineSessionDialog

    _past_check_ins(context.store)
    _self_test_history(context.store)
    window = MainWindow(context.store)
    window.show()
    context.settle()
    plan = window.show_routine()
    plan.start_button.click()  # type: ignore[attr-defined]
    session = window.findChild(RoutineSessionDialog)
    assert session is not None
    session.before.setValue(5)
    session.begin()
    session.finish_step(True)
    session.finish_step(False)
    session.timer.stop()
    for _ in range(40):
        session._tick()
    context.settle()
    return session


@shot("progress_self_tests")
def progress_self_tests(context: ShotContext) -> QWidget:
    """Progress: self-tests and routine days under the pain line, adherence below."""
    from app.ui.progress_view import ProgressView

    _past_check_ins(context.store)
    _self_test_history(context.store)
    view = ProgressView(context.store)
    view.range_box.setCurrentText("month")
    view.resize(1100, 900)
    view.show()
    context.settle()
    return view.cards["tests"]


@shot("reminders")
def reminders(context: ShotContext) -> QWidget:
    """Settings → Reminders: the one switch, days and times, start with the session."""
    from datetime import time

    from app.domain.reminders import ReminderSettings, Schedule
    from app.ui.reminders import ReminderDialog

    schedules = (Schedule("check_in", frozenset(range(7)), time(8, 30)),
                 Schedule("routine", frozenset(range(5)), time(18, 0)))  # fmt: skip
    settings = ReminderSettings(True, schedules)
    dialog = ReminderDialog(settings)
    dialog.show()
    context.settle()
    return dialog


@shot("reminder_shown")
def reminder_shown(context: ShotContext) -> QWidget:
    """A reminder as it appears where the desktop has no notification area (the status bar)."""
    from datetime import time

    from PySide6.QtCore import QPoint, QRect

    from app.domain.reminders import SETTINGS_KEY, ReminderSettings, Schedule
    from app.ui.main_window import MainWindow

    settings = ReminderSettings(True, (Schedule("routine", frozenset(range(7)), time(0, 0)),))
    context.store.set_setting(SETTINGS_KEY, settings.to_json())
    window = MainWindow(context.store)
    window.resize(1100, 700)
    window.show()
    context.settle()
    controller = window.journal.start_reminders()
    controller.check()  # type: ignore[union-attr]
    context.settle()
    bar = window.statusBar()
    crop = QRect(QPoint(0, window.height() - 140), bar.geometry().bottomRight())
    label = _cropped(window, crop)
    window.close()
    return label


def _cropped(widget: QWidget, rect: object) -> QWidget:
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    label.setPixmap(widget.grab(rect))  # type: ignore[arg-type]
    label.resize(label.pixmap().size())
    return label


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"shots to take (default all: {list(SHOTS)})")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--scale", type=float, default=1.0, help="device pixel ratio")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in SHOTS]
    if unknown:
        parser.error(f"unknown shot {unknown[0]!r}; choose from {', '.join(SHOTS)}")

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    from app.store.journal import JournalStore
    from app.ui.application import create_application

    app = create_application()
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.names or list(SHOTS):
        with tempfile.TemporaryDirectory() as folder:
            store = JournalStore.open(Path(folder) / "journal.sqlite3")
            try:
                widget = SHOTS[name](ShotContext(app, store))
                target = args.out / f"{name}.png"
                if not widget.grab().save(str(target)):
                    raise SystemExit(f"could not write {target}")
                shown = target.relative_to(REPO) if target.is_relative_to(REPO) else target
                print(f"wrote {shown}")
                widget.setWindowModified(False)
                if hasattr(widget, "draft"):
                    widget.draft.load(None)  # nothing to save: close without asking
                widget.close()
            finally:
                store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
