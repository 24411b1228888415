"""seats and waiting lists, forms (issue 15)

Revision ID: 0013_seats
Revises: 0012_inputs
Create Date: 2026-12-02 06:10:00

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0013_seats'
down_revision = '0012_inputs'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
