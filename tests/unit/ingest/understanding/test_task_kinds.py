"""extract_tasks by kind of sentence (issue 11): each rule is tested on several invented variants (other units,
provinces, word orders and list styles), never on a line of the labelled data."""
from __future__ import annotations

import pytest

from services.ingest.understanding.task_units import match_units
from services.ingest.understanding.tasks import extract_tasks


def _leads(text: str, issued: str | None = "2025-03-10") -> list[str]:
    return [t.lead for t in extract_tasks(text, issued)]


# -- a unit name ends where the name ends, not at the first word the directory knows --------------------------------

@pytest.mark.parametrize(("sentence", "unit"), [
    ("Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh phối hợp với nhà thầu đẩy nhanh tiến độ.",
     "Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh"),
    ("Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh chủ trì lập hồ sơ mời thầu.",
     "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh"),
    ("Cục Quản lý đầu tư xây dựng hướng dẫn các chủ đầu tư thực hiện thủ tục quyết toán.",
     "Cục Quản lý đầu tư xây dựng"),
    ("Trung tâm Công nghệ thông tin tỉnh phối hợp với các đơn vị kiểm tra hệ thống.", "Trung tâm Công nghệ thông tin tỉnh"),
])
def test_unit_name_runs_to_its_end(sentence: str, unit: str) -> None:
    assert match_units(sentence, 0).units == [unit]
    assert _leads(sentence) == [unit]


@pytest.mark.parametrize("text", [
    "Cục Kinh tế xây dựng nhận được Công văn số 55/SXD ngày 02/3/2025 của Sở Xây dựng tỉnh Quảng Trị.",
    "Cục Quản lý đầu tư xây dựng đã nhận được văn bản của Quý Sở về định mức dự toán.",
    "Trung tâm Phát triển quỹ đất xây dựng trân trọng cảm ơn sự phối hợp của các đơn vị.",
])
def test_a_senders_report_of_what_it_received_is_no_task(text: str) -> None:
    assert extract_tasks(text, "2025-03-10") == []
    stop = min(text.index(w) for w in (" nhận", " đã", " trân") if w in text)
    assert match_units(text, 0).end <= stop


# -- "Trên cơ sở đó, nếu thấy cần thiết, <unit> …": a condition before the unit that acts ---------------------------

@pytest.mark.parametrize(("text", "lead"), [
    ("Kính gửi: Sở Xây dựng tỉnh Quảng Trị.\n\nVề vấn đề này, Cục có ý kiến như sau: việc áp dụng định mức thực hiện "
     "theo Thông tư số 12/2021/TT-BXD. Trên cơ sở đó, nếu thấy cần thiết, Sở Xây dựng tổ chức hướng dẫn các chủ đầu "
     "tư áp dụng thống nhất.", "Sở Xây dựng"),
    ("Việc điều chỉnh giá hợp đồng thực hiện theo Nghị định số 35/2023/NĐ-CP. Trên cơ sở đó, nếu cần thiết, UBND huyện "
     "Gio Linh chỉ đạo chủ đầu tư rà soát lại các hợp đồng đã ký.", "UBND huyện Gio Linh"),
    ("Nếu thấy cần thiết, Sở Tài chính tham mưu UBND tỉnh điều chỉnh dự toán năm 2025.", "Sở Tài chính"),
    ("Căn cứ kết quả kiểm tra, trong trường hợp phát hiện sai phạm, Thanh tra tỉnh lập biên bản, xử lý theo quy định.",
     "Thanh tra tỉnh"),
])
def test_condition_before_the_unit(text: str, lead: str) -> None:
    assert _leads(text) == [lead]


@pytest.mark.parametrize("number", ["12/2021/TT-BXD", "45/QĐ-UBND", "7/CĐ-TTg", "101/KH-SYT"])
def test_a_document_number_ends_a_sentence(number: str) -> None:
    text = (f"Việc thanh toán thực hiện theo văn bản số {number}. Sở Tài chính hướng dẫn các đơn vị lập hồ sơ "
            "thanh toán trước ngày 30/4/2025.")
    [task] = extract_tasks(text, "2025-03-10")
    assert task.lead == "Sở Tài chính" and task.deadline == "2025-04-30"
    assert task.sentence.startswith("Sở Tài chính")


# -- activity cards: a "Hoạt động N:" heading, then "Nội dung / Đơn vị chủ trì / Đơn vị phối hợp / Thời gian" lines --

