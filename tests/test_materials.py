"""Course materials, service level: file types by content, storage, order, progress, policy."""

import io
import os

import pytest
from sqlalchemy import select

from tests.factories import enrol, make_course, make_person, make_session, make_tree, make_user
from tests.materials_factories import (
    NOW,
    add_pdf,
    jpeg_bytes,
    mp4_bytes,
    odp_bytes,
    pdf_bytes,
    png_bytes,
    pptx_bytes,
    zip_bytes,
)
from training.audit.models import AuditEntry
from training.errors import RuleViolation
from training.learning import materials_progress as progress
from training.learning import materials_services as services
from training.learning import materials_storage as storage
from training.learning.materials_models import MaterialProgress
from training.policy.materials import (
    may_manage_materials,
    may_read_progress,
    may_see_materials,
    takes_part_in,
)


@pytest.fixture
def world(db):
    tree = make_tree()
    course = make_course(tier=3)
    other_course = make_course(course.program, tier=2)
    session = make_session(course, venue_unit=tree["polres_a"], audience_unit=tree["polres_a"])
    learner = make_person(tree["polsek_a"], full_name="Siti Rahayu", rank="Bripka")
    outsider = make_person(tree["polsek_b"], full_name="Andi Wijaya", rank="Iptu")
    enrol(session, learner)
    users = {
        "admin": make_user(("admin",)),
        "trainer": make_user(("trainer",)),
        "regional": make_user(("trainer",), unit=tree["polres_a"]),
        "commander": make_user(("commander",), unit=tree["polda_a"]),
        "learner": make_user(("participant",), person=learner),
        "outsider": make_user(("participant",), person=outsider),
    }
    module = services.add_module(course, users["trainer"], "Pengantar akun resmi", now=NOW)
    return {
        "tree": tree,
        "course": course,
        "other_course": other_course,
        "learner": learner,
        "outsider": outsider,
        "users": users,
        "module": module,
    }


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (pdf_bytes(), "modul.pdf", "application/pdf"),
        (png_bytes(), "diagram.png", "image/png"),
        (jpeg_bytes(), "foto.jpeg", "image/jpeg"),
        (pptx_bytes(), "salindia.pptx", storage.TYPES[storage.PPTX].content_type),
        (odp_bytes(), "salindia.odp", "application/vnd.oasis.opendocument.presentation"),
        (mp4_bytes(64), "video.mp4", "video/mp4"),
    ],
)
def test_a_file_is_typed_by_its_content_and_kept_under_its_hash(world, data, name, content_type):
    item = add_pdf(world["module"], world["users"]["trainer"], name, data)

    assert item.content_type == content_type
    assert item.filename == name
    assert item.size == len(data)
    with open(storage.path_of(item.sha256), "rb") as stored:
        assert stored.read() == data
    assert os.path.basename(storage.path_of(item.sha256)) == item.sha256


def test_a_file_without_extension_gets_the_one_of_its_type(world):
    item = add_pdf(world["module"], world["users"]["trainer"], "Materi Minggu 1", png_bytes())

    assert item.filename == "Materi_Minggu_1.png"
    assert item.title == "Materi_Minggu_1"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"MZ\x90\x00" + b"\x00" * 60, "modul.pdf", "isinya bukan PDF"),
        (b"<html><script>alert(1)</script></html>", "salindia.pptx", "isinya bukan PDF"),
        (zip_bytes(), "salindia.pptx", "isinya bukan PDF"),
        (png_bytes(), "modul.pdf", "isinya PNG, tidak cocok dengan akhiran namanya (.pdf)"),
        (b"", "kosong.pdf", "kosong"),
    ],
)
def test_a_file_whose_content_is_not_accepted_is_refused(world, data, name, message):
    with pytest.raises(RuleViolation, match=message.replace("(", r"\(").replace(")", r"\)")):
        add_pdf(world["module"], world["users"]["trainer"], name, data)

    assert world["module"].items == []
    assert os.listdir(storage.materials_dir()) == [] or all(
        not f.startswith(".upload-") for f in os.listdir(storage.materials_dir())
    )


