"""An import keeps the daily aggregates as a rebuild from the raw rows would: new mentions
are added to their days (upserts; on PostgreSQL many rows through a temporary table), a
changed one rebuilds its old and new days, new mentions of those days included."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tests.accounts_factories import make_account
from tests.factories import make_tree
from training.extensions import db as _db
from training.responses import measures
from training.responses.importer import HEADER, IMPORTER, preview_mentions, read_mentions
from training.responses.models import MentionDay, MentionTime

NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
CSV_HEAD = ",".join(HEADER) + "\n"
FIRST = CSV_HEAD + (
    "instagram,polsek_a_ig,A1,2026-11-20 10:00,aduan,2026-11-20 10:30,,,,\n"
    "instagram,polsek_a_ig,A2,2026-11-21 23:50,aduan,,,,,\n"
    "x,polsek_b_x,B1,2026-11-20 23:50,pertanyaan,2026-11-21 00:20,,,,\n"
    "x,polsek_b_x,https://x.com/wargā/status/1?s=é,2026-11-19 08:00,aduan,,,,,\n"
)
SECOND = CSV_HEAD + (
    "instagram,polsek_a_ig,A1,2026-11-20 10:00,aduan,2026-11-20 10:30,,,,\n"  # unchanged
    "instagram,polsek_a_ig,A3,2026-11-20 11:00,aduan,2026-11-20 11:30,,,,\n"  # new: A1's day
    "instagram,polsek_a_ig,A2,2026-11-22 00:10,aduan,2026-11-22 01:00,,,,\n"  # 21 -> 22 Nov
    "instagram,polsek_a_ig,A4,2026-11-21 08:00,informasi,,,,,\n"  # new on a rebuilt day
    "x,polsek_b_x,B2,2026-11-21 00:05 WITA,pertanyaan,2026-11-21 00:35,,,,\n"  # new: B1's
)


def _accounts():
    tree = make_tree()
    wib = make_account(tree["polsek_a"], platform="instagram", handle="polsek_a_ig")
    wita = make_account(tree["polsek_b"], platform="x", handle="polsek_b_x")
    _db.session.flush()
    return wib, wita


def _run(text: str):
    preview = preview_mentions(read_mentions("f.csv", text.encode()), now=NOW)
    IMPORTER.apply(preview, None)
    return preview


def _aggregates():
    days = {
        (d.account_id, d.day, d.category): (d.mentions, d.answered)
        for d in _db.session.scalars(select(MentionDay))
    }
    times = {
        (t.account_id, t.day, t.category, t.seconds): t.count
        for t in _db.session.scalars(select(MentionTime))
    }
    return days, times


@pytest.mark.parametrize("copy_from", [measures.COPY_FROM, 1], ids=["executemany", "copied"])
def test_new_and_changed_rows_of_one_file_leave_the_aggregates_of_a_rebuild(
    db, monkeypatch, copy_from
):
    monkeypatch.setattr(measures, "COPY_FROM", copy_from)
    wib, wita = _accounts()
    _run(FIRST)

    counts = _run(SECOND).counts
    kept = _aggregates()
    measures.recompute_accounts([wib.id, wita.id])

    assert (counts.new, counts.changed, counts.unchanged) == (3, 1, 1)
    assert kept == _aggregates()
    days, times = kept
    assert days[(wib.id, date(2026, 11, 20), "aduan")] == (2, 2)
    assert times[(wib.id, date(2026, 11, 20), "aduan", 1800)] == 2
    assert days[(wib.id, date(2026, 11, 21), "informasi")] == (1, 0)
    assert (wib.id, date(2026, 11, 21), "aduan") not in days  # A2 moved away
    assert days[(wib.id, date(2026, 11, 22), "aduan")] == (1, 1)
    assert days[(wita.id, date(2026, 11, 20), "pertanyaan")] == (1, 1)
    assert days[(wita.id, date(2026, 11, 21), "pertanyaan")] == (1, 1)


def test_importing_the_same_new_rows_twice_counts_them_once(db):
    wib, wita = _accounts()
    _run(FIRST)
    kept = _aggregates()

    again = _run(FIRST).counts

    assert (again.new, again.unchanged) == (0, 4)  # a key outside ASCII is found again
    assert _aggregates() == kept


def test_the_preview_of_new_rows_shows_each_receipt_in_its_units_zone(db):
    _accounts()
    text = CSV_HEAD + (
        "instagram,polsek_a_ig,L1,2026-11-03 23:50,aduan,,,,,\n"
        "x,polsek_b_x,L2,2026-11-03T23:50:00+07:00,aduan,,,,,\n"
        "x,polsek_b_x,L3,2026-11-04 00:05,aduan,,,,,\n"
        "instagram,polsek_a_ig,L4,2026-11-03 23:50 WIT,aduan,,,,,\n"
    )

    preview = preview_mentions(read_mentions("f.csv", text.encode()), now=NOW)

    assert [(row.kind, [c.after for c in row.changes]) for row in preview.rows] == [
        ("new", ["3 Nov 2026 23.50 WIB"]),
        ("new", ["4 Nov 2026 00.50 WITA"]),
        ("new", ["4 Nov 2026 00.05 WITA"]),
        ("new", ["3 Nov 2026 21.50 WIB"]),
    ]
