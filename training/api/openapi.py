"""The OpenAPI 3.0 description of the API under /api/v1/ (served as openapi.json): read-only
but for the mention feed (training/api/openapi_mentions.py).

Written by hand next to training/api/views.py: field names and types are those the views
return. tests/fuzz/ checks that every /api/ route of the app is described here and runs
schemathesis against this description (responses must conform to it).
"""

from copy import deepcopy

from training.api.openapi_learning import LEARNING_SCHEMAS, learning_paths
from training.api.openapi_mentions import MENTION_SCHEMAS, mention_paths
from training.api.openapi_schemas import SCHEMAS, STR
from training.core.guards import API_PAGING, MAX_ID

API_VERSION = "1.0.0"


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


ERRORS = {
    "400": _error("Bad parameter, or a NUL character in the path or query."),
    "401": _error("No valid token or session."),
    "403": _error("The token lacks the scope the API needs (read)."),
    "404": _error("Unknown, or outside the caller's scope."),
}


def _param(name: str, where: str, schema: dict, description: str, required=False) -> dict:
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
        "description": description,
        "schema": schema,
    }


def _bounded(low: int, high: int) -> dict:
    return {"type": "integer", "minimum": low, "maximum": high}


#: ISO day with a year from 1970 to 2200 (the server refuses other years with a 400).
DAY = {
    "type": "string",
    "format": "date",
    "pattern": r"^(19[7-9][0-9]|20[0-9]{2}|21[0-9]{2}|2200)-[0-9]{2}-[0-9]{2}$",
}
ID = _bounded(1, MAX_ID)
UNIT_QUERY = _param("unit", "query", STR, "Unit code; narrows to its subtree (404 outside scope).")
PAGE = _param("page", "query", _bounded(*API_PAGING["page"]), "Page number, from 1.")
PER_PAGE = _param(
    "per_page",
    "query",
    {**_bounded(*API_PAGING["per_page"]), "default": 20},
    f"Items per page, 1 to {API_PAGING['per_page'][1]}.",
)


def _get(summary: str, schema: str, params=(), errors=("401", "403"), public=False) -> dict:
    if params and "400" not in errors:
        errors = ("400", *errors)  # every parameter may carry a NUL, refused up front
    operation = {
        "summary": summary,
        "parameters": list(params),
        "responses": {
            "200": {
                "description": "OK",
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}
                },
            },
            **{code: ERRORS[code] for code in errors},
        },
    }
    if public:
        operation["security"] = []
    return {"get": operation}


PATHS = {
    "/openapi.json": {
        "get": {
            "summary": "This description (public).",
            "security": [],
            "responses": {
                "200": {
                    "description": "OpenAPI 3.0 document",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    },
    "/me": _get("The caller: username, roles, unit and linked person.", "Me"),
    "/units/{code}": _get(
        "A unit with its parent, head, children and people count.",
        "UnitDetail",
        [_param("code", "path", STR, "Unit code.")],
        ("401", "403", "404"),
    ),
    "/units/{code}/readiness": _get(
        "Readiness of a unit (own and subtree figures) and of its children.",
        "Readiness",
        [
            _param("code", "path", STR, "Unit code."),
            _param(
                "program",
                "query",
                _bounded(1, 999_999_999),
                "Programme id (default: the current one).",
            ),
            _param("on", "query", DAY, "Day of the figures (default: today)."),
        ],
        ("400", "401", "403", "404"),
    ),
    "/people": _get(
        "People in the caller's scope, filtered and paginated.",
        "PeoplePage",
        [
            UNIT_QUERY,
            _param("rank", "query", STR, "Rank (pangkat)."),
            _param("position", "query", STR, "Position code."),
            _param("q", "query", STR, "Name or NRP contains."),
            _param("sort", "query", STR, "Sort key (default name)."),
            _param("direction", "query", {"type": "string", "enum": ["asc", "desc"]}, "Order."),
            PAGE,
            PER_PAGE,
        ],
        ("401", "403", "404"),
    ),
    "/people/{nrp}/courses": _get(
        "A person's standing per course with the latest assessment.",
        "PersonCourses",
        [_param("nrp", "path", STR, "NRP or NIP.")],
        ("401", "403", "404"),
    ),
    "/sessions": _get(
        "Published sessions overlapping local days from..to (at most 366 days).",
        "Sessions",
        [
            UNIT_QUERY,
            _param("from", "query", DAY, "First day (default today)."),
            _param(
                "to",
                "query",
                DAY,
                "Last day (default from + 30 days); not before `from`, at most 366 days after "
                "it (else 400).",
            ),
        ],
        ("400", "401", "403", "404"),
    ),
    "/sessions/{session_id}/attendance": _get(
        "Attendance marks of a session's people in the caller's scope.",
        "Attendance",
        [_param("session_id", "path", ID, "Session id.")],
        ("401", "403", "404"),
    ),
    "/certificates": _get(
        "Certificates of the people in a unit's subtree.",
        "Certificates",
        [{**UNIT_QUERY, "required": True}, PAGE, PER_PAGE],
        ("400", "401", "403", "404"),
    ),
    "/certificates/{cert_id}.pdf": {
        "get": {
            "summary": "One certificate as a PDF (the pdf_url of /certificates).",
            "parameters": [_param("cert_id", "path", ID, "Certificate id.")],
            "responses": {
                "200": {
                    "description": "The certificate (revoked or superseded ones are marked).",
                    "content": {
                        "application/pdf": {"schema": {"type": "string", "format": "binary"}}
                    },
                },
                **{code: ERRORS[code] for code in ("400", "401", "403", "404")},
                "422": _error("A printed text has characters no certificate font has."),
            },
        }
    },
    **mention_paths(_error),
    **learning_paths(_get, _param, ID),
}


def openapi_spec() -> dict:
    """The OpenAPI document; servers point at /api/v1 on the host that serves it."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Presisi Training API",
            "version": API_VERSION,
            "description": (
                "Read-only API of the Presisi social-media training programme. Send a personal "
                "token (Profil > Token API) as `Authorization: Bearer pt_...`; a browser "
                "session also works. Everything is limited to the caller's scope: a commander "
                "sees their unit and everything below it, outside is 404. The one write "
                "endpoint, the mention feed of a monitoring tool, takes only a token with the "
                "write_mentions scope, which an admin grants; that token reads nothing."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "paths": deepcopy(PATHS),
        "components": {
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "pt_..."}
            },
            "schemas": deepcopy({**SCHEMAS, **MENTION_SCHEMAS, **LEARNING_SCHEMAS}),
        },
    }
