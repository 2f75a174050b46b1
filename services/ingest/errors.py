"""The error catalogue of the ingest API (uploads, access).

Every error raised to a user here, by its stable code, with its Vietnamese message (clients and tests rely
on both) and HTTP status: `raise IngestApiError.<name>(field=…)`."""
from __future__ import annotations

from services.core.errors import ErrorCatalogue


class IngestApiError(ErrorCatalogue):
    too_many_files = ("too_many_files", "Mỗi lần chỉ gửi tối đa {max_files} tệp.", 422)
    forbidden = ("forbidden", "Không thể đặt độ mật cao hơn mức được phép của bạn.", 403)
    declassify_needs_leader = ("declassify_needs_leader", "Hạ độ mật của văn bản cần lãnh đạo quyết định.", 403)
    identity_not_ready = ("identity_not_ready", "Văn bản chưa xử lý xong; hãy chờ rồi thử lại.", 409)
    identity_same_document = ("identity_same_document", "Không thể thay thế một văn bản bằng chính nó.", 422)
    identity_already_superseded = ("identity_already_superseded",
                                   "Văn bản cũ đã được thay thế bởi một văn bản khác.", 409)
    identity_not_registered = ("identity_not_registered", "Văn bản cũ là bản sao của một văn bản khác; hãy chọn "
                               "văn bản đã đăng ký.", 409)
    link_refused = ("link_refused", "Không nhập tệp “{filename}”: đây là liên kết (symlink hoặc hard link) tới một tệp "
                    "khác; hãy chép chính tệp văn bản vào thư mục.", 422)
    store_failed = ("store_failed", "Lỗi hệ thống khi lưu tệp “{filename}”: tệp này chưa được nhập (các tệp khác không "
                    "bị ảnh hưởng). Hãy chạy lại lệnh để nhập tệp này.", 500)
