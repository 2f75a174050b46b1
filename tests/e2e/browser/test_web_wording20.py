"""Every page read as a Vietnamese office reads it (ui20), one instance for the module: the administrator, the văn
thư, the leader and a department with nothing yet read their lists empty; then after a week's work — a notice
uploaded (and a file refused), its tasks confirmed and one dismissed, a task acknowledged, reported on, extended,
an extension refused, another reported done, returned, accepted and reopened, one ended, a giao ban scheduled, a
letter registered, routed and handled, a reply drafted, signed, numbered, issued, sent and recalled, accounts made
and locked — every role (admin, clerk, leader, unit head, unit staff of the lead and of the partner unit, a unit
given nothing) reads every list and every page of the work, the error pages and the pages it may not open, the
printed pack and report, and three of them on a phone (390×844). Every action must answer with a message, and no
page may show a code word of the program: no English state, role or field name, no "None"/"True"/"False", no ISO
date (yyyy-mm-dd) where people read dd/mm/yyyy, no raw id (uuid). The one code shown on purpose is an error's
code for support ("Mã lỗi …: not_found").

The visible text of every page goes to the test output (…/web/w20-*.txt); a screenshot of the phone and printed
pages, and of any page that fails."""
from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fixtures.builders import make_docx
from helpers.registry import letter
from tests_support import office_today

XD, YT, TC, NV = "Sở Xây dựng", "Sở Y tế", "Sở Tài chính", "Sở Ngoại vụ"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PHONE = (390, 844)

# what the program calls things, which people must never read: states, roles, statuses, fields, event kinds
CODE_WORDS = sorted({
    "open", "acknowledged", "in_progress", "completion_reported", "completed", "dismissed", "split", "merged",
    "recalled", "ended", "proposed", "confirmed", "queued", "extracting", "done", "failed", "needs_ocr", "overdue",
    "due_soon", "completed_on_time", "completed_late", "draft", "submitted", "signed", "numbered", "issued", "sent",
    "cancelled", "admin", "clerk", "leader", "unit_head", "unit_staff", "public", "internal", "units", "lead",
    "support", "deadline", "recurrence", "action", "state", "status", "level", "audience", "clearance", "role",
    "pending", "approved", "refused", "extension_requested", "extension_approved", "progress", "contribution",
    "reassigned", "declined", "reopened", "carried_to", "carried_forward", "recurred", "unit_removed", "edited",
    "added", "none", "null", "undefined", "true", "false", "NaN", "error", "Error", "detail", "message", "code",
    "not_found", "forbidden", "invalid_request", "Not Found", "Internal Server Error", "Method Not Allowed",
})
_CODE_WORD = re.compile(r"(?<![\w/.@-])(" + "|".join(re.escape(w) for w in CODE_WORDS) + r")(?![\w/.@-])")
_PY_VALUE = re.compile(r"\b(None|True|False)\b")
_ISO_DATE = re.compile(r"(?<![\w/.-])(?:19|20)\d\d-[01]\d-[0-3]\d(?![\w.-])")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


# what a person reads on the page: its text, and the words of tooltips, placeholders, screen-reader labels, options
_VISIBLE_TEXT = """() => document.body.innerText + "\\n" + [...document.querySelectorAll(
    '[title],[placeholder],[aria-label],option')].map(e => [e.title, e.placeholder, e.getAttribute('aria-label'),
    e.tagName === 'OPTION' ? e.text : ''].filter(Boolean).join(' | ')).join("\\n")"""


