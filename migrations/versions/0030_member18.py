"""series members point at the remembered person with the same e-mail (issue 18)

Revision ID: 0030_member18
Revises: 0028_money17
Create Date: 2026-12-03 15:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0030_member18'
down_revision = '0028_money17'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('series_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_series_members_person_id'), ['person_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_series_members_person_id_persons'), 'persons', ['person_id'],
                                    ['id'], ondelete='SET NULL')
    # Members who joined before this: linked to the person with their address (both are stored lower-cased).
    op.execute("UPDATE series_members SET person_id = (SELECT persons.id FROM persons "
               "WHERE persons.email = series_members.email)")


def downgrade():
    with op.batch_alter_table('series_members', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_series_members_person_id_persons'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_series_members_person_id'))
        batch_op.drop_column('person_id')
