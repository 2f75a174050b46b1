"""The engine factory: Elasticsearch where deployed, else the embedded tantivy index (kept apart from
services.search.engine, the interface both engines implement, so that neither imports the other's importer)."""
from __future__ import annotations

from pathlib import Path

from services.search.engine import SearchEngine
from services.search.es_engine import ElasticsearchEngine
from services.search.tantivy_engine import TantivyEngine


def open_engine(data_dir: Path, elasticsearch_url: str | None = None, index_prefix: str = "vanban") -> SearchEngine:
    """Elasticsearch when ``elasticsearch_url`` is set, else the embedded tantivy index in ``data_dir/index``."""
    if elasticsearch_url:
        return ElasticsearchEngine(elasticsearch_url, index_prefix=index_prefix)
    return TantivyEngine(Path(data_dir) / "index")
