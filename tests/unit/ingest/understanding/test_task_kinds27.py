"""The misses users met on invented documents (session rules27, issue 11), each fixed as a kind, and the one unit-name
reader and one reference date the rules share. Invented wording only, never a labelled line."""
from __future__ import annotations

import pytest

from services.ingest.understanding import understand
from services.ingest.understanding.deadlines import own_date, own_iso_date
from services.ingest.understanding.tasks import extract_tasks


def _tasks(text: str, issued: str | None = "2026-04-02") -> list[tuple[str, list[str], str, str | None]]:
    return [(t.lead, t.support, t.action, t.deadline) for t in extract_tasks(text, issued)]


# -- an opening "Thực hiện …" clause before the real subject does not hide the assignment -----------------------------

@pytest.mark.parametrize(("opening", "lead", "support"), [
    ("Thực hiện chỉ đạo của Chủ tịch UBND tỉnh tại Văn bản số 120/UBND-NC ngày 02/4/2026, Công an tỉnh chủ trì, "
     "phối hợp với Sở Y tế", "Công an tỉnh", ["Sở Y tế"]),
    ("Thực hiện ý kiến của Thường trực Tỉnh ủy, Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Tài chính",
     "Sở Giáo dục và Đào tạo", ["Sở Tài chính"]),
    ("Triển khai Kế hoạch số 45/KH-UBND ngày 10/3/2026 của UBND tỉnh, Sở Văn hóa, Thể thao và Du lịch có trách nhiệm "
     "phối hợp với Đài Phát thanh và Truyền hình tỉnh", "Sở Văn hóa, Thể thao và Du lịch",
     ["Đài Phát thanh và Truyền hình tỉnh"]),
    ("Thực hiện ý kiến chỉ đạo của Chủ tịch UBND tỉnh tại Công văn số 88/UBND-TH, UBND huyện Đức Thọ khẩn trương "
     "phối hợp với Sở Xây dựng", "UBND huyện Đức Thọ", ["Sở Xây dựng"]),
])
def test_an_opening_clause_of_what_is_carried_out_does_not_hide_the_assignment(
        opening: str, lead: str, support: list[str]) -> None:
    text = f"{opening} rà soát các công trình xuống cấp trên địa bàn, hoàn thành trước ngày 30/5/2026."
    [(got_lead, got_support, action, deadline)] = _tasks(text)
    assert (got_lead, got_support, deadline) == (lead, support, "2026-05-30")
    assert action.startswith("rà soát các công trình xuống cấp")


def test_an_opening_clause_that_itself_asks_keeps_the_whole_list_asked() -> None:
    text = ("Thực hiện Kết luận số 12-KL/TU của Ban Thường vụ Tỉnh ủy, Ban Chỉ đạo đề nghị các đồng chí Giám đốc Sở, "
            "Thủ trưởng các ban, ngành khẩn trương rà soát danh mục thủ tục hành chính, báo cáo trước ngày 20/5/2026.")
    leads = [lead for lead, *_ in _tasks(text)]
    assert leads and all(lead.startswith("các đồng chí Giám đốc Sở") for lead in leads), leads


def test_a_report_after_an_opening_clause_stays_no_task() -> None:
    text = ("Thực hiện Công văn số 77/UBND-KGVX ngày 05/3/2026 của UBND tỉnh, UBND huyện Kỳ Anh báo cáo kết quả "
            "như sau: đã tổ chức 12 lớp tập huấn cho 600 lượt người.")
    assert _tasks(text) == []


# -- a request up to the body that decides is no task for the addressee ----------------------------------------------

@pytest.mark.parametrize("text", [
    "Kính gửi: Ủy ban nhân dân tỉnh Hà Tĩnh.\nCăn cứ kết quả khảo sát thiệt hại do bão số 3, UBND huyện Cẩm Xuyên "
    "kính đề nghị UBND tỉnh xem xét hỗ trợ kinh phí 5 tỷ đồng để khắc phục hậu quả bão.",
    "Trường Trung học phổ thông Lê Lợi kính đề nghị Sở Giáo dục và Đào tạo quan tâm, xem xét bố trí kinh phí sửa chữa "
    "nhà đa năng của trường.",
    "Sở Nội vụ kính trình UBND tỉnh xem xét, phê duyệt Đề án vị trí việc làm của Sở.",
    "SỞ CÔNG THƯƠNG\nSở Công Thương đề nghị UBND tỉnh xem xét bổ sung danh mục chợ cần cải tạo năm 2027.\nKính đề nghị UBND tỉnh quan tâm, "
    "chỉ đạo./.",
    "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ\nSỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\nSố: 12/SNNMT-KH\nKính gửi: UBND tỉnh.\n"
    "Sở Nông nghiệp và Môi trường đề nghị UBND tỉnh xem xét, phê duyệt phương án phân bổ kinh phí hỗ trợ giống cây "
    "trồng năm 2026.",
])
def test_a_request_up_to_the_deciding_body_is_no_task(text: str) -> None:
    assert understand(text).tasks == []


