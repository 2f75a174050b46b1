"""The web interface over HTTP (no browser): session cookies bound to the auth tokens, CSRF on every POST, escaping of
hostile document text, no open redirect, and the API never taking the browser's cookies."""
from __future__ import annotations

import re
from typing import Any

import pytest
from helpers.briefing import ingest
from helpers.web import csrf_of

PASSWORD = "mat-khau-web-123"


def make_user(username: str, role: str, unit: str | None = None, clearance: int = 0) -> None:
    from services.core.auth import service
    from services.core.db import session_factory

    with session_factory()() as session:
        service.create_user(session, username, PASSWORD, role, unit, clearance)
        session.commit()


def web_login(client: Any, username: str, next_: str = "/ui/") -> Any:
    form = client.get("/ui/login")
    assert form.status_code == 200
    return client.post("/ui/login", data={"username": username, "password": PASSWORD, "csrf": csrf_of(form.text),
                                          "next": next_}, follow_redirects=False)


@pytest.fixture
def web(anon_client: Any) -> Any:
    anon_client.follow_redirects = True
    return anon_client


def test_login_sets_httponly_samesite_cookies_and_logout_revokes(web: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    make_user("vanthu", "clerk", clearance=3)
    r = web_login(web, "vanthu", "//evil.example/")
    assert r.status_code == 303 and r.headers["location"] == "/ui/"  # never an open redirect
    cookies = {c.split("=", 1)[0]: c for c in r.headers.get_list("set-cookie")}
    for name in ("vb_at", "vb_rt"):
        assert "HttpOnly" in cookies[name] and "Path=/ui" in cookies[name], cookies[name]
    assert "SameSite=Lax" in cookies["vb_at"] and "SameSite=Strict" in cookies["vb_rt"]
    assert "Secure" not in cookies["vb_at"]
    page = web.get("/ui/me")
    assert page.status_code == 200 and "vanthu" in page.text and "Văn thư" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    # the API does not take the browser's cookies
    assert web.get("/documents").status_code == 401
    # an expired or broken access token is replaced by rotating the refresh token
    old_rt = web.cookies.get("vb_rt")
    web.cookies.set("vb_at", "broken", path="/ui")
    again = web.get("/ui/me")
    assert again.status_code == 200 and "vanthu" in again.text
    assert web.cookies.get("vb_rt") != old_rt
    # logging out revokes the refresh token family: the session cannot come back
    rt = web.cookies.get("vb_rt")
    out = web.post("/ui/logout", data={"csrf": csrf_of(again.text)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/ui/login"
    web.cookies.set("vb_at", "broken", path="/ui")
    web.cookies.set("vb_rt", rt, path="/ui")
    assert web.get("/ui/me", follow_redirects=False).headers["location"].startswith("/ui/login")

    from services.web.settings import reset_web_settings

    monkeypatch.setenv("VANBAN_WEB_COOKIE_SECURE", "1")
    reset_web_settings()
    try:
        r = web_login(web, "vanthu")
        assert all("Secure" in c for c in r.headers.get_list("set-cookie"))
    finally:
        monkeypatch.delenv("VANBAN_WEB_COOKIE_SECURE")
        reset_web_settings()


def test_wrong_password_and_throttling_in_vietnamese(web: Any) -> None:
    make_user("vanthu", "clerk")
    form = web.get("/ui/login")
    r = web.post("/ui/login", data={"username": "vanthu", "password": "sai-mat-khau", "csrf": csrf_of(form.text)})
    assert r.status_code == 401 and "Tên đăng nhập hoặc mật khẩu không đúng." in r.text
    for _ in range(6):
        r = web.post("/ui/login", data={"username": "vanthu", "password": "sai", "csrf": csrf_of(r.text)})
    assert r.status_code == 429 and "thử lại sau" in r.text


def test_every_post_needs_the_csrf_token(web: Any, users: Any) -> None:
    make_user("vanthu", "clerk", clearance=3)
    make_user("quantri", "admin", clearance=3)
    clerk = users.headers("clerk", username="api-clerk")
    doc_id = ingest(web, "tb.txt", ("UBND TỈNH NGHỆ AN\nSố: 5/TB-UBND\nNghệ An, ngày 01 tháng 10 năm 2024\n\nTHÔNG BÁO\n"
                                     "Kết luận\n\n1. Giao Sở Y tế chủ trì rà soát, hoàn thành trước ngày 30/11/2024.\n"
                                     ).encode(), clerk)
    task_id = web.get("/tasks", params={"document_id": doc_id}, headers=clerk).json()["items"][0]["id"]
    assert web_login(web, "vanthu").status_code == 303
    token = csrf_of(web.get("/ui/review").text)
    for path in (f"/ui/tasks/{task_id}/confirm", f"/ui/tasks/{task_id}/dismiss", "/ui/logout",
                 f"/ui/documents/{doc_id}/access"):
        for data in ({}, {"csrf": "0" * 64}):
            r = web.post(path, data=data, follow_redirects=False)
            assert r.status_code == 403 and "tải lại trang" in r.text, (path, data, r.status_code)
    # a cross-site origin is refused even with the token
    r = web.post(f"/ui/tasks/{task_id}/confirm", data={"csrf": token}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    assert web.get(f"/tasks/{task_id}", headers=clerk).json()["confirmed"] is False
    r = web.post(f"/ui/tasks/{task_id}/confirm", data={"csrf": token}, follow_redirects=False)
    assert r.status_code == 303
    assert web.get(f"/tasks/{task_id}", headers=clerk).json()["confirmed"] is True
    # another user's token does not fit this session
    web.cookies.clear()
    assert web_login(web, "quantri").status_code == 303
    r = web.post(f"/ui/tasks/{task_id}/dismiss", data={"csrf": token}, follow_redirects=False)
    assert r.status_code == 403


def test_hostile_document_text_is_escaped(web: Any, users: Any) -> None:
    make_user("vanthu", "clerk", clearance=3)
    clerk = users.headers("clerk", username="api-clerk")
    hostile = ("UBND TỈNH NGHỆ AN\nSố: 7/TB-UBND\nNghệ An, ngày 01 tháng 10 năm 2024\n\nTHÔNG BÁO\n"
               "Về việc <script>alert('xss')</script> và <img src=x onerror=alert(2)>\n\n"
               "1. Giao Sở Y tế chủ trì <b onmouseover=alert(3)>rà soát</b> quyettoanxss, hoàn thành trước ngày "
               "30/11/2024.\n")
    doc_id = ingest(web, "hostile.txt", hostile.encode(), clerk)
    assert web_login(web, "vanthu").status_code == 303
    pages = [web.get(f"/ui/documents/{doc_id}"), web.get("/ui/search", params={"q": "quyettoanxss script"}),
             web.get("/ui/review"), web.get("/ui/documents"), web.get("/ui/search", params={"q": "<script>x"})]
    for r in pages:
        assert r.status_code == 200, r.text[:300]
        for bad in ("<script>alert", "<img src=x", "<b onmouseover", "onerror=alert(2)>"):
            assert bad not in r.text, (r.url, bad)
    assert "&lt;script&gt;alert(" in pages[0].text
    assert "<mark>quyettoanxss</mark>" in pages[1].text  # the search service's own markup is kept


def test_unit_user_cannot_use_clerk_or_leader_pages(web: Any) -> None:
    make_user("cv", "unit_staff", "Sở Y tế")
    r = web.get("/ui/inbox?status=overdue", follow_redirects=False)  # not logged in: to the form, and back after
    assert r.status_code == 303 and r.headers["location"] == "/ui/login?next=/ui/inbox%3Fstatus%3Doverdue"
    assert web_login(web, "cv").headers["location"] == "/ui/"
    assert web.get("/ui/", follow_redirects=False).headers["location"] == "/ui/inbox"
    token = csrf_of(web.get("/ui/inbox").text)
    for path in ("/ui/inbox?status=overdue&role=lead", "/ui/report", "/ui/search?q=abc", "/ui/documents", "/ui/me"):
        r = web.get(path)
        assert r.status_code == 200 and "Sở Y tế" in r.text, path
    for path in ("/ui/review", "/ui/leader", "/ui/upload", "/ui/admin/users", "/ui/admin/units", "/ui/admin/audit"):
        r = web.get(path)
        assert r.status_code == 403 and "không dành cho vai trò của bạn" in r.text, path
    r = web.post("/ui/upload", data={"csrf": token}, files=[("files", ("a.txt", b"abc", "text/plain"))],
                 headers={"Accept": "application/json"})
    assert r.status_code == 403
    r = web.post("/ui/admin/users", data={"csrf": token, "username": "hacker", "password": "12345678",
                                          "role": "admin"})
    assert r.status_code == 403


def test_review_split_merge_dismiss_through_the_pages(web: Any, users: Any) -> None:
    make_user("vanthu", "clerk", clearance=3)
    clerk = users.headers("clerk", username="api-clerk")
    doc_id = ingest(web, "tb.txt", ("UBND TỈNH NGHỆ AN\nSố: 9/TB-UBND\nNghệ An, ngày 01 tháng 10 năm 2024\n\nTHÔNG BÁO\n"
                                     "Kết luận\n\n1. Giao Sở Y tế chủ trì rà soát trạm y tế, hoàn thành trước ngày "
                                     "30/11/2024.\n2. Giao Sở Tài chính chủ trì bố trí kinh phí, hoàn thành trước ngày "
                                     "15/11/2024.\n3. Giao Sở Nội vụ chủ trì sắp xếp biên chế, hoàn thành trước ngày "
                                     "20/11/2024.\n").encode(), clerk)
    tasks = {t["lead"]: t["id"] for t in web.get("/tasks", params={"document_id": doc_id}, headers=clerk).json()["items"]}
    assert set(tasks) == {"Sở Y tế", "Sở Tài chính", "Sở Nội vụ"}, tasks
    assert web_login(web, "vanthu").status_code == 303
    page = web.get(f"/ui/tasks/{tasks['Sở Y tế']}")
    token = csrf_of(page.text)
    assert 'id="split"' in page.text
    r = web.post(f"/ui/tasks/{tasks['Sở Y tế']}/split", follow_redirects=False, data={
        "csrf": token, "back": "/ui/review", "action_1": "Rà soát trạm y tế tuyến xã", "lead_1": "Sở Y tế",
        "deadline_1": "30/11/2024", "action_2": "Bố trí bác sĩ về trạm", "lead_2": "Sở Nội vụ",
        "deadline_2": "31/12/2024"})
    assert r.status_code == 303 and r.headers["location"] == "/ui/review"
    assert "Các phần đã được giao ngay" in web.get("/ui/review").text  # the clerk is told the parts are sent
    r = web.post("/ui/tasks/merge", data={"csrf": token, "task_id": [tasks["Sở Tài chính"], tasks["Sở Nội vụ"]]})
    assert "Đã gộp các nhiệm vụ đã chọn." in r.text
    now = web.get("/tasks", params={"document_id": doc_id}, headers=clerk).json()["items"]
    assert sorted((t["origin"], t["lead"]) for t in now) == [("merged", "Sở Tài chính"), ("split", "Sở Nội vụ"),
                                                             ("split", "Sở Y tế")]
    part = next(t for t in now if t["origin"] == "split" and t["lead"] == "Sở Nội vụ")
    assert part["deadline"] == "2024-12-31"
    r = web.post(f"/ui/tasks/{part['id']}/dismiss", data={"csrf": token, "note": "Trùng nhiệm vụ khác"})
    # the part was sent at once: "Loại" ends it, and the clerk is told so (its units were notified)
    assert "Đã kết thúc nhiệm vụ; các đơn vị được giao đã được thông báo." in r.text
    assert len(web.get("/tasks", params={"document_id": doc_id}, headers=clerk).json()["items"]) == 2
    # a split into one part is refused in Vietnamese, nothing changes
    merged = next(t for t in now if t["origin"] == "merged")
    r = web.post(f"/ui/tasks/{merged['id']}/split", data={"csrf": token, "action_1": "Một phần", "lead_1": "Sở Y tế"})
    assert "Thông tin chưa hợp lệ hoặc còn thiếu: Các phần." in r.text
    assert len(web.get("/tasks", params={"document_id": doc_id}, headers=clerk).json()["items"]) == 2


def test_a_lead_typed_wrong_in_the_review_form_adds_no_unit_unless_the_clerk_says_so(web: Any, users: Any) -> None:
    """A typo in the lead ("Sở Xây dựngg") used to add a unit to the directory when the edit confirmed the task; now
    the form refuses with the name, changes nothing, and adds the unit only when "Thêm đơn vị mới" is ticked."""
    make_user("vanthu-typo", "clerk", clearance=3)
    clerk = users.headers("clerk", username="api-clerk-typo")
    doc_id = ingest(web, "tb-typo.txt", ("UBND TỈNH NGHỆ AN\nSố: 12/TB-UBND\nNghệ An, ngày 01 tháng 10 năm 2024\n\n"
                                         "THÔNG BÁO\nKết luận\n\n1. Giao Sở Y tế chủ trì rà soát trạm y tế xã, hoàn "
                                         "thành trước ngày 30/11/2024.\n").encode(), clerk)
    task = web.get("/tasks", params={"document_id": doc_id}, headers=clerk).json()["items"][0]
    assert web_login(web, "vanthu-typo").status_code == 303
    token = csrf_of(web.get("/ui/review").text)
    form = {"csrf": token, "action": task["action"], "lead": "Sở Y tếê Mới Gõ Nhầm", "deadline": "30/11/2024"}
    r = web.post(f"/ui/tasks/{task['id']}/edit", data=form)
    assert "“Sở Y tếê Mới Gõ Nhầm” chưa có trong danh mục đơn vị" in r.text
    units = [u["name"] for u in web.get("/units", headers=clerk).json()]
    assert "Sở Y tếê Mới Gõ Nhầm" not in units
    after = web.get(f"/tasks/{task['id']}", headers=clerk).json()
    assert after["lead"] == "Sở Y tế" and after["state"] == task["state"]  # nothing half-written
    r = web.post(f"/ui/tasks/{task['id']}/edit", data={**form, "lead": "Sở Y tế"})  # a known unit: no question
    assert "Đã lưu và xác nhận nhiệm vụ." in r.text, re.findall(r'class="flash[^"]*"[^>]*>([^<]*)', r.text)
    r = web.post(f"/ui/tasks/{task['id']}/edit", data={**form, "lead": "Ban Quản lý dự án Mới", "new_units": "1"})
    assert "Đã lưu và xác nhận nhiệm vụ." in r.text
    assert "Ban Quản lý dự án Mới" in [u["name"] for u in web.get("/units", headers=clerk).json()]


def test_the_document_list_marks_a_secret_document(web: Any, users: Any) -> None:
    """A clerk with clearance sees which listed documents are Mật/Tối mật/Tuyệt mật (the badge of its level)."""
    make_user("vanthu-mat", "clerk", clearance=3)
    clerk = users.headers("clerk", clearance=3, username="api-clerk-mat")
    ingest(web, "mat.txt", ("UBND TỈNH NGHỆ AN\nTỐI MẬT\nSố: 14/TB-UBND\nNghệ An, ngày 01 tháng 10 năm 2024\n\n"
                            "THÔNG BÁO\nKết luận về phương án\n\nGiao Sở Y tế chủ trì rà soát.\n").encode(), clerk)
    assert web_login(web, "vanthu-mat").status_code == 303
    listing = web.get("/ui/documents").text
    row = next(r for r in listing.split("<tr") if "14/TB-UBND" in r)
    assert 'class="badge lvl-2">Tối mật</span>' in row
