"""Văn thư of a district: "the unit list shows 'Phòng Tài chính' and 'Kế hoạch' — it is one office, 'Phòng Tài chính
- Kế hoạch'". A hyphen between two fields of a department's name does not cut a recipient in two; a dash between two
recipients written on one line still does (invented wording)."""
from __future__ import annotations

from services.ingest.understanding import understand
from services.ingest.understanding.metadata import _split_items


def test_a_joint_department_name_is_one_recipient() -> None:
    info = understand("\n".join([
        "ỦY BAN NHÂN DÂN", "HUYỆN ĐỒI THÔNG", "Số: 23/TB-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Đồi Thông, ngày 04 tháng 3 năm 2027", "THÔNG BÁO", "Kết luận của Chủ tịch UBND huyện về chợ phiên", "",
        "1. Phòng Kinh tế - Hạ tầng rà soát mặt bằng chợ phiên.", "",
        "Nơi nhận:", "- Phòng Tài chính - Kế hoạch;", "- Phòng Văn hóa - Thông tin;",
        "- Phòng Lao động - Thương binh và Xã hội;", "- Sở Lao động - Thương binh và Xã hội;", "- Lưu: VT.",
        "CHỦ TỊCH", "Hà Văn Lâm"]))
    assert info.recipients == ["Phòng Tài chính - Kế hoạch", "Phòng Văn hóa - Thông tin",
                               "Phòng Lao động - Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"]


def test_a_dash_between_recipients_on_one_line_still_separates_them() -> None:
    assert _split_items("- Sở Tài chính - Sở Xây dựng") == ["Sở Tài chính", "Sở Xây dựng"]
    assert _split_items("- Phòng Nội vụ - Đ/c Chủ tịch") == ["Phòng Nội vụ", "Đ/c Chủ tịch"]
    assert _split_items("- UBND các xã - Phòng Tài chính - Kế hoạch - Lưu VT") == [
        "UBND các xã", "Phòng Tài chính - Kế hoạch"]
    assert _split_items("- Ban Kinh tế - Ngân sách HĐND huyện - Văn phòng UBND huyện") == [
        "Ban Kinh tế - Ngân sách HĐND huyện", "Văn phòng UBND huyện"]
    assert _split_items("Trung tâm Văn hóa – Thể thao huyện") == ["Trung tâm Văn hóa – Thể thao huyện"]
