"""The measured cases, each against a reference implementation in the same process."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from bench.measure import alternate, counting
from training.demo.accounts import DEFAULT_PASSWORD
from training.extensions import db
from training.people.models import Person
from training.units.models import Unit, in_subtree

PAGE_SIZES = (20, 50, 200)
POLDA_CODE = "15"


def entry(name: str, pair, unit: str, reference: str, scale: float = 1000.0, **extra) -> dict:
    median, ref = pair.candidate_median * scale, pair.reference_median * scale
    return {
        "name": name,
        "median": round(median, 3),
        "unit": unit,
        "reference_median": round(ref, 3),
        "reference": reference,
        "ratio": round(median / ref, 3) if ref else None,
        "repetitions": len(pair.candidate),
        **extra,
    }


# --- (a) unit subtrees -------------------------------------------------------------------


def _like_subtree(path: str) -> list[int]:
    return list(db.session.scalars(select(Unit.id).where(Unit.path.startswith(path))))


def _range_subtree(path: str) -> list[int]:
    """The app's subtree condition: a range on the path index (training.units.models)."""
    return list(db.session.scalars(select(Unit.id).where(in_subtree(path))))


def _cte_subtree(unit_id: int) -> list[int]:
    tree = select(Unit.id).where(Unit.id == unit_id).cte("tree", recursive=True)
    tree = tree.union_all(select(Unit.id).where(Unit.parent_id == tree.c.id))
    return list(db.session.scalars(select(tree.c.id)))


def unit_subtrees(repetitions: int) -> list[dict]:
    """Every Polda's subtree: materialized-path prefix vs recursive CTE over parent_id."""
    poldas = db.session.execute(select(Unit.id, Unit.path).where(Unit.level == "polda")).all()
    rows = 0
    for unit_id, path in poldas:
        by_path, by_cte = _like_subtree(path), _cte_subtree(unit_id)
        assert sorted(by_path) == sorted(by_cte), f"subtree of unit {unit_id} differs"
        rows += len(by_path)
        assert sorted(_range_subtree(path)) == sorted(by_cte), f"range of {unit_id} differs"
    entries = []
    for label, candidate in (
        ("path range, as the app does", lambda: [_range_subtree(path) for _, path in poldas]),
        ("path prefix LIKE, for comparison", lambda: [_like_subtree(path) for _, path in poldas]),
    ):
        pair = alternate(
            candidate, lambda: [_cte_subtree(unit_id) for unit_id, _ in poldas], repetitions
        )
        entries.append(
            entry(
                f"unit subtree ids, all {len(poldas)} Polda ({label})",
                pair,
                "ms",
                "recursive CTE over parent_id",
                rows=rows,
                statements=len(poldas),
            )
        )
    return entries


# --- (b) people list of a Polda subtree -----------------------------------------------------


def _eager_page(path: str, size: int) -> list[str]:
    stmt = (
        select(Person)
        .join(Person.unit)
        .options(contains_eager(Person.unit))
        .where(in_subtree(path))
        .order_by(Person.full_name, Person.id)
        .limit(size)
    )
    return [f"{p.nrp} {p.unit.name}" for p in db.session.scalars(stmt)]


def _naive_page(path: str, size: int) -> list[str]:
    """The reference: select the people, then lazy-load each person's unit (N+1)."""
    ids = select(Unit.id).where(in_subtree(path))
    stmt = (
        select(Person).where(Person.unit_id.in_(ids)).order_by(Person.full_name, Person.id)
    ).limit(size)
    return [f"{p.nrp} {p.unit.name}" for p in db.session.scalars(stmt)]


def _statements(fn) -> int:
    db.session.remove()
    with counting(db.engine) as counter:
        fn()
    return counter.count


def _fresh_session() -> None:
    db.session.remove()  # an empty identity map, so every lazy load really queries


def people_queries(repetitions: int) -> list[dict]:
    """The list query with eager unit loading vs the naive N+1 loop, per page size."""
    path = db.session.scalar(select(Unit.path).where(Unit.code == POLDA_CODE))
    entries = []
    for size in PAGE_SIZES:
        pair = alternate(
            lambda size=size: _eager_page(path, size),
            lambda size=size: _naive_page(path, size),
            repetitions,
            before_each=_fresh_session,
        )
        entries.append(
            entry(
                f"people of Polda {POLDA_CODE}, page {size} (query, eager unit)",
                pair,
                "ms",
                "naive N+1 loop (lazy-load each person's unit)",
                statements=_statements(lambda size=size: _eager_page(path, size)),
                reference_statements=_statements(lambda size=size: _naive_page(path, size)),
            )
        )
    return entries


def _login(client) -> None:
    response = client.post("/login", data={"username": "admin", "password": DEFAULT_PASSWORD})
    if response.status_code != 302:
        raise RuntimeError(f"bench login as admin failed: HTTP {response.status_code}")


def _get(client, size: int) -> tuple[int, str]:
    response = client.get(f"/people/?unit={POLDA_CODE}&per_page={size}")
    return response.status_code, response.get_data(as_text=True)


def people_page(app: Flask, repetitions: int) -> tuple[list[dict], str | None]:
    """GET /people/?unit=15&per_page=N as admin vs the naive N+1 loop; (entries, note)."""
    client = app.test_client()
    _login(client)
    path = db.session.scalar(select(Unit.path).where(Unit.code == POLDA_CODE))
    nrps = set(db.session.scalars(select(Person.nrp).join(Person.unit).where(
        Unit.path.startswith(path))))  # fmt: skip
    status, body = _get(client, PAGE_SIZES[0])
    if status != 200 or not any(nrp in body for nrp in nrps):
        return [], f"people list page not usable yet (HTTP {status}): measured the query only"
    entries = []
    for size in PAGE_SIZES:
        _fresh_session()
        with counting(db.engine) as counter:
            status, body = _get(client, size)
        pair = alternate(
            lambda size=size: _get(client, size),
            lambda size=size: _naive_page(path, size),
            repetitions,
            before_each=_fresh_session,
        )
        entries.append(
            entry(
                f"GET /people/?unit={POLDA_CODE}&per_page={size} (admin)",
                pair,
                "ms",
                "naive N+1 loop (lazy-load each person's unit), no HTTP",
                statements=counter.count,
                reference_statements=_statements(lambda size=size: _naive_page(path, size)),
                rows=sum(nrp in body for nrp in nrps),
                status=status,
            )
        )
    return entries, None
