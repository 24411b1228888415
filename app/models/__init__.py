"""All models, imported here so Alembic and the app see one metadata."""
from app.models.audit import AuditEntry
from app.models.checkins import Checkin, ScanNonce
from app.models.events import (
    SIGNUP_KINDS,
    Event,
    EventKind,
    EventStatus,
    Session,
    SessionKind,
    SessionStatus,
    Track,
)
from app.models.materials import FileType, MaterialKind, SessionMaterial
from app.models.notices import NoticeStatus, ProgramNotice
from app.models.outbox import FINAL_STATUSES, MailOptOut, OutboxMessage, OutboxStatus
from app.models.people import (
    ApiToken,
    SessionSpeaker,
    Speaker,
    SpeakerRole,
    User,
    UserRole,
    UserSignIn,
    staff_assignments,
)
from app.models.places import County, Municipality, Room, Venue
from app.models.registrations import (
    ChoiceStatus,
    ParticipantRole,
    Registration,
    RegistrationStatus,
    SessionChoice,
    YearsBand,
)
from app.models.speaker_access import SpeakerLoginToken
from app.models.surveys import (
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyAudience,
    SurveyInvitation,
    SurveyOption,
    SurveyPendingResponse,
    SurveyQuestion,
    SurveyResponse,
    SurveySessionRating,
    SurveyStatus,
)
from app.models.versions import ContentVersion

__all__ = [
    "AuditEntry",
    "Checkin",
    "ChoiceStatus",
    "ScanNonce",
    "FileType",
    "MaterialKind",
    "SessionMaterial",
    "NoticeStatus",
    "OutboxMessage",
    "ProgramNotice",
    "OutboxStatus",
    "MailOptOut",
    "FINAL_STATUSES",
    "ParticipantRole",
    "Registration",
    "RegistrationStatus",
    "SessionChoice",
    "YearsBand",
    "SIGNUP_KINDS",
    "ApiToken",
    "ContentVersion",
    "County",
    "Event",
    "EventKind",
    "EventStatus",
    "Municipality",
    "Room",
    "Session",
    "SessionKind",
    "SessionSpeaker",
    "SessionStatus",
    "Speaker",
    "SpeakerLoginToken",
    "SpeakerRole",
    "QuestionKind",
    "Survey",
    "SurveyAnswer",
    "SurveyAudience",
    "SurveyInvitation",
    "SurveyOption",
    "SurveyPendingResponse",
    "SurveyQuestion",
    "SurveyResponse",
    "SurveySessionRating",
    "SurveyStatus",
    "Track",
    "User",
    "UserRole",
    "UserSignIn",
    "Venue",
    "staff_assignments",
]
