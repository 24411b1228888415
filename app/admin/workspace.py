"""The event workspace: the eight tabs every organiser page of an event shows, their sub-pages and the
breadcrumbs. One list (TABS) and one function (`navigation`) that templates/admin/_event.html renders.

A page names where it sits with `tab` (and `subtab`) in its template; `crumb` adds its own title as the last
breadcrumb (a session, a registration, a survey).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext

from app.models import Event


@dataclass(frozen=True)
class Page:
    name: str
    label: object  # a lazy string
    endpoint: str
    params: tuple[tuple[str, str], ...] = ()  # extra query arguments, e.g. the outbox filtered to the event
    optional: bool = False  # shown only while the endpoint exists (admin.event_team comes with the roles branch)
    per_event: bool = True  # the endpoint takes the event's slug


@dataclass(frozen=True)
class Tab:
    name: str
    label: object
    endpoint: str
    pages: tuple[Page, ...] = ()


class _Plural:
    """pgettext('flertall', …) looked up when shown (lazy_pgettext is not in every Flask-Babel)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return pgettext("flertall", self.text)


TABS: tuple[Tab, ...] = (
    Tab("overview", _l("Oversikt"), "admin.event"),
    Tab("program", _l("Program"), "admin.program", (
        Page("program", _l("Programmet"), "admin.program"),
        Page("notices", _l("Programendringer"), "admin.notices"),
        Page("tracks", _Plural("Spor"), "admin.tracks"),
    )),
    Tab("registrations", _l("Påmeldinger"), "admin.registrations", (
        Page("list", _l("Liste"), "admin.registrations"),
        Page("exports", _l("Lister og eksport"), "admin.exports"),
    )),
    Tab("email", _l("E-post"), "admin.bulk_email", (
        Page("compose", _l("Skriv e-post"), "admin.bulk_email"),
        Page("sent", _l("Sendte e-poster"), "admin.outbox", per_event=False),
    )),
    Tab("badges", _Plural("Navneskilt"), "badges_admin.sheet_form"),
    Tab("checkin", _l("Innsjekk"), "checkin_admin.overview"),
    Tab("surveys", _l("Tilbakemeldinger"), "surveys_admin.for_event"),
    Tab("settings", _l("Innstillinger"), "admin.edit_event", (
        Page("details", _l("Detaljer"), "admin.edit_event"),
        Page("team", _l("Team"), "admin.event_team", optional=True),
        Page("copy", _l("Kopier"), "admin.copy_event"),
    )),
)
BY_NAME = {tab.name: tab for tab in TABS}


@dataclass(frozen=True)
class Link:
    label: str
    href: str | None  # None: a breadcrumb for a page that has no tab of its own (the current one)
    current: bool = False


@dataclass(frozen=True)
class Navigation:
    tabs: list[Link]
    pages: list[Link]  # the current tab's sub-navigation (empty when it has none)
    crumbs: list[Link]


def _href(page: Page | Tab, event: Event) -> str:
    params = dict(getattr(page, "params", ()))
    if getattr(page, "per_event", True):
        return url_for(page.endpoint, slug=event.slug, **params)
    return url_for(page.endpoint, event=event.slug, **params)


def visible_pages(tab: Tab) -> list[Page]:
    return [p for p in tab.pages if not p.optional or p.endpoint in current_app.view_functions]


def navigation(event: Event, tab: str, subtab: str | None = None, crumb: str | None = None) -> Navigation:
    """The tabs with `tab` current, its sub-pages with `subtab` current (default: the first) and the
    breadcrumbs «Arrangementer › <event> › <tab> › <sub-page> › <crumb>»."""
    current = BY_NAME[tab]
    tabs = [Link(str(t.label), _href(t, event), t.name == tab) for t in TABS]
    pages = visible_pages(current)
    chosen = next((p for p in pages if p.name == subtab), pages[0] if pages else None)
    sub_links = [Link(str(p.label), _href(p, event), p is chosen) for p in pages]
    trail = [Link(str(_l("Arrangementer")), url_for("admin.dashboard")),
             Link(event.title, url_for("admin.event", slug=event.slug))]
    if tab != "overview" or crumb:
        trail.append(Link(str(current.label), _href(current, event)))
    if chosen is not None and chosen is not pages[0]:
        trail.append(Link(str(chosen.label), _href(chosen, event)))
    if crumb:
        trail.append(Link(crumb, None))
    trail[-1] = Link(trail[-1].label, trail[-1].href, current=True)
    return Navigation(tabs, sub_links, trail)


def register(app: Flask) -> None:
    app.jinja_env.globals.update(workspace_navigation=navigation)
