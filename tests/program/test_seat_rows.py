"""The seat counts come back as named rows (SeatRow, PlaceRow), in one query each."""
from datetime import timedelta

from app.extensions import db
from app.models import ChoiceStatus, RegistrationStatus, SessionKind
from app.program import queries, versioning
from app.registration import seats, service
from tests.conftest import count_queries
from tests.factories import applicant


def test_event_state_is_one_query_with_named_counts(app, ctx, make):
    event = make.event(capacity=2)
    workshop = make.session(event, kind=SessionKind.WORKSHOP, capacity=1, starts_at=event.starts_at + timedelta(hours=1))
    empty = make.session(event, kind=SessionKind.PARALLEL, capacity=None, starts_at=event.starts_at + timedelta(hours=3))
    make.session(event, kind=SessionKind.PLENARY)  # no sign-up: no seats of its own
    for i in range(3):
        service.register(event.id, applicant(i), [workshop.id])
    version = versioning.current(versioning.PROGRAM)
    assert version > 0 and event.capacity == 2  # the event itself loaded, as the page has it

    with count_queries(app) as statements:
        state = queries.event_state(event)
    assert len(statements) == 1
    assert state == queries.EventState(version, queries.Counts(2, 2, 1), {
        workshop.id: queries.Counts(1, 1, 1), empty.id: queries.Counts(None, 0, 0)})


def test_an_event_without_registrations_has_zero_seats_taken(ctx, make):
    event = make.event(capacity=5)
    assert queries.event_state(event).event == queries.Counts(5, 0, 0)


def test_new_registration_places_reads_its_rows_by_name(ctx, make):
    event = make.event(capacity=1)
    workshop = make.session(event, kind=SessionKind.WORKSHOP, capacity=1, starts_at=event.starts_at + timedelta(hours=1))
    first = service.register(event.id, applicant(1), [workshop.id])
    service.register(event.id, applicant(2))
    row = seats.lock_event_for_registration(event.id)
    chosen = service.validate_session_choice(event.id, [workshop.id])
    places = seats.new_registration_places(row, "deltaker1@example.org", chosen)
    db.session.rollback()
    assert places == seats.NewPlaces((RegistrationStatus.WAITLISTED, 2), {workshop.id: (ChoiceStatus.PENDING, None)},
                                     (first.id, True))
