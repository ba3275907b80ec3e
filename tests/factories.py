"""Small builders for test data: plain functions, defaults overridable by keyword."""

from itertools import count

from werkzeug.security import generate_password_hash

from training.auth.models import User
from training.extensions import db
from training.people.models import Person
from training.units.models import Unit
from training.units.services import create_unit

_seq = count(1)
PASSWORD = "kata-sandi-uji-123"
FAST_HASH = "pbkdf2:sha256:1000"


def make_unit(parent: Unit | None = None, level: str | None = None, **kw) -> Unit:
    """Return a new unit; without a parent, a Mabes root; the level follows the parent."""
    n = next(_seq)
    if level is None:
        level = {None: "mabes", "mabes": "polda", "polda": "polres", "polres": "polsek"}[
            parent.level if parent else None
        ]
    kw.setdefault("code", f"T{n:05d}")
    kw.setdefault("name", f"{level.capitalize()} Uji {n}")
    return create_unit(level=level, parent=parent, **kw)


def make_tree() -> dict[str, Unit]:
    """Return a small tree: mabes, two Polda, a Polres under each, Polsek below."""
    mabes = make_unit()
    polda_a, polda_b = make_unit(mabes), make_unit(mabes, timezone="Asia/Makassar")
    polres_a, polres_b = make_unit(polda_a), make_unit(polda_b, timezone="Asia/Makassar")
    polsek_a = make_unit(polres_a)
    polsek_b = make_unit(polres_b, timezone="Asia/Makassar")
    return {
        "mabes": mabes,
        "polda_a": polda_a,
        "polda_b": polda_b,
        "polres_a": polres_a,
        "polres_b": polres_b,
        "polsek_a": polsek_a,
        "polsek_b": polsek_b,
    }


def make_person(unit: Unit | None = None, **kw) -> Person:
    n = next(_seq)
    kw.setdefault("full_name", f"Personel Uji {n}")
    kw.setdefault("nrp", f"{70000000 + n:08d}")
    kw.setdefault("rank", "AKP")
    kw.setdefault("position", "operator_medsos")
    person = Person(unit=unit or make_unit(), **kw)
    db.session.add(person)
    db.session.flush()
    return person


def make_user(roles=("participant",), password: str = PASSWORD, **kw) -> User:
    kw.setdefault("username", f"user{next(_seq)}")
    user = User(**kw)
    # a cheap hash keeps the many test logins fast; the app itself uses scrypt
    user.password_hash = generate_password_hash(password, FAST_HASH)
    user.set_roles(roles)
    db.session.add(user)
    db.session.flush()
    return user
