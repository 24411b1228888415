"""Feedback surveys.

Two sides that never meet in the schema:

- **Who** (`survey_invitations`): which registration was invited and reminded, with the salt and
  digest of its single-use link, the sessions it is asked to rate, and one boolean `answered`, kept
  only to stop a second answer and to leave answered people out of the reminder. No time of answering
  is stored there: a precise `answered_at` next to the answers' day would narrow the day down.
- **What** (`survey_responses`, `survey_answers`, `survey_session_ratings`, and the holding pool
  `survey_response_pool`): no column, foreign key or timestamp that points at a person, a
  registration, an invitation or a token; the answer date is a `date` (Oslo day), never a time.

Why random keys and batches instead of an autoincrement id
----------------------------------------------------------
An autoincrement id (or SQLite's hidden rowid, or PostgreSQL's row position and transaction id)
records the order rows were written in. Joined to the order in which invitations were marked as
answered, it would put a name on a response. So:

1. Every answer-side row has a random 63-bit key (`secrets.randbits(63)`, no sequence), and on SQLite
   the tables are `WITHOUT ROWID` (stored in key order, i.e. random order), so no column or hidden
   counter says which response came first.
2. A submitted response does not go straight into `survey_responses`: it is written to
   `survey_response_pool` (a JSON payload with the answers and the day, random key, no time) in the
   same transaction that marks the invitation answered. The pool is moved into the result tables in
   shuffled order, in a separate transaction, only once it holds at least `SURVEY_POOL_SIZE` (5)
   responses, or when the survey has closed (`app/surveys/answering.py::flush_pool`). A response row
   is therefore written by a transaction shared with at least four others and with no invitation,
   which defeats a join on PostgreSQL's `xmin`/`ctid` too. The pool is never shown or exported.
3. Ratings from the per-session block are stored one row per (session, rating) **without** a
   response id (`survey_session_ratings`): the set of sessions someone attended is nearly a
   fingerprint (it is carried on the invitation), so it must not be reassembled on the answer side.
"""
from __future__ import annotations

import enum
import json
import secrets
from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core import clock
from app.extensions import db
from app.models.types import OneLine, UTCDateTime, str_enum


def random_key() -> int:
    """A random 63-bit primary key for the answer side: says nothing about order or origin (and, unlike a
    text key, keeps the indexes small and the joins of the results page fast)."""
    return secrets.randbits(63)


def question_key() -> str:
    return "q-" + secrets.token_hex(6)


class SurveyStatus(enum.StrEnum):
    DRAFT = "draft"  # being built; never sent, cannot be answered
    PUBLISHED = "published"  # invitations go out when due; answers accepted while open


class SurveyAudience(enum.StrEnum):
    CHECKED_IN = "checked_in"  # participants with a check-in at the event
    CONFIRMED = "confirmed"  # every confirmed registration


class QuestionKind(enum.StrEnum):
    SCALE = "scale"  # 1–5 with labelled ends
    RECOMMEND = "recommend"  # 0–10, "how likely is it that you would recommend …"
    SINGLE = "single"  # one option (optionally "Annet" with free text)
    MULTI = "multi"  # several options (optionally "Annet" with free text)
    TEXT = "text"  # free text
    SESSIONS = "sessions"  # rate each session attended, 1–5


CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTI})
VALUE_KINDS = frozenset({QuestionKind.SCALE, QuestionKind.RECOMMEND})


class Survey(db.Model):
    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for a template (a survey to start from, not tied to an event).
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    is_template: Mapped[bool] = mapped_column(default=False)
    # Surveys of the same series (copied from the same template or survey) are compared across events.
    series_key: Mapped[str] = mapped_column(String(60), default="", index=True)
    title: Mapped[str] = mapped_column(OneLine(200))
    intro: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[SurveyStatus] = mapped_column(str_enum(SurveyStatus), default=SurveyStatus.DRAFT)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    send_delay_minutes: Mapped[int] = mapped_column(default=120)  # after the event ends
    reminder_delay_hours: Mapped[int | None] = mapped_column(default=72)  # None: no reminder
    audience: Mapped[SurveyAudience] = mapped_column(str_enum(SurveyAudience), default=SurveyAudience.CHECKED_IN)
    min_group_size: Mapped[int] = mapped_column(default=5)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    event = relationship("Event")
    questions: Mapped[list[SurveyQuestion]] = relationship(
        back_populates="survey", order_by="SurveyQuestion.position", cascade="all, delete-orphan"
    )

    @property
    def is_published(self) -> bool:
        return self.status == SurveyStatus.PUBLISHED