def test_activity_cards_with_dashed_fields() -> None:
    text = ("Hoạt động 1: Tổ chức hội thi tuyên truyền pháp luật\n"
            "- Nội dung: Tổ chức hội thi tìm hiểu pháp luật cho đoàn viên, thanh niên.\n"
            "- Đơn vị chủ trì: Tỉnh đoàn\n- Đơn vị phối hợp: Sở Tư pháp, Sở Giáo dục và Đào tạo\n- Thời gian: Quý III/2025\n\n"
            "Hoạt động 2: Biên soạn tài liệu\n- Nội dung: Biên soạn tài liệu hỏi đáp pháp luật về giao thông.\n"
            "- Đơn vị chủ trì: Công an tỉnh\n- Đơn vị phối hợp: Sở Xây dựng\n- Thời gian: Tháng 6/2025\n")
    first, second = extract_tasks(text, "2025-03-10")
    assert (first.lead, first.support, first.deadline) == (
        "Tỉnh đoàn", ["Sở Tư pháp", "Sở Giáo dục và Đào tạo"], "2025-09-30")
    assert first.action.startswith("Tổ chức hội thi tìm hiểu pháp luật")
    assert (second.lead, second.support, second.deadline) == ("Công an tỉnh", ["Sở Xây dựng"], "2025-06-30")


def test_activity_cards_with_bare_field_lines_and_no_content_field() -> None:
    text = ("Nhiệm vụ 1: Rà soát, cập nhật cơ sở dữ liệu đất đai\n"
            "Đơn vị chủ trì: Sở Nông nghiệp và Môi trường\n"
            "Đơn vị phối hợp: UBND các huyện, thành phố\n"
            "Thời gian hoàn thành: trước ngày 30/9/2025\n"
            "Nhiệm vụ 2: Số hóa hồ sơ địa chính\n"
            "Đơn vị chủ trì: Văn phòng Đăng ký đất đai\n"
            "Thời gian hoàn thành: Năm 2026\n")
    first, second = extract_tasks(text, "2025-03-10")
    assert (first.lead, first.action, first.deadline) == (
        "Sở Nông nghiệp và Môi trường", "Rà soát, cập nhật cơ sở dữ liệu đất đai", "2025-09-30")
    assert first.support == ["UBND các huyện, thành phố"]
    assert (second.lead, second.action, second.deadline) == (
        "Văn phòng Đăng ký đất đai", "Số hóa hồ sơ địa chính", "2026-12-31")


# -- passive letters: "Số liệu phải được gửi về Bộ trước …" — no unit named, the addressees must send it ---------------

@pytest.mark.parametrize(("text", "lead", "deadline"), [
    ("Kính gửi: Các sở, ban, ngành; UBND các huyện, thành phố.\n\nThực hiện Kế hoạch số 45/KH-UBND ngày 12/2/2025 của "
     "UBND tỉnh về cải cách hành chính, báo cáo kết quả thực hiện quý I phải được gửi về Sở Nội vụ trước ngày "
     "15/3/2025 để tổng hợp.", "Các sở, ban, ngành, UBND các huyện, thành phố", "2025-03-15"),
    ("Kính gửi: Ủy ban nhân dân các xã, phường.\n\nPhòng Văn hóa và Thông tin huyện nhận được Kế hoạch số "
     "12/KH-SVHTTDL của Sở Văn hóa, Thể thao và Du lịch. Hồ sơ đăng ký tham gia gửi về Phòng Văn hóa và Thông tin "
     "huyện chậm nhất ngày 30/5/2025.", "Ủy ban nhân dân các xã, phường", "2025-05-30"),
    ("Kính gửi: Bộ Công Thương; Bộ Tài chính.\n\nÝ kiến của các Bộ đề nghị gửi về Văn phòng Chính phủ trước 17 giờ "
     "ngày 12/3/2025 để tổng hợp, báo cáo Thủ tướng Chính phủ.", "Bộ Công Thương, Bộ Tài chính", "2025-03-12"),
    ("Kính gửi: Trường Cao đẳng Y tế tỉnh.\n\nDanh sách học viên đủ điều kiện dự thi cần được nộp về Sở Y tế trong "
     "tháng 4/2025.", "Trường Cao đẳng Y tế tỉnh", "2025-04-30"),
])
def test_passive_send_in_a_letter_is_the_addressees_duty(text: str, lead: str, deadline: str) -> None:
    [task] = extract_tasks(text, "2025-03-10")
    assert (task.lead, task.deadline) == (lead, deadline)


def test_passive_send_without_a_time_limit_or_addressee_is_no_task() -> None:
    assert extract_tasks("Kính gửi: Các sở, ban, ngành.\n\nBáo cáo gửi về Sở Nội vụ để tổng hợp.", "2025-03-10") == []
    assert extract_tasks("Báo cáo gửi về Sở Nội vụ trước ngày 20/3/2025 để tổng hợp.", "2025-03-10") == []