def test_the_size_limits_are_settings_per_kind(world, app):
    app.config.update(MATERIALS_MAX_BYTES=2048, MATERIALS_VIDEO_MAX_BYTES=8192)
    trainer = world["users"]["trainer"]

    with pytest.raises(RuleViolation, match="terlalu besar; paling besar 2 KB untuk berkas PNG"):
        add_pdf(world["module"], trainer, "besar.png", png_bytes(size=(400, 400)) + b"\0" * 4096)
    video = add_pdf(world["module"], trainer, "pendek.mp4", mp4_bytes(5000))
    with pytest.raises(RuleViolation, match="paling besar 8 KB untuk berkas MP4"):
        add_pdf(world["module"], trainer, "panjang.mp4", mp4_bytes(9000))

    assert [i.filename for i in world["module"].items] == ["pendek.mp4"]
    assert video.size == 5032


def test_the_same_content_twice_is_stored_once_and_removed_with_its_last_item(world, db):
    trainer = world["users"]["trainer"]
    first = add_pdf(world["module"], trainer, "a.pdf")
    second = add_pdf(world["module"], trainer, "b.pdf")
    path = storage.path_of(first.sha256)

    services.prune(services.delete_item(first, trainer, now=NOW))
    assert first.sha256 == second.sha256 and os.path.exists(path)
    services.prune(services.delete_item(second, trainer, now=NOW))

    assert not os.path.exists(path)


def test_links_must_be_web_addresses(world):
    trainer = world["users"]["trainer"]
    link = services.add_link(world["module"], trainer, "", "https://humas.polri.go.id/panduan")

    assert (link.kind, link.title, link.position) == ("link", "humas.polri.go.id", 1)
    for bad in ("javascript:alert(1)", "humas.polri.go.id", "ftp://contoh.id/a"):
        with pytest.raises(RuleViolation, match="alamat web lengkap"):
            services.add_link(world["module"], trainer, "Buruk", bad)


def test_modules_and_items_are_reordered_and_renumbered(world):
    trainer, course = world["users"]["trainer"], world["course"]
    second = services.add_module(course, trainer, "Menjawab aduan", now=NOW)
    third = services.add_module(course, trainer, "Isu negatif", now=NOW)

    assert services.move_module(third, trainer, "up", now=NOW)
    assert not services.move_module(world["module"], trainer, "up", now=NOW)
    assert [world["module"].position, third.position, second.position] == [1, 2, 3]
    services.delete_module(world["module"], trainer, now=NOW)
    assert [third.position, second.position] == [1, 2]


def test_every_change_is_audited_with_its_course(world, db):
    trainer, module = world["users"]["trainer"], world["module"]
    item = add_pdf(module, trainer)
    services.edit_module(module, trainer, "Pengantar (revisi)", "Baca sebelum sesi", now=NOW)
    services.move_item(item, trainer, "down", now=NOW)  # alone: nothing moves, nothing written
    services.set_required(world["course"], trainer, True, now=NOW)
    services.delete_item(item, trainer, now=NOW)

    rows = db.session.scalars(
        select(AuditEntry).where(AuditEntry.course_id.is_not(None)).order_by(AuditEntry.id)
    ).all()
    assert [(r.entity, r.action) for r in rows] == [
        ("material_module", "create"),
        ("material_item", "create"),
        ("material_module", "update"),
        ("course_materials", "update"),
        ("material_item", "delete"),
    ]
    assert {r.course_id for r in rows} == {world["course"].id}
    assert rows[2].after == {"title": "Pengantar (revisi)", "description": "Baca sebelum sesi"}


def test_opening_then_marking_done_completes_the_materials(world, db):
    course, learner, module = world["course"], world["learner"], world["module"]
    second = services.add_module(course, world["users"]["trainer"], "Menjawab aduan", now=NOW)
    assert not progress.materials_complete(learner, course)

    progress.record_opened(learner.id, module, now=NOW)
    assert progress.progress_of(learner.id, [module, second]) == {module.id: progress.OPENED}
    assert progress.mark_done(learner, module, world["users"]["learner"], now=NOW)
    assert not progress.mark_done(learner, module, world["users"]["learner"], now=NOW)
    assert not progress.materials_complete(learner, course)
    progress.mark_done(learner, second, world["users"]["learner"], now=NOW)

    assert progress.materials_complete(learner, course)
    assert not progress.materials_complete(world["outsider"], course)
    assert progress.materials_complete(learner, world["other_course"])  # no modules
    row = db.session.scalar(select(MaterialProgress).where(MaterialProgress.module_id == module.id))
    assert row.opened_at == NOW and row.done_at == NOW


