"""File → Export report: choose the period, name, paper and sections, see page 1, save a PDF.

Thin: ``app.domain.report`` decides what the report says and ``app.render.report`` draws it;
this dialog collects the choices, shows the preview and writes the file. matplotlib is loaded
when the dialog first opens, never at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEventLoop, QLocale, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationError
from app.domain.journal import EARLIEST_MOMENT, LATEST_MOMENT
from app.domain.report import MAX_NAME, REPORT_SECTIONS, ReportData, ReportPeriod, report_period

if TYPE_CHECKING:
    from app.domain.knowledge import KnowledgeBase
    from app.store.journal import JournalStore

#: The period choices: label -> number of days (None: everything; "custom": the date fields).
PERIODS: dict[str, int | str | None] = {
    "Last 30 days": 30,
    "Last 90 days": 90,
    "Last 6 months": 182,
    "Last year": 365,
    "Everything": None,
    "Custom dates": "custom",
}
PREVIEW_DPI = 64
PREVIEW_DELAY_MS = 150  # coalesce typing in the name field into one redraw


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class ReportDialog(QDialog):
    """Non-blocking for tests: call ``save_to(path)`` directly, or hook ``ask_save_path``."""

    ask_save_path: Callable[..., tuple[str, str]] = staticmethod(QFileDialog.getSaveFileName)  # type: ignore[assignment]

    def __init__(
        self,
        store: JournalStore,
        knowledge: KnowledgeBase,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        from app.domain.regions import default_catalog
        from app.store.demo import is_demo

        self.setWindowTitle(self.tr("Export report for a clinician"))
        self._today = today
        self._knowledge = knowledge
        self._regions = default_catalog()
        # The journal is read once; changing the choices only re-filters it.
        self._check_ins = store.all_check_ins()
        self._sessions = store.all_sessions()
        self._questionnaires = store.all_questionnaires()
        self._screens = store.all_red_flag_screens()
        self._self_tests = store.all_self_tests()
        self._routine_runs = store.all_routine_runs()
        self._demo = is_demo(store)
        from app.domain.person import PersonFacts

        self._person = PersonFacts.from_settings(store.get_setting)
        self.report: ReportData | None = None

        self.period_box = QComboBox()
        self.period_box.addItems(list(PERIODS))
        self.period_box.setCurrentText("Last 90 days")
        self.period_box.setAccessibleName(self.tr("Period"))
        now = today()
        self.from_edit = QDateEdit(_qdate(now.replace(day=1)))
        self.to_edit = QDateEdit(_qdate(now))
        for edit, name in ((self.from_edit, "From"), (self.to_edit, "To")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            # The journal's span of dates: beyond it, the domain refuses the period anyway.
            edit.setDateRange(_qdate(EARLIEST_MOMENT.date()), _qdate(LATEST_MOMENT.date()))
            edit.setAccessibleName(self.tr(name))
        dates = QHBoxLayout()
        dates.addWidget(self.from_edit)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.to_edit)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(MAX_NAME)
        self.name_edit.setPlaceholderText(self.tr("optional"))
        self.name_edit.setAccessibleName(self.tr("Name on the report"))
        self.paper_box = QComboBox()
        self.paper_box.addItem("A4", "a4")
        self.paper_box.addItem("Letter", "letter")
        self.paper_box.setAccessibleName(self.tr("Paper size"))
        if QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem:
            self.paper_box.setCurrentIndex(1)
        form = QFormLayout()
        form.addRow(self.tr("Period:"), self.period_box)
        form.addRow(self.tr("Dates:"), dates)
        form.addRow(self.tr("Name:"), self.name_edit)
        form.addRow(self.tr("Paper:"), self.paper_box)

        sections = QGroupBox(self.tr("Include"))
        sections_layout = QVBoxLayout(sections)
        summary = QCheckBox(self.tr("Summary (page 1, always)"))
        summary.setChecked(True)
        summary.setEnabled(False)
        sections_layout.addWidget(summary)
        self.section_boxes: dict[str, QCheckBox] = {}
        for key, label in REPORT_SECTIONS.items():
            box = QCheckBox(self.tr(label))
            box.setChecked(True)
            box.setAccessibleName(self.tr(label))
            box.toggled.connect(self._schedule_preview)
            sections_layout.addWidget(box)
            self.section_boxes[key] = box

        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b42318;")
        self.problem.setVisible(False)
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setStyleSheet("color: #6b7280;")

        privacy = QLabel(
            self.tr(
                "The report holds your health records. ReliefMap sends it nowhere: you choose "
                "who sees it. It informs your clinician; it is not a diagnosis."
            )
        )
        privacy.setWordWrap(True)
        privacy.setStyleSheet("color: #6b7280;")
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(sections)
        left.addWidget(self.about)
        left.addWidget(self.problem)
        left.addStretch(1)
        left.addWidget(privacy)

        self.preview = QLabel()
        self.preview.setAccessibleName(self.tr("Preview of page 1"))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setMinimumSize(int(8.5 * PREVIEW_DPI) + 4, int(11.69 * PREVIEW_DPI) + 4)
        self.preview.setStyleSheet("background: #e5e7eb;")
        preview_column = QVBoxLayout()
        preview_column.addWidget(QLabel(self.tr("<b>Page 1</b>")))
        preview_column.addWidget(self.preview, 1)

        self.save_button = QPushButton(self.tr("Save PDF…"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(preview_column)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        self.period_box.currentTextChanged.connect(self._on_period_changed)
        for signal in (self.from_edit.dateChanged, self.to_edit.dateChanged,
                       self.name_edit.textChanged, self.paper_box.currentIndexChanged):  # fmt: skip
            signal.connect(self._schedule_preview)
        self._on_period_changed(self.period_box.currentText())
        self.update_preview()

    # --- choices -------------------------------------------------------------------------

    def _on_period_changed(self, label: str) -> None:
        """Preset periods show their dates in the (read-only) date fields, so choosing
        "Custom dates" starts from the period the person was looking at."""
        custom = PERIODS.get(label) == "custom"
        self.from_edit.setEnabled(custom)
        self.to_edit.setEnabled(custom)
        if not custom:
            period = self.period()
            first = min((c.taken_at.date() for c in self._check_ins), default=period.end)
            for edit, day in ((self.from_edit, period.start or first), (self.to_edit, period.end)):
                edit.blockSignals(True)
                edit.setDate(_qdate(day))
                edit.blockSignals(False)
        self._schedule_preview()

    def _schedule_preview(self, *_args: object) -> None:
        self._timer.start()

    def period(self) -> ReportPeriod:
        """The chosen period (ValidationError when the custom dates are the wrong way round)."""
        choice = PERIODS[self.period_box.currentText()]
        today = self._today()
        if choice == "custom":
            return report_period(
                today, start=_pydate(self.from_edit.date()), end=_pydate(self.to_edit.date())
            )
        if choice is None:
            return ReportPeriod(None, today)
        assert isinstance(choice, int)
        return report_period(today, days=choice)

    def paper(self) -> str:
        return str(self.paper_box.currentData())

    def sections(self) -> list[str]:
        return [key for key, box in self.section_boxes.items() if box.isChecked()]

    # --- preview -------------------------------------------------------------------------

    def _build(self) -> ReportData | None:
        from app.domain.report import build_report

        try:
            report = build_report(
                self._check_ins,
                self._sessions,
                self._questionnaires,
                self._screens,
                self.period(),
                self._knowledge,
                self._regions,
                self._today(),
                name=self.name_edit.text(),
                demo=self._demo,
                person=self._person,
                self_tests=self._self_tests,
                routine_runs=self._routine_runs,
            )
        except ValidationError as error:
            self.problem.setText(str(error))
            self.problem.setVisible(True)
            return None
        self.problem.setVisible(False)
        return report

    def update_preview(self) -> None:
        """Rebuild the report for the current choices and draw page 1."""
        from app.render.report import first_page_png

        self._timer.stop()
        self.report = self._build()
        self.save_button.setEnabled(self.report is not None)
        if self.report is None:
            self.preview.clear()
            self.about.clear()
            return
        pixmap = QPixmap()
        pixmap.loadFromData(first_page_png(self.report, self.paper(), PREVIEW_DPI), "PNG")
        self.preview.setPixmap(pixmap)
        report = self.report
        if report.has_data:
            self.about.setText(
                self.tr("{period}: {n} check-ins, {s} sessions.").format(
                    period=report.period_text,
                    n=len(report.check_in_rows),
                    s=len(report.session_rows),
                )
            )
        else:
            self.about.setText(
                self.tr(
                    "Nothing was recorded in {period}: the report will be one page that says so."
                ).format(period=report.period_text)
            )

    # --- saving --------------------------------------------------------------------------

    def save(self) -> None:
        if self._timer.isActive():
            self.update_preview()
        if self.report is None:
            return
        suggested = f"reliefmap-report-{self._today():%Y-%m-%d}.pdf"
        path, _filter = self.ask_save_path(
            self, self.tr("Save report"), suggested, self.tr("PDF (*.pdf)")
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> int | None:
        """Write the PDF (all at once, private to the user); returns its page count.

        The pages are drawn on a worker thread behind a busy indicator: a long report takes
        seconds, and a window that stops repainting looks crashed.
        """
        from app.store.errors import StoreError
        from app.store.transfer import write_private

        if self.report is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self._timer.stop()  # no preview may draw while the worker draws
        try:
            pdf, pages = self._draw_pdf(self.report, self.paper(), self.sections())
            write_private(path, pdf)
        except StoreError as error:
            QMessageBox.warning(self, self.tr("The report was not saved"), str(error))
            return None
        QMessageBox.information(
            self,
            self.tr("Report saved"),
            self.tr("Saved a {n}-page report to {path}.").format(n=pages, path=path),
        )
        return pages

    def _draw_pdf(self, report: ReportData, paper: str, sections: list[str]) -> tuple[bytes, int]:
        from concurrent.futures import ThreadPoolExecutor

        from app.render.report import report_pdf_bytes

        busy = QProgressDialog(self.tr("Drawing the report…"), "", 0, 0, self)
        busy.setCancelButton(None)  # type: ignore[arg-type]
        busy.setWindowModality(Qt.WindowModality.WindowModal)
        busy.setMinimumDuration(400)
        loop = QEventLoop(self)
        poll = QTimer(self)
        poll.setInterval(25)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="report") as pool:
            future = pool.submit(report_pdf_bytes, report, paper, sections)
            poll.timeout.connect(lambda: loop.quit() if future.done() else None)
            poll.start()
            if not future.done():
                loop.exec()
            poll.stop()
        busy.close()
        return future.result()
