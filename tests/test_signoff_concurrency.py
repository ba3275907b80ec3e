"""Two reviewers acting on one report at the same moment, on a real shared database.

Each thread has its own app context, hence its own session and connection. Both have read
the report as submitted; the conditional state update lets exactly one of them through and
the other gets the stale-report message (never a second step, never a 500).
"""

import threading

from flask_migrate import upgrade
from sqlalchemy import select

from tests.conftest import TEST_DATABASE_URL, make_app
from tests.scratch import scratch_database
from tests.signoff_factories import NOW, PDF, make_chain, make_report
from training.auth.models import User
from training.errors import RuleViolation
from training.extensions import db
from training.signoff import attachments, workflow
from training.signoff.models import ReadinessReport, ReportState


def _race(app, report_id, actions):
    barrier = threading.Barrier(len(actions))
    outcomes = []

    def act(user_id, action):
        with app.app_context():
            report = db.session.get(ReadinessReport, report_id)
            user = db.session.get(User, user_id)
            version = workflow.version_of(report)
            barrier.wait(timeout=10)
            try:
                if action == "verify":
                    workflow.verify(report, user, version=version, now=NOW)
                else:
                    workflow.return_report(report, user, "Bukti kurang", version=version, now=NOW)
                db.session.commit()
                outcomes.append(action)
            except workflow.StaleReport as exc:
                db.session.rollback()
                outcomes.append(f"stale: {exc}")
            except Exception as exc:  # noqa: BLE001  (collected and asserted below)
                db.session.rollback()
                outcomes.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=act, args=a) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_verify_and_return_at_the_same_moment_let_exactly_one_through(tmp_path):
    with scratch_database(TEST_DATABASE_URL, str(tmp_path)) as url:
        app = make_app(SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            upgrade()
            chain = make_chain()
            report = make_report(chain, state=ReportState.SUBMITTED)
            db.session.commit()
            ids = report.id, chain["kapolda_a"].id, chain["admin"].id
            db.session.remove()

        outcomes = _race(app, ids[0], [(ids[1], "verify"), (ids[2], "return")])

        with app.app_context():
            report = db.session.scalar(select(ReadinessReport))
            steps = [s.action for s in report.steps]
            state = report.state
            db.session.remove()
            db.engine.dispose()

    winners = [o for o in outcomes if not o.startswith("stale: ")]
    assert len(outcomes) == 2 and len(winners) == 1, outcomes
    assert "Laporan ini sudah berubah sejak halaman dibuka" in next(
        o for o in outcomes if o.startswith("stale: ")
    )
    expected = {"verify": ("verify_polda", "polda_verified"), "return": ("return", "returned")}
    assert (steps[-1], state) == expected[winners[0]]
    assert len(steps) == 2


def test_two_uploads_at_once_never_pass_the_limit_of_five_files(tmp_path):
    with scratch_database(TEST_DATABASE_URL, str(tmp_path)) as url:
        app = make_app(SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            upgrade()
            chain = make_chain()
            report = make_report(chain)
            for n in range(3):
                attachments.add_attachment(report, chain["admin"], f"b{n}.pdf", PDF + bytes([n]))
            db.session.commit()
            report_id, user_id = report.id, chain["kapolres_a"].id
            db.session.remove()

        barrier = threading.Barrier(2)
        outcomes = []

        def upload(n):
            with app.app_context():
                report = db.session.get(ReadinessReport, report_id)
                user = db.session.get(User, user_id)
                assert len(report.attachments) == 4
                barrier.wait(timeout=10)
                try:
                    attachments.add_attachment(report, user, f"c{n}.pdf", PDF + b"c" + bytes([n]))
                    db.session.commit()
                    outcomes.append("ok")
                except RuleViolation as exc:
                    db.session.rollback()
                    outcomes.append(str(exc))
                except Exception as exc:  # noqa: BLE001  (collected and asserted below)
                    db.session.rollback()
                    outcomes.append(repr(exc))
                finally:
                    db.session.remove()

        threads = [threading.Thread(target=upload, args=(n,)) for n in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        with app.app_context():
            total = len(db.session.get(ReadinessReport, report_id).attachments)
            db.session.remove()
            db.engine.dispose()

    assert sorted(outcomes) == ["Paling banyak 5 lampiran per laporan.", "ok"], outcomes
    assert total == 5