class SurveyQuestion(db.Model):
    __tablename__ = "survey_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[QuestionKind] = mapped_column(str_enum(QuestionKind, 12))
    text: Mapped[str] = mapped_column(OneLine(500))
    help_text: Mapped[str] = mapped_column(OneLine(500), default="")
    required: Mapped[bool] = mapped_column(default=False)
    low_label: Mapped[str] = mapped_column(OneLine(80), default="")  # scale 1 / recommend 0
    high_label: Mapped[str] = mapped_column(OneLine(80), default="")  # scale 5 / recommend 10
    # Stable across copies of a survey: the results of two events are compared question by question.
    key: Mapped[str] = mapped_column(String(60), default=question_key)
    # The respondent's years-as-leader band (answered in the survey itself): results are broken down by it.
    is_breakdown: Mapped[bool] = mapped_column(default=False)
    # Demonstration data (the seed's invented figures): which parts of this question's results are
    # example figures, not real answers; shown as «Eksempeltall» on the results page, its PDF and exports.
    # Never copied into a new survey.
    example_counts: Mapped[bool] = mapped_column(default=False)
    example_texts: Mapped[bool] = mapped_column(default=False)
    example_breakdown: Mapped[bool] = mapped_column(default=False)

    survey: Mapped[Survey] = relationship(back_populates="questions")
    options: Mapped[list[SurveyOption]] = relationship(
        back_populates="question", order_by="SurveyOption.position", cascade="all, delete-orphan"
    )

    @property
    def has_options(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def other_option(self) -> SurveyOption | None:
        return next((o for o in self.options if o.is_other), None)


class SurveyOption(db.Model):
    __tablename__ = "survey_options"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(OneLine(300))
    is_other: Mapped[bool] = mapped_column(default=False)  # "Annet": comes with a free-text field

    question: Mapped[SurveyQuestion] = relationship(back_populates="options")


class SurveyInvitation(db.Model):
    """Who was invited, reminded, and whether they have answered (never what, never when)."""

    __tablename__ = "survey_invitations"
    __table_args__ = (UniqueConstraint("survey_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    token_salt: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The sessions this participant is asked to rate (JSON list of ids), computed when invited.
    session_ids_json: Mapped[str] = mapped_column("session_ids", Text, default="[]")
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered: Mapped[bool] = mapped_column(default=False)

    survey: Mapped[Survey] = relationship()
    registration = relationship("Registration")

    @property
    def session_ids(self) -> list[int]:
        return [int(i) for i in json.loads(self.session_ids_json or "[]")]


# --- the answer side: nothing here points at a person, an invitation or a token ----------------

_NO_ROWID = {"sqlite_with_rowid": False}


class SurveyResponse(db.Model):
    __tablename__ = "survey_responses"
    __table_args__ = (Index("ix_survey_responses_survey", "survey_id"), _NO_ROWID)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False, default=random_key)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    answered_on: Mapped[date] = mapped_column(Date)  # the day only, in Oslo


class SurveyAnswer(db.Model):
    """One answer to one question: an option (one row per chosen option), a value, or a text."""

    __tablename__ = "survey_answers"
    __table_args__ = (
        # Covering indexes: every aggregate of the results page is answered from an index alone.
        Index("ix_survey_answers_question_option_value", "question_id", "option_id", "value", "response_id"),
        Index("ix_survey_answers_response_question", "response_id", "question_id", "option_id", "value"),
        Index("ix_survey_answers_texts", "question_id", "id", sqlite_where=sql_text("text IS NOT NULL"),
              postgresql_where=sql_text("text IS NOT NULL")),
        _NO_ROWID,
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False, default=random_key)
    response_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("survey_responses.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"))
    option_id: Mapped[int | None] = mapped_column(ForeignKey("survey_options.id", ondelete="CASCADE"))
    value: Mapped[int | None] = mapped_column(SmallInteger)
    text: Mapped[str | None] = mapped_column(Text)


class SurveySessionRating(db.Model):
    """A rating of one session, deliberately not tied to a response (see the module docstring)."""

    __tablename__ = "survey_session_ratings"
    __table_args__ = (Index("ix_survey_session_ratings_question_session", "question_id", "session_id"), _NO_ROWID)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False, default=random_key)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    rating: Mapped[int] = mapped_column(SmallInteger)


class SurveyPendingResponse(db.Model):
    """A submitted response waiting to be moved, shuffled with others, into the result tables."""

    __tablename__ = "survey_response_pool"
    __table_args__ = (Index("ix_survey_response_pool_survey", "survey_id"), _NO_ROWID)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False, default=random_key)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    payload: Mapped[str] = mapped_column(Text)  # JSON: {"day": "YYYY-MM-DD", "answers": [...], "ratings": [...]}


ANSWER_SIDE_TABLES = ("survey_responses", "survey_answers", "survey_session_ratings", "survey_response_pool")
