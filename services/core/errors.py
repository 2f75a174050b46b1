"""Errors that reach a user: a stable machine code plus a Vietnamese message.

Every failure of ingest (bad file, wrong type, encrypted, too large …) is one of these, so the API,
the CLI and the stored document all show the same code and the same words.
"""
from __future__ import annotations

from enum import Enum

# the request scope's key under which the request guard leaves the error it cut a body off for (SECURITY.md 143):
# the app, finding the body ended, raises that error (`web.utf8_form`)
REFUSED_BODY = "vanban.refused_body"


class VanbanError(Exception):
    """Base for errors with a machine code and a user-facing Vietnamese message."""

    code: str = "error"
    http_status: int = 400

    def __init__(self, code: str, message: str, *, http_status: int | None = None, detail: str | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.detail = detail
        if http_status is not None:
            self.http_status = http_status


class IngestError(VanbanError):
    """A document that cannot be read. The original is kept; the document ends in state `failed`."""

    http_status = 422


class NeedsOCR(VanbanError):
    """A document with no text layer (a scan). Not a failure: the original is kept, state `needs_ocr`."""

    http_status = 200

    def __init__(self, message: str = "Tệp không có lớp văn bản (bản quét); cần nhận dạng ký tự (OCR).") -> None:
        super().__init__("needs_ocr", message)


class TransientError(VanbanError):
    """A failure worth retrying (database or broker briefly away)."""

    http_status = 503


class ErrorCatalogue(Enum):
    """Base of each service's error catalogue (services/<service>/errors.py): a member is (code, message, HTTP
    status); calling it gives the VanbanError, the message's {fields} filled from the keyword values. One place per
    service lists every code and message a client may see."""

    def __call__(self, *, http_status: int | None = None, **values: object) -> VanbanError:
        code, message, status = self.value
        text = message.format(**values) if values else message
        return VanbanError(code, text, http_status=http_status if http_status is not None else status)


class CoreError(ErrorCatalogue):
    """The errors core raises for every service (core.web.not_found, core.auth.service.forbidden, …)."""

    not_found = ("not_found", "{what} không tồn tại hoặc bạn không có quyền xem.", 404)
    forbidden = ("forbidden", "{message}", 403)
    database_unavailable = ("database_unavailable", "Mất kết nối tới cơ sở dữ liệu giữa chừng: thao tác có thể chưa được lưu — "
                            "vui lòng tải lại để kiểm tra rồi thử lại.", 503)
    unsafe_url = ("unsafe_url", "Địa chỉ “{url}” không được phép ({why}).", 422)
    # a request body the server cannot read as text (SECURITY.md 118): not FastAPI's English 400 without a code
    body_not_utf8 = ("body_not_utf8", "Nội dung gửi lên không đọc được dưới dạng văn bản mã UTF-8 (ở biểu mẫu, chữ có "
                                      "dấu phải được mã hóa URL); gửi lại với bảng mã UTF-8 — trình duyệt và các ứng "
                                      "dụng thông thường đều gửi như vậy.",
                     422)
    invalid_body = ("invalid_body", "Không đọc được nội dung gửi lên (biểu mẫu hoặc tệp bị hỏng, không trọn vẹn); "
                                    "gửi lại.", 422)
    no_such_address = ("not_found", "Không có địa chỉ này.", 404)
    method_not_allowed = ("method_not_allowed", "Địa chỉ này không nhận yêu cầu {method}.", 405)
    http_error = ("http_error", "Yêu cầu không thực hiện được (mã {status}).", 400)
    unsupported_attachment_type = ("unsupported_attachment_type", "Loại tệp đính kèm “{declared}” của “{filename}” "
                                   "không được chấp nhận (chỉ nhận PDF, Word, Excel, ảnh và văn bản thuần).", 415)
