"""Findings of the fifth attack (the moments between states after the unit directory, notification claim, stage-3
ranking, web pages and bulk ingest sessions): one test each, over HTTP against the real application, on SQLite and
real PostgreSQL. Each failed before its fix. Invented notices."""
from __future__ import annotations

from typing import Any

import pytest

from services.core.dispatch import wait_idle

BOTH = pytest.mark.usefixtures("db_backend")


@BOTH
def test_reprocessing_a_copy_keeps_the_level_it_inherited(client: Any) -> None:
    """A clerk of clearance Mật uploads an unstamped copy of a Mật notice: it is recognised and raised to Mật. Later
    her clearance is lowered (she moves to another job) and another clerk reprocesses the copy (after an upgrade).
    The match is looked for among the documents its uploader may see *now* — none — so the copy fell back to its own
    stamp, Thường: the Mật text was readable by every clerk and leader of clearance Thường. Reprocessing must never
    lower a level (only a leader declassifies)."""
    from helpers.briefing import fast_headers, ingest, ok
    from helpers.notices import notice_text

    items = ["Giao Sở Y tế chủ trì rà soát phương án sơ tán bí mật kinhmat27, hoàn thành trước ngày 15/4/2009."]
    text = notice_text("27/TB-UBND", "14/03/2009", items)
    high = fast_headers("clerk", clearance=1, username="vanthu-mat")
    other = fast_headers("clerk", clearance=3, username="vanthu-khac")
    low = fast_headers("clerk", clearance=0, username="vanthu-thuong")
    leader0 = fast_headers("leader", clearance=0, username="lanhdao-thuong")
    secret = ingest(client, "tb-27-mat.txt", text.replace("Số: 27/TB-UBND\n", "Số: 27/TB-UBND\nMẬT\n").encode(),
                    high)
    copy = ingest(client, "ban-sao.txt", (text + "\n").encode(), high)
    seen = ok(client.get(f"/documents/{copy}", headers=high))
    assert seen["registered_as"]["document_id"] == secret and seen["level"] == 1
    ok(client.patch("/users/vanthu-mat", json={"clearance": 0}))
    ok(client.post(f"/documents/{copy}/reprocess", headers=other), 202)
    wait_idle(120)
    assert ok(client.get(f"/documents/{copy}", headers=other))["level"] >= 1
    for who in (low, leader0):
        assert client.get(f"/documents/{copy}", headers=who).status_code == 404
        listing = client.get("/documents", headers=who, params={"limit": 200})
        assert "kinhmat27" not in listing.text and copy not in listing.text
        found = client.get("/search", headers=who, params={"q": "kinhmat27"})
        assert found.status_code == 200 and found.json()["total"] == 0, found.text
