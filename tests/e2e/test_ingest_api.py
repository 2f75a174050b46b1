"""The ingest API over HTTP, on SQLite and on real PostgreSQL: upload, dedupe, states, errors, originals."""
from __future__ import annotations

import hashlib
import unicodedata
from typing import Any

import pytest

from services.core.dispatch import wait_idle

pytestmark = pytest.mark.usefixtures("db_backend")

NOTICE = """UỶ BAN NHÂN DÂN TỈNH NGHỆ AN
Số: 317/TB-UBND
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Nghệ An, ngày 07 tháng 10 năm 2008

THÔNG BÁO
Kết luận của Phó Chủ tịch UBND tỉnh tại buổi làm việc về các dự án công nghệ thông tin

Giao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính hoàn thành trước ngày 30/11/2008.
"""


def upload(client: Any, name: str, data: bytes, content_type: str = "application/octet-stream") -> Any:
    return client.post("/documents", files=[("files", (name, data, content_type))])


def get_done(client: Any, doc_id: str) -> dict[str, Any]:
    wait_idle(60)
    r = client.get(f"/documents/{doc_id}")
    assert r.status_code == 200, r.text
    return r.json()


def test_upload_text_is_extracted_repaired_and_kept(client: Any) -> None:
    nfd = unicodedata.normalize("NFD", NOTICE).encode("utf-8")
    r = upload(client, "thong-bao-317.txt", nfd, "text/plain")
    assert r.status_code == 202, r.text
    body = r.json()
    assert body["accepted"] == 1 and body["duplicates"] == 0
    doc_id = body["items"][0]["document_id"]
    doc = get_done(client, doc_id)
    assert doc["status"] == "done", doc
    assert doc["filename"] == "thong-bao-317.txt"
    assert "Độc lập - Tự do - Hạnh phúc" in doc["text"]  # NFC: composed characters
    assert doc["text"] == unicodedata.normalize("NFC", doc["text"])
    assert doc["sha256"] == hashlib.sha256(nfd).hexdigest()
    original = client.get(f"/documents/{doc_id}/original")
    assert original.status_code == 200
    assert original.content == nfd  # never modified
    assert "thong-bao-317.txt" in original.headers["content-disposition"]


def test_same_file_twice_is_one_document(client: Any) -> None:
    data = NOTICE.encode("utf-8")
    first = upload(client, "a.txt", data).json()["items"][0]
    second = upload(client, "b.txt", data).json()
    assert second["duplicates"] == 1 and second["accepted"] == 0
    assert second["items"][0]["document_id"] == first["document_id"]
    assert second["items"][0]["duplicate"] is True
    wait_idle(60)
    assert client.get("/documents").json()["total"] == 1


def test_many_files_in_one_upload(client: Any) -> None:
    files = [("files", (f"doc{i}.txt", f"{NOTICE}\nPhụ lục {i}".encode(), "text/plain")) for i in range(3)]
    files.append(("files", ("empty.txt", b"", "text/plain")))
    r = client.post("/documents", files=files)
    assert r.status_code == 202
    body = r.json()
    assert (body["accepted"], body["rejected"]) == (3, 1)
    assert body["items"][3]["error_code"] == "empty_file"
    wait_idle(60)
    listing = client.get("/documents", params={"status": "done", "limit": 2}).json()
    assert listing["total"] == 3 and len(listing["items"]) == 2
    rest = client.get("/documents", params={"status": "done", "limit": 2, "offset": 2}).json()
    assert len(rest["items"]) == 1
    ids = {i["id"] for i in listing["items"]} | {i["id"] for i in rest["items"]}
    assert len(ids) == 3


