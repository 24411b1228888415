"""auth: session generation, remember-me tokens, link limits (issue 14, sign-in)

Revision ID: 0011_sessions
Revises: 0010_mail
Create Date: 2026-12-02 06:10:00

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0011_sessions'
down_revision = '0010_mail'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
