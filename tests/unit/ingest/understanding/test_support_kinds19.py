"""Support (phối hợp) units by kind, session rules19 (issue 11: support recall on whole documents). Each kind is tested
on invented wording, never on a line of the labelled data."""
from __future__ import annotations

from services.ingest.understanding.tasks import extract_tasks


def _tasks(text: str) -> list[tuple[str, list[str]]]:
    return [(t.lead, t.support) for t in extract_tasks(text, "2025-03-10")]


# -- a plan's annex task table as a Markdown conversion of a portal page writes it: one cell per line run, a "|" line
# between cells, bold header cells; "Nội dung thực hiện" is the task column when another column is named "chủ trì" ----

_MARKDOWN_TABLE = """**PHỤ LỤC**
DANH MỤC NHIỆM VỤ THỰC HIỆN KẾ HOẠCH
|
**STT**
|
**Nội dung thực
hiện**
|
**Đơn vị chủ trì**
|
**Đơn vị phối hợp**
|
**Thời gian hoàn
thành**
|
|
**I**
|
**CÔNG TÁC TUYÊN TRUYỀN**
|
|
1
|
Biên soạn tài liệu hỏi đáp về phòng cháy
trong khu dân cư
|
Công an tỉnh
|
Sở Văn hóa, Thể thao và Du lịch; các cơ quan
báo chí
|
Trước ngày 15/5/2025
|
|
2
|
Tập huấn kỹ năng thoát nạn cho học sinh
|
Sở Giáo dục và Đào tạo
|
Công an tỉnh; UBND các huyện
|
Tháng 6/2025
|"""


def test_a_markdown_task_table_gives_each_row_with_its_support_column() -> None:
    tasks = extract_tasks(_MARKDOWN_TABLE, "2025-03-10")
    got = [(t.lead, t.support, t.deadline) for t in tasks]
    assert got == [
        ("Công an tỉnh", ["Sở Văn hóa, Thể thao và Du lịch", "các cơ quan báo chí"], "2025-05-15"),
        ("Sở Giáo dục và Đào tạo", ["Công an tỉnh", "UBND các huyện"], "2025-06-30"),
    ]
    assert tasks[0].action.startswith("Biên soạn tài liệu hỏi đáp")


def test_a_plain_task_table_whose_task_column_says_thuc_hien_still_reads_its_lead_column() -> None:
    text = ("STT\nNội dung thực hiện\nCơ quan chủ trì\nCơ quan phối hợp\nThời gian\n"
            "1\nKiểm tra an toàn đập thủy lợi\nSở Nông nghiệp và Môi trường\nUBND các xã\nQuý II/2025\n")
    assert _tasks(text) == [("Sở Nông nghiệp và Môi trường", ["UBND các xã"])]
