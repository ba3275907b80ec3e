"""The response roll-ups read the units' paths at query time: a unit moved in the tree takes
its figures to its new parents at once (nothing stored on the aggregates to update), and
times counted more than once in the histogram keep their weight in the percentiles."""

from datetime import date, timedelta

from sqlalchemy import select

from tests.accounts_factories import make_account
from tests.factories import make_tree
from tests.responses_factories import NOW, make_mention
from training.extensions import db as _db
from training.readiness.outcome import own_responses, subtree_responses
from training.responses.queries import by_child, subtree_figures
from training.responses.samples import times
from training.units.models import Unit
from training.units.services import move_unit

TARGETS = {"aduan": 60, "pertanyaan": 120, "informasi": 240, "isu_negatif": 30}
DAY = date(2026, 12, 5)


def _figures(f):
    return (f.mentions, f.answered, f.within, f.median_seconds, f.p90_seconds)


def _responses(root):
    rows = select(Unit.id, Unit.parent_id, Unit.code, Unit.name, Unit.level, Unit.path)
    unit_rows = list(_db.session.execute(rows.order_by(Unit.path)))
    found = subtree_responses(unit_rows, own_responses(Unit.path >= root.path, DAY, 30))
    return {uid: r.as_list() for uid, r in found.items()}


def test_times_text_gives_every_counted_time():
    assert times(None, None) == []
    assert sorted(times("600,1800,60", "600x3")) == [60, 600, 600, 600, 1800]


def test_a_moved_unit_takes_its_figures_to_its_new_parents(db):
    tree = make_tree()
    account = make_account(tree["polsek_a"], handle="rollup_move")
    received = NOW - timedelta(hours=5)
    for minutes in (10, 10, 10, 90):
        make_mention(account, received_at=received, minutes=minutes)
    make_mention(account, received_at=received)  # still open
    first, last = DAY - timedelta(days=29), DAY
    before = by_child(tree["mabes"], first, last, TARGETS)
    assert _figures(before[tree["polda_a"].id]) == (5, 4, 3, 600, 5400)
    assert tree["polda_b"].id not in before
    assert _responses(tree["mabes"])[tree["polres_a"].id] == [5, 4, 5400]

    move_unit(tree["polsek_a"], tree["polres_b"], audit=False)

    after = by_child(tree["mabes"], first, last, TARGETS)
    assert _figures(after[tree["polda_b"].id]) == (5, 4, 3, 600, 5400)
    assert tree["polda_a"].id not in after
    assert _figures(subtree_figures(tree["polres_a"], first, last, TARGETS)) == (
        0, 0, 0, None, None
    )  # fmt: skip
    responses = _responses(tree["mabes"])
    assert tree["polres_a"].id not in responses
    assert responses[tree["polres_b"].id] == [5, 4, 5400]
    assert responses[tree["mabes"].id] == [5, 4, 5400]
