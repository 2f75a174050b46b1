"""The error catalogue of briefing (tasks, meetings, reports).

Every error raised to a user here, by its stable code, with its Vietnamese message (clients and tests rely
on both) and HTTP status: `raise BriefingError.<name>(field=…)`."""
from __future__ import annotations

from services.core.errors import ErrorCatalogue


class BriefingError(ErrorCatalogue):
    invalid_state = ("invalid_state", "Không thể thực hiện thao tác này khi nhiệm vụ ở trạng thái “{state}”.", 409)
    task_not_sent = ("task_not_confirmed", "Nhiệm vụ còn là đề xuất, chưa được văn thư xác nhận và gửi đơn vị.", 409)
    no_deadline_to_extend = ("invalid_extension", "Nhiệm vụ không có thời hạn nên không cần gia hạn.", 422)
    extension_too_late = ("extension_too_late", "Đã quá thời hạn thực hiện: không thể đề nghị gia hạn; nhiệm vụ được "
                                                "tính là quá hạn trừ khi lãnh đạo giao lại thời hạn mới.", 409)
    extension_not_later = ("invalid_extension", "Thời hạn đề nghị gia hạn phải sau thời hạn hiện tại.", 422)
    extension_grant_not_later = ("invalid_extension", "Thời hạn gia hạn phải sau thời hạn hiện tại.", 422)
    no_extension_request = ("no_extension_request", "Nhiệm vụ không có đề nghị gia hạn đang chờ.", 409)
    reassignment_not_later = ("invalid_reassignment", "Thời hạn giao lại phải sau thời hạn hiện tại.", 422)
    reassignment_in_past = ("invalid_reassignment", "Thời hạn giao lại không được trước ngày hôm nay.", 422)
    deadline_before_assignment = ("invalid_deadline", "Thời hạn {deadline} không được trước ngày giao nhiệm vụ "
                                                      "{assigned_on}; kiểm tra lại ngày, tháng, năm.", 422)
    completion_in_future = ("invalid_date", "Ngày hoàn thành không được sau ngày hôm nay.", 422)
    completion_before_assignment = ("invalid_date", "Ngày hoàn thành không được trước ngày giao nhiệm vụ.", 422)
    task_not_confirmed = ("task_not_confirmed", "Nhiệm vụ chưa được văn thư hoặc lãnh đạo xác nhận; xác nhận nhiệm vụ"
                                                " trước khi công nhận hoàn thành.", 409)
    not_reported = ("not_reported", "Đơn vị chưa báo cáo hoàn thành nhiệm vụ này.", 409)
    handler_not_in_unit = ("handler_not_in_unit", "“{name}” không phải cán bộ đang làm việc tại đơn vị: chỉ phân công "
                                                  "xử lý cho cán bộ của đơn vị mình.", 422)
    handler_not_cleared = ("handler_not_cleared", "“{name}” chưa được phép đọc văn bản ở mức mật này nên không phân "
                                                  "công xử lý được: chọn cán bộ khác hoặc đề nghị quản trị cấp quyền.",
                           422)
    invalid_split = ("invalid_split", "Cần ít nhất hai phần để tách nhiệm vụ.", 422)
    merge_too_few = ("invalid_merge", "Cần ít nhất hai nhiệm vụ để gộp.", 422)
    merge_across_documents = ("invalid_merge", "Chỉ gộp được các nhiệm vụ của cùng một văn bản.", 422)
    refusal_reason_required = ("reason_required", "Cần ghi lý do không đồng ý gia hạn để đơn vị biết.", 422)
    decline_reason_required = ("reason_required", "Cần ghi lý do trả lại nhiệm vụ (vì sao nhiệm vụ không thuộc chức "
                                                  "năng của đơn vị, nên giao đơn vị nào) để văn thư giao lại.", 422)
    reopen_reason_required = ("reason_required", "Cần ghi lý do mở lại nhiệm vụ (việc gì chưa hoàn thành) để đơn vị "
                                                 "biết.", 422)
    end_reason_required = ("reason_required", "Cần ghi lý do kết thúc nhiệm vụ (theo văn bản, ý kiến chỉ đạo nào) để "
                                              "đơn vị biết.", 422)
    sent_dismiss_reason_required = ("reason_required", "Nhiệm vụ đã gửi đến đơn vị nên không loại bỏ được; để dừng, "
                                    "hãy kết thúc nhiệm vụ và ghi lý do (theo văn bản, ý kiến chỉ đạo nào) để đơn vị "
                                    "được thông báo.", 422)
    nothing_to_carry = ("no_followed_task", "Văn bản không dẫn chiếu nhiệm vụ nào của đơn vị này đang được theo dõi; "
                                            "hãy xác nhận hoặc loại bỏ đề xuất.", 409)
    document_recalled = ("document_recalled", "Văn bản giao nhiệm vụ đã bị thu hồi; nhiệm vụ không được mở lại.", 409)
    task_completed = ("task_completed", "Nhiệm vụ đã hoàn thành; không thể thay đổi.", 409)
    deadline_locked = ("deadline_locked", "Nhiệm vụ đã giao cho đơn vị: thời hạn chỉ thay đổi khi lãnh đạo duyệt gia "
                                          "hạn hoặc giao lại (POST /tasks/{id}/reassign, có lý do).", 409)
    invalid_level = ("invalid_level", "Không thể tạo cuộc họp có độ mật cao hơn mức được phép của bạn.", 422)
    next_meeting_not_later = ("invalid_meeting", "Ngày họp kỳ sau phải sau ngày họp.", 422)
    previous_meeting_not_earlier = ("invalid_meeting", "Cuộc họp trước phải diễn ra trước ngày họp.", 422)
    attachment_empty_or_large = ("invalid_attachment", "Tệp đính kèm “{filename}” rỗng hoặc quá lớn.", 422)
    attachment_not_base64 = ("invalid_attachment", "Tệp đính kèm “{filename}” không đúng mã base64.", 422)
    invalid_unit = ("invalid_unit", "Tên đơn vị không hợp lệ.", 422)
    unit_exists = ("unit_exists", "Tên “{name}” đã có trong danh mục (đơn vị “{existing}”); mỗi tên chỉ dùng cho "
                   "một đơn vị.", 409)
    units_not_in_directory = ("unit_not_in_directory", "“{names}” chưa có trong danh mục đơn vị. Chọn tên trong danh sách "
                              "gợi ý, hoặc đánh dấu “Thêm đơn vị mới vào danh mục” rồi lưu lại.", 422)
    collective_unit = ("collective_unit", "“{name}” là tên chung, không phải một đơn vị: sửa thành đơn vị cụ thể (hoặc "
                       "tách nhiệm vụ cho từng đơn vị) rồi xác nhận.", 422)
    collective_unit_name = ("collective_unit_name", "“{name}” là tên chung của nhiều đơn vị, không phải một đơn vị: "
                                                    "thêm từng đơn vị cụ thể.", 422)
    alias_taken = ("alias_taken", "Tên “{name}” đang dùng cho đơn vị “{existing}”; mỗi tên chỉ dùng cho một đơn vị.",
                   409)
    merge_same_unit = ("merge_same_unit", "Chọn một đơn vị khác để gộp vào: không gộp một đơn vị vào chính nó.", 422)
    alias_not_found = ("alias_not_found", "Không tìm thấy tên này trong các tên khác của đơn vị.", 404)
    unit_file_unreadable = ("unit_file_unreadable", "Không đọc được tệp “{filename}”: hãy tải lên tệp Excel (.xlsx) "
                                                    "hoặc CSV.", 422)
    unit_file_not_utf8 = ("unit_file_not_utf8", "Tệp “{filename}” không phải CSV mã UTF-8: trong Excel chọn Lưu "
                                                  "thành “CSV UTF-8”, hoặc tải lên chính tệp .xlsx.", 422)
    unit_file_too_large = ("unit_file_too_large", "Tệp “{filename}” vượt quá {limit} MB.", 413)
    unit_file_unpacked_too_large = ("unit_file_unpacked_too_large", "Tệp “{filename}” khi giải nén vượt quá {limit} MB "
                                    "— không phải một danh mục đơn vị; hãy lưu lại danh mục thành tệp Excel mới hoặc "
                                    "CSV.", 413)
    unit_file_no_header = ("unit_file_no_header", "Tệp không có dòng tiêu đề với cột “Tên đơn vị” (các cột khác, không "
                                                  "bắt buộc: “Tên khác”, “Thư điện tử”, “Sáp nhập vào”).", 422)
    unit_file_empty = ("unit_file_empty", "Tệp không có dòng đơn vị nào dưới dòng tiêu đề.", 422)
    unit_file_too_many_rows = ("unit_file_too_many_rows", "Tệp có hơn {limit} đơn vị: chia thành nhiều tệp, mỗi tệp "
                                                          "tối đa {limit} đơn vị.", 422)
    unit_sheet_too_many_rows = ("unit_sheet_too_many_rows", "Trang tính có hơn {limit} dòng (kể cả dòng trống đã định "
                                "dạng): xóa các dòng trống ở cuối trang tính hoặc lưu thành CSV rồi tải lên lại.", 422)
    unit_file_changed = ("unit_file_changed", "Danh mục đơn vị đã thay đổi sau khi xem trước nên chưa nạp dòng nào: "
                         "hãy tải tệp lên để xem trước lại.", 409)
    unit_file_has_errors = ("unit_file_has_errors", "Tệp có {count} dòng lỗi nên chưa nạp dòng nào: sửa các dòng lỗi "
                                                    "trong tệp rồi tải lên lại.", 422)
