"""Access rules of the expiring-certificates page and the e-mail outbox."""

from tests.access_rules.common import ADMIN_ONLY, ADMIN_ONLY_POST, READERS, SCOPED, UNIT_LIST

RULES = {
    "reminders.expiring": [
        ("GET", "/certificates/expiring", None, READERS),
        ("GET", "/certificates/expiring?days=60&unit={unit}", None, UNIT_LIST),
        # an unknown unit is a message at the field like a foreign one
        ("GET", "/certificates/expiring?days=x&unit=TIDAKADA", None, UNIT_LIST),
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
