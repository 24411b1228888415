"""Column types shared by the models."""
from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum, String, TypeDecorator
from sqlalchemy.orm import Mapped, mapped_column

from app.core import clock
from app.core.text import one_line


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; use app.core.clock")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class OneLine(TypeDecorator):
    """Single-line text (titles, names, organisation, room, subject lines): stored through
    `app.core.text.one_line`, so a line break or another control character never reaches the database,
    whichever path (form, API, import, Core INSERT) wrote it. The schema is a plain VARCHAR."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect):
        return one_line(value)


def str_enum(enum_cls: type[enum.Enum], length: int = 24) -> Enum:
    """A portable enum column storing the member's value as text (no native PG enum)."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class HashedToken:
    """The columns of a secret handed out once and kept only as its SHA-256 hash (a sign-in, a scanner's
    bearer token): looked up by the hash, revoked by a time, never stored in the clear."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
