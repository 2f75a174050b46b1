"""security: provisional secrecy of documents, API key expiry and scopes, login throttling by device

Revision ID: 0005
Revises: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the same bytes may be two documents: a second upload by someone who may not see the first one gets its own
    # row (the original is stored once, content-addressed) instead of learning that the hidden one exists
    bind = op.get_bind()
    for uc in sa.inspect(bind).get_unique_constraints('documents'):
        if uc['column_names'] != ['sha256']:
            continue
        if bind.dialect.name == 'postgresql':
            op.drop_constraint(uc['name'], 'documents', type_='unique')
        else:  # SQLite: rebuild the table without it (an unnamed constraint gets its name from the convention)
            with op.batch_alter_table('documents', schema=None,
                                      naming_convention={'uq': 'uq_%(table_name)s_%(column_0_name)s'}) as batch_op:
                batch_op.drop_constraint(uc['name'] or 'uq_documents_sha256', type_='unique')
    op.create_index('ix_documents_sha256', 'documents', ['sha256'], unique=False)
    with op.batch_alter_table('documents', schema=None) as batch_op:
        # until extraction has read the stamp, a document is restricted (see services/core/auth/policy.py)
        batch_op.add_column(sa.Column('provisional', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('uploaded_by', sa.String(length=36), nullable=True))
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('scopes', sa.JSON(), nullable=True))
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_login_failures_client', ['client'], unique=False)
        batch_op.create_index('ix_login_failures_device', ['device'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.drop_index('ix_login_failures_device')
        batch_op.drop_index('ix_login_failures_client')
        batch_op.drop_column('device')
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.drop_column('scopes')
        batch_op.drop_column('expires_at')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_column('uploaded_by')
        batch_op.drop_column('provisional')
    op.drop_index('ix_documents_sha256', table_name='documents')
    # the name each dialect's upgrade expects to drop again
    name = 'documents_sha256_key' if op.get_bind().dialect.name == 'postgresql' else 'uq_documents_sha256'
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_unique_constraint(name, ['sha256'])
