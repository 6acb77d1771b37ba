"""Where the read-only resources (assets/, data/) live, installed or in a checkout.

The wheel carries them inside the package (``app/assets``, ``app/data``); a source checkout
has them beside ``app/``; a PyInstaller bundle has them in ``sys._MEIPASS``. One function per
folder so no caller has to guess.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _resource_dir(name: str) -> Path:
    installed = _PACKAGE_DIR / name
    if installed.is_dir():
        return installed
    bundle = getattr(sys, "_MEIPASS", None)  # a PyInstaller bundle unpacks them beside app/
    if bundle is not None and (Path(bundle) / name).is_dir():
        return Path(bundle) / name
    return _PACKAGE_DIR.parent / name


def assets_dir() -> Path:
    """Folder of the SVG body art and icons."""
    return _resource_dir("assets")


def data_dir() -> Path:
    """Folder of the human-readable knowledge-base sources (CSV)."""
    return _resource_dir("data")


def docs_dir() -> Path:
    """Folder of the documents the app opens itself (the safety rules)."""
    return _resource_dir("docs")
