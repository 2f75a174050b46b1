"""an office's own unit names: aliases and former names of units (edited on the admin's units page), who added a
unit; indexes for the pages at 100,000 documents

Revision ID: 0009
Revises: 0008
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('added_by', sa.String(length=128), nullable=True))
    op.create_table(
        'unit_aliases',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('unit_id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('folded', sa.String(length=255), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('created_by', sa.String(length=128), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('folded'),
    )
    with op.batch_alter_table('unit_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_aliases_unit_id'), ['unit_id'], unique=False)
    # the pages at 100,000 documents: counts from one narrow index, hidden documents by index, proposed unit names
    op.create_index('ix_briefing_tasks_overview', 'briefing_tasks',
                    ['lead_unit_id', 'sent_at', 'deadline', 'state', 'completed_on', 'extension_requested_to',
                     'assigned_on', 'document_id', 'id'], unique=False)
    op.drop_index('ix_briefing_tasks_sent_at', table_name='briefing_tasks')
    op.create_index('ix_briefing_tasks_queue', 'briefing_tasks', ['deadline', 'assigned_on', 'position', 'id'],
                    unique=False, sqlite_where=sa.text('sent_at IS NULL'), postgresql_where=sa.text('sent_at IS NULL'))
    op.create_index('ix_briefing_task_units_proposed', 'briefing_task_units', ['unit_id', 'unit_key', 'task_id', 'name'],
                    unique=False)
    # an inbox at 100,000 documents: its tasks, their documents' access and the unit's rows read from indexes alone
    op.create_index('ix_briefing_tasks_inbox', 'briefing_tasks',
                    ['id', 'sent_at', 'state', 'deadline', 'completed_on', 'extension_requested_to', 'assigned_on',
                     'position', 'document_id'], unique=False)
    op.create_index('ix_briefing_documents_policy', 'briefing_documents',
                    ['document_id', 'present', 'level', 'audience', 'issued_date', 'number'], unique=False)
    op.create_index('ix_briefing_task_units_member', 'briefing_task_units', ['unit_id', 'role', 'task_id'], unique=False)
    op.create_index('ix_briefing_documents_gone', 'briefing_documents', ['document_id'], unique=False,
                    sqlite_where=sa.text('present = 0'), postgresql_where=sa.text('present = false'))
    op.create_index('ix_briefing_documents_secret', 'briefing_documents', ['level', 'document_id'], unique=False,
                    sqlite_where=sa.text('level > 0'), postgresql_where=sa.text('level > 0'))


def downgrade() -> None:
    op.drop_index('ix_briefing_task_units_member', table_name='briefing_task_units')
    op.drop_index('ix_briefing_documents_policy', table_name='briefing_documents')
    op.drop_index('ix_briefing_tasks_inbox', table_name='briefing_tasks')
    op.drop_index('ix_briefing_documents_secret', table_name='briefing_documents')
    op.drop_index('ix_briefing_documents_gone', table_name='briefing_documents')
    op.drop_index('ix_briefing_task_units_proposed', table_name='briefing_task_units')
    op.drop_index('ix_briefing_tasks_overview', table_name='briefing_tasks')
    op.drop_index('ix_briefing_tasks_queue', table_name='briefing_tasks')
    op.create_index('ix_briefing_tasks_sent_at', 'briefing_tasks', ['sent_at'], unique=False)
    with op.batch_alter_table('unit_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_aliases_unit_id'))
    op.drop_table('unit_aliases')
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_column('added_by')
