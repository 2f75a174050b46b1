"""task handlers: inside a unit named on a task, the head (trưởng đơn vị) hands the unit's part to one of its officers
(phân công cán bộ xử lý) — the officer who drafts the unit's reports; the head stays answerable and may act too.
Three nullable columns on briefing_task_units (nothing to back-fill: no task was handed to anyone before).

Revision ID: 0013_play19_task_handlers
Revises: 0012_fix15_recalled_documents
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013_play19_task_handlers'
down_revision = '0012_fix15_recalled_documents'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('briefing_task_units') as batch:
        batch.add_column(sa.Column('handler_id', sa.String(36), nullable=True))
        batch.add_column(sa.Column('handler_name', sa.String(255), nullable=True))
        batch.add_column(sa.Column('handler_since', sa.DateTime(timezone=True), nullable=True))
        # an officer's own tasks ("việc được phân công cho tôi"): one index range
        batch.create_index('ix_briefing_task_units_handler', ['handler_id', 'task_id'])


def downgrade() -> None:
    with op.batch_alter_table('briefing_task_units') as batch:
        batch.drop_index('ix_briefing_task_units_handler')
        batch.drop_column('handler_since')
        batch.drop_column('handler_name')
        batch.drop_column('handler_id')