def test_passive_send_after_a_list_is_the_lists_time_limit() -> None:
    text = ("Kính gửi: Ủy ban nhân dân các tỉnh.\n\nBộ Kế hoạch và Đầu tư đề nghị Quý Ủy ban:\n"
            "- Rà soát danh mục dự án đầu tư công trung hạn;\n- Đề xuất các dự án cần ưu tiên bố trí vốn.\n"
            "Danh mục dự án gửi về Bộ Kế hoạch và Đầu tư trước ngày 15/4/2025.")
    tasks = extract_tasks(text, "2025-03-10")
    assert len(tasks) == 2 and all(t.deadline == "2025-04-15" for t in tasks)


def test_activity_card_whose_content_is_a_list_of_items() -> None:
    text = ("a) Hoạt động 1\n\n- Nội dung:\n\n+ Tổng kết mô hình hỗ trợ người cao tuổi tại các xã miền núi.\n\n"
            "+ Tập huấn nâng cao năng lực cho cán bộ làm công tác xã hội cấp xã.\n\n"
            "- Cơ quan thực hiện: Sở Y tế chủ trì, phối hợp với các sở, ban, ngành, đoàn thể tỉnh, báo, đài và các đơn vị "
            "có liên quan.\n\nb) Hoạt động 2\n\n- Nội dung: Triển khai mô hình phòng ngừa bạo lực học đường.\n\n"
            "- Cơ quan thực hiện: Sở Giáo dục và Đào tạo chủ trì, phối hợp với Công an tỉnh tham mưu các hoạt động "
            "thuộc lĩnh vực phụ trách.\n")
    tasks = extract_tasks(text, "2025-03-10")
    assert [(t.lead, t.action) for t in tasks] == [
        ("Sở Y tế", "Tổng kết mô hình hỗ trợ người cao tuổi tại các xã miền núi"),
        ("Sở Y tế", "Tập huấn nâng cao năng lực cho cán bộ làm công tác xã hội cấp xã"),
        ("Sở Giáo dục và Đào tạo", "Triển khai mô hình phòng ngừa bạo lực học đường"),
    ]
    assert tasks[0].support[-1] == "các đơn vị có liên quan" and tasks[2].support == ["Công an tỉnh"]


# -- party letters to cơ sở đảng, factored and plural names without "các" ---------------------------------------------

@pytest.mark.parametrize(("text", "lead", "n"), [
    ("Phát biểu kết luận hội nghị, Phó Bí thư Thường trực Huyện ủy đề nghị các chi, đảng bộ cơ sở nêu cao tinh thần "
     "trách nhiệm, tổ chức thành công đại hội. Đồng thời, quan tâm lãnh đạo thực hiện nhiệm vụ chính trị.",
     "các chi, đảng bộ cơ sở", 2),
    ("Ban Thường vụ Thị ủy yêu cầu các Chi, Đảng bộ trực thuộc tổ chức học tập chuyên đề năm 2025.",
     "các Chi, Đảng bộ trực thuộc", 1),
    ("Ban Thường vụ Tỉnh ủy yêu cầu tỉnh, thành ủy nơi đặt trung tâm hành chính mới chủ trì xây dựng đề án hợp nhất.",
     "tỉnh, thành ủy nơi đặt trung tâm hành chính mới", 1),
    ("1. Sở, ban, ngành, Ủy ban nhân dân quận-huyện, xã, phường thực hiện đúng tiến độ tại Kế hoạch.",
     "Sở, ban, ngành, Ủy ban nhân dân quận-huyện, xã, phường", 1),
    ("Sở, ngành, địa phương khẩn trương rà soát các dự án chậm tiến độ, báo cáo trước ngày 15/4/2025.",
     "Sở, ngành, địa phương", 1),
])
def test_party_and_plural_bodies_as_leads(text: str, lead: str, n: int) -> None:
    assert _leads(text) == [lead] * n


# -- continuations: "Trong đó, cần …", "…bệnh.Tuyệt đối không …", "Cùng với chỉ đạo trên, Bộ X cũng có nhiệm vụ …" ----

def test_trong_do_goes_on_with_the_same_units() -> None:
    text = ("Chủ tịch UBND tỉnh yêu cầu giám đốc các sở, ngành và chủ tịch UBND các huyện khẩn trương rà soát các nhiệm "
            "vụ được giao, báo cáo trước ngày 20/7/2025. Trong đó, cần tập trung xử lý dứt điểm các nhiệm vụ quá hạn.")
    first, second = extract_tasks(text, "2025-03-10")
    assert first.lead == second.lead == "giám đốc các sở, ngành và chủ tịch UBND các huyện"
    assert second.action == "tập trung xử lý dứt điểm các nhiệm vụ quá hạn"


