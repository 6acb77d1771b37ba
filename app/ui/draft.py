"""The check-in being edited: marks and tight muscles, with named signals.

The truth is a set of domain objects (PainMark, TightMuscle); widgets listen to the signals and
redraw only what changed (one region, the muscle list), never the whole scene. Constructing the
domain objects validates them, so nothing invalid is ever held here.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

from app.domain.journal import CheckIn, PainMark, TightMuscle


class CheckInDraft(QObject):
    """Marks and tight muscles of the check-in on screen (new, or loaded from the journal)."""

    #: One region's mark was added, changed or cleared (region id).
    mark_changed = Signal(str)
    #: Every mark may have changed (new check-in, loaded check-in, clear all).
    marks_reset = Signal()
    muscles_changed = Signal()
    #: Something differs from what is stored (or the draft is empty again).
    dirty_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._marks: dict[str, PainMark] = {}
        self._muscles: list[TightMuscle] = []
        self._stored: CheckIn | None = None
        self._dirty = False

    # --- reading ---------------------------------------------------------------------------

    @property
    def stored(self) -> CheckIn | None:
        """The journal entry being edited, or None for a new check-in."""
        return self._stored

    @property
    def dirty(self) -> bool:
        return self._dirty

    def mark(self, region_id: str) -> PainMark | None:
        return self._marks.get(region_id)

    def marks(self) -> tuple[PainMark, ...]:
        return tuple(self._marks.values())

    def tight_muscles(self) -> tuple[TightMuscle, ...]:
        return tuple(self._muscles)

    # --- editing marks ---------------------------------------------------------------------

    def set_mark(self, region_id: str, intensity: int, qualities: Iterable[str] = ()) -> None:
        """Add or replace the mark on ``region_id`` (ValidationError for bad values)."""
        mark = PainMark(region_id, intensity, frozenset(qualities))
        if self._marks.get(region_id) == mark:
            return
        self._marks[region_id] = mark
        self.mark_changed.emit(region_id)
        self._set_dirty(True)

    def set_intensity(self, region_id: str, intensity: int) -> None:
        current = self._marks.get(region_id)
        qualities = current.qualities if current else frozenset()
        self.set_mark(region_id, intensity, qualities)

    def set_quality(self, region_id: str, quality: str, on: bool) -> None:
        current = self._marks.get(region_id)
        if current is None:
            return
        qualities = set(current.qualities)
        if on:
            qualities.add(quality)
        else:
            qualities.discard(quality)
        self.set_mark(region_id, current.intensity, qualities)

    def clear_mark(self, region_id: str) -> None:
        if self._marks.pop(region_id, None) is not None:
            self.mark_changed.emit(region_id)
            self._set_dirty(True)

    def clear_all(self) -> None:
        if self._marks:
            self._marks.clear()
            self.marks_reset.emit()
            self._set_dirty(True)

    # --- editing tight muscles -------------------------------------------------------------

    def add_tight_muscle(self, muscle_id: str, side: str) -> bool:
        """Add a tight muscle; False if it is already listed on that side."""
        muscle = TightMuscle(muscle_id, side)
        if muscle in self._muscles:
            return False
        self._muscles.append(muscle)
        self.muscles_changed.emit()
        self._set_dirty(True)
        return True

    def remove_tight_muscle(self, muscle: TightMuscle) -> None:
        if muscle in self._muscles:
            self._muscles.remove(muscle)
            self.muscles_changed.emit()
            self._set_dirty(True)

    # --- whole draft -----------------------------------------------------------------------

    def load(self, check_in: CheckIn | None) -> None:
        """Show ``check_in`` (a stored entry) or start empty with None."""
        self._stored = check_in
        self._marks = {mark.region_id: mark for mark in check_in.marks} if check_in else {}
        self._muscles = list(check_in.tight_muscles) if check_in else []
        self.marks_reset.emit()
        self.muscles_changed.emit()
        self._set_dirty(False)

    def start_from(self, previous: CheckIn) -> None:
        """A new check-in that begins with ``previous``'s marks and tight muscles.

        Pain usually changes little between check-ins, so adjusting the last picture is quicker
        than redrawing it; nothing is unsaved until the person changes something.
        """
        self.load(None)
        self._marks = {mark.region_id: mark for mark in previous.marks}
        self._muscles = list(previous.tight_muscles)
        self.marks_reset.emit()
        self.muscles_changed.emit()

    def mark_saved(self, check_in: CheckIn) -> None:
        """The journal now holds ``check_in``: further saves update it."""
        self._stored = check_in
        self._set_dirty(False)

    def touch(self) -> None:
        """A form field (time, overall pain, note) changed."""
        self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)
