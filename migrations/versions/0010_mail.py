"""outbox: failure reasons, ordering, bulk-mail opt-out (issue 14, e-mail)

Revision ID: 0010_mail
Revises: 0009_outbox_render
Create Date: 2026-12-02 06:10:00

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0010_mail'
down_revision = '0009_outbox_render'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
