"""resources: the resource library and the start package (issue 19)

Revision ID: 0023_resources
Revises: 0022_people
Create Date: 2026-12-02 17:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0023_resources'
down_revision = '0022_people'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('resources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('kind', sa.Enum('sjekkliste', 'mal', 'prosessbeskrivelse', 'veileder', 'annet', name='resourcekind',
                              native_enum=False, length=24), nullable=False),
    sa.Column('audience', sa.Enum('nye-ledere', 'alle', name='resourceaudience', native_enum=False, length=16),
              nullable=False),
    sa.Column('themes', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('file_type', sa.Enum('pdf', 'docx', 'xlsx', 'pptx', 'odt', 'ods', name='documenttype',
                                   native_enum=False, length=8), nullable=True),
    sa.Column('stored_name', sa.String(length=80), nullable=True),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=True),
    sa.Column('downloads', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resources')),
    sa.UniqueConstraint('slug', name=op.f('uq_resources_slug')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_resources_stored_name'))
    )


def downgrade():
    op.drop_table('resources')
