"""documents.understanding_version: which version of the understanding rules read the document (NULL: read before
versions were recorded, i.e. older); `vanban reprocess --stale` re-reads the older ones

Revision ID: 0011_ops19_understanding_version
Revises: 0010
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011_ops19_understanding_version'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('understanding_version', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_documents_understanding_version'), ['understanding_version'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_understanding_version'))
        batch_op.drop_column('understanding_version')
