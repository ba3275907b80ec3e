"""Access rules of sign-in accounts: a unit's accounts page, provisioning, the activation
sheet, a new code (admins and the unit's commanders, inside their subtree), leavers
(admins), and the public activation and forgotten-password pages."""

from tests.access_rules.common import ADMIN_ONLY_POST, EVERYONE, row
from tests.factories import make_person, make_user

#: Commanders inside their subtree; trainers and participants refused for their role.
COMMANDERS_GET = row(302, 200, 403, 200, 404, 403)
COMMANDERS_POST = row(302, 302, 403, 302, 404, 403)
#: Anonymous visitors only: a signed-in user is sent to change their password instead.
ANONYMOUS_ONLY = row(200, 302, 302, 302, 302, 302)
NEW_PASSWORD = {"password": "Sandi-Baru-2026!", "confirm": "Sandi-Baru-2026!"}

RULES = {
    "signin.unit": [
        ("GET", "/signin/units/{unit}", None, COMMANDERS_GET),
        ("GET", "/signin/units/{unit}?course=999999&page=2", None, COMMANDERS_GET),
        ("GET", "/signin/units/TIDAKADA", None, row(302, 404, 403, 404, 404, 403)),
    ],
    "signin.provision": [("POST", "/signin/units/{unit}/provision", {}, COMMANDERS_POST)],
    "signin.sheet": [
        ("POST", "/signin/units/{unit}/sheet", {"everyone": "y"}, COMMANDERS_GET),
    ],
    "signin.new_code": [("POST", "/signin/users/{signin_user}/code", {}, COMMANDERS_GET)],
    "signin.person_leave": [("POST", "/signin/people/{signin_leaver}/leave", {}, ADMIN_ONLY_POST)],
    "signin.person_return": [
        ("POST", "/signin/people/{signin_leaver}/return", {}, ADMIN_ONLY_POST)
    ],
    "signin.activate": [
        ("GET", "/aktivasi?kode=ABCD", None, EVERYONE),
        (
            "POST",
            "/aktivasi",
            {"username": "81000009", "code": "AAAA-BBBB", **NEW_PASSWORD},
            EVERYONE,
        ),
    ],
    "signin.forgot": [
        ("GET", "/lupa-sandi", None, ANONYMOUS_ONLY),
        ("POST", "/lupa-sandi", {"username": "tidak-ada"}, ANONYMOUS_ONLY),
    ],
    "signin.reset": [
        ("GET", "/lupa-sandi/token-palsu", None, EVERYONE),
        ("POST", "/lupa-sandi/token-palsu", NEW_PASSWORD, EVERYONE),
    ],
}


def build(tree, users):
    holder = make_person(tree["polsek_a"], full_name="Pemegang Akun", nrp="81000011")
    account = make_user(username="81000011", person=holder)
    leaver = make_person(tree["polsek_a"], full_name="Akan Keluar", nrp="81000012")
    make_user(username="81000012", person=leaver)
    return {"signin_user": account.id, "signin_leaver": leaver.id}
