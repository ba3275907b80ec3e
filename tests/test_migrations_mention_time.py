"""The upgrade to the response-time histogram keeps every stored duration, and the
downgrade gives the sorted lists back."""

import json

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from tests.accounts_factories import make_account
from tests.conftest import TEST_DATABASE_URL, make_app
from tests.factories import make_tree
from tests.scratch import scratch_database
from training.extensions import db

BEFORE = "e7b2c9d41f60"


def test_durations_become_histogram_rows_and_come_back(tmp_path):
    with scratch_database(TEST_DATABASE_URL, str(tmp_path)) as url:
        app = make_app(SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            upgrade(revision=BEFORE)
            account = make_account(make_tree()["polres_b"])
            db.session.execute(
                text(
                    "INSERT INTO mention_day (account_id, day, category, mentions, answered,"
                    " durations) VALUES (:a, '2026-11-03', 'aduan', 4, 3, '[60, 60, 300]'),"
                    " (:a, '2026-11-04', 'informasi', 1, 0, '[]')"
                ),
                {"a": account.id},
            )
            db.session.commit()
            upgrade()
            with db.engine.connect() as connection:
                times = connection.execute(
                    text(
                        "SELECT day, category, seconds, count FROM mention_time"
                        " ORDER BY day, seconds"
                    )
                ).all()
                days = connection.execute(
                    text("SELECT category, mentions, answered FROM mention_day ORDER BY day")
                ).all()
            downgrade(revision=BEFORE)
            with db.engine.connect() as connection:
                lists = connection.execute(
                    text("SELECT category, durations FROM mention_day ORDER BY day")
                ).all()
            db.session.remove()
            db.engine.dispose()

    assert [(str(d)[:10], c, s, n) for d, c, s, n in times] == [
        ("2026-11-03", "aduan", 60, 2),
        ("2026-11-03", "aduan", 300, 1),
    ]
    assert [tuple(r) for r in days] == [("aduan", 4, 3), ("informasi", 1, 0)]
    decoded = [(c, d if isinstance(d, list) else json.loads(d)) for c, d in lists]
    assert decoded == [("aduan", [60, 60, 300]), ("informasi", [])]
