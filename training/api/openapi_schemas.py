"""Component schemas of the OpenAPI description (training/api/openapi.py): the JSON bodies
of training/api/views.py and training/api/readiness.py, field by field.

Objects are closed (additionalProperties: false), so the schemathesis run in tests/fuzz/
fails when a view returns a field the description does not name.
"""


def _nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


def _obj(properties: dict, *, nullable: bool = False) -> dict:
    schema = {
        "type": "object",
        "required": sorted(properties),
        "properties": properties,
        "additionalProperties": False,
    }
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
        "additionalProperties": False,
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
    "ResponseFigures": _obj(
        {
            "aduan": {**INT, "description": "Aduan received by the subtree in the window."},
            "aduan_answered": INT,
            "answered_pct": _nullable(NUM),
            "p90_minutes": {
                **_nullable(INT),
                "description": "90th percentile of time to first response (whole minutes, up).",
            },
        }
    ),
    "Readiness": _obj(
        {
            "unit": {"$ref": "#/components/schemas/UnitRef"},
            "program": _obj({"id": INT, "title": STR}),
            "on": DATE,
            "own": {"$ref": "#/components/schemas/Figures"},
            "subtree": {"$ref": "#/components/schemas/Figures"},
            "commander_certified": {
                **_nullable(BOOL),
                "description": "Whether the unit's head holds a current certificate (null: none).",
            },
            "status": READINESS_STATUS,
            "unmet": {
                "type": "array",
                "description": "The Siap criteria not met.",
                "items": {
                    "type": "string",
                    "enum": [
                        "certified",
                        "accounts",
                        "level",
                        "attendance",
                        "commander",
                        "answered",
                        "response_time",
                    ],
                },
            },
            "response": {"$ref": "#/components/schemas/ResponseFigures"},
            "refresher": {
                **BOOL,
                "description": "Perlu penyegaran: the people criteria hold, the response is slow.",
            },
            "response_rules": _obj(
                {
                    "answered_pct": {
                        **_nullable(INT),
                        "description": "Siap: least share of aduan answered (null: off).",
                    },
                    "p90_minutes": {
                        **_nullable(INT),
                        "description": "Siap: longest aduan p90 response time (null: off).",
                    },
                    "window_days": INT,
                    "target_minutes": {**INT, "description": "The programme's aduan target."},
                }
            ),
            "children": {
                "type": "array",
                "items": _obj(
                    {
                        "unit": {"$ref": "#/components/schemas/UnitRef"},
                        "subtree": {"$ref": "#/components/schemas/Figures"},
                        "status": READINESS_STATUS,
                        "response": {"$ref": "#/components/schemas/ResponseFigures"},
                        "refresher": BOOL,
                    }
                ),
            },
        }
    ),
}
