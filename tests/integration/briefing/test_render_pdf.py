"""The exports as an office prints them: DOCX rendered by LibreOffice headless, the PDF's text layout checked
(NĐ 30/2020 Phụ lục I on A4), and the XLSX tables read back with openpyxl."""
from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from helpers.docx_check import all_text, open_docx
from helpers.pdf_check import check_printed_layout, pdf_pages, to_pdf
from openpyxl import load_workbook

from services.briefing import domain, render
from services.briefing.domain import Contribution, DeadlineChange, DirectiveFact, TaskFact, UnitRef

D = date
UNITS = [UnitRef("u1", "Sở Lâm nghiệp"), UnitRef("u2", "Ban Quản lý khu kinh tế")]
TASKS = [
    TaskFact("1", "d1", "88/TB-UBND", "lập hồ sơ trồng rừng thay thế trên diện tích đất bị thu hồi của dự án", "u1",
             "Sở Lâm nghiệp", D(2011, 3, 2), D(2011, 5, 20), D(2011, 5, 24), support_names=("Sở Tài chính",),
             progress_note="Đã lập xong hồ sơ, chờ thẩm định.", original_deadline=D(2011, 4, 30),
             contributions=(Contribution("Sở Tài chính", 80, "Đã thẩm định dự toán."),),
             extensions=(DeadlineChange("extension", D(2011, 4, 30), D(2011, 5, 20), D(2011, 4, 25)),), level=1),
    TaskFact("2", "d2", "89/TB-UBND", "rà soát quy hoạch chi tiết khu công nghiệp phía Nam", "u2",
             "Ban Quản lý khu kinh tế", D(2011, 3, 9), D(2011, 9, 1), None,
             support_names=("Sở Xây dựng", "UBND huyện Bắc Sơn"), progress_percent=35,
             original_deadline=D(2011, 4, 15),
             extensions=(DeadlineChange("reassignment", D(2011, 4, 15), D(2011, 9, 1), D(2011, 6, 1), 47),)),
    TaskFact("3", "d2", "89/TB-UBND", "báo cáo kết quả giải phóng mặt bằng", "u2", "Ban Quản lý khu kinh tế",
             D(2011, 3, 9), D(2011, 5, 31), None, progress_percent=10),
]
DIRECTIVES = [DirectiveFact("d2", "89/TB-UBND", "Thông báo", "Kết luận về khu công nghiệp phía Nam", D(2011, 3, 9),
                            frozenset({"u2"}))]


def header(level: int) -> render.Header:
    return render.Header(parent_body="UBND tỉnh Bắc Sơn", body="Văn phòng", number="Số:       /BC-VP",
                         place="Bắc Sơn", issued=D(2011, 6, 20), kind="Báo cáo",
                         subject="Tình hình thực hiện nhiệm vụ được giao", recipients=["UBND tỉnh Bắc Sơn"],
                         signer_title="Chánh Văn phòng", signer_name="Trần Thị Bình", level=level)