@pytest.mark.parametrize(("text", "lead"), [
    # the council oversees the committee: its "đề nghị UBND tỉnh xem xét …" is a duty to follow up
    ("HỘI ĐỒNG NHÂN DÂN TỈNH GIA LAI\nBan Văn hóa - Xã hội đề nghị UBND tỉnh xem xét bố trí đủ biên chế giáo viên "
     "cho các trường vùng khó khăn.", "UBND tỉnh"),
    # a request to direct others is a duty, even said with "kính"
    ("Sở Tài chính kính đề nghị UBND tỉnh chỉ đạo các huyện hoàn thành quyết toán trước ngày 30/6/2026.",
     "UBND tỉnh"),
    # a department asking the districts to consider is not a request up
    ("Sở Y tế đề nghị UBND các huyện xem xét bố trí quỹ đất xây dựng trạm y tế xã.", "UBND các huyện"),
])
def test_requests_that_are_not_up_stay_tasks(text: str, lead: str) -> None:
    assert [t.lead for t in understand(text).tasks] == [lead]


# -- a letter that moves a deadline: the action says what is to be done ----------------------------------------------

@pytest.mark.parametrize(("text", "action", "deadline"), [
    ("Đồng ý điều chỉnh thời hạn khắc phục các điểm sạt lở trên Quốc lộ 15 tại Thông báo số 531/TB-UBND: giao Sở "
     "Xây dựng chủ trì hoàn thành trước ngày 30/6/2026.", "khắc phục các điểm sạt lở trên Quốc lộ 15", "2026-06-30"),
    ("Xét đề nghị của Sở Nội vụ, UBND tỉnh đồng ý gia hạn thời gian hoàn thành việc sắp xếp các đơn vị sự nghiệp "
     "công lập đến ngày 31/8/2026. Sở Nội vụ khẩn trương hoàn thành trước thời hạn nêu trên.",
     "sắp xếp các đơn vị sự nghiệp công lập", "2026-08-31"),
    ("UBND tỉnh điều chỉnh thời hạn hoàn thành nhiệm vụ kiểm kê rừng tại Văn bản số 45/UBND-KT đến ngày 15/9/2026; "
     "giao Chi cục Kiểm lâm hoàn thành đúng thời hạn được điều chỉnh.", "kiểm kê rừng", "2026-09-15"),
])
def test_a_deadline_moved_names_the_work_not_just_hoan_thanh(text: str, action: str, deadline: str) -> None:
    [(_, _, got_action, got_deadline)] = _tasks(text)
    assert (got_action, got_deadline) == (action, deadline)


def test_a_duty_to_finish_with_its_own_work_is_kept_as_written() -> None:
    text = "Giao Sở Công Thương hoàn thành việc kiểm tra các chợ đầu mối trước ngày 30/6/2026."
    [(_, _, action, _)] = _tasks(text)
    assert action == "hoàn thành việc kiểm tra các chợ đầu mối"


# -- a table row ends at the table ------------------------------------------------------------------------------------

_HEAD = "KẾ HOẠCH\nBảo đảm giao thông mùa mưa lũ năm 2027\nI. NHIỆM VỤ CỤ THỂ\n"
_CELLS = ("TT\nNội dung\nĐơn vị chủ trì\nĐơn vị phối hợp\nThời gian hoàn thành\n"
          "1\nRà soát danh mục cầu yếu trên địa bàn\nSở Xây dựng\nUBND các huyện\nTrước ngày 31/3/2027\n"
          "2\nTổng hợp kết quả, báo cáo UBND tỉnh\nSở Xây dựng\nCác sở, ngành liên quan\nTháng 12/2027\n")
_TABS = ("TT\tNội dung\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian hoàn thành\n"
         "1\tRà soát danh mục cầu yếu trên địa bàn\tSở Xây dựng\tUBND các huyện\tTrước ngày 31/3/2027\n"
         "2\tTổng hợp kết quả, báo cáo UBND tỉnh\tSở Xây dựng\tCác sở, ngành liên quan\tTháng 12/2027\n")


