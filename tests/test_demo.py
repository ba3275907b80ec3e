"""flask seed-demo: the real tree, synthetic Polsek and people, demo accounts, idempotence."""

import hashlib
from collections import Counter

import pytest
from sqlalchemy import delete, func, select

from training.auth.models import User, UserRole
from training.people.models import Person
from training.people.ranks import PNS_RANK_CODES, POLRI_RANK_CODES
from training.programs.models import CourseStatus
from training.sessions.enrollments import Enrollment
from training.units.models import Unit

DEMO_SYNTHETIC = 3 * (13 + 39 + 10 + 25 + 29)  # 3 per Polres of Polda 11, 15, 17, 27, 33
FITTING_RANKS = {
    "kapolda": {"Irjen", "Brigjen"},
    "kapolres": {"Kombes", "AKBP"},
    "kapolsek": {"AKBP", "Kompol", "AKP", "Iptu", "Ipda"},
}


def seed(app, *args):
    result = app.test_cli_runner().invoke(args=["seed-demo", *args])
    assert result.exit_code == 0, result.output
    return result.output


def count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def checksum(db) -> str:
    """A digest of every row the seed writes, to prove a second run changes nothing."""
    digest = hashlib.sha256()
    for model in (Unit, Person, User, UserRole):
        columns = [column for column in model.__table__.columns if column.name != "last_login_at"]
        for row in db.session.execute(select(*columns).order_by(model.id)):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def commanders_by_unit(db) -> dict[int, list[Person]]:
    heads: dict[int, list[Person]] = {}
    for person in db.session.scalars(select(Person).where(Person.position.like("kapol%"))):
        heads.setdefault(person.unit_id, []).append(person)
    return heads


def test_seed_demo_loads_the_real_tree_with_synthetic_polsek_under_correct_paths(app, db):
    output = seed(app)

    assert count(db, Unit, Unit.is_synthetic.is_(False)) == 600
    assert count(db, Unit, Unit.is_synthetic.is_(True)) == DEMO_SYNTHETIC
    assert "presisi2022" in output and "948 satuan baru" in output
    units = {unit.id: unit for unit in db.session.scalars(select(Unit))}
    for unit in units.values():
        parent_path = units[unit.parent_id].path if unit.parent_id else "/"
        assert unit.path == f"{parent_path}{unit.id}/", unit.code
    synthetic = db.session.scalars(
        select(Unit).where(Unit.code.startswith("15.16."), Unit.is_synthetic).order_by(Unit.code)
    ).all()
    assert [unit.code for unit in synthetic] == ["15.16.07", "15.16.08", "15.16.09"]
    assert all(unit.name.startswith("Polsek ") and unit.unit_type == "Polsek" for unit in synthetic)
    papua = db.session.scalar(select(Unit).where(Unit.code.startswith("33."), Unit.is_synthetic))
    assert (papua.timezone, papua.parent.timezone, papua.zone_label) == (
        "Asia/Jayapura",
        "Asia/Jayapura",
        "WIT",
    )
    assert units[db.session.scalar(select(Unit.id).where(Unit.code == "15.08"))].unit_type == (
        "Polres"
    )


def test_seed_demo_gives_every_command_one_commander_of_a_fitting_rank(app, db):
    seed(app)

    heads = commanders_by_unit(db)
    commands = db.session.scalars(select(Unit).where(Unit.level != "mabes")).all()
    for unit in commands:
        assert len(heads.get(unit.id, [])) == 1, unit.code
        head = heads[unit.id][0]
        assert head.position == f"ka{unit.level}"
        assert head.rank in FITTING_RANKS[head.position], (unit.code, head.rank)
        if unit.level == "polres":
            urban = unit.unit_type in ("Polresta", "Polrestabes", "Polres Metro")
            assert head.rank == ("Kombes" if urban else "AKBP"), unit.code
        if unit.level == "polsek" and unit.parent.name.startswith("Polres Metro Jakarta"):
            assert head.rank == "AKBP", unit.code
    deputies = Counter(
        db.session.scalars(select(Person.rank).where(Person.position == "wakapolda"))
    )
    assert deputies == {"Brigjen": 34}
    assert count(db, Person, Person.position == "wakapolres") == 508


