"""Anonymity by construction: nothing in the schema ties an answer to a person, an invitation or a token."""
from __future__ import annotations

from sqlalchemy import Boolean, Date, DateTime, func, inspect, select

from app.extensions import db
from app.models import SurveyPendingResponse, SurveyResponse
from app.models.surveys import ANSWER_SIDE_TABLES
from app.models.types import UTCDateTime
from app.surveys import answering
from tests.surveys.helpers import after_event, answer, gathering, invitation_tokens, small_survey

# What an answer row may point at: the survey's own structure and the program, nothing about people.
ALLOWED_TARGETS = {"surveys", "survey_questions", "survey_options", "survey_responses", "sessions"}
TELLING_WORDS = ("registration", "invitation", "token", "email", "user", "person", "name", "ip", "agent",
                 "created", "updated", "_at", "time", "seq", "order")


def test_no_column_key_or_timestamp_ties_an_answer_row_to_a_person_invitation_or_token(app):
    tables = db.metadata.tables
    assert set(ANSWER_SIDE_TABLES) == {"survey_responses", "survey_answers", "survey_session_ratings",
                                       "survey_response_pool"}
    for name in ANSWER_SIDE_TABLES:
        table = tables[name]
        assert {fk.column.table.name for fk in table.foreign_keys} <= ALLOWED_TARGETS, name
        for column in table.columns:
            assert not isinstance(column.type, DateTime | UTCDateTime), f"{name}.{column.name} is a timestamp"
            assert not any(word in column.name for word in TELLING_WORDS), f"{name}.{column.name}"
        (key,) = table.primary_key.columns
        assert key.autoincrement is False and key.default.arg.__name__ == "random_key", f"{name}: no counter as key"
        assert table.dialect_options["sqlite"]["with_rowid"] is False, f"{name}: no hidden rowid order"
    # The answer date is a day, not a time.
    assert type(tables["survey_responses"].c.answered_on.type) is Date
    # Session ratings are not even tied to their response (the set of sessions is a fingerprint).
    assert "response_id" not in tables["survey_session_ratings"].c
    # Nothing else points at the answer side.
    for table in tables.values():
        if table.name not in ANSWER_SIDE_TABLES:
            targets = {fk.column.table.name for fk in table.foreign_keys}
            assert not targets & set(ANSWER_SIDE_TABLES), table.name
    # The invitation knows only *whether* someone answered, not when or what.
    invitations = tables["survey_invitations"]
    assert isinstance(invitations.c.answered.type, Boolean)
    assert [c.name for c in invitations.columns if "answer" in c.name] == ["answered"]


def test_the_migrated_database_has_the_same_shape(app):
    """The migration (what production runs) agrees with the models: checked on the live test database."""
    with app.app_context():
        inspector = inspect(db.engine)
        for name in ANSWER_SIDE_TABLES:
            targets = {fk["referred_table"] for fk in inspector.get_foreign_keys(name)}
            assert targets <= ALLOWED_TARGETS, name
            for column in inspector.get_columns(name):
                assert not isinstance(column["type"], DateTime), f"{name}.{column['name']}"
                assert not column.get("autoincrement") or db.engine.dialect.name == "sqlite", f"{name}: a sequence"
                assert "nextval" not in str(column.get("default") or ""), f"{name}.{column['name']} has a sequence"
                assert not any(word in column["name"] for word in TELLING_WORDS), f"{name}.{column['name']}"
            if db.engine.dialect.name == "sqlite":
                sql = db.session.execute(db.text("SELECT sql FROM sqlite_master WHERE name = :n"), {"n": name}).scalar()
                assert "WITHOUT ROWID" in sql, name
        db.session.remove()


def test_answers_reach_the_results_only_in_shuffled_groups_of_five(app, make):
    """A lone answer is held in the pool; when the fifth arrives all five are written together, with random
    keys, so neither key order nor write order says which invitation an answer came with."""
    g = gathering(app, make, people=6)
    with app.app_context():
        survey = small_survey(g.event_id)
        after_event(g)
        from app.surveys.cli import send_due

        send_due()
        tokens = invitation_tokens(survey.id)
        overall = next(q.id for q in survey.questions if q.key == "overall")
        for i, rid in enumerate(g.registration_ids[:5]):
            answer(tokens[rid], {f"q{overall}": [str(1 + i)]})
            stored = db.session.scalar(select(func.count()).select_from(SurveyResponse))
            pooled = db.session.scalar(select(func.count()).select_from(SurveyPendingResponse))
            assert (stored, pooled) == ((0, i + 1) if i < 4 else (5, 0))
        keys = sorted(db.session.scalars(select(SurveyResponse.id)).all())
        assert len(keys) == 5 and keys[-1] - keys[0] > 10**9  # random 63-bit keys, not a counter
        days = set(db.session.scalars(select(SurveyResponse.answered_on)).all())
        assert days == {answering.today()}
        db.session.remove()
