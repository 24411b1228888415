"""series and networks: series, their members, events in a series (issue 18)

Revision ID: 0024_series
Revises: 0023_resources
Create Date: 2026-12-02 17:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0024_series'
down_revision = '0023_resources'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('regional_network', 'digital_network', 'new_leaders', 'other', name='serieskind',
                              native_enum=False, create_constraint=False, length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_series')),
    sa.UniqueConstraint('slug', name=op.f('uq_series_slug'))
    )
    op.create_table('series_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('municipality_number', sa.String(length=4), nullable=True),
    sa.Column('role', sa.String(length=120), nullable=False),
    sa.Column('show_in_member_list', sa.Boolean(), nullable=False),
    sa.Column('mail_ok', sa.Boolean(), nullable=False),
    sa.Column('joined_via', sa.Enum('registration', 'invitation', 'organiser', name='joinedvia',
                                    native_enum=False, create_constraint=False, length=16), nullable=False),
    sa.Column('token_salt', sa.String(length=32), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['municipality_number'], ['municipalities.number'],
                            name=op.f('fk_series_members_municipality_number_municipalities')),
    sa.ForeignKeyConstraint(['series_id'], ['series.id'], name=op.f('fk_series_members_series_id_series'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_series_members')),
    sa.UniqueConstraint('series_id', 'email', name=op.f('uq_series_members_series_id_email')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_series_members_token_hash'))
    )
    with op.batch_alter_table('series_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_series_members_municipality_number'), ['municipality_number'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_series_members_series_id'), ['series_id'], unique=False)
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('series_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_events_series_id'), ['series_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_events_series_id_series'), 'series', ['series_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_events_series_id_series'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_events_series_id'))
        batch_op.drop_column('series_id')
    with op.batch_alter_table('series_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_series_members_series_id'))
        batch_op.drop_index(batch_op.f('ix_series_members_municipality_number'))
    op.drop_table('series_members')
    op.drop_table('series')
