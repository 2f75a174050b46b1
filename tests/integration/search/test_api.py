"""The search API over HTTP (embedded engine, real database): facets as filters, unknown filters refused, no raw
scores, suggestions of units, and an access change that the index has not caught up with yet."""
from __future__ import annotations

from typing import Any

import pytest

from services.core.dispatch import wait_idle

from .conftest import ENGINES, es_url_or_skip

NOTICE = ("ỦY BAN NHÂN DÂN TỈNH\nSố: {n}/TB-UBND\nThành phố Vinh, ngày 07 tháng 10 năm {year}\n\nTHÔNG BÁO\n"
          "Kết luận về {topic}\n\nGiao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính triển khai {topic}, "
          "hoàn thành trước ngày 30/11/{year}.\n")


def upload(client: Any, n: int, year: int, topic: str) -> str:
    body = NOTICE.format(n=n, year=year, topic=topic).encode()
    r = client.post("/documents", files=[("files", (f"tb{n}.txt", body, "text/plain"))])
    assert r.status_code == 202, r.text
    return str(r.json()["items"][0]["document_id"])


def ids(r: Any) -> list[str]:
    assert r.status_code == 200, r.text
    return [h["document_id"] for h in r.json()["hits"]]


def test_filters_scores_suggest_and_access_fresher_than_the_index(client: Any, users: Any) -> None:
    a = upload(client, 317, 2008, "cổng thông tin điện tử")
    b = upload(client, 412, 2009, "cổng dịch vụ công trực tuyến")
    wait_idle(60)

    # the page is served as its JSON directly: the very bytes and headers FastAPI makes of a SearchResponse, and
    # the schema is still documented
    from fastapi.encoders import jsonable_encoder
    from pydantic import TypeAdapter

    from services.search.schemas import SearchResponse

    r = client.get("/search", params={"q": "cổng"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    adapter = TypeAdapter(SearchResponse)
    assert r.content == adapter.dump_json(adapter.validate_json(r.content)) and r.json()["total"] == 2
    assert int(r.headers["content-length"]) == len(r.content)
    schema = client.get("/openapi.json").json()["paths"]["/search"]["get"]["responses"]["200"]
    assert schema["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/SearchResponse"}
    assert jsonable_encoder(SearchResponse.model_validate_json(r.content)) == r.json()

    # every facet is a filter; an unknown filter is a 422 with a message, not silently ignored
    body = client.get("/search", params={"q": "cổng"}).json()
    assert body["facets"]["year"] == {"2008": 1, "2009": 1}
    assert ids(client.get("/search", params={"q": "cổng", "year": 2009})) == [b]
    assert set(ids(client.get("/search", params={"q": "cổng", "year": [2008, 2009]}))) == {a, b}
    for unit in body["facets"]["unit"]:
        assert client.get("/search", params={"q": "cổng", "unit": unit}).json()["total"] >= 1
    r = client.get("/search", params={"q": "cổng", "nam": 2009})
    assert r.status_code == 422 and r.json()["error"]["code"] == "search_unknown_filter"
    assert "nam" in r.json()["error"]["message"]
    for y in (922337203685478, 0, -5):  # a clear 422, never a 500 from the engine
        r = client.get("/search", params={"q": "cổng", "year": y})
        assert r.status_code == 422 and r.json()["error"]["code"] == "search_invalid_year", r.text

    # scores come from the rank alone (raw scores depend on statistics over documents one may not see)
    hits = client.get("/search", params={"q": "cổng", "limit": 1, "offset": 1}).json()["hits"]
    assert [h["score"] for h in hits] == [0.5]

    assert "Sở Xây dựng" in client.get("/suggest", params={"q": "so xay"}).json()["suggestions"]

    # a unit user sees the internal documents addressed to its unit ...
    unit_user = users.headers("unit_staff", unit="Sở Xây dựng", clearance=0)
    assert set(ids(client.get("/search", params={"q": "cổng"}, headers=unit_user))) == {a, b}
    from services.core.db import session_factory
    from services.ingest import service as ingest
    from services.search.service import get_engine, to_index_doc

    with session_factory()() as session:
        view = ingest.document_view(session, a)
        assert view is not None
        before = to_index_doc(view)
    # ... a clerk tightens one of them; the index lags behind (re-indexed as it was before the change)
    r = client.patch(f"/documents/{a}/access", json={"level": 2})
    assert r.status_code == 200, r.text
    wait_idle(60)
    get_engine().index([before])
    get_engine().refresh()
    assert a in ids(client.get("/search", params={"q": "cổng"}))  # the admin still sees it
    res = client.get("/search", params={"q": "cổng"}, headers=unit_user)
    assert ids(res) == [b] and res.json()["total"] == 1
    assert sum(res.json()["facets"]["year"].values()) == 1
    # off the page too: a one-hit page never shows it, and its total and facets never count it
    for sort in ("relevance", "date"):
        page = client.get("/search", params={"q": "cổng", "limit": 1, "sort": sort}, headers=unit_user).json()
        assert page["total"] == 1 and sum(page["facets"]["year"].values()) == 1, page
        empty = client.get("/search", params={"q": "cổng", "limit": 1, "offset": 1, "sort": sort},
                           headers=unit_user).json()
        assert empty["total"] == 1 and empty["hits"] == [], empty
    assert a not in ids(client.get("/search", params={"q": "317/TB-UBND"}, headers=unit_user))
    sim = client.get(f"/documents/{b}/similar", headers=unit_user)
    assert sim.status_code == 200 and a not in [h["document_id"] for h in sim.json()]
    assert "317/TB-UBND" in client.get("/suggest", params={"q": "317"}).json()["suggestions"]
    assert "317/TB-UBND" not in client.get("/suggest", params={"q": "317"}, headers=unit_user).json()["suggestions"]


@pytest.mark.parametrize("engine_name", ENGINES)
def test_reindex_resumes_after_an_interruption(engine_name: str, client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from services.core.config import get_settings
    from services.search import service

    if engine_name == "es":
        monkeypatch.setenv("VANBAN_ELASTICSEARCH_URL", es_url_or_skip())
        get_settings.cache_clear()
    docs = [upload(client, n, 2010 + n % 3, f"chủ đề số {n}") for n in (501, 502, 503, 504)]
    wait_idle(60)
    engine = service.get_engine()
    try:
        monkeypatch.setattr(service, "REINDEX_CHECKPOINT", 1)
        seen: list[int] = []

        def interrupt_after_two(n: int) -> None:
            seen.append(n)
            if sum(seen) >= 2:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            service.reindex_all(progress=interrupt_after_two, batch_size=1)
        assert service._state_path().exists()
        # searches meanwhile see every document (tantivy: upserted in place; ES: the alias still points at the
        # complete old index, never at the half-built one)
        assert client.get("/search", params={"q": "chủ đề"}).json()["total"] == 4
        if engine_name == "tantivy":  # an indexed document the database does not have: removed by the reindex
            engine.index([service.to_index_doc(_ghost_view())])
            engine.refresh()
        resumed: list[int] = []
        assert service.reindex_all(progress=resumed.append, batch_size=1) == 4
        assert resumed[0] == 2 and sum(resumed) == 4  # continued after the checkpoint
        assert not service._state_path().exists()
        engine.refresh()
        assert engine.count() == 4  # a document the database does not have is gone
        assert set(ids(client.get("/search", params={"q": "chủ đề", "limit": 10}))) == set(docs)
    finally:
        if engine_name == "es":
            engine.delete_all()  # type: ignore[attr-defined]


def test_cli_reindex_resumes_from_the_checkpoint_or_restarts(client: Any) -> None:
    import json

    from typer.testing import CliRunner

    from services.cli import app
    from services.search import service

    docs = sorted(upload(client, n, 2012, f"đề tài số {n}") for n in (601, 602, 603))
    wait_idle(60)
    runner = CliRunner()
    path = service._state_path()
    # a checkpoint after the last document (saying 2 were done): resuming has nothing left to add, and counts on
    path.write_text(json.dumps({"engine": "tantivy", "after": docs[-1], "count": 2}))
    resumed = runner.invoke(app, ["reindex"])
    assert resumed.exit_code == 0, resumed.output
    assert "2 văn bản đã lập chỉ mục lại" in resumed.output and not path.exists()
    path.write_text(json.dumps({"engine": "tantivy", "after": docs[-1], "count": 1}))
    restarted = runner.invoke(app, ["reindex", "--restart"])  # the checkpoint is ignored: every document again
    assert restarted.exit_code == 0, restarted.output
    assert "3 văn bản đã lập chỉ mục lại" in restarted.output and not path.exists()
    assert set(ids(client.get("/search", params={"q": "đề tài", "limit": 10}))) == set(docs)


def _ghost_view() -> Any:
    from services.ingest.service import DocumentView

    return DocumentView(id="ghost", filename="ghost.txt", status="done", number=None, doc_type=None, issuer=None,
                        issued_date=None, subject="chủ đề ma", text="chủ đề ma", recipients=[],
                        confidentiality=None, level=0, audience="public", access_units=[], assigned_units=[],
                        addressed_units=[], updated_at=None, tasks=[], cites=[])


def test_cli_search_prints_readable_results_and_refuses_a_query_with_jsonl(client: Any) -> None:
    from typer.testing import CliRunner

    from services.cli import app

    doc = upload(client, 317, 2008, "cổng thông tin điện tử")
    wait_idle(60)
    runner = CliRunner()
    bad = runner.invoke(app, ["search", "317 TB UBND", "--jsonl"])
    assert bad.exit_code == 2 and "--jsonl" in bad.output and "QUERY" in bad.output
    assert runner.invoke(app, ["search"]).exit_code == 2  # nothing to search for
    ok = runner.invoke(app, ["search", "317 TB UBND"])
    assert ok.exit_code == 0, ok.output
    lines = ok.output.splitlines()
    assert lines[0].startswith("1 kết quả")
    assert "317/TB-UBND" in lines[1] and "Thông báo" in lines[1] and doc in ok.output
    assert "**" in ok.output and "<mark>" not in ok.output  # the snippet's matches, readable in a terminal
    out = runner.invoke(app, ["search", "--jsonl"], input='{"id": "q1", "q": "317/TB-UBND"}\n')
    assert out.exit_code == 0 and '"q1"' in out.output and doc in out.output


def test_reindex_reads_the_database_by_batch_and_indexes_what_it_read_one_by_one(client: Any) -> None:
    """A reindex reads each batch of documents in a few queries (a million one by one took hours): the documents
    it indexes are exactly those the per-document read model gives, open tasks and recall included."""
    from services.core.db import session_factory
    from services.ingest import public as ingest
    from services.search import service

    docs = sorted(upload(client, n, 2013, f"việc số {n}") for n in (701, 702, 703))
    wait_idle(60)
    batched = [d for batch in service._done_views(None, 2) for d in batch]
    with session_factory()() as session:
        one_by_one = [service.to_index_doc(v, service._open_tasks(session, i))
                      for i in ingest.done_document_ids(session, None, 100)
                      if (v := ingest.document_view(session, i)) is not None]
    assert [d.id for d in batched] == docs and batched == one_by_one
    assert any(d.has_open_tasks for d in batched)  # the notices assign tasks: their counts were read
