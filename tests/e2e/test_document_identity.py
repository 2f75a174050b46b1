"""The same document in another file (DOCX and PDF, a re-scan, an e-mailed copy) is recognised by its identity — not
only by its bytes — and creates no second set of tasks; a new version replaces the old tasks only by a clerk's
decision; a copy never reveals a document its viewer may not see. On SQLite and real PostgreSQL. Invented notices."""
from __future__ import annotations

import json
from typing import Any

import pytest
from fixtures.builders import make_docx_from_text, make_pdf_from_text
from helpers.briefing import confirm_all, error_code, fast_headers, ingest, ok
from helpers.notices import notice_text

from services.core.dispatch import wait_idle

BOTH = pytest.mark.usefixtures("db_backend")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ITEMS = [
    "Giao Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với Sở Tài chính kiểm tra hệ thống đê bao vùng "
    "trũng trước mùa lũ, báo cáo UBND tỉnh trước ngày 15/4/2009.",
    "Giao Sở Giao thông vận tải chủ trì khắc phục các điểm sạt lở trên tuyến đường tỉnh 534, hoàn thành trước ngày "
    "30/4/2009.",
    "Giao Sở Y tế chủ trì chuẩn bị cơ số thuốc phòng chống dịch bệnh sau lũ tại các huyện miền núi, hoàn thành trước "
    "ngày 10/5/2009.",
]
SUBJECT = "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về phòng, chống thiên tai năm 2009"
TEXT = notice_text("27/TB-UBND", "14/03/2009", ITEMS, subject=SUBJECT)


def proposals(client: Any, clerk: dict[str, str], document_id: str) -> list[dict[str, Any]]:
    rows = ok(client.get("/tasks/review", headers=clerk, params={"limit": 200}))["items"]
    return [t for t in rows if t["document"]["id"] == document_id]


def tasks_of(client: Any, headers: dict[str, str], document_id: str) -> list[dict[str, Any]]:
    return list(ok(client.get("/tasks", headers=headers, params={"document_id": document_id, "limit": 200}))["items"])


@BOTH
def test_another_file_of_a_registered_document_is_recognised(client: Any) -> None:
    clerk = fast_headers("clerk", clearance=3, username="vanthu")
    docx = make_docx_from_text(TEXT)
    first = ingest(client, "tb-27.docx", docx, clerk, DOCX)
    assert len(proposals(client, clerk, first)) == 3
    again = ok(client.post("/documents", files=[("files", ("lai.docx", docx, DOCX))],
                           headers=clerk), 202)["items"][0]
    assert again["duplicate"] and again["document_id"] == first and "27/TB-UBND" in again["message"]

    # the signed PDF of the same notice: other bytes, same number, issuer and date
    second = ingest(client, "tb-27.pdf", make_pdf_from_text(TEXT), clerk, "application/pdf")
    doc = ok(client.get(f"/documents/{second}", headers=clerk))
    assert doc["registered_as"]["document_id"] == first and doc["registered_as"]["reason"] == "number_date"
    assert "đã được đăng ký là Thông báo số 27/TB-UBND ngày 14/03/2009" in doc["registered_as"]["message"]
    assert doc["tasks"], "the copy keeps what extraction read"
    assert proposals(client, clerk, second) == [] and tasks_of(client, clerk, second) == []
    assert len(proposals(client, clerk, first)) == 3

    # a re-scan whose number line could not be read: recognised by its text
    unnumbered = TEXT.replace("Số: 27/TB-UBND\n", "Số:\n")
    third = ingest(client, "scan.txt", unnumbered.encode(), clerk)
    got = ok(client.get(f"/documents/{third}", headers=clerk))["registered_as"]
    assert got["document_id"] == first and got["reason"] == "text"
    assert proposals(client, clerk, third) == []

    # another notice of the same office and day is another document
    other = notice_text("28/TB-UBND", "14/03/2009", ["Giao Sở Công Thương chủ trì kiểm tra giá vật liệu xây dựng "
                                                     "trên địa bàn, báo cáo trước ngày 30/3/2009."])
    fourth = ingest(client, "tb-28.txt", other.encode(), clerk)
    assert ok(client.get(f"/documents/{fourth}", headers=clerk))["registered_as"] is None
    assert len(proposals(client, clerk, fourth)) == 1

    # the clerk decides that the re-scan is a document of its own: its tasks are proposed, and that stands
    r = ok(client.post(f"/documents/{third}/distinct", headers=clerk))
    wait_idle(60)  # briefing follows after the commit
    assert r["registered_as"] is None and len(proposals(client, clerk, third)) == 3
    ok(client.post(f"/documents/{third}/reprocess", headers=clerk), 202)
    wait_idle(60)
    assert ok(client.get(f"/documents/{third}", headers=clerk))["registered_as"] is None


