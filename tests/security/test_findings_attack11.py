"""Eleventh attack (a review of the session's merges): the upload of several files in one request, registered
together (one SELECT, one INSERT per table, one savepoint; each file alone on an unforeseen error) — a request
mixing the bytes of a hidden Mật notice with ordinary files, the same bytes twice, a refused file, and a failure
half-way through its batches (SECURITY.md, 54: checked and sound). Invented notices."""
from __future__ import annotations

from typing import Any

import pytest

from services.core.dispatch import wait_idle

SECRET = ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nMẬT\nSố: 541/TB-UBND\nNghệ An, ngày 04 tháng 11 năm 2025\n\nTHÔNG BÁO\n"
          "Kết luận về phương án kinhphuong541\n\nGiao Sở Xây dựng chủ trì triển khai, hoàn thành trước ngày "
          "30/12/2025.\n")
PLAIN = ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: 542/TB-UBND\nNghệ An, ngày 05 tháng 11 năm 2025\n\nTHÔNG BÁO\n"
         "Kết luận về đường giao thông congkhai542\n\nGiao Sở Xây dựng chủ trì triển khai, hoàn thành trước ngày "
         "30/12/2025.\n")


def _files(*named: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, data, "text/plain")) for name, data in named]


@pytest.mark.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)
def test_one_request_mixing_a_hidden_documents_bytes_with_ordinary_files_names_nothing_hidden(
        db_backend: str, anon_client: Any) -> None:
    """A clerk of clearance 0 sends, in one request, the bytes of a Mật notice she may not see, an ordinary notice,
    the same ordinary bytes again and a refused file. Each item answers for its own file only: the secret bytes are
    a new document of hers (no duplicate, no id, number or file name of the hidden one), the repeat is a duplicate
    of the file just before it, the refused file's message names no other file; after processing her copy is Mật
    (its stamp) and leaves her sight with the original; totals and search count only the ordinary notice."""
    from helpers.briefing import fast_headers

    clerk3 = fast_headers("clerk", clearance=3, username="vanthu3-dau11")
    clerk0 = fast_headers("clerk", clearance=0, username="vanthu0-dau11")
    r = anon_client.post("/documents", files=_files(("tb-541-mat.txt", SECRET.encode())), headers=clerk3)
    assert r.status_code == 202, r.text
    secret_id = r.json()["items"][0]["document_id"]
    wait_idle(120)
    got = anon_client.get(f"/documents/{secret_id}", headers=clerk3).json()
    assert got["status"] == "done" and got["level"] == 1, got
    assert anon_client.get(f"/documents/{secret_id}", headers=clerk0).status_code == 404

    r = anon_client.post("/documents", headers=clerk0, files=_files(
        ("ban-chup.txt", SECRET.encode()), ("tb-542.txt", PLAIN.encode()), ("tb-542-lai.txt", PLAIN.encode()),
        ("rong.txt", b"")))
    assert r.status_code == 202, r.text
    body = r.json()
    for hidden in (secret_id, "tb-541-mat", "541/TB"):
        assert hidden not in r.text, hidden
    items = body["items"]
    assert [i["filename"] for i in items] == ["ban-chup.txt", "tb-542.txt", "tb-542-lai.txt", "rong.txt"]
    assert (body["accepted"], body["duplicates"], body["rejected"]) == (2, 1, 1), body
    copy = items[0]
    assert copy["document_id"] and copy["document_id"] != secret_id and not copy["duplicate"], copy
    assert copy["message"] is None and copy["error_code"] is None, copy
    assert items[2]["duplicate"] and items[2]["document_id"] == items[1]["document_id"], items[2]
    assert "tb-542.txt" in items[2]["message"], items[2]  # her own file, which she sees
    assert items[3]["error_code"] and items[3]["document_id"] is None, items[3]
    assert not any(n in items[3]["error_message"] for n in ("ban-chup", "tb-542")), items[3]

    wait_idle(120)
    mine = anon_client.get(f"/documents/{copy['document_id']}", headers=clerk3).json()
    assert mine["level"] == 1, mine  # her copy's stamp: Mật, over her clearance
    assert anon_client.get(f"/documents/{copy['document_id']}", headers=clerk0).status_code == 404
    listed = anon_client.get("/documents", headers=clerk0).json()
    assert listed["total"] == 1 and [d["id"] for d in listed["items"]] == [items[1]["document_id"]], listed
    found = anon_client.get("/search", headers=clerk0, params={"q": "kinhphuong541"}).json()
    assert found["total"] == 0 and "kinhphuong541" not in str(found), found
    found = anon_client.get("/search", headers=clerk0, params={"q": "Sở Xây dựng triển khai"}).json()
    assert found["total"] == 1, found


