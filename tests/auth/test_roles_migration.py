"""Migration 0017_roles on a database with old data: organisers become administrators, door staff's
assignments become dørvakt rows on the events' teams; and back."""
from __future__ import annotations

import os

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from app import create_app
from app.extensions import db
from tests.pgdb import throwaway_database

OLD_USERS = (("sjef@example.org", "organiser"), ("dor@example.org", "staff"), ("ny@example.org", "staff"))


def _database(tmp_path):
    base = os.environ.get("TEST_DATABASE_URL", "").strip()
    if base:
        return throwaway_database(base, "samling_migration")
    return "sqlite:///" + str(tmp_path / "old.db"), lambda: None


def _rows(sql: str) -> list[tuple]:
    return [tuple(r) for r in db.session.execute(text(sql))]


def test_organisers_become_administrators_and_staff_assignments_dorvakt_rows(tmp_path):
    url, drop = _database(tmp_path)
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test-secret"})
    try:
        with app.app_context():
            upgrade(revision="0016_calendar")
            for slug in ("a", "b"):
                db.session.execute(text(
                    "INSERT INTO events (slug, title, kind, status, theme, description, starts_at, ends_at, is_online,"
                    " contact_name, contact_email, created_at, updated_at) VALUES "
                    "(:slug, :slug, 'conference', 'published', '', '', '2027-04-14 07:00:00', '2027-04-15 14:00:00',"
                    " true, '', '', '2026-12-01 10:00:00', '2026-12-01 10:00:00')"), {"slug": slug})
            for email, role in OLD_USERS:
                db.session.execute(text(
                    "INSERT INTO users (email, name, password_hash, role, active, created_at, session_generation) "
                    "VALUES (:email, '', 'x', :role, true, '2026-12-01 10:00:00', 1)"), {"email": email, "role": role})
            db.session.execute(text(
                "INSERT INTO staff_assignments (user_id, event_id) SELECT u.id, e.id FROM users u, events e "
                "WHERE u.email = 'dor@example.org'"))
            db.session.commit()

            upgrade(revision="0017_roles")
            assert _rows("SELECT email, role FROM users ORDER BY email") == [
                ("dor@example.org", "member"), ("ny@example.org", "member"), ("sjef@example.org", "administrator")]
            assert _rows("SELECT u.email, e.slug, t.role FROM event_team t JOIN users u ON u.id = t.user_id "
                         "JOIN events e ON e.id = t.event_id ORDER BY e.slug") == [
                ("dor@example.org", "a", "door"), ("dor@example.org", "b", "door")]
            assert "staff_assignments" not in db.inspect(db.engine).get_table_names()
            db.session.commit()

            downgrade(revision="0016_calendar")
            assert _rows("SELECT email, role FROM users ORDER BY email") == [
                ("dor@example.org", "staff"), ("ny@example.org", "staff"), ("sjef@example.org", "organiser")]
            assert len(_rows("SELECT user_id, event_id FROM staff_assignments")) == 2
            db.session.remove()
            db.engine.dispose()
    finally:
        drop()
