"""The document's outline as an office writes it: which lines are headings that only NAME the unit whose duties
follow (rules41, issue 11).

A plan or a conclusion often names a unit on a line of its own — "3. Trung tâm Thông tin và Thống kê khoa học",
"a) Công an tỉnh", "- UBND các xã, phường:", "1. SỞ TÀI CHÍNH" — and writes that unit's duties below it, in dashed
items, in unmarked paragraphs or in one sentence. Such a line is a heading whatever the length of the document's
lines: the next line starts a new paragraph (it is no hard wrap of the heading), and the unit leads what follows.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from services.ingest.understanding.task_units import match_units, verb_at
from services.vntext.letters import UPPER

__all__ = ["count_inside", "duty_item", "heading_ends", "names_only", "page_break_inside", "upper_heading_units"]

_TAIL = re.compile(r"\s*(?:\([^()]{0,120}\))?\s*:?\s*")
# a paragraph that tells what the unit did or does: "Đã tham mưu …", "Đang triển khai …", "Tiếp tục …"
_ASPECT_FIRST = re.compile(r"(?:Đã|Đang|Sẽ|Cần|Phải|Tiếp\s+tục|Chủ\s+động|Khẩn\s+trương|Tập\s+trung|Thường\s+xuyên)\s")
_UPPER_ONLY = re.compile(rf"[{UPPER}\s,&\-–]+")


def _acronym(word: str) -> bool:
    """'UBND', 'TNHH', 'KHCN', 'VHTTDL': letters with no vowel after the first ('Đ' counts as a consonant)."""
    base = unicodedata.normalize("NFD", word)
    letters = [c for c in base if c.isalpha()]
    return len(letters) >= 2 and not any(c in "AEIOUY" for c in letters[1:])


def _sentence_case(text: str) -> str:
    """'SỞ GIÁO DỤC VÀ ĐÀO TẠO' -> 'Sở giáo dục và đào tạo'; acronyms ('UBND', 'VHTTDL') kept as written."""
    out = []
    for k, w in enumerate(text.split(" ")):
        out.append(w if _acronym(w) else (w[:1] + w[1:].lower() if k == 0 else w.lower()))
    return " ".join(out)


@lru_cache(maxsize=4096)
def names_only(body: str) -> bool:
    """True when a heading's body is only the name of one or more units ("Sở Y tế", "Sở A, Sở B:", "UBND các xã,
    phường:"), with at most a note in parentheses and a colon after it."""
    b = body.strip()
    if not b or len(b) > 200 or b[-1:] in ".;,":
        return False
    um = match_units(b, 0)
    if not um.ok:
        return False
    return _TAIL.fullmatch(b, um.end) is not None


@lru_cache(maxsize=4096)
def upper_heading_units(body: str) -> str | None:
    """The unit an UPPER-CASE heading names ("SỞ TÀI CHÍNH", "ỦY BAN NHÂN DÂN CÁC XÃ, PHƯỜNG:"), as written, or None
    when the line is not only a unit's name."""
    b = body.strip().rstrip(":").strip()
    if not b or len(b) > 160 or not _UPPER_ONLY.fullmatch(b) or b.upper() != b:
        return None
    if names_only(b):
        return b
    return b if names_only(_sentence_case(b)) else None


def heading_ends(nxt: str, nxt_is_duty: bool) -> bool:
    """A heading that only names a unit ends before the next line when that line opens a duty or a report of work
    ("Xây dựng …", "Đã tham mưu …"); a line that goes on with the unit's name does neither ("Đài Tiếng nói Việt" /
    "Nam kịp thời …", "Sở Nội vụ thành phố" / "Hà Nội")."""
    return nxt_is_duty or _ASPECT_FIRST.match(nxt) is not None


