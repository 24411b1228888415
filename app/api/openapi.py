"""The OpenAPI 3.1 description of /api/v1 (served at /api/v1/openapi.json)."""
from __future__ import annotations

from flask import current_app

_NULLABLE_INT = {"type": ["integer", "null"]}
_TIME = {"type": "string", "format": "date-time"}

EVENT_KINDS = ["conference", "regional", "network", "webinar"]
SESSION_KINDS = ["plenary", "parallel", "workshop", "break", "meal", "social"]


def _schemas() -> dict:
    error = {
        "type": "object",
        "required": ["error", "message"],
        "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
    }
    venue = {
        "type": ["object", "null"],
        "properties": {
            "name": {"type": "string"},
            "address": {"type": "string"},
            "kommune": {"type": ["string", "null"]},
        },
    }
    event = {
        "type": "object",
        "required": ["slug", "title", "kind", "starts_at", "ends_at", "venue", "capacity",
                     "registered", "waitlisted", "seats_left", "registration_open", "series"],
        "properties": {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "kind": {"type": "string", "enum": EVENT_KINDS},
            "starts_at": _TIME,
            "ends_at": _TIME,
            "venue": {"$ref": "#/components/schemas/Venue"},
            "capacity": _NULLABLE_INT,
            "registered": {"type": "integer", "minimum": 0},
            "waitlisted": {"type": "integer", "minimum": 0},
            "seats_left": _NULLABLE_INT,
            "registration_open": {"type": "boolean"},
            "series": {"type": ["string", "null"], "description": "the slug of the series it belongs to"},
        },
    }
    session = {
        "type": "object",
        "required": ["id", "title", "kind", "starts_at", "ends_at", "room", "track", "speakers",
                     "capacity", "registered", "seats_left"],
        "properties": {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "kind": {"type": "string", "enum": SESSION_KINDS},
            "starts_at": _TIME,
            "ends_at": _TIME,
            "room": {"type": ["string", "null"]},
            "track": {"type": ["string", "null"]},
            "speakers": {"type": "array", "items": {"type": "string"}},
            "capacity": _NULLABLE_INT,
            "registered": {"type": "integer", "minimum": 0},
            "seats_left": _NULLABLE_INT,
        },
    }
    detail = {
        "allOf": [
            {"$ref": "#/components/schemas/Event"},
            {
                "type": "object",
                "required": ["sessions"],
                "properties": {"sessions": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}}},
            },
        ]
    }
    return {"Error": error, "Venue": venue, "Event": event, "Session": session, "EventDetail": detail}


def _json(schema_ref: str, description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}},
    }


def spec() -> dict:
    paths = {
        "/events": {
            "get": {
                "operationId": "listEvents",
                "summary": "Published events, upcoming first (soonest first), then past (latest first).",
                "parameters": [{
                    "name": "upcoming", "in": "query", "required": False,
                    "description": "1 (or true, yes) leaves past events out; any other value lists them all.",
                    "schema": {"type": "string"},
                }],
                "responses": {
                    "200": {
                        "description": "The events.",
                        "content": {"application/json": {"schema": {
                            "type": "array", "items": {"$ref": "#/components/schemas/Event"}}}},
                    },
                    "400": _json("Error", "A request the API cannot read (for example a NUL byte in the query)."),
                },
            }
        },
        "/events/{slug}": {
            "get": {
                "operationId": "getEvent",
                "summary": "One published event with its program.",
                "parameters": [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": _json("EventDetail", "The event and its sessions."),
                    "400": _json("Error", "A request the API cannot read (for example a NUL byte in the query)."),
                    "404": _json("Error", "No published event with that slug."),
                },
            }
        },
    }
    from app.checkin import openapi as checkin_openapi  # issue 5: door check-in

    paths.update(checkin_openapi.paths())
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Samling API",
            "version": "1.0.0",
            "description": "Events, programs and door check-in for Kulturskolerådet's gatherings.",
        },
        "servers": [{"url": current_app.config["BASE_URL"] + "/api/v1"}],
        "paths": paths,
        "components": {
            "schemas": {**_schemas(), **checkin_openapi.schemas()},
            "securitySchemes": checkin_openapi.SECURITY_SCHEMES,
        },
    }
