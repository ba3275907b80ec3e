"""Access rules of the security routes: unlocking an account (admins only)."""

from tests.access_rules.common import ADMIN_ONLY_POST

RULES = {
    "auth.user_unlock": [("POST", "/admin/users/{user}/unlock", {}, ADMIN_ONLY_POST)],
}


def build(tree, users):
    return {}
