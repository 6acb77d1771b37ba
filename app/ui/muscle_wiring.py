"""The muscle layers wired to the check-in: the layer switch, clicks that mark muscles tight,
hover names, and the muscle list kept in step with the map (both ways).

Kept out of ``main_window`` so the window only creates this and calls ``attach_panels`` once
the side panels exist. The rule of what a click changes lives in ``app.domain.muscle_map``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class MuscleMapController(QObject):
    """Turns the map's muscle signals into draft edits, and draft changes into map state."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        body = window.body_map
        window.layer_switch.layer_chosen.connect(body.set_layer)
        body.layer_changed.connect(window.layer_switch.set_layer)
        body.layer_changed.connect(self._on_layer_changed)
        body.muscle_activated.connect(self.toggle)
        body.muscle_clear_requested.connect(self.clear)
        body.muscle_hovered.connect(self._on_hovered)
        body.muscle_focused.connect(self._on_focused)

    def attach_panels(self) -> None:
        """Once the draft and the muscle list exist: follow them."""
        window = self.window
        window.draft.muscles_changed.connect(self.sync)
        window.muscles_panel.muscle_highlighted.connect(window.body_map.highlight_muscle)
        self.sync()

    def sync(self) -> None:
        self.window.body_map.set_tight_muscles(self.window.draft.tight_muscles())
        muscle_id, side = self.window.body_map.hovered_muscle()
        if muscle_id:
            self._on_hovered(muscle_id, side)

    def _change(self, change: tuple[tuple, tuple], muscle_id: str) -> None:
        window = self.window
        remove, add = change
        for muscle in remove:
            window.draft.remove_tight_muscle(muscle)
        for muscle in add:
            window.draft.add_tight_muscle(muscle.muscle_id, muscle.side)
        if remove or add:
            window.muscles_panel.select_muscle(muscle_id)  # the list follows the map

    def toggle(self, muscle_id: str, side: str) -> None:
        """A click (or Space) on the muscle's shape: tight on that side, or no longer."""
        from app.domain.muscle_map import toggle_tight

        self._change(toggle_tight(self.window.draft.tight_muscles(), muscle_id, side), muscle_id)

    def clear(self, muscle_id: str, side: str) -> None:
        from app.domain.muscle_map import clear_tight

        self._change(clear_tight(self.window.draft.tight_muscles(), muscle_id, side), muscle_id)

    def _on_hovered(self, muscle_id: str, side: str) -> None:
        body = self.window.body_map
        if muscle_id:
            text = body.describe_muscle(muscle_id, side)
            hint = (
                self.tr("a click clears it")
                if (muscle_id, side) in body.tight_muscle_keys()
                else self.tr("a click marks it tight")
            )
            self.window.hover_label.setText(f"{text} · {hint}")
        else:
            self._on_layer_changed(body.layer)

    def _on_focused(self, muscle_id: str, side: str) -> None:
        if muscle_id:
            self.window.hover_label.setText(self.window.body_map.describe_muscle(muscle_id, side))

    def _on_layer_changed(self, layer: str) -> None:
        if layer == "skin":
            self.window.hover_label.setText(
                self.tr("Point at a region to see its name. L and R are your own left and right.")
            )
        else:
            self.window.hover_label.setText(
                self.tr("Point at a muscle to see its name; click it to mark it tight.")
            )
