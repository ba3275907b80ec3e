"""People services (identity, positions, duplicates) and the scoped list query."""

import re

import pytest

from tests.factories import make_person, make_tree, make_unit
from training.errors import RuleViolation
from training.people.models import Person
from training.people.queries import people_query
from training.people.services import (
    check_contact,
    create_person,
    head_of,
    parse_position,
    update_person,
    validate_identity,
)
from training.policy.scope import Scope

NIP = "198503122010012001"


@pytest.mark.parametrize(
    ("number", "rank", "expected"),
    [
        ("87050123", "AKP", ("87050123", "AKP")),
        ("87050123", "brigadir", ("87050123", "Brigpol")),
        ("87050123", "akbp", ("87050123", "AKBP")),
        ("87050123", "  BRIPDA ", ("87050123", "Bripda")),
        (" 8705 0123 ", "Kompol", ("87050123", "Kompol")),
        (NIP, "III/a", (NIP, "III/a")),
        (NIP, "iv/e", (NIP, "IV/e")),
    ],
)
def test_validate_identity_accepts_and_normalises(app, number, rank, expected):
    assert validate_identity(number, rank) == expected


@pytest.mark.parametrize(
    ("number", "rank", "message"),
    [
        ("8705012", "AKP", "8 angka atau NIP 18 angka; 8705012 berisi 7 angka"),
        ("870501234", "AKP", "berisi 9 angka"),
        (NIP + "1", "III/a", "berisi 19 angka"),
        ("8705012A", "AKP", "hanya boleh berisi angka"),
        ("87-05-0123", "AKP", "hanya boleh berisi angka"),
        ("８７０５０１２３", "AKP", "hanya boleh berisi angka"),
        ("", "AKP", "NRP/NIP wajib diisi"),
        (NIP, "AKP", "NIP (18 angka) hanya untuk PNS Polri"),
        ("87050123", "III/a", "NRP (8 angka) hanya untuk anggota Polri"),
        ("87050123", "Kapten", "Pangkat Kapten tidak dikenal"),
        ("87050123", "", "Pangkat wajib diisi"),
    ],
)
def test_validate_identity_refuses_bad_numbers_and_mismatched_ranks(app, number, rank, message):
    with pytest.raises(RuleViolation, match=re.escape(message)):
        validate_identity(number, rank)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("kapolres", "kapolres"),
        ("Kapolres", "kapolres"),
        ("Operator Media Sosial", "operator_medsos"),
        ("operator_medsos", "operator_medsos"),
        ("  WAKAPOLSEK ", "wakapolsek"),
        ("Lainnya", "lainnya"),
    ],
)
def test_parse_position_accepts_codes_and_indonesian_labels(app, value, code):
    assert parse_position(value) == code


def test_parse_position_refuses_unknown_position(app):
    with pytest.raises(RuleViolation, match="Jabatan Kasat Reskrim tidak dikenal"):
        parse_position("Kasat Reskrim")


@pytest.mark.parametrize(
    ("phone", "email", "message"),
    [
        ("0812", "", "Nomor telepon 0812 tidak valid"),
        ("0812-abc-999", "", "tidak valid"),
        ("", "budi@", "Alamat email budi@ tidak valid"),
        ("", "budi polri.go.id", "tidak valid"),
    ],
)
def test_check_contact_refuses_implausible_phone_or_email(app, phone, email, message):
    with pytest.raises(RuleViolation, match=message):
        check_contact(phone, email)


def test_check_contact_keeps_plausible_values(app):
    assert check_contact(" +62 812-3456-7890 ", "budi@polri.go.id") == (
        "+62 812-3456-7890",
        "budi@polri.go.id",
    )


def test_create_person_stores_normalised_values(db):
    polres = make_unit(make_unit(make_unit()), name="Polres Banjar")
    person = create_person(" Budi  Santoso ", "87050123", "akbp", "Kapolres", polres)
    assert (person.full_name, person.nrp, person.rank, person.position) == (
        "Budi Santoso",
        "87050123",
        "AKBP",
        "kapolres",
    )
    assert head_of(polres) is person


def test_create_person_refuses_duplicate_nrp(db):
    tree = make_tree()
    make_person(tree["polres_a"], nrp="87050123", full_name="Budi Santoso")
    with pytest.raises(RuleViolation, match="NRP/NIP 87050123 sudah dipakai oleh Budi Santoso"):
        create_person("Andi", "87050123", "AKP", "operator_medsos", tree["polres_b"])


def test_update_person_keeps_own_nrp_but_refuses_anothers(db):
    tree = make_tree()
    make_person(tree["polres_a"], nrp="87050123", full_name="Budi Santoso")
    andi = make_person(tree["polres_a"], nrp="88010001", full_name="Andi")
    update_person(andi, "Andi Wijaya", "88010001", "AKP", "operator_medsos", tree["polres_a"])
    assert andi.full_name == "Andi Wijaya"
    with pytest.raises(RuleViolation, match="sudah dipakai oleh Budi Santoso"):
        update_person(andi, "Andi", "87050123", "AKP", "operator_medsos", tree["polres_a"])
    assert andi.nrp == "88010001"


@pytest.mark.parametrize(
    ("position", "level", "message"),
    [
        ("kapolres", "polsek_a", "Jabatan Kapolres hanya untuk satuan tingkat Polres"),
        ("kapolsek", "polres_a", "Jabatan Kapolsek hanya untuk satuan tingkat Polsek"),
        ("kapolda", "mabes", "Jabatan Kapolda hanya untuk satuan tingkat Polda"),
        ("wakapolsek", "polres_a", "Jabatan Wakapolsek hanya untuk satuan tingkat Polsek"),
        ("wakapolda", "polres_a", "Jabatan Wakapolda hanya untuk satuan tingkat Polda"),
    ],
)
def test_commander_and_deputy_positions_need_a_unit_of_their_level(db, position, level, message):
    unit = make_tree()[level]
    with pytest.raises(RuleViolation, match=message):
        create_person("Budi", "87050123", "AKBP", position, unit)


