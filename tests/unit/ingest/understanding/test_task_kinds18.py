"""Kinds of missed leads (issue 11, session 18, `rules18`): each kind tested on invented wording, never on a line of the
labelled data."""
from __future__ import annotations

from services.ingest.understanding.task_units import match_units
from services.ingest.understanding.tasks import extract_tasks


def _tasks(text: str, issued: str | None = "2026-03-02") -> list[tuple[str, str, str | None]]:
    return [(t.lead, t.action, t.deadline) for t in extract_tasks(text, issued)]


# -- a numbered item of a letter: "Đề nghị Quý <unit> <verb> …" -----------------------------------------------------------

def test_a_polite_request_to_a_named_district_gives_its_task() -> None:
    text = ("Kính gửi: UBND huyện Yên Thành.\n"
            "Sở Giao thông vận tải có ý kiến như sau:\n"
            "1. Cầu Bến Vạc đã xuống cấp.\n"
            "2. Đề nghị Quý UBND huyện Yên Thành cắm biển hạn chế tải trọng 5 tấn ở hai đầu cầu Bến Vạc, hoàn thành "
            "trước ngày 20/4/2026.\n")
    got = _tasks(text)
    assert [(lead, action.split()[:2], dl) for lead, action, dl in got] == [
        ("UBND huyện Yên Thành", ["cắm", "biển"], "2026-04-20")]


def test_the_courtesy_word_is_no_part_of_a_company_s_name() -> None:
    text = ("Kính gửi: Công ty TNHH Xây dựng Hòa Phong.\n"
            "3. Đề nghị Quý Công ty TNHH Xây dựng Hòa Phong kiểm tra lại mố cầu và báo cáo kết quả về Sở.\n")
    got = _tasks(text)
    assert [lead for lead, _, _ in got] == ["Công ty TNHH Xây dựng Hòa Phong"]
    assert got[0][1].startswith("kiểm tra lại mố cầu")


def test_quy_before_a_named_body_matches_the_body_alone() -> None:
    s = "Quý UBND huyện Yên Thành cắm biển"
    m = match_units(s, 0)
    assert m.units == ["UBND huyện Yên Thành"] and s[m.end:].strip().startswith("cắm")


def test_a_polite_request_with_a_verb_the_list_does_not_know_still_ends_the_name_at_the_place() -> None:
    text = ("Kính gửi: UBND xã Đông Hòa.\n"
            "1. Đề nghị Quý UBND xã Đông Hòa dựng rào tạm quanh hố sụt ở Km 12 đường tỉnh 534, xong trước ngày "
            "10/5/2026.\n")
    got = _tasks(text)
    assert [(lead, action.split()[0], dl) for lead, action, dl in got] == [("UBND xã Đông Hòa", "dựng", "2026-05-10")]


# -- "<unit> có các nhiệm vụ sau: …": the unit leads every duty after the colon -----------------------------------------

def test_a_unit_that_has_the_following_duties_leads_its_inline_series() -> None:
    text = "UBND tỉnh giao:\n4. Sở Công Thương có các nhiệm vụ sau: lập danh mục chợ cần cải tạo; đôn đốc các xã sửa chợ.\n"
    got = _tasks(text)
    assert [lead for lead, _, _ in got] == ["Sở Công Thương"] * 2
    assert got[0][1] == "lập danh mục chợ cần cải tạo" and got[1][1] == "đôn đốc các xã sửa chợ"


def test_a_unit_that_has_the_following_duties_leads_the_lettered_items_below() -> None:
    text = ("UBND tỉnh giao:\n"
            "4. Sở Công Thương có những nhiệm vụ chủ yếu như sau:\n"
            "a) Lập danh mục chợ cần cải tạo.\n"
            "b) Đôn đốc các xã sửa chợ trước ngày 30/9/2026.\n")
    got = _tasks(text)
    assert [lead for lead, _, _ in got] == ["Sở Công Thương"] * 2
    assert got[0][1].startswith("Lập danh mục") and got[1][2] == "2026-09-30"


# -- an item that opens with a basis and no comma before its verb ---------------------------------------------------------

def test_a_basis_without_a_comma_before_the_item_s_verb_keeps_the_duty() -> None:
    text = ("UBND tỉnh giao:\n"
            "2. Sở Văn hóa và Thể thao:\n"
            "a) Căn cứ Đề án bảo tồn làng nghề truyền thống của tỉnh xây dựng Kế hoạch phục dựng lễ hội làng gốm năm 2026, "
            "trình UBND tỉnh trước ngày 15/7/2026.\n"
            "b) Hướng dẫn các xã giữ gìn nghề gốm.\n")
    got = _tasks(text)
    assert [lead for lead, _, _ in got] == ["Sở Văn hóa và Thể thao"] * 2
    assert got[0][1].startswith("xây dựng Kế hoạch phục dựng lễ hội") and got[0][2] == "2026-07-15"


def test_a_verb_inside_the_cited_title_is_not_where_the_duty_starts() -> None:
    text = ("UBND tỉnh giao:\n"
            "2. Sở Văn hóa và Thể thao:\n"
            "a) Căn cứ Kế hoạch về tăng cường quản lý lễ hội của tỉnh, lập danh sách lễ hội cần kiểm tra.\n")
    got = _tasks(text)
    assert [(lead, action) for lead, action, _ in got] == [("Sở Văn hóa và Thể thao",
                                                            "lập danh sách lễ hội cần kiểm tra")]


# -- a province or city as a partner ------------------------------------------------------------------------------------

def test_a_province_or_city_after_phoi_hop_voi_is_a_supporting_unit() -> None:
    got = extract_tasks("1. Sở Xây dựng chủ trì, phối hợp với tỉnh Hậu Giang rà soát tuyến kênh giáp ranh.\n", "2026-03-02")
    assert [(t.lead, t.action, t.support) for t in got] == [
        ("Sở Xây dựng", "rà soát tuyến kênh giáp ranh", ["tỉnh Hậu Giang"])]
    got = extract_tasks("1. Sở Xây dựng phối hợp với TP.HCM và tỉnh Tây Ninh khảo sát tuyến metro nối vùng.\n", "2026-03-02")
    assert [(t.lead, t.action, t.support) for t in got] == [
        ("Sở Xây dựng", "khảo sát tuyến metro nối vùng", ["TP.HCM", "tỉnh Tây Ninh"])]


def test_a_partner_province_s_name_ends_at_the_verb() -> None:
    m = match_units("tỉnh Hậu Giang rà soát tuyến kênh", 0, support=True)
    assert m.units == ["tỉnh Hậu Giang"] and m.end == len("tỉnh Hậu Giang")


# -- "…; có các biện pháp …" in a semicolon series ------------------------------------------------------------------------

def test_a_semicolon_duty_said_with_co_cac_bien_phap_is_its_own_task() -> None:
    text = ("UBND tỉnh giao:\n"
            "3. Sở Nông nghiệp và Môi trường: tổ chức tiêm phòng cho đàn gia cầm; có các biện pháp khoanh vùng ổ dịch; có giải pháp hỗ trợ hộ "
            "chăn nuôi bị thiệt hại.\n")
    got = _tasks(text)
    assert [action for _, action, _ in got] == ["tổ chức tiêm phòng cho đàn gia cầm", "có các biện pháp khoanh vùng ổ dịch",
                                                "có giải pháp hỗ trợ hộ chăn nuôi bị thiệt hại"]
    assert {lead for lead, _, _ in got} == {"Sở Nông nghiệp và Môi trường"}
