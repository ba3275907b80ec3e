"""Readiness pages: dashboard root per viewer, unit figures, child table filters and sort,
own people, charts, programme picker, thresholds form, bounded statements."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import make_person, make_program, make_tree, make_unit
from tests.readiness_dashboard_factories import (
    certified,
    gap_world,
    make_three_tiers,
    simple_rules,
    today,
)
from tests.statements import count_statements
from training.readiness.models import ReadinessSnapshot, ReadinessThresholds


@pytest.fixture
def world(db):
    tree = make_tree()
    data = gap_world(tree)
    db.session.commit()
    return {"tree": tree, **data}


def _table_units(html: str) -> list[str]:
    body = html.split('id="units-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'href="/readiness/units/([^"?]+)[^"]*">', body)


def test_participants_may_not_open_readiness(world, client, login):
    login("participant")

    assert client.get("/readiness/").status_code == 403


def test_national_viewers_start_at_the_root(world, client, login):
    tree = world["tree"]
    login("trainer")

    page = client.get("/readiness/")

    assert f"Kesiapan: {tree['mabes'].name}" in page.text
    assert _table_units(page.text) == [tree["polda_a"].code, tree["polda_b"].code]


def test_a_commander_starts_at_their_command_and_breadcrumbs_stop_there(world, client, login):
    tree = world["tree"]
    login("commander", unit=tree["polda_a"])

    dashboard = client.get("/readiness/")
    leaf = client.get(f"/readiness/units/{tree['polsek_a'].code}")

    assert f"Kesiapan: {tree['polda_a'].name}" in dashboard.text
    assert _table_units(dashboard.text) == [tree["polres_a"].code]
    crumbs = leaf.text.split('class="breadcrumb"', 1)[1].split("</ol>", 1)[0]
    assert tree["polda_a"].name in crumbs and tree["polres_a"].name in crumbs
    assert tree["mabes"].name not in crumbs


def test_unit_page_shows_own_and_subtree_figures_status_and_unmet_criteria(world, client, login):
    login("admin")

    page = client.get(f"/readiness/units/{world['tree']['polres_a'].code}")

    figures = page.text.split('id="figures"', 1)[1].split("</table>", 1)[0]
    cells = [re.sub(r"\s+", " ", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", figures)]
    assert cells[:4] == ["2", "5", "1 (50%)", "3 (60%)"]  # targets, certified own / subtree
    assert "Sebagian" in page.text.split('id="status-heading"', 1)[1].split("</h2>", 1)[0]
    assert "Personel bersertifikat di bawah 80%" in page.text
    assert "memegang sertifikat yang berlaku" in page.text


def test_a_leaf_unit_lists_its_people_with_their_standing_and_person_links(world, client, login):
    people = world["people"]
    login("admin")

    page = client.get(f"/readiness/units/{world['tree']['polsek_a'].code}")

    own = page.text.split('id="own-people"', 1)[1].split("</table>", 1)[0]
    assert f'href="/people/{people["kapolsek_a"].id}"' in own
    assert "Sedang mengikuti" in own
    assert "Segera berakhir" in own
    assert "Bersertifikat s.d." in own
    assert "Fajar Lainnya" not in own  # not a target position
    assert 'id="units-table"' not in page.text  # no units below a Polsek


def test_a_new_target_position_shows_on_the_next_page(world, db, client, login):
    """The own people's and the gap list's statements are kept per inputs (core/sqlmemo):
    a course's changed target positions are part of them."""
    login("admin")
    url = f"/readiness/units/{world['tree']['polsek_a'].code}"
    assert "Fajar Lainnya" not in client.get(url).text

    _t1, _t2, t3 = world["courses"]
    t3.target_positions = [*t3.target_positions, "lainnya"]
    db.session.commit()
    page = client.get(url).text

    assert "Fajar Lainnya" in page.split('id="own-people"', 1)[1].split("</table>", 1)[0]
    assert "Fajar Lainnya" in page.split('id="gaps"', 1)[1].split("</table>", 1)[0]


def _polres_with(polda, course, certified_n: int, total: int, name: str):
    polres = make_unit(polda, name=name)
    for i in range(total):
        person = make_person(polres, full_name=f"{name} {i}", position="operator_medsos")
        if i < certified_n:
            certified(person, course)
    return polres


@pytest.fixture
def statuses(db):
    """Polda with three Polres: Siap (4/4), Sebagian (2/4), Belum siap (0/4)."""
    program, (_t1, t2, _t3) = make_three_tiers(title="Program Status")
    simple_rules(program)
    mabes = make_unit()
    polda = make_unit(mabes, name="Polda Jawa Uji")
    units = {
        "siap": _polres_with(polda, t2, 4, 4, "Polres Alfa"),
        "sebagian": _polres_with(polda, t2, 2, 4, "Polres Bravo"),
        "belum_siap": _polres_with(polda, t2, 0, 4, "Polres Charlie"),
    }
    polsek = make_unit(units["siap"], name="Polsek Delta")
    db.session.commit()
    return {"polda": polda, "polsek": polsek, **units}


