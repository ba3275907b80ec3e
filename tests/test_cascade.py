"""The cascade gate between tiers, its admin override, and the train-the-trainer picker."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event

from tests.factories import make_course_status, make_person, make_tree, make_unit, make_user
from training.errors import RuleViolation
from training.programs.cascade import (
    cascade_region,
    check_cascade,
    previous_course,
    tier_completion,
)
from training.programs.models import OverrideRecord
from training.programs.services import create_program
from training.programs.trainers import eligible_trainers, is_eligible_trainer

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
TODAY = date(2026, 12, 1)


@pytest.fixture
def world(db):
    """Two Polda; Polda A with two Polres (one without any kapolres recorded)."""
    tree = make_tree()
    tree["polda_a"].name, tree["polda_b"].name = "Polda Jawa Timur", "Polda Sulawesi Selatan"
    tree["polres_a"].name = "Polres Malang"
    tree["polres_a2"] = make_unit(tree["polda_a"], name="Polres Batu")
    tree["polsek_a2"] = make_unit(tree["polres_a2"], name="Polsek Bumiaji")
    program = create_program(
        "Pelatihan Akun Medsos", date(2026, 11, 1), date(2026, 12, 10), with_default_tiers=True
    )
    return {**tree, "program": program, "tiers": {c.tier: c for c in program.courses}}


def people(unit, *positions):
    return [make_person(unit, position=position) for position in positions]


def test_previous_course_is_the_tier_below_in_the_same_programme(world):
    t = world["tiers"]

    assert previous_course(t[1]) is None
    assert previous_course(t[2]) is t[1]
    assert previous_course(t[3]) is t[2]


# --- cascade region ----------------------------------------------------------------------


def test_cascade_region_for_tier_2_is_the_polda_above_the_audience(world):
    tier2 = world["tiers"][2]
    people(world["polda_a"], "kapolda")

    assert cascade_region(tier2, world["polsek_a"]) is world["polda_a"]
    assert cascade_region(tier2, world["polres_a"]) is world["polda_a"]
    assert cascade_region(tier2, world["polda_a"]) is world["polda_a"]
    assert cascade_region(tier2, world["mabes"]) is world["mabes"]


def test_cascade_region_for_tier_3_is_the_polres_of_a_polsek_and_the_polda_itself(world):
    tier3 = world["tiers"][3]
    people(world["polres_a"], "kapolres")

    assert cascade_region(tier3, world["polsek_a"]) is world["polres_a"]
    assert cascade_region(tier3, world["polres_a"]) is world["polres_a"]
    assert cascade_region(tier3, world["polda_a"]) is world["polda_a"]


def test_cascade_region_climbs_past_a_polres_with_no_tier_2_targets_recorded(world):
    people(world["polres_a"], "kapolres")  # Polres Batu has nobody recorded

    assert cascade_region(world["tiers"][3], world["polsek_a2"]) is world["polda_a"]


def test_cascade_region_without_any_targets_falls_back_to_the_target_level(world):
    assert cascade_region(world["tiers"][3], world["polsek_a"]) is world["polres_a"]
    assert cascade_region(world["tiers"][2], world["polsek_a"]) is world["polda_a"]


def test_cascade_region_of_tier_1_is_the_audience_itself(world):
    assert cascade_region(world["tiers"][1], world["polsek_a"]) is world["polsek_a"]


# --- completion --------------------------------------------------------------------------


def test_tier_completion_counts_only_completed_targets_in_the_region(world):
    tier1, tier2 = world["tiers"][1], world["tiers"][2]
    kapolda, wakapolda, operator = people(
        world["polda_a"], "kapolda", "wakapolda", "operator_medsos"
    )
    (other_staff,) = people(world["polda_a"], "lainnya")  # not a tier-1 target
    (kapolres,) = people(world["polres_a"], "kapolres")  # a Polres is not a tier-1 target level
    (kapolda_b,) = people(world["polda_b"], "kapolda")  # another region
    make_course_status(kapolda, tier1, "completed")
    make_course_status(operator, tier1, "completed")
    make_course_status(wakapolda, tier1, "in_progress")
    for person in (other_staff, kapolres, kapolda_b):
        make_course_status(person, tier1, "completed")
    make_course_status(wakapolda, tier2, "completed")  # another course

    completion = tier_completion(tier1, world["polda_a"])

    assert (completion.completed, completion.target) == (2, 3)
    assert completion.pct == pytest.approx(66.6667, abs=1e-3)
    assert completion.pct_label == "66,6"  # rounded down: never shows a closed gate as open
    assert tier_completion(tier1, world["mabes"]).target == 4
    assert tier_completion(tier1, world["polres_a"]).target == 0


def test_tier_completion_is_one_statement(world, db):
    people(world["polda_a"], "kapolda", "wakapolda")
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        tier_completion(world["tiers"][1], world["mabes"])
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)

    assert len(statements) == 1


# --- the gate ----------------------------------------------------------------------------


def _polda_b_with(world, completed, total=5):
    """Polda B with ``total`` tier-1 targets of whom ``completed`` completed tier 1."""
    positions = ["kapolda", "wakapolda"] + ["operator_medsos"] * (total - 2)
    for i, person in enumerate(people(world["polda_b"], *positions)):
        status = "completed" if i < completed else "not_started"
        make_course_status(person, world["tiers"][1], status)


def test_gate_refuses_tier_2_below_the_threshold_with_the_figures(world):
    _polda_b_with(world, completed=2)

    with pytest.raises(RuleViolation) as exc:
        check_cascade(world["tiers"][2], world["polres_b"])

    assert str(exc.value) == (
        "Tingkat 2 belum bisa dijadwalkan di Polda Sulawesi Selatan: penyelesaian tingkat 1 "
        "baru 40% (2 dari 5), ambang 80%."
    )


def test_gate_opens_exactly_at_the_threshold(world):
    _polda_b_with(world, completed=4)

    assert check_cascade(world["tiers"][2], world["polsek_b"]) is None


def test_gate_passes_above_the_threshold_and_for_tier_1(world):
    _polda_b_with(world, completed=5)

    assert check_cascade(world["tiers"][2], world["polda_b"]) is None
    assert check_cascade(world["tiers"][1], world["polsek_b"]) is None


def test_gate_follows_the_programme_threshold(world):
    _polda_b_with(world, completed=3)
    world["program"].cascade_threshold = 60

    assert check_cascade(world["tiers"][2], world["polres_b"]) is None


def test_gate_for_tier_3_judges_the_polres_of_the_polsek(world):
    tier2 = world["tiers"][2]
    kapolres, wakapolres = people(world["polres_a"], "kapolres", "wakapolres")
    (batu,) = people(world["polres_a2"], "kapolres")
    make_course_status(kapolres, tier2, "completed")
    make_course_status(wakapolres, tier2, "completed")

    assert check_cascade(world["tiers"][3], world["polsek_a"]) is None
    with pytest.raises(RuleViolation, match=r"di Polres Batu: .* baru 0% \(0 dari 1\)"):
        check_cascade(world["tiers"][3], world["polsek_a2"])
    with pytest.raises(RuleViolation, match=r"di Polda Jawa Timur: .* baru 66,6% \(2 dari 3\)"):
        check_cascade(world["tiers"][3], world["polda_a"])
    assert batu.unit is world["polres_a2"]


def test_admin_override_with_a_reason_is_recorded_with_the_figures(world, db):
    _polda_b_with(world, completed=1)
    admin = make_user(roles=("admin",), username="admin_tik")

    record = check_cascade(
        world["tiers"][2],
        world["polres_b"],
        user=admin,
        override_reason="  Arahan Kadiv TIK: jadwal Polres dimajukan  ",
        now=NOW,
    )
    db.session.commit()

    stored = db.session.get(OverrideRecord, record.id)
    assert stored.kind == "cascade"
    assert stored.user.username == "admin_tik"
    assert stored.course is world["tiers"][2]
    assert stored.unit is world["polda_b"]
    assert stored.reason == "Arahan Kadiv TIK: jadwal Polres dimajukan"
    assert "20% (1 dari 5), ambang 80%" in stored.detail
    assert stored.created_at == NOW


def test_admin_without_a_reason_is_refused_and_told_how_to_override(world, db):
    _polda_b_with(world, completed=1)
    admin = make_user(roles=("admin",))

    with pytest.raises(RuleViolation, match="Admin dapat melewatinya dengan menuliskan alasan"):
        check_cascade(world["tiers"][2], world["polres_b"], user=admin, override_reason="   ")

    assert db.session.query(OverrideRecord).count() == 0


@pytest.mark.parametrize("roles", [("trainer",), ("commander",), ("participant",)])
def test_override_is_refused_for_anyone_but_an_admin(world, db, roles):
    _polda_b_with(world, completed=1)
    user = make_user(roles=roles)

    with pytest.raises(RuleViolation, match="Hanya admin yang dapat melewati gerbang berjenjang"):
        check_cascade(world["tiers"][2], world["polres_b"], user=user, override_reason="Mendesak")

    assert db.session.query(OverrideRecord).count() == 0


def test_no_override_is_recorded_when_the_gate_is_open(world, db):
    _polda_b_with(world, completed=5)
    admin = make_user(roles=("admin",))

    result = check_cascade(world["tiers"][2], world["polres_b"], user=admin, override_reason="x")

    assert result is None
    assert db.session.query(OverrideRecord).count() == 0


# --- the trainer picker ------------------------------------------------------------------


@pytest.fixture
def certified(world):
    """Tier-1 and tier-2 certificates held by people at different places."""
    tier1, tier2 = world["tiers"][1], world["tiers"][2]
    kapolda_a, wakapolda_a = people(world["polda_a"], "kapolda", "wakapolda")
    (kapolda_b,) = people(world["polda_b"], "kapolda")
    (kapolres_a,) = people(world["polres_a"], "kapolres")
    (operator_a,) = people(world["polda_a"], "operator_medsos")
    make_course_status(kapolda_a, tier1, "completed", completed_on=date(2026, 11, 20))
    make_course_status(wakapolda_a, tier1, "completed", completed_on=date(2025, 11, 30))  # expired
    make_course_status(kapolda_b, tier1, "completed", completed_on=date(2026, 11, 20))
    make_course_status(kapolres_a, tier1, "completed", completed_on=date(2026, 11, 20))
    make_course_status(kapolres_a, tier2, "completed", completed_on=date(2026, 11, 25))
    make_course_status(operator_a, tier1, "in_progress")
    return {
        "kapolda_a": kapolda_a,
        "wakapolda_a": wakapolda_a,
        "kapolda_b": kapolda_b,
        "kapolres_a": kapolres_a,
        "operator_a": operator_a,
    }


def test_certified_person_inside_their_own_subtree_is_offered(world, certified):
    choices = eligible_trainers(world["tiers"][2], world["polsek_a"], today=TODAY)

    assert [p.id for p in choices.people] == [certified["kapolda_a"].id, certified["kapolres_a"].id]


def test_person_above_the_audience_only_qualifies_for_units_below_them(world, certified):
    at_polda = eligible_trainers(world["tiers"][2], world["polda_a"], today=TODAY)

    assert [p.id for p in at_polda.people] == [certified["kapolda_a"].id]  # not the kapolres


def test_people_outside_the_subtree_expired_or_in_the_wrong_tier_are_not_offered(world, certified):
    in_b = eligible_trainers(world["tiers"][2], world["polsek_b"], today=TODAY)
    tier3 = eligible_trainers(world["tiers"][3], world["polsek_a"], today=TODAY)

    assert [p.id for p in in_b.people] == [certified["kapolda_b"].id]
    assert [p.id for p in tier3.people] == [certified["kapolres_a"].id]  # tier-2 certificate
    for choices in (in_b, tier3):
        assert certified["wakapolda_a"] not in choices.people
        assert certified["operator_a"] not in choices.people


def test_certificate_validity_ends_on_its_expiry_day(world, certified):
    tier2, polsek = world["tiers"][2], world["polsek_a"]
    wakapolda = certified["wakapolda_a"]  # completed 30 Nov 2025, valid 12 months

    assert is_eligible_trainer(tier2, polsek, person=wakapolda, today=date(2026, 11, 29))
    assert not is_eligible_trainer(tier2, polsek, person=wakapolda, today=date(2026, 11, 30))


def test_trainer_accounts_are_offered_by_scope(world, certified, db):
    national = make_user(roles=("trainer",), username="pelatih_nasional")
    regional = make_user(roles=("trainer",), username="pelatih_jatim", unit=world["polda_a"])
    make_user(roles=("trainer",), username="pelatih_sulsel", unit=world["polda_b"])
    make_user(roles=("trainer",), username="pelatih_nonaktif", is_active=False)
    make_user(roles=("commander",), username="komandan")
    make_user(roles=("admin",), username="admin_saja")
    both = make_user(roles=("trainer", "commander"), username="pelatih_komandan")

    choices = eligible_trainers(world["tiers"][2], world["polsek_a"], today=TODAY)

    assert [u.username for u in choices.users] == [
        "pelatih_jatim",
        "pelatih_komandan",
        "pelatih_nasional",
    ]
    assert is_eligible_trainer(world["tiers"][2], world["polsek_a"], user=regional, today=TODAY)
    assert is_eligible_trainer(world["tiers"][1], world["polda_b"], user=national, today=TODAY)
    assert not is_eligible_trainer(world["tiers"][2], world["polsek_b"], user=regional)
    assert both in choices.users


def test_tier_1_offers_only_trainer_accounts(world, certified):
    make_user(roles=("trainer",), username="pelatih_nasional")

    choices = eligible_trainers(world["tiers"][1], world["polda_a"], today=TODAY)

    assert [u.username for u in choices.users] == ["pelatih_nasional"]
    assert choices.people == []


def test_is_eligible_trainer_needs_exactly_one_of_user_or_person(world, certified):
    user = make_user(roles=("trainer",))
    tier2, polsek = world["tiers"][2], world["polsek_a"]

    assert not is_eligible_trainer(tier2, polsek, today=TODAY)
    assert not is_eligible_trainer(
        tier2, polsek, user=user, person=certified["kapolda_a"], today=TODAY
    )
