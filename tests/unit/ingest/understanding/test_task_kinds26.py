"""Duty boundaries in a semicolon series (session rules26, issue 11): a duty of the series that opens with what to do
in words the verb list did not know (visits and gifts, opening works, a prohibition said with "tuyệt đối không") is its
own task with the same lead; a list of objects after ";" stays one duty. Invented wording only, never a labelled line."""
from __future__ import annotations

import pytest

from services.ingest.understanding.tasks import extract_tasks


def _tasks(text: str) -> list[tuple[str, str]]:
    return [(t.lead, t.action) for t in extract_tasks(text, "2025-03-10")]


@pytest.mark.parametrize("second", [
    "thăm, tặng quà các gia đình chính sách trên địa bàn",
    "tặng quà cho hộ nghèo và trẻ em mồ côi dịp Tết",
    "khánh thành nhà văn hóa thôn Đông trước ngày 15/4",
    "khởi công cầu dân sinh qua suối Nậm Mu",
    "phục vụ nhân dân đi lại an toàn trong mùa mưa",
    "chọn lựa mô hình sản xuất phù hợp để nhân rộng",
    "tuyệt đối không lơ là, chủ quan với dịch bệnh",
    "có cơ chế khuyến khích cán bộ tham gia học tập",
])
def test_a_duty_of_a_semicolon_series_opening_with_a_less_common_verb(second: str) -> None:
    text = f"Giao Ủy ban nhân dân huyện tổ chức lễ mít tinh kỷ niệm ngày giải phóng quê hương; {second}."
    got = _tasks(text)
    assert [lead for lead, _ in got] == ["Ủy ban nhân dân huyện", "Ủy ban nhân dân huyện"]
    assert got[0][1] == "tổ chức lễ mít tinh kỷ niệm ngày giải phóng quê hương"
    assert got[1][1].startswith(second.split(" trước ")[0][:20])


def test_a_list_of_objects_after_a_semicolon_stays_one_duty() -> None:
    text = ("Giao Sở Công Thương tăng cường kiểm tra thị trường đối với xăng dầu, khí đốt; phân bón, thức ăn chăn nuôi; "
            "hàng tiêu dùng thiết yếu dịp cuối năm.")
    got = _tasks(text)
    assert len(got) == 1
    assert got[0][0] == "Sở Công Thương"


def test_a_service_centre_keeps_its_name() -> None:
    # "Phục vụ" inside a unit's name is no duty opening: the name is whole and the duty one
    text = "Giao Trung tâm Phục vụ hành chính công tỉnh niêm yết công khai thủ tục hành chính; cập nhật kết quả giải quyết."
    got = _tasks(text)
    assert [lead for lead, _ in got] == ["Trung tâm Phục vụ hành chính công tỉnh", "Trung tâm Phục vụ hành chính công tỉnh"]


# -- a sentence that ends in a term's Roman numeral, an acronym joined by "&" or a year with no space after its stop,
# then the same unit's next duty ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "first", "second"), [
    ("1. Các cấp ủy đảng tiếp tục quán triệt Nghị quyết Đại hội Đảng bộ tỉnh khóa XVI. Quan tâm kiện toàn tổ chức cơ sở "
     "đảng ở thôn, bản.", "Nghị quyết Đại hội Đảng bộ tỉnh khóa XVI", "Quan tâm kiện toàn"),
    ("2. Trung tâm Văn hóa huyện tổ chức tuyên truyền chào mừng Đại hội Phụ nữ huyện lần thứ XV. Mở chuyên mục trên "
     "Đài truyền thanh để tuyên truyền gương điển hình.", "Phụ nữ huyện lần thứ XV", "Mở chuyên mục"),
    ("3. Công an huyện chủ động giữ gìn an ninh trật tự, ATGT&TTĐT. Chỉ đạo các đội nghiệp vụ tăng cường tuần tra ban "
     "đêm.", "an ninh trật tự, ATGT&TTĐT", "Chỉ đạo các đội"),
    ("4. Các phòng, ban chuyên môn hoàn thành các chỉ tiêu kế hoạch năm 2026.Tuyệt đối không để xảy ra tình trạng chậm "
     "giải ngân vốn đầu tư công.", "chỉ tiêu kế hoạch", "Tuyệt đối không để"),
])
def test_a_sentence_ending_in_a_numeral_or_acronym_ends_the_duty(text: str, first: str, second: str) -> None:
    got = _tasks(text)
    assert len(got) == 2
    assert got[0][0] == got[1][0]
    assert got[0][1].endswith(first)
    assert got[1][1].startswith(second)


@pytest.mark.parametrize("text", [
    # a Roman numeral heading after a sentence is a heading, not a term's number: nothing of it joins the duty before
    "Sở Tài chính tổng hợp dự toán ngân sách năm 2027. II. TỔ CHỨC THỰC HIỆN",
    # a decimal in a figure is no sentence end
    "Sở Công Thương bảo đảm tỷ lệ hao hụt dưới 2026.5 tấn mỗi tháng.",
])
def test_no_new_sentence_inside_a_heading_number_or_figure(text: str) -> None:
    got = _tasks(text)
    assert len(got) == 1
