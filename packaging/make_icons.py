"""Render ``assets/icons/reliefmap.svg`` to the PNG sizes desktops and bundles ask for.

The SVG is the source; the PNGs are committed (a packager or an icon theme without SVG support
needs them, and building them needs Qt). Rendered with Qt's own SVG renderer so what you see here
is what the running app draws. Run after editing the SVG:

    .venv/bin/python packaging/make_icons.py            # writes assets/icons/reliefmap-<N>.png
    .venv/bin/python packaging/make_icons.py --sheet /tmp/icons.png   # plus a preview sheet
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt: no display needed

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICON_DIR = Path(__file__).resolve().parent.parent / "assets" / "icons"
SVG = ICON_DIR / "reliefmap.svg"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def png_path(size: int, folder: Path = ICON_DIR) -> Path:
    return folder / f"reliefmap-{size}.png"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """The icon at ``size`` x ``size`` pixels, transparent outside the tile."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def preview_sheet(images: dict[int, QImage], scale_small_to: int = 64) -> QImage:
    """Every size at 1:1 on light and dark backgrounds, plus the small ones magnified."""
    pad = 16
    width = sum(images) + pad * (len(images) + 1)
    height = max(images) * 2 + scale_small_to + pad * 4
    sheet = QImage(width, height, QImage.Format.Format_ARGB32)
    sheet.fill(QColor("#f6f7f9"))
    painter = QPainter(sheet)
    painter.fillRect(0, max(images) + pad * 2, width, max(images) + pad, QColor("#2b2f36"))
    x = pad
    for size, image in images.items():
        painter.drawImage(x, pad, image)
        painter.drawImage(x, max(images) + pad * 2 + pad // 2, image)
        x += size + pad
    x = pad
    for size in (s for s in images if s <= 32):  # magnified, nearest: shows the real pixels
        painter.drawImage(
            x,
            height - scale_small_to - pad // 2,
            images[size].scaled(scale_small_to, scale_small_to),
        )
        x += scale_small_to + pad
    painter.end()
    return sheet


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ICON_DIR, help="folder for the PNGs")
    parser.add_argument("--sheet", type=Path, help="also write a preview sheet of every size")
    args = parser.parse_args(argv)
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot read {SVG}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    images = {size: render(renderer, size) for size in SIZES}
    for size, image in images.items():
        target = png_path(size, args.out)
        if not image.save(str(target), "PNG"):
            print(f"cannot write {target}", file=sys.stderr)
            return 1
        print(target)
    if args.sheet:
        preview_sheet(images).save(str(args.sheet), "PNG")
        print(args.sheet)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
