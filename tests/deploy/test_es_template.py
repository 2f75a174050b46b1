"""deploy/elasticsearch/index-template.json is exactly the index template the Elasticsearch engine installs.

services/search/es_engine.py exposes `settings()` and `mappings()` but builds the rest of the template (name,
patterns, priority, _meta) inline in `ElasticsearchEngine.ensure()`; so `ensure()` runs here against a recording
stand-in for the client (the engine accepts `client=`), and the request it makes is compared with the file.
"""
from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

from deploy_support import DEPLOY, parse_env_file

TEMPLATE = DEPLOY / "elasticsearch" / "index-template.json"


class RecordingIndices:
    def __init__(self) -> None:
        self.templates: list[dict[str, Any]] = []

    def put_index_template(self, **kwargs: Any) -> dict[str, bool]:
        self.templates.append(kwargs)
        return {"acknowledged": True}

    def exists_alias(self, **kwargs: Any) -> bool:
        return True  # the first index exists: ensure() stops after the template (and the mapping's new fields)

    def put_mapping(self, **kwargs: Any) -> dict[str, bool]:
        return {"acknowledged": True}

    def get_mapping(self, **kwargs: Any) -> dict[str, Any]:
        return {}  # the start-up check of the index's version (content_behind) finds no index to compare


def installed_template(prefix: str) -> dict[str, Any]:
    from services.search.es_engine import ElasticsearchEngine

    indices = RecordingIndices()
    ElasticsearchEngine("http://elasticsearch.invalid:9200", prefix, client=SimpleNamespace(indices=indices)).ensure()
    (call,) = indices.templates
    return call


def test_file_is_what_the_engine_installs() -> None:
    env, _ = parse_env_file(DEPLOY / ".env.example")
    prefix = env["VANBAN_INDEX_PREFIX"]
    call = installed_template(prefix)
    body = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    assert call["name"] == f"{prefix}-documents"
    # the body of PUT _index_template/<name>; the Python client sends `meta=` as `_meta`
    assert body == {"index_patterns": call["index_patterns"], "priority": call["priority"], "_meta": call["meta"],
                    "template": call["template"]}


def test_file_matches_the_public_functions() -> None:
    from services.search import es_engine

    body = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    assert body["template"] == {"settings": es_engine.settings(), "mappings": es_engine.mappings()}
    assert body["_meta"]["vanban_template_version"] == es_engine.TEMPLATE_VERSION
    assert body["template"]["mappings"]["dynamic"] == "strict"
