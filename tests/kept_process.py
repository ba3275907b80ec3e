"""A second process for tests/test_readiness_kept.py: on the database at argv[1], either
change readiness data and commit ("change"), or print the kept national roll-up ("read")."""

from __future__ import annotations

import json
import sys

from sqlalchemy import select

from tests.conftest import make_app
from training.certificates.models import Certificate
from training.core.timefmt import local_day
from training.extensions import db
from training.policy.scope import Scope
from training.programs.models import CourseStatus, Program
from training.readiness import kept


def main(url: str, action: str) -> None:
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        program = db.session.scalar(select(Program).order_by(Program.id))
        if action == "change":
            for cert in db.session.scalars(select(Certificate).where(Certificate.state == "valid")):
                cert.state, cert.revoked_on = "revoked", local_day()
            for row in db.session.scalars(select(CourseStatus)):
                row.status, row.average_level = "failed", 1.0
            db.session.commit()
        else:
            served = kept.readiness(program, Scope(everything=True), on=local_day())
            print(json.dumps({str(k): v.subtree.as_dict() for k, v in served.units.items()}))
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
