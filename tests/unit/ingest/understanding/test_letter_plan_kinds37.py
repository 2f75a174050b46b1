"""Session rules37 (issue 11): leaders' letters and plans read whole, by kind — the forms of directives-whole9-train's
whole documents that the rules read differently from a clerk; each rule in invented wording."""
from __future__ import annotations

from services.ingest.understanding.tasks import extract_tasks


def _duties(text: str) -> list[tuple[str, str]]:
    return [(t.lead, t.action) for t in extract_tasks(text)]


def test_an_umbrella_request_to_bodies_of_two_kinds_gives_its_subjectless_items_to_them() -> None:
    # "đề nghị Ban Chỉ huy … các huyện; các sở, ngành trong tỉnh triển khai các nội dung sau:" then items: an item that
    # names no unit is the duty of the bodies asked (the semicolon and "trong tỉnh" had hidden the lead-in)
    text = ("Để chủ động phòng, chống lụt bão, Văn phòng Ban Chỉ huy tỉnh đề nghị Ban Chỉ huy phòng thủ dân sự các "
            "huyện, thị xã; các sở, ngành trong tỉnh triển khai các nội dung sau:\n"
            "1. Thường xuyên kiểm tra hệ thống đê điều, hồ đập trên địa bàn.\n"
            "2. Sở Xây dựng rà soát các công trình đang thi công dở dang.\n")
    assert _duties(text) == [
        ("Ban Chỉ huy phòng thủ dân sự các huyện, thị xã; các sở, ngành",
         "Thường xuyên kiểm tra hệ thống đê điều, hồ đập trên địa bàn"),
        ("Sở Xây dựng", "rà soát các công trình đang thi công dở dang")]


def test_the_localities_among_an_umbrella_of_two_kinds_stay_the_localities() -> None:
    # "2. Các địa phương chỉ đạo …" under a lead-in to districts and departments: the localities, not the departments
    text = ("Sở Nông nghiệp đề nghị UBND các huyện, thị xã; các sở, ngành trong tỉnh thực hiện các nội dung sau:\n"
            "1. Theo dõi chặt chẽ diễn biến mưa lũ trên địa bàn.\n"
            "2. Các địa phương chỉ đạo nhân dân thu hoạch lúa chín trước khi mưa lớn.\n")
    assert [lead for lead, _ in _duties(text)] == ["UBND các huyện, thị xã; các sở, ngành", "Các địa phương"]


def test_a_lead_in_that_says_triển_khai_thực_hiện_các_nội_dung_hoạt_động_sau_đây() -> None:
    text = ("Thực hiện Công văn số 45/SGD ngày 3/1/2024, Hiệu trưởng yêu cầu Thủ trưởng các đơn vị triển khai thực hiện "
            "các nội dung hoạt động sau đây:\n"
            "1. Tổ chức các hoạt động chào mừng ngày thành lập Đảng cho viên chức.\n"
            "2. Phòng Quản trị chuẩn bị hội trường và khuôn viên.\n")
    assert _duties(text) == [
        ("Thủ trưởng các đơn vị", "Tổ chức các hoạt động chào mừng ngày thành lập Đảng cho viên chức"),
        ("Phòng Quản trị", "chuẩn bị hội trường và khuôn viên")]


def test_the_heads_of_a_schools_units_are_a_lead() -> None:
    # "Nhà trường yêu cầu Trưởng các đơn vị trong toàn trường …": the heads of the units, where they are kept with them
    assert _duties("Nhà trường yêu cầu Trưởng các đơn vị trong toàn trường tổ chức lấy ý kiến viên chức và gửi về "
                   "Phòng Tổ chức đúng hạn.") == [
        ("Trưởng các đơn vị trong toàn trường", "tổ chức lấy ý kiến viên chức và gửi về Phòng Tổ chức đúng hạn")]
    assert [t.lead for t in extract_tasks("Giám đốc Sở yêu cầu Thủ trưởng các đơn vị trong toàn ngành tổ chức kiểm "
                                          "tra an toàn phòng cháy.")] == ["Thủ trưởng các đơn vị trong toàn ngành"]


def test_a_head_of_office_is_not_read_as_heads_of_units() -> None:
    # "Trưởng" alone before a single named unit or a person stays what it was
    assert [t.lead for t in extract_tasks("Trưởng phòng Nội vụ tổng hợp danh sách cán bộ.")] == ["Trưởng phòng Nội vụ"]
    assert extract_tasks("Trưởng các hộ gia đình được mời dự họp.") == []


def test_dự_trù_is_a_duty_verb_not_part_of_a_partners_name() -> None:
    # "Phối hợp Văn phòng Sở và Phòng Kế hoạch - Tài chính dự trù kinh phí": the partner's name ends before the verb
    tasks = extract_tasks("1. Phòng Tổ chức cán bộ\nPhối hợp Văn phòng Sở và Phòng Kế hoạch - Tài chính dự trù kinh phí "
                          "tổ chức hội nghị.\n")
    assert [(t.lead, t.support, t.action) for t in tasks] == [
        ("Phòng Tổ chức cán bộ", ["Văn phòng Sở", "Phòng Kế hoạch - Tài chính"], "dự trù kinh phí tổ chức hội nghị")]


def test_the_lunar_years_name_with_its_year_names_the_festival_not_a_limit() -> None:
    # "vui Tết, đón Xuân Bính Ngọ năm 2026": the spring being welcomed, not a year-end limit
    assert [(t.deadline, t.deadline_text) for t in extract_tasks(
        "Các phòng, ban tổ chức cho viên chức vui Tết, đón Xuân Bính Ngọ năm 2026.")] == [(None, None)]
    # a limit before the festival keeps its phrase; a plain year after the work still times it
    assert [t.deadline_text for t in extract_tasks(
        "Phòng Tài chính chi trả tiền thưởng cho viên chức trước Tết Bính Ngọ năm 2026.")] == ["trước Tết Bính Ngọ năm 2026"]
    assert [t.deadline for t in extract_tasks(
        "Sở Công Thương bảo đảm cung ứng hàng hóa phục vụ Tết Nguyên đán năm 2026.")] == ["2026-12-31"]
