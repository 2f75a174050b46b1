"""Jinja2 rendering: autoescaped templates, Vietnamese labels, dd/mm/yyyy dates.

Everything is escaped. The one exception is a search highlight, which the search service returns already escaped
with its matches in <mark>; `safe_highlight` checks that nothing but <mark>/</mark> is markup before trusting it.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from services.briefing.domain import STATE_LABELS
from services.core.auth.policy import Principal
from services.core.clock import OFFICE_TZ
from services.ingest.public import REVIEW_BELOW
from services.web import session as web_session

HERE = Path(__file__).resolve().parent
VN_TZ = OFFICE_TZ  # (services/core/clock.py holds the one copy)

ROLE_LABELS = {"admin": "Quản trị", "clerk": "Văn thư", "leader": "Lãnh đạo", "unit_head": "Trưởng đơn vị",
               "unit_staff": "Chuyên viên đơn vị"}
LEVEL_LABELS = {0: "Thường", 1: "Mật", 2: "Tối mật", 3: "Tuyệt mật"}
AUDIENCE_LABELS = {"public": "Công khai", "internal": "Nội bộ (đơn vị được gửi, được giao)",
                   "units": "Chỉ các đơn vị được chọn"}
STATUS_LABELS = {"completed_on_time": "Đã hoàn thành đúng hạn", "completed_late": "Đã hoàn thành nhưng quá hạn",
                 "in_progress": "Đang thực hiện trong hạn", "overdue": "Quá hạn chưa hoàn thành",
                 "due_soon": "Sắp đến hạn", "recalled": "Đã thu hồi", "proposed": "Chờ văn thư duyệt",
                 "dismissed": "Đã loại", "ended": "Đã kết thúc", "split": "Đã tách", "merged": "Đã gộp"}
DOC_STATUS_LABELS = {"queued": "Đang chờ xử lý", "extracting": "Đang trích xuất", "done": "Đã xử lý",
                     "failed": "Lỗi", "needs_ocr": "Cần nhận dạng ký tự (OCR)"}
EVENT_LABELS = {"proposed": "Đề xuất từ văn bản", "confirmed": "Xác nhận", "edited": "Sửa", "dismissed": "Loại bỏ",
                "recalled": "Thu hồi văn bản",
                "added": "Thêm nhiệm vụ", "split": "Tách nhiệm vụ", "split_from": "Tách từ nhiệm vụ khác",
                "merged": "Gộp vào nhiệm vụ khác", "merged_from": "Gộp từ các nhiệm vụ",
                "acknowledged": "Tiếp nhận", "progress": "Báo cáo tiến độ",
                "contribution": "Đơn vị phối hợp báo cáo", "reassigned": "Giao lại thời hạn mới",
                "extension_requested": "Đề nghị gia hạn", "extension_approved": "Đồng ý gia hạn",
                "extension_refused": "Không đồng ý gia hạn", "completion_reported": "Báo cáo hoàn thành",
                "completion_accepted": "Xác nhận hoàn thành", "completion_returned": "Trả lại báo cáo hoàn thành",
                "declined": "Đơn vị trả lại nhiệm vụ", "reopened": "Mở lại nhiệm vụ (chưa hoàn thành)",
                "ended": "Kết thúc nhiệm vụ", "carried_to": "Gộp vào nhiệm vụ đang theo dõi",
                "carried_forward": "Tiếp tục thực hiện theo văn bản mới",
                "recurred": "Lặp lại kỳ mới", "unit_removed": "Không còn giao cho đơn vị",
                "handler_assigned": "Lãnh đạo đơn vị phân công cán bộ xử lý"}
def period_text(recurrence: str | None) -> str:
    """A recurrence after the label 'Định kỳ:' — without the label's own words again ('Định kỳ hằng tháng' reads
    'Định kỳ: hằng tháng', not 'Định kỳ: Định kỳ hằng tháng')."""
    text = (recurrence or "").strip()
    return re.sub(r"^định\s+kỳ\s*[:,]?\s*", "", text, flags=re.IGNORECASE) or text


_EDIT_FIELDS = (("action", "Nội dung"), ("lead", "Chủ trì"), ("support", "Phối hợp"), ("deadline", "Thời hạn"),
                ("recurrence", "Định kỳ"))


def edit_changes(detail: Any) -> list[str]:
    """What a correction ('Sửa') changed, as people read it: 'Phối hợp: Sở Tài chính → không có'."""
    if not isinstance(detail, dict):
        return []
    before, after = detail.get("before") or {}, detail.get("after") or {}

    def said(field: str, value: Any) -> str:
        if field == "support":
            value = ", ".join(value or [])
        elif field == "deadline" and value:
            value = fmt_date(value)
        elif field == "recurrence" and value:
            value = period_text(value)
        return str(value) if value else "không có"

    return [f"{label}: {said(f, before.get(f))} → {said(f, after.get(f))}" for f, label in _EDIT_FIELDS
            if f in before and f in after and before.get(f) != after.get(f)]


ROLE_IN_TASK = {"lead": "Chủ trì", "support": "Phối hợp"}
ACTION_LABELS = {"view": "Xem", "download": "Tải về", "change": "Thay đổi", "export": "Xuất", "login": "Đăng nhập",
                 "logout": "Đăng xuất", "denied": "Bị từ chối", "login_failed": "Đăng nhập sai",
                 "login_throttled": "Đăng nhập bị tạm chặn", "password_change_failed": "Đổi mật khẩu không được"}
OBJECT_LABELS = {"user": "Tài khoản", "document": "Văn bản", "progress_report": "Báo cáo tình hình thực hiện",
                 "meeting_pack": "Tài liệu giao ban", "meeting": "Cuộc họp", "unit": "Đơn vị", "incoming": "Văn bản đến",
                 "outgoing": "Văn bản đi", "register": "Sổ văn bản", "api_key": "Khóa API", "reminders": "Nhắc việc",
                 "task_attachment": "Tệp báo cáo nhiệm vụ", "task": "Nhiệm vụ"}
DETAIL_LABELS = {"format": "định dạng", "as_of": "đến ngày", "created": "tạo", "role": "vai trò", "disabled": "khóa",
                 "password_reset": "đặt lại mật khẩu", "clearance": "mức được xem", "unit": "đơn vị",
                 "full_name": "họ tên", "email": "thư điện tử", "webhook_url": "webhook", "action": "thao tác",
                 "number": "số", "reason": "lý do", "registered": "số đến", "register": "sổ", "routed": "chuyển đến",
                 "recipients": "kính gửi", "from": "từ ngày", "to": "đến ngày", "accepted": "thêm đơn vị",
                 "document_id": "văn bản", "queued": "số thư nhắc chờ gửi", "level": "độ mật", "audience": "phạm vi",
                 "added": "thêm đơn vị", "renamed_from": "tên cũ", "renamed_to": "tên mới",
                 "alias_added": "thêm tên khác", "alias_removed": "bỏ tên khác", "uploaded": "tải lên tệp",
                 "known_device": "thiết bị đã dùng trước đây", "merged": "gộp đơn vị", "into": "vào đơn vị",
                 "reopened": "mở lại nhiệm vụ, lý do", "ended": "kết thúc nhiệm vụ, lý do", "handler": "cán bộ xử lý",
                 "changed": "sửa", "conclusion_document_id": "văn bản kết luận", "declassify": "hạ độ mật",
                 "distinct": "ghi nhận là văn bản riêng", "expires_at": "hết hạn", "ocr": "nhận dạng ký tự (OCR)",
                 "password_changed": "đổi mật khẩu", "path": "trang", "reprocess": "trích xuất lại",
                 "revoked": "thu hồi khóa", "scopes": "quyền", "supersedes": "thay thế văn bản",
                 "superseded_by": "được thay thế bởi", "understanding_version": "phiên bản quy tắc đọc",
                 "username": "tên đăng nhập", "via": "qua"}
URGENCY_LABELS = {"normal": "Thường", "urgent": "Khẩn", "very_urgent": "Thượng khẩn", "flash": "Hỏa tốc"}
# the fields of a line of the sổ đến a clerk corrects (the audit's "changed": {field: [before, after]})
ENTRY_FIELDS = {"sender": "tác giả", "doc_number": "số, ký hiệu", "doc_date": "ngày văn bản", "doc_type": "loại văn bản",
                "subject": "trích yếu", "urgency": "độ khẩn", "pages": "số trang", "copies": "số bản"}
VALUE_WORDS = {"scopes": {"read": "đọc", "write": "ghi"}, "via": {"cli": "dòng lệnh trên máy chủ"}}

# detail values that are the id of another object: shown by its name (the audit page's `names`), as the object is
DETAIL_REFS = {"register": "register", "document_id": "document", "supersedes": "document",
               "superseded_by": "document", "conclusion_document_id": "document"}
FORMAT_LABELS = {"html": "xem trên màn hình", "docx": "DOCX", "xlsx": "Excel", "csv": "CSV", "pdf": "PDF",
                 "json": "dữ liệu (API)"}


def fmt_date(value: Any) -> str:
    """dd/mm/yyyy; datetimes in Việt Nam time with hh:mm."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            from datetime import UTC

            value = value.replace(tzinfo=UTC)
        return value.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def parse_date(value: str | None) -> date | None:
    """dd/mm/yyyy (or d/m/yyyy, or ISO yyyy-mm-dd) → date; '' → None; anything else raises ValueError."""
    text = (value or "").strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if m:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return date.fromisoformat(text)


