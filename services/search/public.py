"""What the app and the command line use of search: the engine, indexing and the error it raises.

No other service imports search (search builds on ingest, briefing and the registry, through their public
modules); everything else under services.search is private to it.
"""
from __future__ import annotations

from services.search.api import search_error_response
from services.search.engine import SearchError, SearchQuery
from services.search.service import flush, get_engine, index_documents, reindex_all

__all__ = ["SearchError", "SearchQuery", "flush", "get_engine", "index_documents", "reindex_all",
           "search_error_response"]