def test_deleting_a_module_takes_its_items_and_progress_along(world, db):
    trainer, learner, module = world["users"]["trainer"], world["learner"], world["module"]
    item = add_pdf(module, trainer)
    progress.mark_done(learner, module, world["users"]["learner"], now=NOW)

    hashes = services.delete_module(module, trainer, now=NOW)
    db.session.commit()
    services.prune(hashes)

    assert hashes == [item.sha256]
    assert db.session.scalars(select(MaterialProgress)).all() == []
    assert not os.path.exists(storage.path_of(item.sha256))
    assert progress.materials_complete(learner, world["course"])  # no modules left


def test_my_courses_counts_modules_opened_and_done(world):
    learner = world["learner"]
    services.add_module(world["course"], world["users"]["trainer"], "Kedua", now=NOW)
    progress.mark_done(learner, world["module"], world["users"]["learner"], now=NOW)

    [summary] = progress.my_courses(learner.id)

    assert (summary.course, summary.modules, summary.opened, summary.done) == (
        world["course"],
        2,
        1,
        1,
    )
    assert progress.my_courses(world["outsider"].id) == []


def test_settings_default_to_not_required(world):
    trainer, course = world["users"]["trainer"], world["course"]
    assert services.settings_of(course).required_before_post_test is False

    services.set_required(course, trainer, True, now=NOW)

    assert services.settings_of(course).required_before_post_test is True


def test_the_post_test_waits_for_the_materials_only_when_the_course_requires_them(world):
    learner, course, trainer = world["learner"], world["course"], world["users"]["trainer"]
    assert progress.materials_allow_post_test(learner, course)  # not required

    services.set_required(course, trainer, True, now=NOW)
    assert not progress.materials_allow_post_test(learner, course)
    progress.mark_done(learner, world["module"], world["users"]["learner"], now=NOW)

    assert progress.materials_allow_post_test(learner, course)


def test_who_may_manage_see_and_read_progress(world):
    users, course = world["users"], world["course"]

    managers = {k for k, u in users.items() if may_manage_materials(u)}
    seers = {k for k, u in users.items() if may_see_materials(u, course)}
    readers = {k for k, u in users.items() if may_read_progress(u)}

    assert managers == {"admin", "trainer"}
    assert seers == {"admin", "trainer", "regional", "commander", "learner"}
    assert readers == {"admin", "trainer", "regional", "commander"}
    assert takes_part_in(world["learner"].id, course)
    assert not takes_part_in(world["learner"].id, world["other_course"])


def test_the_progress_table_lists_only_people_in_scope(world, db):
    from training.policy.scope import scope_of

    course = world["course"]
    progress.record_opened(world["outsider"].id, world["module"], now=NOW)  # not enrolled
    query = progress.course_people_query

    everyone = db.session.scalars(query(course, scope_of(world["users"]["admin"]))).all()
    polda_a = db.session.scalars(query(course, scope_of(world["users"]["commander"]))).all()

    assert [p.full_name for p in everyone] == ["Andi Wijaya", "Siti Rahayu"]
    assert [p.full_name for p in polda_a] == ["Siti Rahayu"]


def test_the_upload_stream_is_read_only_up_to_the_limit(world, app):
    app.config.update(MATERIALS_MAX_BYTES=1024, MATERIALS_VIDEO_MAX_BYTES=1024)
    stream = io.BytesIO(pdf_bytes() + b"\0" * 100_000)

    with pytest.raises(RuleViolation, match="terlalu besar"):
        services.add_file(world["module"], world["users"]["trainer"], "", "x.pdf", stream)

    assert stream.tell() == 1025
