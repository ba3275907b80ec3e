"""Access rules of the pickers' search (the results are scoped: tests/test_lookup.py)."""

from tests.access_rules.common import READERS

RULES = {
    "lookup.units": [("GET", "/lookup/units.json?q=polres", None, READERS)],
    "lookup.people": [("GET", "/lookup/people.json?q=ab", None, READERS)],
}


def build(tree, users):
    return {}
