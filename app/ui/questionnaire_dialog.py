"""Fill in an outcome questionnaire (ODI, Roland-Morris, PSFS) and see its score.

The official item wording of the ODI (Mapi Research Trust) and the RMDQ is licensed, so the
app shows the published section topics with plain 0-5 anchors (ODI) and short paraphrases
(RMDQ); scoring follows the published rules (``app.domain.questionnaires``). Check the
instruments' licence terms before shipping their exact text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationError
from app.domain.questionnaires import QuestionnaireResponse, score

ODI_SECTIONS = (
    "Pain intensity", "Personal care (washing, dressing)", "Lifting", "Walking", "Sitting",
    "Standing", "Sleeping", "Sex life (skip if not applicable)", "Social life", "Travelling",
)  # fmt: skip
ODI_ANCHORS = ("0 none", "1", "2", "3", "4", "5 worst")
RMDQ_ITEMS = (
    "I stay at home more because of my back", "I change position often to get comfortable",
    "I walk more slowly than usual", "I do fewer jobs around the house",
    "I use a handrail to get upstairs", "I lie down to rest more often",
    "I hold on to something to get out of a chair", "Others do things for me",
    "I dress more slowly than usual", "I only stand for short periods",
    "I avoid bending or kneeling", "Getting out of a chair is hard",
    "My back hurts almost all the time", "Turning over in bed is hard",
    "My appetite is worse", "Putting on socks or tights is hard",
    "I only walk short distances", "I sleep less well", "I need help to dress",
    "I sit down for most of the day", "I avoid heavy jobs", "I am more irritable than usual",
    "I go upstairs more slowly", "I stay in bed most of the time",
)  # fmt: skip
TITLES = {
    "odi": "Oswestry Disability Index",
    "rmdq": "Roland-Morris Disability Questionnaire",
    "psfs": "Patient-specific functional scale",
}
PSFS_ROWS = 5


class QuestionnaireDialog(QDialog):
    """One questionnaire; ``response`` holds the validated answers after Save."""

    #: How the dialog is run (tests replace it: a modal dialog offscreen would block).
    run: Callable[[QDialog], bool] = staticmethod(
        lambda dialog: dialog.exec() == QDialog.DialogCode.Accepted
    )  # type: ignore[assignment]

    def __init__(self, instrument: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.instrument = instrument
        self.response: QuestionnaireResponse | None = None
        self.setWindowTitle(self.tr(TITLES[instrument]))
        self.odi_groups: list[QButtonGroup] = []
        self.rmdq_boxes: list[QCheckBox] = []
        self.psfs_rows: list[tuple[QLineEdit, QSpinBox]] = []
        form = QWidget()
        grid = QGridLayout(form)
        if instrument == "odi":
            intro = "For each topic, choose how much your back limits you today (0-5)."
            for row, section in enumerate(ODI_SECTIONS):
                grid.addWidget(QLabel(section), row, 0)
                group = QButtonGroup(self)
                for column, anchor in enumerate(ODI_ANCHORS):
                    button = QRadioButton(anchor)
                    button.setAccessibleName(f"{section}: {anchor}")
                    group.addButton(button, column)
                    grid.addWidget(button, row, column + 1)
                group.idToggled.connect(lambda *_: self._update_score())
                self.odi_groups.append(group)
        elif instrument == "rmdq":
            intro = "Tick each statement that describes you today, because of your back."
            for row, text in enumerate(RMDQ_ITEMS):
                box = QCheckBox(f"{row + 1}. {text}")
                box.toggled.connect(lambda *_: self._update_score())
                self.rmdq_boxes.append(box)
                grid.addWidget(box, row, 0)
        else:
            intro = (
                "Name up to five activities your back makes hard, and rate each "
                "0 (cannot do it) to 10 (as before)."
            )
            for row in range(PSFS_ROWS):
                name = QLineEdit()
                name.setPlaceholderText(self.tr("Activity {n}").format(n=row + 1))
                name.setAccessibleName(self.tr("Activity {n}").format(n=row + 1))
                rating = QSpinBox()
                rating.setRange(0, 10)
                rating.setAccessibleName(self.tr("Rating for activity {n}").format(n=row + 1))
                name.textChanged.connect(lambda *_: self._update_score())
                rating.valueChanged.connect(lambda *_: self._update_score())
                grid.addWidget(name, row, 0)
                grid.addWidget(rating, row, 1)
                self.psfs_rows.append((name, rating))
        label = QLabel(self.tr(intro))
        label.setWordWrap(True)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form)
        self.score_label = QLabel()
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b42318;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(scroll)
        layout.addWidget(self.score_label)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(760 if instrument == "odi" else 520, 560)
        self._update_score()

    def build(self) -> QuestionnaireResponse:
        """The answers as a validated response (raises ValidationError)."""
        now = datetime.now().replace(microsecond=0)
        if self.instrument == "odi":
            answers = tuple(g.checkedId() if g.checkedId() >= 0 else None for g in self.odi_groups)
            return QuestionnaireResponse(now, "odi", answers)
        if self.instrument == "rmdq":
            return QuestionnaireResponse(
                now, "rmdq", tuple(int(b.isChecked()) for b in self.rmdq_boxes)
            )
        rows = [(n.text().strip(), r.value()) for n, r in self.psfs_rows if n.text().strip()]
        return QuestionnaireResponse(
            now, "psfs", tuple(v for _, v in rows), tuple(n for n, _ in rows)
        )

    def _update_score(self) -> None:
        try:
            result = score(self.build())
        except ValidationError:
            self.score_label.setText(self.tr("Answer the questions to see your score."))
            return
        band = f" · {result.band}" if result.band else ""
        self.score_label.setText(f"<b>{result.message}</b>{band}")

    def _save(self) -> None:
        try:
            response = self.build()
        except ValidationError as error:
            self.error_label.setText(str(error))
            return
        result = score(response)
        if not result.scorable:
            self.error_label.setText(result.message)
            return
        self.response = response
        self.accept()
