"""Confidential means confidential, in the pages too: a Sở Xây dựng officer (clearance Thường) never sees — in the
document list, search results, facets, the secrecy facet, suggestions, the document page or a task page opened by
URL, the original's download, or the inbox — a document that is Mật, addressed to another unit only, or restricted
by the clerk (through the page) to another unit. The clerk sees all of them (so the checks are not vacuous)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

HEADER = ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\n{stamp}Số: {number}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
          "Độc lập - Tự do - Hạnh phúc\nNghệ An, ngày {day} tháng 10 năm 2024\n\n{kind}\n{subject}\n\n")


def notice(number: str, kind: str, subject: str, body: str, stamp: str = "", day: int = 10) -> bytes:
    return (HEADER.format(stamp=stamp, number=number, day=day, kind=kind, subject=subject) + body + "\n").encode()


DOCS = {
    "open": ("11/TB-UBND", notice("11/TB-UBND", "THÔNG BÁO", "Kết luận về chỉnh trang đô thị congkhaixaydung",
                                  "Giao Sở Xây dựng chủ trì, phối hợp với Sở Kế hoạch và Đầu tư rà soát quy hoạch "
                                  "congkhaixaydung, hoàn thành trước ngày 30/11/2024.")),
    "secret": ("12/TB-UBND", notice("12/TB-UBND", "THÔNG BÁO", "Kết luận về công trình bimatxaydung",
                                    "Giao Sở Xây dựng chủ trì kiểm tra công trình bimatxaydung, hoàn thành trước "
                                    "ngày 15/11/2024.", stamp="MẬT\n", day=11)),
    "other_unit": ("13/CT-UBND", notice("13/CT-UBND", "CHỈ THỊ", "Về kinh phí kinhphiyte",
                                        "Giao Sở Y tế chủ trì bố trí kinh phí kinhphiyte, hoàn thành trước ngày "
                                        "20/11/2024.", day=12)),
    "restricted": ("14/TB-UBND", notice("14/TB-UBND", "THÔNG BÁO", "Kết luận về quyết toán hanchetaichinh",
                                        "Giao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính quyết toán công trình "
                                        "hanchetaichinh, hoàn thành trước ngày 25/11/2024.", day=13)),
}
HIDDEN = ("secret", "other_unit", "restricted")
MARKERS = {"open": "congkhaixaydung", "secret": "bimatxaydung", "other_unit": "kinhphiyte",
           "restricted": "hanchetaichinh"}


def go(page: Any, target: Any) -> None:
    with page.expect_navigation():
        target.click()


def test_unit_pages_never_show_another_units_secret_document(live: Any, login: Any, shots_dir: Path) -> None:
    from services.core.dispatch import wait_idle

    live.create_user("vanthu", "clerk", clearance=3)
    live.create_user("cv-xaydung", "unit_staff", "Sở Xây dựng", clearance=0)
    clerk_api = live.token("vanthu")
    ids: dict[str, str] = {}
    with httpx.Client(base_url=live.url, headers=clerk_api, timeout=60) as api:
        for key, (_, data) in DOCS.items():
            r = api.post("/documents", files=[("files", (f"{key}.txt", data, "text/plain"))])
            assert r.status_code == 202, r.text
            ids[key] = r.json()["items"][0]["document_id"]
        wait_idle(120)
        docs = {k: api.get(f"/documents/{i}").json() for k, i in ids.items()}
        assert all(d["status"] == "done" for d in docs.values()), docs
        assert docs["secret"]["level"] == 1 and docs["open"]["level"] == 0

        # the clerk restricts one notice, addressed to Sở Xây dựng, to Sở Tài chính — through the document page
        clerk = login("vanthu")
        clerk.goto(f"{live.url}/ui/documents/{ids['restricted']}")
        clerk.get_by_label("Ai được xem").select_option("units")
        clerk.get_by_label("Các đơn vị được xem", exact=False).fill("Sở Tài chính")
        shot_path = shots_dir / "20-document-access.png"
        go(clerk, clerk.get_by_role("button", name="Lưu"))
        assert "Đã cập nhật độ mật và phạm vi truy cập." in clerk.locator(".flash").inner_text()
        assert "Chỉ các đơn vị được chọn" in clerk.locator("dl.meta").inner_text()
        clerk.screenshot(path=str(shot_path), full_page=True)
        wait_idle(60)
        tasks = {k: api.get("/tasks", params={"document_id": i}).json()["items"] for k, i in ids.items()}
        assert all(len(t) == 1 for t in tasks.values()), tasks
        for t in tasks.values():  # confirmed: sent to the units' inboxes
            assert api.post(f"/tasks/{t[0]['id']}/confirm").status_code == 200

    # the clerk sees every one of them: the checks below are not vacuous
    clerk.goto(f"{live.url}/ui/documents")
    listing = clerk.locator("main").inner_text()
    assert all(number in listing for number, _ in DOCS.values())
    for key, marker in MARKERS.items():
        clerk.goto(f"{live.url}/ui/search?q={marker}")
        assert clerk.locator("li.hit").count() == 1, key
    clerk.goto(f"{live.url}/ui/search")
    clerk_facets = clerk.locator("aside.facets").inner_text()
    assert "Chỉ thị" in clerk_facets and "Sở Y tế" in clerk_facets and "Đến mức Mật" in clerk_facets
    clerk_suggests = {p: clerk.request.get(f"{live.url}/ui/suggest?q={p}").json()["suggestions"]
                      for p in ("12/TB", "13/CT", "kinhphi", "hanche")}

    # --- the Sở Xây dựng officer -------------------------------------------------------------------------------
    xd = login("cv-xaydung")

    def visible_text(selector: str | None = None) -> str:
        if selector is None:
            return str(xd.content())
        # the regions' text, and the whole markup of the hit list (links carry ids); not the query echoed back
        return "".join(xd.locator(selector).all_inner_texts()) + xd.locator("ol.hits").inner_html()

    def assert_clean(where: str, selector: str | None = None) -> None:
        html = visible_text(selector)
        for key in HIDDEN:
            assert MARKERS[key] not in html, (where, key)
            assert DOCS[key][0] not in html, (where, key)
            assert ids[key] not in html, (where, key)

    xd.goto(f"{live.url}/ui/documents")
    assert DOCS["open"][0] in xd.locator("main").inner_text()
    assert "1 văn bản" in xd.locator("main").inner_text()
    assert_clean("list")
    shot_list = shots_dir / "21-leak-list-xaydung.png"
    xd.screenshot(path=str(shot_list), full_page=True)

    for key in HIDDEN:
        for q in (MARKERS[key], DOCS[key][0], DOCS[key][0].replace("/", " ").replace("-", " ").lower()):
            xd.goto(f"{live.url}/ui/search?q={q}")
            assert xd.locator("li.hit").count() == 0, (key, q)
            assert "0 văn bản" in xd.locator("section.results").inner_text()
            assert_clean(f"search {q}", "ol.hits, aside.facets")
    xd.goto(f"{live.url}/ui/search")
    assert xd.locator("li.hit").count() == 1
    facets = xd.locator("aside.facets").inner_text()
    for word in ("Chỉ thị", "Sở Y tế", "Sở Tài chính", "Mật", "2024\n4", "2024 4"):
        assert word not in facets, word
    assert "Chỉ văn bản thường" in facets and "1" in facets
    assert_clean("facets")
    xd.screenshot(path=str(shots_dir / "22-leak-search-xaydung.png"), full_page=True)
    # a ceiling above the clearance in the address is ignored, not obeyed
    xd.goto(f"{live.url}/ui/search?level=3")
    assert xd.locator("li.hit").count() == 1
    assert_clean("level=3")

    for prefix in ("1", "12", "13", "14", "12/TB", "13/CT", "14/TB", "bimat", "kinhphi", "hanche"):
        got = xd.request.get(f"{live.url}/ui/suggest?q={prefix}").json()["suggestions"]
        for key in HIDDEN:
            assert not any(DOCS[key][0] in s or MARKERS[key] in s for s in got), (prefix, got)
    # the clerk is offered the hidden ones: the checks above can fail
    assert clerk_suggests["12/TB"] == ["12/TB-UBND"] and clerk_suggests["13/CT"] == ["13/CT-UBND"]

    for key in HIDDEN:
        for path in (f"/ui/documents/{ids[key]}", f"/ui/documents/{ids[key]}/original",
                     f"/ui/documents/{ids[key]}/status", f"/ui/tasks/{tasks[key][0]['id']}"):
            r = xd.goto(f"{live.url}{path}")
            assert r is not None and r.status == 404, (key, path, r.status if r else None)
            html = visible_text()
            assert MARKERS[key] not in html and DOCS[key][0] not in html, (key, path)
    xd.goto(f"{live.url}/ui/documents/{ids['secret']}")
    assert "không tồn tại hoặc bạn không có quyền xem" in xd.locator("main").inner_text()
    xd.screenshot(path=str(shots_dir / "23-leak-document-by-url.png"), full_page=True)

    xd.goto(f"{live.url}/ui/inbox")
    rows = xd.locator("table.tasks tbody tr")
    assert rows.count() == 1 and "congkhaixaydung" in rows.first.inner_text()
    assert_clean("inbox")
    for path in ("/ui/review", "/ui/leader", "/ui/upload", "/ui/admin/users", "/ui/admin/audit"):
        r = xd.goto(f"{live.url}{path}")
        assert r is not None and r.status == 403, path
        assert_clean(path)
