"""Assignment annexes and task tables by kind, session rules22 (issue 11: tables, annexes and letters in whole
documents). Each kind is tested on invented wording, never on a line of the labelled data."""
from __future__ import annotations

from services.ingest.understanding.annex import annex_limit, lead_header, what_header
from services.ingest.understanding.tasks import extract_tasks

# -- an annex that hands each region's request to the ministry that must handle it: the unit column is headed
# "Bộ phụ trách …", the request column "Nội dung kiến nghị", and the first column names the region that asked --------

_ANNEX = """Kính gửi: Các Bộ, cơ quan ngang Bộ
Đề nghị các Bộ nghiên cứu, trả lời các kiến nghị của các địa phương (Phụ lục gửi kèm), hoàn thành trước ngày
20/8/2025.
Nơi nhận:
- Như trên;
- Lưu: VT.
|
**PHỤ LỤC**
TỔNG HỢP KIẾN NGHỊ CỦA CÁC ĐỊA PHƯƠNG
*(Kèm theo Công văn số 55/BCĐ ngày 01 tháng 8 năm 2025)*
|
**TT**
|
**Địa phương kiến nghị**
|
**Nội dung kiến nghị**
|
**Bộ phụ trách giải quyết**
|
|
1
|
Vùng Đông
|
Xem xét bổ sung kinh phí sửa chữa nhà văn hóa thôn cho các xã miền núi
|
Bộ Văn hóa, Thể thao và Du lịch
|
|
2
|
Vùng Tây, Vùng Nam
|
Hướng dẫn cách tính phụ cấp cho cán bộ kiêm nhiệm ở cấp xã
|
Bộ Nội vụ
|
"""


def test_annex_rows_are_led_by_the_handling_column_and_dated_by_the_body() -> None:
    rows = [(t.lead, t.deadline) for t in extract_tasks(_ANNEX, "2025-08-01") if t.action.startswith(("Xem", "Hướng"))]
    assert rows == [("Bộ Văn hóa, Thể thao và Du lịch", "2025-08-20"), ("Bộ Nội vụ", "2025-08-20")]


def test_the_asking_region_is_never_a_lead() -> None:
    leads = {t.lead for t in extract_tasks(_ANNEX, "2025-08-01")}
    assert not {"Vùng Đông", "Vùng Tây, Vùng Nam"} & leads


def test_header_wordings() -> None:
    for head in ("Bộ phụ trách tiếp nhận, xử lý", "Cơ quan được giao", "Đơn vị đầu mối", "Bộ, ngành giải quyết"):
        assert lead_header(head), head
    for head in ("Nội dung đề xuất", "Thông tin kiến nghị", "Vướng mắc"):
        assert what_header(head), head
    for head in ("Tỉnh kiến nghị", "Đơn vị đề xuất", "Thời gian hoàn thành", "Ghi chú"):
        assert not what_header(head), head
    assert not lead_header("Ghi chú")


def test_annex_limit_only_from_a_sentence_that_refers_to_the_annex() -> None:
    lim = annex_limit(["Các sở rà soát danh mục (chi tiết tại Phụ lục I), xong trước ngày 05/9/2025."], "2025-08-01")
    assert lim is not None and lim.date == "2025-09-05"
    # the annex's own subtitle carries a date, not a limit; a dated sentence elsewhere does not govern the annex
    assert annex_limit(["(Kèm theo Công văn số 12/UBND ngày 03 tháng 8 năm 2025)"], "2025-08-01") is None
    assert annex_limit(["Báo cáo trước ngày 10/9/2025.", "Danh mục tại Phụ lục kèm theo."], "2025-08-01") is None


# -- a register annexed to a letter (licence holders, sites, figures): its cells name companies, not units given duties

_REGISTER = """Giao Sở Công Thương theo dõi việc khai thác tại các điểm nêu trong danh mục kèm theo.
|
**Danh mục các điểm khai thác cát**
|
**TT**
|
**Đơn vị được cấp phép**
|
**Vị trí**
|
**Số giấy phép**
|
**Sản lượng (m3/năm)**
|
|
1
|
Công ty Cổ phần đầu tư vật liệu Hồng Lam
|
Bãi sông Đào, xã Yên Phú
|
12/GP-UBND ngày 03/02/2021
|
150.000
|
|
2
|
Công ty TNHH xây dựng vận tải Minh Khuê
|
Bãi Cồn Mây, xã Yên Lạc
|
7/GP-UBND ngày 15/6/2023
|
90.000
|
"""


def test_a_register_table_gives_no_task_and_no_company_lead() -> None:
    tasks = extract_tasks(_REGISTER, "2025-03-10")
    assert [t.lead for t in tasks] == ["Sở Công Thương"]
