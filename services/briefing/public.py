"""What other services may use of briefing: its read model and the few commands the registry calls.

Everything else under services.briefing is private to it (the import-linter contracts in pyproject.toml enforce
this); no other service reads briefing's tables.
"""
from __future__ import annotations

from services.briefing.access import hidden_meeting, hidden_task
from services.briefing.common import today
from services.briefing.queries import TaskFilter, list_tasks
from services.briefing.readmodel import open_task_count, open_task_counts
from services.briefing.reports import count_registers_with
from services.briefing.sync import sync_document
from services.briefing.unit_directory import refuse_collective
from services.briefing.workflow import TaskDraft, add_task, recall, retire_superseded, settle_routed_proposals

__all__ = [
    "TaskDraft",
    "TaskFilter",
    "add_task",
    "count_registers_with",
    "hidden_meeting",
    "hidden_task",
    "list_tasks",
    "open_task_count",
    "open_task_counts",
    "recall",
    "refuse_collective",
    "retire_superseded",
    "settle_routed_proposals",
    "sync_document",
    "today",
]
