"""Access rules of the expiring-certificates page and the e-mail outbox."""

from tests.access_rules.common import ADMIN_ONLY, ADMIN_ONLY_POST, READERS, SCOPED, row

RULES = {
    "reminders.expiring": [
        ("GET", "/certificates/expiring", None, READERS),
        ("GET", "/certificates/expiring?days=60&unit={unit}", None, SCOPED),
        # an unknown unit answers 404 like a foreign one
        (
            "GET",
            "/certificates/expiring?days=x&unit=TIDAKADA",
            None,
            row(302, 404, 404, 404, 404, 403),
        ),
    ],
    "reminders.expiring_csv": [
        ("GET", "/certificates/expiring.csv", None, READERS),
        ("GET", "/certificates/expiring.csv?days=60&unit={unit}", None, SCOPED),
    ],
    "reminders.outbox": [
        ("GET", "/outbox", None, ADMIN_ONLY),
        ("GET", "/outbox?state=sent&kind=expiry_30", None, ADMIN_ONLY),
    ],
    "reminders.queue": [("POST", "/outbox/queue", {}, ADMIN_ONLY_POST)],
    "reminders.send": [("POST", "/outbox/send", {}, ADMIN_ONLY_POST)],
}


def build(tree, users):
    return {}
