"""Single-use, expiring sign-in links for speakers (they have no password)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core import clock
from app.extensions import db
from app.models.types import HashedToken, UTCDateTime


class SpeakerLoginToken(db.Model):
    __tablename__ = "speaker_login_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(20))  # invitation | login
    invited_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    speaker = relationship("Speaker")


class SpeakerSignIn(HashedToken, db.Model):
    """One sign-in of a speaker (a browser): the session cookie carries its token, only the hash is here.
    Logging out revokes it, so a copy of the cookie opens nothing afterwards."""

    __tablename__ = "speaker_sign_ins"

    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"), index=True)
