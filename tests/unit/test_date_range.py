"""Every entry path refuses dates outside 1900-2100, and everything inside that span can be
charted and reported: before, a check-in dated 0001-01-01 crashed every report and Progress
(OverflowError in episodes.py), and ``report --to 9999-12-31`` crashed too."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.domain.errors import ValidationError
from app.domain.journal import EARLIEST_MOMENT, LATEST_MOMENT, CheckIn, PainMark
from app.domain.progress import build_progress_between
from app.domain.questionnaires import QuestionnaireResponse
from app.domain.regions import default_catalog
from app.domain.report import ReportPeriod, build_report, parse_report_date, report_period
from app.domain.screening import RedFlagScreen
from app.domain.sessions import TreatmentSession
from app.store.knowledge_db import open_knowledge

OUTSIDE = [datetime(1, 1, 1), datetime(1899, 12, 31, 23, 59), datetime(2101, 1, 1),
           datetime(9999, 12, 31, 23, 59, 59)]  # fmt: skip


@pytest.mark.parametrize("when", OUTSIDE)
def test_every_kind_of_entry_refuses_a_date_out_of_range(when: datetime) -> None:
    with pytest.raises(ValidationError, match="between 1900 and 2100"):
        CheckIn(when, 3)
    with pytest.raises(ValidationError, match="between 1900 and 2100"):
        TreatmentSession(when, "acupoint", "GB30", "left", 5, 3, 60)
    with pytest.raises(ValidationError, match="between 1900 and 2100"):
        QuestionnaireResponse(when, "rmdq", (0,) * 24)
    with pytest.raises(ValidationError, match="between 1900 and 2100"):
        RedFlagScreen(when, frozenset())
    with pytest.raises(ValidationError, match="between 1900 and 2100"):
        RedFlagScreen(datetime(2026, 1, 1), frozenset(), when)


@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_report_dates_out_of_range_are_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="between 1900 and 2100"):
        parse_report_date(text)
    with pytest.raises(ValidationError, match="between 1900 and 2100"):
        report_period(date(2026, 1, 1), end=date.fromisoformat(text))


def test_the_edges_of_the_range_are_charted_and_reported() -> None:
    check_ins = [
        CheckIn(moment, 6, (PainMark("sacrum", 6),)) for moment in (EARLIEST_MOMENT, LATEST_MOMENT)
    ]
    sessions = [TreatmentSession(LATEST_MOMENT, "acupoint", "GB30", "left", 5, 3, 60)]
    questionnaires = [QuestionnaireResponse(LATEST_MOMENT, "rmdq", (1,) * 24)]
    screens = [RedFlagScreen(EARLIEST_MOMENT, frozenset(), LATEST_MOMENT)]
    start, end = EARLIEST_MOMENT.date(), LATEST_MOMENT.date()
    progress = build_progress_between(check_ins, sessions, questionnaires, start, end)
    assert progress is not None
    for period in (ReportPeriod(start, end), ReportPeriod(date(2100, 12, 1), end),
                   ReportPeriod(start, date(1900, 1, 31))):  # fmt: skip
        report = build_report(
            check_ins, sessions, questionnaires, screens, period, open_knowledge(),
            default_catalog(), end,
        )  # fmt: skip
        assert report.has_data


def test_self_tests_and_routine_runs_keep_the_same_date_range() -> None:
    """The issue-15 range reaches the two kinds added later (issue 17)."""
    from datetime import datetime

    import pytest

    from app.domain.errors import ValidationError
    from app.domain.routine import RoutineRun
    from app.domain.self_tests import SelfTestResult, SideValue

    with pytest.raises(ValidationError, match="between 1900 and 2100"):
        SelfTestResult(datetime(1, 1, 1), "ober", (SideValue("left", "normal", None),))
    with pytest.raises(ValidationError, match="between 1900 and 2100"):
        RoutineRun(datetime(9999, 12, 31), "acute", 5, 4, ())
