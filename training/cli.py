"""Flask CLI commands; each feature keeps its own commands in its cli module."""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.auth import cli as auth_cli

    auth_cli.register(app)
    __import__("training.units.cli", fromlist=["register"]).register(app)
    __import__("training.demo.cli", fromlist=["register"]).register(app)
    __import__("training.people.cli", fromlist=["register"]).register(app)
    __import__("training.planner.cli", fromlist=["register"]).register(app)
