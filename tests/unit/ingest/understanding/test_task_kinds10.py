"""extract_tasks: kinds of miss inside sentences where a rule already fires (issue 11, session 10: duty splitting and
which unit leads), each tested on invented variants, never on a line of the labelled data."""
from __future__ import annotations

import pytest

from services.ingest.understanding.task_units import match_units
from services.ingest.understanding.tasks import extract_tasks


def _pairs(text: str, issued: str | None = "2025-03-10") -> list[tuple[str, str]]:
    return [(t.lead, t.action) for t in extract_tasks(text, issued)]


# -- the local bodies in the plural: "UBND các địa phương", "Công an các địa phương" -------------------------------

@pytest.mark.parametrize(("text", "name"), [
    ("UBND các địa phương tổng hợp kết quả", "UBND các địa phương"),
    ("Chủ tịch Ủy ban nhân dân các địa phương chỉ đạo rà soát", "Chủ tịch Ủy ban nhân dân các địa phương"),
    ("Công an các địa phương tăng cường tuần tra", "Công an các địa phương"),
    ("Sở Y tế các địa phương bố trí đủ thuốc", "Sở Y tế các địa phương"),
])
def test_local_bodies_in_the_plural_are_one_name(text: str, name: str) -> None:
    um = match_units(text, 0)
    assert um.ok and text[um.start:um.end] == name


def test_a_follow_on_sentence_with_its_own_plural_local_subject_leads_itself() -> None:
    text = ("UBND tỉnh yêu cầu Sở Nội vụ và Chủ tịch UBND các địa phương hoàn thành việc rà soát biên chế. "
            "Đồng thời, UBND các địa phương gửi danh sách về Sở Nội vụ.")
    assert _pairs(text) == [
        ("Sở Nội vụ và Chủ tịch UBND các địa phương", "hoàn thành việc rà soát biên chế"),
        ("UBND các địa phương", "gửi danh sách về Sở Nội vụ"),
    ]


# -- a dash after a full stop inside a paragraph opens the next item of the same unit --------------------------------

@pytest.mark.parametrize("dash", ["-", "–", "+"])
def test_an_inline_dash_after_a_full_stop_is_a_new_duty(dash: str) -> None:
    text = (f"Sở Giáo dục và Đào tạo chỉ đạo các trường kiểm tra bếp ăn bán trú. {dash} Tuyên truyền cho học sinh "
            "rửa tay trước khi ăn. Sở Công Thương kiểm tra các chợ đầu mối.")
    assert _pairs(text) == [
        ("Sở Giáo dục và Đào tạo", "chỉ đạo các trường kiểm tra bếp ăn bán trú"),
        ("Sở Giáo dục và Đào tạo", "Tuyên truyền cho học sinh rửa tay trước khi ăn"),
        ("Sở Công Thương", "kiểm tra các chợ đầu mối"),
    ]


def test_a_dash_inside_a_sentence_is_not_a_cut() -> None:
    leads = [lead for lead, _ in _pairs("Giao Sở Xây dựng kiểm tra tuyến đường Vinh - Cửa Lò trong tháng 4/2025.")]
    assert leads == ["Sở Xây dựng"]


# -- "Riêng X …" / "Còn X …": the unit set apart goes straight on to its duty --------------------------------------

@pytest.mark.parametrize(("text", "lead", "action"), [
    ("Riêng UBND huyện Mường Lát khẩn trương hoàn thiện hồ sơ quy hoạch.", "UBND huyện Mường Lát",
     "khẩn trương hoàn thiện hồ sơ quy hoạch"),
    ("Còn Sở Tài chính bố trí kinh phí cho các hoạt động trên.", "Sở Tài chính", "bố trí kinh phí cho các hoạt động trên"),
    ("Riêng các trường vùng cao tổ chức đón học sinh sớm hơn một tuần.", "các trường vùng cao",
     "tổ chức đón học sinh sớm hơn một tuần"),
])
def test_a_unit_set_apart_leads_its_duty(text: str, lead: str, action: str) -> None:
    assert _pairs(text) == [(lead, action)]


def test_a_unit_set_apart_after_a_series_keeps_its_own_duties() -> None:
    text = ("UBND tỉnh yêu cầu UBND các huyện lập hồ sơ đất đai; gửi hồ sơ về Sở Tài nguyên và Môi trường trước ngày "
            "20/3/2025. Riêng UBND huyện Kỳ Sơn hoàn thiện hồ sơ; gửi về Sở trước ngày 25/3/2025.")
    got = [(t.lead, t.deadline) for t in extract_tasks(text, "2025-03-10")]
    assert got == [("UBND các huyện", None), ("UBND các huyện", "2025-03-20"),
                   ("UBND huyện Kỳ Sơn", None), ("UBND huyện Kỳ Sơn", "2025-03-25")]
