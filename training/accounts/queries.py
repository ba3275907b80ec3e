"""Read-only queries of the social-media account registry (list, export, history labels)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager, selectinload

from training.accounts.models import AccountStatus, Platform, SocialAccount, SocialAccountChange
from training.extensions import db
from training.policy.scope import Scope, unit_clause
from training.units.models import Unit, in_subtree


@dataclass(frozen=True)
class AccountFilters:
    """The list filters; ``unit`` keeps that unit's whole subtree (resolve it in scope first)."""

    unit: Unit | None = None
    platform: str | None = None
    #: True: only verified accounts, False: only unverified ones, None: both.
    verified: bool | None = None
    status: str | None = None
    q: str | None = None

    @classmethod
    def from_args(cls, args, unit: Unit | None) -> AccountFilters:
        """Read the query string; unknown values are ignored."""
        platform = args.get("platform", "")
        status = args.get("status", "")
        verified = {"ya": True, "tidak": False}.get(args.get("verified", ""))
        return cls(
            unit=unit,
            platform=platform if platform in set(Platform) else None,
            verified=verified,
            status=status if status in set(AccountStatus) else None,
            q=args.get("q", "").strip().lstrip("@").strip()[:100] or None,
        )


def _filtered(stmt: Select, scope: Scope, filters: AccountFilters) -> Select:
    stmt = stmt.join(SocialAccount.unit).where(unit_clause(scope))
    if filters.unit is not None:
        stmt = stmt.where(in_subtree(filters.unit.path))
    if filters.platform:
        stmt = stmt.where(SocialAccount.platform == filters.platform)
    if filters.verified is not None:
        stmt = stmt.where(SocialAccount.verified.is_(filters.verified))
    if filters.status:
        stmt = stmt.where(SocialAccount.status == filters.status)
    if filters.q:
        stmt = stmt.where(
            SocialAccount.handle.contains(filters.q.lower(), autoescape=True)
            | Unit.name.icontains(filters.q, autoescape=True)
        )
    return stmt.order_by(Unit.code, SocialAccount.platform, SocialAccount.handle)


def accounts_query(scope: Scope, filters: AccountFilters) -> Select:
    """Select the accounts ``scope`` may see, each loaded with its unit (no N+1)."""
    stmt = select(SocialAccount).options(contains_eager(SocialAccount.unit))
    return _filtered(stmt, scope, filters)


def export_query(scope: Scope, filters: AccountFilters) -> Select:
    """The same rows as ``accounts_query``, as the export's plain columns."""
    stmt = select(
        Unit.code, SocialAccount.platform, SocialAccount.handle, SocialAccount.url,
        SocialAccount.verified, SocialAccount.verified_on, SocialAccount.evidence_note,
        SocialAccount.status,
    ).select_from(SocialAccount)  # fmt: skip
    return _filtered(stmt, scope, filters)


def account_history(account: SocialAccount) -> tuple[list[SocialAccountChange], dict[str, Unit]]:
    """The account's changes, newest first, with their users, and the units they name."""
    changes = list(
        db.session.scalars(
            select(SocialAccountChange)
            .where(SocialAccountChange.account_id == account.id)
            .options(selectinload(SocialAccountChange.user))
            .order_by(SocialAccountChange.id.desc())
        )
    )
    codes = {v for c in changes for v in (c.changes or {}).get("unit", []) if v}
    units = {}
    if codes:
        units = {u.code: u for u in db.session.scalars(select(Unit).where(Unit.code.in_(codes)))}
    return changes, units