@pytest.mark.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)
def test_a_failure_half_way_through_a_requests_batches_leaves_nothing_written(
        db_backend: str, anon_client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files registered batch by batch in one request: the second batch failing where nothing foresaw it (not a
    VanbanError: the database gone, a bug) ends the request with nothing of the first batch written — no document
    row, no outbox message, nothing listed or searched — and the same files sent again are new documents."""
    from helpers.briefing import fast_headers
    from sqlalchemy import text as sql

    import services.ingest.api as ingest_api
    import services.ingest.service as service
    from services.core.db import session_factory

    clerk = fast_headers("clerk", clearance=3, username="vanthu-dut11")
    monkeypatch.setattr(ingest_api, "UPLOAD_BATCH_BYTES", 1)  # each file its own batch
    real, calls = service.accept_uploads, []

    def second_fails(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("mất kết nối giữa chừng")
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "accept_uploads", second_fails)

    def rows() -> tuple[int, int]:
        with session_factory()() as s:
            return (int(s.scalar(sql("SELECT count(*) FROM documents")) or 0),
                    int(s.scalar(sql("SELECT count(*) FROM outbox")) or 0))

    before = rows()
    with pytest.raises(RuntimeError):
        anon_client.post("/documents", headers=clerk, files=_files(("tb-542.txt", PLAIN.encode()),
                                                                    ("tb-541-mat.txt", SECRET.encode())))
    assert rows() == before
    assert anon_client.get("/documents", headers=clerk).json()["total"] == 0
    monkeypatch.setattr(service, "accept_uploads", real)
    r = anon_client.post("/documents", headers=clerk, files=_files(("tb-542.txt", PLAIN.encode()),
                                                                    ("tb-541-mat.txt", SECRET.encode())))
    assert r.status_code == 202, r.text
    assert [(i["duplicate"], i["error_code"]) for i in r.json()["items"]] == [(False, None), (False, None)], r.text


@pytest.mark.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)
def test_a_copy_stamped_mat_raises_the_registered_document_it_copies(db_backend: str, anon_client: Any) -> None:
    """Finding 55. The same notice comes twice: first a file without its stamp (the draft's DOCX, read as Thường,
    registered; its unit reads it), then the signed scan stamped MẬT, recognised as its copy (same number, issuer
    and date). The copy was hidden but the registered document — the same text — stayed Thường for everyone: the
    outcome hung on which file came first (stamped first, the unstamped one was its copy, raised and hidden). A
    copy's stamp is the document's: the registered one is raised to it (never lowered), its unit's clearance-0
    staff lose it from the page, the list, search and the task inbox, and a clearance-1 head keeps it."""
    from helpers.briefing import fast_headers, unit_ids

    clerk = fast_headers("clerk", clearance=3, username="vanthu-sao11")
    staff0 = fast_headers("unit_staff", "Sở Xây dựng", 0, "syd0-sao11")
    head1 = fast_headers("unit_head", "Sở Xây dựng", 1, "syd1-sao11")
    draft = PLAIN.replace("542/TB-UBND", "551/TB-UBND").replace("congkhai542", "banthao551")
    r = anon_client.post("/documents", files=_files(("tb-551.txt", draft.encode())), headers=clerk)
    assert r.status_code == 202, r.text
    registered = r.json()["items"][0]["document_id"]
    wait_idle(120)
    assert anon_client.get(f"/documents/{registered}", headers=staff0).json()["level"] == 0
    stamped = draft.replace("Số: 551/TB-UBND\n", "MẬT\nSố: 551/TB-UBND\n")
    r = anon_client.post("/documents", files=_files(("tb-551-scan.txt", stamped.encode())), headers=clerk)
    assert r.status_code == 202, r.text
    copy = r.json()["items"][0]["document_id"]
    wait_idle(120)
    got = anon_client.get(f"/documents/{copy}", headers=clerk).json()
    assert (got["registered_as"] or {}).get("document_id") == registered and got["level"] == 1, got
    assert anon_client.get(f"/documents/{registered}", headers=clerk).json()["level"] == 1
    assert anon_client.get(f"/documents/{registered}", headers=staff0).status_code == 404
    assert anon_client.get("/documents", headers=staff0).json()["total"] == 0
    assert anon_client.get("/search", headers=staff0, params={"q": "banthao551"}).json()["total"] == 0
    unit = unit_ids(anon_client, clerk)["Sở Xây dựng"]
    inbox = anon_client.get(f"/units/{unit}/tasks", headers=staff0)
    assert "banthao551" not in inbox.text and registered not in inbox.text, inbox.text
    assert anon_client.get(f"/documents/{registered}", headers=head1).status_code == 200
    assert anon_client.get("/search", headers=head1, params={"q": "banthao551"}).json()["total"] == 1


@pytest.mark.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)
def test_a_copy_stamped_mat_raises_a_registered_document_whose_audience_a_clerk_set(
        db_backend: str, anon_client: Any) -> None:
    """Finding 55, the clerk's hand on the audience: restricting the unstamped notice to its unit is no decision on
    its level — nobody had seen the stamp — so the stamped scan arriving after it raises it all the same."""
    from helpers.briefing import fast_headers

    clerk = fast_headers("clerk", clearance=3, username="vanthu-sao11b")
    staff0 = fast_headers("unit_staff", "Sở Xây dựng", 0, "syd0-sao11b")
    draft = PLAIN.replace("542/TB-UBND", "552/TB-UBND").replace("congkhai542", "banthao552")
    r = anon_client.post("/documents", files=_files(("tb-552.txt", draft.encode())), headers=clerk)
    registered = r.json()["items"][0]["document_id"]
    wait_idle(120)
    r = anon_client.patch(f"/documents/{registered}/access", headers=clerk,
                          json={"audience": "units", "units": ["Sở Xây dựng"]})
    assert r.status_code == 200, r.text
    assert anon_client.get(f"/documents/{registered}", headers=staff0).status_code == 200
    stamped = draft.replace("Số: 552/TB-UBND\n", "MẬT\nSố: 552/TB-UBND\n")
    r = anon_client.post("/documents", files=_files(("tb-552-scan.txt", stamped.encode())), headers=clerk)
    assert r.status_code == 202, r.text
    wait_idle(120)
    assert anon_client.get(f"/documents/{registered}", headers=clerk).json()["level"] == 1
    assert anon_client.get(f"/documents/{registered}", headers=staff0).status_code == 404
    assert anon_client.get("/search", headers=staff0, params={"q": "banthao552"}).json()["total"] == 0
