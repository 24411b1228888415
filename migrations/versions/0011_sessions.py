"""auth: session generation, remember-me tokens, link limits (issue 14, sign-in)

Revision ID: 0011_sessions
Revises: 0010_mail
Create Date: 2026-12-02 06:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011_sessions'
down_revision = '0010_mail'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), server_default='1', nullable=False))

    op.create_table('user_sign_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('remember', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sign_ins_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sign_ins')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_sign_ins_token_hash'))
    )
    with op.batch_alter_table('user_sign_ins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sign_ins_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('user_sign_ins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sign_ins_user_id'))
    op.drop_table('user_sign_ins')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