def vn(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def go(page: Any, target: Any) -> None:
    with page.expect_navigation():
        target.click()


def notice(day: date) -> bytes:
    """Thông báo 88/TB-UBND (invented wording): the week's conclusions, three departments, one with a partner."""
    start = day - timedelta(days=12)
    body = ["Phó Chủ tịch UBND tỉnh kết luận và chỉ đạo như sau:",
            f"1. Giao {XD} chủ trì, phối hợp với {TC} rà soát hồ sơ cải tạo trụ sở làm việc các xã, báo cáo UBND "
            f"tỉnh trước ngày {vn(day + timedelta(days=20))}.",
            f"2. Giao {YT} chủ trì kiểm tra công tác phòng chống dịch sốt xuất huyết, hoàn thành trước ngày "
            f"{vn(day - timedelta(days=3))}.",
            f"3. Giao {TC} chủ trì tham mưu phân bổ kinh phí sửa chữa trường học, hoàn thành trước ngày "
            f"{vn(day + timedelta(days=4))}.",
            f"4. Giao {XD} chủ trì lập danh mục nhà ở xuống cấp cần hỗ trợ, hoàn thành trong tháng "
            f"{(day + timedelta(days=40)).month}/{(day + timedelta(days=40)).year}.",
            "Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./."]
    return make_docx(body, header_left=["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "Số: 88/TB-UBND"],
                     header_right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                   f"Nghệ An, ngày {start.day:02d} tháng {start.month:02d} năm {start.year}"],
                     title=["THÔNG BÁO", "Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp giao ban tuần"],
                     signer=["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "", "Phạm Văn Tùng"],
                     recipients=["Nơi nhận:", f"- {XD};", f"- {YT};", f"- {TC};", "- Lưu: VT."])


def opens(who: str, path: str) -> bool:
    """Whether the menu of this account's role leads to the page (base.html, registry_nav.html)."""
    unit = who.startswith(("cv-", "tp-"))
    if path.startswith("/ui/admin"):
        return False  # only the administrator (quantri)
    if path.startswith(("/ui/review", "/ui/leader", "/ui/meetings", "/ui/registry/outgoing")):
        return not unit
    if path.startswith("/ui/upload"):
        return who == "vanthu"
    if path.startswith("/ui/registry"):
        return not unit or who.startswith("tp-")
    return True


class Reader:
    """Opens pages as one user, keeps a screenshot and the visible text of each, and notes each code word read."""

    def __init__(self, page: Any, who: str, base: str, out: Path, problems: list[str]) -> None:
        self.page, self.who, self.base, self.out, self.problems = page, who, base, out, problems

    def read(self, name: str, path: str | None = None, print_media: bool = False, shot: bool = False) -> str:
        """The page's visible text (and its tooltips, placeholders, labels for screen readers and options); a
        screenshot when asked or when the text shows a code word. The code of an error (“Mã lỗi”, for support)
        is the one code word shown, on purpose."""
        page = self.page
        if path is not None:
            page.goto(path if path.startswith("http") else f"{self.base}{path}", wait_until="domcontentloaded")
        if print_media:
            page.emulate_media(media="print")
        stem = f"w20-{self.who}-{name}"
        text = str(page.evaluate(_VISIBLE_TEXT))
        (self.out / f"{stem}.txt").write_text(f"{page.url}\n\n{text}", encoding="utf-8")
        checked = re.sub(r"Mã lỗi[^:\n]*: [a-z_]+", "", text)
        found = len(self.problems)
        for label, pattern in (("code word", _CODE_WORD), ("Python value", _PY_VALUE), ("ISO date", _ISO_DATE),
                               ("raw id", _UUID)):
            for m in pattern.finditer(checked):
                around = checked[max(0, m.start() - 50):m.end() + 50].replace("\n", " ⏎ ")
                self.problems.append(f"{self.who} {name} ({page.url}): {label} “{m.group(0)}” in …{around}…")
        if name.startswith("flash-") and not page.locator(".flash").count():
            self.problems.append(f"{self.who} {name} ({page.url}): no message after the action")
        if shot or len(self.problems) > found:
            page.screenshot(path=str(self.out / f"{stem}.png"), full_page=True)
        if print_media:
            page.emulate_media(media="screen")
        return text


@pytest.mark.timeout(600)  # some 330 pages in one walk: 3 minutes measured on 2 cores shared at load 15
def test_every_page_reads_in_vietnamese(live: Any, login: Any, shots_dir: Path) -> None:
    from services.core.dispatch import wait_idle

    day = office_today()
    problems: list[str] = []
    live.create_user("quantri", "admin", clearance=3)
    live.create_user("vanthu", "clerk", clearance=3)
    live.create_user("lanhdao", "leader", clearance=3)
    live.create_user("tp-xd", "unit_head", XD)
    live.create_user("cv-xd", "unit_staff", XD)
    live.create_user("cv-tc", "unit_staff", TC)
    live.create_user("cv-nv", "unit_staff", NV)  # a department given nothing: every empty state
    users = {u: login(u) for u in ("quantri", "vanthu", "lanhdao", "tp-xd", "cv-xd", "cv-tc", "cv-nv")}
    readers = {u: Reader(p, u, live.url, shots_dir, problems) for u, p in users.items()}
    lists = ("/ui/search", "/ui/search?q=khong+co+van+ban+nay", "/ui/documents", "/ui/review", "/ui/inbox",
             "/ui/leader", "/ui/meetings", "/ui/report", "/ui/registry", "/ui/registry/incoming",
             "/ui/registry/outgoing", "/ui/upload", "/ui/me", "/ui/admin/users", "/ui/admin/units", "/ui/admin/audit")

    # the checks themselves (a guard that cannot fail guards nothing)
    assert _CODE_WORD.search("Tình trạng: completion_reported") and not _CODE_WORD.search("Đã báo cáo hoàn thành")
    assert _ISO_DATE.search("Thời hạn 2026-12-08") and not _ISO_DATE.search("08/12/2026 · tai-lieu-2026-12-08.docx")
    assert _PY_VALUE.search("Phối hợp: None") and _UUID.search(f"Văn bản {uuid.uuid4()}")

    # --- 1. the empty instance: the lists of each kind of role, and the pages it may not open ---------------------
    for who in ("quantri", "vanthu", "lanhdao", "cv-nv"):
        for path in lists:
            if who in ("quantri", "cv-nv") or opens(who, path):
                readers[who].read("empty-" + path.strip("/").replace("/", "-").replace("?", "-"), path)

    # --- 2. a week's work, every flash read --------------------------------------------------------------------
    clerk, lead, xd, tc = users["vanthu"], users["lanhdao"], users["cv-xd"], users["cv-tc"]
    clerk.goto(f"{live.url}/ui/upload")
    clerk.get_by_label("Chọn tệp").set_input_files([
        {"name": "tb-88.docx", "mimeType": DOCX, "buffer": notice(day)},
        {"name": "bang-tinh.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90\x00 not a document"}])
    clerk.locator("#upload-list li.ok").filter(has_text="tb-88.docx").get_by_role("link", name="Xem văn bản").wait_for()
    clerk.locator("#upload-list li.error").filter(has_text="bang-tinh.exe").wait_for()
    readers["vanthu"].read("upload-done")
    wait_idle(120)
    readers["vanthu"].read("review-full", "/ui/review")
    readers["lanhdao"].read("review-full", "/ui/review")
    dismissed = clerk.locator("li.review-task").filter(has_text="nhà ở xuống cấp")
    dismissed.locator("details").filter(has_text="Loại bỏ").locator("summary").first.click()
    dismissed.get_by_label("Lý do (không bắt buộc)").fill("Trùng với nhiệm vụ đã giao tại văn bản khác.")
    go(clerk, dismissed.get_by_role("button", name="Loại bỏ đề xuất"))
    readers["vanthu"].read("flash-dismiss")
    while clerk.locator("li.review-task").count():
        go(clerk, clerk.locator("li.review-task").first.get_by_role("button", name="Xác nhận", exact=True))
        readers["vanthu"].read("flash-confirm")
    wait_idle(60)

    xd.goto(f"{live.url}/ui/inbox")
    go(xd, xd.get_by_role("link", name="rà soát hồ sơ cải tạo trụ sở").first)
    task_url = xd.url
    readers["cv-xd"].read("task-new")
    go(xd, xd.get_by_role("button", name="Tiếp nhận nhiệm vụ"))
    readers["cv-xd"].read("flash-acknowledge")
    xd.get_by_label("Tình hình thực hiện").fill("Đã rà soát hồ sơ của 12/20 xã.")
    xd.get_by_label("Tỷ lệ hoàn thành (%)").fill("60")
    go(xd, xd.get_by_role("button", name="Gửi báo cáo"))
    readers["cv-xd"].read("flash-progress")
    xd.get_by_label("Thời hạn mới (dd/mm/yyyy)").fill("31/02/2031")
    xd.get_by_label("Lý do", exact=True).fill("Chờ hồ sơ của các xã vùng cao.")
    go(xd, xd.get_by_role("button", name="Gửi đề nghị"))
    readers["cv-xd"].read("flash-bad-date")
    xd.get_by_label("Thời hạn mới (dd/mm/yyyy)").fill(vn(day + timedelta(days=35)))
    xd.get_by_label("Lý do", exact=True).fill("Chờ hồ sơ của các xã vùng cao.")
    go(xd, xd.get_by_role("button", name="Gửi đề nghị"))
    readers["cv-xd"].read("flash-extension")
    tc.goto(task_url)
    readers["cv-tc"].read("task-support")
    tc.get_by_label("Tình hình thực hiện").fill("Đã gửi ý kiến về dự toán kinh phí.")
    go(tc, tc.get_by_role("button", name="Gửi báo cáo"))
    readers["cv-tc"].read("flash-contribution")

    lead.goto(task_url)
    go(lead, lead.get_by_role("button", name="Đồng ý gia hạn"))
    readers["lanhdao"].read("flash-extension-approved")
    lead.goto(f"{live.url}/ui/meetings")
    lead.get_by_label("Tên cuộc họp").fill(f"Giao ban UBND tỉnh ngày {vn(day)}")
    lead.get_by_label("Ngày họp (dd/mm/yyyy)").fill(vn(day))
    lead.get_by_label("Người chủ trì").fill("Phó Chủ tịch UBND tỉnh")
    for name in (XD, YT, TC):
        lead.get_by_label(name, exact=True).check()
    go(lead, lead.get_by_role("button", name="Lên lịch"))
    meeting_url = lead.url
    readers["lanhdao"].read("flash-meeting")
    readers["lanhdao"].read("meeting-print", print_media=True, shot=True)

    clerk.goto(f"{live.url}/ui/registry/incoming/new")
    form = clerk.locator("form.form-grid")
    form.get_by_label("Tệp văn bản").set_input_files(
        files=[{"name": "cv-71.docx", "mimeType": DOCX, "buffer": letter("71/STC-HCSN", extra="ui20")}])
    form.get_by_label("Tác giả (cơ quan gửi)").fill(TC)
    form.get_by_label("Số, ký hiệu").fill("71/STC-HCSN")
    form.get_by_label("Ngày tháng văn bản (dd/mm/yyyy)").fill(vn(day - timedelta(days=2)))
    form.get_by_label("Trích yếu nội dung").fill("Về việc rà soát hồ sơ mua sắm thiết bị")
    go(clerk, form.get_by_role("button", name="Vào sổ"))
    entry_url = clerk.url
    readers["vanthu"].read("flash-registered")
    wait_idle(60)
    lead.goto(entry_url)
    lead.get_by_label("Ý kiến chỉ đạo").fill("Giao Sở Xây dựng chủ trì thẩm định, báo cáo UBND tỉnh.")
    lead.get_by_label("Đơn vị chủ trì").fill(XD)
    go(lead, lead.get_by_role("button", name="Chuyển xử lý"))
    readers["lanhdao"].read("flash-routed")
    clerk.goto(entry_url)
    go(clerk, clerk.get_by_role("link", name="Soạn văn bản đi trả lời văn bản này"))
    form = clerk.locator("form.form-grid")
    form.get_by_label("Tệp dự thảo (DOCX hoặc PDF)").set_input_files(
        files=[{"name": "du-thao.docx", "mimeType": DOCX, "buffer": letter("   /UBND-KT", sender="UBND TỈNH")}])
    form.get_by_label("Loại văn bản").select_option("Công văn")
    form.get_by_label("Trích yếu nội dung").fill("Về việc thẩm định hồ sơ mua sắm thiết bị")
    form.get_by_label("Nơi nhận trong cơ quan 1").fill(TC)
    go(clerk, form.get_by_role("button", name="Tạo dự thảo"))
    outgoing_url = clerk.url
    readers["vanthu"].read("flash-draft")
    go(clerk, clerk.get_by_role("button", name="Trình ký"))
    readers["vanthu"].read("flash-submitted")
    lead.goto(outgoing_url)
    lead.get_by_label("Họ tên người ký").fill("Phạm Văn Tùng")
    lead.get_by_label("Chức vụ").fill("PHÓ CHỦ TỊCH")
    go(lead, lead.get_by_role("button", name="Ký ban hành"))
    readers["lanhdao"].read("flash-signed")
    for step in ("Cấp số", "Phát hành", "Gửi"):
        clerk.goto(outgoing_url)
        go(clerk, clerk.get_by_role("button", name=step, exact=True))
        readers["vanthu"].read("flash-out-" + step.split()[0].lower())
    lead.goto(outgoing_url)
    lead.get_by_label("Lý do thu hồi").fill("Văn bản ghi nhầm nơi nhận; sẽ ban hành văn bản thay thế.")
    go(lead, lead.get_by_role("button", name="Thu hồi"))
    readers["lanhdao"].read("flash-out-recalled", shot=True)
    lead.goto(entry_url)
    go(lead, lead.get_by_role("button", name="Đánh dấu đã giải quyết"))
    readers["lanhdao"].read("flash-handled")

    # a department's task: done, returned, done again, accepted, then reopened; another ended; an extension refused
    tc.goto(f"{live.url}/ui/inbox")
    go(tc, tc.get_by_role("link", name="tham mưu phân bổ kinh phí").first)
    budget_url = tc.url
    go(tc, tc.get_by_role("button", name="Tiếp nhận nhiệm vụ"))
    for attempt in ("first", "again"):
        tc.get_by_label("Ngày hoàn thành (dd/mm/yyyy)").fill(vn(day))
        tc.get_by_label("Kết quả", exact=True).fill("Đã trình phương án phân bổ kinh phí cho 14 trường.")
        go(tc, tc.get_by_role("button", name="Báo cáo hoàn thành"))
        readers["cv-tc"].read(f"flash-completion-{attempt}")
        lead.goto(budget_url)
        if attempt == "first":
            lead.get_by_label("Lý do trả lại").fill("Thiếu danh sách trường được phân bổ.")
            go(lead, lead.get_by_role("button", name="Trả lại báo cáo"))
            readers["lanhdao"].read("flash-completion-returned")
            tc.goto(budget_url)
            readers["cv-tc"].read("task-returned")
    go(lead, lead.get_by_role("button", name="Xác nhận hoàn thành"))
    readers["lanhdao"].read("flash-completion-accepted")
    lead.locator("#reopen summary").click()
    lead.get_by_label("Lý do mở lại (việc gì chưa hoàn thành)").fill("Còn 3 trường chưa nhận kinh phí.")
    go(lead, lead.get_by_role("button", name="Mở lại nhiệm vụ"))
    readers["lanhdao"].read("flash-reopened")
    lead.goto(f"{live.url}/ui/leader")
    go(lead, lead.locator("#overdue").get_by_role("link", name="phòng chống dịch sốt xuất huyết").first)
    fever_url = lead.url
    lead.locator("#end summary").click()
    lead.get_by_label("Lý do kết thúc (theo văn bản nào)").fill("Theo Thông báo số 90/TB-UBND: đã hết dịch.")
    go(lead, lead.get_by_role("button", name="Kết thúc nhiệm vụ"))
    readers["lanhdao"].read("flash-ended")
    xd.goto(task_url)
    xd.get_by_label("Thời hạn mới (dd/mm/yyyy)").fill(vn(day + timedelta(days=60)))
    xd.get_by_label("Lý do", exact=True).fill("Các xã vùng cao chưa gửi đủ hồ sơ.")
    go(xd, xd.get_by_role("button", name="Gửi đề nghị"))
    lead.goto(task_url)
    lead.get_by_label("Lý do không đồng ý").fill("Đề nghị đôn đốc các xã, không gia hạn thêm.")
    go(lead, lead.get_by_role("button", name="Không đồng ý"))
    readers["lanhdao"].read("flash-extension-refused")

    # the administrator: a refused and an accepted account, a lock
    admin = users["quantri"]
    admin.goto(f"{live.url}/ui/admin/users")
    admin.get_by_label("Tên đăng nhập").fill("cv-xd2")
    admin.get_by_label("Mật khẩu (ít nhất 8 ký tự)").fill("mat-khau-cv-xd2")
    admin.get_by_label("Vai trò").select_option(label="Chuyên viên đơn vị")
    go(admin, admin.get_by_role("button", name="Tạo tài khoản"))
    readers["quantri"].read("flash-user-no-unit")
    admin.get_by_label("Tên đăng nhập").fill("cv-xd2")
    admin.get_by_label("Mật khẩu (ít nhất 8 ký tự)").fill("mat-khau-cv-xd2")
    admin.get_by_label("Đơn vị (bắt buộc với cán bộ đơn vị)").fill(XD)
    go(admin, admin.get_by_role("button", name="Tạo tài khoản"))
    readers["quantri"].read("flash-user-created")
    admin.once("dialog", lambda d: d.accept())
    go(admin, admin.get_by_role("button", name="Khóa tài khoản cv-xd2"))
    readers["quantri"].read("flash-user-locked")
    wait_idle(60)

    # --- 3. every page again, as each role, with the work on it ---------------------------------------------------
    clerk.goto(f"{live.url}/ui/documents")
    documents = clerk.locator("main table tbody td:first-child a").evaluate_all("els => els.map(e => e.href)")
    assert len(documents) == 3, documents  # the notice, the letter, the reply (recalled)
    document_url = documents[-1]
    admin.goto(f"{live.url}/ui/admin/units?q=xay+dung")
    go(admin, admin.locator("table.units tbody tr").filter(has_text=XD).locator("a").first)
    unit_url = admin.url
    unit_id = unit_url.rsplit("/", 1)[-1]
    nowhere = uuid.uuid4()
    detail = (*documents, task_url, budget_url, fever_url, meeting_url, entry_url, outgoing_url, unit_url,
              "/ui/admin/users/cv-xd", "/ui/search?q=ra+soat+ho+so", "/ui/search?q=ra+soat&page_no=2",
              f"/ui/report?as_of={vn(day + timedelta(days=10))}", f"/ui/report?unit={unit_id}",
              f"/ui/inbox?unit={unit_id}&role=support", "/ui/inbox?role=lead", "/ui/admin/audit?page_no=2",
              "/ui/registry/outgoing?state=recalled")
    missing = (f"/ui/documents/{nowhere}", f"/ui/tasks/{nowhere}", f"/ui/meetings/{nowhere}",
               f"/ui/registry/incoming/{nowhere}", "/ui/khong-co-trang-nay")
    for who, reader in readers.items():
        # a page a role may not open reads the same for every such role: the administrator and the department
        # given nothing read every one (and the pages that do not exist); the others, what their menu offers
        for path in lists:
            if who in ("quantri", "cv-nv") or opens(who, path):
                reader.read("full-" + path.strip("/").replace("/", "-").replace("?", "-"), path)
        for i, path in enumerate((*detail, *missing) if who in ("quantri", "cv-nv") else detail):
            reader.read(f"detail-{i:02d}", path)
    readers["lanhdao"].read("report-print", "/ui/report", print_media=True, shot=True)
    for who in ("lanhdao", "cv-xd", "vanthu"):
        phone = Reader(login(who, viewport=PHONE), f"{who}-phone", live.url, shots_dir, problems)
        for path in ("/ui/inbox", "/ui/leader", task_url, document_url, "/ui/search?q=ra+soat+ho+so"):
            phone.read("p-" + path.rsplit("/", 1)[-1][:12].replace("?", "-"), path, shot=True)

    assert not problems, "\n".join(problems[:80]) + f"\n({len(problems)} in all)"
