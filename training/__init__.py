"""Presisi Training: the tiered social-media training programme of Polri."""

import os

from flask import Flask
from flask_babel import lazy_gettext as _l

from training.core import settings
from training.core.dbfaults import RetryingFlask
from training.extensions import babel, bootstrap, csrf, db, limiter, login_manager, migrate


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, errors, CLI.

    Settings (training/core/settings.py), later ones winning: training/config.py,
    <instance_path>/config.py (the repository's instance/ unless given), the environment
    (PRESISI_<NAME> and the well-known aliases), then ``test_config``.
    """
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = RetryingFlask(
        __name__,
        static_folder=os.path.join(root, "static"),
        template_folder=os.path.join(root, "templates"),
        instance_path=instance_path or os.path.join(root, "instance"),
        instance_relative_config=True,
    )
    settings.load(app, test_config)
    _init_extensions(app)
    _register_blueprints(app)
    _register_audit_vocabulary()
    _hand_over_upward_answers()
    return app


def _hand_over_upward_answers() -> None:
    """Hand what a higher package answers to the lower one that asks: the unit page its
    people figures (people build on units), a session's new seats to the waitlist
    (enrolment builds on sessions), the people import its sign-in accounts (signin builds
    on people), the response drill who is present (assessments and attendance are siblings)."""
    # the app factory loads the features when it builds an app (they import extensions)
    from training.assessments import drill_services
    from training.attendance.services import present_ids
    from training.enrolment.services import rebalance
    from training.people import figures, import_accounts
    from training.sessions import occurrence_values
    from training.signin import imports as signin_imports
    from training.units import queries

    queries.use_people(figures)
    drill_services.use_presence(present_ids)
    occurrence_values.use_waitlist(rebalance)
    import_accounts.use_provisioning(
        signin_imports.count_accounts, signin_imports.provision_imported
    )


def _register_audit_vocabulary() -> None:
    """Hand the features' codes and course queries to the audit page (``auditlog``, which
    imports none of them)."""
    # the app factory loads the features when it builds an app (they import extensions)
    from training.accounts import services as accounts
    from training.attendance.reports import STANDING_LABELS
    from training.attendance.services import METHOD_LABELS
    from training.attendance.services import STATUS_LABELS as ATTENDANCE_LABELS
    from training.audit import labels
    from training.auditlog import queries
    from training.learning.online import FIELD_LABELS as ONLINE_FIELDS
    from training.learning.quiz_admin import FIELD_LABELS as QUIZ_FIELDS
    from training.learning.services import FIELD_LABELS as LEARNING_FIELDS
    from training.programs.queries import course_choices, courses_by_id
    from training.sessions.labels import STATUS_LABELS as SESSION_STATUS_LABELS
    from training.signoff.labels import STATE_LABELS as REPORT_STATE_LABELS

    labels.register(
        fields={**accounts.FIELD_LABELS, **LEARNING_FIELDS, **ONLINE_FIELDS, **QUIZ_FIELDS},
        statuses={
            "attendance": ATTENDANCE_LABELS,
            "course_status": STANDING_LABELS,
            "session": SESSION_STATUS_LABELS,
            "account": accounts.STATUS_LABELS,
        },
        states={"readiness_report": REPORT_STATE_LABELS},
        codes={"method": METHOD_LABELS, "platform": accounts.PLATFORM_LABELS},
    )
    queries.register_courses(queries.CourseQueries(by_id=courses_by_id, choices=course_choices))


def _init_extensions(app: Flask) -> None:
    import training.models  # noqa: F401  (registers every table)
    from training import assessments, auth, jobs, notifications, policy, security, standing
    from training.core import dbfaults, guards, i18n, navcache, sqlite, templating
    from training.readiness import version as readiness_version
    from training.responses import hooks as responses_hooks

    db.init_app(app)
    dbfaults.init_app(app)  # after db: its teardown runs before Flask-SQLAlchemy's
    sqlite.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(app.root_path, "..", "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Silakan masuk terlebih dahulu.")
    login_manager.login_message_category = "info"
    bootstrap.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app, babel)
    templating.init_app(app)
    navcache.init_app(app)  # the main menu, rendered once per kind of account
    guards.init_app(app)
    security.init_app(app)
    auth.init_app(app)  # user loader, token scopes, scope() in templates
    policy.init_app(app)  # may.<rule> in templates
    standing.init_app(app)  # the records' marks refresh course standing
    jobs.init_app(app)  # the job queue (Celery), or jobs in-process without a broker
    assessments.init_app(app)  # course_competency_names() in templates
    readiness_version.install()  # commits that change readiness data bump its version
    notifications.init_app(app)  # told of events; the bell's unread count in templates
    responses_hooks.init_app(app)  # accounts moved, zones changed: days recomputed


def _register_blueprints(app: Flask) -> None:
    # the app factory loads the features when it builds an app (they import extensions)
    from training import cli, errors, ops
    from training.accounts.views import bp as accounts_bp
    from training.api import learning, mentions  # noqa: F401  (learning gain, mention feed)
    from training.api.readiness import bp as readiness_api_bp
    from training.api.views import bp as api_bp
    from training.assessments import drill_bank_views  # noqa: F401  (adds the bank's routes)
    from training.assessments.drill_views import bp as drills_bp
    from training.assessments.views import bp as assessments_bp
    from training.attendance import checkin_views  # noqa: F401  (adds the check-in routes)
    from training.attendance.export_views import bp as reports_bp
    from training.attendance.views import bp as attendance_bp
    from training.auditlog.views import bp as audit_bp
    from training.auth import admin_views  # noqa: F401  (adds /admin/users to the auth blueprint)
    from training.auth.views import bp as auth_bp
    from training.calendar.views import bp as calendar_bp
    from training.certificates.reminder_views import bp as reminders_bp
    from training.certificates.verify_views import bp as verify_bp
    from training.certificates.views import bp as certificates_bp
    from training.core.views import bp as core_bp
    from training.enrolment.booking_views import bp as booking_bp
    from training.enrolment.views import bp as enrolment_bp
    from training.home.views import bp as home_bp
    from training.jobs.views import bp as jobs_bp
    from training.learning import (
        feedback_template_views,  # noqa: F401  (the survey's editing)
        materials_edit_views,  # noqa: F401  (adds the editing routes)
        quiz_admin_views,  # noqa: F401  (a course's quizzes and score bands)
        quiz_results_views,  # noqa: F401  (a quiz's results of attempts)
    )
    from training.learning.feedback_views import bp as feedback_bp
    from training.learning.gain_views import bp as gain_bp
    from training.learning.materials_views import bp as materials_bp
    from training.learning.online_views import bp as online_bp
    from training.learning.quiz_views import bp as quiz_bp
    from training.learning.views import bp as learning_bp
    from training.lookup.views import bp as lookup_bp
    from training.notifications.views import bp as notifications_bp
    from training.people.views import bp as people_bp
    from training.planner.online_views import bp as planner_online_bp
    from training.planner.views import bp as planner_bp
    from training.programs.views import bp as programs_bp
    from training.readiness.outcome_views import bp as readiness_outcome_bp
    from training.readiness.report_views import bp as readiness_reports_bp
    from training.readiness.views import bp as readiness_bp
    from training.responses import record_views  # noqa: F401  (adds the recording routes)
    from training.responses.views import bp as responses_bp
    from training.sessions.views import bp as sessions_bp
    from training.signin import admin_views as signin_admin  # noqa: F401  (adds the unit pages)
    from training.signin.views import bp as signin_bp
    from training.signoff.views import bp as signoff_bp
    from training.units.views import bp as units_bp

    for blueprint in (
        core_bp,
        home_bp,
        auth_bp,
        signin_bp,
        units_bp,
        people_bp,
        programs_bp,
        sessions_bp,
        enrolment_bp,
        booking_bp,
        calendar_bp,
        planner_bp,
        attendance_bp,
        api_bp,
        audit_bp,
        reports_bp,
        assessments_bp,
        learning_bp,
        drills_bp,
        certificates_bp,
        verify_bp,
        reminders_bp,
        accounts_bp,
        responses_bp,
        signoff_bp,
        readiness_bp,
        readiness_api_bp,
        readiness_reports_bp,
        readiness_outcome_bp,
        jobs_bp,
        lookup_bp,
        notifications_bp,
        materials_bp,
        feedback_bp,
        gain_bp,
        online_bp,
        planner_online_bp,
        quiz_bp,
    ):
        app.register_blueprint(blueprint)
    csrf.exempt(api_bp)  # read-only JSON; tokens instead of cookies
    errors.init_app(app)
    cli.init_app(app)
    ops.init_app(app)  # request logs
