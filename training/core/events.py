"""A small event registry: lower packages announce what happened, upper ones listen.

A service in a lower layer (sessions, enrolment, certificates, signoff) calls
``emit("enrolled", session=..., person_ids=..., now=...)`` after its change, without knowing
who listens; an upper package (notifications) ``subscribe``s in its ``init_app``. The
handlers are kept per application (``app.extensions``), so two apps in one process (tests)
never share them, and run synchronously inside the caller's transaction (they add rows,
never commit). Outside an application context ``emit`` does nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app, has_app_context

_KEY = "presisi_events"


def _registry(app: Flask) -> dict[str, list[Callable]]:
    return app.extensions.setdefault(_KEY, {})


def subscribe(app: Flask, name: str, handler: Callable[..., object]) -> None:
    """Run ``handler(**payload)`` on every ``emit(name, **payload)`` in ``app`` (once)."""
    handlers = _registry(app).setdefault(name, [])
    if handler not in handlers:
        handlers.append(handler)


def emit(name: str, **payload) -> None:
    """Tell the subscribers of ``name`` (in order of subscription) what happened."""
    if not has_app_context():
        return
    for handler in list(_registry(current_app._get_current_object()).get(name, ())):
        handler(**payload)


def subscribers(app: Flask, name: str) -> list[Callable]:
    return list(_registry(app).get(name, ()))
