"""First run on an empty journal: start your own, or explore the labelled demo journal."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.store.demo import is_demo
from app.ui.controllers import journal_life


def test_choosing_the_demo_opens_a_separate_labelled_journal(
    open_window, journal_path, tmp_path, monkeypatch, dialogs
):  # type: ignore[no-untyped-def]
    demo_path = tmp_path / "demo" / "demo-journal.sqlite3"
    monkeypatch.setattr(journal_life, "default_demo_path", lambda: demo_path)
    window = open_window()
    dialogs.answer = QMessageBox.StandardButton.Yes
    assert window.journal.offer_demo()
    assert window.store.path == demo_path.resolve() and is_demo(window.store)
    assert window.store.count_check_ins() > 100
    assert "demo journal" in window.windowTitle()
    assert window.demo_label.isVisibleTo(window) and "not yours" in window.demo_label.text()
    assert window.history.model.rowCount() == window.store.count_check_ins()
    assert journal_path.exists()  # the person's own journal stays, empty and separate


def test_declining_is_remembered(open_window, dialogs) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    dialogs.answer = QMessageBox.StandardButton.No
    assert not window.journal.offer_demo()
    asked = len(dialogs.texts("question"))
    assert not window.journal.offer_demo()
    assert len(dialogs.texts("question")) == asked  # not asked again
    assert not is_demo(window.store)
    assert not window.demo_label.isVisibleTo(window) and "demo" not in window.windowTitle()


def test_a_demo_journal_opened_directly_is_labelled(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """reliefmap --db demo.sqlite3 (or File → Restore into it) says it is the demo too."""
    from app.domain.demo import generate_demo_journal
    from app.store.demo import write_demo_journal
    from app.store.journal import JournalStore
    from app.ui.main_window import MainWindow

    store = JournalStore.open(tmp_path / "demo.sqlite3")
    write_demo_journal(store, generate_demo_journal())
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    assert "demo journal" in window.windowTitle()
    assert window.demo_label.isVisibleTo(window)
    window.setWindowModified(False)
    window.draft.load(None)
    window.close()
    store.close()
