"""The OpenAPI 3.0 description of the read-only API under /api/v1/ (served as openapi.json).

Written by hand next to training/api/views.py: field names and types are those the views
return. tests/fuzz/ checks that every /api/ route of the app is described here and runs
schemathesis against this description (responses must conform to it).
"""

from copy import deepcopy

API_VERSION = "1.0.0"


def _nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


def _obj(properties: dict, *, nullable: bool = False) -> dict:
    schema = {"type": "object", "required": sorted(properties), "properties": properties}
    return _nullable(schema) if nullable else schema


STR = {"type": "string"}
INT = {"type": "integer"}
NUM = {"type": "number"}
BOOL = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
URI = {"type": "string", "format": "uri"}
LEVEL = {"type": "string", "enum": ["mabes", "polda", "polres", "polsek"]}
READINESS_STATUS = {"type": "string", "enum": ["siap", "sebagian", "belum_siap"]}

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {"error": STR, "message": STR},
    },
    "UnitRef": _obj({"code": STR, "name": STR, "level": LEVEL}),
    "Person": _obj(
        {
            "nrp": STR,
            "name": STR,
            "rank": STR,
            "position": STR,
            "unit": {**STR, "description": "Code of the person's unit."},
            "id_type": {**STR, "description": "NRP (police) or NIP (civil servant)."},
        }
    ),
    "Me": _obj(
        {
            "username": STR,
            "roles": {"type": "array", "items": STR},
            "unit": _nullable(STR),
            "person": {"allOf": [{"$ref": "#/components/schemas/Person"}], "nullable": True},
        }
    ),
    "UnitDetail": _obj(
        {
            "code": STR,
            "name": STR,
            "level": LEVEL,
            "type": STR,
            "timezone": STR,
            "zone_label": STR,
            "parent": {"allOf": [{"$ref": "#/components/schemas/UnitRef"}], "nullable": True},
            "head": {"allOf": [{"$ref": "#/components/schemas/Person"}], "nullable": True},
            "people_in_subtree": INT,
            "children": {
                "type": "array",
                "items": _obj({"code": STR, "name": STR, "level": LEVEL, "children": INT}),
            },
        }
    ),
    "PeoplePage": _obj(
        {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Person"}},
            "page": INT,
            "per_page": INT,
            "total": INT,
            "pages": INT,
        }
    ),
    "Session": _obj(
        {
            "id": INT,
            "course": STR,
            "tier": INT,
            "title": STR,
            "status": {"type": "string", "enum": ["draft", "scheduled", "cancelled"]},
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "timezone": STR,
            "zone_label": STR,
            "venue_unit": STR,
            "venue": STR,
            "online_url": _nullable(STR),
            "trainers": {"type": "array", "items": STR},
            "capacity": INT,
            "enrolled": INT,
        }
    ),
    "Sessions": _obj(
        {
            "unit": _nullable(STR),
            "timezone": STR,
            "from": DATE,
            "to": DATE,
            "count": INT,
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}},
        }
    ),
    "Attendance": _obj(
        {
            "session": INT,
            "timezone": STR,
            "count": INT,
            "items": {
                "type": "array",
                "items": _obj(
                    {
                        "nrp": STR,
                        "name": STR,
                        "status": _nullable(
                            {
                                "type": "string",
                                "enum": [
                                    "hadir",
                                    "terlambat",
                                    "izin",
                                    "sakit",
                                    "dinas_luar",
                                    "cuti",
                                    "alpa",
                                ],
                            }
                        ),
                        "checked_in_at": _nullable(DATETIME),
                        "method": _nullable(
                            {"type": "string", "enum": ["roll_call", "qr", "code", "admin"]}
                        ),
                    }
                ),
            },
        }
    ),
    "CourseRef": _obj({"id": INT, "title": STR, "tier": INT}),
    "PersonCourses": _obj(
        {
            "nrp": STR,
            "name": STR,
            "count": INT,
            "items": {
                "type": "array",
                "items": _obj(
                    {
                        "course": {"$ref": "#/components/schemas/CourseRef"},
                        "status": {
                            "type": "string",
                            "enum": ["not_started", "in_progress", "completed", "failed"],
                        },
                        "completed_on": _nullable(DATE),
                        "attendance_pct": _nullable(NUM),
                        "latest_result": _obj(
                            {
                                "attempt_no": INT,
                                "average": _nullable(NUM),
                                "passed": _nullable(BOOL),
                                "assessed_at": DATETIME,
                            },
                            nullable=True,
                        ),
                    }
                ),
            },
        }
    ),
    "Certificates": _obj(
        {
            "unit": STR,
            "page": INT,
            "per_page": INT,
            "total": INT,
            "items": {
                "type": "array",
                "items": _obj(
                    {
                        "serial": STR,
                        "holder": _obj({"nrp": STR, "name": STR}),
                        "course": {"$ref": "#/components/schemas/CourseRef"},
                        "status": {
                            "type": "string",
                            "enum": ["valid", "expired", "superseded", "revoked"],
                        },
                        "issued_on": DATE,
                        "valid_until": DATE,
                        "verify_url": URI,
                        "pdf_url": URI,
                    }
                ),
            },
        }
    ),
    "Figures": _obj(
        {
            "targets": INT,
            "certified": INT,
            "certified_pct": _nullable(NUM),
            "commanders": INT,
            "commanders_certified": INT,
            "accounts": INT,
            "accounts_verified": INT,
            "accounts_pct": _nullable(NUM),
            "average_level": _nullable(NUM),
            "attendance_pct": _nullable(NUM),
            "expiring": INT,
            "failed": INT,
            "untrained": INT,
        }
    ),
    "Readiness": _obj(
        {
            "unit": {"$ref": "#/components/schemas/UnitRef"},
            "program": _obj({"id": INT, "title": STR}),
            "on": DATE,
            "own": {"$ref": "#/components/schemas/Figures"},
            "subtree": {"$ref": "#/components/schemas/Figures"},
            "status": READINESS_STATUS,
            "children": {
                "type": "array",
                "items": _obj(
                    {
                        "unit": {"$ref": "#/components/schemas/UnitRef"},
                        "subtree": {"$ref": "#/components/schemas/Figures"},
                        "status": READINESS_STATUS,
                    }
                ),
            },
        }
    ),
}


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


UNIT_QUERY = _param("unit", "query", STR, "Unit code; narrows to its subtree (404 outside scope).")
PAGE = _param("page", "query", {"type": "integer"}, "Page number, from 1.")
PER_PAGE = _param("per_page", "query", {"type": "integer"}, "Items per page, at most 200.")


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
            _param("program", "query", INT, "Programme id (default: the current one)."),
            _param("on", "query", DATE, "Day of the figures (default: today)."),
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
            _param("from", "query", DATE, "First day (default today)."),
            _param("to", "query", DATE, "Last day (default from + 30 days)."),
        ],
        ("400", "401", "403", "404"),
    ),
    "/sessions/{session_id}/attendance": _get(
        "Attendance marks of a session's people in the caller's scope.",
        "Attendance",
        [_param("session_id", "path", INT, "Session id.")],
        ("401", "403", "404"),
    ),
    "/certificates": _get(
        "Certificates of the people in a unit's subtree.",
        "Certificates",
        [{**UNIT_QUERY, "required": True}, PAGE, PER_PAGE],
        ("400", "401", "403", "404"),
    ),
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
                "sees their unit and everything below it, outside is 404."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "paths": deepcopy(PATHS),
        "components": {
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "pt_..."}
            },
            "schemas": deepcopy(SCHEMAS),
        },
    }
