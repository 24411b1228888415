"""registration: group registrations by a contact person (issue 17, "Group registration")

Revision ID: 0021_groups
Revises: 0020_invoices
Create Date: 2026-12-02 16:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0021_groups'
down_revision = '0020_invoices'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('registration_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('contact_name', sa.String(length=200), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('contact_phone', sa.String(length=40), nullable=False),
    sa.Column('municipality_number', sa.String(length=4), nullable=True),
    sa.Column('organisation', sa.String(length=160), nullable=False),
    sa.Column('invoice_org_number', sa.String(length=9), nullable=False),
    sa.Column('invoice_reference', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_registration_groups_event_id_events'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['municipality_number'], ['municipalities.number'],
                            name=op.f('fk_registration_groups_municipality_number_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_groups')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_registration_groups_token_hash'))
    )
    with op.batch_alter_table('registration_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_groups_event_id'), ['event_id'], unique=False)
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_registrations_group_id'), ['group_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_registrations_group_id_registration_groups'),
                                    'registration_groups', ['group_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_registrations_group_id_registration_groups'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_registrations_group_id'))
        batch_op.drop_column('group_id')
    with op.batch_alter_table('registration_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_groups_event_id'))
    op.drop_table('registration_groups')
