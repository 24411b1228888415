"""inputs: check-in scan marks, uploads (issue 14, uploads and inputs)

Revision ID: 0012_inputs
Revises: 0011_sessions
Create Date: 2026-12-02 06:10:00

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0012_inputs'
down_revision = '0011_sessions'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