def test_sentences_glued_without_a_space_are_still_sentences() -> None:
    text = ("Tỉnh ủy yêu cầu các cấp ủy đảng, chính quyền tập trung phòng chống dịch bệnh.Tuyệt đối không để người dân "
            "thiếu đói trong dịp Tết.Tăng cường tuyên truyền về thành tựu của đất nước.")
    assert [t.action for t in extract_tasks(text, "2025-03-10")] == [
        "tập trung phòng chống dịch bệnh", "Tuyệt đối không để người dân thiếu đói trong dịp Tết",
        "Tăng cường tuyên truyền về thành tựu của đất nước"]


@pytest.mark.parametrize(("text", "lead", "action"), [
    ("Cùng với chỉ đạo nêu trên của Phó Thủ tướng, Bộ Tài chính cũng có nhiệm vụ hoàn thiện dự thảo Nghị định, trình "
     "Chính phủ trong tháng 9/2025.", "Bộ Tài chính", "hoàn thiện dự thảo Nghị định, trình Chính phủ"),
    ("Trước tình trạng thiếu nước, Tập đoàn Điện lực Việt Nam vừa có văn bản khẩn gửi Tổng công ty Điện lực miền Trung "
     "yêu cầu tính toán, phân bổ công suất hợp lý.", "Tổng công ty Điện lực miền Trung",
     "tính toán, phân bổ công suất hợp lý"),
])
def test_opening_phrase_and_letter_sent_to_a_unit(text: str, lead: str, action: str) -> None:
    [task] = extract_tasks(text, "2025-03-10")
    assert (task.lead, task.action) == (lead, action)


def test_inline_list_after_nhu_is_the_duties() -> None:
    text = ("Đồng chí Bí thư Huyện ủy yêu cầu các chi, đảng bộ trực thuộc cần thực hiện tốt một số nhiệm vụ trọng tâm "
            "như: Làm tốt công tác tuyên truyền về đại hội; chuẩn bị chu đáo văn kiện, nhân sự; bảo đảm an ninh trật tự "
            "trong thời gian đại hội.")
    assert [t.action for t in extract_tasks(text, "2025-03-10")] == [
        "Làm tốt công tác tuyên truyền về đại hội", "chuẩn bị chu đáo văn kiện, nhân sự",
        "bảo đảm an ninh trật tự trong thời gian đại hội"]


# -- the Quy định / Quy chế a Quyết định issues allocates standing competences: not tasks ---------------------------

def test_regulation_issued_by_a_decision_gives_no_tasks() -> None:
    text = ("ỦY BAN NHÂN DÂN\nTỈNH HÒA BÌNH\n\nSố: 12/2025/QĐ-UBND\n\nQUYẾT ĐỊNH\nBAN HÀNH QUY CHẾ QUẢN LÝ CHỢ TRÊN ĐỊA BÀN "
            "TỈNH\n\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế quản lý chợ trên địa bàn tỉnh.\n\n"
            "Điều 2. Giao Sở Công Thương chủ trì tổ chức tập huấn Quy chế cho các xã trước ngày 30/6/2025.\n\n"
            "QUY CHẾ\nQuản lý chợ trên địa bàn tỉnh\n\nĐiều 5. Trách nhiệm của Ủy ban nhân dân cấp xã\n\n"
            "Ủy ban nhân dân cấp xã cấp giấy phép kinh doanh tại chợ, kiểm tra việc chấp hành nội quy chợ.\n\n"
            "Điều 6. Sở Công Thương hướng dẫn các xã lập phương án chuyển đổi mô hình quản lý chợ.\n")
    [task] = extract_tasks(text, "2025-03-10")
    assert task.lead == "Sở Công Thương" and task.deadline == "2025-06-30"


# -- "thông báo cho … biết …" inside a duty is a duty; only the closing "thông báo để … biết, thực hiện." is not ---------

def test_notify_someone_is_a_duty_but_the_closing_notice_line_is_not() -> None:
    text = ("Ban Chỉ huy phòng thủ dân sự tỉnh đề nghị UBND các xã ven biển theo dõi chặt chẽ diễn biến của bão; tổ chức "
            "kiểm đếm, thông báo cho chủ các phương tiện biết vị trí của bão để chủ động phòng tránh.\n\n"
            "Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.")
    tasks = extract_tasks(text, "2025-03-10")
    assert [t.lead for t in tasks] == ["UBND các xã ven biển"] * 2
    assert tasks[1].action.startswith("tổ chức kiểm đếm, thông báo cho chủ các phương tiện")


@pytest.mark.parametrize("closing", [
    "Sở Nội vụ thông báo để các đơn vị biết, thực hiện.",
    "Văn phòng Chính phủ xin thông báo để Quý Bộ biết và phối hợp thực hiện./.",
    "UBND huyện thông báo đến các xã, thị trấn biết, triển khai thực hiện.",
])
def test_closing_notice_lines_are_no_tasks(closing: str) -> None:
    assert extract_tasks(closing, "2025-03-10") == []


