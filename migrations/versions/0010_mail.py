"""outbox: failure reasons, ordering, bulk-mail opt-out (issue 14, e-mail)

Revision ID: 0010_mail
Revises: 0009_outbox_render
Create Date: 2026-12-02 06:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010_mail'
down_revision = '0009_outbox_render'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sa.String(length=40), nullable=False, server_default=''))
    op.create_table(
        'mail_opt_outs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_digest', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_opt_outs')),
        sa.UniqueConstraint('token_digest', name=op.f('uq_mail_opt_outs_token_digest')),
    )


def downgrade():
    op.drop_table('mail_opt_outs')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('reason')
