"""Builders for mention and response-measure tests."""

from datetime import UTC, datetime, timedelta
from itertools import count

from tests.accounts_factories import make_account
from training.accounts.models import SocialAccount
from training.responses.models import Mention
from training.responses.services import clean_mention, existing_mentions, write_mentions

_seq = count(1)
#: The clock the response tests pin: 5 Dec 2026 12:00 UTC.
NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def make_mention(
    account: SocialAccount | None = None,
    received_at: datetime | None = None,
    minutes: int | None = None,
    now: datetime = NOW,
    **kw,
) -> Mention:
    """A mention of ``account`` received at ``received_at`` (default: 3 hours before NOW),
    answered ``minutes`` later (default: still open); ``now`` is the clock the
    values are checked against (pages read the real clock: pass it there)."""
    account = account or make_account()
    received_at = received_at or now - timedelta(hours=3)
    values = {
        "mention_key": kw.pop("mention_key", f"m{next(_seq)}"),
        "received_at": received_at,
        "category": kw.pop("category", "aduan"),
        "first_response_at": received_at + timedelta(minutes=minutes)
        if minutes is not None
        else None,
        **kw,
    }
    clean, errors = clean_mention(values, now)
    assert not errors, errors
    write_mentions([(account, clean, None)], source="test", now=now)
    return existing_mentions(account.id, [clean["mention_key"]])[clean["mention_key"]]