# -- a short title line, then the text ("Thông tin Y tế" / "UBND các huyện … chủ trì …"); "Theo đó" without a comma --

def test_title_line_then_a_unit_and_theo_do_without_comma() -> None:
    text = ("Tin y tế cơ sở\nUBND các huyện chủ trì tổng hợp danh sách đối tượng tiêm chủng theo quy định. Theo đó các "
            "cơ quan, đơn vị liên quan tổng hợp danh sách gửi về Phòng Y tế huyện.")
    assert _leads(text) == ["UBND các huyện", "các cơ quan, đơn vị liên quan"]


# -- more unit phrases: hyphenated abbreviations, lower-case plural actors and what describes them -------------------

@pytest.mark.parametrize(("text", "lead"), [
    ("Thủ tướng yêu cầu Bộ TN-MT phối hợp với Bộ Nội vụ rà soát số lượng các đơn vị trực thuộc.", "Bộ TN-MT"),
    ("Chủ tịch UBND tỉnh giao Sở GD-ĐT chủ trì xây dựng phương án tuyển sinh lớp 10.", "Sở GD-ĐT"),
    ("Bộ trưởng yêu cầu Cục QLTT-BCT khẩn trương kiểm tra các cơ sở kinh doanh.", "Cục QLTT-BCT"),
    ("Tổng cục Thuế yêu cầu các cục thuế phải chủ động nghiên cứu, phân loại đơn khiếu nại.", "các cục thuế"),
    ("Sở cũng đề nghị các xã, phường, đặc khu Phú Quý giám sát chặt chẽ các cửa hàng bán lẻ.",
     "các xã, phường, đặc khu Phú Quý"),
    ("Sở Công Thương đề nghị các thương nhân kinh doanh xăng, dầu trên địa bàn tỉnh không để gián đoạn nguồn cung.",
     "các thương nhân kinh doanh xăng, dầu trên địa bàn tỉnh"),
    ("UBND huyện yêu cầu các doanh nghiệp sản xuất gạch ngói phải chấp hành nghiêm quy định về môi trường.",
     "các doanh nghiệp sản xuất gạch ngói"),
])
def test_more_unit_phrases(text: str, lead: str) -> None:
    assert _leads(text) == [lead]


# -- "Bộ này" is the unit named before; an acronym asked by a trigger; "Thứ nhất, …" paragraphs are items --------------

def test_this_ministry_is_the_unit_named_before() -> None:
    text = ("Thủ tướng yêu cầu Bộ Công Thương rà soát quy hoạch điện. Thủ tướng cũng yêu cầu Bộ này kiểm tra kỹ việc "
            "phân công nhiệm vụ giữa các đơn vị.")
    assert _leads(text) == ["Bộ Công Thương", "Bộ Công Thương"]
    assert extract_tasks("Thủ tướng yêu cầu Bộ này kiểm tra kỹ việc phân công nhiệm vụ.", "2025-03-10") == []


@pytest.mark.parametrize(("text", "lead"), [
    ("Phó Thống đốc đề nghị CIC cần tập trung nâng cao chất lượng thông tin tín dụng.", "CIC"),
    ("Bộ trưởng giao EVN khẩn trương hoàn thành đường dây 500kV trước ngày 30/6/2025.", "EVN"),
    ("Thống đốc yêu cầu các TCTD rà soát, cơ cấu lại nợ cho khách hàng bị thiệt hại do bão.", "các TCTD"),
])
def test_an_acronym_asked_to_act(text: str, lead: str) -> None:
    assert _leads(text) == [lead]


def test_ordinal_paragraphs_are_the_items_of_a_lead_in() -> None:
    text = ("Phó Giám đốc Sở đề nghị Trung tâm Y tế huyện cần tập trung triển khai một số nhiệm vụ trọng tâm như sau:\n\n"
            "Thứ nhất, tiếp tục rà soát đối tượng tiêm chủng trên địa bàn.\n\n"
            "Thứ hai, mở rộng điểm tiêm lưu động tại các thôn vùng sâu.\n")
    tasks = extract_tasks(text, "2025-03-10")
    assert [(t.lead, t.action) for t in tasks] == [
        ("Trung tâm Y tế huyện", "tiếp tục rà soát đối tượng tiêm chủng trên địa bàn"),
        ("Trung tâm Y tế huyện", "mở rộng điểm tiêm lưu động tại các thôn vùng sâu")]


