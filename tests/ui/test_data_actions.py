"""The File menu's data safety: backups, export/import, restore, delete-all, no network."""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from app.store.backup import backup_now, list_backups
from app.store.paths import backup_dir_for
from app.ui.data_actions import DataActions, DeleteAllDialog, RestoreDialog

GUI_WRITER = Path(__file__).with_name("gui_save_writer.py")


def mark_and_save(qtbot, window, region: str = "low_back_left", pain: int = 5) -> None:  # type: ignore[no-untyped-def]
    window.editor.activate_region(region)
    window.form.pain_spin.setValue(pain)
    assert window.editor.save()


def test_opening_takes_the_daily_backup_off_the_gui_thread(qtbot, open_window, journal_path):  # type: ignore[no-untyped-def]
    window = open_window()
    mark_and_save(qtbot, window)
    assert window.data_actions.wait_for_backups()
    qtbot.waitUntil(lambda: bool(list_backups(journal_path)))
    assert list_backups(journal_path)[0].reason == "daily"


def test_export_and_import_through_the_menu(qtbot, open_window, tmp_path, monkeypatch, dialogs):  # type: ignore[no-untyped-def]
    window = open_window()
    mark_and_save(qtbot, window)
    target = tmp_path / "out.json"
    monkeypatch.setattr(DataActions, "ask_save_path", staticmethod(lambda *a: (str(target), "")))
    window.data_actions.export_json_action.trigger()
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["format"] == "reliefmap-journal" and len(document["check_ins"]) == 1
    document["check_ins"][0]["uid"] = "importedentry1"
    (tmp_path / "in.json").write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setattr(
        DataActions, "ask_open_path", staticmethod(lambda *a: (str(tmp_path / "in.json"), ""))
    )
    window.data_actions.import_action.trigger()
    assert window.store.count_check_ins() == 2
    assert window.history.model.rowCount() == 2
    assert any("Imported 1 entries" in text for text in dialogs.texts("information"))


def test_a_bad_import_file_changes_nothing(qtbot, open_window, tmp_path, monkeypatch, dialogs):  # type: ignore[no-untyped-def]
    window = open_window()
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(DataActions, "ask_open_path", staticmethod(lambda *a: (str(bad), "")))
    window.data_actions.import_action.trigger()
    assert window.store.count_check_ins() == 0
    assert any("not valid JSON" in text for text in dialogs.texts("warning"))


def test_restore_from_backup_keeps_the_current_journal(
    qtbot, open_window, journal_path, monkeypatch, dialogs
):  # type: ignore[no-untyped-def]
    window = open_window()
    mark_and_save(qtbot, window, pain=3)
    window.data_actions.wait_for_backups()
    backup_now(journal_path, "manual", datetime(2026, 1, 1, 9))
    window.editor.new_check_in()
    mark_and_save(qtbot, window, region="sacrum", pain=8)
    assert window.store.count_check_ins() == 2
    chosen: list[str] = []

    def accept(dialog: QDialog) -> int:
        assert isinstance(dialog, RestoreDialog)
        manual = next(i for i, b in enumerate(dialog.backups) if b.reason == "manual")
        dialog.list.setCurrentRow(manual)
        chosen.append(dialog.list.currentItem().text())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DataActions, "exec_dialog", staticmethod(accept))
    dialogs.answer = dialogs.answer.Yes
    window.data_actions.restore_action.trigger()
    assert "1 check-ins" in chosen[0]
    assert window.store.count_check_ins() == 1
    assert any(b.reason == "before-restore" for b in list_backups(journal_path))


def test_delete_all_needs_the_typed_word(qtbot, open_window, journal_path, monkeypatch):  # type: ignore[no-untyped-def]
    window = open_window()
    mark_and_save(qtbot, window)
    window.data_actions.wait_for_backups()
    typed: list[str] = ["delete"]

    def type_and_accept(dialog: QDialog) -> int:
        assert isinstance(dialog, DeleteAllDialog)
        dialog.field.setText(typed[0])
        if not dialog.ok.isEnabled():
            return QDialog.DialogCode.Rejected
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DataActions, "exec_dialog", staticmethod(type_and_accept))
    window.data_actions.delete_action.trigger()
    assert journal_path.exists()  # lower-case "delete" is not the confirmation
    typed[0] = "DELETE"
    window.data_actions.delete_action.trigger()
    assert not journal_path.exists()
    assert not backup_dir_for(journal_path).exists()


def test_a_full_session_opens_no_network_connection(qtbot, open_window, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    opened: list[object] = []
    real_socket = socket.socket

    class WatchedSocket(real_socket):  # type: ignore[misc, valid-type]
        def __init__(self, *args: object, **kwargs: object) -> None:
            opened.append(args)
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "socket", WatchedSocket)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: opened.append(a))
    window = open_window()
    for region in ("low_back_left", "buttock_lower_left", "calf_left"):
        window.editor.activate_region(region)
    window.form.pain_spin.setValue(6)
    assert window.editor.save()
    monkeypatch.setattr(
        DataActions, "ask_save_path", staticmethod(lambda *a: (str(tmp_path / "e.json"), ""))
    )
    window.data_actions.export_json_action.trigger()
    window.data_actions.wait_for_backups()
    window.close()
    assert opened == []
    assert "PySide6.QtNetwork" not in sys.modules


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_killing_the_gui_mid_save_loses_nothing_saved(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    rng = random.Random(7)
    saved: set[str] = set()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for _ in range(8):
        child = subprocess.Popen(
            [sys.executable, str(GUI_WRITER), str(journal)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        lines: list[str] = []
        reader = threading.Thread(target=lines.extend, args=(child.stdout,), daemon=True)
        reader.start()
        time.sleep(rng.uniform(0.05, 0.4))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        reader.join(timeout=5)
        saved.update(line.split()[1] for line in lines if line.startswith("saved "))
    assert len(saved) >= 8
    with sqlite3.connect(journal) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in connection.execute("SELECT uid FROM check_ins")}
        bad = connection.execute(
            "SELECT COUNT(*) FROM check_ins c WHERE (SELECT COUNT(*) FROM pain_marks m "
            "WHERE m.check_in_id = c.id) != 2"
        ).fetchone()[0]
    assert saved <= stored and bad == 0
