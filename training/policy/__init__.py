"""Policy: every "may this user do this to that" question, answered in one place.

Layer 2 (who and where), above ``audit`` and below ``units``, ``people``, ``auth`` and every
feature, so that all of their views, queries and API endpoints can ask it. It therefore
imports no feature: the tables its rules read are handed over by the packages that define
them when their models exist (``scope.use_unit_table``, ``scope.use_person_table``,
``sessions.use_tables``, ``sessions.use_enrolments``), and accounts are read through the
attributes of ``roles.Account`` (``training.auth.models.User`` builds on this package).

- ``policy.rules``: the named rules by role (``Rule``: read the programme, manage sessions,
  enrol, assess, issue or revoke a certificate, plan, sign off, manage users, units, people,
  programmes, official accounts, send reminders, read the audit log, override rules, read
  and edit the question banks; a rule marked ``national`` is not held by holders attached to
  a unit, such as regional trainers). Views say ``@role_required(rules.X)``, templates
  ``may.x``, services ``rules.X(user)``.
- ``policy.roles``: the roles (``Role``) and what the rules read of an account.
- ``policy.scope``: see a unit, see a person (``Scope``, ``scope_of``, ``can_see_unit``,
  ``can_see_person``, ``unit_clause``, ``person_clause``, ``unit_or_404``,
  ``person_or_404``), also exported here.
- ``policy.sessions``: see a session, be its trainer, manage it (edit, cancel, enrol,
  assess), take or read its roll call, the calendars' sessions; a yes/no for one session and
  an SQL condition for lists; ``session_or_404`` and friends for views.
- ``policy.planning``: plan a whole cycle, open, change or publish one draft.
- ``policy.commanders``: the unit a commander commands; whose step of the sign-off chain.
- ``policy.signin``: whose sign-in account a user may give a new activation code.
- ``policy.feedback``: who edits the feedback survey, whose feedback results one reads.
- ``policy.materials``: who sees and changes a course's materials, who takes part in a
  course (a session, or an online refresher whose tables ``learning`` hands over).
- ``policy.quiz_results``: whose quiz attempts one reads on a quiz's results page.
- ``policy.decorators``: ``role_required(rule)`` for the views.
"""

from flask import Flask
from flask_login import current_user

from training.policy import rules
from training.policy.commanders import commanded_unit
from training.policy.rules import RULES, Rule
from training.policy.scope import (
    Scope,
    can_see_person,
    can_see_unit,
    person_clause,
    person_or_404,
    scope_of,
    unit_clause,
    unit_or_404,
)

__all__ = [
    "RULES",
    "Rule",
    "Scope",
    "can_see_person",
    "can_see_unit",
    "commanded_unit",
    "init_app",
    "may",
    "person_clause",
    "person_or_404",
    "rules",
    "scope_of",
    "unit_clause",
    "unit_or_404",
]


class _May:
    """``may.manage_units`` in a template: whether the signed-in user holds that rule."""

    def __getattr__(self, name: str) -> bool:
        try:
            rule = RULES[name]
        except KeyError:
            raise AttributeError(f"no policy rule named {name!r}") from None
        return rule(current_user)


may = _May()


def init_app(app: Flask) -> None:
    """The ``may`` template global (``{% if may.manage_units %}``) and ``commanded_unit()``
    (the unit the signed-in commander commands, else None)."""
    app.jinja_env.globals["may"] = may
    app.jinja_env.globals["commanded_unit"] = lambda: commanded_unit(current_user)