@pytest.mark.parametrize("status", ["siap", "sebagian", "belum_siap"])
def test_child_table_filters_by_status(statuses, client, login, status):
    login("admin")

    page = client.get(f"/readiness/units/{statuses['polda'].code}?status={status}")

    assert _table_units(page.text) == [statuses[status].code]


def test_child_table_searches_names_and_sorts_by_any_column(statuses, client, login):
    login("admin")
    base = f"/readiness/units/{statuses['polda'].code}"
    s = statuses

    by_pct = _table_units(client.get(f"{base}?sort=certified_pct&dir=desc").text)
    by_status = _table_units(client.get(f"{base}?sort=status").text)
    by_name = _table_units(client.get(f"{base}?sort=name&dir=desc").text)
    found = _table_units(client.get(f"{base}?q=bravo").text)

    assert by_pct == [s["siap"].code, s["sebagian"].code, s["belum_siap"].code]
    assert by_status == [s["belum_siap"].code, s["sebagian"].code, s["siap"].code]
    assert by_name == [s["belum_siap"].code, s["sebagian"].code, s["siap"].code]
    assert found == [s["sebagian"].code]


def test_level_filter_lists_units_further_down(statuses, client, login):
    login("admin")

    page = client.get(f"/readiness/units/{statuses['polda'].code}?level=polsek")

    assert _table_units(page.text) == [statuses["polsek"].code]


def test_unknown_filter_values_fall_back_to_defaults(statuses, client, login):
    login("admin")

    page = client.get(
        f"/readiness/units/{statuses['polda'].code}?status=x&level=y&sort=z&dir=w&page=abc"
    )

    assert page.status_code == 200
    assert len(_table_units(page.text)) == 3


def test_bar_chart_is_inline_svg_with_titles_and_no_style_or_script(statuses, client, login):
    login("admin")

    page = client.get(f"/readiness/units/{statuses['polda'].code}")

    svgs = [part.split("</svg>", 1)[0] for part in page.text.split("<svg")[1:]]
    svg = next(s for s in svgs if 'role="img"' in s)  # the chart (the bell icon is decorative)
    assert "<title>Polres Alfa: 100% (Siap)</title>" in svg
    assert "<title>Polres Charlie: 0% (Belum siap)</title>" in svg
    assert "#198754" in svg and "#dc3545" in svg
    assert "<title>Batas Siap: 80%</title>" in svg
    assert not re.search(r"\sstyle=", page.text)
    assert not re.search(r"<script(?![^>]*\bsrc=)", page.text)
    assert not re.search(r"\son[a-z]+=", page.text)
    assert "Belum ada data tren untuk siklus ini." in page.text


def test_trend_line_from_this_cycles_snapshots(world, db, client, login):
    from training.programs.services import create_cycle

    program, tree = world["program"], world["tree"]
    program.starts_on = today() - timedelta(days=20)
    program.ends_on = today() + timedelta(days=20)
    create_cycle(program)
    for days, pct in ((-2, 20.0), (-1, 40.0), (-30, 99.0)):
        db.session.add(
            ReadinessSnapshot(
                program_id=program.id, unit_id=tree["polres_a"].id,
                day=today() + timedelta(days=days), status="sebagian", certified_pct=pct,
                created_at=datetime.now(UTC),
            )
        )  # fmt: skip
    db.session.commit()
    login("admin")

    page = client.get(f"/readiness/units/{tree['polres_a'].code}")

    trend = page.text.split('id="trend-heading"', 1)[1].split("</section>", 1)[0]
    assert "<polyline" in trend
    assert trend.count("<circle") == 2  # the snapshot before the cycle is left out
    assert "40%" in trend
    assert "Aduan terjawab" not in trend  # no response recorded: no response columns


def test_trend_table_shows_the_aduan_response_of_each_day(world, db, client, login):
    from training.programs.services import create_cycle

    program, tree = world["program"], world["tree"]
    program.starts_on = today() - timedelta(days=20)
    program.ends_on = today() + timedelta(days=20)
    create_cycle(program)
    for days, aduan, answered, p90 in ((-2, 0, 0, None), (-1, 8, 6, 3601)):
        db.session.add(
            ReadinessSnapshot(
                program_id=program.id, unit_id=tree["polres_a"].id,
                day=today() + timedelta(days=days), status="sebagian", certified_pct=50.0,
                aduan=aduan, aduan_answered=answered, aduan_p90_seconds=p90,
                created_at=datetime.now(UTC),
            )
        )  # fmt: skip
    db.session.commit()
    login("admin")

    page = client.get(f"/readiness/units/{tree['polres_a'].code}")

    rows = page.text.split('id="trend-rows"', 1)[1].split("</tbody>", 1)[0].split("</tr>")
    cells = [re.findall(r'<td class="text-end">([^<]*)</td>', row) for row in rows[:2]]
    assert cells == [["50%", "—", "—"], ["50%", "75%", "61"]]


