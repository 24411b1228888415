"""The first thing a visitor sees: the events and their programs."""
from __future__ import annotations

from flask import abort, current_app, make_response, redirect, render_template, request

from app.auth.access import may
from app.core.i18n import LANG_COOKIE
from app.core.urls import safe_next
from app.models import EventStatus
from app.program import queries
from app.public import bp
from app.public.fragments import event_article
from app.registration import window


@bp.context_processor
def _helpers() -> dict:
    return {"registration_phase": window.phase}


@bp.get("/")
def index():
    upcoming, past = queries.listed_events()
    counts = queries.event_counts(upcoming)
    return render_template("public/index.html", upcoming=upcoming, past=past, counts=counts)


@bp.get("/events/<slug:slug>")
def event(slug: str):
    ev = queries.event_by_slug(slug, include_drafts=True)
    if ev is None or (ev.status == EventStatus.DRAFT and not may(ev, "view")):  # a draft: its team's preview
        abort(404)
    return render_template("public/event.html", event=ev, body=event_article(ev, queries.event_state(ev)))


@bp.get("/lang/<code>")
def set_language(code: str):
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    response = make_response(redirect(safe_next(request.args.get("next")), code=303))
    response.set_cookie(
        LANG_COOKIE,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
    )
    return response
