"""Response figures from the daily aggregates equal a brute-force recomputation from the raw
mention rows: generated mentions on accounts in three zones, around local midnights, with
late data (answers arriving later, corrected receipt times) written in a second batch, then
an imported file mixing new mentions (added to their days' aggregates) and changed ones
(whose days are rebuilt), some of them on the same days."""

import math
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from tests.accounts_factories import make_account
from tests.factories import make_tree, make_unit
from training.accounts.models import SocialAccount
from training.extensions import db as _db
from training.responses.importer import HEADER, apply_mentions, preview_mentions, read_mentions
from training.responses.models import Mention, MentionDay, MentionTime
from training.responses.queries import by_child, series, subtree_and_children, subtree_figures
from training.responses.services import clean_mention, existing_mentions, write_mentions
from training.units.models import Unit

NOW = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
#: Receipts fall in four days around local midnights of every zone (17:00 UTC = 00:00 WIB).
BASE = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
CATEGORIES = ("aduan", "pertanyaan", "informasi", "isu_negatif")
TARGETS = {"aduan": 60, "pertanyaan": 120, "informasi": 240, "isu_negatif": 30}
_keys = count(1)
#: The category of each generated mention, by key (a late update keeps it).
ROWS_CATEGORY: dict[str, str] = {}


@pytest.fixture
def world(db):
    tree = make_tree()
    tree["polsek_wit"] = make_unit(tree["polres_b"], timezone="Asia/Jayapura")
    names = ("polda_a", "polres_a", "polsek_a", "polres_b", "polsek_b", "polsek_wit")
    accounts = [make_account(tree[name], handle=f"prop_{name}") for name in names]
    accounts.append(make_account(tree["polsek_a"], handle="prop_polsek_a_2", platform="x"))
    return tree, accounts


mention = st.tuples(
    st.integers(0, 6),  # account index
    st.integers(0, 4 * 1440),  # minutes after BASE
    st.sampled_from(CATEGORIES),
    st.one_of(st.none(), st.integers(0, 900)),  # minutes to the first response
)
late = st.tuples(
    st.integers(0, 10_000),  # which mention (modulo)
    st.one_of(st.none(), st.integers(0, 900)),  # a (new) response delay
    st.integers(-600, 600),  # receipt moved by minutes
)


changed_in_file = st.tuples(
    st.integers(0, 10_000),  # which mention (modulo)
    st.one_of(st.none(), st.integers(0, 900)),  # its response delay
    st.integers(-600, 600),  # receipt moved by minutes
    st.sampled_from(CATEGORIES),  # its category, perhaps another
)


def _import(accounts, rows):
    """Import ``rows`` (account index, key, received, delay) as one CSV file."""
    lines = [",".join(HEADER)]
    for account_index, key, received, delay in rows:
        account = accounts[account_index]
        answered = received + timedelta(minutes=delay) if delay is not None else None
        lines.append(
            f"{account.platform},{account.handle},{key},{received.isoformat()},"
            f"{ROWS_CATEGORY[key]},{answered.isoformat() if answered else ''},,,,"
        )
    preview = preview_mentions(read_mentions("m.csv", "\n".join(lines).encode()), now=NOW)
    apply_mentions(preview, now=NOW)
    return preview.counts


def _write(accounts, rows):
    items = []
    for account_index, key, received, delay in rows:
        account = accounts[account_index]
        values = {
            "mention_key": key,
            "received_at": received,
            "category": ROWS_CATEGORY[key],
            "first_response_at": received + timedelta(minutes=delay) if delay is not None else None,
        }
        clean, errors = clean_mention(values, NOW)
        assert not errors
        stored = existing_mentions(account.id, [key]).get(key)
        items.append((account, clean, stored))
    write_mentions(items, source="test", now=NOW)


def _brute(unit: Unit, first: date, last: date):
    """Figures straight from the raw rows: (mentions, answered, within, median, p90)."""
    stmt = (
        select(Mention, Unit.timezone)
        .join(SocialAccount, SocialAccount.id == Mention.account_id)
        .join(Unit, Unit.id == SocialAccount.unit_id)
        .where(Unit.path.startswith(unit.path))
    )
    mentions = answered = within = 0
    durations = []
    for m, tz in _db.session.execute(stmt):
        day = m.received_at.astimezone(ZoneInfo(tz)).date()
        if not first <= day <= last:
            continue
        mentions += 1
        if m.first_response_at is not None:
            answered += 1
            seconds = (m.first_response_at - m.received_at).total_seconds()
            durations.append(int(seconds))
            within += seconds <= TARGETS[m.category] * 60
    durations.sort()

    def rank(p):
        return durations[math.ceil(p * len(durations)) - 1] if durations else None

    return mentions, answered, within, rank(Fraction(1, 2)), rank(Fraction(9, 10))


def _ours(figures):
    return (figures.mentions, figures.answered, figures.within, figures.median_seconds,
            figures.p90_seconds)  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    first_batch=st.lists(mention, min_size=1, max_size=40),
    late_batch=st.lists(late, max_size=15),
    file_new=st.lists(mention, max_size=20),
    file_changed=st.lists(changed_in_file, max_size=10),
    window=st.tuples(st.integers(0, 5), st.integers(0, 5)),
)
def test_figures_equal_a_brute_force_recomputation(
    world, first_batch, late_batch, file_new, file_changed, window
):
    tree, accounts = world
    _db.session.execute(delete(MentionDay))
    _db.session.execute(delete(MentionTime))
    _db.session.execute(delete(Mention))
    rows = []
    for account_index, minutes, category, delay in first_batch:
        key = f"p{next(_keys)}"
        ROWS_CATEGORY[key] = category
        rows.append((account_index, key, BASE + timedelta(minutes=minutes), delay))
    _write(accounts, rows)
    changed = {}
    for pick, delay, shift in late_batch:
        account_index, key, received, _delay = rows[pick % len(rows)]
        changed[key] = (account_index, key, received + timedelta(minutes=shift), delay)
    _write(accounts, list(changed.values()))
    rows = [changed.get(row[1], row) for row in rows]
    in_file = {}
    for pick, delay, shift, category in file_changed:
        account_index, key, received, _delay = rows[pick % len(rows)]
        ROWS_CATEGORY[key] = category
        in_file[key] = (account_index, key, received + timedelta(minutes=shift), delay)
    for account_index, minutes, category, delay in file_new:
        key = f"p{next(_keys)}"
        ROWS_CATEGORY[key] = category
        in_file[key] = (account_index, key, BASE + timedelta(minutes=minutes), delay)
    if in_file:
        counts = _import(accounts, list(in_file.values()))
        assert counts.new == len(file_new)
    first = date(2026, 11, 19) + timedelta(days=min(window))
    last = date(2026, 11, 19) + timedelta(days=max(window))

    for name, unit in tree.items():
        assert _ours(subtree_figures(unit, first, last, TARGETS)) == _brute(unit, first, last), name
        children = by_child(unit, first, last, TARGETS)
        for child_id, figures in children.items():
            child = _db.session.get(Unit, child_id)
            assert _ours(figures) == _brute(child, first, last), (name, child.code)
        whole, together = subtree_and_children(unit, first, last, TARGETS)
        assert _ours(whole) == _brute(unit, first, last), name
        assert {c: _ours(f) for c, f in together.items()} == {
            c: _ours(f) for c, f in children.items()
        }, name
    weeks = series(tree["mabes"], first, last, TARGETS, step=2)
    for start, figures in weeks:
        end = min(start + timedelta(days=1), last)
        assert _ours(figures) == _brute(tree["mabes"], start, end)
