"""The clinician report's numbers on small hand-computed journals (no drawing, no Qt)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app.domain.errors import ValidationError
from app.domain.journal import CheckIn, PainMark
from app.domain.progress import build_progress_between
from app.domain.questionnaires import QuestionnaireResponse
from app.domain.regions import default_catalog
from app.domain.report import (
    DEFAULT_REPORT_DAYS,
    ReportPeriod,
    build_report,
    describe_pain_change,
    parse_report_date,
    report_period,
)
from app.domain.screening import RedFlagScreen
from app.domain.sessions import TreatmentSession
from app.domain.vocabulary import SYMPTOM_FLAGS
from app.store.knowledge_db import open_knowledge

TODAY = date(2026, 3, 31)


def ci(day: date, pain: int, *marks: PainMark, hour: int = 9, note: str = "") -> CheckIn:
    return CheckIn(datetime.combine(day, datetime.min.time()).replace(hour=hour), pain, marks,
                   note=note)  # fmt: skip


def report(check_ins=(), sessions=(), questionnaires=(), screens=(), period=None, name=""):  # type: ignore[no-untyped-def]
    return build_report(
        list(check_ins), list(sessions), list(questionnaires), list(screens),
        period or ReportPeriod(date(2026, 3, 1), TODAY), open_knowledge(), default_catalog(),
        TODAY, name,
    )  # fmt: skip


# --- the period ------------------------------------------------------------------------------


def test_default_period_is_the_last_90_days_including_today() -> None:
    period = report_period(TODAY)
    assert period.end == TODAY
    assert period.start is not None and (period.end - period.start).days + 1 == DEFAULT_REPORT_DAYS


def test_days_and_dates() -> None:
    assert report_period(TODAY, days=1) == ReportPeriod(TODAY, TODAY)
    assert report_period(TODAY, days=7).start == date(2026, 3, 25)
    assert report_period(TODAY, start=date(2026, 1, 1)) == ReportPeriod(date(2026, 1, 1), TODAY)
    # --to alone: everything up to that day.
    assert report_period(TODAY, end=date(2026, 2, 1)) == ReportPeriod(None, date(2026, 2, 1))
    assert (
        report_period(TODAY, start=TODAY, end=TODAY).describe()
        == "31 Mar 2026 – 31 Mar 2026 (1 day)"
    )


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"days": 0}, "from 1 to"),
        ({"days": -3}, "from 1 to"),
        ({"days": True}, "from 1 to"),
        ({"days": 5, "start": date(2026, 1, 1)}, "not both"),
        ({"start": date(2026, 3, 2), "end": date(2026, 3, 1)}, "after it ends"),
    ],
)
def test_bad_periods_say_what_to_change(kwargs: dict, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        report_period(TODAY, **kwargs)


def test_dates_are_parsed_or_refused_by_name() -> None:
    assert parse_report_date("2026-02-28") == date(2026, 2, 28)
    with pytest.raises(ValidationError, match="'2026-02-30' is not a date"):
        parse_report_date("2026-02-30")


# --- the summary -----------------------------------------------------------------------------


def test_an_empty_journal_gives_an_empty_report_not_an_error() -> None:
    empty = report()
    assert not empty.has_data
    assert empty.pain is None and empty.day_count == 0
    assert empty.most_affected == () and empty.tried == () and empty.check_in_rows == ()
    assert empty.red_flags.taken_at is None
    assert empty.period_text == "01 Mar 2026 – 31 Mar 2026 (31 days)"


def test_pain_figures_hand_computed() -> None:
    first = date(2026, 3, 1)
    # Days 1-7 at 6 (two check-ins on day 1: 5 and 7), a gap, days 25-31 at 2; worst day is
    # day 3 at 8.
    entries = [ci(first, 5), ci(first, 7, hour=18)]
    entries += [ci(first + timedelta(days=d), 8 if d == 2 else 6) for d in range(1, 7)]
    entries += [ci(first + timedelta(days=d), 2) for d in range(24, 31)]
    result = report(entries)
    assert result.day_count == 14
    assert result.pain is not None
    assert result.pain.current == pytest.approx(2.0)
    assert result.pain.average == pytest.approx((6 * 6 + 8 + 7 * 2) / 14)
    assert (result.pain.worst, result.pain.worst_day) == (8, date(2026, 3, 3))
    # First week mean (6*6 + 8) / 7 against the last week's 2: a meaningful easing.
    assert result.pain.trend.startswith("eased (6.3 → 2.0")


def test_trend_words_use_the_meaningful_change() -> None:
    assert describe_pain_change(5.0, 3.0).startswith("eased")
    assert describe_pain_change(3.0, 5.0).startswith("worse")
    assert describe_pain_change(5.0, 4.0).startswith("about the same")
    # 30% of a low starting level counts even under 2 points.
    assert describe_pain_change(3.0, 2.0).startswith("eased")
    assert describe_pain_change(0.0, 0.0).startswith("about the same")


def test_a_span_under_a_week_claims_no_trend() -> None:
    result = report([ci(date(2026, 3, 30), 6), ci(date(2026, 3, 31), 2)])
    assert result.pain is not None and "too short" in result.pain.trend


def test_entries_outside_the_period_are_left_out() -> None:
    inside = ci(date(2026, 3, 10), 4, PainMark("buttock_lower_left", 6))
    before = ci(date(2026, 2, 20), 9, PainMark("calf_right", 9))
    after = ci(date(2026, 4, 2), 9, PainMark("calf_right", 9))
    result = report([before, inside, after])
    assert [row.taken_at for row in result.check_in_rows] == [inside.taken_at]
    assert [r.label for r in result.most_affected] == ["Lower buttock (left)"]


def test_check_in_rows_list_marks_strongest_first_with_qualities() -> None:
    entry = ci(date(2026, 3, 5), 5, PainMark("low_back_left", 3),
               PainMark("buttock_lower_left", 7, frozenset({"burning", "aching"})),
               note="After gardening")  # fmt: skip
    (row,) = report([entry]).check_in_rows
    assert row.regions == "Lower buttock (left) 7 (aching, burning); Lower back (left) 3"
    assert row.note == "After gardening" and row.overall_pain == 5


def test_what_was_tried_uses_names_and_says_when_too_few() -> None:
    start = datetime(2026, 3, 2, 10)
    sessions = [
        TreatmentSession(start + timedelta(days=i), "acupoint", "GB30", "left", 6, 4, 120)
        for i in range(5)
    ] + [TreatmentSession(start, "exercise", "bird_dog", "both", 5, 5, 300)]
    result = report(sessions=sessions)
    assert result.has_data
    labels = [item.label for item in result.tried]
    assert labels[0] == "GB30 Huantiao"
    gb30 = result.tried[0]
    assert (gb30.n, gb30.mean_change, gb30.enough, gb30.note) == (5, -2.0, True, "")
    lone = result.tried[1]
    assert not lone.enough and "too few to say (need 5)" in lone.note
    assert result.session_rows[0].what == "GB30 Huantiao" and result.session_rows[0].minutes == 2
    assert result.item_label("acupoint", "GB30") == "GB30 Huantiao"


def test_red_flag_answers_come_from_the_latest_screen_by_the_period_end() -> None:
    screens = [
        RedFlagScreen(datetime(2026, 1, 5, 9), frozenset({"night_pain"})),
        RedFlagScreen(
            datetime(2026, 3, 20, 9),
            frozenset({"saddle_numbness"}),
            assessed_at=datetime(2026, 3, 21, 9),
        ),
        RedFlagScreen(datetime(2026, 4, 5, 9), frozenset()),  # after the period: not shown
    ]
    flags = report(screens=screens).red_flags
    assert flags.taken_at == datetime(2026, 3, 20, 9)
    assert flags.any_yes and flags.assessed_at == datetime(2026, 3, 21, 9)
    yes = [a.label for a in flags.answers if a.answered_yes]
    assert yes == ["Saddle numbness"]
    assert len(flags.answers) == len(SYMPTOM_FLAGS) - 2 and all(
        a.question.endswith("?") for a in flags.answers
    )


def test_outcomes_show_first_and_latest_with_the_change() -> None:
    odi = [
        QuestionnaireResponse(datetime(2026, 1, 10, 9), "odi", (4,) * 10),  # 80%
        QuestionnaireResponse(datetime(2026, 3, 15, 9), "odi", (1,) * 10),  # 20%
    ]
    rmdq = [QuestionnaireResponse(datetime(2026, 3, 16, 9), "rmdq", (1,) * 6 + (0,) * 18)]
    lines = {line.instrument: line for line in report(questionnaires=odi + rmdq).outcomes}
    assert lines["odi"].first.value == 80 and lines["odi"].latest.value == 20
    assert lines["odi"].verdict == "meaningful improvement"
    assert lines["rmdq"].change is None and lines["rmdq"].verdict == "first score"


def test_the_name_is_tidied_and_limited() -> None:
    assert report(name="  Alex   Example ").name == "Alex Example"
    with pytest.raises(ValidationError, match="at most 80"):
        report(name="x" * 81)


# --- progress for a period -------------------------------------------------------------------


def test_a_range_starting_before_the_journal_still_compares_start_and_end() -> None:
    """The comparison runs from the first day with data, not from an empty first quarter."""
    first = date(2026, 3, 20)
    entries = [ci(first, 6, PainMark("low_back_left", 6))]
    entries += [ci(first + timedelta(days=d), 2, PainMark("low_back_left", 2)) for d in (10, 11)]
    progress = build_progress_between(entries, [], [], date(2025, 4, 1), date(2026, 3, 31))
    assert progress.change == {"low_back_left": pytest.approx(-4.0)}


def test_a_past_period_reads_as_it_would_have_on_its_last_day() -> None:
    """A flare-up still going on the period's last day is shown as ongoing."""
    days = [date(2026, 1, 1) + timedelta(days=d) for d in range(40)]
    pain = [2] * 30 + [8] * 5 + [2] * 5  # a flare-up from day 31 that settles on day 36
    entries = [ci(day, value) for day, value in zip(days, pain, strict=True)]
    during = build_progress_between(entries, [], [], None, days[33])
    assert during.episodes and during.episodes[-1].end is None
    later = build_progress_between(entries, [], [], None, days[-1])
    assert later.episodes[-1].end == days[35]