@pytest.mark.parametrize("table", [_CELLS, _TABS])
@pytest.mark.parametrize("closing", [
    "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nTrần Văn Bình\n",
    "Nơi nhận:\tKT. CHỦ TỊCH\n- Như trên;\tPHÓ CHỦ TỊCH\n- Lưu: VT.\nTrần Văn Bình\n",
    "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n(Đã ký)\nTrần Văn Bình\n",
    "Trên đây là Kế hoạch bảo đảm giao thông mùa mưa lũ năm 2027 của UBND tỉnh.\n",
    "Các sở, ngành được giao nhiệm vụ nghiêm túc triển khai thực hiện Kế hoạch này.\n",
])
def test_the_last_row_of_a_task_table_ends_at_the_table(table: str, closing: str) -> None:
    text = _HEAD + "\n" + table + "\n" + closing
    tasks = extract_tasks(text, "2026-12-05")
    assert [(t.lead, t.support, t.deadline) for t in tasks] == [
        ("Sở Xây dựng", ["UBND các huyện"], "2027-03-31"), ("Sở Xây dựng", ["Các sở, ngành liên quan"], "2027-12-31")]
    last = tasks[-1]
    assert last.sentence.endswith("Tháng 12/2027"), last.sentence
    assert last.span is not None and "Tháng 12/2027" in text[last.span[0]:last.span[1]]
    assert closing.split()[0] not in text[last.span[0]:last.span[1]].split("Tháng 12/2027")[-1]


# -- one unit-name reader: a request names a unit by the reader's own first test, not a list of first letters ------

@pytest.mark.parametrize(("text", "lead"), [
    ("UBND huyện yêu cầu phòng chuyên môn thuộc huyện rà soát hồ sơ giao đất trước ngày 30/6/2026.",
     "phòng chuyên môn thuộc huyện"),
    ("Chủ tịch UBND thị xã đề nghị trung tâm phát triển quỹ đất thị xã hoàn thành đo đạc trước ngày 15/7/2026.",
     "trung tâm phát triển quỹ đất thị xã"),
])
def test_a_unit_named_in_lower_case_after_a_request(text: str, lead: str) -> None:
    assert [t.lead for t in extract_tasks(text, "2026-04-02")] == [lead]


def test_a_request_to_prevent_is_not_a_unit() -> None:
    text = "UBND xã yêu cầu phòng chống dịch bệnh trên đàn gia súc, không để lây lan diện rộng."
    assert all(not t.lead.startswith("phòng chống") for t in extract_tasks(text, "2026-04-02"))


@pytest.mark.parametrize("words", ["phối hợp cùng với", "phối hợp với", "phối hợp chặt chẽ với", "phói hợp với"])
def test_one_reader_of_cooperating_with(words: str) -> None:
    # (a scan's misread tone, "phói hợp", is read after "chủ trì"; as the verb of a subject it is not known)
    texts = [f"Giao Sở Công Thương chủ trì, {words} Sở Y tế kiểm tra các cơ sở sản xuất nước đá."]
    if words.startswith("phối"):
        texts.append(f"Sở Công Thương {words} Sở Y tế kiểm tra các cơ sở sản xuất nước đá.")
    for text in texts:
        assert _tasks(text) == [("Sở Công Thương", ["Sở Y tế"], "kiểm tra các cơ sở sản xuất nước đá", None)], text


# -- one reference date --------------------------------------------------------------------------------------------

def test_the_texts_own_date_is_one_reading() -> None:
    assert own_date("…", "2026-03-10") == (2026, 3, 10)
    news = "Ngày 16/6, Sở Y tế tổ chức họp. Ngày 25/5/2026, UBND tỉnh chỉ đạo …"
    assert own_date(news, None) == (2026, 5, 25)  # a full date near the top first
    assert own_date("Sáng 16/6, Sở Y tế cho biết …", None) == (None, 6, 16)  # a dateline without its year
    assert own_iso_date("Sáng 16/6, Sở Y tế cho biết …", None) is None
    assert own_iso_date("Ngày 25/5/2020, UBND tỉnh yêu cầu …", None) == "2020-05-25"


def test_a_date_without_year_counts_from_the_dateline_whoever_calls() -> None:
    text = "Ngày 25/5/2020, UBND tỉnh yêu cầu Sở Y tế báo cáo kết quả trước ngày 28/10."
    assert [t.deadline for t in extract_tasks(text, None)] == ["2020-10-28"]
    assert [t.deadline for t in understand(text).tasks] == ["2020-10-28"]


# -- a timetable's step that holds a meeting is a step like any other -------------------------------------------------

def test_a_timetable_with_meeting_steps_gives_each_step_its_unit() -> None:
    # (two dated steps after the dateline, both meetings: "tổ chức hội nghị" no longer reads as news by itself)
    plan = ("Ngày 5/5, Giám đốc Sở Nông nghiệp và Môi trường cho biết lịch triển khai phòng chống hạn như sau.\n"
            "Ngày 12/5, Chi cục Thủy lợi tổ chức hội nghị triển khai kế hoạch với các huyện. Ngày 20/5, UBND các huyện "
            "tổ chức hội nghị quán triệt tới các xã.\n")
    assert [lead for lead, *_ in _tasks(plan, None)] == ["Chi cục Thủy lợi", "UBND các huyện"]
    # told as done, the same steps are news
    assert _tasks(plan.replace("tổ chức", "đã tổ chức"), None) == []
