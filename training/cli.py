"""Flask CLI commands; each feature keeps its own commands in its cli module."""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.auth import cli as auth_cli
    from training.certificates import cli as certificates_cli
    from training.demo import cli as demo_cli
    from training.people import cli as people_cli
    from training.planner import cli as planner_cli
    from training.readiness import cli as readiness_cli
    from training.standing import cli as standing_cli
    from training.units import cli as units_cli

    for module in (auth_cli, units_cli, people_cli, demo_cli, planner_cli, standing_cli):
        module.register(app)
    certificates_cli.register(app)
    readiness_cli.register(app)