def test_tables_keep_the_latest_rows_and_count_them_all() -> None:
    from app.domain.report import TABLE_ROW_LIMIT

    first = date(2025, 1, 1)
    entries = [ci(first + timedelta(days=d), d % 10) for d in range(TABLE_ROW_LIMIT + 25)]
    result = report(entries, period=ReportPeriod(None, TODAY))
    assert result.check_in_total == TABLE_ROW_LIMIT + 25
    assert len(result.check_in_rows) == TABLE_ROW_LIMIT
    assert result.check_in_rows[-1].taken_at == entries[-1].taken_at
    assert result.check_in_rows[0].taken_at == entries[25].taken_at
    # The charts still use every check-in.
    assert len(result.progress.check_ins) == TABLE_ROW_LIMIT + 25


def test_notes_and_names_with_dollar_signs_print_as_written() -> None:
    """matplotlib reads $...$ as a formula; the report must print people's words as they are."""
    from pypdf import PdfReader

    from app.render.report import report_pdf_bytes

    note = r"Massage $40, then $25 \alpha_1 {x}"
    result = report([ci(date(2026, 3, 5), 4, PainMark("low_back_left", 3), note=note)],
                    name="Jo $mith")  # fmt: skip
    pdf, pages = report_pdf_bytes(result, "a4", ("check_ins",))
    import io

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert pages == 2
    assert "Jo $mith" in text and "Massage $40, then $25" in text


