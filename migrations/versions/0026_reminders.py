"""reminders before an event: the days before, the meeting link of an online event (issue 18)

Revision ID: 0026_reminders
Revises: 0025_certificates
Create Date: 2026-12-02 18:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0026_reminders'
down_revision = '0025_certificates'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_url', sa.String(length=500), server_default='', nullable=False))
        batch_op.add_column(sa.Column('reminder_days', sa.Integer(), server_default='7', nullable=False))


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('reminder_days')
        batch_op.drop_column('meeting_url')
