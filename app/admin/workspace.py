"""The event workspace: the eight tabs every organiser page of an event shows, their sub-pages and the
breadcrumbs. One list (TABS) and one function (`navigation`) that templates/admin/_event.html renders.

A page names where it sits with `tab` (and `subtab`) in its template; `crumb` adds its own title as the last
breadcrumb (a session, a registration, a survey).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from app.auth.access import may
from app.models import Event


@dataclass(frozen=True)
class Page:
    name: str
    label: object  # a lazy string
    endpoint: str
    per_event: bool = True  # the endpoint takes the event's slug; False: a page for all events, filtered (?event=)
    action: str = "view"  # what the user must be allowed on the event to see it (app.auth.access)


@dataclass(frozen=True)
class Tab:
    name: str
    label: object
    endpoint: str
    pages: tuple[Page, ...] = ()
    action: str = "view"


TABS: tuple[Tab, ...] = (
    Tab("overview", _l("Oversikt"), "admin.event"),
    Tab("program", _l("Program"), "program_organiser.program", (
        Page("program", _l("Programmet"), "program_organiser.program"),
        Page("notices", _l("Programendringer"), "program_organiser.notices"),
        Page("tracks", lazy_pgettext("flertall", "Spor"), "program_organiser.tracks"),
    )),
    Tab("registrations", _l("Påmeldinger"), "registration_organiser.registrations", (
        Page("list", _l("Liste"), "registration_organiser.registrations"),
        Page("exports", _l("Lister og eksport"), "registration_organiser.exports"),
        Page("certificates", _l("Kursbevis"), "certificates_organiser.page"),
        Page("peer-groups", _l("Kollegagrupper"), "peer_groups_organiser.page"),
        Page("reminders", _l("Påminnelser"), "reminders_organiser.page"),
    )),
    Tab("email", _l("E-post"), "registration_organiser.bulk_email", (
        Page("compose", _l("Skriv e-post"), "registration_organiser.bulk_email", action="edit"),
        Page("sent", _l("Sendte e-poster"), "admin.outbox", per_event=False, action="admin"),
    ), action="edit"),
    Tab("badges", lazy_pgettext("flertall", "Navneskilt"), "badges_organiser.sheet_form"),
    Tab("checkin", _l("Innsjekk"), "checkin_organiser.overview"),
    Tab("surveys", _l("Tilbakemeldinger"), "surveys_organiser.for_event"),
    Tab("invoices", _l("Fakturaer"), "invoicing_organiser.invoices", (
        Page("list", _l("Fakturaer"), "invoicing_organiser.invoices"),
        Page("overdue", _l("Forfalte"), "invoicing_organiser.overdue"),
        Page("payments", _l("Importer betalinger"), "invoicing_organiser.payments_form", action="edit"),
    )),
    Tab("settings", _l("Innstillinger"), "program_organiser.edit_event", (  # read-only for lesetilgang
        Page("details", _l("Detaljer"), "program_organiser.edit_event"),
        Page("team", _l("Team"), "admin.event_team"),
        Page("prices", _l("Priser og tillegg"), "prices_organiser.prices", action="edit"),
        Page("copy", _l("Kopier"), "program_organiser.copy_event", action="edit"),
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


def _href(endpoint: str, event: Event, per_event: bool = True) -> str:
    return url_for(endpoint, slug=event.slug) if per_event else url_for(endpoint, event=event.slug)


def visible_pages(tab: Tab, event: Event) -> list[Page]:
    return [p for p in tab.pages if may(event, p.action)]


def navigation(event: Event, tab: str, subtab: str | None = None, crumb: str | None = None) -> Navigation:
    """The tabs with `tab` current, its sub-pages with `subtab` current (default: the first) and the
    breadcrumbs «Arrangementer › <event> › <tab> › <sub-page> › <crumb>»."""
    current = BY_NAME[tab]
    tabs = [Link(str(t.label), _href(t.endpoint, event), t.name == tab) for t in TABS if may(event, t.action)]
    pages = visible_pages(current, event)
    chosen = next((p for p in pages if p.name == subtab), pages[0] if pages else None)
    sub_links = [Link(str(p.label), _href(p.endpoint, event, p.per_event), p is chosen) for p in pages]
    trail = [Link(str(_l("Arrangementer")), url_for("admin.dashboard")),
             Link(event.title, url_for("admin.event", slug=event.slug))]
    if tab != "overview" or crumb:
        trail.append(Link(str(current.label), _href(current.endpoint, event)))
    if chosen is not None and chosen is not pages[0]:
        trail.append(Link(str(chosen.label), _href(chosen.endpoint, event, chosen.per_event)))
    if crumb:
        trail.append(Link(crumb, None))
    trail[-1] = Link(trail[-1].label, trail[-1].href, current=True)
    return Navigation(tabs, sub_links, trail)


def register(app: Flask) -> None:
    app.jinja_env.globals.update(workspace_navigation=navigation)
