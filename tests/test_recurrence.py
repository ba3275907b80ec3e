"""Recurrence rules: RRULE text from form choices and occurrences in local time → UTC."""

from datetime import UTC, date, datetime

import pytest

from training.errors import RuleViolation
from training.sessions.recurrence import (
    MONTHLY_DAY,
    MONTHLY_NTH,
    WEEKLY,
    Repeat,
    build_rrule,
    cut_before,
    expand,
    parse_rrule,
)

TU, TH, FR = 1, 3, 4
JKT, MKS, JAP = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"


def local_days(occurrences):
    return [o.local_start.date() for o in occurrences]


def occurrences(repeat, start, tz=JKT, minutes=120, limit=None):
    rule = build_rrule(repeat, tz)
    return expand(rule, start, minutes, tz, [d.isoformat() for d in repeat.exdates], limit=limit)


def test_weekly_on_tuesday_and_thursday_for_four_weeks_gives_eight_sessions():
    repeat = Repeat(freq=WEEKLY, weekdays=(TU, TH), count=8)

    result = occurrences(repeat, datetime(2026, 11, 3, 9, 0))

    assert build_rrule(repeat, JKT) == "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8"
    assert local_days(result) == [
        date(2026, 11, 3),
        date(2026, 11, 5),
        date(2026, 11, 10),
        date(2026, 11, 12),
        date(2026, 11, 17),
        date(2026, 11, 19),
        date(2026, 11, 24),
        date(2026, 11, 26),
    ]
    assert result[0].starts_at == datetime(2026, 11, 3, 2, 0, tzinfo=UTC)
    assert result[0].ends_at == datetime(2026, 11, 3, 4, 0, tzinfo=UTC)


def test_every_two_weeks_skips_the_week_between():
    repeat = Repeat(freq=WEEKLY, interval=2, weekdays=(TU,), count=3)

    result = occurrences(repeat, datetime(2026, 11, 3, 9, 0))

    assert build_rrule(repeat, JKT) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=3"
    assert local_days(result) == [date(2026, 11, 3), date(2026, 11, 17), date(2026, 12, 1)]


def test_monthly_on_the_31st_skips_months_without_a_31st():
    repeat = Repeat(freq=MONTHLY_DAY, month_day=31, count=4)

    result = occurrences(repeat, datetime(2027, 1, 31, 9, 0))

    assert local_days(result) == [
        date(2027, 1, 31),
        date(2027, 3, 31),
        date(2027, 5, 31),
        date(2027, 7, 31),
    ]


def test_monthly_on_the_29th_meets_february_only_in_the_leap_year_2028():
    repeat = Repeat(freq=MONTHLY_DAY, month_day=29, until=date(2028, 3, 31))

    result = occurrences(repeat, datetime(2027, 12, 29, 9, 0))

    assert local_days(result) == [
        date(2027, 12, 29),
        date(2028, 1, 29),
        date(2028, 2, 29),
        date(2028, 3, 29),
    ]


def test_monthly_on_the_second_tuesday():
    repeat = Repeat(freq=MONTHLY_NTH, nth=2, nth_weekday=TU, count=3)

    result = occurrences(repeat, datetime(2026, 11, 1, 9, 0))

    assert build_rrule(repeat, JKT) == "FREQ=MONTHLY;BYDAY=2TU;COUNT=3"
    assert local_days(result) == [date(2026, 11, 10), date(2026, 12, 8), date(2027, 1, 12)]


def test_monthly_on_the_last_friday():
    repeat = Repeat(freq=MONTHLY_NTH, nth=-1, nth_weekday=FR, count=3)

    result = occurrences(repeat, datetime(2026, 11, 1, 9, 0))

    assert build_rrule(repeat, JKT) == "FREQ=MONTHLY;BYDAY=-1FR;COUNT=3"
    assert local_days(result) == [date(2026, 11, 27), date(2026, 12, 25), date(2027, 1, 29)]


def test_until_is_inclusive_in_local_time_in_wit_even_when_utc_is_the_day_before():
    # 07.00 WIT is 22.00 UTC the previous day: Tuesday 1 Dec 07.00 WIT = 30 Nov 22.00 UTC,
    # which must NOT count as "until 30 Nov", while Thursday 26 Nov 07.00 WIT must.
    repeat = Repeat(freq=WEEKLY, weekdays=(TU, TH), until=date(2026, 11, 30))

    result = occurrences(repeat, datetime(2026, 11, 24, 7, 0), tz=JAP)

    assert "UNTIL=20261130T145959Z" in build_rrule(repeat, JAP)
    assert local_days(result) == [date(2026, 11, 24), date(2026, 11, 26)]
    assert result[-1].starts_at == datetime(2026, 11, 25, 22, 0, tzinfo=UTC)


