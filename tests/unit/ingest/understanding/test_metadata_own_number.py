"""The document's own number is the "Số: …" of the header block; a number cited in the subject, or after "Căn cứ",
"thực hiện", "theo", is a citation and never the document's number (invented headers, several layouts)."""
from __future__ import annotations

from services.ingest.understanding.metadata import extract_metadata

# A DOCX two-column header table flattened with pipes; the subject cites a decree.
DOCX_TABLE = """ỦY BAN NHÂN DÂN HUYỆN TÂN LẠC | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHÒNG NỘI VỤ | Độc lập - Tự do - Hạnh phúc
Số: 48/TB-PNV | Tân Lạc, ngày 09 tháng 4 năm 2025
V/v thực hiện Nghị định |
số 73/2024/NĐ-CP về chế độ tiền lương |

THÔNG BÁO
Về việc rà soát hồ sơ tiền lương
Kính gửi: Các cơ quan, đơn vị thuộc huyện.
Phòng Nội vụ đề nghị các cơ quan báo cáo trước ngày 20/4/2025.
"""

# A PDF text where the subject (V/v) wraps and the wrapped line starts with the cited number; no "Số:" above it.
PDF_WRAPPED_NO_OWN = """UBND TỈNH HÀ GIANG
SỞ XÂY DỰNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
V/v triển khai thực hiện Nghị định
số 15/2021/NĐ-CP của Chính phủ
Hà Giang, ngày 12 tháng 3 năm 2025
Kính gửi: Ủy ban nhân dân các huyện, thành phố.
Sở Xây dựng đề nghị các đơn vị rà soát các công trình.
"""

# The same with the own number printed after the subject (a two-column header read column by column).
PDF_WRAPPED_OWN_AFTER = """UBND TỈNH HÀ GIANG
SỞ XÂY DỰNG
V/v triển khai thực hiện Nghị định
số 15/2021/NĐ-CP của Chính phủ
Số: 602/SXD-QLXD
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Giang, ngày 12 tháng 3 năm 2025
Kính gửi: Ủy ban nhân dân các huyện, thành phố.
Sở Xây dựng đề nghị các đơn vị rà soát các công trình.
"""

# OCR text of a scan: broken spacing, the header's "Số" line illegible, a "Căn cứ" line cites a decree.
OCR_NO_NUMBER = """ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ  ĐỒNG  TÂM                  Độc lập - Tự do - Hạnh phúc

                              Đồng Tâm, ngày  3 tháng  2 năm 2025
THÔNG BÁO
Kết luận của Chủ tịch UBND xã tại cuộc họp giao ban
Căn cứ Nghị định
số 114/2002/NĐ-CP ngày 31/12/2002 của Chính phủ;
Ủy ban nhân dân xã thông báo như sau: công chức địa chính hoàn thành trước ngày 15/02/2025.
"""

# OCR text with the own number broken by spacing and a wrapped citation in the subject below.
OCR_SPACED = """ỦY BAN NHÂN DÂN
TỈNH  LẠNG  SƠN
Số :  215 /TB - UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lạng Sơn, ngày 21 tháng 5 năm 2025
THÔNG BÁO
Về việc thực hiện Quyết định
số 1002/QĐ-TTg của Thủ tướng Chính phủ
Ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì thực hiện.
"""

# A "Căn cứ" line that wraps so that the cited number opens a line, in a text with the own number further down.
CAN_CU_WRAPPED = """HỘI ĐỒNG NHÂN DÂN
TỈNH KON TUM
NGHỊ QUYẾT
Căn cứ Luật Tổ chức chính quyền địa phương
số 72/2025/QH15;
Số: 09/2025/NQ-HĐND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Kon Tum, ngày 10 tháng 7 năm 2025
"""


def test_docx_table_header_own_number_beats_the_decree_in_the_subject() -> None:
    info = extract_metadata(DOCX_TABLE)
    assert info.number == "48/TB-PNV"
    assert info.doc_type == "Thông báo"
    assert info.issued_date == "2025-04-09"


def test_wrapped_subject_citation_is_not_the_number_when_the_own_number_is_missing() -> None:
    info = extract_metadata(PDF_WRAPPED_NO_OWN)
    assert info.number != "15/2021/NĐ-CP"
    assert info.doc_type != "Nghị định"
    assert info.doc_type == "Công văn"
    assert "15/2021/NĐ-CP" in [r.number for r in info.references]


def test_wrapped_subject_citation_before_the_own_number() -> None:
    info = extract_metadata(PDF_WRAPPED_OWN_AFTER)
    assert info.number == "602/SXD-QLXD"
    assert info.doc_type == "Công văn"


def test_scan_without_a_number_line_takes_no_cited_number() -> None:
    info = extract_metadata(OCR_NO_NUMBER)
    assert info.number is None
    assert info.doc_type == "Thông báo"
    assert info.issued_date == "2025-02-03"


