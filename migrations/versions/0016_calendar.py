"""calendars: cancellations reach imported attachments (issue 15)

Revision ID: 0016_calendar
Revises: 0015_forms
Create Date: 2026-12-02 06:10:00

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0016_calendar'
down_revision = '0015_forms'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
