"""invoicing: refunds due after a credit note, the refund account, and the kommuner's invoice address (issue 17)

Revision ID: 0028_money17
Revises: 0027_mentoring
Create Date: 2026-12-03 15:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0028_money17'
down_revision = '0027_mentoring'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('invoice_refunds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('credit_note_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('refunded_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['credit_note_id'], ['invoices.id'],
                            name=op.f('fk_invoice_refunds_credit_note_id_invoices'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_invoice_refunds_event_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice_refunds'))
    )
    op.create_index(op.f('ix_invoice_refunds_credit_note_id'), 'invoice_refunds', ['credit_note_id'], unique=False)
    op.create_index(op.f('ix_invoice_refunds_event_id'), 'invoice_refunds', ['event_id'], unique=False)
    with op.batch_alter_table('invoice_seller', schema=None) as batch_op:
        batch_op.add_column(sa.Column('refund_account', sa.String(length=10), server_default='1500', nullable=False))
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invoice_street', sa.String(length=160), server_default='', nullable=False))
        batch_op.add_column(sa.Column('invoice_postcode', sa.String(length=4), server_default='', nullable=False))
        batch_op.add_column(sa.Column('invoice_city', sa.String(length=80), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_column('invoice_city')
        batch_op.drop_column('invoice_postcode')
        batch_op.drop_column('invoice_street')
    with op.batch_alter_table('invoice_seller', schema=None) as batch_op:
        batch_op.drop_column('refund_account')
    op.drop_index(op.f('ix_invoice_refunds_event_id'), table_name='invoice_refunds')
    op.drop_index(op.f('ix_invoice_refunds_credit_note_id'), table_name='invoice_refunds')
    op.drop_table('invoice_refunds')
