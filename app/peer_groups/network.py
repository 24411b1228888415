"""«Fortsett som nettverk»: a published peer group continues as a small digital network series (app/series,
kind digital_network, not listed publicly). Its members join it through the organiser and each gets an e-mail
(the outbox) with her own member link; the member list shows name and kommune only, as the group page did."""
from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from app.audit.log import Actor, record
from app.extensions import db
from app.mail import outbox, texts
from app.models import Event, JoinedVia, SeriesKind
from app.peer_groups.service import Refused, _group
from app.registration.seats import lock_event
from app.series import invitations
from app.series import service as series_service


def _slug(event: Event, group_id: int) -> str:
    return f"kollegagruppe-{group_id}-{event.slug}"[:80].rstrip("-")


def continue_as_network(event_id: int, group_id: int, actor: Actor):
    """The series for the group and how many members were e-mailed. Refused: `not_published`, `already`."""
    event = lock_event(event_id)
    group = _group(event_id, group_id)
    if not group.is_published:
        raise Refused("not_published")
    if group.series_id is not None:
        raise Refused("already")
    with force_locale("nb"):
        title = f"{group.name} – {event.title}"[:200]
        description = _("Kollegagruppen fra %(event)s møtes videre digitalt.", event=event.title)
    series = series_service.create(series_service.SeriesDraft(
        title=title, slug=_slug(event, group.id), kind=SeriesKind.DIGITAL_NETWORK, description=description,
        public=False), actor)
    db.session.flush()
    group.series_id = series.id
    invited = 0
    for member in group.active_members:
        registration = member.registration
        if not registration.email:
            continue
        joined = series_service.join(series.id, series_service.MemberDraft(
            registration.full_name, registration.email, registration.municipality_number,
            show_in_member_list=True), JoinedVia.ORGANISER, actor)
        mail = texts.write("peer_group_network", series=series, group=group, event=event, member=joined.member,
                           member_url=invitations.member_url(series, joined.member))
        outbox.queue(kind="peer_groups.network", to=joined.member.email, subject=mail.subject, text=mail.text,
                     html=mail.html, event_id=event.id, registration_id=registration.id,
                     dedupe_key=f"peer_group:{group.id}:network:{joined.member.id}")
        invited += 1
    db.session.flush()
    record(actor, "peer_group", group.id, "network", {"series_id": [None, str(series.id)]}, event_id=event_id)
    return series, invited
