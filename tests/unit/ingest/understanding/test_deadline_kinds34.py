"""Deadlines and subjects by kind, rules34 (issue 11, corpus-2025 and the training sets read as a clerk would).

A year that says when a goal is to be reached, or when the things a duty is about are planned to be finished, is not
the duty's time limit; a line saying which document this one replaces is not part of its subject; the time limits
written apart from the duties (a closing line for the whole list, the next sentence, a "Thời gian hoàn thành" column)
still reach them. Invented wording, never a line of the labelled data."""
from __future__ import annotations

from services.ingest.understanding import understand
from services.ingest.understanding.deadlines import find_deadline, parse_deadline
from services.ingest.understanding.metadata import extract_metadata

ISSUED = "2026-02-10"


def test_the_year_a_goal_is_reached_is_not_the_time_limit() -> None:
    assert find_deadline("kịp thời báo cáo UBND tỉnh các vướng mắc, bảo đảm mục tiêu đến hết năm 2027 toàn tỉnh có "
                         "khoảng 300 km đường giao thông nông thôn được cứng hóa", ISSUED) is None
    assert find_deadline("triển khai chương trình nước sạch, phấn đấu đến hết năm 2030 có 95% hộ dân được dùng nước "
                         "sạch", ISSUED) is None
    assert find_deadline("nhân rộng mô hình sản xuất hữu cơ, đến năm 2030 đạt tỷ lệ 20% diện tích canh tác",
                         ISSUED) is None


def test_the_year_planned_things_are_finished_is_not_the_time_limit_of_a_duty_about_them() -> None:
    assert find_deadline("bố trí lực lượng hỗ trợ nhằm đẩy nhanh thi công các công trình thủy lợi có kế hoạch hoàn "
                         "thành năm 2026, bảo đảm an toàn hồ đập", ISSUED) is None
    assert find_deadline("ưu tiên vốn cho các tuyến đường trong danh mục hoàn thành 120 km vào năm 2028", ISSUED) is None


def test_a_duty_that_is_to_reach_the_goal_keeps_its_year() -> None:
    assert parse_deadline("Hoàn thành mục tiêu cứng hóa 300 km đường giao thông nông thôn trong năm 2026",
                          ISSUED)[0] == "2026-12-31"
    assert parse_deadline("đẩy nhanh tiến độ giải phóng mặt bằng, phấn đấu hoàn thành trong năm 2026",
                          ISSUED)[0] == "2026-12-31"
    assert parse_deadline("tổ chức tập huấn cho cán bộ xã trong năm 2026 để đạt mục tiêu đề ra", ISSUED)[0] == "2026-12-31"
    # the duty's own expected completion, and a year's effort, are its time
    assert parse_deadline("khởi công nhà văn hóa xã, dự kiến hoàn thành năm 2027", ISSUED)[0] == "2027-12-31"
    assert parse_deadline("đẩy mạnh thu ngân sách, phấn đấu trong năm 2026 đạt 110% dự toán", ISSUED)[0] == "2026-12-31"
    assert parse_deadline("giải ngân toàn bộ vốn trước ngày 31/12/2026, bảo đảm mục tiêu tăng trưởng", ISSUED)[0] == \
        "2026-12-31"


REPLACING = """ỦY BAN NHÂN DÂN
TỈNH BÌNH AN
Số: 120/TB-UBND
Bình An, ngày 05 tháng 6 năm 2026
THÔNG BÁO
Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp về tiến độ giải phóng mặt bằng
Thông báo này thay thế Thông báo số 98/TB-UBND ngày 20/5/2026 của UBND tỉnh.
Ngày 01/6/2026, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp. Phó Chủ tịch kết luận như sau:
1. Giao UBND huyện Tân Lạc hoàn thành bàn giao mặt bằng trước ngày 30/6/2026.
"""


def test_the_replaced_document_is_not_part_of_the_subject() -> None:
    info = extract_metadata(REPLACING)
    assert info.subject == "Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp về tiến độ giải phóng mặt bằng"
    bracketed = REPLACING.replace("Thông báo này thay thế", "(Thay thế").replace("của UBND tỉnh.\n", "của UBND tỉnh)\n")
    assert extract_metadata(bracketed).subject == info.subject
    doc = understand(REPLACING)
    assert [t.deadline for t in doc.tasks] == ["2026-06-30"]


HEAD = """ỦY BAN NHÂN DÂN
HUYỆN AN PHÚ
Số: 45/TB-UBND
An Phú, ngày 10 tháng 3 năm 2026
THÔNG BÁO
Kết luận của Chủ tịch UBND huyện tại buổi làm việc về vệ sinh môi trường
Chủ tịch UBND huyện kết luận như sau:
"""


def test_a_closing_line_for_the_whole_list_reaches_every_item_without_its_own() -> None:
    text = HEAD + """1. Giao Phòng Tài nguyên và Môi trường rà soát các điểm tập kết rác thải trên địa bàn.
2. Giao UBND các xã lập danh sách hộ gia đình chưa ký hợp đồng thu gom rác, hoàn thành trong tháng 3/2026.
3. Giao Phòng Tài chính - Kế hoạch cân đối kinh phí hỗ trợ mua xe thu gom.
Các nội dung trên hoàn thành trước ngày 15/4/2026.
"""
    assert [t.deadline for t in understand(text).tasks] == ["2026-04-15", "2026-03-31", "2026-04-15"]