def test_many_files_are_registered_together_and_fail_alone(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A multi-file upload writes its new rows in one INSERT per table (documents, audit); the same bytes twice are
    one document; a stored file's copy is a duplicate; a file that fails where no check foresaw it is refused alone
    with its error and the others are kept."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from services.core.errors import IngestError
    from services.ingest import service

    stored = upload(client, "stored.txt", f"{NOTICE}\nPhụ lục cũ".encode()).json()["items"][0]["document_id"]
    wait_idle(60)  # its processing done: the statements counted below are the upload's
    texts = [f"{NOTICE}\nPhụ lục {i}".encode() for i in range(4)]
    files = [("files", (f"doc{i}.txt", t, "text/plain")) for i, t in enumerate(texts)]
    files += [("files", ("again.txt", texts[0], "text/plain")),
              ("files", ("old.txt", f"{NOTICE}\nPhụ lục cũ".encode(), "text/plain"))]
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(" ".join(statement.split()[:3]))

    event.listen(Engine, "before_cursor_execute", seen)
    try:
        body = client.post("/documents", files=files).json()
    finally:
        event.remove(Engine, "before_cursor_execute", seen)
    assert (body["accepted"], body["duplicates"], body["rejected"]) == (4, 2, 0)
    items = body["items"]
    assert items[4]["document_id"] == items[0]["document_id"] and items[4]["duplicate"] is True
    assert items[5]["document_id"] == stored and items[5]["duplicate"] is True
    assert statements.count("INSERT INTO documents") == 1
    assert statements.count("INSERT INTO audit_events") == 1

    real = service.media_type_of

    def faulty(data: bytes) -> str:  # an unforeseen failure on one file (the checks at the door passed)
        if b"Ph\xe1\xbb\xa5 l\xe1\xbb\xa5c 9" in data:
            raise IngestError("store_failed", "Không lưu được tệp.", http_status=500)
        return real(data)

    monkeypatch.setattr(service, "media_type_of", faulty)
    files = [("files", (f"new{i}.txt", f"{NOTICE}\nPhụ lục {i}".encode(), "text/plain")) for i in (8, 9, 10)]
    body = client.post("/documents", files=files).json()
    assert (body["accepted"], body["rejected"]) == (2, 1)
    assert [i["error_code"] for i in body["items"]] == [None, "store_failed", None]
    wait_idle(60)
    names = {d["filename"] for d in client.get("/documents", params={"limit": 50}).json()["items"]}
    assert names == {"stored.txt", "doc0.txt", "doc1.txt", "doc2.txt", "doc3.txt", "new8.txt", "new10.txt"}


@pytest.mark.parametrize(
    ("name", "data", "status", "code"),
    [
        ("empty.docx", b"", 422, "empty_file"),
        ("virus.exe", b"MZ\x90\x00" + b"\x00" * 100, 415, "unsupported_type"),
    ],
)
def test_refused_at_the_door_and_nothing_stored(client: Any, name: str, data: bytes, status: int, code: str) -> None:
    r = upload(client, name, data)
    assert r.status_code == status
    assert r.json()["error"]["code"] == code
    assert r.json()["error"]["message"]  # Vietnamese text for the clerk
    assert client.get("/documents").json()["total"] == 0


def test_oversized_file_is_refused(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from services.core.config import reset_settings

    monkeypatch.setenv("VANBAN_MAX_UPLOAD_BYTES", "1000")
    reset_settings()
    r = upload(client, "big.txt", b"a" * 1001)
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "too_large"
    assert client.get("/documents").json()["total"] == 0


def test_corrupt_pdf_fails_with_code_and_keeps_original(client: Any) -> None:
    data = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog" + b"\x00garbage" * 50
    doc_id = upload(client, "hong.pdf", data).json()["items"][0]["document_id"]
    doc = get_done(client, doc_id)
    assert doc["status"] == "failed"
    assert doc["error_code"] == "corrupt_pdf"
    assert doc["error_message"]
    assert doc["text"] is None and doc["tasks"] == []  # nothing half-written
    assert client.get(f"/documents/{doc_id}/original").content == data
    assert client.get("/documents", params={"status": "failed"}).json()["total"] == 1


def test_legacy_doc_asks_for_docx(client: Any) -> None:
    ole2 = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504
    doc_id = upload(client, "cu.doc", ole2).json()["items"][0]["document_id"]
    doc = get_done(client, doc_id)
    assert doc["status"] == "failed"
    assert doc["error_code"] == "legacy_doc"
    assert "DOCX" in doc["error_message"]


def test_reprocess_is_idempotent(client: Any) -> None:
    doc_id = upload(client, "tb.txt", NOTICE.encode()).json()["items"][0]["document_id"]
    before = get_done(client, doc_id)
    r = client.post(f"/documents/{doc_id}/reprocess")
    assert r.status_code == 202
    after = get_done(client, doc_id)
    assert after["status"] == "done"
    assert after["attempts"] == before["attempts"] + 1
    assert after["text"] == before["text"]
    assert after["tasks"] == before["tasks"]
    assert after["citations"] == before["citations"]


def test_unknown_document_is_404(client: Any) -> None:
    for path in ("/documents/nope", "/documents/nope/original"):
        r = client.get(path)
        assert r.status_code == 404
        assert r.json()["error"]["code"] == "not_found"
    assert client.post("/documents/nope/reprocess").status_code == 404


def test_list_filters_validate(client: Any) -> None:
    r = client.get("/documents", params={"status": "bogus"})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_request"


def test_every_ingest_endpoint_needs_login(anon_client: Any) -> None:
    for method, path in [("get", "/documents"), ("get", "/documents/x"), ("get", "/documents/x/original"),
                         ("post", "/documents/x/reprocess")]:
        r = getattr(anon_client, method)(path)
        assert r.status_code == 401, (method, path)
        assert r.json()["error"]["code"] == "unauthorized"
    r = anon_client.post("/documents", files=[("files", ("a.txt", b"abc", "text/plain"))])
    assert r.status_code == 401


def test_unit_staff_cannot_upload(anon_client: Any, users: Any) -> None:
    headers = users.headers("unit_staff", unit="Sở Xây dựng", clearance=0)
    r = anon_client.post("/documents", files=[("files", ("a.txt", b"abc", "text/plain"))], headers=headers)
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "forbidden"
