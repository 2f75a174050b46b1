"""Metadata of official documents (services/ingest/understanding/metadata.py).

Each test is one rule of the layout of Nghị định 30/2020/NĐ-CP, on realistic but invented documents written the way
converted pages really look (broken lines, flattened header tables, missing spaces).
"""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.ingest.understanding.metadata import case_org, extract_metadata

CONG_VAN_SO = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI
SỞ TÀI NGUYÊN VÀ
MÔI TRƯỜNG
-------

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------

Số: 1520/STNMT-QLĐĐ
V/v hướng dẫn thủ tục gia hạn
thời hạn sử dụng đất nông nghiệp

Quảng Ngãi, ngày 14 tháng 6 năm 2024

Kính gửi:

- Ủy ban nhân dân các huyện, thị xã, thành phố;
- Văn phòng Đăng ký đất đai tỉnh.

Thực hiện Công văn số 2044/UBND-KTN ngày 03/5/2024 của Ủy ban nhân dân tỉnh và căn cứ
Thông tư số 10/2024/TT-BTNMT ngày 31/7/2024 của Bộ Tài nguyên và Môi trường, Sở hướng dẫn như sau:
...
Sở Tài nguyên và Môi trường đề nghị các đơn vị triển khai thực hiện./.

Nơi nhận:
- Như trên;
- UBND tỉnh (để b/c);
- Giám đốc, các PGĐ Sở;
- Lưu: VT, QLĐĐ.

KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
(Đã ký)
Trần Thị Thu Hà
"""

QUYET_DINH = """ỦY BAN NHÂN
DÂN
TỈNH BÌNH ĐỊNH
--------

CỘNG HÒA XÃ
HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------

Số:
15/2024/QĐ-UBND

Bình Định, ngày
09 tháng 4 năm 2024

QUYẾT
ĐỊNH
Về việc phê duyệt Đề án phát triển du lịch cộng đồng
tỉnh Bình Định giai đoạn 2024 - 2030
ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Nghị định số 168/2017/NĐ-CP ngày 31/12/2017 của Chính phủ;
Theo đề nghị của Giám đốc Sở Văn hóa và Thể thao tại Tờ trình số 45/TTr-SVHTT ngày 20/3/2024.
QUYẾT ĐỊNH:
Điều 1. Phê duyệt Đề án kèm theo Quyết định này.
Điều 2. Chánh Văn phòng UBND tỉnh chịu trách nhiệm thi hành Quyết định này./.

Nơi nhận:
- Như Điều 2;
- Bộ Văn hóa, Thể thao và Du lịch;
- CT, các PCT UBND tỉnh;
- Lưu: VT, KGVX.

TM. ỦY BAN
NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Lâm Hải
Giang

