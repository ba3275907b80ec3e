"""The JSON API under /api/v1/ (edge layer): views, OpenAPI description."""
