"""The OpenAPI description of GET /api/v1/courses/{course_id}/learning-gain
(training/api/learning.py): its path and its closed response schemas."""

from training.api.openapi_schemas import INT, LEVEL, NUM, STR, _nullable, _obj

GAIN = {"people": INT, "pre": _nullable(NUM), "post": _nullable(NUM), "gain": _nullable(NUM)}

LEARNING_SCHEMAS = {
    "LearningGain": _obj(
        {
            "course": _obj({"id": INT, "title": STR}),
            "unit": {"$ref": "#/components/schemas/UnitRef"},
            "rule": STR,
            "overall": {"$ref": "#/components/schemas/Gain"},
            "trainers": {"type": "array", "items": _obj({"name": STR, **GAIN})},
            "units": {
                "type": "array",
                "items": _obj({"code": STR, "name": STR, "level": LEVEL, **GAIN}),
            },
            "competencies": {
                "type": "array",
                "items": _obj({"code": STR, "name": STR, **GAIN}),
            },
        }
    ),
    "Gain": _obj(GAIN),
}


def learning_paths(get, param, id_schema) -> dict:
    """The path, built with openapi.py's helpers (``_get``, ``_param``, its ID schema)."""
    return {
        "/courses/{course_id}/learning-gain": get(
            "Learning gain of a course (post-test minus pre-test, percent points): overall "
            "and per trainer, child unit and competency, within the caller's scope.",
            "LearningGain",
            [
                param("course_id", "path", id_schema, "Course id."),
                param("unit", "query", STR, "Unit code; its subtree (default: the caller's)."),
            ],
            ("400", "401", "403", "404"),
        )
    }
