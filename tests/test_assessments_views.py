"""Assessment pages: the grid saves in one POST and keeps typed input on error, histories,
"Nilai saya", course weights and competency forms, and who may do what."""

from datetime import UTC, datetime

from sqlalchemy import func, select

from tests.factories import (
    enrol,
    make_command_tree,
    make_course,
    make_person,
    make_session,
    make_tree,
)
from training.assessments import queries
from training.assessments.framework import assign_default_competencies, ensure_default_framework
from training.assessments.models import AssessmentAttempt, Competency
from training.assessments.services import GridRow, save_grid

T1 = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def world(db):
    tree = make_tree()
    course = make_course()
    comps = [cc.competency_id for cc in assign_default_competencies(course)]
    session = make_session(course, tree["polres_a"], audience_unit=tree["polda_a"])
    ani = make_person(tree["polsek_a"], full_name="Ani Lestari")
    budi = make_person(tree["polsek_a"], full_name="Budi Santoso")
    far = make_person(tree["polsek_b"], full_name="Candra Jauh")
    for person in (ani, budi, far):
        enrol(session, person)
    db.session.commit()
    return {
        "tree": tree,
        "course": course,
        "comps": comps,
        "session": session,
        "ani": ani,
        "budi": budi,
        "far": far,
    }


def grid_form(w, person, levels, note=""):
    data = {"person": str(person.id), f"note-{person.id}": note}
    for cid, level in zip(w["comps"], levels, strict=False):
        data[f"level-{person.id}-{cid}"] = level
    return data


def attempts(db):
    return db.session.scalar(select(func.count()).select_from(AssessmentAttempt))


def test_trainer_saves_the_grid_in_one_post(db, client, login):
    w = world(db)
    trainer = login("trainer")
    data = grid_form(w, w["ani"], ["3", "4", "3", "4", "3", "4"], note="Praktik baik")
    data.update(grid_form(w, w["budi"], ["2", "", "", "", "", ""]))
    data["person"] = [str(w["ani"].id), str(w["budi"].id)]

    response = client.post(f"/assessments/sessions/{w['session'].id}", data=data)

    assert response.status_code == 302
    latest = queries.latest_attempts(w["course"].id, [w["ani"].id, w["budi"].id])
    assert latest[w["ani"].id].levels == dict(zip(w["comps"], [3, 4, 3, 4, 3, 4], strict=True))
    assert latest[w["ani"].id].note == "Praktik baik"
    assert latest[w["budi"].id].levels == {w["comps"][0]: 2}
    page = client.get(f"/assessments/sessions/{w['session'].id}").text
    assert "Penilaian disimpan: 2 penilaian baru, 0 tidak berubah." in page
    assert trainer.id == db.session.scalar(select(AssessmentAttempt.assessed_by_id).limit(1))


def test_grid_prefills_the_latest_attempt_and_labels_every_select(db, client, login):
    w = world(db)
    save_grid(w["course"], [GridRow(w["ani"].id, {w["comps"][0]: 5})], actor=None, now=T1)
    db.session.commit()
    login("trainer")

    page = client.get(f"/assessments/sessions/{w['session'].id}").text

    assert f'name="level-{w["ani"].id}-{w["comps"][0]}"' in page
    assert '<option value="5" selected>5 Istimewa</option>' in page
    assert "Nilai Verifikasi &amp; keamanan akun untuk Ani Lestari" in page
    assert "Belum lulus" in page  # five competencies still missing
    assert f"/assessments/courses/{w['course'].id}/people/{w['ani'].id}" in page


def test_grid_error_keeps_every_typed_value_and_saves_nothing(db, client, login):
    w = world(db)
    login("trainer")
    data = grid_form(w, w["ani"], ["4", "9"], note="Catatan tetap")
    data[f"evidence-{w['ani'].id}-{w['comps'][0]}"] = "Tangkapan layar balasan"

    response = client.post(f"/assessments/sessions/{w['session'].id}", data=data)

    assert response.status_code == 200
    page = response.text
    assert "Nilai harus 1 (Kurang) sampai 5 (Istimewa)." in page
    assert '<option value="4" selected>4 Baik Sekali</option>' in page
    assert '<option value="9" selected>9</option>' in page
    assert "Catatan tetap" in page
    assert "Tangkapan layar balasan" in page
    assert attempts(db) == 0


def test_grid_refuses_a_person_not_enrolled(db, client, login):
    w = world(db)
    stranger = make_person(w["tree"]["polsek_a"], full_name="Orang Lain")
    db.session.commit()
    login("trainer")

    response = client.post(
        f"/assessments/sessions/{w['session'].id}", data=grid_form(w, stranger, ["3"])
    )

    assert response.status_code == 200
    assert "tidak terdaftar di kursus ini" in response.text
    assert attempts(db) == 0


def test_commander_reads_only_their_people_and_cannot_record(db, client, login):
    w = world(db)
    login("commander", unit=w["tree"]["polda_a"])

    page = client.get(f"/assessments/sessions/{w['session'].id}").text
    post = client.post(
        f"/assessments/sessions/{w['session'].id}", data=grid_form(w, w["ani"], ["3"])
    )

    assert "Ani Lestari" in page and "Candra Jauh" not in page
    assert "Simpan penilaian" not in page
    assert "Hanya baca: nilai dicatat oleh pelatih sesi." in page
    assert "Menyimpan ulang dengan nilai berbeda" not in page
    assert post.status_code == 403
    assert attempts(db) == 0


