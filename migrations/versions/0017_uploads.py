"""uploads and exports (issue 14)

Revision ID: 0017_uploads
Revises: 0016_calendar
Create Date: 2026-12-02 06:10:00

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0017_uploads'
down_revision = '0016_calendar'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
