"""The OpenAPI description of the API's one write endpoint, the mention feed
(training/api/mentions.py): its path and its schemas, merged into training/api/openapi.py."""

from training.api.openapi_schemas import INT, STR, _nullable, _obj

_TIME = {
    "type": "string",
    "description": (
        "YYYY-MM-DDTHH:MM[:SS] with an offset (+08:00, Z) or a zone word (WIB, WITA, WIT); "
        "without one, the zone of the account's unit. Not in the future, not before "
        "received_at."
    ),
}
CATEGORY = {"type": "string", "enum": ["aduan", "pertanyaan", "informasi", "isu_negatif"]}
STATUS = {
    "type": "string",
    "enum": ["", "terbuka", "dijawab", "selesai", "diteruskan"],
    "description": "Empty or absent: from the times (selesai, dijawab, else terbuka).",
}

MENTION_SCHEMAS = {
    "MentionItem": {
        "type": "object",
        "required": ["id", "received_at", "category"],
        "properties": {
            "id": {"type": "string", "description": "The platform's mention id or its URL."},
            "received_at": _TIME,
            "category": CATEGORY,
            "first_response_at": _nullable(_TIME),
            "responded_by": _nullable({**STR, "description": "NRP or NIP of who answered."}),
            "resolved_at": _nullable(_TIME),
            "status": _nullable(STATUS),
            "reply_url": _nullable({**STR, "description": "https:// link to the reply."}),
        },
        "additionalProperties": False,
    },
    "MentionBatch": {
        "type": "object",
        "required": ["items"],
        "properties": {
            "items": {
                "type": "array",
                "minItems": 1,
                "maxItems": 1000,
                "items": {"$ref": "#/components/schemas/MentionItem"},
            }
        },
        "additionalProperties": False,
    },
    "MentionsWritten": _obj({"account": INT, "created": INT, "updated": INT, "unchanged": INT}),
    "BatchError": {
        "type": "object",
        "required": ["error", "errors"],
        "properties": {
            "error": STR,
            "errors": {
                "type": "array",
                "items": _obj(
                    {
                        "index": _nullable({**INT, "description": "Item index; null: the body."}),
                        "field": _nullable(STR),
                        "message": STR,
                    }
                ),
            },
        },
        "additionalProperties": False,
    },
}


def mention_paths(error) -> dict:
    """The mention feed's path item (``error(description)`` builds an error response)."""
    return {
        "/accounts/{account_id}/mentions": {
            "post": {
                "summary": (
                    "Create or update mentions of one official account, all or nothing; "
                    "idempotent by id (a repeated batch changes nothing). Needs a token with "
                    "the write_mentions scope, granted by an admin."
                ),
                "parameters": [
                    {
                        "name": "account_id",
                        "in": "path",
                        "required": True,
                        "description": "Official account id.",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 2_147_483_647},
                    }
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/MentionBatch"}
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "Written: counts of created, updated, unchanged.",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/MentionsWritten"}
                            }
                        },
                    },
                    "400": error("A NUL character in the path."),
                    "401": error("No valid token."),
                    "403": error(
                        "Not a token with the write_mentions scope (a browser session or a read "
                        "token), or its owner may not record mentions."
                    ),
                    "404": error("Unknown account, or outside the token owner's scope."),
                    "422": {
                        "description": "The batch was refused; nothing was written.",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/BatchError"}
                            }
                        },
                    },
                },
            }
        }
    }
