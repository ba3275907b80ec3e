"""Programme services: programmes, cycles (month ends), tiered courses and their validation."""

from datetime import date

import pytest

from training.errors import RuleViolation
from training.programs.models import Cycle
from training.programs.services import (
    add_months,
    create_course,
    create_cycle,
    create_program,
    current_cycle,
    update_course,
    update_program,
)


def _program(**kw):
    kw.setdefault("title", "Pelatihan Akun Medsos Bercentang Biru")
    kw.setdefault("starts_on", date(2022, 11, 1))
    kw.setdefault("ends_on", date(2022, 12, 10))
    return create_program(**kw)


def _course(program, tier=1, **kw):
    kw.setdefault("title", f"Tingkat {tier}")
    kw.setdefault("target_positions", ["kapolda"])
    kw.setdefault("target_levels", ["polda"])
    return create_course(program, tier=tier, **kw)


# --- programmes and the default tiers ---------------------------------------------------


def test_create_program_with_default_tiers_builds_three_standard_courses(db):
    program = _program(with_default_tiers=True)

    tiers = [(c.tier, c.title, c.target_positions, c.target_levels) for c in program.courses]
    assert tiers == [
        (
            1,
            "Kapolda dan staf Polda",
            ["kapolda", "wakapolda", "operator_medsos"],
            ["polda"],
        ),
        (2, "Kapolres", ["kapolres", "wakapolres", "operator_medsos"], ["polres"]),
        (3, "Kapolsek", ["kapolsek", "wakapolsek", "operator_medsos"], ["polsek"]),
    ]
    first = program.courses[0]
    assert (first.min_attendance_pct, first.pass_min_average, first.pass_no_kurang) == (80, 3, True)
    assert (first.late_grace_minutes, first.validity_months) == (15, 12)


def test_create_program_keeps_window_refresher_and_threshold(db):
    program = _program(refresher_months=4, cascade_threshold=75, description="  uji ")

    assert (program.starts_on, program.ends_on) == (date(2022, 11, 1), date(2022, 12, 10))
    assert (program.refresher_months, program.cascade_threshold) == (4, 75)
    assert program.description == "uji"
    assert program.courses == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "   "}, "Judul wajib diisi."),
        ({"title": "x" * 201}, "Judul paling panjang 200 karakter."),
        ({"ends_on": date(2022, 10, 31)}, "Tanggal selesai tidak boleh sebelum tanggal mulai."),
        ({"refresher_months": 0}, "Periode penyegaran harus 1 sampai 60 bulan."),
        ({"refresher_months": 61}, "Periode penyegaran harus 1 sampai 60 bulan."),
        ({"cascade_threshold": -1}, "Ambang berjenjang harus 0 sampai 100%."),
        ({"cascade_threshold": 101}, "Ambang berjenjang harus 0 sampai 100%."),
        ({"starts_on": None}, "Tanggal mulai dan tanggal selesai wajib diisi."),
        (
            {"refresher_months": 1, "ends_on": date(2022, 12, 1)},
            "Jendela program (31 hari) lebih panjang dari periode penyegaran (1 bulan)",
        ),
    ],
)
def test_create_program_refuses_bad_values_in_indonesian(db, changes, message):
    with pytest.raises(RuleViolation) as exc:
        _program(**changes)

    assert message in str(exc.value)


def test_program_window_of_a_single_day_is_allowed(db):
    program = _program(starts_on=date(2023, 1, 9), ends_on=date(2023, 1, 9))

    assert program.ends_on == program.starts_on


def test_update_program_moves_existing_cycles_with_the_window(db):
    program = _program()
    create_cycle(program)
    create_cycle(program)

    update_program(
        program, starts_on=date(2023, 1, 2), ends_on=date(2023, 2, 10), refresher_months=3
    )

    assert [(c.starts_on, c.ends_on) for c in program.cycles] == [
        (date(2023, 1, 2), date(2023, 2, 10)),
        (date(2023, 4, 2), date(2023, 5, 10)),
    ]


def test_update_program_refuses_bad_values_and_changes_nothing(db):
    program = _program()

    with pytest.raises(RuleViolation, match="Ambang berjenjang"):
        update_program(program, title="Baru", cascade_threshold=150)

    assert (program.title, program.cascade_threshold) == (
        "Pelatihan Akun Medsos Bercentang Biru",
        80,
    )


# --- cycles ------------------------------------------------------------------------------


def test_cycles_shift_the_window_by_the_refresher_period(db):
    program = _program(refresher_months=6)

    first, second, third = (create_cycle(program) for _ in range(3))

    assert (first.number, first.starts_on, first.ends_on) == (
        1,
        date(2022, 11, 1),
        date(2022, 12, 10),
    )
    assert (second.number, second.starts_on, second.ends_on) == (
        2,
        date(2023, 5, 1),
        date(2023, 6, 10),
    )
    assert (third.starts_on, third.ends_on) == (date(2023, 11, 1), date(2023, 12, 10))


