"""Every rule × method of the app's URL map, filled with values from the world as a role would know them."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from flask import Flask
from werkzeug.routing import Rule

from app.core import tokens
from tests.security.access_table import Access
from tests.security.world import World

SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# URL argument → the World attribute every role uses, unless the table's row or a role's own knowledge says otherwise.
DEFAULTS = {
    "slug": "slug", "code": "badge_code", "session_id": "session_id", "registration_id": "other_registration_id",
    "notice_id": "notice_id", "survey_id": "survey_id", "question_id": "question_id", "track_id": "track_id",
    "venue_id": "venue_id", "room_id": "room_id", "material_id": "material_id", "message_id": "message_id",
    "speaker_id": "speaker_id", "user_id": "door_id", "resource_id": "resource_id",
    "number": "invoice_number", "series_id": "series_id", "member_id": "series_member_id",
}

# What a `<token>` is, by where it sits; and which of them each role holds.
TOKEN_KINDS = {"/me/signin/": "person_link", "/me/calendar/": "person_feed", "/me/": "manage", "/calendar/": "feed",
               "/survey/": "survey", "/speaker/login/": "speaker_link", "/mail/unsubscribe/": "unsubscribe",
               "/group/": "group", "/series/": "series_member", "/mentoring/followup/": "followup"}
KNOWN_TOKENS = {
    "participant": {"manage": "manage_token", "feed": "feed_token", "survey": "survey_token", "group": "group_token",
                    "person_feed": "person_feed_token", "person_link": "person_link_token", "series_member": "series_member_token",
                    "followup": "followup_token"},
    "speaker": {"feed": "speaker_feed_token", "speaker_link": "speaker_link_token"},
}
PARTICIPANT_TOKENS = ("manage_token", "feed_token", "survey_token", "badge_code")

# "Someone else's", each swap tried on its own where the rule has its arguments: the other event (and a badge
# from it, its survey) for the team of A; the other speaker's session, and the other speaker's file on our own.
_OTHER_EVENT = [{"slug": "other_slug", "code": "other_event_badge_code"}, {"survey_id": "other_survey_id"},
                {"number": "other_invoice_number"}]
FOREIGN = {
    "door": _OTHER_EVENT,
    "viewer": _OTHER_EVENT,
    "arranger": _OTHER_EVENT,
    "speaker": [{"session_id": "other_speaker_session_id"}, {"material_id": "other_material_id"}],
}


def key_of(rule: Rule, method: str) -> str:
    return f"{method} {rule.rule}"


def rules(app: Flask) -> Iterator[tuple[str, Rule, str]]:
    """(table key, rule, method) for every rule and method but `static`, HEAD and OPTIONS."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield key_of(rule, method), rule, method


def token_kind(rule: Rule) -> str:
    for prefix, kind in TOKEN_KINDS.items():
        if rule.rule.startswith(prefix):
            return kind
    raise AssertionError(f"{rule.rule}: what kind of <token> is this? Add it to TOKEN_KINDS in {__name__}.")


def unknown_token() -> str:
    """Well-formed, real-looking, and nobody's."""
    return tokens.derive("nobody", tokens.new_salt())


@dataclass(frozen=True)
class Request:
    role: str
    variant: str  # "own" or what the foreign values are
    url: str


def _any_values(rule: Rule, name: str) -> list[str] | None:
    converter = rule._converters[name]
    if converter.__class__.__name__ == "AnyConverter":
        return sorted(converter.items)
    return None


def _values(rule: Rule, world: World, role: str, row: Access, overrides: dict[str, str]) -> list[dict[str, object]]:
    """One dict of URL values per variant of the any-converters (every one is walked)."""
    base: dict[str, object] = {}
    choices: dict[str, list[str]] = {}
    for name in rule.arguments:
        if name in row.fixed:
            base[name] = row.fixed[name]
        elif (items := _any_values(rule, name)) is not None:
            choices[name] = items
        elif name in overrides:
            base[name] = getattr(world, overrides[name])
        elif name in row.values:
            base[name] = getattr(world, row.values[name])
        elif name == "token":
            known = KNOWN_TOKENS.get(role, {}).get(token_kind(rule))
            base[name] = getattr(world, known) if known else unknown_token()
        elif name in DEFAULTS:
            base[name] = getattr(world, DEFAULTS[name])
        else:
            raise AssertionError(f"{rule.rule}: no sample value for <{name}>; add it to DEFAULTS or the row's values.")
    combos = [base]
    for name, items in choices.items():
        combos = [{**c, name: item} for c in combos for item in items]
    return combos


def urls(app: Flask, rule: Rule, world: World, role: str, row: Access, *, foreign: bool = False) -> list[Request]:
    """The URLs `role` uses for `rule`: its own values, or (foreign) someone else's."""
    variants: list[tuple[str, dict[str, str]]] = []
    if not foreign:
        variants.append(("own", {}))
    elif role == "participant":
        own = KNOWN_TOKENS["participant"].get(token_kind(rule)) if "token" in rule.arguments else None
        if own is None:
            raise AssertionError(f"{rule.rule}: a participant's foreign values are their other tokens; no <token> here")
        variants += [(f"{other} as {own}", {"token": other}) for other in PARTICIPANT_TOKENS if other != own]
    else:
        for swaps in FOREIGN[role]:
            swap = {k: v for k, v in swaps.items() if k in rule.arguments}
            if swap:
                variants.append((", ".join(f"{k}={v}" for k, v in swap.items()), swap))
        if not variants:
            raise AssertionError(f"{rule.rule}: nothing of someone else's to put in for {role}")
    found = []
    with app.test_request_context():
        for variant, overrides in variants:
            for values in _values(rule, world, role, row, overrides):
                found.append(Request(role, variant, app.url_for(rule.endpoint, **values)))
    return found
