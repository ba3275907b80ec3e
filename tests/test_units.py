"""Unit tree services (create, edit, move) and the read queries of training/units/queries."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from tests.factories import make_person, make_tree, make_unit
from training.errors import RuleViolation
from training.people import figures
from training.policy.scope import Scope
from training.units import queries
from training.units.models import Unit
from training.units.services import (
    create_unit,
    guess_unit_type,
    move_unit,
    subtree_ids,
    update_unit,
)


@contextmanager
def count_queries(db):
    """Collect the SQL statements run inside the block."""
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_create_unit_builds_the_materialized_path(db):
    mabes = make_unit()
    polda = make_unit(mabes, code="01", name="Polda Aceh")

    polres = create_unit("01.01", "Polresta Banda Aceh", "polres", polda)

    assert polres.path == f"/{mabes.id}/{polda.id}/{polres.id}/"
    assert polres.unit_type == "Polresta"


def test_create_unit_refuses_a_level_not_directly_below_the_parent(db):
    mabes = make_unit()

    with pytest.raises(RuleViolation, match="polres tidak bisa berada di bawah mabes"):
        create_unit("X1", "Polres Salah", "polres", mabes)


def test_create_unit_refuses_a_duplicate_code_and_a_bad_code(db):
    make_unit(code="00")

    with pytest.raises(RuleViolation, match="sudah dipakai"):
        create_unit("00", "Mabes Lain", "mabes", None)
    with pytest.raises(RuleViolation, match="tidak valid"):
        create_unit("a/b", "Mabes Lain", "mabes", None)
    with pytest.raises(RuleViolation, match="tidak valid"):
        create_unit("new", "Mabes Lain", "mabes", None)


def test_create_unit_refuses_unknown_timezone_and_empty_name(db):
    with pytest.raises(RuleViolation, match="Zona waktu Asia/Tokyo tidak dikenal"):
        create_unit("00", "Mabes Polri", "mabes", None, timezone="Asia/Tokyo")
    with pytest.raises(RuleViolation, match="Nama satuan wajib diisi"):
        create_unit("00", "  ", "mabes", None)


def test_guess_unit_type_reads_the_name_prefix():
    assert guess_unit_type("Polrestabes Medan", "polres") == "Polrestabes"
    assert guess_unit_type("Polres Metro Jakarta Barat", "polres") == "Polres Metro"
    assert guess_unit_type("Polsek Kuta", "polsek") == "Polsek"
    assert guess_unit_type("Satuan Tanpa Awalan", "polres") == "Polres"


def test_update_unit_changes_code_name_type_and_timezone(db):
    tree = make_tree()
    make_unit(tree["polda_a"], code="TAKEN")
    polres = tree["polres_a"]

    update_unit(polres, code="01.99", name="Polresta Baru", unit_type="", timezone="Asia/Pontianak")

    assert (polres.code, polres.name, polres.unit_type, polres.zone_label) == (
        "01.99",
        "Polresta Baru",
        "Polresta",
        "WIB",
    )
    with pytest.raises(RuleViolation, match="TAKEN sudah dipakai"):
        update_unit(polres, code="TAKEN", name="x", unit_type="", timezone="Asia/Jakarta")


def test_move_unit_rewrites_the_whole_subtree_path(db):
    tree = make_tree()
    polres, polsek = tree["polres_a"], tree["polsek_a"]

    move_unit(polres, tree["polda_b"])

    polda_b = tree["polda_b"]
    assert polres.parent_id == polda_b.id
    assert polres.path == f"{polda_b.path}{polres.id}/"
    assert db.session.get(Unit, polsek.id).path == f"{polda_b.path}{polres.id}/{polsek.id}/"


def test_move_unit_refuses_a_cycle_and_a_wrong_level(db):
    tree = make_tree()

    with pytest.raises(RuleViolation, match="bawah dirinya sendiri"):
        move_unit(tree["polda_a"], tree["polsek_a"])
    with pytest.raises(RuleViolation, match="polres tidak bisa berada di bawah mabes"):
        move_unit(tree["polres_a"], tree["mabes"])


def test_subtree_ids_is_one_statement(db):
    tree = make_tree()
    db.session.flush()

    with count_queries(db) as statements:
        ids = set(db.session.scalars(subtree_ids(tree["polda_a"])))

    assert ids == {tree["polda_a"].id, tree["polres_a"].id, tree["polsek_a"].id}
    assert len(statements) == 1


def test_search_units_matches_name_or_code_in_any_case_within_scope(db):
    tree = make_tree()
    make_unit(tree["polda_a"], code="KD.77", name="Polresta Banda Aceh")
    commander_scope = Scope(unit_paths=(tree["polda_b"].path,))

    by_name = db.session.scalars(queries.search_units(Scope(everything=True), "banda ACEH"))
    by_code = db.session.scalars(queries.search_units(Scope(everything=True), "kd.7"))
    out_of_scope = db.session.scalars(queries.search_units(commander_scope, "banda"))

    assert [u.code for u in by_name] == ["KD.77"]
    assert [u.code for u in by_code] == ["KD.77"]
    assert list(out_of_scope) == []


def test_search_units_filters_by_level_and_treats_wildcards_literally(db):
    tree = make_tree()
    everything = Scope(everything=True)

    poldas = db.session.scalars(queries.search_units(everything, level="polda")).all()
    percent = db.session.scalars(queries.search_units(everything, "%")).all()

    assert {u.id for u in poldas} == {tree["polda_a"].id, tree["polda_b"].id}
    assert percent == []


def test_child_and_people_counts_are_one_grouped_query_each(db):
    tree = make_tree()
    make_unit(tree["polres_a"])
    make_person(tree["polres_a"])
    make_person(tree["polres_a"])
    ids = [tree["polres_a"].id, tree["polres_b"].id, tree["polsek_a"].id]
    db.session.flush()

    with count_queries(db) as statements:
        children = queries.child_counts(ids)
        people = figures.people_counts(ids)

    assert children == {tree["polres_a"].id: 2, tree["polres_b"].id: 1, tree["polsek_a"].id: 0}
    assert people == {tree["polres_a"].id: 2, tree["polres_b"].id: 0, tree["polsek_a"].id: 0}
    assert len(statements) == 2


def test_subtree_people_count_includes_every_unit_below(db):
    tree = make_tree()
    make_person(tree["polda_a"])
    make_person(tree["polsek_a"])
    make_person(tree["polsek_b"])

    assert figures.subtree_people_count(tree["polda_a"]) == 2
    assert figures.subtree_people_count(tree["mabes"]) == 3


def test_ancestors_come_top_first_in_one_query_and_respect_scope(db):
    tree = make_tree()
    polsek = tree["polsek_a"]
    db.session.expire_all()
    polsek = db.session.get(Unit, polsek.id)

    with count_queries(db) as statements:
        chain = queries.ancestors(polsek)
    scoped = queries.ancestors(polsek, Scope(unit_paths=(tree["polda_a"].path,)))

    assert [u.id for u in chain] == [tree["mabes"].id, tree["polda_a"].id, tree["polres_a"].id]
    assert len(statements) == 1
    assert [u.id for u in scoped] == [tree["polda_a"].id, tree["polres_a"].id]
    assert queries.ancestors(tree["mabes"]) == []


def test_head_of_is_the_commander_position_holder_of_the_unit(db):
    tree = make_tree()
    make_person(tree["polres_a"], position="wakapolres")
    kapolres = make_person(tree["polres_a"], position="kapolres", full_name="Budi Santoso")
    make_person(tree["polsek_a"], position="kapolsek")

    assert figures.head_of(tree["polres_a"]) == kapolres
    assert figures.head_of(tree["polres_b"]) is None
    assert figures.head_of(tree["mabes"]) is None


def test_export_rows_use_the_import_format_and_scope(db):
    tree = make_tree()

    rows = list(queries.export_rows(Scope(unit_paths=(tree["polres_b"].path,))))

    polres, polsek = tree["polres_b"], tree["polsek_b"]
    assert rows == [
        (polres.code, polres.name, "polres", tree["polda_b"].code, "Asia/Makassar", "Polres"),
        (polsek.code, polsek.name, "polsek", polres.code, "Asia/Makassar", "Polsek"),
    ]
    assert db.session.scalar(select(Unit.code).where(Unit.id == polres.id)) == polres.code
