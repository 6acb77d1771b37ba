"""Reminders in the window: a fake clock, firing once, dismissed, switched off; autostart file."""

from __future__ import annotations

import os
from datetime import datetime, time, timedelta
from pathlib import Path

from app.domain.journal import CheckIn
from app.domain.reminders import SETTINGS_KEY, ReminderSettings, Schedule
from app.store.autostart import autostart_path, set_autostart
from app.ui.reminders import ReminderDialog

SHOTS = os.environ.get("RELIEFMAP_SHOTS")
EVERY_DAY = frozenset(range(7))


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_a_reminder_fires_once_and_a_dismissal_holds_all_day(qtbot, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    store = window.store
    shown: list[tuple[str, str]] = []
    clock = Clock(datetime(2026, 12, 2, 8, 0))
    controller = window.journal.start_reminders(
        clock=clock, notify=lambda k, m: shown.append((k, m))
    )
    assert controller.check() == () and not controller.timer.isActive()  # off by default
    settings = ReminderSettings(True, (Schedule("check_in", EVERY_DAY, time(9)),
                                       Schedule("routine", EVERY_DAY, time(18))))  # fmt: skip
    store.set_setting(SETTINGS_KEY, settings.to_json())
    controller.apply()
    assert controller.timer.isActive()
    assert controller.check() == ()  # 08:00: too early
    clock.now = clock.now.replace(hour=9, minute=1)
    assert controller.check() == ("check_in",) and shown[0][0] == "check_in"
    clock.now += timedelta(hours=1)
    assert controller.check() == ()  # already shown today
    controller.dismiss("routine")  # "not today" before it even came
    clock.now = clock.now.replace(hour=19)
    assert controller.check() == ()
    clock.now += timedelta(days=1)  # the next day: a check-in already saved, so only... nothing
    store.add_check_in(CheckIn(clock.now.replace(hour=7), 3))
    store.add_check_in(CheckIn(clock.now.replace(hour=7, minute=5), 3))
    assert controller.check() == ("routine",)
    clock.now += timedelta(days=1)
    controller.dismiss_all()  # the tray's "No more reminders today"
    clock.now = clock.now.replace(hour=20)
    assert controller.check() == ()
    controller.set_enabled(False)  # the one switch
    assert not controller.timer.isActive()
    clock.now += timedelta(days=1)
    assert controller.check() == ()
    assert len(shown) == 2


def test_the_dialog_edits_the_settings_and_the_autostart_entry(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = ReminderDialog(ReminderSettings())
    qtbot.addWidget(dialog)
    on, _at, days = dialog.rows["routine"]
    assert not dialog.enabled.isChecked() and not on.isEnabled()  # off by default
    dialog.enabled.setChecked(True)
    assert on.isEnabled()
    days[6].setChecked(False)
    chosen = dialog.settings()
    assert chosen.enabled and 6 not in chosen.schedule("routine").days
    assert chosen.schedule("routine").at == time(18, 0)
    if SHOTS:
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.grab().save(str(Path(SHOTS) / "reminders.png"))
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path)}
    path = set_autostart(True, env)
    assert path == autostart_path(env) == tmp_path / "config" / "autostart" / "reliefmap.desktop"
    text = path.read_text()
    assert "[Desktop Entry]" in text and "Exec=" in text
    set_autostart(False, env)
    assert not path.exists()
    assert (
        autostart_path({"HOME": str(tmp_path)}) == tmp_path / ".config/autostart/reliefmap.desktop"
    )
