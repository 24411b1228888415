"""The program editor's time × room grid: one table per Oslo day, a row per start time, a column per room."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.core import clock
from app.models import Room, Session, SessionStatus


@dataclass(frozen=True)
class GridRow:
    starts_at: datetime
    cells: list[list[Session]]  # one list per column


@dataclass(frozen=True)
class DayGrid:
    day: date
    rooms: list[Room | None]  # None: sessions without a room
    rows: list[GridRow]


def build(sessions: list[Session], venue_rooms: list[Room]) -> list[DayGrid]:
    """Scheduled sessions (time-ordered) laid out by day, start time and room."""
    by_day: dict[date, list[Session]] = {}
    for s in sessions:
        if s.status == SessionStatus.SCHEDULED:
            by_day.setdefault(clock.oslo(s.starts_at).date(), []).append(s)
    grids = []
    for day, day_sessions in sorted(by_day.items()):
        rooms = {r.id: r for r in venue_rooms}
        rooms.update({s.room.id: s.room for s in day_sessions if s.room is not None})
        columns: list[Room | None] = sorted(rooms.values(), key=lambda r: (-(r.capacity or 0), r.name))
        if any(s.room_id is None for s in day_sessions):
            columns.append(None)
        index = {(r.id if r else None): i for i, r in enumerate(columns)}
        rows: dict[datetime, list[list[Session]]] = {}
        for s in day_sessions:
            cells = rows.setdefault(s.starts_at, [[] for _ in columns])
            cells[index[s.room_id]].append(s)
        grids.append(DayGrid(day, columns, [GridRow(start, cells) for start, cells in sorted(rows.items())]))
    return grids