@pytest.mark.parametrize(("text", "lead"), [
    ("Phó Chủ tịch UBND tỉnh đề nghị ngành nông nghiệp hướng dẫn nông dân chăm sóc lúa vụ đông xuân.",
     "ngành nông nghiệp"),
    ("Giám đốc Công an tỉnh yêu cầu lực lượng cảnh sát giao thông tăng cường tuần tra trên các tuyến quốc lộ.",
     "lực lượng cảnh sát giao thông"),
    ("Tỉnh đoàn đề nghị các huyện đoàn, thành đoàn tổ chức Ngày hội thanh niên tình nguyện.",
     "các huyện đoàn, thành đoàn"),
    ("Đồng chí Bí thư yêu cầu Đảng ủy các xã, thị trấn lãnh đạo tổ chức tốt đại hội chi bộ.", "Đảng ủy các xã, thị trấn"),
])
def test_sector_youth_and_party_bodies_asked_to_act(text: str, lead: str) -> None:
    assert _leads(text) == [lead]


def test_quoted_duty_then_whom_it_was_given_to() -> None:
    text = ("“Các cấp, các ngành trên địa bàn tỉnh cần nêu cao tinh thần trách nhiệm, tuyệt đối không lơ là chủ quan "
            "trong phòng chống dịch”. Đó là chỉ đạo của UBND tỉnh đối với các sở, ban, ngành tỉnh; UBND các huyện.")
    [task] = extract_tasks(text, "2025-03-10")
    assert task.lead == "các sở, ban, ngành tỉnh; UBND các huyện"
    assert task.action.endswith("trong phòng chống dịch")


def test_dong_thoi_after_a_paragraph_of_other_matter() -> None:
    text = ("Ban Chỉ huy đề nghị UBND các xã ven biển theo dõi chặt chẽ diễn biến của bão.\n\n"
            "Vùng nguy hiểm trong 24 giờ tới: phía Bắc vĩ tuyến 18.\n\n"
            "Đồng thời, sẵn sàng lực lượng, phương tiện để cứu hộ, cứu nạn khi có yêu cầu.")
    assert _leads(text) == ["UBND các xã ven biển", "UBND các xã ven biển"]


@pytest.mark.parametrize(("text", "lead"), [
    ("Xã, phường phải tổ chức giao ban thường xuyên trong Thường trực Đảng ủy.", "Xã, phường"),
    ("Ban Tuyên giáo đề nghị các cơ quan Báo, Đài của tỉnh tập trung tuyên truyền về thành tựu của đất nước.",
     "các cơ quan Báo, Đài của tỉnh"),
])
def test_bare_plurals_and_press(text: str, lead: str) -> None:
    assert _leads(text) == [lead]


# -- deadlines written "đến ngày …" and "tháng 10.2014" -------------------------------------------------------------

@pytest.mark.parametrize(("text", "iso", "phrase"), [
    ("Đề nghị các phòng giáo dục báo cáo số liệu đến ngày 10/10/2025.", "2025-10-10", "đến ngày 10/10/2025"),
    ("Giao Bộ Giao thông vận tải hoàn thành thủ tục đầu tư trong tháng 10.2025.", "2025-10-31", "trong tháng 10.2025"),
    ("Yêu cầu Phòng Cảnh sát giao thông ra quân từ 30-8 đến hết 30-9-2025.", "2025-09-30", "từ 30-8 đến hết 30-9-2025"),
])
def test_more_deadline_phrases(text: str, iso: str, phrase: str) -> None:
    [task] = extract_tasks(text, "2025-03-10")
    assert (task.deadline, task.deadline_text) == (iso, phrase)


# -- a letter sent "về việc <duty>"; party committees of units; a head word whose name goes on in lower case -----------

@pytest.mark.parametrize(("text", "lead", "action"), [
    ("Ngày 28/3, Văn phòng thường trực Ban Chỉ đạo ra công văn gửi Ban Chỉ huy phòng chống thiên tai và tìm kiếm cứu "
     "nạn các tỉnh từ Nghệ An đến Bình Thuận về việc chủ động ứng phó với mưa lớn, lũ quét.",
     "Ban Chỉ huy phòng chống thiên tai và tìm kiếm cứu nạn các tỉnh", "chủ động ứng phó với mưa lớn, lũ quét"),
    ("Theo đó, Ban Thường vụ Huyện ủy đề nghị cấp ủy các chi bộ, đảng bộ cơ sở, Mặt trận và các đoàn thể huyện tổ "
     "chức quán triệt Kết luận của Ban Bí thư.", "cấp ủy các chi bộ, đảng bộ cơ sở, Mặt trận và các đoàn thể huyện",
     "tổ chức quán triệt Kết luận của Ban Bí thư"),
    ("Thành phố cũng yêu cầu Trung tâm phát triển quỹ đất thành phố hoàn thành toàn bộ hồ sơ thu hồi đất.",
     "Trung tâm phát triển quỹ đất thành phố", "hoàn thành toàn bộ hồ sơ thu hồi đất"),
    ("UBND huyện giao Phòng kinh tế và hạ tầng huyện kiểm tra chất lượng các công trình giao thông nông thôn.",
     "Phòng kinh tế và hạ tầng huyện", "kiểm tra chất lượng các công trình giao thông nông thôn"),
])
def test_letter_about_a_duty_party_committees_and_lower_case_names(text: str, lead: str, action: str) -> None:
    [task] = extract_tasks(text, "2025-03-10")
    assert (task.lead, task.action) == (lead, action)