def test_seed_demo_people_have_valid_unique_nrp_or_nip_and_realistic_ranks(app, db):
    seed(app)

    people = db.session.scalars(select(Person)).all()
    assert len(people) > 4000
    assert all(person.is_synthetic for person in people)
    assert len({person.nrp for person in people}) == len(people)
    sworn = [person for person in people if len(person.nrp) == 8]
    civilians = [person for person in people if len(person.nrp) == 18]
    assert len(sworn) + len(civilians) == len(people)
    assert all(person.nrp.isdigit() and person.rank in POLRI_RANK_CODES for person in sworn)
    assert all(person.nrp.isdigit() and person.rank in PNS_RANK_CODES for person in civilians)
    assert all(person.position == "operator_medsos" for person in civilians)
    assert len(civilians) > 50
    operators = {person.rank for person in sworn if person.position == "operator_medsos"}
    assert operators == {"Bripka", "Brigpol", "Briptu", "Bripda"}
    assert all(len(person.full_name.split()) >= 2 for person in people)
    assert len({person.full_name for person in people}) > len(people) // 3


def test_seed_demo_creates_linked_demo_accounts(app, db):
    output = seed(app)

    users = {user.username: user for user in db.session.scalars(select(User))}
    assert set(users) == {"admin", "pelatih", "kapolda", "kapolres", "kapolsek", "peserta"}
    assert users["admin"].roles == {"admin"} and users["admin"].check_password("presisi2022")
    assert users["pelatih"].roles == {"trainer"}
    for username, code, position in (
        ("kapolda", "15", "kapolda"),
        ("kapolres", "15.16", "kapolres"),
        ("kapolsek", "15.16.01", "kapolsek"),
    ):
        user = users[username]
        assert user.roles == {"commander", "participant"}
        assert (user.unit.code, user.person.unit.code, user.person.position) == (
            code,
            code,
            position,
        )
    assert users["peserta"].roles == {"participant"}
    assert users["peserta"].person.unit.code == "15.16.01"
    assert users["peserta"].person.position == "operator_medsos"
    assert "15.16.01 Polsek Sanan Kulon" in output and "kapolsek" in output


def test_seed_demo_twice_changes_nothing_unless_a_password_is_given(app, db):
    seed(app)
    before = checksum(db)

    output = seed(app)

    assert checksum(db) == before
    assert "0 satuan baru, 0 personel baru, 0 akun baru" in output
    seed(app, "--password", "rahasia-baru-1")
    db.session.expire_all()
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    assert admin.check_password("rahasia-baru-1") and not admin.check_password("presisi2022")


def test_seed_demo_once_only_lists_the_accounts_when_the_admin_exists(app, db):
    first = seed(app, "--once")
    assert "948 satuan baru" in first
    wakapolsek = select(Person.id).where(Person.position == "wakapolsek")
    db.session.execute(delete(Enrollment).where(Enrollment.person_id.in_(wakapolsek)))
    db.session.execute(delete(CourseStatus).where(CourseStatus.person_id.in_(wakapolsek)))
    db.session.execute(delete(Person).where(Person.position == "wakapolsek"))
    db.session.commit()

    output = seed(app, "--once")

    assert count(db, Person, Person.position == "wakapolsek") == 0
    assert "Data demo sudah ada" in output and "kapolres" in output and "presisi2022" in output


@pytest.mark.slow
def test_seed_national_on_top_of_demo_adds_the_missing_units_and_people(app, db):
    seed(app)
    demo_people = {p.nrp: (p.full_name, p.unit_id) for p in db.session.scalars(select(Person))}

    output = seed(app, "--scale", "national")

    assert "0 akun baru" in output
    polsek = count(db, Unit, Unit.level == "polsek")
    assert 5_500 <= polsek <= 6_000
    assert 22_000 <= count(db, Person) <= 28_000
    heads = commanders_by_unit(db)
    assert all(len(heads.get(unit_id, [])) == 1 for unit_id in db.session.scalars(
        select(Unit.id).where(Unit.level != "mabes")))  # fmt: skip
    kept = {p.nrp: (p.full_name, p.unit_id) for p in db.session.scalars(select(Person))}
    assert all(kept[nrp] == value for nrp, value in demo_people.items())
