"""Issue-17 benchmark: sign-in accounts for 25,000 people in one action (target <= 60 s),
beside a plain bulk INSERT of the same user and role rows (the floor).

    python -m bench.bench_provisioning [--people 25000] [--database-url URL]

Each run uses a fresh database (a SQLite file in a temporary folder unless a URL is
given): a unit tree of Mabes, 1 Polda, 25 Polres and 250 Polsek, the people spread over them
(one kapolsek per Polsek), then ``training.auth.provisioning.provision`` from the root
(preview first, as the page does), then, after deleting those accounts, one
``INSERT ... RETURNING`` per 1,000 users plus their roles with no audit and no checks.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from sqlalchemy import delete, insert, select

from training import create_app
from training.audit.models import AuditEntry
from training.auth.models import User, UserRole
from training.auth.provisioning import PENDING_HASH, preview, provision
from training.core.tabular import batches
from training.extensions import db
from training.people.models import Person
from training.units.models import Unit
from training.units.services import create_unit

TARGET_SECONDS = 60.0


def _seed(people: int) -> Unit:
    mabes = create_unit(code="BM", name="Mabes Bench", level="mabes", parent=None)
    root = create_unit(code="B0", name="Polda Bench", level="polda", parent=mabes)
    polsek = []
    for r in range(25):
        polres = create_unit(code=f"BR{r}", name=f"Polres Bench {r}", level="polres", parent=root)
        polsek += [
            create_unit(
                code=f"B{r}-{s}", name=f"Polsek Bench {r}-{s}", level="polsek", parent=polres
            )
            for s in range(10)
        ]
    rows = [
        {
            "full_name": f"Personel Bench {n}",
            "nrp": f"{60000000 + n:08d}",
            "rank": "Bripka",
            "position": "kapolsek" if n < len(polsek) else "operator_medsos",
            "unit_id": polsek[n % len(polsek)].id,
            "email": f"p{n}@polri.go.id" if n % 2 else "",
            "phone": "",
            "is_synthetic": True,
        }
        for n in range(people)
    ]
    for chunk in batches(rows, 1000):
        db.session.execute(insert(Person), chunk)
    db.session.commit()
    return root


def _plain_insert() -> float:
    people = db.session.execute(select(Person.id, Person.nrp)).all()
    start = time.perf_counter()
    for chunk in batches(people, 1000):
        users = [{"username": nrp, "password_hash": PENDING_HASH, "person_id": pid}
                 for pid, nrp in chunk]  # fmt: skip
        ids = db.session.execute(insert(User).returning(User.id), users).scalars().all()
        db.session.execute(insert(UserRole), [{"user_id": i, "role": "participant"} for i in ids])
    db.session.commit()
    return time.perf_counter() - start


def run(people: int, url: str | None) -> dict:
    folder = tempfile.mkdtemp(prefix="bench-provisioning-")
    url = url or f"sqlite:///{Path(folder) / 'bench.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"}, instance_path=folder)
    with app.app_context():
        db.drop_all()
        db.create_all()
        root = _seed(people)
        start = time.perf_counter()
        counts = preview(root)
        created = provision(root)
        db.session.commit()
        provisioning = time.perf_counter() - start
        db.session.execute(delete(UserRole))
        db.session.execute(delete(AuditEntry))
        db.session.execute(delete(User))
        db.session.commit()
        plain = _plain_insert()
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    return {
        "name": f"provision {people} sign-in accounts (preview + create + audit)",
        "backend": url.split(":", 1)[0],
        "accounts": len(created),
        "previewed_new": counts.new,
        "seconds": round(provisioning, 2),
        "plain_bulk_insert_seconds": round(plain, 2),
        "ratio_to_plain": round(provisioning / plain, 2),
        "target_seconds": TARGET_SECONDS,
        "within_target": provisioning <= TARGET_SECONDS,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=25_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    print(json.dumps(run(args.people, args.database_url), indent=2))


if __name__ == "__main__":
    main()
