"""The briefing service, one import for the routers and tasks. The work is split by responsibility:

- `access`: the access policy as SQL over briefing's own tables (documents, tasks, meetings);
- `sync`: documents → proposed tasks, the units a task names (proposals until accepted), sending to the inboxes;
- `queries`: task lists and inboxes, one task, units, the clerk's review queues;
- `workflow`: who may do what to a task in which state (the table in `domain`), the units', clerks' and leaders' acts;
- `meetings`: giao ban meetings under the policy, their conclusion notice;
- `reports`: packs and progress reports (facts through the policy, assembled by `domain`).

Functions take a Session and never commit: the routers and tasks own the transactions and enqueue after the commit.
"""
from __future__ import annotations

from services.briefing.access import reason_seen
from services.briefing.common import EDITOR_ROLES, LEADER_ROLES, UNIT_ROLES, task_not_found, today
from services.briefing.meetings import (
    create_meeting,
    get_meeting,
    list_meetings,
    meeting_dates,
    set_conclusion,
    visible_conclusion,
    visible_previous,
)
from services.briefing.queries import (
    TaskFilter,
    UnitProposal,
    actor_names,
    amended_tasks,
    amendment_note,
    category_clause,
    check_inbox_access,
    first_of_groups,
    get_task,
    get_unit,
    inbox_overview,
    list_tasks,
    list_units,
    recently_recalled,
    review_queue,
    task_counts,
    unit_names,
    unit_proposals,
    visible_clause,
)
from services.briefing.reports import build_pack, build_report, deadline_changes, fact, pack_view, report_view
from services.briefing.sync import SyncResult, accept_unit, proposal_key, sync_document
from services.briefing.workflow import (
    TaskDraft,
    accept_completion,
    acknowledge,
    add_task,
    assign_handler,
    carry_over,
    confirm,
    decide_extension,
    decline,
    declined_note,
    dismiss,
    edit,
    end,
    handler_in_force,
    merge,
    my_role,
    post_progress,
    reassign,
    recall,
    reopen,
    report_completion,
    request_extension,
    return_completion,
    split,
    unit_row,
    units_losing_open_tasks,
    units_nobody_receives,
    units_without_clearance,
)

__all__ = [
    "EDITOR_ROLES", "LEADER_ROLES", "UNIT_ROLES", "SyncResult", "TaskDraft", "TaskFilter", "UnitProposal",
    "accept_completion", "accept_unit", "acknowledge", "actor_names", "add_task", "assign_handler",
    "amended_tasks", "amendment_note", "carry_over", "build_pack", "build_report", "category_clause", "first_of_groups",
    "check_inbox_access", "confirm", "create_meeting", "deadline_changes", "decide_extension", "decline", "declined_note",
    "dismiss", "edit", "end", "handler_in_force",
    "fact", "get_meeting", "get_task", "get_unit", "inbox_overview", "list_meetings", "list_tasks", "list_units", "meeting_dates",
    "merge", "my_role", "pack_view", "post_progress", "proposal_key", "reason_seen", "reassign", "recall",
    "recently_recalled",
    "reopen", "report_completion",
    "report_view", "request_extension",
    "return_completion", "review_queue", "units_losing_open_tasks", "units_nobody_receives", "units_without_clearance", "set_conclusion", "split", "sync_document", "task_counts", "task_not_found",
    "today",
    "unit_names", "unit_proposals", "unit_row", "visible_clause", "visible_conclusion",
    "visible_previous",
]