@BOTH
def test_search_finds_a_document_once_whatever_files_it_came_in(client: Any) -> None:
    """Lãnh đạo: "I searched 27/TB-UBND and got the same notice three times — the DOCX, its PDF and the scan." Search
    lists the registered document once (its copies are found as it); a file the clerk decides is a document of its
    own is then found on its own; totals and facets count the document once."""
    clerk = fast_headers("clerk", clearance=3, username="vanthu")
    first = ingest(client, "tb-27.docx", make_docx_from_text(TEXT), clerk, DOCX)
    second = ingest(client, "tb-27.pdf", make_pdf_from_text(TEXT), clerk, "application/pdf")
    assert ok(client.get(f"/documents/{second}", headers=clerk))["registered_as"]["document_id"] == first
    for q in ("27/TB-UBND", "đê bao vùng trũng"):
        body = ok(client.get("/search", params={"q": q}, headers=clerk))
        assert [h["document_id"] for h in body["hits"]] == [first] and body["total"] == 1, q
        assert sum(body["facets"]["type"].values()) == 1
    ok(client.post(f"/documents/{second}/distinct", headers=clerk))
    wait_idle(60)  # search follows after the commit
    body = ok(client.get("/search", params={"q": "27/TB-UBND"}, headers=clerk))
    assert sorted(h["document_id"] for h in body["hits"]) == sorted([first, second]) and body["total"] == 2


@BOTH
def test_a_new_version_replaces_the_old_tasks_only_by_the_clerks_decision(client: Any) -> None:
    clerk = fast_headers("clerk", clearance=3, username="vanthu")
    staff = fast_headers("unit_staff", "Sở Y tế", 0, "yte1")
    first = ingest(client, "tb-27.txt", TEXT.encode(), clerk)
    sent = confirm_all(client, clerk, first)
    assert len(sent) == 3
    # a corrected re-issue under the same number and date: recognised, nothing new proposed, the old tasks stay
    corrected = TEXT.replace("trước ngày 30/4/2009", "trước ngày 15/5/2009")
    new = ingest(client, "tb-27-sua.txt", corrected.encode(), clerk)
    assert ok(client.get(f"/documents/{new}", headers=clerk))["registered_as"]["document_id"] == first
    assert proposals(client, clerk, new) == []
    assert {t["state"] for t in tasks_of(client, clerk, first)} == {"open"}

    assert error_code(client.post(f"/documents/{new}/supersede", json={"replaces": first}, headers=staff),
                      403) == "forbidden"
    assert error_code(client.post(f"/documents/{new}/supersede", json={"replaces": "khong-co"}, headers=clerk),
                      404) == "not_found"
    body = ok(client.post(f"/documents/{new}/supersede", json={"replaces": first}, headers=clerk))
    wait_idle(60)  # the new version's proposals follow after the commit
    assert body["supersedes"] == first and body["registered_as"] is None
    assert tasks_of(client, clerk, first) == []  # out of every list and inbox
    retired = [ok(client.get(f"/tasks/{t['id']}", headers=clerk)) for t in sent]
    assert {t["state"] for t in retired} == {"recalled"}
    assert all("thay thế" in (t["history"][-1]["text"] or "") for t in retired)
    fresh = proposals(client, clerk, new)
    assert sorted(t["deadline"] for t in fresh) == ["2009-04-15", "2009-05-10", "2009-05-15"]
    assert ok(client.get(f"/documents/{first}", headers=clerk))["superseded_by"] == new
    assert error_code(client.post(f"/documents/{new}/supersede", json={"replaces": first}, headers=clerk),
                      409) == "identity_already_superseded"
    log = ok(client.get("/audit", params={"object_id": first}))["items"]
    assert any((e.get("detail") or {}).get("superseded_by") == new for e in log), log
    log = ok(client.get("/audit", params={"object_id": new}))["items"]
    assert any((e.get("detail") or {}).get("supersedes") == first for e in log), log


@BOTH
def test_a_copy_never_reveals_a_document_its_viewer_may_not_see(client: Any) -> None:
    high = fast_headers("clerk", clearance=3, username="vanthu-mat")
    low = fast_headers("clerk", clearance=0, username="vanthu-thuong")
    stamped = TEXT.replace("Số: 27/TB-UBND\n", "Số: 27/TB-UBND\nMẬT\n")
    secret = ingest(client, "tb-27-mat.txt", stamped.encode(), high)
    assert ok(client.get(f"/documents/{secret}", headers=high))["level"] == 1

    # a clerk who may not see the secret original uploads an unstamped copy: an ordinary new document for them
    copy = ingest(client, "ban-sao.docx", make_docx_from_text(TEXT), low, DOCX)
    seen = ok(client.get(f"/documents/{copy}", headers=low))
    assert seen["registered_as"] is None and seen["level"] == 0
    assert secret not in json.dumps(seen) and "đăng ký" not in json.dumps(seen, ensure_ascii=False)
    assert len(proposals(client, low, copy)) == 3

    # a clerk who may see it uploads another copy: recognised, and the copy is as secret as the original
    copy2 = ingest(client, "ban-sao-2.pdf", make_pdf_from_text(TEXT), high, "application/pdf")
    assert ok(client.get(f"/documents/{copy2}", headers=high))["registered_as"]["document_id"] == secret
    assert ok(client.get(f"/documents/{copy2}", headers=high))["level"] == 1
    assert client.get(f"/documents/{copy2}", headers=low).status_code == 404


