"""Local time formatting across WIB, WITA and WIT."""

from datetime import UTC, date, datetime, time

from training.core.timefmt import format_local, format_local_time, to_local, to_utc


def test_to_utc_converts_each_indonesian_zone():
    assert to_utc(date(2026, 3, 3), time(9, 0), "Asia/Jakarta") == datetime(
        2026, 3, 3, 2, 0, tzinfo=UTC
    )
    assert to_utc(date(2026, 3, 3), time(9, 0), "Asia/Makassar").hour == 1
    assert to_utc(date(2026, 3, 3), time(9, 0), "Asia/Jayapura") == datetime(
        2026, 3, 3, 0, 0, tzinfo=UTC
    )


def test_to_local_keeps_the_instant():
    instant = datetime(2026, 3, 3, 1, 0, tzinfo=UTC)

    assert to_local(instant, "Asia/Jayapura").hour == 10
    assert to_local(instant, "Asia/Jayapura") == instant


def test_format_local_uses_indonesian_dates_and_zone_labels(app):
    instant = datetime(2026, 8, 17, 1, 0, tzinfo=UTC)

    with app.test_request_context():
        assert format_local(instant, "Asia/Makassar", long=True) == "17 Agustus 2026 09.00 WITA"
        assert format_local_time(instant, "Asia/Jayapura") == "10.00 WIT"
        assert format_local_time(instant, "Asia/Pontianak") == "08.00 WIB"