def test_a_letter_about_issuing_something_is_no_duty_of_its_addressees() -> None:
    assert extract_tasks("Sở đã có văn bản gửi các trường về việc ban hành kế hoạch năm học mới.", "2025-03-10") == []


@pytest.mark.parametrize("box", [
    "Số hiệu: 12/2006/QĐ-UBND Loại văn bản: Quyết định\nNơi ban hành: Tỉnh Hà Tĩnh Người ký: Nguyễn Văn A\n"
    "Ngày ban hành: 27/12/2006 Ngày hiệu lực: Đang cập nhật\n",
    "Số hiệu: | 31/TB-VPCP | Loại văn bản: | Thông báo |\nNơi ban hành: | Văn phòng Chính phủ | Người ký: | Trần B |\n",
])
def test_a_legal_portals_information_box_gives_no_task(box: str) -> None:
    text = box + "\nGiao Sở Nội vụ hướng dẫn các đơn vị triển khai Kế hoạch cải cách hành chính giai đoạn 2007 - 2010."
    [task] = extract_tasks(text, None)
    assert task.lead == "Sở Nội vụ"


def test_cac_dia_phuong_said_again_of_local_bodies_just_named() -> None:
    text = ("Bộ Nội vụ đề nghị Ủy ban nhân dân các tỉnh, thành phố tạm dừng việc xin chủ trương thành lập đơn vị hành "
            "chính. Đối với các đề án đã gửi Bộ, đề nghị các địa phương tiếp tục hoàn thiện hồ sơ.")
    assert _leads(text) == ["Ủy ban nhân dân các tỉnh, thành phố"] * 2
    other = "Giao Sở Y tế chủ trì kiểm tra an toàn thực phẩm. Đề nghị các địa phương chủ động phối hợp kiểm tra."
    assert _leads(other) == ["Sở Y tế", "các địa phương"]


def test_a_time_window_before_the_unit_governs_its_duties() -> None:
    text = ("Theo đó, trong thời gian từ đầu tháng 1/2025 tới ngày 15/3/2025, Công an tỉnh bố trí lực lượng thường xuyên "
            "kiểm tra, kiểm soát giao thông; chỉ đạo Công an các huyện huy động lực lượng tuần tra.")
    tasks = extract_tasks(text, "2025-01-02")
    assert [(t.lead, t.deadline) for t in tasks] == [("Công an tỉnh", "2025-03-15")] * 2


def test_nhan_dan_written_with_capitals() -> None:
    assert _leads("Thủ tướng yêu cầu Chủ tịch Uỷ ban Nhân dân các tỉnh, thành phố tăng cường phòng chống sốt xuất "
                  "huyết.") == ["Chủ tịch Uỷ ban Nhân dân các tỉnh, thành phố"]


def test_web_citation_markup_is_no_duty() -> None:
    text = "Phó Bí thư Đảng ủy Chính phủ cần`|url lưu trữ=`|ngày lưu trữ=12 tháng 3 năm 2025"
    assert extract_tasks(text, None) == []


@pytest.mark.parametrize(("text", "support", "action"), [
    ("Giao Sở Y tế chủ trì, có sự phối hợp của Sở Tài chính và UBND các huyện, xây dựng phương án phòng dịch.",
     ["Sở Tài chính", "UBND các huyện"], "xây dựng phương án phòng dịch"),
    ("Đề nghị Sở Công Thương, với sự tham gia của Chi cục Quản lý thị trường tỉnh, kiểm tra giá cả hàng hóa.",
     ["Chi cục Quản lý thị trường tỉnh"], "kiểm tra giá cả hàng hóa"),
])
def test_support_named_as_participation(text: str, support: list[str], action: str) -> None:
    [task] = extract_tasks(text, "2025-03-10")
    assert (task.support, task.action) == (support, action)


