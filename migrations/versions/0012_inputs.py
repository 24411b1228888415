"""inputs: check-in scan marks, uploads (issue 14, uploads and inputs)

Revision ID: 0012_inputs
Revises: 0011_sessions
Create Date: 2026-12-02 06:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012_inputs'
down_revision = '0011_sessions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_scanned_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_column('client_scanned_at')
