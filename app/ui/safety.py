"""Safety first: the red-flag screen, the "seek medical care now" banner, and the disclaimer.

The questions and the advice come from the knowledge base (``data/red_flags.csv``); which
answers are urgent is decided there too. This module only asks and shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationError
from app.domain.knowledge import RedFlag
from app.domain.person import MIN_BIRTH_YEAR, PersonFacts
from app.domain.screening import RedFlagScreen

DISCLAIMER = (
    "ReliefMap gives general information for people looking after their own back pain; it does "
    "not diagnose or replace a clinician. Self-massage, acupressure and stretches are add-ons to "
    "staying active and exercising. Stop anything that makes pain sharper or spreads it, and see "
    "a doctor if pain is severe, getting worse, or not improving after a few weeks. Seek care "
    "now for numbness between the legs, bladder or bowel changes, weakness in the legs, fever, "
    "or pain after a major injury."
)


class RedFlagScreenDialog(QDialog):
    """A few plain questions, each answered Yes or No; ``screen`` holds the answers after Save.

    Every question needs an explicit answer (Save waits for all of them): an unticked box
    cannot tell "no" from "skipped", and a clinician reading the report must know which it was.
    """

    run: Callable[[QDialog], bool] = staticmethod(  # type: ignore[assignment]
        lambda dialog: dialog.exec() == QDialog.DialogCode.Accepted
    )

    def __init__(self, flags: Sequence[RedFlag], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Safety questions"))
        self.screen: RedFlagScreen | None = None
        intro = QLabel(
            self.tr(
                "Before self-care, a few questions about signs that need a doctor rather than "
                "home treatment. Answer each one for how you are now."
            )
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setColumnStretch(0, 1)
        self.questions: dict[str, QLabel] = {}
        self.answers: dict[str, QButtonGroup] = {}
        # In the order given: the safety layer puts the cauda-equina questions first.
        for row, flag in enumerate(flags):
            question = QLabel(flag.question)
            question.setWordWrap(True)
            question.setStyleSheet("padding: 4px 0;")
            group = QButtonGroup(self)
            grid.addWidget(question, row, 0)
            for column, (label, value) in enumerate(((self.tr("Yes"), 1), (self.tr("No"), 0))):
                button = QRadioButton(label)
                button.setAccessibleName(f"{label}: {flag.question}")
                group.addButton(button, value)
                grid.addWidget(button, row, 1 + column)
            group.idToggled.connect(self._update_save)
            self.questions[flag.id] = question
            self.answers[flag.id] = group
        page = QWidget()
        page.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(scroll, 1)
        self.remaining = QLabel()
        self.remaining.setStyleSheet("color: #6b7280;")
        layout.addWidget(self.remaining)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update_save()
        self.resize(700, 520)

    def set_answer(self, flag: str, yes: bool) -> None:
        self.answers[flag].button(1 if yes else 0).setChecked(True)

    def unanswered(self) -> list[str]:
        return [flag for flag, group in self.answers.items() if group.checkedId() == -1]

    def _update_save(self, *_args: object) -> None:
        missing = len(self.unanswered())
        self.save_button.setEnabled(missing == 0)
        self.remaining.setText(
            self.tr("{n} question(s) still to answer.").format(n=missing) if missing else ""
        )

    def _save(self) -> None:
        if self.unanswered():
            return
        answered = frozenset(flag for flag, group in self.answers.items() if group.checkedId() == 1)
        self.screen = RedFlagScreen(datetime.now().replace(microsecond=0), answered)
        self.accept()


class SeekCareBanner(QFrame):
    """A persistent red banner with the reason, until the person confirms an assessment."""

    assessed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("seekCare")
        self.setStyleSheet(
            "#seekCare { background: #fde8e8; border: 1px solid #f5b5b5; border-radius: 8px; }"
            "#seekCare QLabel { color: #8a1c1c; }"
        )
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAccessibleName(self.tr("Seek medical care now"))
        self.button = QPushButton(self.tr("I have been assessed"))
        self.button.setAccessibleName(self.tr("I have been assessed by a clinician"))
        self.button.clicked.connect(self._confirm)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self.setVisible(False)

    def show_advice(self, advice: Sequence[str], can_confirm: bool = True) -> None:
        """The whole advice, word-wrapped; "I have been assessed" only for answered flags
        (a warning sign drawn on the map goes away when the mark does)."""
        from html import escape

        lines = [escape(line) for line in advice]
        if lines:
            lines[0] = f"<b>{lines[0]}</b>"
        self.text.setText("<br>".join(lines))
        self.button.setVisible(can_confirm)
        self.setVisible(True)

    def _confirm(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Assessed by a clinician?"),
            self.tr(
                "Only continue if a doctor or other clinician has checked the symptoms you "
                "reported and said self-care is safe."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.setVisible(False)
            self.assessed.emit()


class PersonDialog(QDialog):
    """Age, when this episode began and what movement eases it: the safety layer's inputs.

    ``facts`` holds the validated answers after Save; a bad value shows its message inline
    and nothing is saved.
    """

    run: Callable[[QDialog], bool] = staticmethod(  # type: ignore[assignment]
        lambda dialog: dialog.exec() == QDialog.DialogCode.Accepted
    )

    def __init__(
        self, facts: PersonFacts, journal_start: date | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About you and this episode"))
        self.facts: PersonFacts | None = None
        self._pregnant = facts.pregnant
        today = date.today()
        intro = QLabel(
            self.tr(
                "These answers adapt the advice: how long the pain has lasted decides which "
                "phase's exercises come first, and age matters for some warning signs."
            )
        )
        intro.setWordWrap(True)
        self.birth_year = QSpinBox()
        self.birth_year.setRange(MIN_BIRTH_YEAR - 1, today.year)
        self.birth_year.setSpecialValueText(self.tr("Not given"))
        self.birth_year.setValue(facts.birth_year or MIN_BIRTH_YEAR - 1)
        self.birth_year.setAccessibleName(self.tr("Year of birth"))
        self.own_date = QCheckBox(self.tr("I &know when this episode began:"))
        self.began = QDateEdit()
        self.began.setCalendarPopup(True)
        self.began.setDisplayFormat("yyyy-MM-dd")
        self.began.setMaximumDate(QDate(today.year, today.month, today.day))
        shown = facts.episode_began or journal_start or today
        self.began.setDate(QDate(shown.year, shown.month, shown.day))
        self.began.setAccessibleName(self.tr("Date this episode began"))
        self.own_date.setChecked(facts.episode_began is not None)
        self.began.setEnabled(self.own_date.isChecked())
        self.own_date.toggled.connect(self.began.setEnabled)
        estimate = (
            self.tr("Your journal suggests {day}.").format(day=journal_start.isoformat())
            if journal_start
            else self.tr("Your journal has no pain recorded yet.")
        )
        self.estimate = QLabel(estimate + " " + self.tr("Unticked, ReliefMap uses that."))
        self.estimate.setWordWrap(True)
        self.eases = QComboBox()
        self.eases.setAccessibleName(self.tr("Which movement eases the pain"))
        for text, value in (
            (self.tr("Not sure / neither"), None),
            (self.tr("Bending backward or lying face down"), "extension"),
            (self.tr("Sitting or bending forward (walking brings on leg pain)"), "flexion"),
        ):
            self.eases.addItem(text, value)
        self.eases.setCurrentIndex(max(0, self.eases.findData(facts.eases)))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #8a1c12;")
        form = QFormLayout()
        form.addRow(self.tr("Year of &birth:"), self.birth_year)
        form.addRow(self.own_date, self.began)
        form.addRow("", self.estimate)
        form.addRow(self.tr("What &eases it:"), self.eases)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _save(self) -> None:
        year = self.birth_year.value()
        began = self.began.date().toPython() if self.own_date.isChecked() else None
        facts = PersonFacts(
            birth_year=year if year >= MIN_BIRTH_YEAR else None,
            episode_began=began,  # type: ignore[arg-type]
            eases=self.eases.currentData(),
            pregnant=self._pregnant,
        )
        try:
            facts.validate(date.today())
        except ValidationError as error:
            self.message.setText(str(error))
            return
        self.facts = facts
        self.accept()


class SafetyRulesDialog(QDialog):
    """Help → Safety rules: docs/safety.md as formatted text, readable by a clinician."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.resources import docs_dir

        self.setWindowTitle(self.tr("Safety rules and their sources"))
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        path = docs_dir() / "safety.md"
        try:
            self.text.setMarkdown(path.read_text(encoding="utf-8"))
        except OSError as error:
            self.text.setPlainText(
                self.tr("The safety rules could not be read ({error}).").format(error=error)
            )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(760, 560)
