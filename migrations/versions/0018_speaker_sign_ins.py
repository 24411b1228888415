"""speakers: server-side sign-ins, revoked at logout (issue 14 #6)

Revision ID: 0018_speaker_sign_ins
Revises: 0017_roles
Create Date: 2026-12-02 12:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0018_speaker_sign_ins'
down_revision = '0017_roles'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('speaker_sign_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('speaker_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['speaker_id'], ['speakers.id'], name=op.f('fk_speaker_sign_ins_speaker_id_speakers'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speaker_sign_ins')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_speaker_sign_ins_token_hash'))
    )
    with op.batch_alter_table('speaker_sign_ins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_speaker_sign_ins_speaker_id'), ['speaker_id'], unique=False)


def downgrade():
    with op.batch_alter_table('speaker_sign_ins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_speaker_sign_ins_speaker_id'))
    op.drop_table('speaker_sign_ins')
