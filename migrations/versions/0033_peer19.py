"""peer groups (kollegagrupper): an event's groups and their members (issue 19)

Revision ID: 0033_peer19
Revises: 0032_mentor19c
Create Date: 2026-12-03 15:12:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0033_peer19'
down_revision = '0032_mentor19c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('peer_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('place', sa.String(length=80), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.Enum('draft', 'published', name='peergroupstate', native_enum=False,
                               create_constraint=False, length=10), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('series_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_peer_groups_event_id_events'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['series_id'], ['series.id'], name=op.f('fk_peer_groups_series_id_series'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_peer_groups_session_id_sessions'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_peer_groups')),
    sa.UniqueConstraint('event_id', 'name', name=op.f('uq_peer_groups_event_id_name'))
    )
    op.create_index(op.f('ix_peer_groups_event_id'), 'peer_groups', ['event_id'], unique=False)
    op.create_index(op.f('ix_peer_groups_session_id'), 'peer_groups', ['session_id'], unique=False)
    op.create_table('peer_group_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('left_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_peer_group_members_event_id_events'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['peer_groups.id'],
                            name=op.f('fk_peer_group_members_group_id_peer_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'],
                            name=op.f('fk_peer_group_members_registration_id_registrations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_peer_group_members')),
    sa.UniqueConstraint('event_id', 'registration_id', name=op.f('uq_peer_group_members_event_id_registration_id'))
    )
    op.create_index(op.f('ix_peer_group_members_group_id'), 'peer_group_members', ['group_id'], unique=False)
    op.create_index(op.f('ix_peer_group_members_registration_id'), 'peer_group_members', ['registration_id'],
                    unique=False)


def downgrade():
    op.drop_index(op.f('ix_peer_group_members_registration_id'), table_name='peer_group_members')
    op.drop_index(op.f('ix_peer_group_members_group_id'), table_name='peer_group_members')
    op.drop_table('peer_group_members')
    op.drop_index(op.f('ix_peer_groups_session_id'), table_name='peer_groups')
    op.drop_index(op.f('ix_peer_groups_event_id'), table_name='peer_groups')
    op.drop_table('peer_groups')