def test_cycle_starting_on_31_august_falls_on_the_last_day_of_february(db):
    program = _program(starts_on=date(2022, 8, 31), ends_on=date(2022, 9, 30), refresher_months=6)

    cycles = [create_cycle(program) for _ in range(4)]

    assert [(c.starts_on, c.ends_on) for c in cycles] == [
        (date(2022, 8, 31), date(2022, 9, 30)),
        (date(2023, 2, 28), date(2023, 3, 31)),  # 30 Sep is a month end: 31 Mar
        (date(2023, 8, 31), date(2023, 9, 30)),  # computed from the window: no drift to 28 Aug
        (date(2024, 2, 29), date(2024, 3, 31)),  # leap year
    ]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 1, 30), 1, date(2024, 2, 29)),
        (date(2023, 2, 28), 6, date(2023, 8, 31)),
        (date(2023, 4, 30), 2, date(2023, 6, 30)),
        (date(2023, 5, 30), 1, date(2023, 6, 30)),
        (date(2023, 5, 15), 12, date(2024, 5, 15)),
        (date(2023, 3, 31), 0, date(2023, 3, 31)),
    ],
)
def test_add_months_handles_month_ends(day, months, expected):
    assert add_months(day, months) == expected


def test_create_cycle_with_an_explicit_number_and_refuses_a_duplicate(db):
    program = _program()
    fifth = create_cycle(program, 5)

    with pytest.raises(RuleViolation, match="Siklus 5 sudah ada."):
        create_cycle(program, 5)

    assert (fifth.starts_on, fifth.ends_on) == (date(2024, 11, 1), date(2024, 12, 10))
    assert create_cycle(program).number == 6
    assert db.session.query(Cycle).count() == 2


def test_create_cycle_refuses_number_zero(db):
    with pytest.raises(RuleViolation, match="Nomor siklus"):
        create_cycle(_program(), 0)


def test_current_cycle_is_the_running_one_else_the_last_started(db):
    program = _program()
    first, second = create_cycle(program), create_cycle(program)

    assert current_cycle(program, date(2022, 10, 31)) is None
    assert current_cycle(program, date(2022, 11, 1)) is first
    assert current_cycle(program, date(2022, 12, 10)) is first
    assert current_cycle(program, date(2023, 2, 1)) is first  # between cycles
    assert current_cycle(program, date(2023, 5, 20)) is second
    assert current_cycle(program, date(2030, 1, 1)) is second


# --- courses -----------------------------------------------------------------------------


def test_create_course_stores_targets_and_pass_rule(db):
    program = _program()

    course = _course(
        program,
        tier=2,
        target_positions=["kapolres", "kapolres", "wakapolres"],
        target_levels=["polsek", "polres"],
        min_attendance_pct=75,
        pass_min_average=4,
        pass_no_kurang=False,
        late_grace_minutes=0,
        validity_months=24,
    )

    assert course.target_positions == ["kapolres", "wakapolres"]
    assert course.target_levels == ["polres", "polsek"]
    assert (course.min_attendance_pct, course.pass_min_average, course.pass_no_kurang) == (
        75,
        4,
        False,
    )
    assert (course.late_grace_minutes, course.validity_months) == (0, 24)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tier": 0}, "Tingkat harus 1 sampai 9."),
        ({"tier": 10}, "Tingkat harus 1 sampai 9."),
        ({"title": ""}, "Judul wajib diisi."),
        ({"target_positions": []}, "jabatan sasaran"),
        ({"target_positions": ["presiden"]}, "jabatan sasaran"),
        ({"target_levels": []}, "tingkat satuan sasaran"),
        ({"target_levels": ["mabes"]}, "tingkat satuan sasaran"),
        ({"min_attendance_pct": 101}, "Kehadiran minimal harus 0 sampai 100%."),
        ({"min_attendance_pct": -5}, "Kehadiran minimal harus 0 sampai 100%."),
        ({"pass_min_average": 0}, "Nilai rata-rata minimal harus 1 (Kurang) sampai 5."),
        ({"pass_min_average": 6}, "Nilai rata-rata minimal harus 1 (Kurang) sampai 5."),
        ({"late_grace_minutes": -1}, "Toleransi terlambat tidak boleh negatif."),
        ({"validity_months": 0}, "Masa berlaku sertifikat harus 1 sampai 120 bulan."),
        ({"validity_months": 121}, "Masa berlaku sertifikat harus 1 sampai 120 bulan."),
        ({"validity_months": None}, "Masa berlaku sertifikat harus 1 sampai 120 bulan."),
    ],
)
def test_create_course_refuses_bad_values(db, changes, message):
    program = _program()

    with pytest.raises(RuleViolation) as exc:
        _course(program, **changes)

    assert message in str(exc.value)
    assert program.courses == []


def test_tier_is_unique_within_a_programme_but_not_across(db):
    program, other = _program(), _program(title="Program lain")
    _course(program, 1)

    with pytest.raises(RuleViolation, match="Tingkat 1 sudah ada dalam program ini."):
        _course(program, 1)

    assert _course(other, 1).tier == 1


def test_update_course_checks_the_tier_against_the_other_courses(db):
    program = _program(with_default_tiers=True)
    second = program.courses[1]

    update_course(second, title="Tingkat 2 — Kapolres (revisi)", validity_months=6)
    with pytest.raises(RuleViolation, match="Tingkat 3 sudah ada"):
        update_course(second, tier=3)

    assert (second.tier, second.title, second.validity_months) == (
        2,
        "Tingkat 2 — Kapolres (revisi)",
        6,
    )


def test_update_course_refuses_bad_value_and_keeps_the_old_one(db):
    course = _program(with_default_tiers=True).courses[0]

    with pytest.raises(RuleViolation):
        update_course(course, min_attendance_pct=120)

    assert course.min_attendance_pct == 80
