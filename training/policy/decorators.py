"""role_required: let through logged-in users who hold a named rule (``training.policy.rules``)."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def role_required(rule):
    """Let through logged-in users for whom ``rule(user)`` holds (a ``policy.rules.Rule``,
    e.g. ``rules.MANAGE_SESSIONS``: admins hold every rule); 403 for the others, the
    sign-in page for anonymous visitors."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not rule(current_user):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_rule = rule
        return wrapped

    return decorator
