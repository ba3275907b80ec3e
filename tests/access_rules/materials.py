"""Access rules of the course materials (training.learning, blueprint ``materials``).

The course has a session in polres_a in which the participant is enrolled; a second course
of the programme has none of theirs. Staff read every course's materials; changing them is
for admins and national trainers (the regional trainers, even the one named on a session of
the course, get 403); marking a module done is for the people enrolled in the course.
Deleting runs first as the admin, so the later managers find nothing (404).
"""

import io

from tests.access_rules.common import LOGGED_IN, READERS, name_session_trainer, row
from tests.factories import enrol, make_course, make_session
from tests.materials_factories import NOW, pdf_bytes, png_bytes
from training.learning import materials_services as services

#: Staff and the enrolled participant.
READERS_AND_LEARNER = row(302, 200, 200, 200, 200, 200)
#: Staff only: the participant takes no part in that course.
STAFF_SEE = row(302, 200, 200, 200, 200, 404)
UNKNOWN = row(302, 404, 404, 404, 404, 404)
MANAGERS = row(302, 200, 200, 403, 403, 403, trainer_regional=403, trainer_session=403)
MANAGERS_POST = row(302, 302, 302, 403, 403, 403, trainer_regional=403, trainer_session=403)
#: Deleted by the admin first: the other trainers find nothing; the rest lack the rule.
DELETED_BY_ADMIN = row(
    302, 302, 404, 403, 403, 403, trainer_regional=404, trainer_session=404, cmd_sibling=403
)
LEARNER_POST = row(302, 403, 403, 403, 403, 302)

RULES = {
    "materials.mine": [("GET", "/materials/", None, LOGGED_IN)],
    "materials.course": [
        ("GET", "/materials/courses/{mat_course}", None, READERS_AND_LEARNER),
        ("GET", "/materials/courses/{mat_other_course}", None, STAFF_SEE),
        ("GET", "/materials/courses/999999", None, UNKNOWN),
    ],
    "materials.module": [
        ("GET", "/materials/modules/{mat_module}", None, READERS_AND_LEARNER),
        ("GET", "/materials/modules/{mat_other_module}", None, STAFF_SEE),
        ("GET", "/materials/modules/999999", None, UNKNOWN),
    ],
    "materials.file": [
        ("GET", "/materials/items/{mat_file}/file", None, READERS_AND_LEARNER),
        ("GET", "/materials/items/{mat_other_file}/file", None, STAFF_SEE),
        ("GET", "/materials/items/{mat_link}/file", None, UNKNOWN),  # a link has no file
    ],
    "materials.done": [
        ("POST", "/materials/modules/{mat_module}/done", {}, LEARNER_POST),
        (
            "POST",
            "/materials/modules/{mat_other_module}/done",
            {},
            row(302, 403, 403, 403, 403, 404),
        ),
    ],
    "materials.progress_table": [
        ("GET", "/materials/courses/{mat_course}/progress", None, READERS),
        ("GET", "/materials/courses/999999/progress", None, row(302, 404, 404, 404, 404, 403)),
    ],
    "materials.module_new": [
        ("GET", "/materials/courses/{mat_course}/modules/new", None, MANAGERS),
        (
            "POST",
            "/materials/courses/{mat_course}/modules/new",
            {"title": "Modul uji akses", "description": "Uraian"},
            MANAGERS_POST,
        ),
    ],
    "materials.module_edit": [
        ("GET", "/materials/modules/{mat_module}/edit", None, MANAGERS),
        (
            "POST",
            "/materials/modules/{mat_module}/edit",
            {"title": "Modul diubah", "description": ""},
            MANAGERS_POST,
        ),
    ],
    "materials.module_delete": [
        ("POST", "/materials/modules/{mat_module_del}/delete", {"confirm": "y"}, DELETED_BY_ADMIN),
    ],
    "materials.module_move": [
        ("POST", "/materials/modules/{mat_module}/move", {"direction": "down"}, MANAGERS_POST),
    ],
    "materials.upload": [
        # no file: the edit page again with the form's error
        ("POST", "/materials/modules/{mat_module}/files", {}, MANAGERS),
    ],
    "materials.link_add": [
        (
            "POST",
            "/materials/modules/{mat_module}/links",
            {"link_title": "Panduan", "url": "https://humas.polri.go.id/panduan"},
            MANAGERS_POST,
        ),
    ],
    "materials.item_delete": [
        ("POST", "/materials/items/{mat_item_del}/delete", {}, DELETED_BY_ADMIN),
    ],
    "materials.item_move": [
        ("POST", "/materials/items/{mat_file}/move", {"direction": "down"}, MANAGERS_POST),
    ],
    "materials.settings": [
        (
            "POST",
            "/materials/courses/{mat_course}/settings",
            {"required_before_post_test": "y"},
            MANAGERS_POST,
        ),
    ],
}


def build(tree, users):
    """Two courses of one programme with a module each; the participant is enrolled in the
    first (a session held in polres_a), on which trainer_session is named trainer."""
    admin, own = users["admin"], users["participant"].person
    course = make_course(tier=3)
    other = make_course(course.program, tier=2)
    session = make_session(course, tree["polres_a"], audience_unit=tree["polres_a"])
    name_session_trainer(session, users)
    enrol(session, own)
    module = services.add_module(course, admin, "Pengantar", now=NOW)
    pdf = services.add_file(module, admin, "", "modul.pdf", io.BytesIO(pdf_bytes()), now=NOW)
    link = services.add_link(module, admin, "Panduan", "https://humas.polri.go.id/", now=NOW)
    doomed = services.add_file(module, admin, "", "hapus.png", io.BytesIO(png_bytes()), now=NOW)
    other_module = services.add_module(other, admin, "Modul tingkat 2", now=NOW)
    other_pdf = services.add_file(
        other_module, admin, "", "t2.pdf", io.BytesIO(pdf_bytes("Tingkat 2")), now=NOW
    )
    deletable = services.add_module(course, admin, "Modul untuk dihapus", now=NOW)
    return {
        "mat_course": course.id,
        "mat_other_course": other.id,
        "mat_module": module.id,
        "mat_other_module": other_module.id,
        "mat_module_del": deletable.id,
        "mat_file": pdf.id,
        "mat_other_file": other_pdf.id,
        "mat_link": link.id,
        "mat_item_del": doomed.id,
    }