def test_pack_and_report_print_right(tmp_path: Path) -> None:
    report = domain.assemble_report(D(2011, 6, 20), None, None, UNITS, TASKS)
    pack = domain.assemble_pack(D(2011, 6, 20), D(2011, 3, 1), D(2011, 7, 4), D(2011, 6, 20), UNITS, TASKS,
                                DIRECTIVES)
    assert report.level == 1 and pack.level == 1  # one task of a Mật document
    files = {"report.docx": render.render_report(report, header(report.level)),
             "pack.docx": render.render_pack(pack, header(pack.level), "Giao ban tháng 6/2011", "Chủ tịch UBND tỉnh")}
    pdfs = to_pdf(files, tmp_path)
    for name, data in files.items():
        doc = open_docx(data)
        pages = check_printed_layout(doc, pdfs[name])
        assert len(pages) >= 2, name
        first = pages[0]
        assert "MẬT" in first.split("TÀI LIỆU")[0].split("BÁO CÁO")[0]  # the mark, in the header block
        assert "UBND TỈNH BẮC SƠN" in first and "VĂN PHÒNG" in first and "Bắc Sơn, ngày 20 tháng 6 năm 2011" in first
        text = "\n".join(pages)
        assert "CHÁNH VĂN PHÒNG" in text and "Trần Thị Bình" in text
        flat = " ".join(" ".join(pdf_pages(pdfs[name], layout=False)).split())  # each cell's lines in order
        # cooperating units, progress, the original deadline with every extension and re-assignment, days late
        assert "Sở Tài chính" in flat and "UBND huyện Bắc Sơn" in flat and "35%" in flat
        assert "30/04/2011 gia hạn đến 20/05/2011" in flat and "hoàn thành 24/05/2011" in flat
        assert "15/04/2011 giao lại đến 01/09/2011 (đã quá hạn 47 ngày)" in flat
        assert "Tình hình thực hiện: Đã lập xong hồ sơ, chờ thẩm định." in flat
        assert "Sở Tài chính (phối hợp, 80%): Đã thẩm định dự toán." in flat
        assert "Đã lập xong hồ sơ" in all_text(doc)
    # nothing secret: no mark
    plain = [t for t in TASKS if t.level == 0]
    r0 = domain.assemble_report(D(2011, 6, 20), None, None, UNITS, plain)
    assert r0.level == 0
    assert "MẬT" not in all_text(open_docx(render.render_report(r0, header(r0.level)))).replace("MẬT THIẾT", "")


def test_xlsx_tables_sort_and_filter() -> None:
    report = domain.assemble_report(D(2011, 6, 20), None, None, UNITS, TASKS)
    wb = load_workbook(io.BytesIO(render.xlsx_report(report, "Báo cáo")))
    assert wb.sheetnames == ["Tổng hợp", "Nhiệm vụ"]
    ws = wb["Nhiệm vụ"]
    assert ws["A1"].value == "MẬT"  # the mark on an export with secret content
    head = [c.value for c in ws[3]]
    assert head[:6] == ["TT", "Đơn vị (mục)", "Văn bản giao", "Nội dung nhiệm vụ", "Đơn vị chủ trì",
                        "Đơn vị phối hợp"]
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A3:") and ws.freeze_panes == "A4"
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    assert len(rows) == 3
    by_action = {r[3]: dict(zip(head, r, strict=True)) for r in rows}
    late = by_action["rà soát quy hoạch chi tiết khu công nghiệp phía Nam"]
    assert late["Thời hạn ban đầu"].date() == D(2011, 4, 15) and late["Thời hạn hiện tại"].date() == D(2011, 9, 1)
    assert late["Gia hạn, giao lại"] == "Giao lại đến 01/09/2011 (đã quá hạn 47 ngày)"
    assert late["Đơn vị phối hợp"] == "Sở Xây dựng; UBND huyện Bắc Sơn" and late["Tiến độ (%)"] == 35
    overdue = by_action["báo cáo kết quả giải phóng mặt bằng"]
    assert overdue["Số ngày quá hạn"] == 20 and overdue["Tình trạng"] == "Quá hạn chưa hoàn thành"
    counts = [[c.value for c in r] for r in wb["Tổng hợp"].iter_rows(min_row=4)]
    assert counts[-1] == ["Tổng cộng", 3, 0, 1, 1, 1, 2, 33.3]
    pack = domain.assemble_pack(D(2011, 6, 20), D(2011, 3, 1), D(2011, 7, 4), D(2011, 6, 20), UNITS, TASKS,
                                DIRECTIVES)
    wb = load_workbook(io.BytesIO(render.xlsx_pack(pack, "Giao ban tháng 6/2011")))
    labels = {r[1].value for r in wb["Nhiệm vụ"].iter_rows(min_row=4)}
    assert "Ban Quản lý khu kinh tế: quá hạn" in labels and "Sở Lâm nghiệp: đã hoàn thành" in labels
