"""Access rules of the home page: every signed-in account has one (its sections follow its
roles and scope: tests/test_home.py), anonymous visitors are sent to the login page."""

from tests.access_rules.common import LOGGED_IN

RULES = {
    "home.index": [("GET", "/", None, LOGGED_IN)],
}


def build(tree, users):
    return {}
