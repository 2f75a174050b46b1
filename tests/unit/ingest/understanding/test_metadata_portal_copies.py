"""Portal copies of laws, resolutions and decrees often lose the header's date or issuer: a clerk still reads the date
a law or resolution was passed from its closing line, and knows that only the Government issues a decree (invented
texts)."""
from __future__ import annotations

from services.ingest.understanding.metadata import extract_metadata

RESOLUTION = """| CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc----- |
Số: 2001/NQ-UBTVQH15 |

NGHỊ QUYẾT

Về việc thành lập thị trấn Hòa Bình thuộc huyện Tây Sơn

ỦY BAN THƯỜNG VỤ QUỐC HỘI

Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;

Điều 1. Thành lập thị trấn Hòa Bình.

Điều 2. Nghị quyết này có hiệu lực từ ngày ký.

Nghị quyết này được Ủy ban Thường vụ Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV thông qua ngày 03 tháng 7 năm 2025.

TM. ỦY BAN THƯỜNG VỤ QUỐC HỘI
CHỦ TỊCH
"""

LAW = """| CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc |
Luật số: 77/2025/QH15 |

LUẬT

THƯ VIỆN SỐ

Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;

Điều 1. Phạm vi điều chỉnh. Luật này quy định về thư viện số.

Điều 40. Hiệu lực thi hành. Luật này có hiệu lực từ ngày 01 tháng 01 năm 2026.

Luật này được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, kỳ họp thứ 9 thông qua ngày 25 tháng 6 năm 2025.
"""

DECREE_NO_HEADER = """| CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc______ |

NGHỊ ĐỊNH

Quy định về quản lý cây xanh đô thị

Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;

Theo đề nghị của Bộ trưởng Bộ Xây dựng;

Chính phủ ban hành Nghị định quy định về quản lý cây xanh đô thị.
"""


def test_a_resolution_without_a_header_date_takes_the_date_it_was_passed() -> None:
    info = extract_metadata(RESOLUTION)
    assert info.number == "2001/NQ-UBTVQH15"
    assert info.issued_date == "2025-07-03"


def test_a_law_without_a_header_date_takes_the_date_it_was_passed_not_its_entry_into_force() -> None:
    info = extract_metadata(LAW)
    assert info.doc_type == "Luật"
    assert info.issued_date == "2025-06-25"
    assert info.issuer == "Quốc hội"


def test_a_header_date_beats_the_passing_line() -> None:
    text = RESOLUTION.replace("Số: 2001/NQ-UBTVQH15 |", "Số: 2001/NQ-UBTVQH15 | Hà Nội, ngày 05 tháng 7 năm 2025")
    assert extract_metadata(text).issued_date == "2025-07-05"


def test_a_notice_quoting_a_passing_line_takes_no_date_from_it() -> None:
    text = ("THÔNG BÁO\nVề việc phổ biến luật mới\nLuật này được Quốc hội thông qua ngày 25 tháng 6 năm 2025, các "
            "đơn vị tổ chức phổ biến.\n")
    assert extract_metadata(text).issued_date is None


def test_a_decree_without_a_header_issuer_is_the_governments() -> None:
    info = extract_metadata(DECREE_NO_HEADER)
    assert info.doc_type == "Nghị định"
    assert info.issuer == "Chính phủ"