# what an item under a unit's heading opens with when it is no duty: a field ("Thời gian: …"), a subject or a
# measure ("Các hoạt động …", "Tỷ lệ …", "Kết quả …"), a time or a basis ("Năm 2024, …", "Căn cứ …"), work done
_NOT_DUTY_FIRST = re.compile(
    r"(?:Các|Những|Mọi|Việc|Tỷ\s+lệ|Tổng|Số|Kết\s+quả|Thời\s+gian|Thời\s+hạn|Kinh\s+phí|Địa\s+điểm|Thành\s+phần|"
    r"Nội\s+dung|Mục\s+tiêu|Mục\s+đích|Phấn\s+đấu|Chỉ\s+tiêu|Phạm\s+vi|Đối\s+tượng|Yêu\s+cầu|Dự\s+kiến|Hình\s+thức|"
    r"Đã|Đang|Vừa|Năm|Tháng|Quý|Ngày|Sáng|Chiều|Tuần|Trong|Theo|Căn\s+cứ|Trên|Hiện|Đến|Từ|Sau|Trước|Khi|Nếu|Lưu|Như|"
    r"Tiếp\s+tục\s+(?:là|được)|Đây|Đó|Tuy\s+nhiên|Do|Vì|Bởi|Nhìn\s+chung|Cơ\s+bản|Toàn|Tất\s+cả|Hầu\s+hết|Nhiều|Một)(?!\w)")
_DONE_OR_MEASURE = re.compile(r"(?<!\w)(?:đã|đang|vừa|đạt|được|bị)(?!\w)|\d\s*%")
# an item whose subject is someone else who acts — the people, pupils, households, businesses, an investor, forces,
# vessels: "- Người dân chủ động dự trữ lương thực.", "- Học sinh vùng lũ nghỉ học khi có lệnh." tell what THEY do, not
# the heading unit's duty (fix24)
_OTHER_ACTOR_FIRST = re.compile(
    r"(?:Người|Nhân\s+dân|Bà\s+con|Dân\s+cư|Học\s+sinh|Sinh\s+viên|Trẻ\s+em|Phụ\s+huynh|Giáo\s+viên|Hộ\s+gia\s+đình|Hộ\s+dân|"
    r"Hộ\s+nghèo|Gia\s+đình|Chủ\s+hộ|Doanh\s+nghiệp|Hợp\s+tác\s+xã|Chủ\s+đầu\s+tư|Nhà\s+thầu|Chủ\s+tàu|"
    r"Chủ\s+phương\s+tiện|Chủ\s+cơ\s+sở|Tiểu\s+thương|Ngư\s+dân|Nông\s+dân|Du\s+khách|Khách\s+du\s+lịch|"
    r"Bệnh\s+nhân|Người\s+bệnh|Cán\s+bộ|Công\s+chức|Viên\s+chức|Đảng\s+viên|Đoàn\s+viên|Hội\s+viên|Lực\s+lượng|"
    r"Tàu\s+thuyền|Tàu\s+cá|Phương\s+tiện|Cá\s+nhân|Tổ\s+chức,\s+cá\s+nhân|Mỗi|Từng)(?!\w)")
_WORD = re.compile(r"[^\W\d_]+")
# a topic, not someone who acts, before a verb used as a noun: "- Tình hình thực hiện nghĩa vụ thuế; xác định …" is
# the unit's item to assess
_TOPIC_FIRST = re.compile(
    r"(?:Tình\s+hình|Công\s+tác|Hoạt\s+động|Chương\s+trình|Kế\s+hoạch|Phương\s+án|Hồ\s+sơ|Báo\s+cáo|Danh\s+mục|"
    r"Chế\s+độ|Chính\s+sách|Quy\s+trình|Hệ\s+thống|Nhiệm\s+vụ|Tiến\s+độ|Chất\s+lượng|Số\s+liệu|Thông\s+tin|Dự\s+án|"
    r"Công\s+trình|Điều\s+kiện|Khả\s+năng|Nhu\s+cầu|Văn\s+bản|Giải\s+pháp|Biện\s+pháp|Mô\s+hình|Vốn|Hạ\s+tầng)(?!\w)")


def _subject_then_verb(s: str) -> bool:
    """The item names who acts, then their verb at its 2nd–4th word ("Người dân chủ động dự trữ …", "Hộ gia đình tự
    gia cố …"): a subject that is not the heading's unit. A verb the rules know in first place is the unit's duty."""
    low = s[:1].lower() + s[1:]
    if verb_at(low, 0) is not None or _TOPIC_FIRST.match(s):
        return False
    for k, m in enumerate(_WORD.finditer(low)):
        if k > 3:
            return False
        if k >= 1 and verb_at(low, m.start()) is not None:
            return "," not in low[:m.start()]  # ("Tuyển chọn, tập huấn …": two verbs, the first one not listed)
    return False


