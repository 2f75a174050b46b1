"""Deadlines by kind (issue 11, deadlines on unseen text): each kind tested on invented wording, never on a line of
the labelled data."""
from __future__ import annotations

import pytest

from services.ingest.understanding.deadlines import time_cell_at
from services.ingest.understanding.tasks import extract_tasks


def _deadlines(text: str, issued: str | None = "2025-03-10") -> list[tuple[str, str | None]]:
    return [(t.lead, t.deadline) for t in extract_tasks(text, issued)]


# -- a task table whose rows leave cells empty: the time is the cell that reads as a time ---------------------------

_TABLE = """PHỤ LỤC

NHIỆM VỤ CỦA CÁC CƠ QUAN

TT

Nội dung công việc

Cơ quan chủ trì

Cơ quan phối hợp

Thời gian hoàn thành

Sản phẩm

Kinh phí

1

Rà soát danh mục thủ tục hành chính về đất đai trên địa bàn tỉnh.

Sở Nông nghiệp và Môi trường

Các sở, ngành, UBND cấp xã

Quý III/2026

Báo cáo rà soát

Ngân sách tỉnh

2

Xây dựng phần mềm quản lý hồ sơ địa chính dùng chung.

Trung tâm Công nghệ thông tin tỉnh

Sở Tài chính

Năm 2026 - 2027

Phần mềm

3

Đào tạo cán bộ cấp xã sử dụng phần mềm quản lý hồ sơ.

Sở Nội vụ

Các sở, ngành

Quý I/2027

Lớp tập huấn
"""


def test_a_table_row_without_its_last_cells_keeps_its_time() -> None:
    got = _deadlines(_TABLE)
    assert ("Trung tâm Công nghệ thông tin tỉnh", "2027-12-31") in got
    assert ("Sở Nội vụ", "2027-03-31") in got
    assert ("Sở Nông nghiệp và Môi trường", "2026-09-30") in got


@pytest.mark.parametrize(("cells", "at"), [
    (["Sở Tài chính", "Quý II/2026", "Báo cáo"], 1),
    (["Sở Tài chính", "Báo cáo", "Năm 2026"], 2),
    (["Sở Tài chính", "Năm 2025 - 2026", "Nghị quyết", "Thường xuyên"], 3),  # a time last: the row ends with it
    (["Sở Tài chính", "Báo cáo", "Ngân sách tỉnh"], None),
    ([], None),
])
def test_the_time_cell_of_a_row(cells: list[str], at: int | None) -> None:
    assert time_cell_at(cells) == at
