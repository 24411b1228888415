"""An invitation from a segment (app/reach/segments.py) to an event or a series, through the outbox.

- The target: a published event that has not ended, or a public series. Anything else is refused with a reason
  (`NotInvitable`), nothing queued.
- Bulk mail (kind `reach.invitation`, app/mail/kinds.py): List-Unsubscribe when sent, an unsubscribe link in the
  text, opt-outs honoured when the segment is read and again when each message is sent.
- Once per address and target: the outbox dedupe key is `invite:<event|series>:<id>:<digest of the address>`, so
  sending again (another segment, a reload, a double click) queues only the people not invited yet; a series'
  member who had the series' own invitation to that meeting (app/series/invitations.py) is not invited again.
- Queued with the subject (the same for all) and rendered when sent (app/mail/renderers.py, `render` here): writing
  2,000 messages is 2,000 INSERTs in the organiser's transaction, not 6,000 templates.
- Audit-logged on the target with the segment and the number queued. No request globals, no commit.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select

from app.audit.log import Actor, record
from app.core import clock
from app.core.urls import absolute_url
from app.extensions import db
from app.mail import optout, outbox, renderers, texts
from app.models import Event, EventStatus, OutboxMessage, Series
from app.reach.segments import Recipient, Segment, recipients, series_of

KIND = "reach.invitation"
RENDERER = "reach.invitation"


class NotInvitable(Exception):
    """Nothing was queued; `code` says why: "unknown" target, "past" event, "empty" segment."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Target:
    kind: str  # "event" or "series"
    id: int
    title: str
    url: str
    event: Event | None = None
    series: Series | None = None

    @property
    def value(self) -> str:
        return f"{self.kind}-{self.id}"


@dataclass(frozen=True)
class Preview:
    count: int  # invited now if sent (those invited to this target before are left out)
    already: int  # in the segment, but invited to this target before
    sample: texts.Texts | None
    sample_to: str | None


def upcoming_events() -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.status == EventStatus.PUBLISHED,
                                                       Event.ends_at >= clock.now()).order_by(Event.starts_at)))


def public_series() -> list[Series]:
    return list(db.session.scalars(select(Series).where(Series.public.is_(True)).order_by(Series.title)))


def _load(value: str) -> Target | None:
    kind, _, number = (value or "").partition("-")
    if not number.isdigit():
        return None
    if kind == "event" and (event := db.session.get(Event, int(number))) is not None:
        return Target("event", event.id, event.title, absolute_url("public.event", slug=event.slug), event=event)
    if kind == "series" and (series := db.session.get(Series, int(number))) is not None:
        return Target("series", series.id, series.title, absolute_url("series.page", slug=series.slug),
                      series=series)
    return None


def target(value: str) -> Target:
    """`event-<id>` or `series-<id>` as a target that may be invited to now."""
    found = _load(value)
    if found is None or (found.event is not None and found.event.status != EventStatus.PUBLISHED) \
            or (found.series is not None and not found.series.public):
        raise NotInvitable("unknown")
    if found.event is not None and found.event.ends_at < clock.now():
        raise NotInvitable("past")
    return found


def _key_prefix(t: Target) -> str:
    return f"invite:{t.kind}:{t.id}:"


def _key(t: Target, email: str) -> str:
    return _key_prefix(t) + hashlib.sha256(email.encode()).hexdigest()[:40]


def _invited_before(t: Target) -> set[str]:
    """The addresses (lower-cased) already invited to `t`: by this kind, or by the series' own invitation."""
    stmt = select(func.lower(OutboxMessage.to_address)).where(OutboxMessage.dedupe_key.like(_key_prefix(t) + "%"))
    if t.event is not None:
        stmt = stmt.union(select(func.lower(OutboxMessage.to_address))
                          .where(OutboxMessage.event_id == t.id, OutboxMessage.kind == "series.invitation"))
    return set(db.session.scalars(stmt))


def _split(segment: Segment, t: Target) -> tuple[list[Recipient], int]:
    people = recipients(segment)
    before = _invited_before(t)
    new = [r for r in people if r.email not in before]
    return new, len(people) - len(new)


def write(t: Target, name: str, member_series: Series | None, *, unsubscribe_url: str) -> texts.Texts:
    return texts.write("reach_invitation", target=t, event=t.event, series=t.series, recipient_name=name,
                       member_series=member_series, unsubscribe_url=unsubscribe_url,
                       minside_url=absolute_url("people.home"))


def render(message: OutboxMessage, context: dict) -> renderers.Rendered:
    """The invitation's texts when it is sent (registered with app.mail.renderers by create_app)."""
    t = _load(context.get("target", ""))
    if t is None:
        raise renderers.RenderError("the event or series is gone")
    member_series = db.session.get(Series, context["member_of"]) if context.get("member_of") else None
    mail = write(t, context.get("name", ""), member_series, unsubscribe_url=optout.url_for_address(message.to_address))
    return renderers.Rendered(mail.text, mail.html)


def _without_token(url: str) -> str:
    """A preview shows the unsubscribe link without anyone's token (as the bulk mail's preview does)."""
    return url.rsplit("/", 1)[0] + "/…"


def preview(segment: Segment, t: Target) -> Preview:
    new, already = _split(segment, t)
    if not new:
        return Preview(0, already, None, None)
    first = new[0]
    sample = write(t, first.name, series_of(segment), unsubscribe_url=_without_token(absolute_url("mail.unsubscribe", token="x")))
    return Preview(len(new), already, sample, first.email)


def send(segment: Segment, t: Target, label: str, actor: Actor) -> int:
    """Queue one invitation per person in the segment not invited to `t` before; returns how many. Raises
    NotInvitable("empty") when the segment has no one (left) to invite."""
    new, _already = _split(segment, t)
    if not new:
        raise NotInvitable("empty")
    subject = texts.subject("reach_invitation", target=t, event=t.event, series=t.series)
    for r in new:
        outbox.queue(kind=KIND, to=r.email, subject=subject, text="", event_id=t.event.id if t.event else None,
                     dedupe_key=_key(t, r.email), render_with=RENDERER,
                     context={"target": t.value, "name": r.name, "member_of": r.member_of})
    record(actor, t.kind, t.id, "segment_invitation",
           {"segment": [None, label], "recipients": [None, str(len(new))]},
           event_id=t.event.id if t.event else None)
    return len(new)
