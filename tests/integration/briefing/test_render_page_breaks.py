"""The giao ban pack as the leader's office prints it, at every length: found playing 317/TB-UBND — "in the printed
pack a task's row was cut by the page break (its document number alone at the top of the next page) and the last
page held only the signer's name". Rows stay whole, a list's title stays with its table, the signature block
stays on one page."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from docx.oxml.ns import qn
from helpers.docx_check import open_docx
from helpers.pdf_check import pdf_pages, to_pdf

from services.briefing import domain, render
from services.briefing.domain import DirectiveFact, TaskFact, UnitRef

D = date
UNIT = UnitRef("u1", "Sở Giao thông vận tải")
ACTION = ("khảo sát, đánh giá hiện trạng các tuyến đường tỉnh bị sạt lở sau mưa lũ và đề xuất phương án khắc "
          "phục khẩn cấp, bảo đảm giao thông thông suốt trước mùa mưa năm sau (nhiệm vụ số {n})")


def pack_docx(n: int) -> bytes:
    tasks = [TaskFact(str(k), f"d{k}", f"{500 + k}/TB-UBND", ACTION.format(n=k), "u1", UNIT.name, D(2012, 3, 1),
                      D(2012, 4, k % 27 + 1), None, progress_percent=10) for k in range(1, n + 1)]
    directives = [DirectiveFact(f"d{k}", f"{500 + k}/TB-UBND", "Thông báo", "Kết luận về giao thông", D(2012, 3, 1),
                                frozenset({"u1"})) for k in range(1, n + 1)]
    pack = domain.assemble_pack(D(2012, 5, 7), D(2012, 2, 27), D(2012, 5, 14), D(2012, 5, 7), [UNIT], tasks,
                                directives)
    header = render.Header(parent_body="UBND tỉnh Bắc Sơn", body="Văn phòng", number="Số:       /TL-VP",
                           place="Bắc Sơn", issued=D(2012, 5, 7), kind="Tài liệu", subject="Phục vụ giao ban",
                           recipients=[], signer_title="KT. Chánh Văn phòng", signer_name="Hoàng Văn Sơn")
    return render.render_pack(pack, header, "Giao ban tháng 5/2012", None)


def test_no_row_and_no_signature_cut_by_a_page_break(tmp_path: Path) -> None:
    files = {f"pack-{n}.docx": pack_docx(n) for n in range(3, 13)}
    for data in files.values():
        tables = open_docx(data).tables
        for table in [t for t in tables if t.style is not None and t.style.name == "Table Grid"] + [tables[-1]]:
            for row in table.rows:  # every row of the lists, and the signature block
                trpr = row._tr.trPr
                assert trpr is not None and trpr.find(qn("w:cantSplit")) is not None
    for name, pdf in to_pdf(files, tmp_path).items():
        pages = pdf_pages(pdf, layout=False)
        signed = [i for i, p in enumerate(pages) if "Hoàng Văn Sơn" in p]
        assert signed and "CHÁNH VĂN PHÒNG" in pages[signed[0]], (name, len(pages), signed)
        for i, page in enumerate(pages):  # each task's number prints on the page of its text
            for m in re.finditer(r"\((5\d\d/TB-UBND)\)", page):
                k = int(m.group(1)[:3]) - 500
                assert f"(nhiệm vụ số {k})" in " ".join(page[:m.start()].split()), (name, i + 1, m.group(1))
