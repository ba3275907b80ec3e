"""Access rules of the enrolment pages (per-session participants, open sessions, my schedule)."""

from datetime import UTC, datetime

from tests.access_rules.common import LOGGED_IN, READERS, name_session_trainer, row
from tests.factories import enrol, make_course, make_person, make_session

#: State changes: those who manage the session act (then redirect); commanders, participants
#: and a trainer of the sibling Polres (the session is aimed above them) may not.
TRAINER_POST = row(302, 302, 302, 403, 403, 403, trainer_regional=403, trainer_session=302)
#: Adding by NRP: the first who may (admin) books the person; the next are told at the field,
#: on the page again (400), that the person is booked already.
ADD_POST = row(302, 302, 400, 403, 403, 403, trainer_regional=403, trainer_session=400)
#: Pages: the session is aimed at polda_a, so the sibling Polres sees it (its own people).
SEEN = row(302, 200, 200, 200, 404, 403, trainer_regional=200, trainer_session=200, cmd_sibling=200)

RULES = {
    "enrolment.manage": [("GET", "/sessions/{enrol_session}/peserta", None, SEEN)],
    "enrolment.enrol": [("GET", "/sessions/{enrol_session}/peserta/daftarkan", None, SEEN)],
    "enrolment.enrol_audience": [
        ("POST", "/sessions/{enrol_session}/peserta/sasaran", {}, TRAINER_POST)
    ],
    "enrolment.add": [
        ("POST", "/sessions/{enrol_session}/peserta/tambah", {"nrp": "{enrol_nrp}"}, ADD_POST)
    ],
    "enrolment.remove": [
        (
            "POST",
            "/sessions/{enrol_session}/peserta/{enrol_row}/hapus",
            {},
            TRAINER_POST,
        )
    ],
    "enrolment.open_sessions": [("GET", "/sesi-terbuka", None, READERS)],
    "enrolment.my_schedule": [("GET", "/jadwal-saya", None, LOGGED_IN)],
}


def build(tree, users) -> dict:
    """A future session in Polres A whose audience is Polda A's kapolsek."""
    session = make_session(
        make_course(tier=3),
        tree["polres_a"],
        starts_at=datetime(2031, 3, 4, 2, 0, tzinfo=UTC),
        audience_unit=tree["polda_a"],
        audience_positions=["kapolsek"],
    )
    kapolsek = make_person(tree["polsek_a"], position="kapolsek", nrp="81000101")
    extra = make_person(tree["polsek_a"], position="kapolsek", nrp="81000102")
    row_ = enrol(session, kapolsek)
    enrol(session, users["participant"].person)
    name_session_trainer(session, users)
    return {"enrol_session": session.id, "enrol_row": row_.id, "enrol_nrp": extra.nrp}
