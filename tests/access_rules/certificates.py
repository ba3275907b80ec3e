"""Access rules of the certificate pages, public verification and the certificates API."""

from datetime import date

from tests.access_rules.common import (
    API_SCOPED,
    EVERYONE,
    LOGGED_IN,
    READERS,
    SCOPED,
    UNIT_LIST,
    row,
)
from tests.factories import (
    enrol,
    make_course,
    make_course_status,
    make_person,
    make_session,
    sign_off_roll_call,
)
from training.certificates.services import issue_certificate

SCOPED_CERT = row(302, 200, 200, 200, 404, 404)
OWN_CERT = row(302, 200, 200, 200, 404, 200)
UNKNOWN = row(302, 404, 404, 404, 404, 404)
ISSUERS_POST = row(302, 302, 302, 403, 403, 403)
ISSUERS_POST_SCOPED = row(302, 302, 302, 403, 403, 403, trainer_regional=404)
ADMIN_POST_SCOPED = row(302, 302, 403, 403, 403, 403)

RULES = {
    "certificates.index": [
        ("GET", "/certificates/", None, READERS),
        ("GET", "/certificates/?course={cert_course}", None, READERS),
        ("GET", "/certificates/?session={cert_session}", None, SCOPED),
        ("GET", "/certificates/?unit={unit}", None, UNIT_LIST),
        ("GET", "/certificates/?course=abc", None, row(302, 404, 404, 404, 404, 403)),
    ],
    "certificates.issue": [
        ("POST", "/certificates/issue", {"course": "{cert_course}", "confirm": "y"}, ISSUERS_POST),
        # the session and the person are in polres_a: the sibling Polres's trainers see neither
        (
            "POST",
            "/certificates/issue",
            {"session": "{cert_session}", "confirm": "y"},
            ISSUERS_POST_SCOPED,
        ),
        (
            "POST",
            "/certificates/issue",
            {"course": "{cert_course}", "person": "{cert_person}"},
            ISSUERS_POST_SCOPED,
        ),
        ("POST", "/certificates/issue", {"course": "999999"}, row(302, 404, 404, 403, 403, 403)),
    ],
    # the confirmation step of issuing from the session page (same scope as issuing)
    "certificates.session_issue": [
        (
            "GET",
            "/certificates/sessions/{cert_session}/issue",
            None,
            row(302, 200, 200, 403, 403, 403, trainer_regional=404),
        ),
        ("GET", "/certificates/sessions/999999/issue", None, row(302, 404, 404, 403, 403, 403)),
    ],
    "certificates.mine": [("GET", "/certificates/mine", None, LOGGED_IN)],
    "certificates.detail": [
        ("GET", "/certificates/{cert}", None, SCOPED_CERT),
        ("GET", "/certificates/{own_cert}", None, OWN_CERT),
        ("GET", "/certificates/999999", None, UNKNOWN),
    ],
    "certificates.pdf": [
        ("GET", "/certificates/{cert}.pdf", None, SCOPED_CERT),
        ("GET", "/certificates/{own_cert}.pdf", None, OWN_CERT),
        ("GET", "/certificates/999999.pdf", None, UNKNOWN),
    ],
    "certificates.revoke": [
        (
            "POST",
            "/certificates/{cert}/revoke",
            {"reason": "Uji akses", "confirm": "y"},
            ADMIN_POST_SCOPED,
        ),
        ("POST", "/certificates/999999/revoke", {"reason": "x"}, row(302, 404, 403, 403, 403, 403)),
    ],
    "certificates.bulk": [
        ("GET", "/certificates/bulk.pdf?unit={unit}", None, SCOPED),
        (
            "GET",
            "/certificates/bulk.zip?course={cert_course}",
            None,
            # nothing to download in the scope of a commander or trainer outside polda_a
            row(302, 200, 200, 200, 302, 403, trainer_regional=302),
        ),
        ("GET", "/certificates/bulk.zip?session={cert_session}", None, SCOPED),
        ("GET", "/certificates/bulk.pdf", None, row(302, 302, 302, 302, 302, 403)),
        ("GET", "/certificates/bulk.doc?unit={unit}", None, row(302, 404, 404, 404, 404, 403)),
    ],
    "verify.index": [
        ("GET", "/verify", None, EVERYONE),
        ("GET", "/verify?code={cert_code}", None, row(302, 302, 302, 302, 302, 302)),
        ("GET", "/verify?code=---", None, row(404, 404, 404, 404, 404, 404)),
    ],
    "verify.show": [
        ("GET", "/verify/{cert_code}", None, EVERYONE),
        ("GET", "/verify/AAAAAAAAAAAAAAAA", None, row(404, 404, 404, 404, 404, 404)),
    ],
    "verify.show_json": [
        ("GET", "/verify/{cert_code}.json", None, EVERYONE),
        ("GET", "/verify/AAAAAAAAAAAAAAAA.json", None, row(404, 404, 404, 404, 404, 404)),
    ],
    "api.certificates": [
        ("GET", "/api/v1/certificates?unit={unit}", None, API_SCOPED),
        ("GET", "/api/v1/certificates", None, row(401, 400, 400, 400, 400, 400)),
    ],
    "api.certificate_pdf": [
        ("GET", "/api/v1/certificates/{cert}.pdf", None, API_SCOPED),
        ("GET", "/api/v1/certificates/{own_cert}.pdf", None, row(401, 200, 200, 200, 404, 200)),
        ("GET", "/api/v1/certificates/999999.pdf", None, row(401, 404, 404, 404, 404, 404)),
    ],
}


def build(tree, users):
    """A certified person of polsek_a, one eligible without a certificate, the participant's own."""
    course = make_course(tier=3)
    session = make_session(course, tree["polres_a"])
    certified = make_person(tree["polsek_a"], nrp="81000501")
    waiting = make_person(tree["polsek_a"], nrp="81000502")
    own = users["participant"].person
    for person in (certified, waiting, own):
        make_course_status(person, course)
        enrol(session, person)
    admin = users["admin"]
    sign_off_roll_call(session, admin)
    cert = issue_certificate(certified, course, actor=admin, today=date(2026, 11, 25))
    own_cert = issue_certificate(own, course, actor=admin, today=date(2026, 11, 25))
    return {
        "cert": cert.id,
        "own_cert": own_cert.id,
        "cert_code": cert.verify_code,
        "cert_course": course.id,
        "cert_session": session.id,
        "cert_person": waiting.id,
    }
