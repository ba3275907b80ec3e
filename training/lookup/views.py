"""``/lookup/units.json`` and ``/lookup/people.json``: at most ``LIMIT`` matches in scope."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user

from training.core.labels import position_label
from training.extensions import db
from training.people.queries import people_query
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.scope import scope_of
from training.units.queries import search_units

bp = Blueprint("lookup", __name__, url_prefix="/lookup")

#: Matches returned per request: enough to choose from, small enough to answer at once.
LIMIT = 20
#: Fewer characters than this match nothing (the list would be the whole scope).
MIN_CHARS = 2


def _query() -> str:
    return request.args.get("q", "").strip()[:64]


def _parent_name(unit) -> str:
    return unit.parent.name if unit.parent is not None else ""


@bp.get("/units.json")
@role_required(rules.READ_PROGRAMME)
def units():
    q = _query()
    if len(q) < MIN_CHARS:
        return jsonify(items=[])
    stmt = search_units(scope_of(current_user), q, request.args.get("level", "")).limit(LIMIT)
    items = [
        {
            "value": u.code,
            "label": f"{u.name} ({u.code})",
            "hint": u.parent.name if u.parent else "",
        }
        for u in db.session.scalars(stmt)
    ]
    return jsonify(items=items)


@bp.get("/people.json")
@role_required(rules.READ_PROGRAMME)
def people():
    q = _query()
    if len(q) < MIN_CHARS:
        return jsonify(items=[])
    stmt = people_query(scope_of(current_user), q=q).limit(LIMIT)
    items = [
        {
            "value": p.nrp,
            "label": f"{p.rank_label} {p.full_name} ({p.nrp})",
            "hint": f"{position_label(p.position)} · {p.unit.name}",
        }
        for p in db.session.scalars(stmt)
    ]
    return jsonify(items=items)
