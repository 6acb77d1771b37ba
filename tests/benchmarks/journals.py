"""Long journals for the benchmarks, as a person who has used ReliefMap for years would have.

Every day a check-in (1–5 marked regions, now and then a tight muscle, a note every few days);
several treatment sessions a week (trigger points, acupoints, exercises, with pain before and
after); a red-flag screen every two months (a few with a yes answer, all of those assessed, the
latest all "no", so suggestions are shown); an ODI questionnaire a month; a few self-tests a
year; and the settings a person fills in (year of birth, when the episode began, what eases it).

The journal is written through the app's own public contract, ``reliefmap import`` of a JSON
export document, so it stays valid whatever the store looks like inside. Each one is built once
and cached in the temp folder, keyed by this file, the store's schema and migrations, the
knowledge data and the date (the entries end today); callers copy it before opening it, since
opening a journal may back it up or upgrade it.

    .venv/bin/python tests/benchmarks/journals.py [--years 10]   (prints the cached path)
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
CACHE = Path(tempfile.gettempdir()) / "reliefmap-benchmark-journals"
SESSIONS_PER_WEEK = 4
QUALITIES = ("aching", "burning", "sharp", "stiff", "tingling", "numb", "throbbing")


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def _uid(rng: random.Random) -> str:
    return uuid.UUID(int=rng.getrandbits(128)).hex


def journal_document(years: int, today: date, seed: int = 13) -> dict[str, object]:
    """The JSON export document of a ``years``-long journal ending on ``today``."""
    rng = random.Random(seed * 1000 + years)
    regions = [r["id"] for r in _rows("regions") if {"front", "back"} & set(r["views"].split())]
    muscles = [m["id"] for m in _rows("muscles")]
    acupoints = [a["code"] for a in _rows("acupoints")]
    exercises = [e["id"] for e in _rows("exercises")]
    sided_tests = {t["id"] for t in _rows("self_tests") if t["measure"] == "reading"}
    sided_tests &= {t["id"] for t in _rows("self_tests") if t["sided"] == "yes"}
    readings: dict[str, list[str]] = {}
    for row in _rows("self_test_readings"):
        if row["test_id"] in sided_tests:
            readings.setdefault(row["test_id"], []).append(row["reading"])
    # A person's pain stays in a few places: their own low back, one side, some referral.
    usual = [r for r in regions if any(w in r for w in ("back", "buttock", "sacr", "thigh"))]
    usual = usual or regions

    days = round(years * 365.25)
    first = today - timedelta(days=days - 1)
    check_ins, sessions, screens, questionnaires, self_tests = [], [], [], [], []
    for offset in range(days):
        day = first + timedelta(days=offset)
        flare = (offset % 180) < 12
        pain = max(0, min(10, round(rng.gauss(6 if flare else 3, 1.5))))
        morning = datetime.combine(day, time(7, 30)) + timedelta(minutes=rng.randint(0, 240))
        chosen = rng.sample(usual, rng.randint(1, 3)) + rng.sample(regions, rng.randint(0, 2))
        marks = [
            {
                "region": region,
                "intensity": max(1, min(10, pain + rng.randint(-2, 1))),
                "qualities": sorted(rng.sample(QUALITIES, rng.randint(0, 2))),
            }
            for region in dict.fromkeys(chosen)
        ]
        tight = (
            [{"muscle": rng.choice(muscles[:6]), "side": rng.choice(("left", "right", "both"))}]
            if offset % 3 == 0
            else []
        )
        check_ins.append({
            "uid": _uid(rng), "taken_at": _stamp(morning), "overall_pain": pain,
            "note": "Walked 20 minutes." if offset % 5 == 0 else "", "marks": marks,
            "tight_muscles": tight,
        })  # fmt: skip
        for _ in range(rng.choices((0, 1, 2), weights=(7 - SESSIONS_PER_WEEK, 3, 1))[0]):
            kind = rng.choice(("trigger_point", "acupoint", "exercise"))
            item = {"trigger_point": muscles, "acupoint": acupoints, "exercise": exercises}[kind]
            before = max(0, min(10, pain + rng.randint(-1, 1)))
            sessions.append({
                "uid": _uid(rng),
                "started_at": _stamp(morning + timedelta(hours=rng.randint(1, 12))),
                "kind": kind, "item": rng.choice(item[:12]),
                "side": "none" if kind == "exercise" else rng.choice(("left", "right", "both")),
                "pain_after": max(0, min(10, before - rng.randint(-1, 3))), "pain_before": before,
                "duration_s": rng.choice((60, 90, 120, 300)), "note": "",
            })  # fmt: skip
        if offset % 61 == 0 or offset == days - 1:
            recent = offset > days - 61
            yes = [] if recent or rng.random() < 0.8 else ["night_pain"]
            assessed = _stamp(morning + timedelta(days=3)) if yes else None
            screens.append({"uid": _uid(rng), "taken_at": _stamp(morning - timedelta(minutes=5)),
                            "answered_yes": yes, "assessed_at": assessed})  # fmt: skip
        if offset % 30 == 0:
            questionnaires.append({
                "uid": _uid(rng), "taken_at": _stamp(morning + timedelta(hours=10)),
                "instrument": "odi", "answers": [min(5, max(0, pain // 2 + rng.randint(-1, 1)))
                                                 for _ in range(10)],
                "activities": [],
            })  # fmt: skip
        if offset % 90 == 45 and readings:
            test = rng.choice(sorted(readings))
            self_tests.append({
                "uid": _uid(rng), "taken_at": _stamp(morning + timedelta(hours=11)), "test": test,
                "values": [{"side": side, "reading": rng.choice(readings[test]), "seconds": None}
                           for side in ("left", "right")],
                "note": "",
            })  # fmt: skip
    return {
        "format": "reliefmap-journal",
        "version": 1,
        "exported_by": "tests/benchmarks/journals.py",
        "check_ins": check_ins,
        "sessions": sessions,
        "questionnaires": questionnaires,
        "red_flag_screens": screens,
        "settings": {
            "birth_year": "1978",
            "episode_began": (today - timedelta(days=120)).isoformat(),
            "eases": "extension",
            "pregnant": "no",
            "safety_offered": "yes",
            "demo_offered": "yes",
        },
        "self_tests": self_tests,
        "routine_runs": [],
    }


def _cache_key(years: int, today: date) -> str:
    digest = hashlib.sha256(f"{years} {today.isoformat()}".encode())
    inputs = [Path(__file__), REPO / "app" / "__init__.py", *sorted(DATA.glob("*.csv"))]
    inputs += sorted((REPO / "app" / "store").rglob("*.py"))  # schema, migrations, import
    for path in inputs:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cached_journal(years: int, today: date | None = None) -> Path:
    """The path of a cached ``years``-long journal (built now if missing). Copy before use."""
    today = today or date.today()
    CACHE.mkdir(parents=True, exist_ok=True)
    target = CACHE / f"journal-{years}y-{_cache_key(years, today)}.sqlite3"
    if target.exists():
        return target
    for old in CACHE.glob(f"journal-{years}y-*"):
        old.unlink()
    print(f"  building a {years}-year journal (cached in {CACHE})...", flush=True)
    with tempfile.TemporaryDirectory(dir=CACHE) as folder:
        document = Path(folder) / "journal.json"
        document.write_text(json.dumps(journal_document(years, today)), encoding="utf-8")
        built = Path(folder) / "journal.sqlite3"
        env = {k: v for k, v in os.environ.items() if k != "RELIEFMAP_STARTUP_PROBE"}
        result = subprocess.run(
            [sys.executable, "-m", "app", "--db", str(built), "import", str(document)],
            cwd=REPO, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise SystemExit(f"reliefmap import failed:\n{result.stdout}\n{result.stderr}")
        checkpoint = subprocess.run(  # one self-contained file: fold the WAL into it
            [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
             "c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.close()",
             str(built)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if checkpoint.returncode != 0:
            raise SystemExit(f"could not checkpoint the journal:\n{checkpoint.stderr}")
        os.replace(built, target)
    return target


def copy_journal(years: int, folder: Path) -> Path:
    """A private copy of the cached ``years``-long journal in ``folder``."""
    copy = folder / f"journal-{years}y.sqlite3"
    shutil.copyfile(cached_journal(years), copy)
    return copy


def describe(path: Path) -> str:
    """Row counts of a journal, read with plain sqlite3 (not through the app)."""
    import sqlite3

    connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'alembic%'"
            " AND name NOT LIKE 'sqlite%' ORDER BY name")]  # fmt: skip
        counts = {
            t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables
        }
    finally:
        connection.close()
    size = path.stat().st_size / 2**20
    return f"{size:.1f} MiB, " + ", ".join(f"{n} {t}" for t, n in counts.items() if n)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    path = cached_journal(args.years)
    print(path)
    print(describe(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
