"""Regenerate ``journal-0001.sqlite3``: a journal at schema 0001 with a few check-ins, as the
first ReliefMap wrote it. Kept so every schema upgrade is tested from a real old file.

Usage: python tests/store/journals/make_0001.py (from the repository root).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from app.store.engine import make_engine
from app.store.migrate import upgrade_to_head

TARGET = Path(__file__).with_name("journal-0001.sqlite3")


def main() -> None:
    TARGET.unlink(missing_ok=True)
    engine = make_engine(TARGET, wal=False)
    upgrade_to_head(engine, TARGET, target="0001")
    engine.dispose()
    with sqlite3.connect(TARGET) as connection:
        for n in range(1, 6):
            connection.execute(
                "INSERT INTO check_ins (id, uid, taken_at, overall_pain, note, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (n, f"old{n:029d}", f"2026-10-0{n} 08:00:00.000000", n, f"day {n}",
                 "2026-10-01 08:00:00.000000", "2026-10-01 08:00:00.000000"),
            )  # fmt: skip
            connection.execute(
                "INSERT INTO pain_marks (id, check_in_id, region_id, intensity) VALUES (?, ?, ?, ?)",
                (n, n, "sacrum", n),
            )
            connection.execute(
                "INSERT INTO pain_mark_qualities (mark_id, quality) VALUES (?, 'aching')", (n,)
            )
    connection.close()
    with sqlite3.connect(TARGET) as connection:
        connection.execute("VACUUM")
    connection.close()


if __name__ == "__main__":
    main()
