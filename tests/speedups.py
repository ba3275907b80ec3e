"""Test-only speed-ups that change no behaviour.

Every test builds a fresh app (tests/conftest.py), and most of ``create_app`` is Werkzeug
compiling a URL builder (Python source through ``compile``) for each of the ~150 routes,
the same code for the same rule every time. :func:`cache_url_builders` keeps the compiled
builder per rule text and shape, so only the first app in a test process pays for it.
A builder is a plain function of the rule (its converters are looked up on the bound rule
at call time), so a cached one builds exactly the URLs a fresh one would.
"""

from __future__ import annotations

import inspect

from werkzeug.routing import rules


def cache_url_builders() -> bool:
    """Memoise ``Rule._compile_builder``; False (and nothing changed) if Werkzeug's
    private API is not the one this was written for."""
    original = getattr(rules.Rule, "_compile_builder", None)
    if original is None or getattr(original, "_presisi_cached", False):
        return original is not None
    if list(inspect.signature(original).parameters) != ["self", "append_unknown"]:
        return False
    cache: dict = {}

    def _compile_builder(self, append_unknown: bool = True):
        defaults = self.defaults or {}
        key = (
            self.rule,
            self.map.host_matching,
            self.host,
            self.subdomain,
            tuple(self._trace),
            tuple(
                (name, type(self._converters.get(name)).__name__, repr(value))
                for name, value in sorted(defaults.items())
            ),
            append_unknown,
        )
        builder = cache.get(key)
        if builder is None:
            builder = cache[key] = original(self, append_unknown)
        return builder

    _compile_builder._presisi_cached = True
    rules.Rule._compile_builder = _compile_builder
    return True
