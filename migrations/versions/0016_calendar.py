"""calendars: cancellations reach imported attachments (issue 15)

Revision ID: 0016_calendar
Revises: 0014_surveys
Create Date: 2026-12-02 06:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016_calendar'
down_revision = '0014_surveys'
branch_labels = None
depends_on = None


def upgrade():
    # Registration.calendar_sequence: the participant's own count added to SEQUENCE in e-mailed .ics files.
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar_sequence', sa.Integer(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('calendar_sequence')
