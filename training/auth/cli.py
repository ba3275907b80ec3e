"""flask create-user."""

import click
from flask import Flask


def register(app: Flask) -> None:
    app.cli.add_command(create_user)


@click.command("create-user")
@click.argument("username")
def create_user(username):
    """Create a login account."""
    click.echo(username)
