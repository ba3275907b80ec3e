"""Course materials through the pages: upload, refusals, serving, opening, done, progress."""

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.factories import (
    PASSWORD,
    enrol,
    make_course,
    make_person,
    make_session,
    make_tree,
    make_user,
)
from tests.materials_factories import NOW, mp4_bytes, pdf_bytes, png_bytes, pptx_bytes
from training.learning import materials_services as services
from training.learning.materials_models import MaterialItem, MaterialModule, MaterialProgress


@pytest.fixture
def world(db):
    tree = make_tree()
    course = make_course(tier=3, title="Tingkat 3 Polsek")
    session = make_session(course, venue_unit=tree["polres_a"], audience_unit=tree["polres_a"])
    kapolsek = make_person(tree["polsek_a"], full_name="Bambang Sutrisno", position="kapolsek")
    operator = make_person(tree["polsek_a"], full_name="Dewi Lestari", rank="Brigpol")
    far = make_person(tree["polsek_b"], full_name="Yohanes Wenda", rank="Ipda")
    for person in (kapolsek, operator, far):
        enrol(session, person)
    users = {
        "trainer": make_user(("trainer",), username="pelatih_materi"),
        "kapolsek": make_user(("participant",), username="kapolsek_materi", person=kapolsek),
        "cmd_polda_a": make_user(("commander",), username="kapolda_a", unit=tree["polda_a"]),
        "cmd_polres_b": make_user(("commander",), username="kapolres_b", unit=tree["polres_b"]),
    }
    module = services.add_module(course, users["trainer"], "Menjawab aduan warga", now=NOW)
    db.session.commit()
    return {"course": course, "module": module, "users": users, "people": (kapolsek, operator)}


