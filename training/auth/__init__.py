"""Accounts, login and API tokens (roles and the unit scope are in ``training.policy``)."""

from flask import Flask
from flask_login import current_user


def init_app(app: Flask) -> None:
    """What the layers below ask of accounts: the session user loader, the API tokens'
    scope check (after the security hooks) and the ``scope()`` template global."""
    # the submodules import this package: they load when the app is built
    from training.auth import follow
    from training.auth.loader import load_user
    from training.auth.tokens import refuse_tokens_without_read_scope
    from training.extensions import login_manager
    from training.policy.scope import scope_of

    login_manager.user_loader(load_user)
    app.before_request(refuse_tokens_without_read_scope)
    app.jinja_env.globals["scope"] = lambda: scope_of(current_user)
    follow.init_app()  # accounts follow their person (leavers, movers)
