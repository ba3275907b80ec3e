"""Flask CLI commands: each feature keeps its commands in its cli module, as module-level
click commands added by that module's ``register(app)``; this is the one list of them."""

from flask import Flask


def init_app(app: Flask) -> None:
    # loaded when the app is built: the commands import every feature
    from training.accounts import cli as account_cli
    from training.assessments import drill_cli
    from training.auth import cli as auth_cli
    from training.certificates import cli as certificates_cli
    from training.demo import cli as demo_cli
    from training.learning import quiz_cli
    from training.notifications import cli as notifications_cli
    from training.ops import cli as ops_cli
    from training.people import cli as people_cli
    from training.planner import cli as planner_cli
    from training.readiness import cli as readiness_cli
    from training.standing import cli as standing_cli
    from training.units import cli as units_cli

    for module in (
        auth_cli,
        units_cli,
        people_cli,
        demo_cli,
        planner_cli,
        standing_cli,
        certificates_cli,
        readiness_cli,
        account_cli,
        drill_cli,
        quiz_cli,
        ops_cli,
        notifications_cli,
    ):
        module.register(app)
