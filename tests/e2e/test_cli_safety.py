"""`reliefmap suggest` as a subprocess: the safety layer's options, refusals and output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pytest

from app.domain.safety import CAUDA_EQUINA_QUESTIONS
from app.domain.vocabulary import SYMPTOM_FLAGS

SCIATICA = (
    "--mark", "low_back_left=5",
    "--mark", "buttock_lower_left=5",
    "--mark", "posterior_thigh_left=4",
    "--mark", "calf_left=4:tingling",
)  # fmt: skip


def run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=60, env=env
    )


def suggest_json(tmp_path: Path, *args: str) -> dict[str, object]:
    result = run_cli(tmp_path, "suggest", *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def refused_in_one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@cache
def region_ids() -> frozenset[str]:
    result = subprocess.run(
        [sys.executable, "-m", "app", "regions", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return frozenset(row["id"] for row in json.loads(result.stdout))


def test_help_lists_every_symptom_flag(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "suggest", "--help")
    assert result.returncode == 0
    words = set(result.stdout.replace(",", " ").split())
    missing = [flag for flag in SYMPTOM_FLAGS if flag not in words]
    assert not missing, f"suggest --help does not list {missing}"
    for option in ("--since", "--weeks", "--age", "--eases", "--screened", "--pregnant"):
        assert option in result.stdout


@pytest.mark.parametrize("flag", ["iv_drug_use", "immunosuppression", "inflammatory_pattern"])
def test_new_soon_flags_are_accepted_and_keep_self_care(tmp_path: Path, flag: str) -> None:
    data = suggest_json(tmp_path, "--mark", "low_back_left=5", "--flag", flag)
    assert data["seek_care"] is False and data["trigger_points"]
    assert [hit["id"] for hit in data["red_flags"]] == [flag]  # type: ignore[union-attr]
    rules = [rule["id"] for rule in data["safety"]["rules"]]  # type: ignore[index]
    assert "soon_sign_reported" in rules and data["safety"]["level"] == "soon"  # type: ignore[index]


def test_infection_risk_with_night_pain_is_urgent(tmp_path: Path) -> None:
    data = suggest_json(
        tmp_path, "--mark", "low_back_left=5", "--flag", "iv_drug_use", "--flag", "night_pain"
    )
    assert data["seek_care"] is True and data["exercises"] == []
    assert "infection_risk_with_constant_pain" in [
        rule["id"]
        for rule in data["safety"]["rules"]  # type: ignore[index]
    ]


@pytest.mark.parametrize(
    ("flag", "closest"),
    [("iv_drugs", "iv_drug_use"), ("immunosupression", "immunosuppression"),
     ("pregnancy_bleed", "pregnancy_bleeding")],
)  # fmt: skip
def test_unknown_flag_is_refused_with_the_closest_names(
    tmp_path: Path, flag: str, closest: str
) -> None:
    line = refused_in_one_line(run_cli(tmp_path, "suggest", "--flag", flag))
    assert f"Unknown symptom flag '{flag}'" in line and closest in line


def test_episode_in_the_future_is_refused(tmp_path: Path) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    line = refused_in_one_line(
        run_cli(tmp_path, "suggest", "--mark", "low_back_left=4", "--since", tomorrow)
    )
    assert "future" in line


def test_since_and_weeks_together_are_refused(tmp_path: Path) -> None:
    line = refused_in_one_line(
        run_cli(tmp_path, "suggest", "--since", "2026-01-01", "--weeks", "3")
    )
    assert "--since" in line and "--weeks" in line


@pytest.mark.parametrize(
    ("args", "expected"),
    [(("--since", "last-week"), "YYYY-MM-DD"), (("--weeks", "-2"), "between 0"),
     (("--age", "0"), "between 1")],
)  # fmt: skip
def test_bad_episode_and_age_are_refused_in_one_line(
    tmp_path: Path, args: tuple[str, ...], expected: str
) -> None:
    assert expected in refused_in_one_line(run_cli(tmp_path, "suggest", *args))


@pytest.mark.parametrize(("args", "phase"), [(("--weeks", "2"), "acute"),
                                             (("--weeks", "8"), "subacute"),
                                             (("--weeks", "20"), "chronic"), ((), "acute")])  # fmt: skip
def test_phase_comes_from_the_episode_length(
    tmp_path: Path, args: tuple[str, ...], phase: str
) -> None:
    data = suggest_json(tmp_path, "--mark", "low_back_left=8", *args)
    assert data["phase"] == phase
    assert data["safety"]["phase_known"] is bool(args)  # type: ignore[index]
    since = (date.today() - timedelta(weeks=20)).isoformat()
    if phase == "chronic":
        assert (
            suggest_json(tmp_path, "--mark", "low_back_left=8", "--since", since)["phase"]
            == "chronic"
        )


def test_json_exercises_carry_cautions_and_safety_names_the_rules(tmp_path: Path) -> None:
    data = suggest_json(tmp_path, *SCIATICA, "--weeks", "10")
    exercises = data["exercises"]
    assert exercises and all(isinstance(item["cautions"], list) for item in exercises)  # type: ignore[union-attr]
    ids = [item["id"] for item in exercises]  # type: ignore[union-attr]
    assert ids[0] == "sciatic_nerve_slider"
    assert not {"hamstring_strap_stretch", "supine_twist", "knee_to_chest"} & set(ids)
    piriformis = next(item for item in exercises if item["id"] == "piriformis_stretch")  # type: ignore[union-attr]
    assert piriformis["cautions"][0].startswith("With leg symptoms")
    safety = data["safety"]
    assert safety["level"] == "adapt" and "nerve_root" in safety["conditions"]  # type: ignore[index]
    rule = next(r for r in safety["rules"] if r["id"] == "nerve_root_pattern")  # type: ignore[index]
    assert rule["level"] == "adapt" and rule["sources"] and "S1" in rule["message"]
    assert safety["nerve_root_sides"] == ["left"]  # type: ignore[index]


def test_pregnancy_adapts_exercises_and_pressure_work(tmp_path: Path) -> None:
    args = ("--mark", "low_back_left=6", "--mark", "groin_left=5", "--weeks", "20")
    normal = suggest_json(tmp_path, *args)
    pregnant = suggest_json(tmp_path, *args, "--pregnant")
    muscles = {item["muscle"] for item in pregnant["trigger_points"]}  # type: ignore[union-attr]
    assert "iliopsoas" in {item["muscle"] for item in normal["trigger_points"]}  # type: ignore[union-attr]
    assert "iliopsoas" not in muscles and "rectus_abdominis" not in muscles
    exercises = {item["id"] for item in pregnant["exercises"]}  # type: ignore[union-attr]
    assert not {"supine_twist", "open_book", "dead_bug", "mcgill_curl_up"} & exercises
    rules = {rule["id"] for rule in pregnant["safety"]["rules"]}  # type: ignore[index]
    assert {"pregnancy_adaptations", "pregnancy_not_screened"} <= rules


def test_numb_tailbone_asks_the_cauda_equina_questions_first(tmp_path: Path) -> None:
    args = ("--mark", "coccyx=3:numb", "--mark", "low_back_left=4")
    data = suggest_json(tmp_path, *args)
    assert data["ask_first"] == list(CAUDA_EQUINA_QUESTIONS)
    assert data["seek_care"] is False and data["safety"]["level"] == "ask"  # type: ignore[index]
    assert data["trigger_points"] == [] and data["exercises"] == [] and data["acupoints"] == []
    text = run_cli(tmp_path, "suggest", *args).stdout
    assert text.startswith("SAFETY QUESTIONS FIRST")
    assert all(f"--flag {question}" in text for question in CAUDA_EQUINA_QUESTIONS)
    assert "Trigger points" not in text
    # every answer no: self-care, with the 'see a clinician within days' note first
    screened = suggest_json(tmp_path, *args, "--screened")
    assert screened["ask_first"] == [] and screened["trigger_points"]
    assert screened["safety"]["level"] == "soon"  # type: ignore[index]
    # any yes: seek care now
    yes = suggest_json(tmp_path, *args, "--screened", "--flag", "bladder_bowel_change")
    assert yes["seek_care"] is True


def test_one_sided_calf_tingling_does_not_ask_the_cauda_equina_questions(tmp_path: Path) -> None:
    data = suggest_json(tmp_path, *SCIATICA)
    assert data["ask_first"] == [] and data["trigger_points"]
    both = suggest_json(tmp_path, *SCIATICA, "--mark", "calf_right=3:tingling")
    assert both["ask_first"] == list(CAUDA_EQUINA_QUESTIONS)


@pytest.mark.skipif(
    "perineum" not in region_ids(), reason="the perineum region is added on another branch"
)
def test_saddle_numbness_marked_on_the_perineum_is_urgent(tmp_path: Path) -> None:
    data = suggest_json(tmp_path, "--mark", "perineum=0:numb", "--mark", "low_back_left=4")
    assert data["seek_care"] is True and data["trigger_points"] == []
    assert "saddle_numbness_marked" in [
        rule["id"]
        for rule in data["safety"]["rules"]  # type: ignore[index]
    ]
    text = run_cli(tmp_path, "suggest", "--mark", "perineum=0:numb").stdout
    assert text.startswith("SEEK MEDICAL CARE NOW")


def test_text_output_prints_safety_before_the_lists(tmp_path: Path) -> None:
    result = run_cli(
        tmp_path, "suggest", *SCIATICA, "--flag", "inflammatory_pattern", "--weeks", "10"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    safety = [n for n, line in enumerate(lines) if line.startswith("Safety: ")]
    first_list = lines.index("Trigger points (score, muscle, side: why)")
    assert safety and max(safety) < first_list
    text = "\n".join(lines[:first_list])
    assert "next few days" in text and "nerve root" in text
    assert "Exercises (subacute phase, in this order)" in result.stdout


def test_urgent_text_output_is_only_the_emergency_message(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "suggest", "--mark", "thoracic_spine=5", "--flag", "cancer_history")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "SEEK MEDICAL CARE NOW"
    assert all(line.startswith("  ! ") for line in lines[1:])
    assert "24 hours" in result.stdout and "Exercises" not in result.stdout


def test_with_db_the_journal_fills_what_the_options_leave_open(tmp_path: Path) -> None:
    """As in the window: the journal's episode date, pregnancy and unassessed answers count."""
    from datetime import datetime

    from app.domain.screening import RedFlagScreen
    from app.store.journal import JournalStore

    path = tmp_path / "journal.sqlite3"
    store = JournalStore.open(path)
    began = date.today() - timedelta(weeks=20)
    store.set_setting("episode_began", began.isoformat())
    store.set_setting("pregnant", "yes")
    store.close()

    def with_db(*args: str) -> dict:  # type: ignore[type-arg]
        result = run_cli(tmp_path, "--db", str(path), "suggest", *args, "--json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)  # type: ignore[no-any-return]

    plain = suggest_json(tmp_path, *SCIATICA)
    assert plain["phase"] == "acute" and "pregnant" not in plain["safety"]["conditions"]
    journal = with_db(*SCIATICA)
    assert journal["phase"] == "chronic" and "pregnant" in journal["safety"]["conditions"]
    assert with_db("--weeks", "2", *SCIATICA)["phase"] == "acute"

    store = JournalStore.open(path)
    store.add_red_flag_screen(
        RedFlagScreen(datetime.now().replace(microsecond=0), frozenset({"fever"}))
    )
    store.close()
    urgent = with_db(*SCIATICA)
    assert urgent["seek_care"] is True and urgent["trigger_points"] == []
