"""The journal in memory: what the window shows, read once, then kept current by every write.

The window used to ask the database again after each click (all sessions, every screen, the
settings), and the ORM churn behind those reads set off long garbage collections. Here the
store reads these lists once; each of its writes then updates the model and tells the
listeners *what* changed (a ``JournalChange``, after Anki's ``OpChanges``), so each view
refreshes only what it shows and nobody re-reads the file. Plain Python: no Qt, no SQL.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime

from app.domain.journal import CheckIn, CheckInSummary
from app.domain.screening import RedFlagScreen
from app.domain.self_tests import SelfTestResult
from app.domain.sessions import TreatmentSession


@dataclass(frozen=True, slots=True)
class JournalChange:
    """Which kinds of entry one write touched."""

    check_ins: bool = False
    sessions: bool = False
    screens: bool = False
    settings: bool = False
    self_tests: bool = False
    routine_runs: bool = False
    questionnaires: bool = False

    @classmethod
    def everything(cls) -> JournalChange:
        """An import, a restore or another journal: every view refreshes."""
        return cls(**{f.name: True for f in fields(cls)})

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


Listener = Callable[[JournalChange], None]


def _session_key(session: TreatmentSession) -> tuple[datetime, int]:
    return session.started_at, session.id or 0


def _summary_key(summary: CheckInSummary) -> tuple[datetime, int]:
    return summary.taken_at, summary.id


class JournalModel:
    """Check-in summaries (newest first), sessions, screens and self-tests (oldest first) and
    the settings of one journal. Only the store changes it (through the methods below), right
    after each write has committed."""

    def __init__(
        self,
        summaries: Iterable[CheckInSummary] = (),
        sessions: Iterable[TreatmentSession] = (),
        screens: Iterable[RedFlagScreen] = (),
        settings: dict[str, str] | None = None,
        self_tests: Iterable[SelfTestResult] = (),
    ) -> None:
        self._listeners: list[Listener] = []
        self._replace(summaries, sessions, screens, settings or {}, self_tests)

    def _replace(
        self,
        summaries: Iterable[CheckInSummary],
        sessions: Iterable[TreatmentSession],
        screens: Iterable[RedFlagScreen],
        settings: dict[str, str],
        self_tests: Iterable[SelfTestResult],
    ) -> None:
        # Kept oldest first internally so that appending the newest entry (the usual write)
        # is cheap; ``summaries`` hands them out newest first, as the history lists them.
        self._summaries = sorted(summaries, key=_summary_key)
        self._summary_keys = [_summary_key(s) for s in self._summaries]
        self._sessions = sorted(sessions, key=_session_key)
        self._screens = list(screens)
        self._settings = dict(settings)
        self._self_tests = list(self_tests)

    # --- reading -----------------------------------------------------------------------------

    @property
    def summaries(self) -> list[CheckInSummary]:
        """The history list: newest first."""
        return self._summaries[::-1]

    @property
    def check_in_count(self) -> int:
        return len(self._summaries)

    def latest_summary(self) -> CheckInSummary | None:
        return self._summaries[-1] if self._summaries else None

    @property
    def sessions(self) -> Sequence[TreatmentSession]:
        """Every treatment session, oldest first (a read-only view: do not modify)."""
        return self._sessions

    @property
    def screens(self) -> Sequence[RedFlagScreen]:
        return self._screens

    def latest_screen(self) -> RedFlagScreen | None:
        return self._screens[-1] if self._screens else None

    @property
    def self_tests(self) -> Sequence[SelfTestResult]:
        return self._self_tests

    def setting(self, key: str, default: str | None = None) -> str | None:
        return self._settings.get(key, default)

    @property
    def settings(self) -> dict[str, str]:
        return dict(self._settings)

    # --- listening ---------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        """``listener(change)`` after every write, with what it changed."""
        if listener not in self._listeners:
            self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify(self, change: JournalChange) -> None:
        for listener in list(self._listeners):
            listener(change)

    # --- the store's writes ------------------------------------------------------------------

    def check_in_saved(self, check_in: CheckIn) -> None:
        """A check-in was added or updated (its summary moves with its time)."""
        assert check_in.id is not None
        self._drop_summary(check_in.id)
        summary = CheckInSummary.of(check_in)
        index = bisect.bisect_left(self._summary_keys, _summary_key(summary))
        self._summaries.insert(index, summary)
        self._summary_keys.insert(index, _summary_key(summary))
        self._notify(JournalChange(check_ins=True))

    def check_in_deleted(self, check_in_id: int) -> None:
        self._drop_summary(check_in_id)
        self._notify(JournalChange(check_ins=True))

    def _drop_summary(self, check_in_id: int) -> None:
        for index in range(len(self._summaries) - 1, -1, -1):
            if self._summaries[index].id == check_in_id:
                del self._summaries[index]
                del self._summary_keys[index]
                return

    def session_added(self, session: TreatmentSession) -> None:
        bisect.insort(self._sessions, session, key=_session_key)
        self._notify(JournalChange(sessions=True))

    def session_deleted(self, session_id: int) -> None:
        self._sessions = [s for s in self._sessions if s.id != session_id]
        self._notify(JournalChange(sessions=True))

    def screen_added(self, screen: RedFlagScreen) -> None:
        self._screens.append(screen)
        self._screens.sort(key=lambda s: (s.taken_at, s.id or 0))
        self._notify(JournalChange(screens=True))

    def screen_assessed(self, screen: RedFlagScreen) -> None:
        self._screens = [screen if s.id == screen.id else s for s in self._screens]
        self._notify(JournalChange(screens=True))

    def setting_set(self, key: str, value: str) -> None:
        if self._settings.get(key) == value:
            return
        self._settings[key] = value
        self._notify(JournalChange(settings=True))

    def self_test_added(self, result: SelfTestResult) -> None:
        self._self_tests.append(result)
        self._self_tests.sort(key=lambda r: (r.taken_at, r.id or 0))
        self._notify(JournalChange(self_tests=True))

    def self_test_deleted(self, result_id: int) -> None:
        self._self_tests = [r for r in self._self_tests if r.id != result_id]
        self._notify(JournalChange(self_tests=True))

    def changed(self, change: JournalChange) -> None:
        """Entries the model does not hold changed (routine runs, questionnaires)."""
        self._notify(change)

    def reload(
        self,
        summaries: Iterable[CheckInSummary],
        sessions: Iterable[TreatmentSession],
        screens: Iterable[RedFlagScreen],
        settings: dict[str, str],
        self_tests: Iterable[SelfTestResult],
    ) -> None:
        """After an import: everything read again, every view told."""
        self._replace(summaries, sessions, screens, settings, self_tests)
        self._notify(JournalChange.everything())
