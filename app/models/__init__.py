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
from app.models.groups import RegistrationGroup
from app.models.materials import FileType, MaterialKind, SessionMaterial
from app.models.notices import NoticeStatus, ProgramNotice
from app.models.outbox import FINAL_STATUSES, MailOptOut, OutboxMessage, OutboxStatus
from app.models.people import (
    ApiToken,
    EventRole,
    SessionSpeaker,
    Speaker,
    SpeakerRole,
    TeamMember,
    User,
    UserRole,
    UserSignIn,
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
from app.models.resources import DocumentType, Resource, ResourceAudience, ResourceKind
from app.models.speaker_access import SpeakerLoginToken, SpeakerSignIn
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
    "DocumentType",
    "Resource",
    "ResourceAudience",
    "ResourceKind",
    "EventRole",
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
    "RegistrationGroup",
    "Room",
    "Session",
    "SessionKind",
    "SessionSpeaker",
    "SessionStatus",
    "Speaker",
    "SpeakerLoginToken",
    "SpeakerSignIn",
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
    "TeamMember",
    "Track",
    "User",
    "UserRole",
    "UserSignIn",
    "Venue",
]
