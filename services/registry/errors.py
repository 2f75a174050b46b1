"""The error catalogue of the registry (sổ đến, sổ đi).

Every error raised to a user here, by its stable code, with its Vietnamese message (clients and tests rely
on both) and HTTP status: `raise RegistryError.<name>(field=…)`."""
from __future__ import annotations

from services.core.errors import ErrorCatalogue


class RegistryError(ErrorCatalogue):
    secret_in_ordinary_register = ("secret_in_ordinary_register", "Văn bản mật phải vào sổ văn bản mật.", 422)
    instruction_required = ("instruction_required", "Cần ghi ý kiến chỉ đạo (bút phê).", 422)
    units_required = ("units_required", "Cần chọn ít nhất một đơn vị xử lý hoặc để biết.", 422)
    units_not_in_directory = ("unit_not_in_directory", "“{names}” chưa có trong danh mục đơn vị: không tài khoản nào "
                              "nhận được văn bản chuyển đến tên này. Chọn tên trong danh sách gợi ý, hoặc đánh dấu "
                              "thêm đơn vị mới nếu đúng là một đơn vị chưa có.", 422)
    recalled_cannot_route = ("recalled", "Văn bản đã bị thu hồi; không thể chuyển xử lý.", 409)
    no_document = ("no_document", "Văn bản đến chưa có tệp; không thể chuyển xử lý.", 409)
    document_not_ready = ("document_not_ready", "Văn bản chưa xử lý xong (đang đọc nội dung hoặc lỗi tệp); hãy chuyển"
                                                " xử lý khi tệp văn bản ở trạng thái “Đã xử lý”.", 409)
    recalled = ("recalled", "Văn bản đã bị thu hồi.", 409)
    subject_required = ("subject_required", "Cần ghi trích yếu nội dung văn bản.", 422)
    level_above_clearance = ("level_above_clearance", "Độ mật vượt quá mức được phép của bạn.", 403)
    no_recipients = ("no_recipients", "Văn bản chưa có nơi nhận.", 422)
    collective_recipient = ("collective_recipient", "“{name}” là tên chung của nhiều đơn vị, không phải một đơn vị "
                            "nhận: ghi từng đơn vị nhận cụ thể.", 422)
    reason_required = ("reason_required", "Cần nêu lý do thu hồi.", 422)
    invalid_level = ("invalid_level", "Độ mật “{value}” không hợp lệ (Thường, Mật, Tối mật, Tuyệt mật).", 422)
    invalid_urgency = ("invalid_urgency", "Độ khẩn “{value}” không hợp lệ (Khẩn, Thượng khẩn, Hỏa tốc).", 422)
    unknown_doc_type = ("unknown_doc_type", "Loại văn bản “{doc_type}” không có trong danh mục của Nghị định "
                                            "30/2020/NĐ-CP.", 422)
    invalid_transition = ("invalid_transition", "Không thể thực hiện thao tác này với văn bản {state}.", 409)
    invalid_period = ("invalid_period", "Ngày kết thúc phải sau ngày bắt đầu.", 422)
    imap_mailbox = ("imap_mailbox", "Không mở được hộp thư “{mailbox}”.", 502)
    already_registered = ("already_registered", "Văn bản này đã được vào sổ đến, số đến {number} ({register}).", 409)
    already_registered_unseen = ("already_registered", "Văn bản này đã được vào sổ đến (ở một sổ bạn không được xem).",
                                 409)
    replaced_not_visible = ("replaced_not_visible", "Văn bản này thay thế một văn bản bạn không được xem (độ mật của văn "
                                                    "bản đó đã được nâng); phát hành sẽ thu hồi văn bản đó, nên cần "
                                                    "người có đủ thẩm quyền thực hiện.", 403)
    corrupt_pdf = ("corrupt_pdf", "Không đọc được tệp PDF để kiểm tra chữ ký số.", 422)
