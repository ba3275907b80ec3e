"""flask create-user and flask create-token."""

import sys

import click
from flask import Flask

from training.auth.services import (
    AccountError,
    check_password_policy,
    create_account,
    find_user,
    generate_password,
)
from training.auth.tokens import READ, WRITE_MENTIONS, issue_token
from training.errors import RuleViolation
from training.extensions import db


def register(app: Flask) -> None:
    app.cli.add_command(create_user)
    app.cli.add_command(create_token)


def stdin_is_tty() -> bool:
    return sys.stdin.isatty()


def _ask_password(username: str) -> str:
    while True:
        password = click.prompt(
            "Kata sandi", hide_input=True, confirmation_prompt="Ulangi kata sandi"
        )
        try:
            check_password_policy(password, username)
        except AccountError as exc:
            click.echo(str(exc), err=True)
        else:
            return password


@click.command("create-user")
@click.argument("username")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    help="admin, trainer, commander or participant; repeat for several roles.",
)
@click.option("--unit", "unit_code", default="", help="Unit code (required for commanders).")
@click.option("--person", "person_nrp", default="", help="NRP/NIP (required for participants).")
@click.option("--password", default=None, help="Initial password; prompted or generated if absent.")
def create_user(username, roles, unit_code, person_nrp, password):
    """Create a login account."""
    generated = False
    if password is None:
        if stdin_is_tty():
            password = _ask_password(username)
        else:
            password, generated = generate_password(username), True
    try:
        user = create_account(username, roles, password, unit_code=unit_code, person_nrp=person_nrp)
    except RuleViolation as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Akun {user.username} dibuat dengan peran {', '.join(sorted(user.roles))}.")
    if generated:
        click.echo(f"Kata sandi awal: {password}")


@click.command("create-token")
@click.argument("username")
@click.option("--name", default="cli", show_default=True, help="Name to recognise the token by.")
@click.option("--days", type=int, default=None, help="Validity in days (1-365).")
@click.option(
    "--write-mentions",
    is_flag=True,
    help="A mention-feed token for a monitoring tool: it may only POST mentions, reads nothing.",
)
def create_token(username, name, days, write_mentions):
    """Create a personal API token and print it (shown only once)."""
    user = find_user(username)
    if user is None:
        raise click.ClickException(f"Akun {username} tidak ada.")
    if not user.is_active:
        raise click.ClickException(f"Akun {user.username} nonaktif.")
    try:
        scopes = (WRITE_MENTIONS,) if write_mentions else (READ,)
        token, secret = issue_token(user, name, days, scopes=scopes)
    except RuleViolation as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(
        f"Token {token.name} untuk {user.username}, berlaku sampai {token.expires_at:%Y-%m-%d}."
    )
    click.echo("Simpan sekarang; token tidak akan ditampilkan lagi:")
    click.echo(secret)
