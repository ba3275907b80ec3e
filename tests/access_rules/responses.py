"""Access rules of the response pages, the mention form and actions, the mention import,
the response targets, the API's mention feed and the admin's grant of a feed token.

Reading follows the unit scope (commanders their subtree, trainers and admins everywhere);
recording (form, answer, resolve, import) is for commanders inside their subtree and admins;
the feed takes only a write_mentions token, so every browser session is refused (403)."""

from datetime import UTC, datetime

from tests.access_rules.common import ADMIN_ONLY, ADMIN_ONLY_POST, SCOPED, row
from tests.accounts_factories import make_account
from tests.factories import make_program, make_user
from tests.responses_factories import make_mention
from training.auth.tokens import WRITE_MENTIONS, issue_token

READERS_REDIRECT = row(302, 302, 302, 302, 302, 403)
#: Record mentions of an account of polres_a: cmd_in's subtree, not cmd_out's.
RECORD_SCOPED = row(302, 200, 403, 200, 404, 403)
RECORD_SCOPED_POST = row(302, 302, 403, 302, 404, 403)
#: Record without an object (import pages): commanders and admins.
RECORD = row(302, 200, 403, 200, 200, 403)
RECORD_POST = row(302, 302, 403, 302, 302, 403)
RECORD_UNKNOWN_FILE = row(302, 404, 403, 404, 404, 403)
LOCAL = "2026-11-20T18:00"

RULES = {
    "responses.index": [("GET", "/responses/", None, READERS_REDIRECT)],
    "responses.unit": [
        ("GET", "/responses/units/{unit}", None, SCOPED),
        ("GET", "/responses/units/{unit}?period=cycle", None, SCOPED),
        ("GET", "/responses/units/{unit}?program=999999", None, row(302, 404, 404, 404, 404, 403)),
    ],
    "responses.account": [("GET", "/responses/accounts/{rs_account}", None, SCOPED)],
    "responses.breaches": [("GET", "/responses/units/{unit}/breaches", None, SCOPED)],
    "responses.breaches_csv": [("GET", "/responses/units/{unit}/breaches.csv", None, SCOPED)],
    "responses.breaches_xlsx": [("GET", "/responses/units/{unit}/breaches.xlsx", None, SCOPED)],
    "responses.targets": [
        ("GET", "/responses/targets/{rs_program}", None, ADMIN_ONLY),
        (
            "POST",
            "/responses/targets/{rs_program}",
            {"aduan": "45", "pertanyaan": "120", "informasi": "240", "isu_negatif": "60"},
            ADMIN_ONLY_POST,
        ),
    ],
    "responses.mention_new": [
        ("GET", "/responses/accounts/{rs_account}/mentions/new", None, RECORD_SCOPED),
        # an incomplete form: the page again for those who may, nothing written
        ("POST", "/responses/accounts/{rs_account}/mentions/new", {}, RECORD_SCOPED),
    ],
    "responses.mention_answer": [
        (
            "POST",
            "/responses/mentions/{rs_mention}/answer",
            {"answered_at": LOCAL},
            RECORD_SCOPED_POST,
        )
    ],
    "responses.mention_resolve": [
        (
            "POST",
            "/responses/mentions/{rs_mention}/resolve",
            {"resolved_at": LOCAL},
            RECORD_SCOPED_POST,
        )
    ],
    "responses.import_": [("GET", "/responses/import", None, RECORD)],
    "responses.import_confirm": [
        ("POST", "/responses/import/confirm", {"token": "x"}, RECORD_POST)
    ],
    "responses.import_errors": [
        ("GET", "/responses/import/errors/x.csv", None, RECORD_UNKNOWN_FILE)
    ],
    "responses.import_template_csv": [("GET", "/responses/import/template.csv", None, RECORD)],
    "responses.import_template_xlsx": [("GET", "/responses/import/template.xlsx", None, RECORD)],
    "api.account_mentions": [
        (
            "POST",
            "/api/v1/accounts/{rs_account}/mentions",
            {},
            row(401, 403, 403, 403, 403, 403),
        )
    ],
    "auth.user_write_token": [
        (
            "POST",
            "/admin/users/{rs_commander}/write-token",
            {"name": "Posko", "days": "30"},
            row(302, 200, 403, 403, 403, 403),
        )
    ],
}


def build(tree, users):
    """An account of polres_a with one open mention, a programme, a commander to grant to
    (with a mention-feed token, for the audit coverage of the feed)."""
    account = make_account(tree["polres_a"], handle="akses_respons")
    mention = make_mention(account, datetime(2026, 11, 20, 3, 0, tzinfo=UTC))
    commander = make_user(roles=("commander",), username="rs_kapolres", unit=tree["polres_a"])
    _token, feed_secret = issue_token(commander, "pemantau", 30, scopes=(WRITE_MENTIONS,))
    return {
        "rs_feed_token": feed_secret,
        "rs_account": account.id,
        "rs_mention": mention.id,
        "rs_program": make_program().id,
        "rs_commander": commander.id,
    }
