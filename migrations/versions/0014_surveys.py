"""surveys, calendars and the door (issue 15)

Revision ID: 0014_surveys
Revises: 0012_inputs
Create Date: 2026-12-02 06:10:00

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0014_surveys'
down_revision = '0012_inputs'
branch_labels = None
depends_on = None


EXAMPLE_COLUMNS = ("example_counts", "example_texts", "example_breakdown")


def upgrade():
    # Which parts of a question's results are example figures (the seed's invented data), not real answers.
    with op.batch_alter_table("survey_questions") as batch:
        for name in EXAMPLE_COLUMNS:
            batch.add_column(sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("survey_questions") as batch:
        for name in EXAMPLE_COLUMNS:
            batch.alter_column(name, server_default=None)


def downgrade():
    with op.batch_alter_table("survey_questions") as batch:
        for name in EXAMPLE_COLUMNS:
            batch.drop_column(name)