def test_programme_picker_switches_programme_and_rejects_unknown_ids(world, db, client, login):
    other = make_program(title="Program Kedua")
    db.session.commit()
    login("admin")
    code = world["tree"]["polres_a"].code

    default = client.get(f"/readiness/units/{code}")
    chosen = client.get(f"/readiness/units/{code}?program={other.id}")

    assert 'id="program"' in default.text and "Program Kedua" in default.text
    assert "Program Kedua ·" in chosen.text
    assert client.get(f"/readiness/units/{code}?program=999999").status_code == 404
    assert client.get(f"/readiness/units/{code}?program=abc").status_code == 404


def test_without_a_programme_the_page_says_so(db, client, login):
    make_tree()
    db.session.commit()
    login("admin")

    page = client.get("/readiness/")

    assert "Belum ada program pelatihan" in page.text


def _page_statements(client, url):
    client.get(url)  # warm up (login user, babel)
    with count_statements() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize("query", ["", "?kind=untrained&sort=targets&dir=desc"])
@pytest.mark.parametrize("viewer", ["admin", "commander"])
def test_statements_do_not_grow_with_the_number_of_child_units(db, client, login, viewer, query):
    _program, (_t1, t2, _t3) = make_three_tiers(title="Program Skala")
    counts = []
    # the first world only warms up: the database's first readiness commit creates its
    # version row (one statement more, once)
    for n in (1, 3, 30):
        mabes = make_unit()
        polda = make_unit(mabes)
        for i in range(n):
            polres = make_unit(polda)
            head = make_person(polres, position="kapolres")
            if i % 2:
                certified(head, t2)
            make_person(make_unit(polres), position="kapolsek")
        db.session.commit()
        kw = {"unit": polda} if viewer == "commander" else {}
        login(viewer if viewer == "admin" else "commander", **kw)
        counts.append(_page_statements(client, f"/readiness/units/{polda.code}{query}"))
        client.post("/logout")

    assert counts[1] == counts[2]


# --- thresholds -----------------------------------------------------------------------------

VALID = {
    "ready_certified_pct": "75",
    "ready_accounts_pct": "90",
    "ready_min_level": "3.5",
    "ready_attendance_pct": "70",
    "ready_requires_commander": "y",
    "partial_certified_pct": "40",
    "expiring_days": "30",
}


def test_admin_saves_thresholds_creating_the_row_once(world, db, client, login):
    program = make_program(title="Program Ambang")
    db.session.commit()
    login("admin")

    form = client.get(f"/readiness/thresholds/{program.id}")
    first = client.post(f"/readiness/thresholds/{program.id}", data=VALID)
    second = client.post(
        f"/readiness/thresholds/{program.id}",
        data={**VALID, "expiring_days": "45", "ready_min_level": "4,5"},  # a decimal comma
    )

    assert 'value="80"' in form.text  # the defaults
    assert first.status_code == second.status_code == 302
    rows = db.session.scalars(
        select(ReadinessThresholds).where(ReadinessThresholds.program_id == program.id)
    ).all()
    assert len(rows) == 1
    rules = rows[0]
    assert (rules.ready_certified_pct, rules.ready_min_level, rules.expiring_days) == (75, 4.5, 45)
    assert rules.ready_requires_commander is True


def _status_heading(html: str) -> str:
    return html.split('id="status-heading"', 1)[1].split("</h2>", 1)[0]


def test_threshold_changes_change_the_status(world, db, client, login):
    login("admin")
    code = world["tree"]["polres_a"].code
    program = world["program"]
    assert ">Sebagian<" in _status_heading(client.get(f"/readiness/units/{code}").text)

    client.post(
        f"/readiness/thresholds/{program.id}",
        data={**VALID, "ready_certified_pct": "60", "ready_accounts_pct": "0",
              "ready_min_level": "1", "ready_attendance_pct": "0"},
    )  # fmt: skip

    assert ">Siap<" in _status_heading(client.get(f"/readiness/units/{code}").text)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ready_certified_pct", "101", "Angka harus antara 0 dan 100."),
        ("ready_min_level", "7", "Angka harus antara 1 dan 5."),
        ("ready_min_level", "tiga", "Harus angka."),
        ("expiring_days", "", "Wajib diisi."),
        ("partial_certified_pct", "90", "Batas Sebagian tidak boleh lebih tinggi dari batas Siap"),
    ],
)
def test_bad_thresholds_are_refused_in_indonesian_keeping_the_input(
    world, db, client, login, field, value, message
):
    login("admin")
    program = world["program"]

    page = client.post(f"/readiness/thresholds/{program.id}", data={**VALID, field: value})

    assert page.status_code == 200
    assert message in page.text
    assert 'value="70"' in page.text  # what was typed stays
    assert (
        db.session.scalar(
            select(ReadinessThresholds.ready_certified_pct).where(
                ReadinessThresholds.program_id == program.id
            )
        )
        == 80
    )  # unchanged (the world's rules)


def test_only_admins_edit_thresholds(world, client, login):
    login("commander", unit=world["tree"]["polda_a"])

    assert client.get(f"/readiness/thresholds/{world['program'].id}").status_code == 403
    assert client.get("/readiness/thresholds/999999").status_code == 403
