"""prices: categories, add-ons, member kommuner, cancellation terms (issue 17)

Revision ID: 0019_prices
Revises: 0018_speaker_sign_ins
Create Date: 2026-12-02 16:22:09.622365

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0019_prices'
down_revision = '0018_speaker_sign_ins'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('add_ons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.Enum('dinner', 'hotel_night', 'excursion', 'other', name='addonkind', native_enum=False, length=24), nullable=False),
    sa.Column('unit_price_ore', sa.Integer(), nullable=False),
    sa.Column('quota', sa.Integer(), nullable=True),
    sa.Column('night', sa.Date(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('vat_category', sa.String(length=1), nullable=False),
    sa.Column('vat_rate_bp', sa.Integer(), nullable=False),
    sa.Column('exemption_reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_add_ons_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_add_ons'))
    )
    with op.batch_alter_table('add_ons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_add_ons_event_id'), ['event_id'], unique=False)

    op.create_table('price_categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('amount_ore', sa.Integer(), nullable=False),
    sa.Column('audience', sa.Enum('everyone', 'member', 'non_member', name='priceaudience', native_enum=False, length=24), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('day', sa.Date(), nullable=True),
    sa.Column('access_code', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('vat_category', sa.String(length=1), nullable=False),
    sa.Column('vat_rate_bp', sa.Integer(), nullable=False),
    sa.Column('exemption_reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_price_categories_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_price_categories'))
    )
    with op.batch_alter_table('price_categories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_price_categories_event_id'), ['event_id'], unique=False)

    op.create_table('registration_add_ons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('add_on_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('unit_price_ore', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('vat_category', sa.String(length=1), nullable=False),
    sa.Column('vat_rate_bp', sa.Integer(), nullable=False),
    sa.Column('exemption_reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['add_on_id'], ['add_ons.id'], name=op.f('fk_registration_add_ons_add_on_id_add_ons'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_registration_add_ons_registration_id_registrations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_add_ons')),
    sa.UniqueConstraint('registration_id', 'add_on_id', name=op.f('uq_registration_add_ons_registration_id_add_on_id'))
    )
    with op.batch_alter_table('registration_add_ons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_add_ons_add_on_id'), ['add_on_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_add_ons_registration_id'), ['registration_id'], unique=False)

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('free_cancellation_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('cancellation_share_percent', sa.Integer(), nullable=True))

    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('member', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('price_category_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('price_name', sa.String(length=120), server_default=sa.text("''"), nullable=False))
        batch_op.add_column(sa.Column('price_ore', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('price_vat_category', sa.String(length=1), server_default=sa.text("''"), nullable=False))
        batch_op.add_column(sa.Column('price_vat_rate_bp', sa.Integer(), server_default=sa.text("'0'"), nullable=False))
        batch_op.add_column(sa.Column('price_exemption_reason', sa.String(length=200), server_default=sa.text("''"), nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_registrations_price_category_id_price_categories'), 'price_categories', ['price_category_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_registrations_price_category_id_price_categories'), type_='foreignkey')
        batch_op.drop_column('price_exemption_reason')
        batch_op.drop_column('price_vat_rate_bp')
        batch_op.drop_column('price_vat_category')
        batch_op.drop_column('price_ore')
        batch_op.drop_column('price_name')
        batch_op.drop_column('price_category_id')

    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_column('member')

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('cancellation_share_percent')
        batch_op.drop_column('free_cancellation_until')

    with op.batch_alter_table('registration_add_ons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_add_ons_registration_id'))
        batch_op.drop_index(batch_op.f('ix_registration_add_ons_add_on_id'))

    op.drop_table('registration_add_ons')
    with op.batch_alter_table('price_categories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_price_categories_event_id'))

    op.drop_table('price_categories')
    with op.batch_alter_table('add_ons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_add_ons_event_id'))

    op.drop_table('add_ons')
