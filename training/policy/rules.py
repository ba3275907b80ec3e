"""Named rules by role: which kinds of users may do a kind of thing at all.

A ``Rule`` answers "may this user do X?" from the user's roles; admins hold every rule.
Views are gated with ``@role_required(rules.X)`` (``training.policy.decorators``), templates
ask ``may.x`` (the ``may`` global, see ``training.policy.init_app``) and services call
``rules.X(user)``. Which object the user may do it to (which unit, person, session, draft,
report) is the scope and the object rules beside this module: ``training.policy.sessions``,
``training.policy.planning``, ``training.policy.signoff`` and the unit and person scope.

This module imports nothing from the application: role names are the values of
``training.auth.models.Role``.
"""

from __future__ import annotations

from dataclasses import dataclass

ADMIN, TRAINER, COMMANDER, PARTICIPANT = "admin", "trainer", "commander", "participant"


@dataclass(frozen=True)
class Rule:
    """A named permission held by admins and by users holding one of ``roles``."""

    name: str
    roles: tuple[str, ...]
    doc: str
    #: Held by national holders only: a holder attached to a unit (a regional trainer,
    #: a commander) does not hold it; admins always do.
    national: bool = False

    def __call__(self, user) -> bool:
        """Whether ``user`` holds the rule: by roles alone (anonymous visitors hold none; an
        account's active flag is the sign-in's business, not the rule's), and for a
        national rule by having no unit."""
        if user is None or user.is_anonymous:
            return False
        if not user.has_role(ADMIN, *self.roles):
            return False
        return not self.national or user.unit is None or user.has_role(ADMIN)

    def __repr__(self) -> str:
        return f"Rule({self.name})"


def _rule(name: str, roles: tuple[str, ...], doc: str, *, national: bool = False) -> Rule:
    rule = Rule(name, roles, doc, national)
    RULES[name] = rule
    return rule


#: Every rule by name (the ``may`` template global looks them up here).
RULES: dict[str, Rule] = {}

STAFF = (TRAINER, COMMANDER)

# --- reading -------------------------------------------------------------------------------
READ_PROGRAMME = _rule(
    "read_programme",
    STAFF,
    "Open the staff pages: units, people, sessions, programmes, assessments, certificates, "
    "reports, official accounts, sign-off reports and the planner; each lists only the "
    "viewer's scope (see unit, see person, see session).",
)

# --- the training plan and its records ---------------------------------------------------
MANAGE_SESSIONS = _rule(
    "manage_sessions",
    (TRAINER,),
    "Create sessions and reach the session management pages; which sessions: "
    "policy.sessions.may_manage_session.",
)
ENROL = _rule(
    "enrol",
    STAFF,
    "Enrol people of one's scope in a session (commanders send their own people).",
)
MANAGE_BOOKINGS = _rule(
    "manage_bookings",
    (COMMANDER,),
    "Cancel the series booking of a person of one's scope (after the participants' own "
    "deadline too) and approve or refuse their self sign-ups.",
)
ASSESS = _rule(
    "assess",
    (TRAINER,),
    "Record assessments and choose a course's competencies.",
)
ISSUE_CERTIFICATE = _rule(
    "issue_certificate",
    (TRAINER,),
    "Issue certificates to eligible people of one's scope.",
)
READ_QUESTION_BANK = _rule(
    "read_question_bank",
    (TRAINER,),
    "Open the question banks of the competencies and export them (regional trainers too: "
    "they prepare their sessions from them). Commanders and participants never see a bank.",
)
EDIT_QUESTION_BANK = _rule(
    "edit_question_bank",
    (TRAINER,),
    "Add, change, delete and import the questions of a bank: admins and national trainers "
    "(the banks are national, like the competency framework they test).",
    national=True,
)
MANAGE_MATERIALS = _rule(
    "manage_materials",
    (TRAINER,),
    "Add, edit, reorder and remove the modules, files and links of a course's materials, and "
    "set whether they are required before the post-test; which courses: policy.materials.",
)
MANAGE_QUIZZES = _rule(
    "manage_quizzes",
    (TRAINER,),
    "Create and change a course's pre- and post-tests and its score bands (score → level): "
    "admins and national trainers (the courses serve every region, like the banks).",
    national=True,
)
READ_QUIZ_RESULTS = _rule(
    "read_quiz_results",
    STAFF,
    "Open a quiz's results page of attempts and export it: admins and national trainers "
    "read everyone's, a trainer the people of the course's sessions they train, a commander "
    "the people of their subtree; see policy.quiz_results. Participants read their own "
    "attempts on their review pages.",
)
PLAN = _rule(
    "plan",
    (TRAINER,),
    "Propose, move, remove and publish draft sessions of a cycle; which drafts: policy.planning.",
)
SIGN_OFF = _rule(
    "sign_off",
    (COMMANDER,),
    "Write, submit, verify, return a readiness report and attach files to it; which step "
    "of the chain: policy.signoff.",
)
MANAGE_SIGN_IN = _rule(
    "manage_sign_in",
    (COMMANDER,),
    "Provision the sign-in accounts of a unit of one's scope, print its activation sheet "
    "and give an account a new activation code.",
)
RECORD_MENTIONS = _rule(
    "record_mentions",
    (COMMANDER,),
    "Record, import and mark answered or resolved the public mentions of the official "
    "accounts of one's scope (the API write scope also needs a token the admin grants).",
)
SIGN_OFF_FOR_ANY_UNIT = _rule(
    "sign_off_for_any_unit",
    (),
    "Act at every step of the sign-off chain, for any Polres (admins stand in for the commanders).",
)

MANAGE_FEEDBACK_TEMPLATE = _rule(
    "manage_feedback_template",
    (TRAINER,),
    "Edit the questions of the feedback survey asked after a session: admins and national "
    "trainers only (the survey is the same for every region); see policy.feedback.",
)
READ_FEEDBACK_RESULTS = _rule(
    "read_feedback_results",
    STAFF,
    "Open the aggregated feedback results: a trainer those of the sessions they trained, a "
    "commander those of the sessions of their subtree; see policy.feedback.",
)

# --- administration (admins only) ----------------------------------------------------------
MANAGE_USERS = _rule("manage_users", (), "Create, edit, unlock user accounts; reset passwords.")
MANAGE_UNITS = _rule("manage_units", (), "Create, edit, move and import units.")
MANAGE_PEOPLE = _rule(
    "manage_people", (), "Create, edit and import people; mark leavers and returners."
)
MANAGE_PROGRAMMES = _rule(
    "manage_programmes",
    (),
    "Programmes, cycles, courses, course overrides, the competency catalogue and the "
    "readiness thresholds.",
)
MANAGE_DRILL_BANK = _rule(
    "manage_drill_bank",
    (),
    "Edit, deactivate, import and export the response drill's scenario bank.",
)
MANAGE_ACCOUNTS = _rule(
    "manage_accounts",
    (),
    "Register, edit and import the official social-media accounts.",
)
REVOKE_CERTIFICATE = _rule("revoke_certificate", (), "Revoke a certificate.")
SEND_REMINDERS = _rule(
    "send_reminders", (), "See the reminder mail outbox, queue and send reminders."
)
READ_AUDIT_LOG = _rule("read_audit_log", (), "Read the audit log.")
SEE_ALL_JOBS = _rule(
    "see_all_jobs", (), "See every user's background jobs and download their results."
)
OVERRIDE_RULES = _rule(
    "override_rules",
    (),
    "Override a scheduling rule, the cascade gate or a trainer clash (with a reason), and "
    "change a signed roll call.",
)
