"""The clinician report lists the guided self-tests with their readings."""

from __future__ import annotations

from datetime import date, datetime

from app.domain.journal import CheckIn, PainMark
from app.domain.regions import default_catalog
from app.domain.report import REPORT_SECTIONS, ReportPeriod, build_report
from app.domain.self_tests import SelfTestResult, SideValue
from app.render.report import report_pages
from app.store.knowledge_db import open_knowledge

TODAY = date(2026, 12, 2)
RESULTS = [
    SelfTestResult(datetime(2026, 11, 20, 8), "side_bridge",
                   (SideValue("left", seconds=72), SideValue("right", seconds=50)), "knees"),
    SelfTestResult(datetime(2026, 11, 21, 8), "repeated_movements",
                   (SideValue("none", "extension_better"),)),
    SelfTestResult(datetime(2025, 1, 1, 8), "ober", (SideValue("left", "short"),)),  # before
]  # fmt: skip


def build(**kwargs: object):  # type: ignore[no-untyped-def]
    check_in = CheckIn(datetime(2026, 11, 20, 9), 5, (PainMark("low_back_left", 5),))
    return build_report([check_in], [], [], [], ReportPeriod(date(2026, 11, 1), TODAY),
                        open_knowledge(), default_catalog(), TODAY, **kwargs)  # type: ignore[arg-type]  # fmt: skip


def test_self_tests_in_the_period_are_read_in_words() -> None:
    report = build(self_tests=RESULTS)
    rows = report.self_test_rows
    assert [row.test for row in rows] == [
        "Side-bridge endurance (McGill)",
        "Direction that eases the pain (repeated movements)",
    ]
    assert rows[0].result == "left: 72 s, 60 s or more; right: 50 s, under 60 s"
    assert rows[0].note == "knees"
    assert "bending backward eases" in rows[1].result


def test_the_report_has_a_self_test_table_when_there_are_results() -> None:
    assert "self_tests" in REPORT_SECTIONS
    with_tests = report_pages(build(self_tests=RESULTS), "a4", ("self_tests",))
    without = report_pages(build(), "a4", ("self_tests",))
    assert len(with_tests) == len(without) + 1
    texts = [t.get_text() for t in with_tests[-1].texts]
    assert any(t.startswith("Guided self-tests") for t in texts)


def test_routine_adherence_is_in_the_report() -> None:
    from app.domain.routine import RoutineRun, RunStep

    runs = [
        RoutineRun(datetime(2026, 11, day, 8), "subacute", 5, 3,
                   (RunStep("exercise", "bird_dog", "none", day % 2 == 0),
                    RunStep("acupoint", "BL23", "both", True)), 900)
        for day in (3, 4, 10)
    ]  # fmt: skip
    report = build(routine_runs=runs)
    assert report.adherence.startswith("Routine done on 3 of 32 days")
    assert [row.skipped for row in report.routine_rows] == ["Bird dog", "", ""]
    pages = report_pages(report, "a4", ("routine",))
    texts = [t.get_text() for t in pages[-1].texts]
    assert any(t.startswith("Daily routine: Routine done on 3 of 32 days") for t in texts)
