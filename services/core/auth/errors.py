"""The error catalogue of accounts, sign-in and tokens.

Every error raised to a user here, by its stable code, with its Vietnamese message (clients and tests rely
on both) and HTTP status: `raise AccountError.<name>(field=…)`."""
from __future__ import annotations

from services.core.errors import ErrorCatalogue


class AccountError(ErrorCatalogue):
    too_many_attempts = ("too_many_attempts", "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau khoảng {minutes} "
                                              "phút.", 429)
    unit_key_conflict = ("unit_key_conflict", "Đơn vị “{canonical}” trùng khóa với đơn vị đã có “{existing}” khi bỏ "
                                              "dấu; hãy dùng tên đầy đủ khác biệt (ví dụ kèm huyện/tỉnh).", 409)
    clearance_above_own = ("clearance_above_own", "Không thể cấp mức độ mật cao hơn mức độ mật bạn được xem; đề nghị "
                                                  "quản trị viên được xem từ mức đó trở lên thực hiện.", 403)
    account_above_clearance = ("account_above_clearance", "Tài khoản “{username}” được xem mức độ mật cao hơn mức bạn "
                                                          "được xem: chỉ quản trị viên được xem từ mức đó trở lên (hoặc "
                                                          "chính chủ tài khoản) thay đổi được.", 403)
    collective_unit = ("collective_unit", "“{name}” là tên chung của nhiều đơn vị, không phải một đơn vị: tài khoản phải "
                                          "thuộc một đơn vị cụ thể.", 422)
    invalid_role = ("invalid_role", "Vai trò không hợp lệ: {role}", 422)
    unit_required = ("unit_required", "Tài khoản chuyên viên hoặc trưởng đơn vị phải thuộc một đơn vị: "
                                      "hãy ghi tên đơn vị.", 422)
    weak_password = ("weak_password", "Mật khẩu phải có ít nhất 8 ký tự.", 422)
    user_exists = ("user_exists", "Tên đăng nhập “{username}” đã tồn tại.", 409)
    not_found = ("not_found", "Không có tài khoản “{username}”.", 404)
    invalid_credentials = ("invalid_credentials", "Mật khẩu hiện tại không đúng.", 403)
    same_password = ("same_password", "Mật khẩu mới phải khác mật khẩu hiện tại.", 422)
    invalid_request = ("invalid_request", "Tên đăng nhập tối đa {max_length} ký tự.", 422)
    invalid_scope = ("invalid_scope", "Phạm vi của khóa API chỉ gồm read và write.", 422)
    insufficient_scope = ("insufficient_scope", "Khóa API này chỉ được đọc (phạm vi read).", 403)
