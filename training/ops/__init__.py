"""Operations: database backup/restore commands and structured request logs."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Install the request log (the ``backup`` and ``restore`` commands: training.cli)."""
    from training.ops import requestlog  # loaded when the app is built

    requestlog.init_app(app)