# --- which safety rules fired, and when ------------------------------------------------------


def test_the_report_states_which_safety_rules_fired_and_when() -> None:
    from app.domain.person import PersonFacts

    sciatica = PainMark("calf_left", 4, frozenset({"tingling"}))
    back = PainMark("low_back_left", 5, frozenset({"aching"}))
    check_ins = [
        ci(date(2026, 2, 20), 5, back, sciatica),  # before the period: not counted
        ci(date(2026, 3, 3), 5, back, sciatica),
        ci(date(2026, 3, 10), 4, back, sciatica),
        ci(date(2026, 3, 20), 3, back),
    ]
    screens = [
        RedFlagScreen(datetime(2026, 2, 1, 9), frozenset({"cancer_history"})),
        RedFlagScreen(datetime(2026, 3, 15, 9), frozenset()),
    ]
    data = build_report(
        check_ins, [], [], screens, ReportPeriod(date(2026, 3, 1), TODAY), open_knowledge(),
        default_catalog(), TODAY, person=PersonFacts(pregnant=True),
    )  # fmt: skip
    lines = {line.rule_id: line for line in data.safety_rules}
    # Cancer history (screen of 1 Feb, still the latest) with leg nerve signs: urgent.
    urgent = lines["cancer_history_nerve_signs"]
    assert urgent.level == "urgent"
    assert (urgent.first, urgent.last, urgent.times) == (date(2026, 3, 3), date(2026, 3, 10), 2)
    # ...and again when the screen of 15 Mar was answered with those marks still current.
    assert lines["nerve_root_pattern"].times == 3
    # The new screen answered no on 15 Mar: the cancer rules stop there.
    assert lines["cancer_history_spinal_pain"].last == date(2026, 3, 10)
    assert lines["pregnancy_adaptations"].first == date(2026, 3, 3)
    assert lines["pregnancy_adaptations"].last == date(2026, 3, 20)
    assert data.safety_rules[0].level == "urgent"  # most serious first
    assert all(line.level != "info" for line in data.safety_rules)
    quiet = report([ci(date(2026, 3, 3), 3, back)])
    assert quiet.safety_rules == ()
