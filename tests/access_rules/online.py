"""Access rules of the online refresher pages (blueprint ``online``). The offering is for
polres_a's subtree and the participant is enrolled in it. Staff read offerings in their
scope (cmd_out, the sibling Polres's commander and the two polres_a2 trainers get 404);
creating and enrolling need MANAGE_SESSIONS (a trainer naming a unit outside their scope
gets the form back with an error); recording the completion is the enrolled person's (the
participant's refresher is not done, so it flashes why and redirects)."""

from datetime import UTC, date, datetime

from tests.access_rules.common import READERS, row
from tests.factories import make_course
from training.extensions import db
from training.learning.online_models import OnlineEnrolment, OnlineOffering

NEW = {
    "title": "Penyegaran akun",
    "unit": "{unit}",
    "opens_on": "2026-12-01",
    "closes_on": "2026-12-31",
}
CREATE = row(
    302, 302, 302, 403, 403, 403, trainer_regional=200, trainer_session=200, cmd_sibling=403
)
DETAIL = row(302, 200, 200, 200, 404, 200)
ENROL = row(
    302, 302, 302, 403, 403, 403, trainer_regional=404, trainer_session=404, cmd_sibling=403
)
ENROLLED_ONLY = row(
    302, 404, 404, 404, 404, 302, trainer_regional=404, trainer_session=404, cmd_sibling=404
)

RULES = {
    "online.course": [
        ("GET", "/online/courses/{ol_course}", None, READERS),
        ("POST", "/online/courses/{ol_course}", NEW, CREATE),
    ],
    "online.detail": [
        ("GET", "/online/{ol_offering}", None, DETAIL),
        ("GET", "/online/999999", None, row(302, 404, 404, 404, 404, 404)),
    ],
    "online.enrol": [("POST", "/online/{ol_offering}/enrol", {}, ENROL)],
    "online.complete": [("POST", "/online/{ol_offering}/complete", {}, ENROLLED_ONLY)],
}


def build(tree, users):
    now = datetime(2026, 11, 20, tzinfo=UTC)
    course = make_course(tier=3)
    offering = OnlineOffering(
        course=course,
        unit=tree["polres_a"],
        title="Penyegaran daring tingkat 3",
        opens_on=date(2026, 11, 1),
        closes_on=date(2099, 12, 31),
        created_at=now,
    )
    db.session.add(offering)
    db.session.flush()
    db.session.add(
        OnlineEnrolment(
            offering_id=offering.id, person_id=users["participant"].person_id, enrolled_at=now
        )
    )
    return {"ol_course": course.id, "ol_offering": offering.id}
