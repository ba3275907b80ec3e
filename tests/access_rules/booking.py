"""Access rules of series booking: audience preview, cancelling bookings, self sign-up and
the commanders' approval of sign-ups."""

from datetime import UTC, datetime

from tests.access_rules.common import LOGGED_IN, name_session_trainer, row
from tests.booking_factories import make_series
from tests.factories import make_course, make_person, make_program
from training.enrolment import booking, series

#: The preview is managing the session: its managers see it, the others are refused.
MANAGERS_PAGE = row(
    302, 200, 200, 403, 403, 403, trainer_regional=403, trainer_session=200, cmd_sibling=403
)
#: A commander (or admin) acting on a person of their command: the sibling Polres sees the
#: session (aimed at the whole Polda) but not the person (404), the other Polda neither.
COMMANDER_POST = row(
    302, 302, 403, 302, 404, 403, trainer_regional=403, trainer_session=403, cmd_sibling=404
)
#: One's own booking: accounts without a person record get 404.
OWN_POST = row(
    302, 404, 404, 404, 404, 302, trainer_regional=404, trainer_session=302, cmd_sibling=404
)
COMMANDERS = row(
    302, 200, 403, 200, 200, 403, trainer_regional=403, trainer_session=403, cmd_sibling=200
)

RULES = {
    "booking.audience_preview": [
        ("GET", "/sessions/{book_session}/peserta/sasaran", None, MANAGERS_PAGE)
    ],
    "booking.cancel_own": [("POST", "/jadwal-saya/{book_session}/batal", {}, OWN_POST)],
    "booking.cancel_for": [
        ("POST", "/sessions/{book_session}/peserta/orang/{book_person}/batal", {}, COMMANDER_POST)
    ],
    "booking.sign_up_list": [("GET", "/daftar-mandiri", None, LOGGED_IN)],
    "booking.sign_up": [("POST", "/sessions/{signup_session}/daftar-mandiri", {}, OWN_POST)],
    "booking.approvals": [("GET", "/persetujuan-pendaftaran", None, COMMANDERS)],
    "booking.decide": [
        (
            "POST",
            "/sessions/{signup_session}/persetujuan/{book_pending}",
            {"keputusan": "setujui"},
            COMMANDER_POST,
        )
    ],
}


def build(tree, users) -> dict:
    """Two future series in Polres A aimed at Polda A, of a programme with self sign-up
    and approval whose tier-3 course also targets operators: the participant and a kapolsek
    are booked into the first; another kapolsek waits for approval in the second."""
    program = make_program(self_signup=True, signup_approval=True)
    course = make_course(program, tier=3, target_positions=["kapolsek", "operator_medsos"])
    now = datetime(2030, 1, 1, tzinfo=UTC)
    first = make_series(
        course,
        tree["polres_a"],
        [datetime(2031, 5, d, 2, 0, tzinfo=UTC) for d in (6, 13)],
        audience_unit=tree["polda_a"],
    )
    second = make_series(
        course,
        tree["polres_a"],
        [datetime(2031, 6, d, 2, 0, tzinfo=UTC) for d in (3, 10)],
        audience_unit=tree["polda_a"],
    )
    kapolsek = make_person(tree["polsek_a"], position="kapolsek", nrp="81001401")
    waiting = make_person(tree["polsek_a"], position="kapolsek", nrp="81001402")
    series.book(first[0], [kapolsek, users["participant"].person], actor=None, now=now)
    booking.sign_up(second[0], waiting, actor=None, now=now)
    name_session_trainer(first[0], users)
    return {
        "book_session": first[0].id,
        "book_person": kapolsek.id,
        "signup_session": second[0].id,
        "book_pending": waiting.id,
    }
