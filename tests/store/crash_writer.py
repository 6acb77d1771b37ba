"""Child process for the crash-safety test: writes forever, printing each committed uid.

Usage: python crash_writer.py JOURNAL. Prints "ready", then one uid per committed write
(check-ins with three marks and a tight muscle, and sessions), flushed after the commit.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.domain.journal import CheckIn, PainMark, TightMuscle
from app.domain.sessions import TreatmentSession
from app.store.journal import JournalStore

REGIONS = ("low_back_left", "buttock_lower_left", "sacrum")


def main() -> None:
    store = JournalStore.open(Path(sys.argv[1]), region_ids=REGIONS, muscle_ids=("piriformis",))
    store.prepare_writes()  # ready to write: the write side is loaded
    print("ready", flush=True)
    start = datetime(2026, 1, 1)
    n = 0
    while True:
        n += 1
        when = start + timedelta(minutes=n)
        check_in = store.add_check_in(
            CheckIn(
                when,
                n % 11,
                tuple(
                    PainMark(region, (n + i) % 11, frozenset({"aching"}))
                    for i, region in enumerate(REGIONS)
                ),
                (TightMuscle("piriformis", "left"),),
                f"entry {n} " + "x" * (n % 500),
            )
        )
        print(f"check_in {check_in.uid}", flush=True)
        session = store.add_session(TreatmentSession(when, "acupoint", "GB30", "left", 5, 3, 60))
        print(f"session {session.uid}", flush=True)


if __name__ == "__main__":
    main()
