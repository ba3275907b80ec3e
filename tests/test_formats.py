"""One way to write each thing: days in one short and one long form, moments in the viewer's
zone, decimals and percentages with the interface language's separator."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from flask_babel import force_locale

from training.core.templating import decimal, percent
from training.core.timefmt import format_local, long_day, short_day

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
#: Other ways of writing a day or a number that pages must not use.
OTHER_FORMS = re.compile(
    r"\|\s*dateformat|\|\s*datetimeformat|'%\.\d+f'\s*\|\s*format|\}\}[^<]*\.isoformat\(\)|"
    r">\{\{[^}]*\.isoformat\(\) \}\}<"
)


@pytest.mark.parametrize(
    "locale, short, long",
    [("id", "3 Des 2026", "3 Desember 2026"), ("en", "Dec 3, 2026", "December 3, 2026")],
)
def test_a_day_has_one_short_and_one_long_form(app, locale, short, long):
    with app.test_request_context(), force_locale(locale):
        assert short_day(date(2026, 12, 3)) == short
        assert long_day(date(2026, 12, 3)) == long


def test_a_moment_is_written_in_the_zone_with_its_label(app):
    with app.test_request_context(), force_locale("id"):
        instant = datetime(2026, 12, 3, 1, 0, tzinfo=UTC)
        assert format_local(instant, "Asia/Jayapura") == "3 Des 2026 10.00 WIT"
        assert format_local(instant, "Asia/Makassar", long=True) == "3 Desember 2026 09.00 WITA"


def test_decimals_and_percentages_use_the_language_separator(app):
    with app.test_request_context(), force_locale("id"):
        assert (decimal(4), decimal(3.456), percent(87.54), percent(None)) == (
            "4,00",
            "3,46",
            "87,5%",
            "—",
        )
    with app.test_request_context(), force_locale("en"):
        assert (decimal(4), percent(87.54)) == ("4.00", "87.5%")


def test_templates_write_days_and_numbers_only_through_the_shared_filters():
    offenders = [
        f"{path.relative_to(TEMPLATES)}:{n}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OTHER_FORMS.search(line)
    ]
    assert offenders == []
