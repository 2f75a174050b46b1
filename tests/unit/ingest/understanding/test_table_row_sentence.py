"""A task read from a row of a task table keeps the row's cells apart in its source sentence (a tab between cells,
shown as " | " on the review page): joined by spaces, "Câu gốc" ran the number, the duty, the units and the time
together into one unreadable line (play 325)."""
from __future__ import annotations

from services.ingest.understanding import understand

PLAN = """ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH
Số: 912/KH-UBND
Hà Tĩnh, ngày 02 tháng 12 năm 2026

KẾ HOẠCH
Phòng chống rét cho cây trồng vụ đông xuân

UBND tỉnh giao nhiệm vụ như sau:
TT\tNhiệm vụ\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời hạn
1\tHướng dẫn nông dân che phủ mạ xuân bằng nilon\tSở Nông nghiệp và Môi trường\tHội Nông dân tỉnh\tTrước ngày 20/01/2027
2\tBảo đảm đủ điện phục vụ bơm tưới chống hạn\tSở Công Thương\tĐiện lực tỉnh\tTrước ngày 25/01/2027
"""


def test_a_table_rows_sentence_keeps_its_cells_apart() -> None:
    rows = {t.lead: t.sentence for t in understand(PLAN).tasks}
    assert rows["Sở Công Thương"].split("\t") == ["2", "Bảo đảm đủ điện phục vụ bơm tưới chống hạn", "Sở Công Thương",
                                                  "Điện lực tỉnh", "Trước ngày 25/01/2027"], rows
    assert rows["Sở Nông nghiệp và Môi trường"].split("\t")[1] == "Hướng dẫn nông dân che phủ mạ xuân bằng nilon"
