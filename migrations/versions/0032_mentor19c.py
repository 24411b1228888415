"""mentoring: a remembered leader's profile across events (person_id), the pair's «mentorlunsj» session and the
three-month follow-up (issue 19)

Revision ID: 0032_mentor19c
Revises: 0030_member18
Create Date: 2026-12-03 15:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0032_mentor19c'
down_revision = '0030_member18'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('mentoring_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_id', sa.Integer(), nullable=True))
        batch_op.alter_column('registration_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_unique_constraint(batch_op.f('uq_mentoring_profiles_person_id'), ['person_id'])
        batch_op.create_foreign_key(batch_op.f('fk_mentoring_profiles_person_id_persons'), 'persons',
                                    ['person_id'], ['id'], ondelete='CASCADE')
    # One profile per leader: a profile given on the form of a registration that is linked to a remembered person
    # becomes that person's (the newest when there are several; the older ones stay with their registration).
    op.execute(
        "UPDATE mentoring_profiles SET person_id = (SELECT r.person_id FROM registrations r "
        "WHERE r.id = mentoring_profiles.registration_id), registration_id = NULL "
        "WHERE id IN (SELECT MAX(p.id) FROM mentoring_profiles p JOIN registrations r ON r.id = p.registration_id "
        "WHERE r.person_id IS NOT NULL GROUP BY r.person_id)")
    with op.batch_alter_table('mentor_pairs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_mentor_pairs_session_id_sessions'), 'sessions',
                                    ['session_id'], ['id'], ondelete='SET NULL')
    op.create_table('mentoring_followups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pair_id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('token_salt', sa.String(length=32), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answer', sa.Enum('yes', 'no', 'planned', name='followupanswer', native_enum=False,
                                create_constraint=False, length=8), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['pair_id'], ['mentor_pairs.id'],
                            name=op.f('fk_mentoring_followups_pair_id_mentor_pairs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['profile_id'], ['mentoring_profiles.id'],
                            name=op.f('fk_mentoring_followups_profile_id_mentoring_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_followups')),
    sa.UniqueConstraint('pair_id', 'profile_id', name=op.f('uq_mentoring_followups_pair_id_profile_id')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_mentoring_followups_token_hash'))
    )
    op.create_index(op.f('ix_mentoring_followups_profile_id'), 'mentoring_followups', ['profile_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_mentoring_followups_profile_id'), table_name='mentoring_followups')
    op.drop_table('mentoring_followups')
    with op.batch_alter_table('mentor_pairs', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_mentor_pairs_session_id_sessions'), type_='foreignkey')
        batch_op.drop_column('session_id')
    op.execute("UPDATE mentoring_profiles SET registration_id = (SELECT MAX(r.id) FROM registrations r "
               "WHERE r.person_id = mentoring_profiles.person_id) WHERE registration_id IS NULL")
    op.execute("DELETE FROM mentoring_profiles WHERE registration_id IS NULL")
    with op.batch_alter_table('mentoring_profiles', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_mentoring_profiles_person_id_persons'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_mentoring_profiles_person_id'), type_='unique')
        batch_op.alter_column('registration_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('person_id')
