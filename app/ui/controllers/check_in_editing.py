"""Editing the check-in on screen: marks on the map, their editor, tight muscles, the form, and
the history of saved check-ins (new, open, save, delete).

It forwards: the draft holds the marks, the domain validates (constructing ``CheckIn``), the
store writes, and the history follows the journal's in-memory model. Nothing here decides
anything about health.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QStatusBar, QWidget

from app.domain.errors import ValidationError
from app.domain.journal import CheckIn
from app.domain.journal_model import JournalChange
from app.domain.knowledge import Muscle
from app.domain.regions import RegionCatalog
from app.domain.vocabulary import MAX_INTENSITY, MIN_INTENSITY
from app.store.errors import StoreError
from app.store.journal import JournalStore
from app.ui.body_map import BodyMapView
from app.ui.check_in_form import CheckInForm
from app.ui.draft import CheckInDraft
from app.ui.history_panel import HistoryPanel
from app.ui.mark_editor import MarkEditor
from app.ui.muscles_panel import MusclesPanel

DEFAULT_NEW_INTENSITY = 5


class CheckInEditor(QObject):
    """The one check-in being drawn, and the journal's list of saved ones."""

    #: A check-in was written (the window then schedules a backup).
    saved = Signal()

    def __init__(
        self,
        parent: QWidget,
        catalog: RegionCatalog,
        body_map: BodyMapView,
        form: CheckInForm,
        history: HistoryPanel,
        mark_editor: MarkEditor,
        muscles_panel: MusclesPanel,
        summary_label: QLabel,
        status_bar: QStatusBar,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self.catalog = catalog
        self.body_map = body_map
        self.form = form
        self.history = history
        self.mark_editor = mark_editor
        self.muscles_panel = muscles_panel
        self.summary_label = summary_label
        self.status_bar = status_bar
        self.draft = CheckInDraft(self)
        self.store: JournalStore | None = None
        self.muscles: Mapping[str, Muscle] = {}
        self._last_intensity = DEFAULT_NEW_INTENSITY
        self._connect()
        self.update_summary()

    def _connect(self) -> None:
        body = self.body_map
        body.region_activated.connect(self.activate_region)
        body.intensity_step_requested.connect(self.step_intensity)
        body.clear_requested.connect(self.draft.clear_mark)
        body.region_focused.connect(self._on_region_focused)

        editor = self.mark_editor
        editor.intensity_edited.connect(self._on_intensity_edited)
        editor.quality_toggled.connect(self.draft.set_quality)
        editor.clear_requested.connect(self.draft.clear_mark)
        editor.clear_all_requested.connect(self.draft.clear_all)
        editor.mark_requested.connect(self.activate_region)

        self.muscles_panel.muscle_highlighted.connect(self._outline_muscle)
        self.muscles_panel.add_requested.connect(self.add_tight_muscle)
        self.muscles_panel.remove_requested.connect(self.draft.remove_tight_muscle)

        self.form.edited.connect(self.draft.touch)
        self.form.save_requested.connect(self.save)
        self.history.check_in_chosen.connect(self.open_check_in)
        self.history.new_requested.connect(self.new_check_in)
        self.history.delete_requested.connect(self.delete_check_in)

        self.draft.mark_changed.connect(self._on_mark_changed)
        self.draft.marks_reset.connect(self._on_marks_reset)
        self.draft.muscles_changed.connect(self._on_muscles_changed)

    # --- the journal -------------------------------------------------------------------------

    def set_store(self, store: JournalStore | None) -> None:
        """Show ``store``'s history and start from its newest check-in (None: no journal)."""
        if self.store is not None:
            self.store.model.unsubscribe(self._on_journal_changed)
        self.store = store
        self.draft.load(None)
        self.form.reset(None, None, "")
        enabled = store is not None
        self.form.save_button.setEnabled(enabled)
        self.history.setEnabled(enabled)
        if store is None:
            self.history.set_rows([], None)
            return
        store.model.subscribe(self._on_journal_changed)
        self.refresh_history()
        self.start_from_latest()

    def set_muscles(self, muscles: Mapping[str, Muscle]) -> None:
        self.muscles = muscles
        self.muscles_panel.set_muscles(list(muscles.values()))
        self.body_map.set_muscle_labels({m.id: m.label for m in muscles.values()})
        self.muscles_panel.set_tight(self.draft.tight_muscles())

    def _on_journal_changed(self, change: JournalChange) -> None:
        if change.check_ins:
            self.refresh_history()

    def refresh_history(self) -> None:
        if self.store is None:
            return
        current = self.draft.stored.id if self.draft.stored else None
        self.history.set_rows(self.store.model.summaries, current)

    def start_from_latest(self) -> None:
        """Open on a new check-in that starts from the newest one, so the body shows it."""
        if self.store is None:
            return
        latest = self.store.model.latest_summary()
        if latest is None or self.draft.dirty or self.draft.stored is not None:
            return
        previous = self.store.get_check_in(latest.id)
        self.draft.start_from(previous)
        self.form.reset(None, None, "")
        if previous.marks or previous.tight_muscles:
            self.form.show_info(
                self.tr(
                    "Started from your last check-in ({when}). Adjust the marks, "
                    "set your overall pain and save."
                ).format(when=previous.taken_at.strftime("%a %d %b, %H:%M"))
            )

    # --- marking -----------------------------------------------------------------------------

    def activate_region(self, region_id: str) -> None:
        """Click / Space on a region: mark it if unmarked, and edit its mark."""
        if not region_id:
            return
        if self.draft.mark(region_id) is None:
            self.draft.set_mark(region_id, self._last_intensity)
        self.show_in_editor(region_id)

    def show_in_editor(self, region_id: str) -> None:
        label = self.catalog.get(region_id).label if region_id else ""
        self.mark_editor.show_region(region_id, label, self.draft.mark(region_id))

    def _on_region_focused(self, region_id: str) -> None:
        if region_id:
            self.show_in_editor(region_id)

    def _on_intensity_edited(self, region_id: str, value: int) -> None:
        self._last_intensity = value
        self.draft.set_intensity(region_id, value)

    def step_intensity(self, region_id: str, step: int) -> None:
        mark = self.draft.mark(region_id)
        if mark is None:
            if step > 0:
                self.draft.set_mark(region_id, MIN_INTENSITY + 1)
        else:
            value = max(MIN_INTENSITY, min(MAX_INTENSITY, mark.intensity + step))
            self.draft.set_intensity(region_id, value)
            self._last_intensity = value
        self.show_in_editor(region_id)

    def _on_mark_changed(self, region_id: str) -> None:
        self.body_map.clear_overlay()
        self.body_map.set_mark(region_id, self.draft.mark(region_id))
        if self.mark_editor.region_id == region_id:
            self.show_in_editor(region_id)
        self.update_summary()

    def _on_marks_reset(self) -> None:
        self.body_map.set_all_marks(self.draft.marks())
        self.show_in_editor(self.mark_editor.region_id)
        self.update_summary()

    def update_summary(self) -> None:
        count = len(self.draft.marks())
        if count == 0:
            text = self.tr("Click where it hurts")
        elif count == 1:
            text = self.tr("1 region marked")
        else:
            text = self.tr("{n} regions marked").format(n=count)
        self.summary_label.setText(text)
        self.mark_editor.set_clear_all_enabled(count > 0)

    # --- tight muscles -----------------------------------------------------------------------

    def muscle_region_ids(self, muscle_id: str, side: str) -> list[str]:
        """Drawn region ids where ``muscle_id`` lies on ``side`` (left, right or both)."""
        muscle = self.muscles.get(muscle_id)
        if muscle is None:
            return []
        sides = ("left", "right") if side == "both" else (side,)
        ids: list[str] = []
        for base in muscle.lies_in:
            for one_side in sides:
                region_id = self.catalog.resolve(base, one_side)
                if region_id and region_id not in ids:
                    ids.append(region_id)
        return ids

    def _outline_muscle(self, muscle_id: str, side: str) -> None:
        self.body_map.outline_regions(self.muscle_region_ids(muscle_id, side))

    def add_tight_muscle(self, muscle_id: str, side: str) -> None:
        try:
            added = self.draft.add_tight_muscle(muscle_id, side)
        except ValidationError as error:
            self.form.show_error(str(error))
            return
        if not added:
            label = self.muscles[muscle_id].label if muscle_id in self.muscles else muscle_id
            self.status_bar.showMessage(
                self.tr("{muscle} is already listed on that side.").format(muscle=label), 4000
            )

    def _on_muscles_changed(self) -> None:
        self.muscles_panel.set_tight(self.draft.tight_muscles())

    # --- saved check-ins ---------------------------------------------------------------------

    def confirm_discard(self) -> bool:
        """True if there is nothing unsaved, or the person agrees to drop it."""
        if not self.draft.dirty:
            return True
        answer = QMessageBox.question(
            self._parent,
            self.tr("Discard changes?"),
            self.tr("This check-in has unsaved changes. Discard them?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def new_check_in(self) -> None:
        if self.confirm_discard():
            self._load(None)

    def open_check_in(self, check_in_id: int) -> None:
        """Show a past check-in on the body and load it for editing."""
        stored = self.draft.stored
        if self.store is None or (stored is not None and stored.id == check_in_id):
            return
        if not self.confirm_discard():
            self.history.select(stored.id if stored else None)
            return
        try:
            check_in = self.store.get_check_in(check_in_id)
        except StoreError as error:
            QMessageBox.warning(self._parent, self.tr("Cannot open the check-in"), str(error))
            self.refresh_history()
            return
        self._load(check_in)

    def _load(self, check_in: CheckIn | None) -> None:
        self.draft.load(check_in)
        if check_in is None:
            self.form.reset(None, None, "")
        else:
            self.form.reset(check_in.taken_at, check_in.overall_pain, check_in.note)
        self.history.select(check_in.id if check_in else None)
        self.body_map.outline_regions(())

    def save(self) -> bool:
        """Validate in the domain and write one transaction; show what went wrong inline."""
        if self.store is None:
            return False
        overall = self.form.overall_pain()
        if overall is None:
            self.form.show_error(self.tr("Choose your overall pain (0 to 10) before saving."))
            self.form.pain_spin.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        stored = self.draft.stored
        taken_at, note = self.form.taken_at(), self.form.note()
        marks, tight = self.draft.marks(), self.draft.tight_muscles()
        try:
            if stored is None:
                saved = self.store.add_check_in(CheckIn(taken_at, overall, marks, tight, note))
            else:
                saved = self.store.update_check_in(
                    replace(stored, taken_at=taken_at, overall_pain=overall, marks=marks,
                            tight_muscles=tight, note=note)
                )  # fmt: skip
        except ValidationError as error:
            self.form.show_error(str(error))
            return False
        except StoreError as error:
            QMessageBox.warning(self._parent, self.tr("Could not save"), str(error))
            return False
        self.draft.mark_saved(saved)
        self.form.reset(saved.taken_at, saved.overall_pain, saved.note)
        self.form.show_info(
            self.tr("Saved check-in of {when}.").format(
                when=saved.taken_at.strftime("%a %d %b, %H:%M")
            )
        )
        self.history.select(saved.id)
        self.saved.emit()
        return True

    def delete_check_in(self, check_in_id: int) -> None:
        if self.store is None:
            return
        answer = QMessageBox.question(
            self._parent,
            self.tr("Delete check-in?"),
            self.tr("Delete this check-in and its marks? This cannot be undone."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.store.delete_check_in(check_in_id)
        except StoreError as error:
            QMessageBox.warning(self._parent, self.tr("Could not delete"), str(error))
        stored = self.draft.stored
        if stored is not None and stored.id == check_in_id:
            self._load(None)
        self.refresh_history()
