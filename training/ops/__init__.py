"""Operations: database backup/restore commands and structured request logs."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Install the request log and register the ``backup`` and ``restore`` commands."""
    from training.ops import cli, requestlog

    requestlog.init_app(app)
    cli.register(app)