def test_ocr_spacing_own_number_and_cited_decision_in_the_subject() -> None:
    info = extract_metadata(OCR_SPACED)
    assert info.number == "215/TB-UBND"
    assert info.doc_type == "Thông báo"


def test_wrapped_can_cu_line_before_the_number() -> None:
    info = extract_metadata(CAN_CU_WRAPPED)
    assert info.number == "09/2025/NQ-HĐND"
    assert info.doc_type == "Nghị quyết"


# A scan whose own number's figure is illegible and whose title has a misread accent.
SCAN_ILLEGIBLE = """ỦY BAN NHÂN DÂN XÃ PHÚ MỸ    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: ?8 /QĐ-UBND | Phú Mỹ, ngày 11 tháng 6 năm 2025
QUYÉT ĐỊNH
Về việc thành lập tổ công tác rà soát hộ nghèo
Căn cứ Nghị định
số 07/2021/NĐ-CP của Chính phủ quy định chuẩn nghèo;
"""


def test_scan_title_with_a_misread_accent_names_the_type() -> None:
    info = extract_metadata(SCAN_ILLEGIBLE)
    assert info.number is None
    assert info.doc_type == "Quyết định"


def test_scan_without_a_title_takes_the_type_from_the_code_of_its_illegible_number() -> None:
    info = extract_metadata(SCAN_ILLEGIBLE.replace("QUYÉT ĐỊNH\n", ""))
    assert info.number is None
    assert info.doc_type == "Quyết định"


def test_a_caps_line_that_only_resembles_a_type_is_no_title() -> None:
    info = extract_metadata(SCAN_ILLEGIBLE.replace("QUYÉT ĐỊNH", "QUYÉT ĐỊNH CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ VỀ"))
    assert info.doc_type == "Quyết định"  # from the code of the number, not from a long caps line


def test_a_figure_glued_to_the_colon_is_still_the_own_number() -> None:
    text = ("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHUYỆN AN LÃO | Độc lập - Tự do - Hạnh phúc\n"
            "Số:215 /UBND-VP An Lão, ngày 4 tháng 8 năm 2025\nV/v báo cáo tình hình\n"
            "Thực hiện Công văn số 90/SNV-CCVC ngày 01/8/2025 của Sở Nội vụ, UBND huyện đề nghị các xã báo cáo.\n")
    info = extract_metadata(text)
    assert info.number == "215/UBND-VP"
    assert info.issued_date == "2025-08-04"
    assert info.place == "An Lão"
    assert [r.number for r in info.references] == ["90/SNV-CCVC"]


# A plan whose number is left blank until it is registered: the code alone stands after "Số:".
BLANK_NUMBER = """ỦY BAN MTTQ VIỆT NAM

XÃ TÂN HƯNG

BAN THƯỜNG TRỰC

Số:        /KH-MTTQ-BTT

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM

Độc lập - Tự do - Hạnh phúc

Tân Hưng, ngày 14 tháng 10 năm 2025

KẾ HOẠCH

Tổ chức ngày hội đại đoàn kết toàn dân tộc
"""


def test_a_blank_number_code_is_no_issuer() -> None:
    info = extract_metadata(BLANK_NUMBER)
    assert info.number is None
    assert info.doc_type == "Kế hoạch"
    assert info.issuer is not None and "/" not in info.issuer and info.issuer.endswith("xã Tân Hưng")
    assert info.issued_date == "2025-10-14"


def test_a_blank_number_with_the_code_after_a_dash_is_no_issuer() -> None:
    text = BLANK_NUMBER.replace("Số:        /KH-MTTQ-BTT", "Số:\n- KH/MTTQ")
    issuer = extract_metadata(text).issuer
    assert issuer is not None and "KH" not in issuer and issuer.endswith("xã Tân Hưng")


def test_a_bare_committee_is_completed_by_the_authority_line_above_the_grounds() -> None:
    text = ("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
            "Số: 318/QĐ-UBND | Yên Bái, ngày 08 tháng 9 năm 2025 |\nQUYẾT ĐỊNH\nVề việc giao chỉ tiêu tuyển sinh\n"
            "ỦY BAN NHÂN DÂN TỈNH YÊN BÁI\nCăn cứ Luật Tổ chức chính quyền địa phương;\n")
    assert extract_metadata(text).issuer == "Ủy ban nhân dân tỉnh Yên Bái"


def test_a_slogan_written_in_title_case_still_leaves_the_province_line_to_the_issuer() -> None:
    text = ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH SÓC TRĂNG Độc Lập - Tự Do - Hạnh Phúc\n\n"
            "Số: 77/UBND-VX Sóc Trăng, ngày 6 tháng 4 năm 2025\nV/v tăng cường phòng chống dịch sốt xuất huyết\n")
    info = extract_metadata(text)
    assert info.issuer == "Ủy ban nhân dân tỉnh Sóc Trăng"
    assert info.number == "77/UBND-VX"
