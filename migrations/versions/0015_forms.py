"""forms: speaker invitations, markdown, event moves (issue 15)

Revision ID: 0015_forms
Revises: 0014_surveys
Create Date: 2026-12-02 06:10:00

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0015_forms'
down_revision = '0014_surveys'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
