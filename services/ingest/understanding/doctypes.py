"""Types of Vietnamese official documents and their abbreviations.

Administrative types follow Nghị định 30/2020/NĐ-CP (Phụ lục III); the legal types follow the Law on the
promulgation of legal documents. Also the usual abbreviations of issuing bodies that appear in numbers
("43/QĐ-TTg": TTg is the Prime Minister), used when a text has lost its header.
"""
from __future__ import annotations

import re

from services.vntext.tones import normalize_old_tones as normalize_tone

# (full Vietnamese name, abbreviation used in the number's code or None)
DOC_TYPES: tuple[tuple[str, str | None], ...] = (
    ("Nghị quyết", "NQ"),
    ("Quyết định", "QĐ"),
    ("Chỉ thị", "CT"),
    ("Quy chế", "QC"),
    ("Quy định", "QyĐ"),
    ("Thông cáo", "TC"),
    ("Thông báo", "TB"),
    ("Hướng dẫn", "HD"),
    ("Chương trình", "CTr"),
    ("Kế hoạch", "KH"),
    ("Phương án", "PA"),
    ("Đề án", "ĐA"),
    ("Dự án", "DA"),
    ("Báo cáo", "BC"),
    ("Biên bản", "BB"),
    ("Tờ trình", "TTr"),
    ("Hợp đồng", "HĐ"),
    ("Công điện", "CĐ"),
    ("Bản ghi nhớ", None),
    ("Bản thỏa thuận", None),
    ("Giấy ủy quyền", "GUQ"),
    ("Giấy mời", "GM"),
    ("Giấy giới thiệu", "GGT"),
    ("Giấy nghỉ phép", "NP"),
    ("Phiếu gửi", "PG"),
    ("Phiếu chuyển", "PC"),
    ("Phiếu báo", "PB"),
    ("Công văn", None),
    ("Luật", None),
    ("Bộ luật", None),
    ("Pháp lệnh", None),
    ("Nghị định", "NĐ"),
    ("Thông tư liên tịch", "TTLT"),
    ("Thông tư", "TT"),
    ("Kết luận", "KL"),
    ("Hiến pháp", None),
    ("Lệnh", None),
    ("Văn bản hợp nhất", "VBHN"),
)

CODE_TO_TYPE: dict[str, str] = {code: name for name, code in DOC_TYPES if code}
# Party documents ("66-NQ/TW") and a few codes written another way.
CODE_TO_TYPE.update({"QYĐ": "Quy định", "CTR": "Chương trình", "TTR": "Tờ trình", "L": "Lệnh", "QĐI": "Quy định",
                     "CV": "Công văn"})

# Title lines in capitals, longest first so that "THÔNG TƯ LIÊN TỊCH" wins over "THÔNG TƯ".
TITLE_TYPES: tuple[tuple[str, str], ...] = tuple(
    sorted(((name.upper(), name) for name, _ in DOC_TYPES), key=lambda x: -len(x[0]))
)


def type_from_code(code: str) -> str | None:
    """'QĐ' -> 'Quyết định'; None when the code is not a type abbreviation."""
    return CODE_TO_TYPE.get(code) or CODE_TO_TYPE.get(code.upper())


def type_from_title(line: str) -> str | None:
    """'QUYẾT ĐỊNH' (a title line in capitals, possibly followed by more words) -> 'Quyết định'."""
    s = re.sub(r"\s+", " ", normalize_tone(line)).strip(" #*:").upper()
    s = normalize_tone(s)
    for caps, name in TITLE_TYPES:
        if s == caps or s.startswith(caps + " "):
            return name
    return None


# Usual abbreviations of issuing bodies in the code of a number (after the type code, or first in a công văn).
ISSUER_CODES: dict[str, str] = {
    "CP": "Chính phủ",
    "TTG": "Thủ tướng Chính phủ",
    "VPCP": "Văn phòng Chính phủ",
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "CTN": "Chủ tịch nước",
    "BTC": "Bộ Tài chính",
    "BTP": "Bộ Tư pháp",
    "BCA": "Bộ Công an",
    "BQP": "Bộ Quốc phòng",
    "BNG": "Bộ Ngoại giao",
    "BNV": "Bộ Nội vụ",
    "BYT": "Bộ Y tế",
    "BXD": "Bộ Xây dựng",
    "BCT": "Bộ Công Thương",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BDTTG": "Bộ Dân tộc và Tôn giáo",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BNN": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BGTVT": "Bộ Giao thông vận tải",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "TTCP": "Thanh tra Chính phủ",
    "KTNN": "Kiểm toán Nhà nước",
    "TANDTC": "Tòa án nhân dân tối cao",
    "VKSNDTC": "Viện kiểm sát nhân dân tối cao",
    "CHQ": "Cục Hải quan",
    "TW": "Ban Chấp hành Trung ương",
}
