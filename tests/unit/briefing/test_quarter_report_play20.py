"""The quarter's report (play 329): how many tasks each unit was given more time for (gia hạn, giao lại), the reason
of each printed beside its dates, and the tasks a unit returned that wait for another — counted nowhere, listed
apart. Invented tasks; the DOCX and Excel read back with the real libraries."""
from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import openpyxl
from helpers.docx_check import all_text, find_table, open_docx

from services.briefing import domain, render
from services.briefing.domain import DeadlineChange, TaskFact, UnitRef

D = date
YT, XD = UnitRef("yt", "Sở Y tế"), UnitRef("xd", "Sở Xây dựng")
TASKS = [
    TaskFact("1", "d", "40/TB-UBND", "lập kế hoạch tiêm chủng mở rộng", "yt", "Sở Y tế", D(2026, 10, 5),
             D(2026, 12, 28), None, original_deadline=D(2026, 12, 13),
             extensions=(DeadlineChange("extension", D(2026, 12, 13), D(2026, 12, 28), D(2026, 12, 8), 0,
                                        "Chờ phân bổ vắc xin đợt 2."),)),
    TaskFact("2", "d", "40/TB-UBND", "kiểm định chất lượng nước sinh hoạt", "yt", "Sở Y tế", D(2026, 10, 5),
             D(2026, 12, 20), None, original_deadline=D(2026, 11, 15),
             extensions=(DeadlineChange("reassignment", D(2026, 11, 15), D(2026, 12, 20), D(2026, 11, 20), 5,
                                        "Chờ kết quả xét nghiệm của Viện Pasteur."),)),
    TaskFact("3", "d", "40/TB-UBND", "kiểm tra an toàn công trình trường học", "xd", "Sở Xây dựng",
             D(2026, 10, 5), D(2026, 12, 1), None, original_deadline=D(2026, 12, 1)),
]
HEADER = render.Header(parent_body="UBND tỉnh Nghệ An", body="Văn phòng", number="Số:       /BC-VP", place="Nghệ An",
                       issued=D(2026, 12, 10), kind="Báo cáo", subject="Tình hình thực hiện nhiệm vụ quý IV")


def test_each_unit_counts_the_tasks_given_more_time_and_prints_why() -> None:
    report = domain.assemble_report(D(2026, 12, 10), D(2026, 10, 1), None, [YT, XD], TASKS)
    assert {u.unit.name: u.counts.extended for u in report.units} == {"Sở Y tế": 2, "Sở Xây dựng": 0}
    assert report.totals.extended == 2 and report.totals.overdue == 1 and report.totals.total == 3
    doc = open_docx(render.render_report(report, HEADER))
    rows = find_table(doc, "Đơn vị")
    assert rows[0][6] == "Được gia hạn, giao lại" and rows[-1] == ["Tổng cộng", "3", "0", "0", "2", "1", "2", "0,0"]
    text = all_text(doc)
    assert "Lý do gia hạn đến 28/12/2026: Chờ phân bổ vắc xin đợt 2." in text
    assert "Lý do giao lại đến 20/12/2026: Chờ kết quả xét nghiệm của Viện Pasteur." in text
    sheet = openpyxl.load_workbook(io.BytesIO(render.xlsx_report(report, "Báo cáo quý IV")))["Nhiệm vụ"]
    changes = {r[3]: r[8] for r in sheet.iter_rows(values_only=True) if r[3] and r[0] != "TT"}
    assert changes["kiểm định chất lượng nước sinh hoạt"] == ("Giao lại đến 20/12/2026 (đã quá hạn 5 ngày) — lý do: "
                                                               "Chờ kết quả xét nghiệm của Viện Pasteur")


def test_a_returned_task_is_listed_apart_and_counted_nowhere() -> None:
    report = domain.assemble_report(D(2026, 12, 10), D(2026, 10, 1), None, [YT, XD], TASKS)
    returned = replace(domain.line(TaskFact("4", "d", "40/TB-UBND", "rà soát định mức giáo viên", "nv", "Sở Nội vụ",
                                            D(2026, 10, 5), D(2026, 12, 23), None), D(2026, 12, 10)),
                       returned_note="Sở Nội vụ trả lại: Không thuộc chức năng của Sở")
    report.returned = [returned]
    text = all_text(open_docx(render.render_report(report, HEADER)))
    assert "Đơn vị trả lại, chờ giao đơn vị khác (không tính vào các số trên): 1 nhiệm vụ." in text
    assert "Sở Nội vụ trả lại: Không thuộc chức năng của Sở." in text and report.totals.total == 3
    sheet = openpyxl.load_workbook(io.BytesIO(render.xlsx_report(report, "Báo cáo quý IV")))["Nhiệm vụ"]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[3] == "rà soát định mức giáo viên")
    assert (row[1], row[10]) == ("Đơn vị trả lại, chờ giao đơn vị khác", "Đơn vị trả lại"), row