PHỤ LỤC
DANH MỤC NHIỆM VỤ
GIÁM ĐỐC
Người lập biểu
"""

FLATTENED = (
    "| BỘ Y TẾ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc |\n"
    "| Số: 512/BYT-KCB V/v tăng cường công tác phòng, chống dịch sốt xuất huyết | Hà Nội, ngày 3 tháng 4 năm 2023 |\n"
    "Kính gửi: Sở Y tế các tỉnh, thành phố trực thuộc Trung ương.\n"
    "Bộ Y tế đề nghị Sở Y tế các tỉnh chỉ đạo các cơ sở khám bệnh, chữa bệnh chủ động thu dung người bệnh./.\n"
    "| Nơi nhận:- Như trên;- Bộ trưởng (để b/c);- Lưu: VT, KCB. | KT. BỘ TRƯỞNG THỨ TRƯỞNG (Đã ký) Trần Văn Thuấn |\n"
)


def test_two_level_header_under_a_province_names_the_department_and_the_province() -> None:
    info = extract_metadata(CONG_VAN_SO)
    assert info.issuer == "Sở Tài nguyên và Môi trường tỉnh Quảng Ngãi"


def test_two_level_header_under_a_ministry_names_the_lower_body() -> None:
    text = "BỘ TÀI CHÍNH\nTỔNG CỤC THUẾ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 4012/TCT-CS\n"
    assert extract_metadata(text).issuer == "Tổng cục Thuế"


def test_bare_office_under_its_parent() -> None:
    text = "BAN CHẤP HÀNH TRUNG ƯƠNG\nVĂN PHÒNG\n*\nĐẢNG CỘNG SẢN VIỆT NAM\nSố 88-TB/VPTW\nHà Nội, ngày 2 tháng 3 năm 2024\n"
    info = extract_metadata(text)
    assert info.issuer == "Văn phòng Ban Chấp hành Trung ương"
    assert info.number == "88-TB/VPTW"
    assert info.doc_type == "Thông báo"


def test_header_words_broken_over_lines_are_joined() -> None:
    text = "BỘ NÔNG NGHIỆP\nVÀ\nMÔI TRƯỜNG\n--------\nCỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM\nSố: 77/BNNMT-TY\n"
    assert extract_metadata(text).issuer == "Bộ Nông nghiệp và Môi trường"
    text = "BỘ QUỐC\nPHÒNG\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 9/BQP-VP\n"
    assert extract_metadata(text).issuer == "Bộ Quốc phòng"


def test_header_of_the_chairman_as_issuing_authority() -> None:
    text = "CHỦ TỊCH ỦY\nBAN NHÂN DÂN\nTỈNH KON TUM\n--------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 7/QĐ-CTUBND\n"
    assert extract_metadata(text).issuer == "Chủ tịch Ủy ban nhân dân tỉnh Kon Tum"


@pytest.mark.parametrize(
    ("caps", "cased"),
    [
        ("UBND TỈNH NGHỆ AN", "UBND tỉnh Nghệ An"),
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "Ủy ban nhân dân thành phố Hồ Chí Minh"),
        ("BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Bộ Văn hóa, Thể thao và Du lịch"),
        ("VĂN PHÒNG CHÍNH PHỦ", "Văn phòng Chính phủ"),
        ("HỘI ĐỒNG NHÂN DÂN HUYỆN ĐÔNG ANH", "Hội đồng nhân dân huyện Đông Anh"),
        ("Sở Xây dựng", "Sở Xây dựng"),
        # A Party committee named by its place (cấp ủy): the place is a proper name, "ủy" stays lower case.
        ("HUYỆN ỦY YÊN THÀNH", "Huyện ủy Yên Thành"),
        ("TỈNH UỶ HÀ TĨNH", "Tỉnh ủy Hà Tĩnh"),
        ("THÀNH ỦY VINH", "Thành ủy Vinh"),
        ("ĐẢNG ỦY PHƯỜNG HƯNG DŨNG", "Đảng ủy phường Hưng Dũng"),
        ("ĐẢNG ỦY KHỐI DOANH NGHIỆP TỈNH", "Đảng ủy Khối doanh nghiệp tỉnh"),
    ],
)
def test_issuer_casing(caps: str, cased: str) -> None:
    assert case_org(caps) == cased


def test_number_after_a_line_break_and_legal_form() -> None:
    info = extract_metadata(QUYET_DINH)
    assert info.number == "15/2024/QĐ-UBND"


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Số: 7475/VPCP- NN", "7475/VPCP-NN"),
        ("Số: 317/TB–UBND", "317/TB–UBND"),
        ("Số 12/CĐ-TTg", "12/CĐ-TTg"),
        ("Số: 2820/QĐ-\nUBND", "2820/QĐ-UBND"),
        ("Số: 1234/UBND-KT", "1234/UBND-KT"),
    ],
)
def test_number_variants(line: str, number: str) -> None:
    text = f"ỦY BAN NHÂN DÂN\nTỈNH HÀ NAM\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n{line}\n\nHà Nam, ngày 2 tháng 5 năm 2024\n"
    assert extract_metadata(text).number == number


def test_type_from_the_title_line() -> None:
    assert extract_metadata(QUYET_DINH).doc_type == "Quyết định"
    text = "UBND TỈNH LONG AN\n\nSố: 45/KH-UBND\n\nLong An, ngày 1 tháng 2 năm 2024\n\nKẾ HOẠCH\nTriển khai công tác chuyển đổi số năm 2024\n"
    info = extract_metadata(text)
    assert info.doc_type == "Kế hoạch"
    assert info.subject == "Triển khai công tác chuyển đổi số năm 2024"


def test_title_of_a_plan_may_start_with_thuc_hien() -> None:
    text = (
        "UBND TỈNH LONG AN\n\nSố: 46/KH-UBND\n\nLong An, ngày 1 tháng 2 năm 2024\n\nKẾ HOẠCH\n"
        "Thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị\n\nThực hiện Nghị quyết số 57-NQ/TW, Ủy ban nhân dân tỉnh "
        "ban hành Kế hoạch như sau:\n"
    )
    assert extract_metadata(text).subject == "Thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị"


def test_title_wins_over_an_ambiguous_code() -> None:
    # "CT" in "CT-CS" is the Cục Thuế, not a Chỉ thị: the V/v line makes it a công văn.
    text = "BỘ TÀI CHÍNH\nCỤC THUẾ\n\nSố: 5100/CT-CS\nV/v chính sách thuế\n\nHà Nội, ngày 3 tháng 11 năm 2025\n"
    assert extract_metadata(text).doc_type == "Công văn"


def test_number_without_type_code_is_a_cong_van() -> None:
    text = "SỞ Y TẾ\n\nSố: 88/SYT-NVY\n\nĐà Nẵng, ngày 3 tháng 11 năm 2025\n\nKính gửi: Bệnh viện Đà Nẵng\n"
    assert extract_metadata(text).doc_type == "Công văn"


def test_type_from_code_when_there_is_no_title() -> None:
    text = "ỦY BAN NHÂN DÂN TỈNH AN GIANG\n\nSố: 301/BC-UBND\n\nAn Giang, ngày 4 tháng 1 năm 2024\n\nTình hình...\n"
    assert extract_metadata(text).doc_type == "Báo cáo"


@pytest.mark.parametrize(
    ("line", "place", "iso"),
    [
        ("Hà Nội, ngày 05 tháng 01 năm 2020", "Hà Nội", "2020-01-05"),
        ("Hà\nNội, ngày 24 tháng 11 năm 2025", "Hà Nội", "2025-11-24"),
        ("Nghệ An, ngày\n7 tháng 10 năm 2008", "Nghệ An", "2008-10-07"),
        ("TP. Hồ Chí Minh, ngày  5 tháng 1 năm 2020", "TP. Hồ Chí Minh", "2020-01-05"),
        ("Thành phố Hồ Chí\nMinh, ngày 20 tháng 11 năm 2025", "Thành phố Hồ Chí Minh", "2025-11-20"),
        ("Hà Tĩnh, ngày 24 tháng11 năm 2025", "Hà Tĩnh", "2025-11-24"),
        ("Hà Nội ngày 01\ntháng 12 năm 2025", "Hà Nội", "2025-12-01"),
        ("Long Xuyên,ngày 9 tháng 3 năm 2006", "Long Xuyên", "2006-03-09"),
    ],
)
def test_place_and_date(line: str, place: str, iso: str) -> None:
    text = f"UBND TỈNH NGHỆ AN\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nSố: 12/UBND-VP\n\n{line}\n\nKính gửi: Sở Y tế\n"
    info = extract_metadata(text)
    assert info.place == place
    assert info.issued_date == iso


def test_dates_in_the_body_are_not_the_issue_date() -> None:
    text = "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\nHà Nội là thủ đô.\n"
    assert extract_metadata(text).issued_date is None


def test_subject_from_a_wrapped_vv_line() -> None:
    assert extract_metadata(CONG_VAN_SO).subject == "hướng dẫn thủ tục gia hạn thời hạn sử dụng đất nông nghiệp"


def test_subject_under_the_title_stops_before_the_authority_line() -> None:
    info = extract_metadata(QUYET_DINH)
    assert info.subject == "Về việc phê duyệt Đề án phát triển du lịch cộng đồng tỉnh Bình Định giai đoạn 2024 - 2030"


def test_subject_of_a_thong_bao_in_capitals() -> None:
    text = (
        "VĂN PHÒNG CHÍNH PHỦ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n---------------\nSố: 401/TB-VPCP\n\n"
        "Hà Nội, ngày 2 tháng 8 năm 2024\n\nTHÔNG BÁO\nKẾT LUẬN CỦA PHÓ THỦ TƯỚNG TẠI CUỘC HỌP VỀ\nCÔNG TÁC PHÒNG, CHỐNG"
        " THIÊN TAI\nNgày 30 tháng 7 năm 2024, tại Trụ sở Chính phủ, Phó Thủ tướng đã chủ trì cuộc họp.\n"
    )
    info = extract_metadata(text)
    assert info.doc_type == "Thông báo"
    assert info.subject == "KẾT LUẬN CỦA PHÓ THỦ TƯỚNG TẠI CUỘC HỌP VỀ CÔNG TÁC PHÒNG, CHỐNG THIÊN TAI"


def test_recipients_from_kinh_gui_then_noi_nhan() -> None:
    info = extract_metadata(CONG_VAN_SO)
    assert info.recipients == [
        "Ủy ban nhân dân các huyện, thị xã, thành phố",
        "Văn phòng Đăng ký đất đai tỉnh",
        "UBND tỉnh",
        "Giám đốc, các PGĐ Sở",
    ]


def test_single_line_addressee() -> None:
    text = "Số: 10/UBND-TH\n\nKính gửi: Ủy ban nhân dân\nthành phố Vinh\nỦy ban nhân dân tỉnh có ý kiến như sau:\n"
    assert extract_metadata(text).recipients == ["Ủy ban nhân dân thành phố Vinh"]


def test_signer_with_authority_title_and_signed_marker() -> None:
    signer = extract_metadata(CONG_VAN_SO).signer
    assert signer is not None
    assert signer.name == "Trần Thị Thu Hà"
    assert signer.title == "Phó Giám đốc"
    assert signer.authority == "KT. GIÁM ĐỐC"


def test_signer_name_broken_over_lines_and_appendix_after_it() -> None:
    signer = extract_metadata(QUYET_DINH).signer
    assert signer is not None
    assert signer.name == "Lâm Hải Giang"
    assert signer.title == "Phó Chủ tịch"
    assert signer.authority == "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH"


def test_signer_glued_to_the_title_and_with_a_rank() -> None:
    text = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNGNguyễn Văn Bình\n"
    signer = extract_metadata(text).signer
    assert signer is not None and signer.name == "Nguyễn Văn Bình" and signer.title == "Chánh văn phòng"
    text = "Nơi nhận:\n- Lưu: VT.\n\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n[daky]\nThượng tướng Lê Văn Minh\n"
    signer = extract_metadata(text).signer
    assert signer is not None and signer.name == "Lê Văn Minh" and signer.title == "Thứ trưởng"


def test_signature_cells_run_together() -> None:
    text = (
        "Nơi nhận:\n- Ban Bí thư Trung ương Đảng; - Lưu: VT, KTTH | TM. CHÍNH PHỦKT. THỦ TƯỚNGPHÓ THỦ TƯỚNG"
        "(Đã ký)Lê Minh Khái |\n"
    )
    signer = extract_metadata(text).signer
    assert signer is not None
    assert (signer.name, signer.title, signer.authority) == ("Lê Minh Khái", "Phó Thủ tướng", "TM. CHÍNH PHỦ / KT. THỦ TƯỚNG")


def test_signature_title_broken_over_lines() -> None:
    text = "Nơi nhận:\n- Thường trực Thành ủy;\n- Lưu: VT.\n\nCHỦ\nTỊCH\nNguyễn Ngọc Tuấn\n\nPhụ lục I\n"
    signer = extract_metadata(text).signer
    assert signer is not None
    assert (signer.name, signer.title, signer.authority) == ("Nguyễn Ngọc Tuấn", "Chủ tịch", None)


def test_name_typed_in_capitals() -> None:
    text = "Nơi nhận:\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\n\n\n\n\nVÕ VĂN HƯNG\n"
    signer = extract_metadata(text).signer
    assert signer is not None
    assert (signer.name, signer.title, signer.authority) == ("VÕ VĂN HƯNG", "Chủ tịch", "TM. ỦY BAN NHÂN DÂN")


COLUMNS = """UỶ BAN NHÂN DÂN                      CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH TIỀN GIANG                      Độc lập - Tự do - Hạnh phúc
     -------                                  ---------
