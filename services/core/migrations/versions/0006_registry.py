"""registry: registers (sổ văn bản đến/đi) with their counters, incoming lines and routing, outgoing documents,
their history and deliveries

Revision ID: 0006
Revises: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'registry_registers',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('kind', sa.String(16), nullable=False),
        sa.Column('office_key', sa.String(255), nullable=False),
        sa.Column('office_name', sa.String(255), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(32), nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('min_level', sa.Integer(), nullable=False),
        sa.Column('last_number', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint('kind', 'office_key', 'year', 'code', name='uq_registry_registers'),
    )
    op.create_table(
        'registry_incoming',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('register_id', sa.String(36), sa.ForeignKey('registry_registers.id'), nullable=False, index=True),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('received_on', sa.Date(), nullable=False, index=True),
        sa.Column('sender', sa.String(512)),
        sa.Column('doc_number', sa.String(128)),
        sa.Column('doc_date', sa.Date()),
        sa.Column('doc_type', sa.String(64)),
        sa.Column('subject', sa.Text()),
        sa.Column('urgency', sa.String(16), nullable=False),
        sa.Column('level', sa.Integer(), nullable=False, index=True),
        sa.Column('pages', sa.Integer()),
        sa.Column('copies', sa.Integer()),
        sa.Column('document_id', sa.String(36), index=True),
        sa.Column('channel', sa.String(16), nullable=False),
        sa.Column('intake_key', sa.String(255), unique=True),
        sa.Column('outgoing_id', sa.String(36), index=True),
        sa.Column('state', sa.String(16), nullable=False, index=True),
        sa.Column('handled_at', sa.DateTime(timezone=True)),
        sa.Column('registered_by', sa.String(128)),
        sa.Column('note', sa.Text()),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint('register_id', 'number', name='uq_registry_incoming_number'),
    )
    op.create_table(
        'registry_routings',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('incoming_id', sa.String(36), sa.ForeignKey('registry_incoming.id', ondelete='CASCADE'),
                  nullable=False, index=True),
        sa.Column('instruction', sa.Text(), nullable=False),
        sa.Column('due_date', sa.Date()),
        sa.Column('by_user_id', sa.String(36)),
        sa.Column('by_username', sa.String(128)),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        'registry_routing_units',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('routing_id', sa.String(36), sa.ForeignKey('registry_routings.id', ondelete='CASCADE'),
                  nullable=False, index=True),
        sa.Column('unit_id', sa.String(36), sa.ForeignKey('units.id'), nullable=False),
        sa.Column('unit_name', sa.String(255), nullable=False),
        sa.Column('role', sa.String(8), nullable=False),
        sa.Column('task_id', sa.String(36)),
    )
    op.create_table(
        'registry_outgoing',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('state', sa.String(16), nullable=False, index=True),
        sa.Column('doc_type', sa.String(64), nullable=False),
        sa.Column('drafting_unit_code', sa.String(32)),
        sa.Column('subject', sa.Text(), nullable=False),
        sa.Column('urgency', sa.String(16), nullable=False),
        sa.Column('level', sa.Integer(), nullable=False, index=True),
        sa.Column('pages', sa.Integer()),
        sa.Column('copies', sa.Integer()),
        sa.Column('recipients', sa.JSON(), nullable=False),
        sa.Column('file_sha256', sa.String(64), nullable=False),
        sa.Column('filename', sa.String(255), nullable=False),
        sa.Column('content_type', sa.String(255)),
        sa.Column('in_reply_to', sa.String(36)),
        sa.Column('register_id', sa.String(36), sa.ForeignKey('registry_registers.id'), index=True),
        sa.Column('number', sa.Integer()),
        sa.Column('notation', sa.String(64)),
        sa.Column('full_number', sa.String(128), index=True),
        sa.Column('signer_name', sa.String(128)),
        sa.Column('signer_title', sa.String(128)),
        sa.Column('signed_at', sa.DateTime(timezone=True)),
        sa.Column('numbered_at', sa.DateTime(timezone=True)),
        sa.Column('issued_on', sa.Date(), index=True),
        sa.Column('issued_at', sa.DateTime(timezone=True)),
        sa.Column('document_id', sa.String(36), index=True),
        sa.Column('recalled_at', sa.DateTime(timezone=True)),
        sa.Column('recall_reason', sa.Text()),
        sa.Column('replaces_id', sa.String(36)),
        sa.Column('created_by', sa.String(128)),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint('register_id', 'number', name='uq_registry_outgoing_number'),
    )
    op.create_table(
        'registry_outgoing_events',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('outgoing_id', sa.String(36), sa.ForeignKey('registry_outgoing.id', ondelete='CASCADE'),
                  nullable=False, index=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('user_id', sa.String(36)),
        sa.Column('username', sa.String(128)),
        sa.Column('action', sa.String(16), nullable=False),
        sa.Column('state', sa.String(16), nullable=False),
        sa.Column('detail', sa.JSON(), nullable=False),
    )
    op.create_table(
        'registry_deliveries',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('outgoing_id', sa.String(36), sa.ForeignKey('registry_outgoing.id', ondelete='CASCADE'),
                  nullable=False, index=True),
        sa.Column('recipient', sa.String(255), nullable=False),
        sa.Column('internal', sa.Boolean(), nullable=False),
        sa.Column('unit_id', sa.String(36)),
        sa.Column('status', sa.String(16), nullable=False),
        sa.Column('target', sa.String(1024)),
        sa.Column('incoming_id', sa.String(36)),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('error', sa.Text()),
        sa.Column('sent_at', sa.DateTime(timezone=True)),
        sa.Column('recall_notified_at', sa.DateTime(timezone=True)),
        sa.UniqueConstraint('outgoing_id', 'recipient', name='uq_registry_deliveries'),
        sa.Index('ix_registry_deliveries_status', 'status'),
    )


def downgrade() -> None:
    for table in ('registry_deliveries', 'registry_outgoing_events', 'registry_outgoing', 'registry_routing_units',
                  'registry_routings', 'registry_incoming', 'registry_registers'):
        op.drop_table(table)
