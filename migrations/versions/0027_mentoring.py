"""mentoring: profiles (opt-in per registration) and mentor pairs (issue 19)

Revision ID: 0027_mentoring
Revises: 0026_reminders
Create Date: 2026-12-02 18:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0027_mentoring'
down_revision = '0026_reminders'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mentoring_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('mentee', 'mentor', name='mentoringrole', native_enum=False,
                              create_constraint=False, length=8), nullable=False),
    sa.Column('themes', sa.String(length=200), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('consented_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'],
                            name=op.f('fk_mentoring_profiles_registration_id_registrations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_profiles')),
    sa.UniqueConstraint('registration_id', name=op.f('uq_mentoring_profiles_registration_id'))
    )
    op.create_table('mentor_pairs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('locked', 'approved', 'ended', name='pairstatus', native_enum=False,
                                create_constraint=False, length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['mentee_id'], ['mentoring_profiles.id'],
                            name=op.f('fk_mentor_pairs_mentee_id_mentoring_profiles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['mentoring_profiles.id'],
                            name=op.f('fk_mentor_pairs_mentor_id_mentoring_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentor_pairs'))
    )
    op.create_index(op.f('ix_mentor_pairs_mentee_id'), 'mentor_pairs', ['mentee_id'], unique=False)
    op.create_index(op.f('ix_mentor_pairs_mentor_id'), 'mentor_pairs', ['mentor_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_mentor_pairs_mentor_id'), table_name='mentor_pairs')
    op.drop_index(op.f('ix_mentor_pairs_mentee_id'), table_name='mentor_pairs')
    op.drop_table('mentor_pairs')
    op.drop_table('mentoring_profiles')