@BOTH
def test_a_copy_takes_the_audience_of_the_registered_document(client: Any) -> None:
    clerk = fast_headers("clerk", clearance=3, username="vanthu")
    yte = fast_headers("unit_staff", "Sở Y tế", 0, "yte1")
    gtvt = fast_headers("unit_staff", "Sở Giao thông vận tải", 0, "gt1")
    first = ingest(client, "tb-27.txt", TEXT.encode(), clerk)
    ok(client.patch(f"/documents/{first}/access", json={"audience": "units", "units": ["Sở Y tế"]}, headers=clerk))
    copy = ingest(client, "tb-27.docx", make_docx_from_text(TEXT), clerk, DOCX)
    # the copy names Sở Giao thông vận tải too, but the registered document was restricted to Sở Y tế
    assert client.get(f"/documents/{copy}", headers=gtvt).status_code == 404
    assert ok(client.get(f"/documents/{copy}", headers=yte))["registered_as"]["document_id"] == first
    # the registered document made secret later: its copy follows at once
    ok(client.patch(f"/documents/{first}/access", json={"level": 1}, headers=clerk))
    assert client.get(f"/documents/{copy}", headers=yte).status_code == 404
    assert ok(client.get(f"/documents/{copy}", headers=clerk))["level"] == 1


def test_vanban_ingest_names_the_copies_and_proposes_their_tasks_once(client: Any, tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from services.cli import app

    (tmp_path / "a-tb-27.docx").write_bytes(make_docx_from_text(TEXT))
    (tmp_path / "b-tb-27.pdf").write_bytes(make_pdf_from_text(TEXT))
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "a-tb-27.docx"), str(tmp_path / "b-tb-27.pdf")])
    assert result.exit_code == 0, result.output
    assert "2 mới" in result.output and "2 đã xử lý" in result.output, result.output
    assert "ĐÃ ĐĂNG KÝ" in result.output and "b-tb-27.pdf" in result.output, result.output
    clerk = fast_headers("clerk", clearance=3, username="vanthu")
    queue = ok(client.get("/tasks/review", headers=clerk, params={"limit": 200}))["items"]
    assert len(queue) == 3 and len({t["document"]["id"] for t in queue}) == 1


@BOTH
def test_a_later_copy_read_first_becomes_the_copy_of_the_earlier_file(client: Any) -> None:
    """Workers in parallel: the copy that arrived second may be read first; when the first file is read, the copy
    points at it and its proposals go (nothing was sent yet)."""
    from services.core.db import session_factory
    from services.ingest.service import accept_upload
    from services.ingest.tasks import run_process

    clerk = fast_headers("clerk", clearance=3, username="vanthu")
    with session_factory()() as session:
        first = accept_upload(session, "tb-27.docx", make_docx_from_text(TEXT), process=False).document
        second = accept_upload(session, "tb-27.pdf", make_pdf_from_text(TEXT), process=False).document
        assert first is not None and second is not None
        first_id, second_id = first.id, second.id
        session.commit()  # the test is the boundary here
    run_process(second_id)  # the later file first
    wait_idle(60)
    assert len(proposals(client, clerk, second_id)) == 3
    run_process(first_id)
    wait_idle(60)
    assert ok(client.get(f"/documents/{second_id}", headers=clerk))["registered_as"]["document_id"] == first_id
    assert ok(client.get(f"/documents/{first_id}", headers=clerk))["registered_as"] is None
    assert proposals(client, clerk, second_id) == [] and len(proposals(client, clerk, first_id)) == 3


def test_the_clerk_decides_on_the_document_page(anon_client: Any, users: Any) -> None:
    from helpers.web import csrf_of, ui_login

    from services.core.auth import service as auth
    from services.core.db import session_factory

    with session_factory()() as session:
        auth.create_user(session, "vanthu-web", "mat-khau-web-123", "clerk", None, 3)
        session.commit()
    web = anon_client
    web.follow_redirects = True
    clerk = users.headers("clerk", username="api-clerk")
    first = ingest(web, "tb-27.txt", TEXT.encode(), clerk)
    copy = ingest(web, "tb-27.docx", make_docx_from_text(TEXT), clerk, DOCX)
    ui_login(web, "vanthu-web", "mat-khau-web-123", "/ui/")
    page = web.get(f"/ui/documents/{copy}")
    assert 'id="registered-as"' in page.text and "đã được đăng ký là Thông báo số 27/TB-UBND" in page.text
    done = web.post(f"/ui/documents/{copy}/supersede", data={"csrf": csrf_of(page.text), "replaces": first})
    assert "Đã thay thế văn bản cũ" in done.text and 'id="registered-as"' not in done.text
    wait_idle(60)
    assert len(proposals(web, clerk, copy)) == 3 and proposals(web, clerk, first) == []
    assert "đã được thay thế bởi" in web.get(f"/ui/documents/{first}").text