Số: 2154/UBND-KT                     Mỹ Tho, ngày 12 tháng 5 năm 2010
V/V GIẢI QUYẾT KIẾN NGHỊ
CỦA HỘ DÂN XÃ TÂN MỸ CHÁNH

Kính gửi:
Sở Tài nguyên và Môi trường;
Ủy ban nhân dân thành phố Mỹ Tho.

Xét đơn kiến nghị của hộ dân, Ủy ban nhân dân tỉnh có ý kiến như sau: giao Sở Tài nguyên và Môi trường
kiểm tra, báo cáo trước ngày 30/5/2010./.
"""


def test_header_in_two_columns_separated_by_spaces() -> None:
    info = extract_metadata(COLUMNS)
    assert info.issuer == "Ủy ban nhân dân tỉnh Tiền Giang"
    assert info.number == "2154/UBND-KT"
    assert (info.place, info.issued_date) == ("Mỹ Tho", "2010-05-12")
    assert info.doc_type == "Công văn"
    assert info.subject == "GIẢI QUYẾT KIẾN NGHỊ CỦA HỘ DÂN XÃ TÂN MỸ CHÁNH"
    assert info.recipients == ["Sở Tài nguyên và Môi trường", "Ủy ban nhân dân thành phố Mỹ Tho"]


def test_flattened_table_layout() -> None:
    info = extract_metadata(FLATTENED)
    assert info.issuer == "Bộ Y tế"
    assert info.number == "512/BYT-KCB"
    assert info.doc_type == "Công văn"
    assert info.subject == "tăng cường công tác phòng, chống dịch sốt xuất huyết"
    assert info.place == "Hà Nội" and info.issued_date == "2023-04-03"
    assert info.recipients == ["Sở Y tế các tỉnh, thành phố trực thuộc Trung ương", "Bộ trưởng"]
    assert info.signer is not None
    assert (info.signer.name, info.signer.title, info.signer.authority) == ("Trần Văn Thuấn", "Thứ trưởng", "KT. BỘ TRƯỞNG")


def test_references_exclude_own_number() -> None:
    info = extract_metadata(QUYET_DINH)
    assert [r.number for r in info.references] == ["168/2017/NĐ-CP", "45/TTr-SVHTT"]
    assert info.references[0].doc_type == "Nghị định" and info.references[0].issued_date == "2017-12-31"


def test_confidentiality_and_urgency_stamps() -> None:
    text = (
        "BỘ CÔNG AN\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 15/BCA-V01\nMẬT\nHỎA TỐC\n"
        "Hà Nội, ngày 4 tháng 4 năm 2024\n"
    )
    info = extract_metadata(text)
    assert info.confidentiality == "Mật"
    assert info.urgency == "Hỏa tốc"
    text = "UBND TỈNH LÀO CAI\nSố: 9/UBND-NC\nTỐI MẬT\nTHƯỢNG KHẨN\nLào Cai, ngày 4 tháng 4 năm 2024\n"
    info = extract_metadata(text)
    assert (info.confidentiality, info.urgency) == ("Tối mật", "Thượng khẩn")
    assert extract_metadata(CONG_VAN_SO).confidentiality is None
    assert extract_metadata("Bảo vệ bí mật nhà nước là trách nhiệm của mọi công dân. Khẩn trương thực hiện.").urgency is None


def test_issuer_without_header_from_the_authority_line_or_code() -> None:
    text = "Số: 21/2025/TT-BTP\n\nHà Nội, ngày 1 tháng 7 năm 2025\n\nTHÔNG TƯ\nQuy định về công chứng\nBỘ TRƯỞNG BỘ TƯ PHÁP\nCăn cứ"
    assert extract_metadata(text).issuer == "Bộ Tư pháp"
    text = "Số: 12/CĐ-TTg\n\nHà Nội, ngày 2 tháng 7 năm 2025\n\nCÔNG ĐIỆN\nVề việc ứng phó bão số 3\n"
    info = extract_metadata(text)
    assert info.issuer == "Thủ tướng Chính phủ" and info.doc_type == "Công điện"


def test_issuer_without_header_from_the_signature() -> None:
    text = (
        "Số: 30/2024/QĐ-UBND\n\nPhú Yên, ngày 5 tháng 6 năm 2024\n\nQUYẾT ĐỊNH\nBan hành Quy chế\nCăn cứ Luật\n\n"
        "Nơi nhận:\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nĐào Mỹ\n"
    )
    assert extract_metadata(text).issuer == "Ủy ban nhân dân Phú Yên"
    text = "Nghị quyết này có hiệu lực từ ngày ký./.\n\nNơi nhận:\n- Lưu: VT.\n\nTM. CHÍNH PHỦ\nTHỦ TƯỚNG\nPhạm Văn Đồng\n"
    assert extract_metadata(text).issuer == "Chính phủ"


def test_empty_and_plain_text() -> None:
    assert extract_metadata("").number is None
    info = extract_metadata("Hôm nay trời đẹp. Chúng tôi đi dạo quanh hồ Gươm.")
    assert (info.number, info.doc_type, info.issuer, info.signer) == (None, None, None, None)


# ------------------------------------------------------------------------------------------------------------
# Properties: never crash; what is reported as written occurs in the text (modulo whitespace).

_PIECES = st.sampled_from([
    "ỦY BAN NHÂN DÂN", "TỈNH HÀ GIANG", "BỘ TÀI CHÍNH", "CỤC THUẾ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc", "-------", "Số: 12/UBND-VP", "Số:", "45/2024/QĐ-UBND", "V/v", "V/v: về việc",
    "Hà Nội, ngày 5 tháng 6 năm 2024", "ngày 31 tháng 2 năm 2024", "QUYẾT ĐỊNH", "THÔNG BÁO", "Về việc giao",
    "Kính gửi:", "- Sở Y tế;", "Nơi nhận:", "- Như trên;", "- Lưu: VT.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
    "TM. ỦY BAN NHÂN DÂN", "(Đã ký)", "Nguyễn Văn An", "Lê Thị", "Hoa", "Căn cứ Nghị định số 30/2020/NĐ-CP",
    "|", "MẬT", "KHẨN", "CHÁNH VĂN PHÒNGTrần Văn Ba", "", " ", "./.", "#", "7475/VPCP- NN",
])


def _squash(s: str) -> str:
    return "".join(unicodedata.normalize("NFC", s).split())


def _check_written_fields(text: str) -> None:
    info = extract_metadata(text)
    flat = _squash(text)
    if info.number:
        assert _squash(info.number) in flat
    if info.subject:
        assert _squash(info.subject) in flat
    if info.signer and info.signer.name:
        assert _squash(info.signer.name) in flat
    for ref in info.references:
        assert _squash(ref.number) in flat


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=40).map("\n".join))
def test_property_structured_pieces(text: str) -> None:
    _check_written_fields(text)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_property_any_text(text: str) -> None:
    _check_written_fields(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(alphabet="ỦYBAN ĐỘCLẬPSố:/-0123456789QĐ\n|.ngàythángnăm", max_size=30)),
                max_size=30).map(" ".join))
def test_property_mixed(text: str) -> None:
    _check_written_fields(text)


@pytest.mark.parametrize(
    "text",
    [
        "A" * 50_000,
        "ỦY BAN NHÂN DÂN " * 5_000,
        "ỦY BAN NHÂN DÂN\n" * 5_000,
        "Số: 1/" * 8_000,
        "Hà Nội ngày " * 5_000,
        "|" * 50_000,
        "V/v " * 10_000,
        "12/QĐ - UB - ND " * 5_000,
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n" * 3_000,
        "Công văn 12/UBND-KT do X " * 3_000,
        " " * 50_000 + "x",
        "ABc" * 20_000,
    ],
    ids=lambda t: repr(t[:12]),
)
def test_degenerate_inputs_are_handled(text: str) -> None:
    info = extract_metadata(text)
    assert info.signer is None or info.signer.name
    assert info.subject is None or info.subject.strip()


@pytest.mark.parametrize("stamp", ["MẬT", "TỐI MẬT", "KHẨN", "HỎA TỐC", "Độ mật: Mật"])
def test_a_stamp_line_under_the_subject_is_not_part_of_it(stamp: str) -> None:
    # the clerk's stamp (độ mật, độ khẩn) printed under the V/v line is the stamp, not the end of the subject
    text = (
        "UBND HUYỆN HÒA BÌNH\n\nSố: 77/UBND-VP\nV/v bảo đảm an ninh trật tự\ntrong dịp lễ hội đầu xuân\n" + stamp
        + "\n\nHòa Bình, ngày 5 tháng 1 năm 2026\n\nKính gửi: Công an huyện\n"
    )
    info = extract_metadata(text)
    assert info.subject == "bảo đảm an ninh trật tự trong dịp lễ hội đầu xuân"


@pytest.mark.parametrize(
    "first_body_line",
    [
        "UBND huyện ban hành Kế hoạch bảo đảm an toàn giao thông dịp cuối năm như sau, cụ thể:",
        "TT\tNhiệm vụ\tĐơn vị chủ trì\tThời hạn",
        "Giao Phòng Kinh tế và Hạ tầng chủ trì kiểm tra các công trình đang thi công.",
        "Yêu cầu các phòng, ban chuyên môn khẩn trương triển khai.",
    ],
)
def test_subject_ends_where_the_body_starts_without_a_blank_line(first_body_line: str) -> None:
    # A PDF gives the title block and the body with no blank line between them: the subject must not run on into a
    # sentence that opens a table, a table row, or an assignment (the printed pack showed the whole table as trích yếu)
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN ĐÔ LƯƠNG\nSố: 17/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Đô Lương, ngày 02 tháng 3 năm 2026\n\nKẾ HOẠCH\nBảo đảm an toàn giao thông\ndịp cuối năm 2026\n"
            f"{first_body_line}\nNơi nhận:\n- Lưu: VT.\n")
    assert extract_metadata(text).subject == "Bảo đảm an toàn giao thông dịp cuối năm 2026"
