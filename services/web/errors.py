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
    own_role = ("forbidden", "Không thể tự đổi vai trò của tài khoản đang dùng.", 403)
    invalid_number = ("invalid_number", "{label} phải là số từ {low} đến {high}.", 422)
    invalid_urgency = ("invalid_urgency", "Độ khẩn không hợp lệ.", 422)
    file_required = ("file_required", "Hãy chọn tệp văn bản.", 422)
    merge_target_required = ("invalid_request", "Hãy chọn đơn vị tiếp nhận.", 422)
    too_long = ("too_long", "{label} dài quá {limit} ký tự.", 422)
    invalid_format = ("invalid_format", "Chỉ xuất được DOCX hoặc Excel.", 422)
    draft_incomplete = ("invalid_request", "Cần chọn loại văn bản và ghi trích yếu nội dung.", 422)
    no_such_step = ("not_found", "Không có thao tác này.", 404)
    reason_required = ("reason_required", "Cần ghi lý do thu hồi.", 422)
    deadline_locked = ("deadline_locked", "Nhiệm vụ đã giao cho đơn vị: thời hạn không sửa ở đây — lãnh đạo dùng mục "
                                          "“Gia hạn, giao thời hạn mới” trên trang nhiệm vụ (có lý do); thời hạn ban "
                                          "đầu vẫn được ghi nhận.", 409)
