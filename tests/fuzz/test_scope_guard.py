"""The "nothing outside the commander's subtree changed" check itself catches changes."""

from sqlalchemy import select

from tests.fuzz.scope_guard import changes_outside, snapshot
from tests.fuzz.world import build_world
from training.people.models import Person
from training.programs.models import Program


def test_a_change_in_another_region_or_a_global_row_is_reported(db):
    world = build_world()
    commander = world["users"]["cmd_in"]
    before = snapshot()
    b_person = db.session.get(Person, world["values"]["b_person"])
    b_person.full_name = "Diubah dari luar"
    db.session.scalars(select(Program)).first().title = "Program diubah"
    db.session.commit()

    problems = changes_outside(before, snapshot(), commander.unit.path, commander.id)

    assert len(problems) == 2
    assert any(p.startswith("person ") and "Diubah dari luar" in p for p in problems)
    assert any(p.startswith("program ") and "Program diubah" in p for p in problems)


def test_a_change_inside_the_commanders_subtree_is_allowed(db):
    world = build_world()
    commander = world["users"]["cmd_in"]
    before = snapshot()
    db.session.get(Person, world["values"]["person"]).full_name = "Diubah di dalam"
    db.session.commit()

    assert changes_outside(before, snapshot(), commander.unit.path, commander.id) == []


def test_moving_a_person_out_of_the_subtree_is_reported(db):
    world = build_world()
    commander = world["users"]["cmd_in"]
    before = snapshot()
    db.session.get(Person, world["values"]["person"]).unit = world["tree"]["polsek_b"]
    db.session.commit()

    problems = changes_outside(before, snapshot(), commander.unit.path, commander.id)

    assert [p.split(":")[0] for p in problems] == [f"person ({world['values']['person']},)"]