def test_course_grid_by_unit_lists_people_of_that_subtree(db, client, login):
    w = world(db)
    login("trainer")

    page = client.get(
        f"/assessments/courses/{w['course'].id}?unit={w['tree']['polda_b'].code}"
    ).text

    assert "Candra Jauh" in page and "Ani Lestari" not in page


def test_history_lists_every_attempt_newest_first(db, client, login):
    w = world(db)
    trainer = login("trainer")
    first = dict.fromkeys(w["comps"], "1")
    save_grid(w["course"], [GridRow(w["ani"].id, first, note="Awal")], actor=trainer, now=T1)
    second = dict.fromkeys(w["comps"], "4")
    save_grid(w["course"], [GridRow(w["ani"].id, second, note="Ulang")], actor=trainer)
    db.session.commit()

    page = client.get(f"/assessments/courses/{w['course'].id}/people/{w['ani'].id}").text

    assert page.index("Percobaan ke-2") < page.index("Percobaan ke-1")
    assert page.index("Ulang") < page.index("Awal")
    assert page.count(trainer.username) >= 2
    assert "Berlaku" in page and "Lulus" in page and "Belum lulus" in page


def test_participant_sees_own_results_and_not_others(db, client, login):
    w = world(db)
    save_grid(w["course"], [GridRow(w["ani"].id, dict.fromkeys(w["comps"], "3"))], actor=None)
    db.session.commit()
    login("participant", person=w["ani"])

    mine = client.get("/assessments/mine").text
    own = client.get(f"/assessments/courses/{w['course'].id}/people/{w['ani'].id}")
    other = client.get(f"/assessments/courses/{w['course'].id}/people/{w['budi'].id}")

    assert w["course"].title in mine and "Lulus" in mine and "3,00" in mine
    assert own.status_code == 200
    assert other.status_code == 404


def test_admin_sets_course_weights_in_one_post(db, client, login):
    w = world(db)
    login("admin")
    a, b = w["comps"][:2]

    response = client.post(
        f"/assessments/courses/{w['course'].id}/competencies",
        data={"use": [str(a), str(b)], f"weight-{a}": "7", f"weight-{b}": "2"},
    )

    assert response.status_code == 302
    assert queries.course_weights(w["course"].id) == {a: 7, b: 2}


def test_course_weights_error_keeps_input(db, client, login):
    w = world(db)
    login("admin")
    a = w["comps"][0]

    response = client.post(
        f"/assessments/courses/{w['course'].id}/competencies",
        data={"use": [str(a)], f"weight-{a}": "12"},
    )

    assert response.status_code == 200
    assert "Bobot harus bilangan bulat 1 sampai 10." in response.text
    assert 'value="12"' in response.text
    assert len(queries.course_weights(w["course"].id)) == 6


def test_trainer_reads_course_weights_but_cannot_change_them(db, client, login):
    w = world(db)
    login("trainer")

    page = client.get(f"/assessments/courses/{w['course'].id}/competencies")
    post = client.post(f"/assessments/courses/{w['course'].id}/competencies", data={})

    assert page.status_code == 200 and "Membaca analitik akun" in page.text
    assert 'type="checkbox"' not in page.text
    assert post.status_code == 403


def test_new_competency_with_a_taken_code_keeps_input(db, client, login):
    ensure_default_framework()
    db.session.commit()
    login("admin")

    response = client.post(
        "/assessments/competencies/new",
        data={"code": "akun", "name": "Nama baru yang diketik", "position": "3"},
    )

    assert response.status_code == 200
    assert "Kode AKUN sudah dipakai kompetensi lain." in response.text
    assert "Nama baru yang diketik" in response.text
    assert db.session.scalar(select(func.count()).select_from(Competency)) == 6


def test_admin_deactivates_a_scored_competency_instead_of_deleting_it(db, client, login):
    w = world(db)
    save_grid(w["course"], [GridRow(w["ani"].id, {w["comps"][0]: "3"})], actor=None)
    db.session.commit()
    login("admin")
    cid = w["comps"][0]

    refused = client.post(f"/assessments/competencies/{cid}/delete", follow_redirects=True)
    client.post(f"/assessments/competencies/{cid}/toggle")

    assert "sudah punya nilai; nonaktifkan saja" in refused.text
    assert db.session.get(Competency, cid).is_active is False


def test_a_bad_unit_code_is_a_message_at_the_filter_for_a_kapolres(db, client, login):
    units, course = make_command_tree(), make_course()
    assign_default_competencies(course)
    session = make_session(course, units["polda"], audience_unit=units["polda"])
    named = {"polres_1": "Kepala Satu", "polsek_1": "Anggota Satu", "polsek_2": "Anggota Dua"}
    for unit, name in named.items():
        enrol(session, make_person(units[unit], full_name=name))
    login("commander", unit=units["polres_1"])

    for code in ("15.16.1", units["polres_2"].code):  # unknown, then the sibling Polres
        page = client.get(f"/assessments/courses/{course.id}?unit={code}")
        assert page.status_code == 200
        assert f"Satuan {code} tidak ditemukan dalam lingkup Anda." in page.text
        assert f'value="{code}"' in page.text
        assert "Anggota Dua" not in page.text and "Anggota Satu" not in page.text
    good = client.get(f"/assessments/courses/{course.id}?unit={units['polsek_1'].code}").text
    assert "Anggota Satu" in good and "Kepala Satu" not in good
