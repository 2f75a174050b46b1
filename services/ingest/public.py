"""What other services may use of ingest: the document read model and the few commands they call.

Everything else under services.ingest is private to it (the import-linter contracts in pyproject.toml enforce this).
A service that needs more adds it here, typed, rather than reaching into ingest's modules or tables.
"""
from __future__ import annotations

from services.ingest.identity import UNVOUCHED_SOURCE, registered_by_fields, registered_copies
from services.ingest.models import Document, DocumentStatus
from services.ingest.parsers.edxml import looks_like_edxml, parse_edxml
from services.ingest.reread import count_stale
from services.ingest.service import (
    DocumentView,
    TaskView,
    accept_upload,
    changed_document_ids,
    check_upload,
    cited_by,
    cited_documents,
    clean_filename,
    document_recall,
    document_view,
    document_views,
    done_document_ids,
    get_document,
    hidden_document,
    hold_document,
    mark_recalled,
    number_key,
    page_access,
    recalled_among,
    recently_hidden_ids,
    set_access,
    set_units,
    status_counts,
    visible_clause,
    visible_ids,
)
from services.ingest.understanding.confidence import LEAD_BARE, LEAD_UNKNOWN, is_collective, review_reasons
from services.ingest.understanding.doctypes import DOC_TYPES
from services.ingest.understanding.model import REVIEW_BELOW
from services.ingest.understanding.task_units import match_units
from services.ingest.understanding.units import expand_units

# the kinds of document (Nghị định 30/2020/NĐ-CP and the legal types), as search suggests them
DOC_KINDS: tuple[str, ...] = tuple(name for name, _ in DOC_TYPES)

# the doubt "the lead is not in the (shared) directory": said of no unit the office has in its own directory
LEAD_NOT_IN_DIRECTORY = LEAD_UNKNOWN[1]
# the doubt "the lead names a body without its name" ("Công an huyện", "UBND huyện"): in the district office whose own
# directory has that body, it names one unit (play14)
LEAD_NOT_SPECIFIC = LEAD_BARE[1]

__all__ = [
    "DOC_KINDS",
    "LEAD_NOT_IN_DIRECTORY",
    "LEAD_NOT_SPECIFIC",
    "REVIEW_BELOW",
    "UNVOUCHED_SOURCE",
    "Document",
    "DocumentStatus",
    "DocumentView",
    "TaskView",
    "accept_upload",
    "count_stale",
    "changed_document_ids",
    "check_upload",
    "cited_by",
    "cited_documents",
    "clean_filename",
    "document_view",
    "document_views",
    "done_document_ids",
    "expand_units",
    "get_document",
    "hidden_document",
    "hold_document",
    "is_collective",
    "looks_like_edxml",
    "document_recall",
    "mark_recalled",
    "recalled_among",
    "match_units",
    "number_key",
    "parse_edxml",
    "page_access",
    "recently_hidden_ids",
    "registered_by_fields",
    "registered_copies",
    "review_reasons",
    "set_access",
    "set_units",
    "status_counts",
    "visible_clause",
    "visible_ids",
]
