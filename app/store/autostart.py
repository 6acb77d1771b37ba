"""The optional XDG autostart entry (Linux): start ReliefMap with the desktop session.

Written to ``$XDG_CONFIG_HOME/autostart/reliefmap.desktop`` (default ``~/.config``) only when
the person turns reminders and "start when I log in" on; removed when either is off.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

from app.store.errors import StoreError

FILE_NAME = "reliefmap.desktop"


def autostart_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME", "~")).expanduser() / ".config")
    return Path(base) / "autostart" / FILE_NAME


def launch_command() -> str:
    """The installed ``reliefmap`` if it is on PATH, else this Python running the app."""
    found = shutil.which("reliefmap")
    if found:
        return shlex.quote(found)
    return f"{shlex.quote(sys.executable)} -m app"


def desktop_entry(command: str) -> str:
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=ReliefMap\n"
        "Comment=Check-in and routine reminders for your back\n"
        f"Exec={command}\n"
        "Icon=reliefmap\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def set_autostart(on: bool, env: Mapping[str, str] | None = None) -> Path:
    """Write or remove the autostart entry; returns its path."""
    path = autostart_path(env)
    try:
        if on:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(desktop_entry(launch_command()), encoding="utf-8")
        else:
            path.unlink(missing_ok=True)
    except OSError as error:
        raise StoreError(f"Cannot update {path}: {error.strerror or error}.") from error
    return path
