"""Access rule of the API's OpenAPI description (public: it holds no data)."""

from tests.access_rules.common import EVERYONE

RULES = {"api.openapi": [("GET", "/api/v1/openapi.json", None, EVERYONE)]}


def build(tree, users):
    return {}
