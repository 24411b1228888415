"""Mail to a series' members through the outbox: a new meeting's invitation (bulk: List-Unsubscribe, opt-outs
honoured when sent) and a member's own link. Queued in the caller's transaction; sent after it commits.
The invitation is queued with its subject and rendered when sent (`render`, app/mail/renderers.py): inviting
2,000 members is 2,000 INSERTs in the organiser's transaction, not 6,000 templates."""
from __future__ import annotations

from sqlalchemy import select

from app.audit.log import Actor, record
from app.core import clock
from app.core.urls import absolute_url
from app.extensions import db
from app.mail import optout, outbox, renderers, texts
from app.models import Event, EventStatus, JoinedVia, OutboxMessage, Registration, Series, SeriesMember
from app.series import service

INVITATION_RENDERER = "series.invitation"


def member_url(series: Series, member: SeriesMember) -> str:
    return absolute_url("series.member_page", slug=series.slug, token=service.member_token(member))


def send_member_link(series: Series, member: SeriesMember) -> OutboxMessage:
    mail = texts.write("series_link", series=series, member=member, member_url=member_url(series, member))
    return outbox.queue(kind="series.link", to=member.email, subject=mail.subject, text=mail.text, html=mail.html)


def join_from_registration(event: Event, registration: Registration) -> SeriesMember | None:
    """«Bli med i nettverket» ticked on the registration form of an event in a public series: the registrant
    joins (once per e-mail) and gets the member link. Nothing for an event in no series."""
    series = event.series
    if series is None or not series.public:
        return None
    return join_as_registered(series, registration)


def join_as_registered(series: Series, registration: Registration) -> SeriesMember:
    """The registrant joins `series` with the name, e-mail, kommune and role she registered with (once per
    e-mail) and gets the member link when she is new."""
    draft = service.MemberDraft(registration.full_name, registration.email or "", registration.municipality_number,
                                registration.job_title)
    joined = service.join(series.id, draft, JoinedVia.REGISTRATION, Actor("participant", registration.full_name))
    if joined.new:
        send_member_link(series, joined.member)
    return joined.member


def invite_members(series: Series, event: Event, actor: Actor) -> int:
    """One invitation per member who takes the series' mail, once per event (dedupe); only to a published
    meeting that has not ended. Returns how many were queued now."""
    if event.status != EventStatus.PUBLISHED or event.ends_at < clock.now():
        return 0
    prefix = f"series:{series.id}:event:{event.id}:"
    already = set(db.session.scalars(select(OutboxMessage.dedupe_key)
                                     .where(OutboxMessage.dedupe_key.like(prefix + "%"))))
    members = db.session.execute(select(SeriesMember.id, SeriesMember.email)
                                 .where(SeriesMember.series_id == series.id, SeriesMember.mail_ok.is_(True)))
    subject = texts.subject("series_invitation", series=series, event=event)
    queued = 0
    for member_id, email in members:
        key = f"{prefix}{member_id}"
        if key in already:
            continue
        outbox.queue(kind="series.invitation", to=email, subject=subject, text="", event_id=event.id,
                     dedupe_key=key, render_with=INVITATION_RENDERER, context={"series_member_id": member_id})
        queued += 1
    if queued:
        record(actor, "series", series.id, "invite", {"event_id": [None, str(event.id)],
                                                      "recipients": [None, str(queued)]})
    return queued


def render_invitation(message: OutboxMessage, context: dict) -> renderers.Rendered:
    """A queued invitation's texts when it is sent (registered with app.mail.renderers by create_app)."""
    member = db.session.get(SeriesMember, context.get("series_member_id") or 0)
    event = db.session.get(Event, message.event_id or 0)
    if member is None or event is None:
        raise renderers.RenderError("the member left the series, or the meeting is gone")
    series = member.series
    mail = texts.write("series_invitation", series=series, event=event, member=member,
                       event_url=absolute_url("public.event", slug=event.slug), member_url=member_url(series, member),
                       unsubscribe_url=optout.url_for_address(message.to_address))
    return renderers.Rendered(mail.text, mail.html)