def duty_item(marker: str | None, sent: str) -> bool:
    """A dashed or '+' item under a heading that only names a unit reads as that unit's duty even when its verb is
    one the rules do not list ("- Điều tiết nước tưới …", "+ Tuyển chọn, tập huấn điều tra viên;"): it opens with a
    capitalised word that is not a subject, a field, a time or a basis, names no one else who acts ("Người dân …",
    "Học sinh …", a subject before its verb) and tells no work done and no measure."""
    if marker not in ("dash", "plus"):
        return False
    s = sent.strip()
    words = s.split()
    if not 3 <= len(words) <= 60 or not s[:1].isupper() or s[:2].isupper() or ":" in s[:48]:
        return False
    if s[-1:] not in ".;" or any(c.isdigit() for c in words[0]):
        return False
    if _NOT_DUTY_FIRST.match(s) or _DONE_OR_MEASURE.search(s) or _OTHER_ACTOR_FIRST.match(s) or _subject_then_verb(s):
        return False
    return not match_units(s, 0).ok


# a number that is part of its sentence: after a word that asks for a count or a number ("với số lượng", "khoảng",
# "gồm", "tối thiểu", "Điều", "ngày") or before the thing counted ("chiếc", "người", "hộ", "tỷ đồng", "%")
_COUNT_BEFORE = re.compile(
    r"(?<!\w)(?:số\s+lượng|số|khoảng|gồm|gồm\s+có|tổng|tổng\s+cộng|tối\s+thiểu|tối\s+đa|ít\s+nhất|không\s+quá|trên|dưới|"
    r"hơn|từ|đến|là|đạt|có|mức|thứ|lần|nhóm|loại|điều|khoản|điểm|mục|phụ\s+lục|ngày|tháng|năm|quý|giai\s+đoạn|đợt|"
    r"khu|tổ|đội|phòng|lô|tuyến|cấp|bậc|hạng|cộng|bằng|x|×|\+)$", re.IGNORECASE)
_COUNTED_AFTER = re.compile(
    r"(?:chiếc|cái|con|người|lượt|hộ|hộ\s+dân|nhà|căn|xã|phường|huyện|tỉnh|đơn\s+vị|cơ\s+sở|trường|lớp|đoàn|đội|tổ|"
    r"tấn|kg|ha|km|m|m2|m3|lít|bộ|bản|cuốn|trang|tờ|chuyến|lần|đợt|buổi|ngày|tháng|năm|giờ|phút|tuần|quý|tỷ|triệu|"
    r"nghìn|ngàn|trăm|đồng|suất|phần|điểm|giường|xe|tàu|xuồng|ca|liều|mũi|bao|thùng|cây|gói|phòng|tầng|dự\s+án|"
    r"công\s+trình|%|phần\s+trăm)(?!\w)", re.IGNORECASE)


def _halves(before: str, lines: list[str], at: int) -> str | None:
    """The next line that is not blank when the text before line `at` ends with no stop and that line goes on in
    lower case; else None."""
    if not before or before[-1:] in ".;:!?…":
        return None
    nxt = next((x for x in lines[at + 1:at + 4] if x), "")
    return nxt if nxt[:1].islower() else None


def count_inside(before: str, lines: list[str], at: int) -> bool:
    """The number alone on line `at`, between two halves of one sentence, is a count the sentence holds ("… với số
    lượng" / "3" / "chiếc cho mỗi huyện"), not a page's number (fix24)."""
    nxt = _halves(before, lines, at)
    return nxt is not None and (_COUNT_BEFORE.search(before) is not None or _COUNTED_AFTER.match(nxt) is not None)


def page_break_inside(before: str, lines: list[str], at: int, feed: bool = False) -> bool:
    """The page number on line `at` stands between two halves of one sentence: the text before it ends with no stop
    and the next line that is not blank goes on in lower case. With no page break marked before it (`feed`: a form
    feed; the parsers set their pages' numbers aside and mark none), a number the sentence could hold is no page's:
    count_inside (fix24)."""
    if _halves(before, lines, at) is None:
        return False
    return feed or not count_inside(before, lines, at)
