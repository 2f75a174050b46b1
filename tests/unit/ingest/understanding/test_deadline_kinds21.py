"""Deadlines by kind, rules21 (issue 11): whole-document shapes where the time of a duty is written apart from it.
Invented wording, never a line of the labelled data."""
from __future__ import annotations

from services.ingest.understanding.deadlines import find_deadline
from services.ingest.understanding.tasks import extract_tasks


def _tasks(text: str, issued: str | None = "2026-05-04") -> list[tuple[str, str | None, str | None]]:
    return [(t.lead, t.deadline, t.deadline_text) for t in extract_tasks(text, issued)]


def test_a_task_table_in_bold_markdown_cells_gives_each_row_its_completion_time() -> None:
    # a portal page converted to Markdown: cells between "|" lines, the header and section rows in bold
    cells = ["**STT**", "**Nội dung thực\nhiện**", "**Đơn vị chủ trì**", "**Đơn vị phối hợp**", "**Thời gian hoàn\nthành**",
             "|", "**I**", "**RÀ SOÁT VÀ KIỆN TOÀN**", "|",
             "1", "Rà soát quy chế phối hợp cứu hộ\ntrên các tuyến sông", "Sở Giao thông vận tải", "Công an tỉnh",
             "Trước ngày\n20/9/2026", "|",
             "2", "Bổ sung trang thiết bị cho các đội\nxung kích cấp xã", "UBND cấp xã", "Sở Tài chính", "2026"]
    text = "PHỤ LỤC\nDANH MỤC NHIỆM VỤ\n|\n" + "\n|\n".join(cells) + "\n"
    got = _tasks(text)
    assert ("Sở Giao thông vận tải", "2026-09-20", "Trước ngày 20/9/2026") in got
    assert ("UBND cấp xã", "2026-12-31", "2026") in got


def test_a_scanned_quarter_numeral_with_the_letter_l_for_i_is_still_that_quarter() -> None:
    dl = find_deadline("Ban Chỉ huy Quân sự huyện tập huấn cho dân quân xã, thời gian hoàn thành trong quí lII năm 2026",
                       "2026-05-04")
    assert dl is not None and dl.date == "2026-09-30" and dl.text == "trong quí lII năm 2026"
    assert find_deadline("đưa bến xe mới vào khai thác trong Quý lV/2026", "2026-05-04").date == "2026-12-31"
    assert find_deadline("báo cáo quý lớn nhất của năm", "2026-05-04") is None
