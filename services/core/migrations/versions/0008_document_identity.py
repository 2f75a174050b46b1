"""document identity: the same document in another file is recognised (number + issuer + date, or text
similarity); each extracted task keeps its confidence and canonical units

Revision ID: 0008
Revises: 0007
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('identity_key', sa.String(length=400), nullable=True))
        batch_op.add_column(sa.Column('duplicate_of', sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f('ix_documents_identity_key'), ['identity_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_duplicate_of'), ['duplicate_of'], unique=False)
    op.create_table(
        'document_fingerprints',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('document_id', sa.String(length=36), nullable=False),
        sa.Column('band', sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('document_fingerprints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_fingerprints_band'), ['band'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_fingerprints_document_id'), ['document_id'], unique=False)
    with op.batch_alter_table('document_tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confidence', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('lead_units', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('support_units', sa.JSON(), nullable=True))
    with op.batch_alter_table('briefing_tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confidence', sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('briefing_tasks', schema=None) as batch_op:
        batch_op.drop_column('confidence')
    with op.batch_alter_table('document_tasks', schema=None) as batch_op:
        batch_op.drop_column('support_units')
        batch_op.drop_column('lead_units')
        batch_op.drop_column('confidence')
    with op.batch_alter_table('document_fingerprints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_fingerprints_document_id'))
        batch_op.drop_index(batch_op.f('ix_document_fingerprints_band'))
    op.drop_table('document_fingerprints')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_duplicate_of'))
        batch_op.drop_index(batch_op.f('ix_documents_identity_key'))
        batch_op.drop_column('duplicate_of')
        batch_op.drop_column('identity_key')
