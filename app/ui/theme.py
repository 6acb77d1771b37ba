"""Colours and the intensity scale: presentation only, shared by the map, legend and history.

Intensity uses ColorBrewer YlOrRd (sequential, colour-blind safe, light = mild, dark = severe),
so a mark is readable by lightness alone. The muscle outline and the focus ring use hues that
the scale never produces (blue, purple) so they cannot be mistaken for pain.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor

#: ColorBrewer YlOrRd, 9 classes (Brewer, colorbrewer2.org), light to dark.
YL_OR_RD: tuple[str, ...] = (
    "#ffffcc",
    "#ffeda0",
    "#fed976",
    "#feb24c",
    "#fd8d3c",
    "#fc4e2a",
    "#e31a1c",
    "#bd0026",
    "#800026",
)

MAX_INTENSITY = 10

ACCENT = QColor("#1f6fb2")  # hover and focus (Okabe-Ito-like blue)
MUSCLE_OUTLINE = QColor("#6a3d9a")  # dashed outline of a selected muscle (purple)
INK = QColor("#25303b")  # body text on light backgrounds
MUTED_INK = QColor("#5d6b78")
CANVAS = QColor("#f6f7f9")  # the body map's background


@cache
def intensity_color(intensity: int) -> QColor:
    """The fill for a mark of ``intensity`` (0–10), interpolated along YlOrRd."""
    position = max(0, min(MAX_INTENSITY, intensity)) / MAX_INTENSITY * (len(YL_OR_RD) - 1)
    low = int(position)
    high = min(low + 1, len(YL_OR_RD) - 1)
    fraction = position - low
    a, b = QColor(YL_OR_RD[low]), QColor(YL_OR_RD[high])
    return QColor(
        round(a.red() + (b.red() - a.red()) * fraction),
        round(a.green() + (b.green() - a.green()) * fraction),
        round(a.blue() + (b.blue() - a.blue()) * fraction),
    )


def text_color_on(background: QColor) -> QColor:
    """Dark or white text, whichever reads better on ``background`` (WCAG relative luminance)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = (
        0.2126 * channel(background.red())
        + 0.7152 * channel(background.green())
        + 0.0722 * channel(background.blue())
    )
    # Above this luminance dark ink has the better contrast ratio than white.
    return INK if luminance > 0.22 else QColor("#ffffff")
