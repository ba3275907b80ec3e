"""Access rules of the audit log page (admins only)."""

from tests.access_rules.common import ADMIN_ONLY

RULES = {
    "audit.index": [
        ("GET", "/audit/", None, ADMIN_ONLY),
        ("GET", "/audit/?entity=attendance&session=abc&from=2026-13-01", None, ADMIN_ONLY),
    ],
}


def build(tree, users):
    return {}
