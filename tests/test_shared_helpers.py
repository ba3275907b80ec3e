"""Issue 12 point 5: what was written several times has one helper; these checks keep it so."""

import re
from pathlib import Path

TRAINING = Path(__file__).resolve().parent.parent / "training"


def _sources():
    for path in sorted(TRAINING.rglob("*.py")):
        yield path.relative_to(TRAINING.parent).as_posix(), path.read_text(encoding="utf-8")


def _lines_matching(pattern: str):
    regex = re.compile(pattern)
    for name, text in _sources():
        for number, line in enumerate(text.splitlines(), 1):
            if regex.search(line):
                yield name, number, line.strip()


def test_every_next_target_goes_through_safe_next():
    reads = list(_lines_matching(r"""get\(\s*["']next["']|\.next\.data"""))
    assert reads, "the login and language forms read a next target"
    unsafe = [(name, n, line) for name, n, line in reads if "safe_next(" not in line]
    assert unsafe == []


def test_dates_are_read_by_one_helper():
    copies = list(_lines_matching(r"\bdate\.fromisoformat|strptime\(.*%Y-%m-%d|1970 <="))
    allowed = {
        "training/core/dates.py",  # the helper
        "training/sessions/formdata.py",  # a list of holidays typed into a form field, not one day
        "training/sessions/recurrence.py",  # RRULE values
        # stored ISO values shown in the interface (account history, frozen report figures)
        "training/accounts/views.py",
        "training/signoff/labels.py",
    }
    assert [c for c in copies if not any(c[0].startswith(a) for a in allowed)] == []


def test_parse_day_reads_iso_days_and_months_in_range():
    from datetime import date

    from training.core.dates import parse_day

    assert parse_day(" 2026-11-03 ") == date(2026, 11, 3)
    assert parse_day("2026-11") is None
    assert parse_day("2026-11", month=True) == date(2026, 11, 1)
    for bad in ("", None, "20261103", "2026-13-01", "1969-12-31", "2201-01-01", "03/11/2026"):
        assert parse_day(bad) is None, bad


def test_day_arg_tells_absent_from_bad(app):
    from datetime import date

    import pytest

    from training.core.dates import day_arg

    fallback = date(2026, 1, 1)
    with app.test_request_context("/?from=2026-11-03&to=&bad=2026-02-30"):
        assert day_arg("from", fallback) == date(2026, 11, 3)
        assert day_arg("to", fallback) == fallback
        assert day_arg("missing") is None
        with pytest.raises(ValueError):
            day_arg("bad", fallback)


def test_latest_attempt_subquery_is_written_once():
    copies = [c[0] for c in _lines_matching(r"func\.max\(AssessmentAttempt\.attempt_no\)")]
    assert copies == ["training/assessments/latest.py"]


def test_subtree_ranges_and_path_splitting_live_in_core_paths():
    copies = {
        c[0] for c in _lines_matching(r"""split\(["']/["']\)|\[:-1\] \+ ["']0["']|concat\(["']0""")
    }
    assert copies == {"training/core/paths.py"}


def test_path_helpers():
    from training.core.paths import path_id_at, path_ids, subtree_end

    assert path_ids("/1/7/12/") == [1, 7, 12]
    assert [path_id_at("/1/7/12/", depth) for depth in (0, 1, 2)] == [1, 7, 12]
    assert path_ids("") == []
    assert subtree_end("/1/7/") == "/1/70"


def test_each_table_export_is_one_view_behind_both_endpoints(app):
    views = app.view_functions
    for blueprint in ("units", "people", "accounts"):
        assert views[f"{blueprint}.export_csv"] is views[f"{blueprint}.export_xlsx"], blueprint
    with app.test_request_context():
        from flask import url_for

        assert url_for("units.export_csv") == "/units/export.csv"
        assert url_for("people.export_xlsx") == "/people/export.xlsx"


def test_table_download_serves_csv_and_xlsx_and_refuses_other_formats(app):
    import pytest
    from werkzeug.exceptions import NotFound

    from training.core.webio import XLSX_MIMETYPE, table_download

    with app.test_request_context():
        csv = table_download("csv", ["a"], [("=1",)], "t", "T")
        assert csv.mimetype == "text/csv"
        assert csv.headers["Content-Disposition"] == "attachment; filename=t.csv"
        assert csv.get_data(as_text=True).lstrip("\ufeff").splitlines() == ["a", "'=1"]
        xlsx = table_download("xlsx", ["a"], [("x",)], "t", "T")
        assert xlsx.mimetype == XLSX_MIMETYPE
        assert "t.xlsx" in xlsx.headers["Content-Disposition"]
        with pytest.raises(NotFound):
            table_download("pdf", ["a"], iter(()), "t", "T")


def test_cli_commands_are_registered_one_way(app):
    """Module-level click commands, added by their module's register(app), listed in
    training/cli.py: no command defined inside a function nor on a blueprint."""
    assert list(_lines_matching(r"\.cli\.command\(|bp\.cli\b|cli_group=")) == []
    assert sorted(app.cli.list_commands(None)) == [
        "backup",
        "create-token",
        "create-user",
        "db",
        "drill-scenarios",
        "grade-quizzes",
        "import-accounts",
        "import-people",
        "import-units",
        "notifications",
        "plan-cycle",
        "readiness-snapshot",
        "refresh-standing",
        "restore",
        "seed-demo",
        "send-reminders",
    ]


def test_projector_qr_svg_uses_the_fast_encoder_and_reads_back():
    import pytest
    from PIL import Image

    zxingcpp = pytest.importorskip("zxingcpp")
    from training.core import qr

    url = "https://presisi.example.go.id/attendance/c/12345/" + "0123456789abcdef" * 2
    svg = qr.qr_svg(url)
    side = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    assert side == len(qr.qr_matrix(url)) + 8  # the fast encoder's matrix and a quiet zone of 4
    scale = 4
    image = Image.new("L", (side * scale, side * scale), 255)
    for x, y, length in re.findall(r"M(\d+) (\d+)h(\d+)v1", svg):
        x, y, length = int(x), int(y), int(length)
        image.paste(0, (x * scale, y * scale, (x + length) * scale, (y + 1) * scale))
    (code,) = zxingcpp.read_barcodes(image)
    assert code.text == url
    assert 'style="' not in svg


def test_production_code_imports_no_test_code():
    assert list(_lines_matching(r"^\s*(from|import) tests\b")) == []
