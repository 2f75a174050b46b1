"""Support (phối hợp) units by kind (issue 11, support on unseen text): each kind tested on invented wording, never on
a line of the labelled data."""
from __future__ import annotations

import pytest

from services.ingest.understanding.tasks import extract_tasks


def _tasks(text: str) -> list[tuple[str, list[str]]]:
    return [(t.lead, t.support) for t in extract_tasks(text, "2025-03-10")]


# -- "với sự phối hợp của …" after the duty names its support --------------------------------------------------------

@pytest.mark.parametrize("how", ["với sự phối hợp của", "có sự phối hợp của", "với sự tham gia của"])
def test_the_help_named_after_the_duty_is_support(how: str) -> None:
    text = f"Giao Sở Công Thương tổ chức kiểm tra thị trường xăng dầu {how} Cục Quản lý thị trường và Công an tỉnh."
    assert _tasks(text) == [("Sở Công Thương", ["Cục Quản lý thị trường", "Công an tỉnh"])]


# -- "…; Sở B và Công an tỉnh có trách nhiệm phối hợp." after a duty supports it --------------------------------------

@pytest.mark.parametrize("tail", ["có trách nhiệm phối hợp", "cùng phối hợp thực hiện", "phối hợp triển khai"])
def test_units_that_only_cooperate_after_a_semicolon_support_the_duty(tail: str) -> None:
    text = f"Giao Sở Xây dựng rà soát các công trình xuống cấp; Sở Tài chính và UBND các huyện {tail}."
    assert _tasks(text) == [("Sở Xây dựng", ["Sở Tài chính", "UBND các huyện"])]


# -- "các Sở Tài chính, Xây dựng": a factored list without its colon, head capitalised ------------------------------

@pytest.mark.parametrize(("names", "units"), [
    ("các Sở Tài chính, Xây dựng", ["Sở Tài chính", "Sở Xây dựng"]),
    ("các Sở Công Thương, Tài chính, Y tế", ["Sở Công Thương", "Sở Tài chính", "Sở Y tế"]),
])
def test_a_capitalised_factored_list_without_colon_is_expanded(names: str, units: list[str]) -> None:
    text = f"Giao Sở Nội vụ chủ trì, phối hợp với {names} rà soát biên chế các đơn vị sự nghiệp."
    assert _tasks(text) == [("Sở Nội vụ", units)]


def test_a_department_followed_by_another_kind_of_unit_is_not_factored() -> None:
    text = "Giao Sở Nội vụ chủ trì, phối hợp với các Sở Tài chính, Kho bạc Nhà nước tỉnh rà soát biên chế."
    assert _tasks(text)[0][1][-1] == "Kho bạc Nhà nước tỉnh"
    assert "Sở Kho bạc Nhà nước tỉnh" not in _tasks(text)[0][1]


# -- the support named in a lead-in holds for the items under it that name none of their own ------------------------

def test_the_support_of_a_lead_in_holds_for_its_items() -> None:
    text = ("UBND tỉnh giao Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Tài chính và UBND các huyện thực hiện các "
            "nội dung sau:\n"
            "Rà soát mạng lưới trường lớp mầm non trên địa bàn tỉnh.\n"
            "Đề xuất phương án bố trí giáo viên cho các điểm trường lẻ, phối hợp với Sở Nội vụ thẩm định.")
    got = _tasks(text)
    assert ("Sở Giáo dục và Đào tạo", ["Sở Tài chính", "UBND các huyện"]) in got
    assert ("Sở Giáo dục và Đào tạo", ["Sở Nội vụ"]) in got  # an item naming its own support keeps only its own


# -- "phối hợp" inside what was taken for the lead: the lead ends there, the units after it support -----------------

@pytest.mark.parametrize("word", ["Phối hợp", "phối hợp với", "Phối hợp cùng"])
def test_cooperation_words_end_the_lead(word: str) -> None:
    text = ("Thời gian tổ chức 02 ngày. IV. TỔ CHỨC THỰC HIỆN 1. Báo Hòa Bình, Đài Phát thanh – Truyền hình Hòa Bình "
            + word + " Sở Văn hóa, Thể thao và Du lịch và các cơ quan liên quan xây dựng chuyên mục tuyên truyền về "
            "lễ hội.")
    got = extract_tasks(text, "2025-03-10")
    assert got and "hối hợp" not in got[0].lead
    assert "Sở Văn hóa, Thể thao và Du lịch" in got[0].support


def test_a_body_named_for_cooperation_keeps_its_name() -> None:
    text = "Giao Tổ phối hợp liên ngành tỉnh kiểm tra việc chấp hành quy định về an toàn thực phẩm."
    assert [t.lead for t in extract_tasks(text, "2025-03-10")] == ["Tổ phối hợp liên ngành tỉnh"]
