"""surveys, calendars and the door (issue 15)

Revision ID: 0014_surveys
Revises: 0013_seats
Create Date: 2026-12-02 06:10:00

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0014_surveys'
down_revision = '0013_seats'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