def test_a_unit_has_at_most_one_commander(db):
    tree = make_tree()
    first = create_person("Budi Santoso", "87050123", "AKBP", "kapolres", tree["polres_a"])
    with pytest.raises(RuleViolation, match="sudah punya Kapolres \\(Budi Santoso\\)"):
        create_person("Andi", "88010001", "AKBP", "kapolres", tree["polres_a"])
    create_person("Andi", "88010001", "AKBP", "kapolres", tree["polres_b"])
    create_person("Citra", "89010002", "Kompol", "wakapolres", tree["polres_a"])
    create_person("Dedi", "89010003", "Kompol", "wakapolres", tree["polres_a"])
    update_person(first, "Budi S.", "87050123", "Kombes", "kapolres", tree["polres_a"])
    assert first.rank == "Kombes"


def test_moving_a_commander_to_a_unit_with_a_head_is_refused(db):
    tree = make_tree()
    create_person("Budi", "87050123", "AKBP", "kapolres", tree["polres_a"])
    andi = create_person("Andi", "88010001", "AKBP", "kapolres", tree["polres_b"])
    with pytest.raises(RuleViolation, match="sudah punya Kapolres"):
        update_person(andi, "Andi", "88010001", "AKBP", "kapolres", tree["polres_a"])


def _names(db, stmt):
    return [p.full_name for p in db.session.scalars(stmt)]


@pytest.fixture
def staffed(db):
    """A tree with people of varied ranks in both Polda branches."""
    tree = make_tree()
    make_person(tree["polres_a"], full_name="Bagus", nrp="80000003", rank="AKBP")
    make_person(tree["polsek_a"], full_name="Ayu", nrp="80000001", rank="Bripda")
    make_person(tree["polda_a"], full_name="Candra", nrp="80000002", rank="Kombes")
    make_person(tree["polres_a"], full_name="Dewi 100%", nrp=NIP, rank="III/a")
    make_person(tree["polres_b"], full_name="Eko", nrp="90000001", rank="Brigpol")
    make_person(
        tree["polsek_b"], full_name="Fajar", nrp="90000002", rank="AKP", position="kapolsek"
    )
    db.session.flush()
    return tree


EVERYTHING = Scope(everything=True)


def test_people_query_sorts_by_rank_order_then_name(db, staffed):
    ranks = [p.rank for p in db.session.scalars(people_query(EVERYTHING, sort="rank"))]
    assert ranks == ["Kombes", "AKBP", "AKP", "Brigpol", "Bripda", "III/a"]
    desc = [
        p.rank for p in db.session.scalars(people_query(EVERYTHING, sort="rank", direction="desc"))
    ]
    assert desc == ["III/a", "Bripda", "Brigpol", "AKP", "AKBP", "Kombes"]


def test_people_query_sorts_by_name_nrp_and_unit(db, staffed):
    assert _names(db, people_query(EVERYTHING)) == [
        "Ayu", "Bagus", "Candra", "Dewi 100%", "Eko", "Fajar",
    ]  # fmt: skip
    assert _names(db, people_query(EVERYTHING, sort="name", direction="desc"))[0] == "Fajar"
    assert _names(db, people_query(EVERYTHING, sort="nrp")) == [
        "Dewi 100%", "Ayu", "Candra", "Bagus", "Eko", "Fajar",
    ]  # fmt: skip
    by_unit = _names(db, people_query(EVERYTHING, sort="unit"))
    # factory codes follow creation order: polda_a, polda_b, polres_a, polres_b, polsek_a, polsek_b
    assert by_unit == ["Candra", "Bagus", "Dewi 100%", "Eko", "Ayu", "Fajar"]


def test_people_query_filters_by_unit_subtree(db, staffed):
    assert _names(db, people_query(EVERYTHING, unit=staffed["polda_a"])) == [
        "Ayu", "Bagus", "Candra", "Dewi 100%",
    ]  # fmt: skip
    assert _names(db, people_query(EVERYTHING, unit=staffed["polsek_b"])) == ["Fajar"]


def test_people_query_filters_by_rank_spelling_position_and_text(db, staffed):
    assert _names(db, people_query(EVERYTHING, rank="brigadir")) == ["Eko"]
    assert _names(db, people_query(EVERYTHING, position="kapolsek")) == ["Fajar"]
    assert _names(db, people_query(EVERYTHING, q="BAG")) == ["Bagus"]
    assert _names(db, people_query(EVERYTHING, q="9000000")) == ["Eko", "Fajar"]
    assert _names(db, people_query(EVERYTHING, q="100%")) == ["Dewi 100%"]
    assert _names(db, people_query(EVERYTHING, q="_")) == []


def test_people_query_ignores_unknown_rank_position_and_sort(db, staffed):
    stmt = people_query(EVERYTHING, rank="Kapten", position="raja", sort="drop table")
    assert len(_names(db, stmt)) == 6


def test_people_query_keeps_a_commander_inside_their_subtree(db, staffed):
    scope = Scope(unit_paths=(staffed["polres_b"].path,))
    assert _names(db, people_query(scope)) == ["Eko", "Fajar"]
    assert _names(db, people_query(scope, unit=staffed["polda_a"])) == []


def test_people_query_shows_a_participant_only_their_record(db, staffed):
    own = db.session.query(Person).filter_by(full_name="Eko").one()
    assert _names(db, people_query(Scope(person_ids=(own.id,)))) == ["Eko"]
    assert _names(db, people_query(Scope())) == []
