"""Access rules of the official social-media account registry."""

from tests.access_rules.common import ADMIN_ONLY, ADMIN_ONLY_POST, READERS, SCOPED, UNIT_LIST, row
from tests.accounts_factories import make_account

SCOPED_LIST = row(302, 200, 200, 200, 404, 403)  # ?unit= inside cmd_in's subtree
UNKNOWN = row(302, 404, 404, 404, 404, 403)
ADMIN_UNKNOWN = row(302, 404, 403, 403, 403, 403)
NEW_ACCOUNT = {
    "unit_code": "{unit}",
    "platform": "tiktok",
    "handle": "akses_baru",
    "status": "active",
}
EDIT_ACCOUNT = {
    "unit_code": "{unit}",
    "platform": "instagram",
    "handle": "akses_ubah",
    "status": "inactive",
}

RULES = {
    "accounts.index": [
        ("GET", "/accounts/", None, READERS),
        ("GET", "/accounts/?unit={unit}", None, UNIT_LIST),
        ("GET", "/accounts/?unit=TIDAK-ADA", None, UNIT_LIST),
        ("GET", "/accounts/?platform=x&verified=tidak&status=inactive", None, READERS),
    ],
    "accounts.detail": [
        ("GET", "/accounts/{account}", None, SCOPED),
        ("GET", "/accounts/999999", None, UNKNOWN),
    ],
    "accounts.new": [
        ("GET", "/accounts/new", None, ADMIN_ONLY),
        ("POST", "/accounts/new", NEW_ACCOUNT, ADMIN_ONLY_POST),
    ],
    "accounts.edit": [
        ("GET", "/accounts/{account}/edit", None, ADMIN_ONLY),
        ("POST", "/accounts/{account}/edit", EDIT_ACCOUNT, ADMIN_ONLY_POST),
        ("GET", "/accounts/999999/edit", None, ADMIN_UNKNOWN),
    ],
    "accounts.import_": [("GET", "/accounts/import", None, ADMIN_ONLY)],
    "accounts.export_csv": [
        ("GET", "/accounts/export.csv", None, READERS),
        ("GET", "/accounts/export.csv?unit={unit}", None, SCOPED_LIST),
    ],
    "accounts.export_xlsx": [
        ("GET", "/accounts/export.xlsx", None, READERS),
        ("GET", "/accounts/export.xlsx?unit={unit}", None, SCOPED_LIST),
    ],
    "accounts.import_confirm": [
        ("POST", "/accounts/import/confirm", {"token": "x"}, ADMIN_ONLY_POST)
    ],
    "accounts.import_errors": [
        ("GET", "/accounts/import/errors/x.csv", None, row(302, 404, 403, 403, 403, 403))
    ],
}


def build(tree, users):
    """One account of polres_a (inside cmd_in's subtree, outside cmd_out's)."""
    account = make_account(tree["polres_a"], handle="akses_polres_a")
    return {"account": account.id}
