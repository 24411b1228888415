"""people: one person per e-mail across events, Min side's sign-in links and sign-ins, school size (issue 18)

Revision ID: 0022_people
Revises: 0021_groups
Create Date: 2026-12-02 16:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0022_people'
down_revision = '0021_groups'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('persons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('organisation', sa.String(length=160), nullable=False),
    sa.Column('municipality_number', sa.String(length=4), nullable=True),
    sa.Column('job_title', sa.String(length=120), nullable=False),
    sa.Column('years_as_leader', sa.Enum('lt1', '1-3', '4-6', '7-10', 'gt10', name='yearsband',
                                         native_enum=False, create_constraint=False, length=8), nullable=True),
    sa.Column('school_size', sa.Enum('lt100', '100-299', '300-599', '600-999', 'gt1000', name='schoolsize',
                                     native_enum=False, create_constraint=False, length=8), nullable=True),
    sa.Column('remember_consent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('contact_ok_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('feed_salt', sa.String(length=32), nullable=True),
    sa.Column('feed_token_hash', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['municipality_number'], ['municipalities.number'],
                            name=op.f('fk_persons_municipality_number_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_persons')),
    sa.UniqueConstraint('email', name=op.f('uq_persons_email')),
    sa.UniqueConstraint('feed_token_hash', name=op.f('uq_persons_feed_token_hash'))
    )
    op.create_table('person_login_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_person_login_tokens_person_id_persons'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_login_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_person_login_tokens_token_hash'))
    )
    with op.batch_alter_table('person_login_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_login_tokens_person_id'), ['person_id'], unique=False)
    op.create_table('person_sign_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_person_sign_ins_person_id_persons'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_sign_ins')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_person_sign_ins_token_hash'))
    )
    with op.batch_alter_table('person_sign_ins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_sign_ins_person_id'), ['person_id'], unique=False)
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('school_size', sa.Enum('lt100', '100-299', '300-599', '600-999', 'gt1000',
                                                             name='schoolsize', native_enum=False,
                                                             create_constraint=False, length=8), nullable=True))
        batch_op.add_column(sa.Column('person_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_registrations_person_id'), ['person_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_registrations_person_id_persons'), 'persons', ['person_id'],
                                    ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_registrations_person_id_persons'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_registrations_person_id'))
        batch_op.drop_column('person_id')
        batch_op.drop_column('school_size')
    with op.batch_alter_table('person_sign_ins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_sign_ins_person_id'))
    op.drop_table('person_sign_ins')
    with op.batch_alter_table('person_login_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_login_tokens_person_id'))
    op.drop_table('person_login_tokens')
    op.drop_table('persons')
