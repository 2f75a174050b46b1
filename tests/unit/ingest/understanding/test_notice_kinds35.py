"""Session rules35 (issue 11): conclusion notices read whole, by kind — leads and duties a clerk reads differently
from what the rules read on the notices of corpus-2025 and directives-notices-train; each rule in invented wording."""
from __future__ import annotations

from services.ingest.understanding import understand
from services.ingest.understanding.tasks import extract_tasks

_HEAD = ("ỦY BAN NHÂN DÂN\nHUYỆN KIM SƠN\n\nTHÔNG BÁO\nKết luận của Chủ tịch UBND huyện tại cuộc họp giao ban "
         "về công tác đền ơn đáp nghĩa\n\n")


def _duties(text: str) -> list[tuple[str, str]]:
    return [(t.lead, t.action) for t in extract_tasks(text)]


def test_what_an_adviser_will_propose_gives_its_authority_no_duty() -> None:
    # "…, tham mưu đề nghị UBND huyện khen thưởng": the office proposes the reward; the district is not told to give it
    doc = understand(_HEAD + "3. Đối với các cơ quan của huyện\n\n- Phòng Nội vụ: Tổng hợp kết quả của các xã, "
                             "tham mưu đề nghị UBND huyện khen thưởng kịp thời các tập thể, cá nhân.\n")
    assert [(t.lead, t.action) for t in doc.tasks] == [
        ("Phòng Nội vụ", "Tổng hợp kết quả của các xã, tham mưu đề nghị UBND huyện khen thưởng kịp thời các tập thể, "
                         "cá nhân")]


def test_an_adviser_with_a_comma_before_the_proposal() -> None:
    assert [t.lead for t in extract_tasks("- Ban Chỉ huy quân sự huyện tổng hợp kết quả, tham mưu, đề nghị Chủ tịch "
                                          "UBND huyện biểu dương các xã làm tốt.")] == ["Ban Chỉ huy quân sự huyện"]


def test_a_plain_request_to_the_district_is_still_its_duty() -> None:
    # without "tham mưu" before it, "đề nghị UBND huyện …" asks the district itself
    assert [t.lead for t in extract_tasks("Sở Lao động đề nghị UBND huyện Kim Sơn khen thưởng kịp thời các tập thể "
                                          "có thành tích.")] == ["UBND huyện Kim Sơn"]


def test_a_basis_ending_with_the_bodies_it_belongs_to_is_one_basis() -> None:
    # "căn cứ kế hoạch cải cách hành chính của cơ quan, đơn vị, địa phương mình, <duty>": the commas list the kinds of
    # body the plan belongs to; the duty after them is one task (it was cut into two, the first a scrap of the title)
    assert _duties("a) Các phòng, ban và UBND các xã căn cứ kế hoạch cải cách hành chính hằng năm của cơ quan, đơn vị, "
                   "địa phương mình, hằng quý có trách nhiệm rà soát, báo cáo kết quả về Phòng Nội vụ.") == [
        ("Các phòng, ban và UBND các xã", "hằng quý có trách nhiệm rà soát, báo cáo kết quả về Phòng Nội vụ")]
    assert _duties("b) Các trường căn cứ kế hoạch chuyển đổi số của ngành, đơn vị mình, xây dựng kế hoạch kiểm tra "
                   "nội bộ.") == [("Các trường", "xây dựng kế hoạch kiểm tra nội bộ")]


def test_a_basis_without_a_list_of_bodies_is_read_as_before() -> None:
    assert _duties("UBND các xã căn cứ tình hình thực tế tại địa phương xây dựng kế hoạch phòng chống lụt bão.") == [
        ("UBND các xã", "xây dựng kế hoạch phòng chống lụt bão")]


def test_the_owners_of_the_projects_named_with_them_in_a_joint_lead() -> None:
    # a Government Office notice's lettered item: ministries, localities and "cơ quan chủ quản các dự án đang …"
    # together, then the duty — no task came from it (the owner's name stopped before "các dự án")
    assert _duties("a) Bộ Giao thông, các địa phương, cơ quan chủ quản các dự án đang thi công tiếp tục chỉ đạo các "
                   "nhà thầu tăng ca, bảo đảm tiến độ.") == [
        ("Bộ Giao thông, các địa phương, cơ quan chủ quản các dự án đang thi công",
         "tiếp tục chỉ đạo các nhà thầu tăng ca, bảo đảm tiến độ")]
    # the name ends before the adverb that opens the duty when no clause describes the projects
    assert [t.lead for t in extract_tasks("b) Các chủ đầu tư, cơ quan chủ quản các công trình khẩn trương rà soát hồ "
                                          "sơ quyết toán.")] == ["Các chủ đầu tư, cơ quan chủ quản các công trình"]


def test_a_members_catch_all_other_duties_is_no_task() -> None:
    # a notice assigning a board's members: "thực hiện các nhiệm vụ khác khi được Trưởng ban phân công" closes each
    # member's list — nothing a clerk follows up; the member's real duty before it stays
    assert _duties("- Đồng chí Phó Trưởng phòng Tư pháp - Phó Trưởng tiểu ban: Chỉ đạo công tác tuyên truyền; thực "
                   "hiện các nhiệm vụ khác khi được Trưởng ban phân công.") == [
        ("Đồng chí Phó Trưởng phòng Tư pháp - Phó Trưởng tiểu ban", "Chỉ đạo công tác tuyên truyền")]


def test_other_duties_of_a_programme_named_stay_a_task() -> None:
    # not a catch-all: the duties are those of a programme the text names
    assert _duties("- Sở Y tế thực hiện các nhiệm vụ khác thuộc Chương trình theo kế hoạch.") == [
        ("Sở Y tế", "thực hiện các nhiệm vụ khác thuộc Chương trình theo kế hoạch")]