def sign_in(client, user):
    client.post("/logout")
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def upload(client, module, data: bytes, name: str, title: str = ""):
    return client.post(
        f"/materials/modules/{module.id}/files",
        data={"file_title": title, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_a_trainer_uploads_a_real_pdf_that_is_served_inline_with_safe_headers(client, world, db):
    sign_in(client, world["users"]["trainer"])
    response = upload(client, world["module"], pdf_bytes("Jawab dalam 30 menit"), "modul.pdf")
    assert response.status_code == 302
    item = db.session.scalar(select(MaterialItem))

    with client.get(f"/materials/items/{item.id}/file") as served:
        assert served.status_code == 200
        assert served.headers["Content-Type"] == "application/pdf"
        assert served.headers["Content-Disposition"] == "inline; filename=modul.pdf"
        assert served.headers["X-Content-Type-Options"] == "nosniff"
        text = PdfReader(io.BytesIO(served.data)).pages[0].extract_text()
    assert "Jawab dalam 30 menit" in text


def test_slides_are_served_as_downloads_and_images_inline(client, world, db):
    sign_in(client, world["users"]["trainer"])
    upload(client, world["module"], pptx_bytes(), "salindia.pptx")
    upload(client, world["module"], png_bytes(), "alur.png", title="Alur aduan")
    slides, image = db.session.scalars(select(MaterialItem).order_by(MaterialItem.id)).all()

    with client.get(f"/materials/items/{slides.id}/file") as served:
        assert served.headers["Content-Disposition"] == "attachment; filename=salindia.pptx"
    with client.get(f"/materials/items/{image.id}/file") as served:
        assert served.headers["Content-Type"] == "image/png"
        assert served.data == png_bytes()
    page = client.get(f"/materials/modules/{world['module'].id}").text
    assert 'alt="Alur aduan"' in page


def test_a_file_with_a_fake_extension_is_refused_with_the_reason_and_the_title_kept(
    client, world, db
):
    sign_in(client, world["users"]["trainer"])

    response = upload(client, world["module"], b"MZ\x90\x00" + b"\0" * 200, "modul.pdf", "Modul 1")

    assert response.status_code == 200
    assert "tidak diterima: isinya bukan PDF" in response.text
    assert 'value="Modul 1"' in response.text
    assert db.session.scalar(select(MaterialItem)) is None


def test_a_file_over_the_size_limit_is_refused_with_the_limit(client, app, world, db):
    app.config.update(MATERIALS_MAX_BYTES=4096, MATERIALS_VIDEO_MAX_BYTES=16384)
    sign_in(client, world["users"]["trainer"])

    big = upload(client, world["module"], pdf_bytes() + b"\0" * 8000, "besar.pdf")
    video = upload(client, world["module"], mp4_bytes(10_000), "singkat.mp4")

    assert "terlalu besar; paling besar 4 KB untuk berkas PDF" in big.text
    assert video.status_code == 302
    assert [i.filename for i in db.session.scalars(select(MaterialItem))] == ["singkat.mp4"]


def test_a_participant_opens_a_module_and_marks_it_done(client, world, db):
    kapolsek, module = world["users"]["kapolsek"], world["module"]
    sign_in(client, kapolsek)

    listing = client.get("/materials/").text
    course_page = client.get(f"/materials/courses/{world['course'].id}").text
    page = client.get(f"/materials/modules/{module.id}").text
    opened = db.session.scalar(select(MaterialProgress))
    opened_at, done_at = opened.opened_at, opened.done_at
    done = client.post(f"/materials/modules/{module.id}/done")

    assert "Tingkat 3 Polsek" in listing and "0 dari 1 modul selesai" in listing
    assert "Belum dibuka" in course_page
    assert "Tandai selesai" in page
    assert opened_at is not None and done_at is None
    assert done.status_code == 302
    assert "Anda sudah menandai modul ini selesai." in client.get(done.location).text
    assert "Semua modul selesai" in client.get("/materials/").text


def test_staff_opening_a_module_records_no_progress(client, world, db):
    sign_in(client, world["users"]["cmd_polda_a"])

    page = client.get(f"/materials/modules/{world['module'].id}")

    assert page.status_code == 200 and "Tandai selesai" not in page.text
    assert db.session.scalar(select(MaterialProgress)) is None


def test_the_progress_table_shows_the_commanders_own_people_only(client, world, db):
    kapolsek, operator = world["people"]
    db.session.add(MaterialProgress(person_id=kapolsek.id, module_id=world["module"].id,
                                    opened_at=NOW, done_at=NOW))  # fmt: skip
    db.session.add(MaterialProgress(person_id=operator.id, module_id=world["module"].id,
                                    opened_at=NOW))  # fmt: skip
    db.session.commit()
    url = f"/materials/courses/{world['course'].id}/progress"

    sign_in(client, world["users"]["cmd_polda_a"])
    inside = client.get(url).text
    sign_in(client, world["users"]["cmd_polres_b"])
    outside = client.get(url).text

    assert "Bambang Sutrisno" in inside and "Dewi Lestari" in inside
    assert "Yohanes Wenda" not in inside
    assert inside.count("1/1") == 1 and inside.count("0/1") == 1
    assert "Yohanes Wenda" in outside and "Bambang Sutrisno" not in outside


def test_the_participants_course_pages_link_to_the_materials(client, world):
    sign_in(client, world["users"]["kapolsek"])

    results = client.get("/assessments/mine").text
    home = client.get("/").text

    assert f'href="/materials/courses/{world["course"].id}"' in results
    assert 'href="/materials/"' in home  # the menu's "Materi saya"


def test_a_trainer_reorders_and_deletes_with_confirmation(client, world, db):
    trainer, course = world["users"]["trainer"], world["course"]
    sign_in(client, trainer)
    client.post(f"/materials/courses/{course.id}/modules/new", data={"title": "Isu negatif"})
    second = max(course_modules(db, course), key=lambda m: m.id)

    client.post(f"/materials/modules/{second.id}/move", data={"direction": "up"})
    unconfirmed = client.post(f"/materials/modules/{second.id}/delete", data={})
    page = client.get(f"/materials/courses/{course.id}").text

    assert page.index("Isu negatif") < page.index("Menjawab aduan warga")
    assert unconfirmed.status_code == 302 and len(course_modules(db, course)) == 2
    client.post(f"/materials/modules/{second.id}/delete", data={"confirm": "y"})
    assert [m.title for m in course_modules(db, course)] == ["Menjawab aduan warga"]


def test_the_required_setting_is_saved_and_shown(client, world):
    sign_in(client, world["users"]["trainer"])
    course_id = world["course"].id

    client.post(f"/materials/courses/{course_id}/settings", data={"required_before_post_test": "y"})

    page = client.get(f"/materials/courses/{course_id}").text
    assert "Semua modul wajib ditandai selesai sebelum post-test" in page


def course_modules(db, course):
    db.session.expire_all()
    return db.session.scalars(
        select(MaterialModule).where(MaterialModule.course_id == course.id)
    ).all()