def test_a_time_limit_alone_in_the_next_sentence_is_the_duty_before_it() -> None:
    text = HEAD + """1. Giao Phòng Kinh tế kiểm tra các chợ trên địa bàn. Thời hạn hoàn thành: trước ngày 20/3/2026.
2. Giao Phòng Văn hóa thường xuyên kiểm tra các điểm kinh doanh internet, kịp thời xử lý vi phạm.
"""
    tasks = understand(text).tasks
    assert tasks[0].deadline == "2026-03-20"
    # "thường xuyên", "kịp thời": no date and no recurrence by the labelling conventions
    assert (tasks[1].deadline, tasks[1].recurrence) == (None, None)


def test_an_event_limit_alone_in_the_next_sentence_is_kept_as_written() -> None:
    text = HEAD + """1. Giao Phòng Nội vụ rà soát vị trí việc làm các trường học. Hoàn thành trước Tết Nguyên đán.
2. Giao Phòng Tài chính - Kế hoạch bố trí kinh phí.
"""
    tasks = understand(text).tasks
    assert (tasks[0].deadline, tasks[0].deadline_text) == (None, "trước Tết Nguyên đán")
    assert (tasks[1].deadline, tasks[1].deadline_text) == (None, None)


def test_the_stage_the_work_runs_in_ends_with_its_last_year() -> None:
    # the labelling convention: a time window has its end as the deadline
    assert parse_deadline("có phương án vốn để tiếp tục thực hiện dự án tái định cư thôn Bản Mế trong giai đoạn "
                          "2026 - 2028", ISSUED)[:2] == ("2028-12-31", "trong giai đoạn 2026 - 2028")
    # the programme or budget of a period, the matter of an item, and a stage already past are no time limit
    assert find_deadline("triển khai Chương trình phát triển nhà ở xã hội giai đoạn 2026-2030", ISSUED) is None
    assert find_deadline("nghiên cứu đề xuất bổ sung nguồn ngân sách trung ương hỗ trợ trong giai đoạn 2026-2030",
                         ISSUED) is None
    assert find_deadline("3. Về đề nghị mở rộng tuyến đường trong giai đoạn 2026-2030: giao Sở Xây dựng nghiên cứu",
                         ISSUED) is None
    assert find_deadline("tổng kết kinh nghiệm thực hiện trong giai đoạn 2016-2020", ISSUED) is None


def test_a_campaign_window_announced_before_the_duties_reaches_them() -> None:
    text = ("Ngày 12/5/2026, Hội Nông dân tỉnh tổ chức lễ ra quân. Đợt thi đua cao điểm được Hội Nông dân tỉnh phát động "
            "từ nay đến ngày 30/9/2026. Theo đó, các cấp hội nông dân trong tỉnh sẽ tổ chức các mô hình sản xuất an "
            "toàn, đồng thời vận động hội viên tham gia xây dựng nông thôn mới.")
    tasks = understand(text).tasks
    assert tasks and all(t.deadline == "2026-09-30" for t in tasks)
    # without "Theo đó" the duties are not said to be the campaign's: nothing is carried
    alone = text.replace("Theo đó, các", "Các")
    assert all(t.deadline is None for t in understand(alone).tasks)


def test_a_time_line_after_an_item_of_a_long_plan_reaches_every_duty_of_its_sentence() -> None:
    filler = ("Qua rà soát, việc cập nhật dữ liệu địa chỉ trên địa bàn còn chậm, nhiều nơi chưa bảo đảm yêu cầu về "
              "chất lượng, công tác phối hợp giữa các cơ quan còn thiếu chặt chẽ. ") * 18
    text = HEAD.replace("THÔNG BÁO", "KẾ HOẠCH") + filler + """
1. Giao Ủy ban nhân dân các xã
- Trên cơ sở dữ liệu do Phòng Nông nghiệp cung cấp, Ủy ban nhân dân các xã tổ chức rà soát, cập nhật dữ liệu số
nhà đã cấp; đồng thời, phối hợp với Công an xã đối chiếu, làm sạch dữ liệu về số nhà; bảo đảm thống nhất, chính xác.
Thời gian hoàn thành trước ngày 30 tháng 6 năm 2026.
2. Giao Phòng Kinh tế theo dõi, đôn đốc các xã thực hiện cập nhật thông tin số nhà.
"""
    assert len(text) > 3000
    tasks = [t for t in understand(text).tasks if "xã" in t.lead and "Ủy ban" in t.lead]
    assert len(tasks) >= 2 and all(t.deadline == "2026-06-30" for t in tasks)


def test_the_year_whose_results_are_reported_is_not_the_time_limit() -> None:
    # the labels never take the year of "báo cáo kết quả … năm X" as the deadline (it is the period reported on)
    assert find_deadline("Báo cáo Hội đồng nhân dân huyện kết quả thực hiện Nghị quyết năm 2026 về chi thu nhập tăng "
                         "thêm", ISSUED) is None
    assert find_deadline("báo cáo kết quả thực hiện Chương trình giám sát năm 2025 của Hội đồng nhân dân xã",
                         ISSUED) is None
    # its own time limit still counts, and a year in brackets says when the report is due
    assert parse_deadline("báo cáo kết quả thực hiện năm 2026 trước ngày 15/12/2026", ISSUED)[0] == "2026-12-15"
    assert parse_deadline("Báo cáo sơ kết thực hiện Kế hoạch (năm 2028) gửi Ủy ban nhân dân tỉnh", ISSUED)[0] == \
        "2028-12-31"
