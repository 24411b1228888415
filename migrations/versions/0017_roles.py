"""roles per event: administrators, and each event's team (arrangør, lesetilgang, dørvakt) (issue 16)

Organisers become administrators; door staff become members whose assignments are dørvakt rows on those
events' teams. staff_assignments goes: the team is the one place that says who does what on an event.

Revision ID: 0017_roles
Revises: 0016_calendar
Create Date: 2026-12-02 13:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017_roles'
down_revision = '0016_calendar'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('event_team',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('organiser', 'viewer', 'door', name='eventrole', native_enum=False,
                              create_constraint=False, length=24), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_team_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_team_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'user_id', name=op.f('pk_event_team'))
    )
    with op.batch_alter_table('event_team', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_team_user_id'), ['user_id'], unique=False)

    op.execute("INSERT INTO event_team (event_id, user_id, role) "
               "SELECT event_id, user_id, 'door' FROM staff_assignments")
    op.execute("UPDATE users SET role = 'administrator' WHERE role = 'organiser'")
    op.execute("UPDATE users SET role = 'member' WHERE role = 'staff'")
    op.drop_table('staff_assignments')


def downgrade():
    op.create_table('staff_assignments',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_staff_assignments_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_staff_assignments_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'event_id', name=op.f('pk_staff_assignments'))
    )
    # Arrangør and lesetilgang have no place in the old model; only the door rows go back.
    op.execute("INSERT INTO staff_assignments (user_id, event_id) "
               "SELECT user_id, event_id FROM event_team WHERE role = 'door'")
    op.execute("UPDATE users SET role = 'organiser' WHERE role = 'administrator'")
    op.execute("UPDATE users SET role = 'staff' WHERE role = 'member'")
    with op.batch_alter_table('event_team', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_team_user_id'))
    op.drop_table('event_team')
