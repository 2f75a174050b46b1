"""The search API over HTTP (embedded engine, real database): facets as filters, unknown filters refused, no raw
scores, suggestions of units, and an access change that the index has not caught up with yet."""
from __future__ import annotations

from typing import Any

from services.core.dispatch import wait_idle

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
    assert a not in ids(client.get("/search", params={"q": "317/TB-UBND"}, headers=unit_user))
    sim = client.get(f"/documents/{b}/similar", headers=unit_user)
    assert sim.status_code == 200 and a not in [h["document_id"] for h in sim.json()]
