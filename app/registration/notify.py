"""The e-mails a change of a registration causes, queued in the same transaction (the outbox).

Queuing is cheap (a row with the subject and a small context) because it happens while the
event's seats are locked; the body — `templates/mail/<name>.txt` and `.html` in Norwegian with
the manage link, and the participant's program as an .ics where it belongs — is rendered when
the message is sent (`render` below, via app/mail/renderers.py), showing the registration as
it is then. Sessions that leave the participant's program (workshops dropped, the registration
cancelled) are named when queued and go out as a METHOD:CANCEL .ics (app.calendar.attachments).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Row, select

from app.calendar import attachments as calendar_files
from app.extensions import db
from app.mail import outbox, texts
from app.mail.renderers import Rendered, RenderError
from app.models import ChoiceStatus, Event, OutboxMessage, Registration, Session, SessionChoice
from app.registration import links
from app.resources import welcome

RENDERER = "registration"


@dataclass(frozen=True)
class ChoiceView:
    """A session choice as it stood when the e-mail was queued (the session as it is when sent)."""

    session: Session
    status: ChoiceStatus
    waitlist_position: int | None


def _context(registration: Registration, **extra) -> dict:
    event = registration.event
    # a new leader's confirmation links to the start package (templates/mail/_start_package.*)
    start_package = welcome.start_package_url() if welcome.is_new_leader(registration) else None
    return {"registration": registration, "event": event, "manage_url": links.manage_url(registration),
            "start_package_url": start_package, **extra}


def _queue(kind: str, registration: Registration, template: str, *, with_program: bool = False,
           session: Session | None = None, event: Event | Row | None = None,
           choices: list[tuple[int, ChoiceStatus, int | None]] | None = None,
           removed: list[int] | None = None) -> None:
    """Queue one e-mail. A caller that holds the event's row (`event`, only its title is used) and
    knows the choices it has just written (`choices`) passes them, and nothing is read here.
    `removed`: sessions gone from the participant's calendar, sent as a METHOD:CANCEL file."""
    if not registration.email:
        return
    # the subject names the event or the session: nothing else is needed yet
    subject = texts.subject(template, event=event or registration.event, registration=registration, session=session)
    if choices is None:
        choices = [(c.session_id or c.session.id, c.status, c.waitlist_position) for c in registration.choices]
    outbox.queue(kind=kind, to=registration.email, subject=subject, event_id=registration.event_id,
                 registration=registration, text="", render_with=RENDERER,
                 context={"template": template, "program": with_program,
                          "session_id": session.id if session is not None else None,
                          # the places as they were given, not as they are when the e-mail is sent
                          "position": registration.waitlist_position,
                          "choices": [[sid, ChoiceStatus(status).value, pos] for sid, status, pos in choices],
                          "removed": removed or []})


def render(message: OutboxMessage, context: dict) -> Rendered:
    registration = db.session.get(Registration, message.registration_id) if message.registration_id else None
    if registration is None or not registration.email:
        raise RenderError("the registration no longer exists")
    session = db.session.get(Session, context["session_id"]) if context.get("session_id") else None
    template = context["template"]
    snapshot = context.get("choices", [])
    removed_ids = context.get("removed", [])
    wanted = [c[0] for c in snapshot] + removed_ids
    sessions = {s.id: s for s in db.session.scalars(select(Session).where(Session.id.in_(wanted)))}
    choices = [ChoiceView(sessions[sid], ChoiceStatus(status), pos) for sid, status, pos in snapshot if sid in sessions]
    removed = sorted((sessions[sid] for sid in removed_ids if sid in sessions), key=lambda s: (s.starts_at, s.id))
    mail = texts.write(template, subject_line=message.subject,
                       **_context(registration, session=session, position=context.get("position"), choices=choices,
                                  removed=removed))
    with texts.in_bokmal():
        attachments = [calendar_files.program_attachment(registration)] if context.get("program") else []
        if removed:
            attachments.append(calendar_files.cancellation_attachment(
                registration.event, removed, calendar_files.for_registration(registration, cancelled=True)))
    return Rendered(mail.text, mail.html, attachments)


def registered(registration: Registration, *, event: Row | None = None,
               choices: list[tuple[int, ChoiceStatus, int | None]] | None = None) -> None:
    """Confirmation, or 'you are on the waiting list as number N'."""
    kind = "registration.confirmed" if registration.status.value == "confirmed" else "registration.waitlisted"
    _queue(kind, registration, "registration_" + registration.status.value, with_program=True,
           event=event, choices=choices)
    welcome.queue_if_new(registration)  # a new leader's first confirmed place: the start package, once


def promoted(registration: Registration) -> None:
    _queue("registration.promoted", registration, "registration_promoted")
    welcome.queue_if_new(registration)


def session_promoted(choice: SessionChoice) -> None:
    _queue("registration.session_promoted", choice.registration, "session_promoted", session=choice.session)


def changed(registration: Registration) -> None:
    _queue("registration.changed", registration, "registration_changed", with_program=True)


def sessions_dropped(registration: Registration, session_ids: list[int]) -> None:
    """The sign-up sessions the participant gave up, with the METHOD:CANCEL file for their calendar."""
    _queue("registration.sessions_dropped", registration, "sessions_dropped", removed=session_ids)


def cancelled(registration: Registration, removed: list[int]) -> None:
    """'You are no longer registered', with every session of their program (`removed`) as a
    METHOD:CANCEL file."""
    _queue("registration.cancelled", registration, "registration_cancelled", removed=removed)


def manage_link(registration: Registration) -> None:
    """The link to the manage page, when the participant asks for it again."""
    _queue("registration.link", registration, "registration_link")


def already_registered(registration: Registration) -> None:
    """The link to the manage page, when someone registers again with the address (nothing changed)."""
    _queue("registration.already", registration, "registration_already")
