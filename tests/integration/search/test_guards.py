"""The search guards read the database in every request, whichever process changed it: a tightening made by
another process (its re-indexing not landed yet) is obeyed by the very next search, a loosening too — the
per-process guess of the recently-hidden documents (services.search.service._hidden_hint) never decides what a
user sees; a password reset, a disabled account or a logout done by another process ends a token at once."""
from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

from services.core.dispatch import wait_idle

pytestmark = pytest.mark.usefixtures("db_backend")

NOTICE = ("ỦY BAN NHÂN DÂN TỈNH\nSố: {n}/TB-UBND\nThành phố Vinh, ngày 07 tháng 10 năm 2009\n\nTHÔNG BÁO\n"
          "Kết luận về {topic}\n\nGiao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính triển khai {topic} "
          "zorblat, hoàn thành trước ngày 30/11/2009.\n")


def other_process(code: str) -> None:
    """Run ``code`` in another Python process on the same instance (its database and data directory)."""
    prelude = ("from datetime import UTC, datetime\nfrom sqlalchemy import text\n"
               "from services.core.db import session_factory\n")
    r = subprocess.run([sys.executable, "-c", prelude + code], env=dict(os.environ), capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr


def set_level_elsewhere(doc_id: str | list[str], level: int) -> None:
    """Another process changes documents' level and is not done re-indexing them (the index keeps the old one)."""
    docs = [doc_id] if isinstance(doc_id, str) else doc_id
    other_process(f"with session_factory()() as s:\n"
                  f"    for i in {docs!r}:\n"
                  f"        s.execute(text('UPDATE documents SET level = :l, access_changed_at = :t WHERE id = :i'),\n"
                  f"                  {{'l': {level}, 't': datetime.now(UTC), 'i': i}})\n"
                  f"    s.commit()\n")


def test_access_changed_by_another_process_is_obeyed_by_the_next_search(client: Any, users: Any) -> None:
    ids = []
    for n, topic in ((11, "cổng thông tin"), (12, "dịch vụ công"), (13, "chữ ký số")):
        r = client.post("/documents", files=[("files", (f"tb{n}.txt", NOTICE.format(n=n, topic=topic).encode(),
                                                        "text/plain"))])
        assert r.status_code == 202, r.text
        ids.append(r.json()["items"][0]["document_id"])
    wait_idle(60)
    a, b, c = ids
    staff = users.headers("unit_staff", unit="Sở Xây dựng", clearance=0)

    def seen() -> tuple[set[str], int, int]:
        r = client.get("/search", params={"q": "zorblat"}, headers=staff)
        assert r.status_code == 200, r.text
        body = r.json()
        return {h["document_id"] for h in body["hits"]}, body["total"], sum(body["facets"]["year"].values())

    assert seen() == ({a, b, c}, 3, 3)
    set_level_elsewhere(a, 2)  # Mật: hidden from the next search, its total and facets
    assert seen() == ({b, c}, 2, 2)
    assert seen() == ({b, c}, 2, 2)  # this process now guesses [a]
    set_level_elsewhere(a, 0)  # given back by another process: this process's guess is wrong now
    set_level_elsewhere(b, 2)
    assert seen() == ({a, c}, 2, 2)
    set_level_elsewhere(b, 0)
    assert seen() == ({a, b, c}, 3, 3)
    # off the page: a one-hit page's total and facets follow too
    set_level_elsewhere(c, 2)
    page = client.get("/search", params={"q": "zorblat", "limit": 1, "offset": 1}, headers=staff).json()
    assert page["total"] == 2 and sum(page["facets"]["year"].values()) == 2
    assert c not in [h["document_id"] for h in page["hits"]]


def test_similar_documents_follow_an_access_change_made_by_another_process(client: Any, users: Any) -> None:
    """Six notices sharing a word with the one a leader reads are made Mật by another process (not re-indexed):
    they are left out of the term choice of `similar` at once (counted, the word would be too common to be
    chosen and the one visible similar notice would vanish), and counted again once given back."""
    others = ["lịch trực cơ quan tuần này", "danh sách cán bộ đi công tác", "kế hoạch sửa chữa nhà xe",
              "thông tin về hội thao ngành", "báo cáo sử dụng điện nước", "tổng hợp ý kiến góp ý dự thảo"]
    files = [("s.txt", "Phương án mobeta mobeta mobeta kiwixa"), ("v.txt", "Kế hoạch mobeta của sở")]
    files += [(f"f{i}.txt", f"Về việc {t}") for i, t in enumerate(others[:4])]
    files += [(f"h{i}.txt", f"Đề án mobeta phần {t}") for i, t in enumerate(others)]
    r = client.post("/documents", files=[("files", (n, t.encode(), "text/plain")) for n, t in files])
    assert r.status_code == 202, r.text
    ids = {i["filename"]: i["document_id"] for i in r.json()["items"]}
    wait_idle(60)
    leader = users.headers("leader", clearance=0)
    hidden = [ids[f"h{i}.txt"] for i in range(len(others))]

    def similar() -> list[str]:
        res = client.get(f"/documents/{ids['s.txt']}/similar", headers=leader)
        assert res.status_code == 200, res.text
        return [h["document_id"] for h in res.json()]

    before = similar()
    set_level_elsewhere(hidden, 1)
    assert similar() == [ids["v.txt"]]
    assert similar() == [ids["v.txt"]]  # this process now guesses the six
    set_level_elsewhere(hidden, 0)
    assert similar() == before


def test_a_token_ended_by_another_process_is_refused_at_the_next_request(client: Any, users: Any) -> None:
    changes = ("UPDATE users SET token_version = token_version + 1 WHERE id = :i",  # a password reset
               "UPDATE users SET disabled = :yes WHERE id = :i",
               "UPDATE refresh_tokens SET revoked = :yes WHERE user_id = :i")  # logged out elsewhere
    for n, change in enumerate(changes):
        users.headers("unit_staff", unit="Sở Xây dựng", clearance=0, username=f"chuyenvien{n}")
        login = client.post("/auth/token", data={"username": f"chuyenvien{n}", "password": "mat-khau-123"})
        assert login.status_code == 200, login.text
        staff = {"Authorization": f"Bearer {login.json()['access_token']}"}
        assert client.get("/search", params={"q": "zorblat"}, headers=staff).status_code == 200
        user = client.get("/auth/me", headers=staff).json()["user_id"]
        other_process(f"with session_factory()() as s:\n"
                      f"    s.execute(text('{change}'), {{'i': '{user}', 'yes': True}})\n"
                      f"    s.commit()\n")
        r = client.get("/search", params={"q": "zorblat"}, headers=staff)
        assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_token", (change, r.text)