def test_until_includes_a_late_evening_session_on_the_last_local_day():
    repeat = Repeat(freq=WEEKLY, weekdays=(TU,), until=date(2026, 12, 1))

    result = occurrences(repeat, datetime(2026, 11, 24, 22, 30), tz=JAP)

    assert local_days(result) == [date(2026, 11, 24), date(2026, 12, 1)]
    assert result[-1].starts_at == datetime(2026, 12, 1, 13, 30, tzinfo=UTC)


def test_count_counts_exception_dates_as_rfc_5545_says():
    repeat = Repeat(freq=WEEKLY, weekdays=(TU,), count=4, exdates=(date(2026, 11, 10),))

    result = occurrences(repeat, datetime(2026, 11, 3, 9, 0))

    assert local_days(result) == [date(2026, 11, 3), date(2026, 11, 17), date(2026, 11, 24)]


@pytest.mark.parametrize(
    ("tz", "utc_hour"),
    [("Asia/Jakarta", 2), ("Asia/Pontianak", 2), ("Asia/Makassar", 1), ("Asia/Jayapura", 0)],
)
def test_nine_oclock_local_is_the_right_utc_instant_in_each_zone(tz, utc_hour):
    repeat = Repeat(freq=WEEKLY, weekdays=(TU,), count=2)

    result = occurrences(repeat, datetime(2026, 11, 3, 9, 0), tz=tz)

    assert [o.starts_at for o in result] == [
        datetime(2026, 11, 3, utc_hour, 0, tzinfo=UTC),
        datetime(2026, 11, 10, utc_hour, 0, tzinfo=UTC),
    ]


def test_a_series_of_ten_thousand_occurrences_is_refused_with_a_clear_message():
    repeat = Repeat(freq=WEEKLY, weekdays=(TU,), count=10_000)

    with pytest.raises(RuleViolation, match="lebih dari 200 pertemuan"):
        occurrences(repeat, datetime(2026, 11, 3, 9, 0))


def test_a_long_until_range_is_refused_past_the_cap():
    repeat = Repeat(freq=WEEKLY, weekdays=(0, 1, 2, 3, 4), until=date(2030, 1, 1))

    with pytest.raises(RuleViolation, match="lebih dari 200"):
        occurrences(repeat, datetime(2026, 11, 2, 9, 0))


def test_an_until_before_the_start_is_refused():
    repeat = Repeat(freq=WEEKLY, weekdays=(TU,), until=date(2026, 10, 1))

    with pytest.raises(RuleViolation, match="sebelum tanggal mulai"):
        occurrences(repeat, datetime(2026, 11, 3, 9, 0))


def test_a_repeat_without_an_end_or_weekday_is_refused():
    with pytest.raises(RuleViolation, match="berakhir"):
        build_rrule(Repeat(freq=WEEKLY, weekdays=(TU,)), JKT)
    with pytest.raises(RuleViolation, match="satu hari"):
        build_rrule(Repeat(freq=WEEKLY, count=3), JKT)


def test_parse_rrule_gives_back_the_form_choices():
    repeat = Repeat(freq=WEEKLY, interval=2, weekdays=(TU, TH), until=date(2026, 11, 30))

    assert parse_rrule(build_rrule(repeat, JAP), JAP) == repeat
    nth = Repeat(freq=MONTHLY_NTH, nth=-1, nth_weekday=FR, count=5)
    assert parse_rrule(build_rrule(nth, MKS), MKS) == nth


def test_cut_before_ends_the_rule_one_second_before_an_occurrence():
    rule = "FREQ=WEEKLY;BYDAY=TU;COUNT=8"

    cut = cut_before(rule, datetime(2026, 11, 17, 2, 0, tzinfo=UTC))

    assert cut == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261117T015959Z"
    days = local_days(expand(cut, datetime(2026, 11, 3, 9, 0), 60, JKT))
    assert days == [date(2026, 11, 3), date(2026, 11, 10)]
