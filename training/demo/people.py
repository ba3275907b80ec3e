"""Synthetic personnel for the demo tree: commanders, deputies and social-media operators.

Everything about a unit's people (names, ranks, NRP/NIP) comes from a random generator
seeded with the unit's code, so the same unit always gets the same people whatever the
scale or the order of loading.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from training.core.bulkwrite import insert_rows
from training.demo.names import ISLANDS, person_name
from training.demo.units import CHUNK, SEED, URBAN_TYPES, PlannedUnit, Progress
from training.extensions import db
from training.people.models import Person
from training.people.ranks import Position
from training.units.models import Unit

OPERATOR_RANKS = ("Bripka", "Brigpol", "Briptu", "Bripda")
OPERATOR_PNS_RANKS = ("II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c")
#: Type-B Polda, led by a Brigjen; the others by an Irjen.
TYPE_B_POLDA = frozenset(("05", "07", "09", "10", "14", "21", "24", "28", "29", "30", "32", "34"))
#: Chance that a Polsek outside the towns is remote (kapolsek an Iptu or Ipda).
REMOTE_SHARE = {"papua": 0.6, "nusa": 0.3, "kalimantan": 0.3, "sulawesi": 0.25,
                "sumatera": 0.2, "jawa": 0.03}  # fmt: skip
#: Typical age range (years in 2022) of a holder of each rank, for the NRP's birth year.
AGES = {"Irjen": (54, 58), "Brigjen": (51, 56), "Kombes": (45, 52), "AKBP": (40, 48),
        "Kompol": (36, 45), "AKP": (30, 42), "Iptu": (27, 45), "Ipda": (25, 50),
        "Aiptu": (40, 52), "Bripka": (33, 45), "Brigpol": (28, 36), "Briptu": (24, 30),
        "Bripda": (19, 25)}  # fmt: skip
DEPUTY_RANK = {"AKBP": "Kompol", "Kompol": "AKP", "AKP": "Iptu", "Iptu": "Ipda", "Ipda": "Aiptu"}


def _key(code: str, slot: int) -> int | None:
    """A number below 10**6 that no other (unit, slot) of the demo tree shares."""
    parts = [int(part) for part in code.split(".")] + [0, 0]
    pp, rr, ss = parts[:3]
    if pp >= 100 or rr >= 40 or ss >= 25 or slot >= 10 or len(code.split(".")) > 3:
        return None
    index = ((pp * 40 + rr) * 25 + ss) * 10 + slot
    # Bijections of [0, 10**6): affine maps and digit reversal (so tails look random).
    mixed = int(f"{(index * 7_777_777 + 318_259) % 1_000_000:06d}"[::-1])
    return (mixed * 123_457 + 604_931) % 1_000_000


def make_nrp(key: int, rank: str, rng: random.Random) -> str:
    """8-digit NRP: two digits of a birth year fitting the rank, then a unique tail."""
    low, high = AGES.get(rank, (25, 45))
    return f"{(2022 - rng.randint(low, high)) % 100:02d}{key:06d}"


def make_nip(key: int, female: bool, rng: random.Random) -> str:
    """18-digit NIP: birth date, appointment year-month, sex, sequence (unique by key)."""
    born = date(1968, 1, 1) + timedelta(days=(key // 1000) * 13 % 9000)
    hired = min(born.year + rng.randint(20, 28), 2021)
    return f"{born:%Y%m%d}{hired}{rng.randint(1, 12):02d}{2 if female else 1}{key % 1000:03d}"


def _commander_ranks(unit: PlannedUnit, parent: PlannedUnit | None, rng) -> tuple[str, str]:
    """(commander rank, deputy rank) for ``unit``."""
    if unit.level == "polda":
        return ("Brigjen" if unit.code in TYPE_B_POLDA else "Irjen"), "Brigjen"
    if unit.level == "polres":
        return ("Kombes", "AKBP") if unit.unit_type in URBAN_TYPES else ("AKBP", "Kompol")
    if parent is not None and "Jakarta" in parent.name:
        head = "AKBP"
    elif parent is not None and parent.unit_type in URBAN_TYPES:
        head = "Kompol" if rng.random() < 0.6 else "AKP"
    elif rng.random() < REMOTE_SHARE[ISLANDS.get(unit.region, "jawa")]:
        head = rng.choice(("Iptu", "Ipda"))
    else:
        head = "AKP"
    return head, DEPUTY_RANK[head]


def _operator_count(unit: PlannedUnit, rng: random.Random) -> int:
    if unit.level == "mabes":
        return 4
    if unit.level == "polda":
        return rng.randint(3, 6)
    if unit.level == "polres":
        return rng.randint(3, 5)
    return rng.choices((1, 2, 3), weights=(3, 5, 2))[0]


def unit_people(unit: PlannedUnit, parent: PlannedUnit | None, unit_id: int) -> list[dict]:
    """The synthetic people of one unit, as rows for a bulk insert."""
    rng = random.Random(f"{SEED}:people:{unit.code}")
    rows: list[dict] = []

    def add(slot: int, position: str, rank: str | None, female_share: float) -> None:
        key = _key(unit.code, slot)
        if key is None:
            return
        female = rng.random() < female_share
        name = person_name(rng, unit.region, female)
        if rank is None:  # a PNS operator (civilian staff)
            rank, nrp = rng.choice(OPERATOR_PNS_RANKS), make_nip(key, female, rng)
        else:
            nrp = make_nrp(key, rank, rng)
        rows.append(
            {"full_name": name, "nrp": nrp, "rank": rank, "position": position,
             "unit_id": unit_id, "phone": "", "email": "", "is_synthetic": True}
        )  # fmt: skip

    if unit.level != "mabes":
        head, deputy = _commander_ranks(unit, parent, rng)
        add(0, f"ka{unit.level}", head, 0.04)
        if unit.level != "polsek" or rng.random() < 0.8:
            add(1, f"waka{unit.level}", deputy, 0.08)
    for slot in range(2, 2 + _operator_count(unit, rng)):
        pns = rng.random() < 0.15
        add(slot, Position.OPERATOR, None if pns else rng.choice(OPERATOR_RANKS), 0.4)
    return rows


def plan_people(planned: list[PlannedUnit]) -> list[dict]:
    """Rows for the planned people missing by NRP, for every planned unit that exists."""
    by_code = {unit.code: unit for unit in planned}
    ids = dict(db.session.execute(select(Unit.code, Unit.id)).all())
    existing = set(db.session.scalars(select(Person.nrp)))
    rows: list[dict] = []
    for unit in planned:
        if unit.code not in ids:
            continue
        for row in unit_people(unit, by_code.get(unit.parent_code or ""), ids[unit.code]):
            if row["nrp"] not in existing:
                existing.add(row["nrp"])
                rows.append(row)
    return rows


def load_people(rows: list[dict], progress: Progress | None = None) -> int:
    """Bulk insert ``rows`` (from plan_people) in chunks; returns how many."""
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        insert_rows(Person.__table__, chunk)  # COPY on PostgreSQL
        if progress:
            progress(len(chunk))
    return len(rows)
