"""Reminders while ReliefMap runs: the desktop's notification area, the settings dialog.

When a reminder is due is decided by ``app.domain.reminders.due`` (tested with fixed clocks);
this module asks it once a minute, shows the reminder through ``QSystemTrayIcon`` (or the
window's status bar where the desktop has no notification area), and records that it was
shown, so it never comes back the same day. Off by default; one switch turns it off.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QObject, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSystemTrayIcon,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.reminders import (
    DAY_NAMES,
    KIND_NAMES,
    KINDS,
    MESSAGES,
    SETTINGS_KEY,
    SHOWN_KEY,
    ReminderSettings,
    Schedule,
    describe,
    due,
    shown_from_json,
    shown_to_json,
)
from app.store.journal import JournalStore

CHECK_EVERY_MS = 60_000


def load_settings(store: JournalStore) -> ReminderSettings:
    return ReminderSettings.from_json(store.get_setting(SETTINGS_KEY))


def done_today(store: JournalStore, kind: str, today: date) -> bool:
    """A check-in saved today, or a routine run today: nothing to remind about."""
    start = datetime.combine(today, time())
    end = start + timedelta(days=1)
    if kind == "check_in":
        return bool(store.all_check_ins(start=start, end=end))
    return bool(store.all_routine_runs(start=start, end=end))


class ReminderController(QObject):
    """Checks once a minute whether a reminder is due and shows it once that day."""

    open_requested = Signal(str)  # the reminder's kind, when the person clicks it

    def __init__(self, store: JournalStore, parent: QWidget, *,
                 clock: Callable[[], datetime] = datetime.now,
                 notify: Callable[[str, str], None] | None = None,
                 interval_ms: int = CHECK_EVERY_MS) -> None:  # fmt: skip
        super().__init__(parent)
        self.store = store
        self._clock = clock
        self._last_kind = ""
        self.tray: QSystemTrayIcon | None = None
        if notify is None and QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(parent.windowIcon(), self)
            menu = QMenu(parent)
            open_action = QAction(self.tr("Open ReliefMap"), menu)
            open_action.triggered.connect(lambda: self.open_requested.emit(""))
            today_action = QAction(self.tr("No more reminders today"), menu)
            today_action.triggered.connect(self.dismiss_all)
            off_action = QAction(self.tr("Turn reminders off"), menu)
            off_action.triggered.connect(lambda: self.set_enabled(False))
            menu.addActions([open_action, today_action, off_action])
            self.tray.setContextMenu(menu)
            self.tray.messageClicked.connect(lambda: self.open_requested.emit(self._last_kind))
        self._notify = notify or self._show
        self._parent = parent
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.apply()

    def apply(self) -> None:
        """Follow the settings: run the minute timer and show the tray icon only when on."""
        settings = load_settings(self.store)
        if settings.enabled:
            self.timer.start()
        else:
            self.timer.stop()
        if self.tray is not None:
            self.tray.setToolTip(describe(settings))
            self.tray.setVisible(settings.enabled)

    def set_enabled(self, enabled: bool) -> None:
        """The one switch."""
        from dataclasses import replace

        settings = replace(load_settings(self.store), enabled=enabled)
        self.store.set_setting(SETTINGS_KEY, settings.to_json())
        self.apply()

    def check(self) -> tuple[str, ...]:
        """Show every reminder due now (each at most once a day)."""
        now = self._clock()
        shown = shown_from_json(self.store.get_setting(SHOWN_KEY))
        kinds = due(load_settings(self.store), now, shown,
                    lambda kind: done_today(self.store, kind, now.date()))  # fmt: skip
        for kind in kinds:
            shown[kind] = now.date()
            self.store.set_setting(SHOWN_KEY, shown_to_json(shown))  # before showing: never twice
            self._last_kind = kind
            self._notify(kind, self.tr(MESSAGES[kind]))
        return kinds

    def dismiss(self, kind: str) -> None:
        """'Not today': no more reminders of this kind until tomorrow."""
        shown = shown_from_json(self.store.get_setting(SHOWN_KEY))
        shown[kind] = self._clock().date()
        self.store.set_setting(SHOWN_KEY, shown_to_json(shown))

    def dismiss_all(self) -> None:
        for kind in KINDS:
            self.dismiss(kind)

    def _show(self, kind: str, message: str) -> None:
        title = self.tr("ReliefMap: {k}").format(k=KIND_NAMES[kind])
        if self.tray is not None and self.tray.isVisible():
            self.tray.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, 15_000)
            return
        status = getattr(self._parent, "statusBar", None)
        if callable(status):
            status().showMessage(f"{title}: {message}", 60_000)


class ReminderDialog(QDialog):
    """Settings → Reminders: the switch, days and times for each, start with the session."""

    def __init__(self, settings: ReminderSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reminders"))
        self.enabled = QCheckBox(self.tr("Remind me while ReliefMap is open (off by default)"))
        self.enabled.setChecked(settings.enabled)
        self.enabled.setAccessibleName(self.tr("Reminders on or off"))
        self.rows: dict[str, tuple[QCheckBox, QTimeEdit, list[QCheckBox]]] = {}
        groups = QVBoxLayout()
        for kind in KINDS:
            schedule = settings.schedule(kind)
            box = QGroupBox(self.tr("Reminder for the {k}").format(k=KIND_NAMES[kind]))
            grid = QGridLayout(box)
            on = QCheckBox(self.tr("On"))
            on.setChecked(schedule.on)
            at = QTimeEdit(QTime(schedule.at.hour, schedule.at.minute))
            at.setDisplayFormat("HH:mm")
            at.setAccessibleName(self.tr("Time of the {k} reminder").format(k=KIND_NAMES[kind]))
            grid.addWidget(on, 0, 0)
            grid.addWidget(QLabel(self.tr("from")), 0, 1)
            grid.addWidget(at, 0, 2)
            days = []
            row = QHBoxLayout()
            for number, name in enumerate(DAY_NAMES):
                day = QCheckBox(self.tr(name))
                day.setChecked(number in schedule.days)
                row.addWidget(day)
                days.append(day)
            grid.addLayout(row, 1, 0, 1, 4)
            self.rows[kind] = (on, at, days)
            groups.addWidget(box)
        self.autostart = QCheckBox(self.tr("Start ReliefMap when I log in (Linux desktops)"))
        self.autostart.setChecked(settings.autostart)
        self.autostart.setEnabled(sys.platform.startswith("linux"))
        hint = QLabel(
            self.tr("A reminder comes once on a chosen day, from the time you set, unless you "
                    "have already done it that day; dismissing it means no more that day.")
        )  # fmt: skip
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5d6b78;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.enabled.toggled.connect(self._follow_switch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.enabled)
        layout.addLayout(groups)
        layout.addWidget(self.autostart)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self._follow_switch(settings.enabled)

    def _follow_switch(self, on: bool) -> None:
        for check, at, days in self.rows.values():
            for widget in (check, at, *days):
                widget.setEnabled(on)

    def settings(self) -> ReminderSettings:
        schedules = []
        for kind, (on, at, days) in self.rows.items():
            chosen = frozenset(n for n, day in enumerate(days) if day.isChecked())
            when = at.time()
            schedules.append(Schedule(kind, chosen, time(when.hour(), when.minute()),
                                      on.isChecked()))  # fmt: skip
        return ReminderSettings(self.enabled.isChecked(), tuple(schedules),
                                self.autostart.isChecked())  # fmt: skip


def edit_reminders(store: JournalStore, parent: QWidget,
                   controller: ReminderController | None) -> ReminderDialog:  # fmt: skip
    """Show the dialog; on Save store the settings, update the autostart entry, re-apply."""
    from app.store.autostart import set_autostart

    dialog = ReminderDialog(load_settings(store), parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def save() -> None:
        chosen = dialog.settings()
        store.set_setting(SETTINGS_KEY, chosen.to_json())
        if sys.platform.startswith("linux"):
            set_autostart(chosen.enabled and chosen.autostart)
        if controller is not None:
            controller.apply()

    dialog.accepted.connect(save)
    dialog.show()
    return dialog
