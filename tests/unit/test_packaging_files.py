"""The desktop entry, AppStream metainfo, icons and build scripts: present, consistent, valid.

Desktops and software centres read these files without ever running the app, so a missing key
or a wrong name fails silently there; this catches it here. The freedesktop validators run when
they are installed (``apt-get install appstream desktop-file-utils``), otherwise those tests skip.
"""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from app import __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / "reliefmap.desktop"
METAINFO = PACKAGING / "io.github.reliefmap.ReliefMap.metainfo.xml"
ICONS = ROOT / "assets" / "icons"
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_has_the_required_keys() -> None:
    entry = desktop_entry()
    for key in (
        "Type",
        "Name",
        "GenericName",
        "Comment",
        "Exec",
        "Icon",
        "Categories",
        "StartupWMClass",
    ):
        assert entry.get(key), key
    assert entry["Type"] == "Application"
    assert entry["Name"] == "ReliefMap"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    assert entry["StartupWMClass"] == "ReliefMap"  # Qt's X11 WM_CLASS class: the application name


def test_desktop_entry_starts_the_installed_command_with_the_shipped_icon() -> None:
    entry = desktop_entry()
    assert entry["Exec"].split()[0] in pyproject()["project"]["gui-scripts"]
    assert entry["Icon"] == "reliefmap"
    assert (ICONS / f"{entry['Icon']}.svg").is_file()
    # Wayland matches the window's app id (QGuiApplication.setDesktopFileName) to this file's name
    assert 'setDesktopFileName("reliefmap")' in (ROOT / "app/ui/application.py").read_text()


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("size", PNG_SIZES)
def test_icon_png_sizes_are_rendered(size: int) -> None:
    # committed, so a packager installs them without Qt; packaging/make_icons.py redraws them
    png = ICONS / f"reliefmap-{size}.png"
    assert png_size(png) == (size, size)


def test_icon_svg_is_square_and_has_no_text() -> None:
    svg = ET.parse(ICONS / "reliefmap.svg").getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.get("viewBox") == "0 0 512 512"
    assert svg.find(f".//{ns}text") is None  # unreadable at 16 px, and untranslatable


def metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def test_metainfo_has_the_required_fields() -> None:
    root = metainfo()
    assert root.tag == "component"
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == "io.github.reliefmap.ReliefMap"
    assert root.findtext("name") == "ReliefMap"
    summary = root.findtext("summary")
    assert summary and len(summary) < 80 and not summary.endswith(".")
    assert root.find("description/p") is not None
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == pyproject()["project"]["license"]
    assert root.find("content_rating").get("type") == "oars-1.1"


def test_metainfo_launches_the_desktop_entry() -> None:
    launchable = metainfo().find("launchable")
    assert launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    assert metainfo().findtext("provides/binary") == desktop_entry()["Exec"].split()[0]


def test_metainfo_screenshot_is_in_the_repository() -> None:
    images = [image.text for image in metainfo().iterfind("screenshots/screenshot/image")]
    assert images and images[0].startswith("https://")
    assert images[0].endswith("/docs/screenshots/main_window.png")
    assert (ROOT / "docs" / "screenshots" / "main_window.png").is_file()


def test_metainfo_lists_this_version_as_the_newest_release() -> None:
    releases = metainfo().findall("releases/release")
    assert releases[0].get("version") == __version__  # add a <release> when bumping the version
    date.fromisoformat(releases[0].get("date"))


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed"
)
def test_desktop_file_validate() -> None:
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream not installed")
def test_appstreamcli_validate() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
@pytest.mark.parametrize("script", ["build_linux.sh", "check_bundle.sh"])
def test_build_scripts_parse_and_are_executable(script: str) -> None:
    path = PACKAGING / script
    assert path.stat().st_mode & 0o111, f"{script} is not executable"
    result = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_recipe_bundles_resources_and_migrations() -> None:
    spec = (PACKAGING / "reliefmap.spec").read_text(encoding="utf-8")
    for folder in ('ROOT / "assets"', 'ROOT / "data"', '"app/store/migrations"'):
        assert folder in spec
    assert (ROOT / "app/store/migrations/script.py.mako").is_file()
    assert "PYINSTALLER_VERSION=6.22.3" in (PACKAGING / "build_linux.sh").read_text()
