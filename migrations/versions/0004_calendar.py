"""calendar feeds: the speaker's feed token, and when the program version last moved

Revision ID: 0004_calendar
Revises: 0002_registration
Create Date: 2026-11-28 06:22:29.631175

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_calendar'
down_revision = '0002_registration'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('content_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True))
    # Existing counters: "changed now" is the safe answer for a Last-Modified (never too old).
    op.execute(sa.text("UPDATE content_versions SET changed_at = CURRENT_TIMESTAMP"))

    with op.batch_alter_table('speakers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feed_salt', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('feed_token_hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_speakers_feed_token_hash'), ['feed_token_hash'])


def downgrade():
    with op.batch_alter_table('speakers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_speakers_feed_token_hash'), type_='unique')
        batch_op.drop_column('feed_token_hash')
        batch_op.drop_column('feed_salt')

    with op.batch_alter_table('content_versions', schema=None) as batch_op:
        batch_op.drop_column('changed_at')
