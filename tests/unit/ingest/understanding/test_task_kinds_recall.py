"""extract_tasks: kinds of sentence whose lead was missed on unseen passages (issue 11, lead recall), each tested on
several invented variants, never on a line of the labelled data."""
from __future__ import annotations

import pytest

from services.ingest.understanding.task_units import match_units
from services.ingest.understanding.tasks import extract_tasks


def _leads(text: str, issued: str | None = "2025-03-10") -> list[str]:
    return [t.lead for t in extract_tasks(text, issued)]


# -- a report that a body's head or leaders instructed the units under it: those units lead ------------------------

@pytest.mark.parametrize(("text", "lead"), [
    ("Giám đốc Công an tỉnh đã chỉ đạo Công an các huyện tập trung lực lượng tuần tra trên các tuyến đường.",
     "Công an các huyện"),
    ("Lãnh đạo Sở Công Thương cũng chỉ đạo các phòng chuyên môn tăng cường kiểm tra thị trường.",
     "các phòng chuyên môn"),
    ("Ban Giám đốc Công an tỉnh đã chỉ đạo các đơn vị nghiệp vụ bố trí lực lượng trực trong dịp Tết.",
     "các đơn vị nghiệp vụ"),
    ("Cục trưởng Cục Hải quan đã chỉ đạo Chi cục Hải quan cửa khẩu Lao Bảo tăng cường kiểm soát hàng hóa.",
     "Chi cục Hải quan cửa khẩu Lao Bảo"),
])
def test_a_reported_instruction_of_a_head_gives_the_units_under_it(text: str, lead: str) -> None:
    assert _leads(text) == [lead]


def test_a_head_assigned_to_instruct_keeps_the_duty() -> None:
    # in a directive, "Giám đốc Sở X chỉ đạo Trung tâm Y …" is the director's own duty
    assert _leads("Giám đốc Sở Y tế chỉ đạo các bệnh viện bố trí đủ giường bệnh.") == ["Giám đốc Sở Y tế"]


# -- the people addressed as "các đồng chí" stand for the body they sit in ------------------------------------------

@pytest.mark.parametrize(("text", "lead"), [
    ("UBND tỉnh đề nghị các đồng chí thành viên Ban Chỉ đạo phòng, chống dịch tỉnh tập trung kiểm tra các chốt.",
     "các đồng chí thành viên Ban Chỉ đạo phòng, chống dịch tỉnh"),
    ("Đề nghị các đồng chí cấp ủy các chi bộ tập trung tuyên truyền, vận động nhân dân gieo cấy đúng lịch.",
     "các đồng chí cấp ủy các chi bộ"),
    ("Bí thư Đảng ủy đề nghị các đồng chí trong Ban Thường vụ Đảng ủy bám sát kế hoạch để chỉ đạo thực hiện.",
     "các đồng chí trong Ban Thường vụ Đảng ủy"),
    ("Huyện ủy yêu cầu các đồng chí thành viên Tổ công tác rà soát danh sách cử tri trước ngày 20/4/2025.",
     "các đồng chí thành viên Tổ công tác"),
])
def test_comrades_named_by_the_body_they_sit_in_lead(text: str, lead: str) -> None:
    assert _leads(text) == [lead]


# -- the branches of a service named in the plural: "các Cục Hải quan", "các chi cục thuế địa phương" ---------------

@pytest.mark.parametrize(("text", "lead"), [
    ("Các Cục Hải quan tăng cường kiểm soát hàng hóa xuất nhập khẩu qua cửa khẩu.", "Các Cục Hải quan"),
    ("Song song đó, các chi cục thuế địa phương phải tiếp tục rà soát danh sách nợ đọng.",
     "các chi cục thuế địa phương"),
    ("Tổng cục yêu cầu các Chi cục Kiểm lâm khẩn trương kiểm tra các điểm nóng về cháy rừng.", "các Chi cục Kiểm lâm"),
    ("Các Cục Quản lý thị trường tỉnh, thành phố tập trung kiểm tra hàng giả dịp cuối năm.",
     "Các Cục Quản lý thị trường tỉnh, thành phố"),
])
def test_branches_of_a_service_in_the_plural_lead(text: str, lead: str) -> None:
    assert _leads(text) == [lead]


# -- a list of units whose last item is "đơn vị liên quan" without "các" -------------------------------------------

@pytest.mark.parametrize(("text", "lead"), [
    ("Sở Y tế, UBND các huyện và đơn vị liên quan tăng cường kiểm tra an toàn thực phẩm trong dịp Tết.",
     "Sở Y tế, UBND các huyện và đơn vị liên quan"),
    ("Sở Công Thương, Công an tỉnh, cơ quan có liên quan tập trung kiểm tra các cửa hàng xăng dầu.",
     "Sở Công Thương, Công an tỉnh, cơ quan có liên quan"),
    ("Ban Quản lý các khu công nghiệp và địa phương liên quan khẩn trương hoàn thành giải phóng mặt bằng.",
     "Ban Quản lý các khu công nghiệp và địa phương liên quan"),
])
def test_a_list_ending_with_the_bodies_concerned(text: str, lead: str) -> None:
    assert _leads(text) == [lead]


def test_the_bodies_concerned_alone_are_not_read_as_a_list() -> None:
    assert not match_units("đơn vị liên quan tăng cường kiểm tra.", 0).ok


# -- a letter sent to local bodies asks "các địa phương": the bodies it is sent to lead ------------------------------

@pytest.mark.parametrize(("text", "lead"), [
    ("Bộ Y tế vừa có công văn gửi UBND các tỉnh, thành phố đề nghị các địa phương chủ động giám sát tình hình dịch "
     "bệnh.", "UBND các tỉnh, thành phố"),
    ("Sở Nông nghiệp đã có văn bản gửi UBND các huyện, thị xã, yêu cầu các địa phương kiểm tra đê điều trước mùa mưa.",
     "UBND các huyện, thị xã"),
    ("Ban Chỉ huy tỉnh vừa có công điện gửi Ủy ban nhân dân các xã ven biển, yêu cầu các địa phương sơ tán dân khỏi "
     "vùng nguy hiểm.", "Ủy ban nhân dân các xã ven biển"),
])
def test_the_local_bodies_a_letter_is_sent_to_are_the_ones_asked(text: str, lead: str) -> None:
    assert _leads(text) == [lead]


def test_a_letter_to_one_body_leaves_the_local_bodies_asked() -> None:
    assert _leads("Bộ Y tế có công văn gửi Sở Y tế Hà Nội đề nghị các địa phương chủ động giám sát dịch bệnh.") == [
        "các địa phương"]


# -- "Phòng, chống" inside a capitalised name does not end it; "bám vào" is a duty's verb ---------------------------

@pytest.mark.parametrize(("text", "lead"), [
    ("Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn tỉnh tiếp tục theo dõi chặt chẽ diễn biến mưa lũ.",
     "Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn tỉnh"),
    ("Đề nghị các đồng chí thành viên Ban Chỉ đạo Phòng, chống tội phạm huyện rà soát các địa bàn trọng điểm.",
     "các đồng chí thành viên Ban Chỉ đạo Phòng, chống tội phạm huyện"),
    ("Đề nghị các đồng chí trong Ban Thường vụ Đảng ủy và các đoàn thể xã bám vào kế hoạch để triển khai bầu cử.",
     "các đồng chí trong Ban Thường vụ Đảng ủy và các đoàn thể xã"),
])
def test_a_name_with_phong_chong_and_a_duty_that_holds_to_a_plan(text: str, lead: str) -> None:
    assert _leads(text) == [lead]
