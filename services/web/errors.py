"""The error catalogue of the web pages.

Every error raised to a user here, by its stable code, with its Vietnamese message (clients and tests rely
on both) and HTTP status: `raise PageError.<name>(field=…)`."""
from __future__ import annotations

from services.core.errors import ErrorCatalogue


class PageError(ErrorCatalogue):
    not_found = ("not_found", "Không có trang này.", None)
    invalid_request = ("invalid_request", "Địa chỉ hoặc dữ liệu gửi lên không hợp lệ.", 422)
    forbidden = ("forbidden", "Không thể tự khóa tài khoản đang dùng.", 403)
    missing_credentials = ("missing_credentials", "Hãy nhập tên đăng nhập và mật khẩu.", 422)
    invalid_date = ("invalid_date", "{label} không hợp lệ; hãy nhập theo dạng dd/mm/yyyy.", 422)
    too_many_files = ("too_many_files", "Mỗi lần báo cáo đính kèm tối đa {max_files} tệp.", 422)
    invalid_review_date = ("invalid_date", "Ngày đánh giá không hợp lệ; hãy nhập theo dạng dd/mm/yyyy.", 422)