_HIGHLIGHT_OK = re.compile(r"(?:[^<>]|<mark>|</mark>)*")


def safe_highlight(fragment: str) -> Markup:
    """A highlight from the search service: trusted only if <mark> is its only markup; otherwise escaped."""
    if _HIGHLIGHT_OK.fullmatch(fragment) and "<script" not in fragment.lower():
        return Markup(fragment)  # noqa: S704 - the search service escapes the text and adds only <mark>
    return escape(fragment)


def number_vn(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value)


AUDIT_ACTIONS = {"draft": "tạo dự thảo", "submit": "trình ký", "sign": "ký", "cancel": "hủy dự thảo", "number": "cấp số",
                 "issue": "phát hành", "send": "gửi", "recall": "thu hồi"}


def audit_value(key: str, value: Any) -> str:
    """One value of an audit event's detail, in words: a change as “before → after”, levels and roles by name."""
    def one(v: Any) -> str:
        if v is None or v == "":
            return "không"
        if v is True:
            return "có"
        if v is False:
            return "không"
        if key in ("clearance", "level", "declassify"):
            return LEVEL_LABELS.get(v, str(v)) if isinstance(v, int) else str(v)
        if key == "role":
            return ROLE_LABELS.get(str(v), str(v))
        if key == "action":
            return AUDIT_ACTIONS.get(str(v), str(v))
        if key in ("as_of", "from", "to", "expires_at", "doc_date"):
            return fmt_date(v)
        if key == "urgency":
            return URGENCY_LABELS.get(str(v), str(v))
        if key in VALUE_WORDS:
            return VALUE_WORDS[key].get(str(v), str(v))
        if key == "format":
            return FORMAT_LABELS.get(str(v), str(v))
        return str(v)

    if isinstance(value, list) and len(value) == 2 and key in ("clearance", "role", "unit", "full_name", "level",
                                                               "audience", "declassify"):
        return f"{one(value[0])} → {one(value[1])}"
    if key == "changed" and isinstance(value, dict):  # a corrected line of the sổ đến: each field, before → after
        return "; ".join(f"{ENTRY_FIELDS.get(f, f)}: {audit_value(f, v[0])} → {audit_value(f, v[1])}"
                         if isinstance(v, list | tuple) and len(v) == 2 else f"{ENTRY_FIELDS.get(f, f)}: {audit_value(f, v)}"
                         for f, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(one(v) for v in value)
    return one(value)


def static_version() -> str:
    """A short hash of the static files: their URLs change when they do, so browsers may cache them for good."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((HERE / "static").iterdir()):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.filters["d"] = fmt_date
    env.filters["hl"] = safe_highlight
    env.filters["num"] = number_vn
    env.filters["period"] = period_text
    env.filters["changes"] = edit_changes
    env.globals["audit_value"] = audit_value
    env.globals["REVIEW_BELOW"] = REVIEW_BELOW  # under it the extraction itself is unsure (review page)
    env.globals.update(ROLE_LABELS=ROLE_LABELS, LEVEL_LABELS=LEVEL_LABELS, AUDIENCE_LABELS=AUDIENCE_LABELS,
                       STATUS_LABELS=STATUS_LABELS, STATE_LABELS=STATE_LABELS, DOC_STATUS_LABELS=DOC_STATUS_LABELS,
                       EVENT_LABELS=EVENT_LABELS, ROLE_IN_TASK=ROLE_IN_TASK, ACTION_LABELS=ACTION_LABELS,
                       OBJECT_LABELS=OBJECT_LABELS, DETAIL_LABELS=DETAIL_LABELS, DETAIL_REFS=DETAIL_REFS,
                       P=web_session.PREFIX, V=static_version())
    return env


ENV = _env()


def url(path: str, **params: Any) -> str:
    clean: list[tuple[str, Any]] = []
    for k, v in params.items():
        if v is None or v == "" or v == []:
            continue
        if isinstance(v, list | tuple):
            clean.extend((k, x) for x in v)
        else:
            clean.append((k, v))
    return f"{web_session.PREFIX}{path}" + (("?" + urlencode(clean)) if clean else "")


ENV.globals["url"] = url

FLASH_COOKIE = "vb_flash"


def flash(request: Request, message: str, kind: str = "ok") -> None:
    from urllib.parse import quote

    web_session.queue_cookie(request, web_session.PendingCookie(FLASH_COOKIE, quote(f"{kind}|{message[:400]}"),
                                                                max_age=60))


def _take_flash(request: Request) -> tuple[str, str] | None:
    from urllib.parse import unquote

    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    web_session.queue_cookie(request, web_session.PendingCookie(FLASH_COOKIE, None))
    kind, _, message = unquote(raw).partition("|")
    return (kind if kind in ("ok", "warn", "error") else "ok"), message


def page(request: Request, template: str, principal: Principal | None, status_code: int = 200,
         **context: Any) -> HTMLResponse:
    ctx = {"request": request, "me": principal, "csrf": web_session.csrf_token(request, principal),
           "flash": _take_flash(request), "path": request.url.path, **context}
    return HTMLResponse(ENV.get_template(template).render(ctx), status_code=status_code)


def redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)
