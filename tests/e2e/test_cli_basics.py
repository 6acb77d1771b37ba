"""The installed command's basics, run as a user would: in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

from app import __version__


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=60
    )


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"ReliefMap {__version__}"


def test_regions_json_is_the_catalogue() -> None:
    result = run_cli("regions", "--json")
    assert result.returncode == 0, result.stderr
    regions = json.loads(result.stdout)
    assert len(regions) >= 70
    by_id = {region["id"]: region for region in regions}
    assert set(regions[0]) == {"id", "label", "side", "views"}
    assert by_id["buttock_lower_left"]["side"] == "left"
    assert by_id["sacrum"]["side"] == "midline"
    assert by_id["sacrum"]["views"] == ["back"]
    for region in regions:
        assert region["views"], region
        assert set(region["views"]) <= {"front", "back"}


def test_regions_table_is_readable() -> None:
    result = run_cli("regions")
    assert result.returncode == 0
    assert "buttock_lower_left" in result.stdout
    assert "{" not in result.stdout


def test_unknown_command_is_a_usage_error() -> None:
    result = run_cli("frobnicate")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
