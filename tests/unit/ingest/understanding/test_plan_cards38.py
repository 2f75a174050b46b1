"""Session rules38 (issue 11): a plan's task cards ("1. <duty>" then "- Nội dung:", "- Cơ quan thực hiện: Sở X chủ trì,
phối hợp với …", "- Thời gian thực hiện: …"), each rule in invented wording."""
from __future__ import annotations

from services.ingest.understanding.tasks import extract_tasks


def _cards(text: str) -> list[tuple[str, list[str], str, str | None]]:
    return [(t.lead, t.support, t.action, t.deadline) for t in extract_tasks(text, "2026-01-10")]


_HEAD = "KẾ HOẠCH\nPhát triển du lịch cộng đồng năm 2026\n\nII. NHIỆM VỤ\n\n"


def test_a_card_whose_content_describes_the_thing_its_title_builds_keeps_the_title_as_the_duty() -> None:
    # "3. Xây dựng bản đồ số …" then "- Nội dung: Bản đồ số … hiển thị …": the content says what the map shows; the
    # duty the unit carries is the title's
    text = _HEAD + ("3. Xây dựng bản đồ số các điểm du lịch cộng đồng\n\n"
                    "- Nội dung: Bản đồ số các điểm du lịch cộng đồng hiển thị vị trí, dịch vụ và giá vé của từng "
                    "điểm.\n\n"
                    "- Cơ quan thực hiện: Sở Văn hóa và Du lịch chủ trì, phối hợp với Sở Khoa học và Công nghệ.\n\n"
                    "- Thời gian thực hiện: Quý III năm 2026.\n")
    assert _cards(text) == [("Sở Văn hóa và Du lịch", ["Sở Khoa học và Công nghệ"],
                             "Xây dựng bản đồ số các điểm du lịch cộng đồng", "2026-09-30")]


def test_a_card_whose_content_lists_what_a_document_includes_keeps_the_documents_title() -> None:
    # "- Quy chế quản lý …" then "+ Nội dung: bao gồm …": the parts of the document, not a duty
    text = _HEAD + ("4. Ban hành văn bản\n\n"
                    "- Quy chế quản lý homestay trên địa bàn tỉnh\n\n"
                    "+ Nội dung: bao gồm tiêu chuẩn phòng nghỉ và trách nhiệm của chủ hộ.\n\n"
                    "+ Đơn vị chủ trì: Sở Văn hóa và Du lịch.\n\n"
                    "+ Đơn vị phối hợp: Công an tỉnh.\n\n"
                    "+ Thời gian: trước ngày 30 tháng 6 năm 2026.\n")
    assert _cards(text) == [("Sở Văn hóa và Du lịch", ["Công an tỉnh"],
                             "Quy chế quản lý homestay trên địa bàn tỉnh", "2026-06-30")]


def test_a_card_whose_content_is_the_duty_keeps_the_content() -> None:
    # "a) Hoạt động 1" then "- Nội dung: Tổ chức …": the title only counts the cards; the content is the duty
    text = _HEAD + ("a) Hoạt động 1\n\n"
                    "- Nội dung: Tổ chức lớp tập huấn cho các hộ làm du lịch cộng đồng.\n\n"
                    "- Cơ quan thực hiện: Sở Văn hóa và Du lịch chủ trì, phối hợp với Ủy ban nhân dân các xã.\n\n"
                    "- Thời gian thực hiện: tháng 5 năm 2026.\n")
    assert _cards(text) == [("Sở Văn hóa và Du lịch", ["Ủy ban nhân dân các xã"],
                             "Tổ chức lớp tập huấn cho các hộ làm du lịch cộng đồng", "2026-05-31")]


def test_a_card_for_a_decree_whose_content_says_what_it_regulates_keeps_the_decree_as_the_duty() -> None:
    # "- Nghị định quy định …" then "+ Nội dung: quy định chi tiết …": what the decree will regulate, not a duty of
    # the drafting body; the card's title names the document to draft
    text = _HEAD + ("5. Xây dựng văn bản quy phạm pháp luật\n\n"
                    "- Quyết định quy định mức hỗ trợ hộ làm du lịch cộng đồng\n\n"
                    "+ Nội dung: quy định chi tiết mức hỗ trợ và hồ sơ đề nghị hỗ trợ.\n\n"
                    "+ Cơ quan chủ trì: Sở Tài chính.\n\n"
                    "+ Cơ quan phối hợp: Sở Văn hóa và Du lịch.\n\n"
                    "+ Thời hạn ban hành: trước ngày 31 tháng 3 năm 2026.\n")
    assert _cards(text) == [("Sở Tài chính", ["Sở Văn hóa và Du lịch"],
                             "Quyết định quy định mức hỗ trợ hộ làm du lịch cộng đồng", "2026-03-31")]
