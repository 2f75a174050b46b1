"""briefing follow-up: proposed units (task units by key), per-unit contributions, sending after confirmation,
deadline changes kept for good, review dates, meeting access

Revision ID: 0004
Revises: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('briefing_tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lead_unit_key', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('deadline_changes', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('progress_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('review_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_briefing_tasks_lead_unit_key'), ['lead_unit_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_briefing_tasks_sent_at'), ['sent_at'], unique=False)
    with op.batch_alter_table('briefing_task_units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_key', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('name', sa.String(length=512), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('progress_percent', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('progress_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('progress_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('attachments', sa.JSON(), nullable=False, server_default='[]'))
    # existing rows: the key and name of their unit; tasks already in inboxes count as sent
    op.execute("UPDATE briefing_task_units SET unit_key = (SELECT units.key FROM units WHERE units.id = "
               "briefing_task_units.unit_id), name = (SELECT units.name FROM units WHERE units.id = "
               "briefing_task_units.unit_id)")
    op.execute("UPDATE briefing_tasks SET lead_unit_key = (SELECT units.key FROM units WHERE units.id = "
               "briefing_tasks.lead_unit_id)")
    op.execute("UPDATE briefing_tasks SET sent_at = created_at")
    with op.batch_alter_table('briefing_task_units', schema=None) as batch_op:
        batch_op.alter_column('unit_key', existing_type=sa.String(length=255), nullable=False)
        batch_op.alter_column('unit_id', existing_type=sa.String(length=36), nullable=True)
        batch_op.drop_constraint('uq_briefing_task_units', type_='unique')
        batch_op.create_unique_constraint('uq_briefing_task_units_key', ['task_id', 'unit_key'])
        batch_op.create_index(batch_op.f('ix_briefing_task_units_unit_key'), ['unit_key'], unique=False)
    with op.batch_alter_table('briefing_meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('level', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('audience', sa.String(length=16), nullable=False, server_default='internal'))


def downgrade() -> None:
    with op.batch_alter_table('briefing_meetings', schema=None) as batch_op:
        batch_op.drop_column('audience')
        batch_op.drop_column('level')
    op.execute("DELETE FROM briefing_task_units WHERE unit_id IS NULL")
    with op.batch_alter_table('briefing_task_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_briefing_task_units_unit_key'))
        batch_op.drop_constraint('uq_briefing_task_units_key', type_='unique')
        batch_op.create_unique_constraint('uq_briefing_task_units', ['task_id', 'unit_id'])
        batch_op.alter_column('unit_id', existing_type=sa.String(length=36), nullable=False)
        batch_op.drop_column('attachments')
        batch_op.drop_column('progress_at')
        batch_op.drop_column('progress_note')
        batch_op.drop_column('progress_percent')
        batch_op.drop_column('name')
        batch_op.drop_column('unit_key')
    with op.batch_alter_table('briefing_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_briefing_tasks_sent_at'))
        batch_op.drop_index(batch_op.f('ix_briefing_tasks_lead_unit_key'))
        batch_op.drop_column('review_on')
        batch_op.drop_column('progress_note')
        batch_op.drop_column('deadline_changes')
        batch_op.drop_column('sent_at')
        batch_op.drop_column('lead_unit_key')
