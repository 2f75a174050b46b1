"""The embedded engine's tantivy document holds exactly the fields of services.search.schema.to_fields."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import tantivy

from services.search.engine import IndexDoc
from services.search.schema import FACET_FIELDS, INT_FIELDS, stored, to_fields
from services.search.tantivy_engine import TantivyEngine


def _one_call_per_value(doc: IndexDoc) -> dict[str, list[object]]:
    d = tantivy.Document()
    for name, value in to_fields(doc).items():
        if name in INT_FIELDS:
            d.add_integer(name, int(value))
        elif name in FACET_FIELDS:
            for v in value:
                d.add_text(f"f_{name}", v)
        elif isinstance(value, list):
            for v in value:
                d.add_text(name, v)
        elif value:
            d.add_text(name, value)
    d.add_bytes("doc", json.dumps(stored(doc), ensure_ascii=False).encode())
    return d.to_dict()


def test_document_has_the_same_values_as_one_call_per_value(tmp_path: Path) -> None:
    engine = TantivyEngine(tmp_path / "index")
    try:
        docs = [
            IndexDoc(id="a1", filename="a.docx", number="12/KH-XYZ", doc_type="Kế hoạch", issuer="UBND huyện Bình Lục",
                     issued_date=date(2021, 3, 4), subject="Kế hoạch trồng cây xanh",
                     text="Ủy ban nhân dân huyện giao Phòng TN&MT chủ trì; hạn 30/6.", units=["Phòng Tài chính"],
                     has_open_tasks=True, level=1, audience="units", audience_units=["phong-tai-chinh"]),
            IndexDoc(id="b2", filename="b.pdf", number=None, doc_type=None, issuer=None, issued_date=None,
                     subject="", text="", units=[], has_open_tasks=False, level=0, audience="public",
                     audience_units=[]),
        ]
        for doc in docs:
            assert engine._document(doc).to_dict() == _one_call_per_value(doc)
    finally:
        engine.close()