def test_a_numbered_duty_then_who_carries_it_out() -> None:
    text = ("1. Tổ chức hội nghị quán triệt Luật Đất đai năm 2024 cho cán bộ chủ chốt.\n"
            "Giao Sở Tư pháp chủ trì thực hiện; các sở, ngành phối hợp. Thời gian: quý II/2025.\n\n"
            "2. Biên soạn tài liệu hỏi đáp về Luật Đất đai.\n"
            "Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Sở Tư pháp thực hiện trong quý III/2025.\n")
    first, second = extract_tasks(text, "2025-03-10")
    assert (first.lead, first.support, first.deadline) == ("Sở Tư pháp", ["các sở, ngành"], "2025-06-30")
    assert first.action == "Tổ chức hội nghị quán triệt Luật Đất đai năm 2024 cho cán bộ chủ chốt"
    assert (second.lead, second.support, second.deadline) == ("Sở Nông nghiệp và Môi trường", ["Sở Tư pháp"], "2025-09-30")
    assert second.action == "Biên soạn tài liệu hỏi đáp về Luật Đất đai"


@pytest.mark.parametrize(("text", "lead"), [
    ("Đề nghị bộ phận biên tập tiếp thu, chỉnh sửa để sớm hoàn chỉnh dự thảo báo cáo.", "bộ phận biên tập"),
    ("Tổ biên tập khẩn trương hoàn thiện dự thảo báo cáo chính trị.", "Tổ biên tập"),
    ("Cơ quan soạn thảo có trách nhiệm tiếp thu, giải trình ý kiến thẩm định.", "Cơ quan soạn thảo"),
    ("Yêu cầu các nhà thầu thi công tăng ca, đẩy nhanh tiến độ dự án.", "các nhà thầu thi công"),
    ("Giao chủ đầu tư khẩn trương hoàn thiện hồ sơ quyết toán dự án.", "chủ đầu tư"),
])
def test_roles_named_without_a_proper_name(text: str, lead: str) -> None:
    assert _leads(text) == [lead]


@pytest.mark.parametrize(("text", "lead", "n"), [
    ("Chi bộ tiếp tục chỉ đạo Đoàn thanh niên tổ chức tổng kết hoạt động hè; tuyên truyền nhân dân chủ động phòng "
     "sâu bệnh hại lúa.", "Chi bộ", 2),
    ("Mặt trận và các đoàn thể đánh giá hiệu quả các mô hình kinh tế đã triển khai.", "Mặt trận và các đoàn thể", 1),
    ("Tổng cục cần tập trung tổ chức thực hiện tốt các nhiệm vụ của Nghị quyết.", "Tổng cục", 1),
])
def test_a_body_named_by_its_kind_alone(text: str, lead: str, n: int) -> None:
    assert _leads(text) == [lead] * n


def test_a_principle_about_authorities_is_no_duty() -> None:
    assert extract_tasks("Chính quyền địa phương phải gần dân, hiểu dân.", None) == []


@pytest.mark.parametrize("tail", [" Đăng ngày 02/07/2025", "\nCập nhật lúc 10:00 ngày 05/07/2025", " Nguồn: Báo tỉnh"])
def test_a_news_pages_date_and_source_lines_are_no_duty(tail: str) -> None:
    tasks = extract_tasks("Sở Y tế khẩn trương rà soát danh sách trẻ chưa tiêm vắc xin, báo cáo trước ngày 15/7/2025." + tail,
                          "2025-07-01")
    assert [t.lead for t in tasks] == ["Sở Y tế"]


@pytest.mark.parametrize("text", [
    "Giao Sở Y tế báo cáo kết quả rà soát trước ngày 10/4/2025; Sở Giáo dục và Đào tạo trước ngày 15/4/2025.",
    "Sở Y tế báo cáo kết quả rà soát trước ngày 10/4/2025, Sở Giáo dục và Đào tạo trước ngày 15/4/2025.",
])
def test_a_deadline_that_belongs_to_the_second_of_two_units(text: str) -> None:
    first, second = extract_tasks(text, "2025-03-10")
    assert (first.lead, first.deadline) == ("Sở Y tế", "2025-04-10")
    assert (second.lead, second.action, second.deadline) == ("Sở Giáo dục và Đào tạo", first.action, "2025-04-15")


@pytest.mark.parametrize(("text", "lead"), [
    ("Đề nghị các đoàn kiểm tra của thành phố và quận, huyện tập trung kiểm tra các mặt hàng phục vụ Tết.",
     "các đoàn kiểm tra của thành phố và quận, huyện"),
    ("Thường trực HĐND tỉnh đề nghị các đại biểu, các ban Hội đồng nhân dân tỉnh tiếp tục nêu cao trách nhiệm giám sát.",
     "các đại biểu, các ban Hội đồng nhân dân tỉnh"),
])
def test_inspection_teams_and_deputies(text: str, lead: str) -> None:
    assert _leads(text) == [lead]
