"""Mentions: validation, writes, the daily aggregates and the figures."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.accounts_factories import make_account
from tests.factories import make_person, make_tree
from tests.responses_factories import NOW, make_mention
from training.accounts.services import update_account
from training.audit.models import AuditEntry
from training.extensions import db as _db
from training.policy.scope import Scope
from training.responses.models import MentionDay, MentionTime
from training.responses.queries import (
    breaches_query,
    by_child,
    open_by_child,
    open_past_target,
    subtree_figures,
)
from training.responses.services import (
    MentionInvalid,
    clean_mention,
    mark_answered,
    record_mention,
    resolve,
)
from training.responses.targets import targets_for
from training.units.services import update_unit

WITA_2350 = datetime(2026, 11, 3, 15, 50, tzinfo=UTC)  # 23:50 WITA on 3 Nov


def test_clean_mention_refuses_future_and_response_before_receipt(db):
    values = {
        "mention_key": "abc",
        "received_at": NOW + timedelta(minutes=1),
        "category": "aduan",
        "first_response_at": NOW - timedelta(hours=1),
    }
    _clean, errors = clean_mention(values, NOW)
    assert errors["received_at"] == "tidak boleh di masa depan."
    values["received_at"] = NOW - timedelta(minutes=30)
    _clean, errors = clean_mention(values, NOW)
    assert errors == {"first_response_at": "tidak boleh sebelum waktu mention diterima."}


def test_clean_mention_derives_the_status_and_checks_a_given_one(db):
    values = {"mention_key": "a", "received_at": NOW - timedelta(hours=2), "category": "pertanyaan"}
    assert clean_mention(values, NOW)[0]["status"] == "terbuka"
    values["first_response_at"] = NOW - timedelta(hours=1)
    assert clean_mention(values, NOW)[0]["status"] == "dijawab"
    values["status"] = "selesai"
    assert "status" in clean_mention(values, NOW)[1]
    values["category"] = "keluhan"
    assert "category" in clean_mention(values, NOW)[1]


def test_a_late_night_complaint_counts_on_its_local_day_with_its_real_duration(db):
    tree = make_tree()
    account = make_account(tree["polres_b"])  # WITA

    make_mention(account, WITA_2350, minutes=30)

    (row,) = _db.session.scalars(select(MentionDay)).all()
    assert (row.day, row.category, row.mentions, row.answered) == (date(2026, 11, 3), "aduan", 1, 1)
    (time,) = _db.session.scalars(select(MentionTime)).all()
    assert (time.day, time.seconds, time.count) == (date(2026, 11, 3), 1800, 1)


def test_answering_later_recomputes_the_day_and_is_audited(db):
    tree = make_tree()
    account = make_account(tree["polsek_a"])
    mention = make_mention(account, NOW - timedelta(hours=5))
    person = make_person(tree["polsek_a"])

    mark_answered(mention, NOW - timedelta(hours=4), person=person, now=NOW)

    figures = subtree_figures(
        tree["polda_a"], date(2026, 12, 1), date(2026, 12, 5), targets_for(None)
    )
    assert (figures.mentions, figures.answered, figures.median_seconds) == (1, 1, 3600)
    assert figures.within == 1  # aduan target 60 minutes
    assert mention.status == "dijawab" and mention.responded_by == person
    entry = _db.session.scalars(select(AuditEntry).where(AuditEntry.action == "answer")).one()
    assert entry.entity_id == mention.id and entry.after["status"] == "dijawab"


def test_resolve_refuses_a_time_before_receipt(db):
    mention = make_mention(received_at=NOW - timedelta(hours=1))
    with pytest.raises(MentionInvalid) as caught:
        resolve(mention, NOW - timedelta(hours=2), now=NOW)
    assert "resolved_at" in caught.value.errors


def test_record_mention_refuses_a_key_already_recorded(db):
    account = make_account()
    make_mention(account, mention_key="dup")
    values = {"mention_key": "dup", "received_at": NOW - timedelta(hours=1), "category": "aduan"}
    with pytest.raises(MentionInvalid) as caught:
        record_mention(account, values, now=NOW)
    assert caught.value.errors["mention_key"] == "mention ini sudah tercatat untuk akun ini."


def test_figures_median_p90_within_and_children(db):
    tree = make_tree()
    fast, slow = make_account(tree["polres_a"]), make_account(tree["polsek_a"])
    day = NOW - timedelta(days=1)
    for n, minutes in enumerate([5, 10, 15, 20, 30]):
        make_mention(fast, day + timedelta(minutes=n), minutes=minutes)
    for n, minutes in enumerate([90, 240, None]):
        make_mention(slow, day + timedelta(minutes=n), minutes=minutes)
    targets = targets_for(None)

    whole = subtree_figures(tree["polres_a"], date(2026, 12, 1), date(2026, 12, 5), targets)
    children = by_child(tree["polres_a"], date(2026, 12, 1), date(2026, 12, 5), targets)

    assert (whole.mentions, whole.answered, whole.within) == (8, 7, 5)
    assert whole.median_seconds == 20 * 60  # sorted 5,10,15,20,30,90,240: 4th
    assert whole.p90_seconds == 240 * 60  # ceil(6.3) = 7th
    assert list(children) == [tree["polsek_a"].id]
    assert children[tree["polsek_a"].id].mentions == 3


def test_breaches_are_open_mentions_past_target_oldest_first_in_scope(db):
    tree = make_tree()
    inside, outside = make_account(tree["polsek_a"]), make_account(tree["polres_b"])
    old = make_mention(inside, NOW - timedelta(hours=5))
    newer = make_mention(inside, NOW - timedelta(hours=2))
    make_mention(inside, NOW - timedelta(minutes=30))  # within the 60 minutes
    make_mention(inside, NOW - timedelta(hours=6), category="informasi", minutes=300)
    make_mention(outside, NOW - timedelta(hours=9))
    targets = targets_for(None)
    scope = Scope(unit_paths=(tree["polda_a"].path,))

    rows = _db.session.scalars(breaches_query(scope, tree["mabes"], NOW, targets)).all()

    assert [r.id for r in rows] == [old.id, newer.id]
    assert open_past_target(tree["mabes"], NOW, targets) == 3
    assert open_by_child(tree["mabes"], NOW, targets) == {
        tree["polda_a"].id: 2,
        tree["polda_b"].id: 1,
    }


# --- pages -----------------------------------------------------------------------------------


def test_unit_page_shows_the_figures_children_and_accounts(client, login, db):
    tree = make_tree()
    account = make_account(tree["polsek_a"], handle="polsek_cepat")
    now = datetime.now(UTC)
    for n, minutes in enumerate([10, 20, 30]):
        make_mention(account, now - timedelta(days=1, minutes=n), minutes=minutes, now=now)
    make_mention(account, now - timedelta(days=1, hours=2), now=now)
    user = login("commander")
    user.unit = tree["polda_a"]
    _db.session.commit()

    page = client.get(f"/responses/units/{tree['polres_a'].code}?period=30")

    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'id="fig-mentions">4<' in text
    assert 'id="fig-answered">75%<' in text
    assert 'id="fig-median">20 mnt<' in text
    assert tree["polsek_a"].name in text


def test_moving_an_account_or_changing_a_zone_moves_its_mentions_days(db):
    tree = make_tree()
    account = make_account(tree["polsek_a"])  # WIB
    # 16:30 UTC: 23:30 WIB on 3 Nov, 00:30 WITA and 01:30 WIT on 4 Nov
    make_mention(account, datetime(2026, 11, 3, 16, 30, tzinfo=UTC), minutes=10)

    def days():
        return [r.day for r in _db.session.scalars(select(MentionDay))]

    assert days() == [date(2026, 11, 3)]
    update_account(account, unit=tree["polsek_b"], today=date(2026, 12, 1))  # WITA
    assert days() == [date(2026, 11, 4)]
    update_unit(tree["polsek_a"], code=tree["polsek_a"].code, name=tree["polsek_a"].name,
                unit_type="", timezone="Asia/Jayapura")  # fmt: skip
    assert days() == [date(2026, 11, 4)]
    update_account(account, unit=tree["polsek_a"], today=date(2026, 12, 1))  # now WIT
    update_unit(tree["polsek_a"], code=tree["polsek_a"].code, name=tree["polsek_a"].name,
                unit_type="", timezone="Asia/Jakarta")  # fmt: skip
    assert days() == [date(2026, 11, 3)]


def test_the_trend_per_day_lists_the_last_fourteen_days(client, login, db):
    tree = make_tree()
    account = make_account(tree["polres_a"])
    now = datetime.now(UTC)
    make_mention(account, now - timedelta(days=2), minutes=30, now=now)
    login("admin")

    page = client.get(f"/responses/units/{tree['polres_a'].code}?trend=day").text

    rows = page.split('id="trend"')[1].split("</table>")[0].count("<tr>") - 1
    assert rows == 14 and "Tren per hari" in page
    assert "30 mnt" in page.split('id="trend"')[1]
