"""`reliefmap suggest` as a subprocess: the JSON contract and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=60, env=env
    )


def test_json_has_exactly_the_contract_keys(tmp_path: Path) -> None:
    result = run_cli(
        tmp_path,
        "suggest",
        "--mark", "buttock_lower_left=6:aching",
        "--mark", "lateral_thigh_left=5",
        "--mark", "lateral_leg_left=4",
        "--tight", "piriformis_left",
        "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"trigger_points", "acupoints", "exercises", "red_flags", "seek_care"} <= set(data)
    assert data["seek_care"] is False
    first = data["trigger_points"][0]
    assert {"muscle", "side", "score", "explains", "location", "technique"} <= set(first)
    assert first["muscle"] == "gluteus_minimus" and first["side"] == "left"
    assert set(first["explains"]) <= {
        "buttock_lower_left",
        "lateral_thigh_left",
        "lateral_leg_left",
    }
    scores = [item["score"] for item in data["trigger_points"]]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    point = data["acupoints"][0]
    assert {
        "code",
        "name",
        "side",
        "score",
        "explains",
        "location",
        "technique",
        "cautions",
    } <= set(point)
    assert {"id", "name", "targets", "phase"} <= set(data["exercises"][0])
    assert any(item["muscle"] == "piriformis" for item in data["trigger_points"])


def test_urgent_flag_says_seek_care(tmp_path: Path) -> None:
    result = run_cli(
        tmp_path, "suggest", "--mark", "sacrum=5", "--flag", "bladder_bowel_change", "--json"
    )
    data = json.loads(result.stdout)
    assert data["seek_care"] is True
    assert data["trigger_points"] == [] and data["acupoints"] == []
    assert data["red_flags"][0]["id"] == "bladder_bowel_change" and data["red_flags"][0]["urgent"]


def test_pregnant_hides_avoid_points(tmp_path: Path) -> None:
    args = ("suggest", "--mark", "low_back_left=6", "--mark", "hand_left=2", "--json")
    normal = {p["code"] for p in json.loads(run_cli(tmp_path, *args).stdout)["acupoints"]}
    pregnant = {
        p["code"] for p in json.loads(run_cli(tmp_path, *args, "--pregnant").stdout)["acupoints"]
    }
    assert "LI4" in normal and "LI4" not in pregnant


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--mark", "buttok_lower_left=6"), "Did you mean: buttock_lower_left"),
        (("--mark", "sacrum=11"), "0 to 10"),
        (("--mark", "sacrum=-2"), "0 to 10"),
        (("--mark", "sacrum=lots"), "whole number"),
        (("--mark", "sacrum=3:itchy"), "Unknown quality 'itchy'"),
        (("--tight", "piriformus_left"), "Did you mean: piriformis_left"),
        (("--flag", "sadle_numbness"), "Did you mean: saddle_numbness"),
        (("--mark", "sacrum=5.5"), "whole number"),
        (("--mark", "sacrum"), "REGION=INTENSITY"),
        (("--mark", "sacrum=4", "--mark", "sacrum=6"), "more than once"),
        (("--tight", "quadratus_lumborum_up"), "Unknown muscle 'quadratus_lumborum_up'"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, args: tuple[str, ...], expected: str
) -> None:
    result = run_cli(tmp_path, "suggest", *args, "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0]


def test_table_output(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "suggest", "--mark", "heel_right=6")
    assert result.returncode == 0
    assert "Trigger points" in result.stdout and "Soleus (right)" in result.stdout
    assert "Exercises" in result.stdout


@pytest.mark.parametrize(
    "args", [("--mark", "flnk_left=5"), ("--mark", "flank_left=12"), ("--flag", "feverish")]
)
def test_bad_marks_and_flags_write_nothing(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = run_cli(tmp_path, "suggest", *args)
    assert result.returncode == 2 and result.stdout == ""
    assert not (tmp_path / "cache").exists()  # refused before even the KB cache is built


def test_bare_muscle_means_both_sides(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "suggest", "--tight", "rectus_abdominis", "--json")
    assert result.returncode == 0, result.stderr
    found = [(t["muscle"], t["side"]) for t in json.loads(result.stdout)["trigger_points"]]
    assert found == [("rectus_abdominis", "both")]  # tight on both sides, nothing marked


def test_table_shows_where_cautions_and_seek_care(tmp_path: Path) -> None:
    table = run_cli(tmp_path, "suggest", "--mark", "low_back_left=6", "--pregnant").stdout
    assert "where: " in table and "[pregnancy: light pressure or skip]" in table
    assert "NICE NG59" in table
    urgent = run_cli(tmp_path, "suggest", "--mark", "low_back_left=6", "--flag", "saddle_numbness")
    assert urgent.returncode == 0
    assert (
        urgent.stdout.startswith("SEEK MEDICAL CARE NOW") and "Trigger points" not in urgent.stdout
    )


def test_acupoints_carry_role_and_channel_one_entry_per_point(tmp_path: Path) -> None:
    args = ("suggest", "--mark", "low_back_left=6", "--mark", "sacrum=4", "--json")
    points = json.loads(run_cli(tmp_path, *args).stdout)["acupoints"]
    assert all({"role", "channel", "side", "code"} <= set(p) for p in points)
    assert len({p["code"] for p in points}) == len(points)
    assert {p["role"] for p in points} == {"local", "distal"}
    assert {"code": "BL40", "role": "distal", "channel": "Bladder", "side": "left"}.items() <= (
        next(p for p in points if p["code"] == "BL40").items()
    )
    assert all(p["side"] in ("left", "midline") for p in points)  # one-sided pain


def test_suggest_json_imports_neither_sqlalchemy_nor_alembic(tmp_path: Path) -> None:
    """Without --db there is no journal to open: the knowledge base is read with plain sqlite3,
    so SQLAlchemy (which alone costs more than the whole command may take) is never loaded."""
    args = ("-X", "importtime", "-m", "app", "suggest", "--mark", "low_back_left=6", "--json")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for run in ("first run: builds the cache", "later run: reads it"):
        result = subprocess.run([sys.executable, *args], capture_output=True, text=True,
                                timeout=60, env=env)  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["trigger_points"], run
        imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()}
        assert "app.store.knowledge_db" in imported, run  # the trace is there and complete
        heavy = sorted(m for m in imported if m.split(".")[0] in ("sqlalchemy", "alembic"))
        assert heavy == [], run
    assert (tmp_path / "cache" / "ReliefMap" / "knowledge.sqlite3").exists()


def test_an_unwritable_cache_folder_still_suggests(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    result = run_cli(tmp_path, "suggest", "--mark", "low_back_left=6", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["trigger_points"]
    assert "Traceback" not in result.stderr
    assert "building it in memory" in result.stderr  # one line saying why it is slower
