"""File → Export report: the dialog's choices, its page-1 preview and the saved PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog

from app.domain.demo import generate_demo_journal
from app.store.demo import write_demo_journal
from app.store.knowledge_db import open_knowledge
from app.ui.data_actions import DataActions
from app.ui.report_dialog import ReportDialog

TODAY = date(2026, 11, 24)


def demo_dialog(qtbot, open_store) -> ReportDialog:  # type: ignore[no-untyped-def]
    store = open_store()
    write_demo_journal(store, generate_demo_journal(end=TODAY))
    dialog = ReportDialog(store, open_knowledge(), today=lambda: TODAY)
    qtbot.addWidget(dialog)
    return dialog


def test_file_menu_opens_the_dialog_on_the_open_journal(qtbot, open_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    write_demo_journal(window.store, generate_demo_journal(end=date.today()))
    seen: list[ReportDialog] = []

    def look(dialog: QDialog) -> int:
        assert isinstance(dialog, ReportDialog)
        seen.append(dialog)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(DataActions, "exec_dialog", staticmethod(look))
    menu_texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Export &report for a clinician (PDF)…" in menu_texts
    window.data_actions.report_action.trigger()
    (dialog,) = seen
    assert dialog.report is not None and dialog.report.has_data
    assert len(dialog.report.check_in_rows) == sum(
        (date.today() - c.taken_at.date()).days < 90 for c in window.store.all_check_ins()
    )


def test_preview_shows_page_one_for_the_paper_chosen(qtbot, open_store) -> None:  # type: ignore[no-untyped-def]
    dialog = demo_dialog(qtbot, open_store)
    a4 = dialog.preview.pixmap()
    assert not a4.isNull()
    assert a4.height() / a4.width() == pytest.approx(11.69 / 8.27, rel=0.02)
    dialog.paper_box.setCurrentIndex(dialog.paper_box.findData("letter"))
    dialog.update_preview()
    letter = dialog.preview.pixmap()
    assert letter.height() / letter.width() == pytest.approx(11 / 8.5, rel=0.02)
    assert "check-ins" in dialog.about.text()


def test_preset_periods_fill_the_dates_and_custom_dates_are_checked(qtbot, open_store) -> None:  # type: ignore[no-untyped-def]
    dialog = demo_dialog(qtbot, open_store)
    dialog.period_box.setCurrentText("Last 30 days")
    assert dialog.from_edit.date() == QDate(2026, 10, 26) and not dialog.from_edit.isEnabled()
    assert dialog.to_edit.date() == QDate(2026, 11, 24)
    dialog.period_box.setCurrentText("Custom dates")
    assert dialog.from_edit.isEnabled()
    dialog.from_edit.setDate(QDate(2026, 11, 30))
    dialog.update_preview()
    assert not dialog.problem.isHidden() and "after it ends" in dialog.problem.text()
    assert not dialog.save_button.isEnabled() and dialog.report is None
    dialog.from_edit.setDate(QDate(2026, 11, 1))
    dialog.update_preview()
    assert dialog.save_button.isEnabled() and dialog.problem.isHidden()
    assert dialog.report is not None and dialog.report.period.start == date(2026, 11, 1)


def test_saving_writes_the_chosen_sections(
    qtbot, open_store, tmp_path: Path, dialogs, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    dialog = demo_dialog(qtbot, open_store)
    dialog.name_edit.setText("Alex Example")
    target = tmp_path / "for the physio"  # no suffix: .pdf is added
    monkeypatch.setattr(ReportDialog, "ask_save_path", staticmethod(lambda *a: (str(target), "")))
    dialog.save()  # the name change is still waiting for its preview: save uses it anyway
    saved = tmp_path / "for the physio.pdf"
    full = PdfReader(saved)
    assert len(full.pages) > 3
    assert "Name: Alex Example" in full.pages[0].extract_text()
    assert any("Saved a" in text for text in dialogs.texts("information"))

    for box in dialog.section_boxes.values():
        box.setChecked(False)
    assert dialog.save_to(tmp_path / "summary.pdf") == 1
    assert len(PdfReader(tmp_path / "summary.pdf").pages) == 1


def test_an_empty_journal_previews_and_saves_a_short_report(
    qtbot, open_store, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = ReportDialog(open_store(), open_knowledge(), today=lambda: TODAY)
    qtbot.addWidget(dialog)
    assert not dialog.preview.pixmap().isNull()
    assert "Nothing was recorded" in dialog.about.text()
    assert dialog.save_to(tmp_path / "empty.pdf") == 1
    assert "Nothing was recorded" in PdfReader(tmp_path / "empty.pdf").pages[0].extract_text()


def test_a_folder_that_cannot_be_written_is_a_message_not_a_crash(
    qtbot, open_store, tmp_path: Path, dialogs
) -> None:  # type: ignore[no-untyped-def]
    dialog = demo_dialog(qtbot, open_store)
    (tmp_path / "taken.pdf").mkdir()  # a folder where the file should go
    assert dialog.save_to(tmp_path / "taken.pdf") is None
    assert any("Cannot write" in text for text in dialogs.texts("warning"))
