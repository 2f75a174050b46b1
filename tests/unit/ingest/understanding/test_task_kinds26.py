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
