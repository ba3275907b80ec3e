"""URLs for templates without routing work per link.

A list page links every row (``url_for('people.detail', person_id=...)``) and the menu
links a dozen fixed pages; each ``url_for`` walks the URL map, encodes and joins. Here a
link with no values is built once per application and script root, and a link with one
plain value (an int, or a string of unreserved URL characters) is built once with a
marker value, split around it, and then only joined: ``prefix + str(value) + suffix``.
A link to a page without path values (a list with its filters, sort and page) is the
cached path plus the query string encoded as the URL rule itself encodes it.
Anything else (several values with one in the path, ``_external``/``_anchor``...,
relative endpoints, endpoints with more than one rule or with rule defaults, converters of
their own) goes through ``url_for`` as before; the result is always what ``url_for`` gives.
"""

from __future__ import annotations

import re

from flask import current_app, has_request_context, request, url_for
from werkzeug.routing import IntegerConverter, PathConverter, UnicodeConverter

_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]+\Z")
_MARK_INT = 918273645546372819
_MARK_STR = "zqxmarkxqz"
_UNSPLITTABLE = object()


def _plain_converter(rule, name: str, kind: type) -> bool:
    """Whether ``rule`` writes a ``kind`` value of ``name`` into the URL unchanged."""
    converter = rule._converters.get(name)
    if converter is None:  # not in the path: a query argument (unreserved: no escaping)
        return True
    if kind is int:  # also the app's bounded ``int`` (core/guards.py): same to_url
        return (
            isinstance(converter, IntegerConverter)
            and type(converter).to_url is IntegerConverter.to_url
            and not converter.fixed_digits
        )
    return type(converter) in (UnicodeConverter, PathConverter)


def _single_rule(app, endpoint: str):
    rules = app.url_map._rules_by_endpoint.get(endpoint) or ()
    if len(rules) != 1 or rules[0].defaults:
        return None
    return rules[0]


def _template(app, endpoint: str, name: str, kind: type):
    rule = _single_rule(app, endpoint)
    if rule is None or not _plain_converter(rule, name, kind):
        return _UNSPLITTABLE
    mark = _MARK_INT if kind is int else _MARK_STR
    url = url_for(endpoint, **{name: mark})
    text = str(mark)
    if url.count(text) != 1:
        return _UNSPLITTABLE
    prefix, suffix = url.split(text)
    return prefix, suffix


def _plain(value) -> type | None:
    kind = type(value)
    if kind is int and value >= 0:
        return int
    if kind is str and _UNRESERVED.match(value):
        return str
    return None


def _base(app, cache: dict, root: str, endpoint: str) -> str | None:
    """The cached link of ``endpoint`` without values (None: not cacheable)."""
    key = (root, endpoint)
    url = cache.get(key, _UNSPLITTABLE)
    if url is _UNSPLITTABLE:
        url = cache[key] = url_for(endpoint) if _single_rule(app, endpoint) else None
    return url


def _query_link(app, cache: dict, root: str, endpoint: str, values: dict) -> str | None:
    """A link whose values all go to the query string (filters, sort, page), as url_for
    builds it: the cached path, then the rule's own query encoding; else None."""
    rule = _single_rule(app, endpoint)
    if rule is None or rule.arguments or any(name.startswith("_") for name in values):
        return None
    base = _base(app, cache, root, endpoint)
    query = {name: value for name, value in values.items() if value is not None}
    if base is None or not query:
        return base
    return f"{base}?{rule._encode_query_vars(query)}"


def fast_url_for(endpoint: str, values: dict) -> str:
    """``url_for(endpoint, **values)``, from a cache when the link is a plain one."""
    if endpoint.startswith(".") or not has_request_context():
        return url_for(endpoint, **values)
    app = current_app._get_current_object()
    cache = app.extensions.setdefault("presisi_url_cache", {})
    root = request.script_root
    if len(values) != 1:
        url = _query_link(app, cache, root, endpoint, values)
        return url if url is not None else url_for(endpoint, **values)
    ((name, value),) = values.items()
    kind = _plain(value)
    if kind is None or name.startswith("_"):
        return url_for(endpoint, **values)
    key = (root, endpoint, name, kind)
    parts = cache.get(key)
    if parts is None:
        parts = cache[key] = _template(app, endpoint, name, kind)
    if parts is _UNSPLITTABLE:
        return url_for(endpoint, **values)
    return f"{parts[0]}{value}{parts[1]}"
