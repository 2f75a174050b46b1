"""recalled documents: a document the office recalled (thu hồi) before the recall was marked on the document gets the
mark now (documents.extra "recalled", read by briefing's sync: a later reading proposes no task of it; SECURITY.md
90) — derived from the registry's outgoing lines in state "recalled". Data only; no column changes.

Revision ID: 0012_fix15_recalled_documents
Revises: 0011_ops19_understanding_version
"""
from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0012_fix15_recalled_documents'
down_revision = '0011_ops19_understanding_version'
branch_labels = None
depends_on = None

_documents = sa.table('documents', sa.column('id', sa.String), sa.column('extra', sa.JSON))


def upgrade() -> None:
    conn = op.get_bind()
    recalled = conn.execute(sa.text(
        "SELECT document_id, MIN(recalled_at) FROM registry_outgoing WHERE state = 'recalled' "
        "AND document_id IS NOT NULL GROUP BY document_id")).all()
    for document_id, at in recalled:
        row = conn.execute(sa.select(_documents.c.extra).where(_documents.c.id == document_id)).first()
        if row is None:
            continue
        extra: Any = row[0]
        if isinstance(extra, str):  # a driver returning the JSON text
            extra = json.loads(extra)
        extra = dict(extra or {})
        if extra.get("recalled"):
            continue
        extra["recalled"] = {"at": at.isoformat() if hasattr(at, "isoformat") else (str(at) if at else None)}
        conn.execute(sa.update(_documents).where(_documents.c.id == document_id).values(extra=extra))


def downgrade() -> None:
    """The mark stays (a key of a JSON column the older code does not read)."""
