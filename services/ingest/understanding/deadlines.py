"""Deadlines (thời hạn) as Vietnamese directives write them.

``parse_deadline(text, issued_date)`` -> ``(iso_deadline, deadline_text, recurrence)``:

- calendar dates: "trước ngày 10/12/2023", "15-3-2011", "20.7.2020", "trước 14 giờ, ngày 05/12/2017",
  "ngày 05 tháng 3 năm 2024"; a date without a year ("trước ngày 15/11") is the next such date on or after the
  document date; an impossible date ("31.11") keeps its text and gets no ISO date;
- periods become their last day: "trong tháng 6/2011", "quý II năm 2014", "6 tháng đầu năm 2024", "năm 2008";
- relative or event deadlines keep their text with no date: "trong 30 ngày làm việc kể từ …", "ngay sau khi …";
- recurring duties ("định kỳ hằng tháng", "ngày 15 hàng tháng", "thứ Năm hằng tuần", "hằng quý") give a recurrence
  and no date.

Pure functions, no I/O; every pattern is linear (no nested unbounded repetition).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from services.ingest.understanding.dates import iso_date
from services.ingest.understanding.task_units import verb_at
from services.vntext.fastre import guard_patterns

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_TIME = r"(?:\d{1,2}\s*(?:giờ|h|g)(?:\s*\d{1,2}(?:\s*phút|['’′])?)?\s*(?:sáng|chiều|tối)?\s*,?\s*)"
# "10/6/2026", "10-6", and "10/6 năm 2026" (the year in words after the day and month)
_DMY_NUM = (r"(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})(?:\s*(?:(?P=sep)|(?<=\d)[.\-](?=\d{4}))\s*(?P<y>\d{4})|\s+năm\s+(?P<yn>\d{4}))?"
            r"(?![\d/.\-]*\d)")
_DMY_WORDS = r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s*(?:năm|,)\s*(?P<y2>\d{4}))?"
_DATE = rf"(?:{_DMY_NUM}|{_DMY_WORDS})"
# "trước Thứ Tư ngày 03/12/2026", "chậm nhất thứ Sáu, ngày 12/6/2026": the weekday said before the day
_WEEKDAY = r"(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s*,?\s*)"
_CUE = (
    r"(?:trước|(?:chậm|muộn) nhất(?:\s+là)?(?:\s+(?:trước|vào|trong))?|không quá|không muộn hơn|"
    r"hạn (?:chót|cuối(?:\s+cùng)?)(?:\s+là)?|"
    r"hoàn thành(?:\s+(?:trước|trong|vào|xong))?|xong trước|đến hết|trước hoặc vào|hạn|vào|"
    # "báo cáo đến ngày 10/10/2020": the day the work runs to
    r"(?:đến|tới)(?=\s+ngày)|"
    # "trình UBND tỉnh trong ngày 15/8/2025": done within that day; "trong buổi sáng thứ Năm, ngày 20/3/2026",
    # "trong ngày thứ Hai, 16/3/2026" (rules40)
    r"trong(?=\s+(?:{_DAYPART})?(?:ngày\s*\d|(?:ngày\s+)?{_WEEKDAY}(?:ngày\s*)?\d)))"
).replace("{_DAYPART}", r"(?:buổi\s+)?(?:sáng|chiều|tối|trưa)\s+").replace("{_WEEKDAY}", _WEEKDAY)
# the part of the day said before the weekday or the day after "trong": "trong buổi chiều (thứ Năm,) ngày …" (after
# "vào" it is the day something happened in a news item: "Vào chiều 29/6, Công an xã … ra quân", no time limit)
_DAYPART = r"(?:(?<=trong\s)(?:buổi\s+)?(?:sáng|chiều|tối|trưa)\s+)"
_PERIOD_CUE = r"(?:trong|trước|vào|hoàn thành(?:\s+(?:trong|trước|vào))?|xong trong|đến hết|chậm nhất(?:\s+là)?(?:\s+trong)?|cuối)"

_RECUR_WORD = r"(?:[Hh]ằng|[Hh]àng|[Mm]ỗi)\s+(?:ngày|tuần|tháng|quý|quí|năm)"
_RECURRENCE = re.compile(
    rf"(?=[đĐtTnNhHmMvVcCđ])(?P<full>(?:định kỳ|Định kỳ|Định kì|định kì)\s+(?:\d+\s+tháng(?:/lần|\s+một lần)?|{_RECUR_WORD})"
    rf"|thứ\s+(?:Hai|Ba|Tư|Năm|Sáu|Bảy|hai|ba|tư|năm|sáu|bảy)\s+{_RECUR_WORD}"
    rf"|(?:trước\s+|vào\s+|chậm\s+nhất\s+)?ngày\s+\d{{1,2}}\s+{_RECUR_WORD}"
    rf"|\b[Nn]ăm\s+\d{{4}}\s+và\s+(?:các|những)\s+năm\s+tiếp\s+theo"
    rf"|(?<!\w){_RECUR_WORD}\b"
    rf"|\b(?:[Đđ]ịnh kỳ|[Đđ]ịnh kì)\b)"
)
_CELL_RECURRENCE = re.compile(r"^(?:[Tt]hường xuyên|[Hh]ằng năm|[Hh]àng năm|[Ll]iên tục)\b")

# "hằng năm" that names the period of what a duty refers to, not when the duty is done (rules32, corpus-2025): the
# yearly resolution or plan it follows ("theo Nghị quyết hằng năm của HĐND", "theo kế hoạch hàng năm của từng Cục"),
# the kind of plan ("kế hoạch vốn trung hạn, hằng năm", "trung hạn và hàng năm", "Kế hoạch phát triển kinh tế - xã
# hội hằng năm"), a rate ("sản lượng mỗi tháng đạt tối thiểu 20%")
_FOLLOWED_PAPERS = ("Nghị quyết", "nghị quyết", "kế hoạch", "Kế hoạch", "chương trình", "Chương trình")
_PLAN_KINDS = (r"trung\s+hạn\s*(?:,|và)", r"kinh\s+tế\s*-\s*xã\s+hội")
_RATE_VERBS = ("đạt", "tăng", "giảm")
_ATTRIBUTE_BEFORE = re.compile(
    rf"(?:(?:theo|vào)\s+(?:các\s+)?(?:{'|'.join(_FOLLOWED_PAPERS)})|{'|'.join(_PLAN_KINDS)})\s*$")
_ATTRIBUTE_AFTER = re.compile(rf"\s+(?:{'|'.join(_RATE_VERBS)})\b")


def _names_a_period_of_a_thing(text: str, m: re.Match[str]) -> bool:
    """A bare "hằng năm"/"mỗi tháng" (no "định kỳ", no day) that is the period of a plan, resolution or rate."""
    full = m.group("full")
    if full[:1] not in "HhMm":
        return False
    return (_ATTRIBUTE_BEFORE.search(text, max(0, m.start("full") - 40), m.start("full")) is not None
            or _ATTRIBUTE_AFTER.match(text, m.end("full")) is not None)

# "vào lúc 16h00 ngày thứ Sáu 20/4/2026": the hour after "lúc", the weekday after "ngày"; "(số liệu) tính đến ngày
# 30/6/2026" is the day the figures stand at, never a time limit
_DATE_DEADLINE = re.compile(
    rf"(?=[tTcChHkKxXđĐvVmM])(?<!tính\s)(?P<full>(?P<cue>{_CUE})\s*(?:lúc\s+)?(?:{_TIME})?(?:{_DAYPART})?(?:{_WEEKDAY})?"
    rf"(?:ngày\s*|ngày\s*,\s*)?"
    rf"(?:{_WEEKDAY})?{_DATE}"
    rf"(?P<recur>\s+(?:{_RECUR_WORD}))?)",
    re.IGNORECASE,
)
_BARE_DATE = re.compile(rf"(?P<full>(?:{_TIME})?(?:[Nn]gày\s*)?{_DATE}(?P<recur>\s+(?:{_RECUR_WORD}))?)")
_MONTH = re.compile(
    rf"(?P<full>(?P<cue>{_PERIOD_CUE})?\s*[Tt]háng\s+(?P<m>\d{{1,2}})\s*(?:/|-|\.|năm|,\s*năm)\s*(?P<y>\d{{4}}))",
    re.IGNORECASE,
)
_QUARTER = re.compile(
    # ("Trong quý I/2026, Sở A …": the cue word capitalised at a sentence's start, rules42)
    r"(?P<full>(?:(?:[Tt]rong|[Tt]rước|[Vv]ào|[Hh]oàn thành(?:\s+trong)?|[Cc]uối|[Đđ]ến hết)\s+)?(?:[Qq]u[ýíiy]|QU[ÝÍIY])\s+"
    r"(?P<q>IV|III|II|I|[1-4])\b\s*(?:/|-|[Nn]ăm|NĂM|,\s*[Nn]ăm)\s*(?P<y>\d{4}))"
)
# "trong quý III, IV/2026", "quý II và quý III năm 2026": a list of quarters of one year ends with its last quarter
_Q = r"(?:[Qq]u[ýíiy]|QU[ÝÍIY])"
_QUARTER_LIST = re.compile(
    rf"(?P<full>(?:(?:[Tt]rong|[Tt]rước|[Vv]ào|[Hh]oàn thành(?:\s+trong)?|[Cc]uối|[Đđ]ến\s+hết)\s+)?(?:các\s+)?{_Q}\s+(?:IV|III|II|I|[1-4])"
    rf"(?:\s*(?:,|và|–|-|đến)\s*(?:{_Q}\s+)?(?:IV|III|II|I|[1-4])(?![\w/]))*\s*(?:,|và|–|-|đến)\s*(?:{_Q}\s+)?"
    r"(?P<q>IV|III|II|I|[1-4])\b\s*(?:/|-|[Nn]ăm|NĂM|,\s*[Nn]ăm)\s*(?P<y>\d{4}))")
# "hoàn thành trong quý III" (no year): the quarter's last day, the next such quarter on or after the document's date
_QUARTER_NO_YEAR = re.compile(
    r"(?P<full>(?:hoàn\s+thành\s+|xong\s+)?(?:trong|trước|vào|cuối|đến\s+hết)\s+(?:[Qq]u[ýíiy]|QU[ÝÍIY])\s+"
    r"(?P<q>IV|III|II|I|[1-4])\b)(?!\s*(?:/|-|[Nn]ăm|NĂM|,\s*[Nn]ăm)\s*\d)",
    re.IGNORECASE)
_REPORTED_PERIOD = re.compile(r"(?<!\w)(?:báo\s+cáo|số\s+liệu|tình\s+hình|kết\s+quả|số\s+ca|thống\s+kê)(?!\w)", re.IGNORECASE)
_HALF = re.compile(
    r"(?P<full>(?:(?:trong|trước|vào|hoàn thành(?:\s+trong)?)\s+)?(?P<n>6|sáu)\s+tháng\s+(?P<which>đầu|cuối)\s+năm"
    r"(?:\s+(?P<y>\d{4})|(?!\s*(?:\d|học|tài|sau|trước|kế|nay))))",
    re.IGNORECASE,
)
_YEAR_RANGE = re.compile(r"(?P<full>\b[Nn]ăm\s+(?P<y1>\d{4})\s*[-–]\s*(?P<y>\d{4}))")
# "… thực hiện dự án trong giai đoạn 2026 - 2028": the window of the work ends with its last year (the labelling
# convention for a time window); "Chương trình … giai đoạn 2026-2030" without "trong" names the programme (rules34)
_STAGE_RANGE = re.compile(r"(?P<full>(?<!\w)(?:hoàn\s+thành\s+)?trong\s+giai\s+đoạn\s+(?:từ\s+)?(?:năm\s+)?(?P<y1>\d{4})\s*"
                          r"(?:[-–]|đến)\s*(?:năm\s+)?(?P<y>\d{4}))(?![\d/.\-–])", re.IGNORECASE)
# the money of a period ("vốn, ngân sách, kinh phí … hỗ trợ trong giai đoạn …"), and the matter an item is about ("4. Về
# kiến nghị bổ sung vốn trong giai đoạn 2026-2030: giao …"), are no window of the work
_STAGE_OF_MONEY = re.compile(r"(?<!\w)(?:vốn|ngân\s+sách|kinh\s+phí|nguồn|hỗ\s+trợ|đầu\s+tư\s+công)(?:\s+[^\s,.;:()]+){0,3}\s*$",
                             re.IGNORECASE)
_MATTER_OPENING = re.compile(r"(?:^|\n)[ \t]*(?:(?:\d{1,2}|[IVX]{1,4}|[a-zđ])[.)][ \t]*)?Về\s[^:\n]*$")
_YEAR = re.compile(
    r"(?=[tTvVhHxXđĐcC])(?P<full>(?P<cue>trong|vào|trước|hoàn thành(?:\s+(?:trong|trước|vào))?|xong trong|đến hết|cuối|chậm nhất(?:\s+là)?"
    r"(?:\s+(?:trong|vào))?)\s+năm\s+(?P<y>\d{4})\b)(?!\s*[-–]\s*\d{4})",
    re.IGNORECASE,
)
# "hoàn thành vào giữa tháng 8-2026": the middle of the month, its 15th
_MID_MONTH = re.compile(
    r"(?P<full>(?:(?:vào|trước|trong|hoàn\s+thành(?:\s+(?:vào|trước|trong))?|chậm\s+nhất(?:\s+là)?(?:\s+vào)?)\s+)?"
    r"giữa\s+tháng\s+(?P<m>\d{1,2})\s*(?:/|-|năm|,\s*năm)\s*(?P<y>\d{4}))",
    re.IGNORECASE)
_MONTH_RANGE = re.compile(
    r"(?P<full>(?:(?:từ|trong)\s+(?:thời\s+gian\s+từ\s+)?)?tháng\s+(?P<m1>\d{1,2})\s*[-–]\s*(?P<m2>\d{1,2})\s*/\s*(?P<y>\d{4}))",
    re.IGNORECASE)
# "trong tháng 10 và tháng 11/2026", "trong các tháng 10, 11/2026", "từ tháng 9 đến tháng 11/2026": the last month's end
_MONTH_LIST = re.compile(
    # (the first month may carry its own year: "trong tháng 12/2025 và tháng 01/2026", rules40)
    r"(?P<full>(?:từ|trong)\s+(?:các\s+)?tháng\s+(?P<m1>\d{1,2})(?:\s*/\s*\d{4}(?=\s*(?:,|và|đến|tới)\s*tháng))?"
    r"(?:\s*(?:,|và|đến|tới)\s*(?:tháng\s+)?\d{1,2}(?!\s*[/\-]))*"
    r"\s*(?:,|và|đến|tới)\s*(?:tháng\s+)?(?P<m2>\d{1,2})\s*(?:/|-|năm)\s*(?P<y>\d{4}))",
    re.IGNORECASE)
# "từ ngày 01/4 đến ngày 30/4/2025", "từ ngày 20 đến 28/01/2026": a time window ends on its last day
_WINDOW = re.compile(
    r"(?P<full>từ\s+(?:(?:ngày\s+)?\d{1,2}\s*[/.\-]\s*\d{1,2}(?:\s*[/.\-]\s*\d{4})?\s*|nay\s+|ngày\s+\d{1,2}\s+|"
    r"(?:đầu\s+|giữa\s+|cuối\s+)?tháng\s+\d{1,2}(?:\s*[/.\-]\s*\d{4})?\s+)(?:đến|tới|[-–])\s*(?:hết\s+)?(?:ngày\s+)?"
    r"(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})(?:\s*(?:(?P=sep)|(?<=\d)[.\-](?=\d{4}))\s*(?P<y>\d{4}))?)"
    r"(?![\d/.\-]*\d)",
    re.IGNORECASE)
# "trong thời gian 01/12 - 31/12/2025", "… (01/12 - 31/12/2025)", "Thời gian: 15/12/2025 - 15/01/2026", "Giai đoạn 1
# (1/12 - 31/12/2024)": a window written without "từ", after the time word or in brackets, ends on its last day
# (rules42; the last date carries its year)
_BARE_WINDOW = re.compile(
    r"(?P<full>(?:(?<=\()|(?<!\w)(?:[Tt]rong\s+)?(?:[Tt]hời\s+gian|[Gg]iai\s+đoạn\s+\d{1,2})(?:\s+thực\s+hiện)?\s*[:(]?\s*)"
    r"(?:ngày\s+)?\d{1,2}\s*[/.]\s*\d{1,2}(?:\s*[/.]\s*(?P<y1>\d{4}))?\s*[-–]\s*(?:ngày\s+)?"
    r"(?P<d>\d{1,2})\s*(?P<sep>[/.])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4}))(?![\d/.]*\d)")
# "trong các ngày 15, 16/6/2026", "vào ngày 15 và 16/6/2026", "từ 01-15/6/2026": days of one month, the last is the limit
_DAY_LIST = re.compile(
    r"(?P<full>(?:trong|vào|từ)\s+(?:các\s+)?(?:ngày\s+)?\d{1,2}(?:\s*(?:,|và)\s*\d{1,2})*\s*(?:,|và|-|–)\s*"
    r"(?P<d>\d{1,2})\s*(?P<sep>[/.])\s*(?P<m>\d{1,2})(?:\s*(?P=sep)\s*(?P<y>\d{4}))?)(?![\d/.\-]*\d)", re.IGNORECASE)
# "hoàn thành trong năm nay", "trong tháng này": the document's own year or month
_THIS_PERIOD = re.compile(r"(?P<full>(?:trong|cuối|đến\s+hết|đến\s+cuối)\s+"
                          r"(?P<what>năm\s+nay|tháng\s+này))(?!\w)", re.IGNORECASE)
# "từ năm 2026 đến năm 2028", "từ tháng 3/2026 đến tháng 6/2026": a window of years or months ends with its last one
# ("giai đoạn 2026-2030" is left alone: it mostly names the plan or budget of that period)
_PERIOD_WINDOW = re.compile(
    r"(?P<full>từ\s+(?:năm\s+\d{4}|tháng\s+\d{1,2}\s*[/\-.]\s*\d{4})\s+(?:đến|tới)\s+(?:hết\s+)?"
    r"(?:năm\s+(?P<y>\d{4})|tháng\s+(?P<m>\d{1,2})\s*[/\-.]\s*(?P<my>\d{4})))",
    re.IGNORECASE)
# "hoàn thành trong tháng 10" (no year): the month's last day, the next such month on or after the document's date
_MONTH_NO_YEAR = re.compile(r"(?P<full>(?:hoàn\s+thành\s+|xong\s+)?trong\s+tháng\s+(?P<m>\d{1,2}))(?!\s*[/\-.]\s*\d|\s*(?:năm|,)\s*\d|\d)",
                            re.IGNORECASE)
_YEAR_END = re.compile(r"(?P<full>(?:(?:trước|đến|vào|chậm\s+nhất)\s+)?cuối\s+năm)(?!\s+(?:\d|học|tài|nay))", re.IGNORECASE)
_BARE_YEAR = re.compile(
    r"(?<!từ\s)(?<!đoạn\s)(?<!đến\s)(?<!của\s)(?<!với\s)(?<!sau\s)(?<!với\s)(?P<full>\b[Nn]ăm\s+(?P<y>(?:19|20)\d{2}))\b"
    r"(?!\s*[-–/]\s*\d)")
# "Cuộc thi Đại sứ văn hóa đọc năm 2026", "Lễ hội Đền Hùng năm 2026": the year is part of an event's name, not a time limit
_EVENT_NAME = re.compile(r"(?:Cuộc\s+thi|Hội\s+thi|Kỳ\s+thi|Lễ\s+hội|Ngày\s+hội|Hội\s+chợ|Hội\s+diễn|Liên\s+hoan|"
                         r"Giải(?!\s+(?:ngân|quyết|phóng|trình|thể))|Tuần\s+lễ|Tháng\s+(?:cao\s+điểm|hành\s+động)|Đại\s+hội|"
                         r"Chiến\s+dịch|Đợt\s+cao\s+điểm|"
                         r"Hội\s+nghị|Diễn\s+đàn|Festival|"
                         # "vui Tết, đón Xuân Đinh Dậu năm 2017": the lunar year's name, restated, names the festival
                         r"(?:Xuân|Tết)(?<![Tt]rước\sXuân)(?<![Tt]rước\sTết)\s+(?:Giáp|Ất|Bính|Đinh|Mậu|Kỷ|Canh|Tân|Nhâm|Quý)\s+"
                         r"(?:Tý|Sửu|Dần|Mão|Mẹo|Thìn|Tỵ|Tị|Ngọ|Mùi|Thân|Dậu|Tuất|Hợi))\s+(?:[^.;,:()]|,\s*chống)"
                         r"{0,90}$")
# "báo cáo tình hình giải ngân kế hoạch đầu tư công năm 2019", "xây dựng dự toán ngân sách năm 2025", "hoàn thiện hồ
# sơ Kế hoạch sử dụng đất năm 2025", "theo Luật … năm 2018": the year names the plan, report or law the duty is about,
# not when it is due
_SUBJECT_YEAR = re.compile(
    r"(?:(?<!\w)(?:xây\s+dựng|lập|hoàn\s+thiện|nghiên\s+cứu|[Bb]áo\s+cáo|tổng\s+kết|sơ\s+kết|góp\s+ý|thẩm\s+định|"
    # "cho ý kiến bằng văn bản đối với Kế hoạch sử dụng đất năm 2025": commenting on the plan, not carrying it out
    r"cho\s+ý\s+kiến|lấy\s+ý\s+kiến|đóng\s+góp\s+ý\s+kiến|trình\s+phê\s+duyệt|điều\s+chỉnh)\s+"
    # ("báo cáo … kết quả thực hiện Nghị quyết năm 2026": the year whose results are reported, rules34)
    r"[^.;:]{0,60}?(?<!\w)(?:[Kk]ế\s+hoạch|dự\s+toán|hồ\s+sơ|[Đđ]ề\s+án|[Qq]uy\s+hoạch|tình\s+hình|công\s+tác|kết\s+quả)"
    # "tổng hợp số liệu kiểm kê đất đai năm 2026", "bản đồ hiện trạng rừng năm 2026": the period the figures describe
    # (an inventory of a year is counted after it ends)
    r"|(?<!\w)(?:số\s+liệu|hiện\s+trạng|kiểm\s+kê|thống\s+kê)(?!\w)"
    r"|(?<!\w)(?:Luật|Bộ\s+luật)(?!\w))[^.;:]{0,90}$")
# "… lập hồ sơ mời thầu, bảo đảm tăng tỷ lệ giải ngân vốn năm 2026", "… dự toán đầy đủ làm căn cứ phân bổ ngân sách năm
# 2027": a year inside the purpose said after the duty is the aim's year, not the duty's time limit (a purpose that is the
# duty itself, "bảo đảm thu ngân sách năm 2026", or that finishes the work, "để hoàn thành …", keeps it)
_PURPOSE_YEAR = re.compile(r"(?<!\w)(?:để|nhằm|làm\s+căn\s+cứ|làm\s+cơ\s+sở|đảm\s+bảo|bảo\s+đảm|góp\s+phần|phục\s+vụ)\s"
                           r"(?![^.;:]*hoàn\s+thành)[^.;:]*$")
_LIMIT_NOUN = re.compile(
    # "Thời hạn cuối cùng để gửi báo cáo là ngày …": the last day, for the sending
    r"(?:[Tt]hời\s+hạn(?:\s+(?:cuối(?:\s+cùng)?|chót))?|(?<!\w)[Hh]ạn(?:\s+(?:cuối(?:\s+cùng)?|chót))?|"
    r"[Tt]hời\s+gian(?=\s+(?:hoàn\s+thành|thực\s+hiện|nộp|gửi)))"
    r"(?:(?:\s+(?:để|cho\s+việc))?\s+(?:hoàn\s+thành|thực\s+hiện|nộp|gửi|báo\s+cáo)(?:\s+[^\s,.;:\d]+){0,4}?)?"
    r"\s*(?:\s(?:là|vào)(?!\w)|:)\s*")
# "2026", "Năm 2026", and a column's span of years "2026 - 2030" (its last year)
_CELL_YEAR = re.compile(r"(?P<full>^(?:[Nn]ăm\s+)?(?:(?:19|20)\d{2}\s*[-–]\s*)?(?P<y>\d{4})\b)")
# "Kế hoạch số 321-KH/TU ngày 11/4/2025 của Tỉnh ủy về công tác … năm 2025": the year is in a cited document's title
_CITED_DOC = re.compile(r"(?<!\w)(?:Kế\s+hoạch|Quyết\s+định|Chỉ\s+thị|Công\s+văn|Nghị\s+quyết|Thông\s+báo|Hướng\s+dẫn|"
                        r"Chương\s+trình|Kết\s+luận|Thông\s+tư|Nghị\s+định|Công\s+điện)\s+số\s+\d[^.;:]{0,200}$")
# "trước ngày 10 tháng 6 năm cuối của chương trình": a day of a year named by the work, not a calendar year
_YEAR_OF_WORK = re.compile(r"\s*(?:của\s+)?năm\s+(?:cuối|đầu|trước|sau|tiếp\s+theo|kế\s+hoạch|liền\s+kề|thứ)(?!\w)")
_RELATIVE = re.compile(
    r"(?P<full>(?:trong\s+(?:thời\s+hạn|thời\s+gian|vòng)\s*(?:tối\s+đa\s+|không\s+quá\s+)?|trong\s+|chậm nhất\s+(?:là\s+)?|không quá\s+|sau\s+)"
    r"\d{1,3}\s+(?:ngày|tuần|tháng|giờ)(?:\s+làm\s+việc)?(?:\s*,?\s*(?:kể\s+từ|tính\s+từ|sau\s+khi)[^;.]{0,160})?"
    r"|(?:ngay\s+)?sau\s+khi\s+[^;,.]{3,160}"
    r"|ngay\s+khi\s+[^;,.]{3,160}"
    # "trước khi trình cấp có thẩm quyền …", "trước Tết Nguyên đán", "trước kỳ họp thứ 10 …", "trước mùa mưa bão": an
    # event's deadline, its phrase kept and no date
    r"|trước\s+khi\s+[^;.]{3,160}"
    r"|trước\s+(?:(?:dịp\s+)?[Tt]ết|kỳ\s+họp|mùa\s+(?:mưa|lũ|bão|khô|mưa\s+bão)|(?:ngày\s+|lễ\s+)?khai\s+(?:giảng|mạc)|"
    r"[Đđ]ại\s+hội|ngày\s+bầu\s+cử)(?!\w)[^;,.]{0,80}"
    r"|[Tt]heo\s+tiến\s+độ\s+[^;.]{3,160}"
    # "gửi về Sở trước ngày 15 tháng sau", "chậm nhất ngày 5 của tháng tiếp theo": a day of the month after the one
    # reported on, no calendar date
    r"|(?:trước|chậm\s+nhất(?:\s+là)?|vào)\s+(?:ngày\s+)?\d{1,2}\s+(?:của\s+)?tháng\s+(?:sau|tiếp\s+theo)(?!\w))"
)


# "trước hoặc trong ngày khai mạc Tuần lễ (ngày 15/5/2026)", "vào Ngày Thế giới phòng, chống AIDS (1/12/2026)": an
# event's deadline whose day the text gives in brackets is that day
_EVENT_DATED = re.compile(
    r"(?P<full>(?<!\w)(?:trước(?:\s+hoặc\s+(?:trong|vào))?|vào|chậm\s+nhất(?:\s+là)?(?:\s+vào)?)\s+"
    r"(?!ngày\s*\d)[^\d();.\n]{3,80}?\(\s*(?:ngày\s+)?(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*"
    r"(?P<y>\d{4})\s*\))", re.IGNORECASE)
# every branch of _RELATIVE starts with one of these (case as written): without them it cannot match
_RELATIVE_HINTS = ("trong", "chậm nhất", "không quá", "sau", "ngay", "heo")
# Speed, the same matches: each core below is held by every match of the patterns named beside it (their fixed part,
# without the optional cue words in front, which the re module tries at many places): a text where the core is found
# nowhere is not searched with them (test_speed_equivalence checks the cores against the patterns)
_DATE_CORE = re.compile(r"\d\s*[/.\-]\s*\d|\d\s+tháng\s+\d", re.IGNORECASE)  # _DATE's two forms: _DATE_DEADLINE, _WINDOW
_QUARTER_CORE = re.compile(r"(?:[Qq]u[ýíiy]|QU[ÝÍIY])\s+(?:IV|III|II|I|[1-4])\b")  # _QUARTER
_MONTH_CORE = re.compile(r"tháng\s+\d{1,2}\s*(?:/|-|\.|năm|,\s*năm)\s*\d{4}", re.IGNORECASE)  # _MONTH
_RECUR_CORE = re.compile(rf"{_RECUR_WORD}|[Đđ]ịnh k[ỳì]|năm\s+tiếp\s+theo")  # _RECURRENCE
_DIGIT = re.compile(r"\d")
_YEAR_IN = re.compile(r"(?:19|20)\d{2}")
_LETTER_ONE = re.compile(r"(?<=ngày )[lI](?=\d(?:\s+tháng\s+\d|\s*[/.\-]\s*\d))")
# "trong quí lII năm 2026", "Quý lV/2026": a quarter's Roman numeral typed or scanned with the letter l for I
_LETTER_ROMAN = re.compile(r"(?<=[Qq]u[ýíiy] )(?=[IlV]*l)(?:[Il]{1,3}|[Il]V)(?=\s*(?:/|-|[Nn]ăm|,)|\s*$)")
_PREFILTER = re.compile(
    r"\d|[Hh][ằà]ng\s|[Mm]ỗi\s|[Đđ]ịnh\s+k|[Tt]hường\s+xuyên|[Ll]iên\s+tục|sau\s+khi|ngay\s+khi|[Tt]iến\s+độ|[Ss]áu\s+tháng"
)


@dataclass(frozen=True)
class Deadline:
    date: str | None  # ISO
    text: str | None  # as written
    recurrence: str | None
    start: int = -1  # span of `text` in the searched string
    end: int = -1


def _last_day(y: int, m: int) -> str | None:
    if not (1 <= m <= 12) or not (1900 <= y <= 2200):
        return None
    return date(y, m, calendar.monthrange(y, m)[1]).isoformat()


def _issued(issued_date: str | None) -> date | None:
    if not issued_date:
        return None
    try:
        return date.fromisoformat(issued_date[:10])
    except ValueError:
        return None


def _resolve(d: int, m: int, y: int | None, issued_date: str | None) -> str | None:
    if y is not None:
        return iso_date(y, m, d) if 1900 <= y <= 2200 else None
    ref = _issued(issued_date)
    if ref is None:
        return None
    if iso_date(2000, m, d) is None:  # impossible whatever the year (31.11, 30/2)
        return None
    for year in (ref.year, ref.year + 1, ref.year + 2, ref.year + 3, ref.year + 4):
        iso = iso_date(year, m, d)
        if iso is not None and iso >= ref.isoformat():
            return iso
    return None


def _date_groups(m: re.Match[str]) -> tuple[int, int, int | None]:
    gd = m.group("d") or m.group("d2")
    gm = m.group("m") or m.group("m2")
    gy = m.group("y") or m.group("y2") or m.group("yn")
    return int(gd), int(gm), (int(gy) if gy else None)


_PREFILTER_WORDS = ("hằng", "hàng", "Hằng", "Hàng", "ỗi", "ịnh k", "thường xuyên", "Thường xuyên", "iên tục", "khi",
                    "iến độ", "áu tháng")
# an event's deadline with no digit: "trước Tết Nguyên đán", "trước kỳ họp …" (looked for only where "trước" is)
_EVENT_HINTS = ("trước khi", "trước Tết", "trước tết", "trước dịp", "trước kỳ", "trước mùa", "trước khai",
                "trước ngày khai", "trước lễ", "trước Đại", "trước đại", "trước ngày bầu")
_RECUR_HINTS = ("hằng", "hàng", "mỗi", "định k", "tiếp theo", "Hằng", "Hàng", "Mỗi", "Định k")
_CUE_HINTS = ("trước", "chậm", "muộn", "không quá", "không muộn", "hạn", "hoàn thành", "xong", "đến hết", "vào", "đến ngày", "trong ngày", "tới ngày",
               "trong buổi")


def _may_recur(text: str) -> bool:
    """`any(w in text for w in _RECUR_HINTS)`, written out (no generator: speed)."""
    return ("hằng" in text or "hàng" in text or "mỗi" in text or "định k" in text or "tiếp theo" in text or
            "Hằng" in text or "Hàng" in text or "Mỗi" in text or "Định k" in text)


def _timing_word_in(text: str) -> bool:
    """`any(w in text for w in _PREFILTER_WORDS)`, written out (no generator: speed)."""
    return ("hằng" in text or "hàng" in text or "Hằng" in text or "Hàng" in text or "ỗi" in text or
            "ịnh k" in text or "thường xuyên" in text or "Thường xuyên" in text or "iên tục" in text or
            "khi" in text or "iến độ" in text or "áu tháng" in text)


def _event_hint_in(text: str) -> bool:
    """`any(w in text for w in _EVENT_HINTS)`, written out."""
    return ("trước khi" in text or "trước Tết" in text or "trước tết" in text or "trước dịp" in text or
            "trước kỳ" in text or "trước mùa" in text or "trước khai" in text or "trước ngày khai" in text or
            "trước lễ" in text or "trước Đại" in text or "trước đại" in text or "trước ngày bầu" in text)


def _cue_hint_in(low: str) -> bool:
    """`any(c in low for c in _CUE_HINTS)`, written out."""
    return ("trước" in low or "chậm" in low or "muộn" in low or "không quá" in low or "không muộn" in low or
            "hạn" in low or "hoàn thành" in low or "xong" in low or "đến hết" in low or "vào" in low or
            "đến ngày" in low or "trong ngày" in low or "tới ngày" in low or "trong buổi" in low)


def _recurrence_in(text: str) -> re.Match[str] | None:
    """The most specific recurrence phrase ('ngày 20 hằng tháng' rather than a bare 'định kỳ')."""
    if not _may_recur(text) or _RECUR_CORE.search(text) is None:
        return None
    found = [m for m in _RECURRENCE.finditer(text) if not _names_a_period_of_a_thing(text, m)]
    if not found:
        return None
    return max(found, key=lambda m: (len(m.group("full")), -m.start()))


def first_timing(text: str, issued_date: str | None = None) -> Deadline | None:
    """The timing expression (deadline or recurrence) that starts first in `text`."""
    found = find_deadline(text, issued_date)
    rec = _RECURRENCE.search(text) if _may_recur(text) else None
    if rec is not None and (found is None or rec.start("full") < found.start):
        return Deadline(None, None, rec.group("full").strip(), rec.start("full"), rec.end("full"))
    return found


# find_deadline is a pure function of its arguments and Deadline is frozen: the rules ask about the same clause
# several times (a sentence, then its clauses, scopes and confidence), so the answers are kept (a bounded number).
_DEADLINE_MEMO: dict[tuple[str, str | None, bool], Deadline | None] = {}
_DEADLINE_MEMO_MAX = 8192
_MISS = object()


def forget_deadlines() -> None:
    """Drop the remembered answers (understand() does at each document: one document's answers serve only it)."""
    _DEADLINE_MEMO.clear()


def find_deadline(text: str, issued_date: str | None = None, *, cell: bool = False) -> Deadline | None:
    """The deadline expressed in `text`, remembered: see _find_deadline."""
    key = (text, issued_date, cell)
    hit = _DEADLINE_MEMO.get(key, _MISS)
    if hit is _MISS:
        if len(_DEADLINE_MEMO) >= _DEADLINE_MEMO_MAX:
            _DEADLINE_MEMO.clear()
        hit = _DEADLINE_MEMO[key] = _find_deadline(text, issued_date, cell=cell)
    return hit  # type: ignore[return-value]


def _find_deadline(text: str, issued_date: str | None = None, *, cell: bool = False) -> Deadline | None:
    """The deadline expressed in `text` (an action clause or a table cell), with its span; None if none.

    In `cell` mode (a "Thời gian hoàn thành" column) no cue word is needed: "Quý IV-2025", "30/6/2025", "Năm 2025".
    """
    if not text:
        return None
    if "ngày l" in text or "ngày I" in text or (("í l" in text or "ý l" in text or "Il" in text) and
                                                 _LETTER_ROMAN.search(text) is not None):
        # "trước ngày l5 tháng 02": a day typed with the letter l (or I) for the digit 1, as old fonts and scans give it
        # (the same length: every span stays where it was, and the phrase is given back as written)
        fixed = _LETTER_ROMAN.sub(lambda m: m.group(0).replace("l", "I"), _LETTER_ONE.sub("1", text))
        if fixed != text:
            got = _find_deadline(fixed, issued_date, cell=cell)
            if got is not None and got.text and 0 <= got.start:
                written = text[got.start:got.end].strip(" ,")
                if len(written) == len(got.text):
                    return Deadline(got.date, written, got.recurrence, got.start, got.end)
            return got
    has_digit = _DIGIT.search(text) is not None
    quarter_word = "quý" in text or "Quý" in text or "quí" in text or "Quí" in text or "QUÝ" in text
    if not has_digit and not _timing_word_in(text) and not ("trước" in text and _event_hint_in(text)) and \
            not quarter_word and "năm nay" not in text and "tháng này" not in text:
        return None  # no digit and no timing word: no deadline (the substring test is cheaper than _PREFILTER)
    found: list[Deadline] = []

    def add(m: re.Match[str], iso: str | None, recurrence: str | None = None) -> None:
        if past_windows and any(a <= m.start("full") and m.end("full") <= b for a, b in past_windows):
            return
        found.append(Deadline(iso, m.group("full").strip(" ,"), recurrence, m.start("full"), m.end("full")))

    low = text.lower()
    past_windows: list[tuple[int, int]] = []
    has_date = has_digit and _DATE_CORE.search(text) is not None
    for m in (_DATE_DEADLINE.finditer(text) if has_date and (cell or _cue_hint_in(low)) else ()):
        d, mo, y = _date_groups(m)
        if m.group("recur"):
            add(m, None, m.group("recur").strip())
        elif y is None and (m_w := _YEAR_OF_WORK.match(text, m.end())) is not None:
            found.append(Deadline(None, text[m.start("full"):m_w.end()].strip(" ,"), None, m.start("full"), m_w.end()))
        else:
            add(m, _resolve(d, mo, y, issued_date))
    for m in (_EVENT_DATED.finditer(text) if has_date and not cell and "(" in text else ()):
        add(m, _resolve(int(m.group("d")), int(m.group("m")), int(m.group("y")), issued_date))
    if cell and not found:
        m2 = _BARE_DATE.search(text)
        if m2:
            d, mo, y = _date_groups(m2)
            if m2.group("recur"):
                add(m2, None, m2.group("recur").strip())
            else:
                add(m2, _resolve(d, mo, y, issued_date))
    for m in (_QUARTER.finditer(text) if has_digit and ("qu" in low) and _QUARTER_CORE.search(text) else ()):
        q = _ROMAN[m.group("q").upper()]
        add(m, _last_day(int(m.group("y")), q * 3))
    for m in (_QUARTER_LIST.finditer(text) if has_digit and ("qu" in low) and _QUARTER_CORE.search(text) else ()):
        add(m, _last_day(int(m.group("y")), _ROMAN[m.group("q").upper()] * 3))
    for m in (_QUARTER_NO_YEAR.finditer(text) if quarter_word and not cell else ()):
        ref = _issued(issued_date)
        cue = m.group("full").lower()
        if not re.match(r"(?:hoàn|xong|trước|đến)", cue) and _REPORTED_PERIOD.search(text[max(0, m.start() - 60):m.start()]):
            continue  # "báo cáo số ca mắc trong quý I": the period reported on, not the time limit
        if ref is not None:
            q = _ROMAN[m.group("q").upper()]
            last = _last_day(ref.year, q * 3)
            if last is not None and last < ref.isoformat():
                last = _last_day(ref.year + 1, q * 3)
            if "trước" in cue.split(" q")[0] and last is not None:  # "trước quý III": by the end of the quarter before
                y, mo = int(last[:4]), q * 3 - 3
                last = _last_day(y, mo) if mo > 0 else _last_day(y - 1, 12)
            add(m, last)
    for m in (_HALF.finditer(text) if "tháng đầu" in low or "tháng cuối" in low else ()):
        if not m.group("full")[:1].isalpha() and \
                _REPORTED_PERIOD.search(text, max(0, m.start() - 120), m.start()) is not None:
            continue  # "báo cáo tình hình … 6 tháng đầu năm 2026": the half-year reported on, not the time limit
        if m.group("y"):
            half_year = int(m.group("y"))
        else:
            # "hoàn thành trong 6 tháng cuối năm", a clause opening with "6 tháng đầu năm hoàn thành …": the half of
            # the document's own year (without a cue word or that place it is the period talked about)
            ref = _issued(issued_date)
            if not (m.group("full")[:1].isalpha() or not text[:m.start()].strip(" ,;")):
                continue
            if ref is None:
                add(m, None)  # (no date to read the year from: the phrase is kept)
                continue
            half_year = ref.year
        add(m, _last_day(half_year, 6 if m.group("which").lower() == "đầu" else 12))
    for m in (_WINDOW.finditer(text) if has_date and "từ" in low else ()):
        end_iso = _resolve(int(m.group("d")), int(m.group("m")), int(m.group("y")) if m.group("y") else None, issued_date)
        if end_iso and issued_date and m.group("y") and end_iso < issued_date[:10]:
            # "thanh tra thời kỳ từ 01/01/2015 đến 31/12/2022" in 2023: the period looked into, already past (and its
            # "đến ngày 31/12/2022" is no time limit either)
            found[:] = [f for f in found if not (m.start("full") <= f.start and f.end <= m.end("full"))]
            past_windows.append((m.start("full"), m.end("full")))
            continue
        add(m, end_iso)
    for m in (_BARE_WINDOW.finditer(text) if has_date and not cell and ("-" in text or "–" in text) and
              ("(" in text or "gian" in text or "đoạn" in text) else ()):
        if m.group("y1") and int(m.group("y")) - int(m.group("y1")) > 1:
            continue  # "(3/2/1930 – 3/2/2020)": an anniversary's span of years, not a window of work
        end_iso = _resolve(int(m.group("d")), int(m.group("m")), int(m.group("y")), issued_date)
        if end_iso and issued_date and end_iso < issued_date[:10]:
            continue  # a window already past when the text was written: the period looked into, no time limit
        add(m, end_iso)
    for m in (_DAY_LIST.finditer(text) if has_date and ("ngày" in low or "từ" in low) else ()):
        end_iso = _resolve(int(m.group("d")), int(m.group("m")), int(m.group("y")) if m.group("y") else None, issued_date)
        if end_iso and issued_date and m.group("y") and end_iso < issued_date[:10]:
            continue  # days already past when the document was written: what happened, not a time limit
        add(m, end_iso)
    for m in (_PERIOD_WINDOW.finditer(text) if has_digit and "từ" in low else ()):
        if m.group("m"):
            end_iso = _last_day(int(m.group("my")), int(m.group("m")))
        else:
            end_iso = _last_day(int(m.group("y")), 12)
        if end_iso and issued_date and end_iso < issued_date[:10]:
            continue  # "thanh tra … từ năm 2021 đến năm 2024" written in 2025: the period looked into
        add(m, end_iso)
    for m in (_MONTH_NO_YEAR.finditer(text) if has_digit and "trong tháng" in low and not cell else ()):
        mo = int(m.group("m"))
        ref = _issued(issued_date)
        if ref is not None and 1 <= mo <= 12:
            add(m, _last_day(ref.year if mo >= ref.month else ref.year + 1, mo))
    for m in (_MID_MONTH.finditer(text) if has_digit and "giữa tháng" in low else ()):
        mo = int(m.group("m"))
        if 1 <= mo <= 12:
            add(m, f"{int(m.group('y')):04d}-{mo:02d}-15")
    for m in (_MONTH_RANGE.finditer(text) if has_digit and "tháng" in low else ()):
        add(m, _last_day(int(m.group("y")), int(m.group("m2"))))  # "từ tháng 8-12/2019": the range's last month
    for m in (_MONTH_LIST.finditer(text) if has_digit and "tháng" in low and ("từ" in low or "trong" in low) else ()):
        if 1 <= int(m.group("m2")) <= 12:
            add(m, _last_day(int(m.group("y")), int(m.group("m2"))))
    for m in (_MONTH.finditer(text) if has_digit and "tháng" in low and _MONTH_CORE.search(text) else ()):
        if m.group("cue") or cell:
            y, mo = int(m.group("y")), int(m.group("m"))
            cue = (m.group("cue") or "").lower()
            if cue.endswith("trước"):  # "(hoàn thành) trước tháng 9/2025": by the end of August
                mo, y = (mo - 1, y) if mo > 1 else (12, y - 1)
            add(m, _last_day(y, mo))
    has_year = has_digit and "năm" in low
    for m in (_YEAR_RANGE.finditer(text) if has_year else ()):
        if cell or m.start() == 0 or re.search(r"(?:trong|thực\s+hiện|thời\s+gian|:)\s*$", text[max(0, m.start() - 20):m.start()]):
            add(m, _last_day(int(m.group("y")), 12))  # "thời gian thực hiện trong năm 2022 - 2023": the window's end
    for m in (_STAGE_RANGE.finditer(text) if has_digit and "giai đoạn" in low else ()):
        ref = _issued(issued_date)
        if _STAGE_OF_MONEY.search(text, max(0, m.start() - 60), m.start()) is not None or \
                _MATTER_OPENING.search(text, max(0, m.start() - 300), m.start()) is not None:
            continue  # "nguồn ngân sách Trung ương hỗ trợ trong giai đoạn …", "4. Về kiến nghị … trong giai đoạn …:"
        if ref is not None and int(m.group("y1")) < int(m.group("y")) and int(m.group("y")) >= ref.year:
            add(m, _last_day(int(m.group("y")), 12))  # (a window already past, or no date to tell: the period told of)
    for m in (_YEAR.finditer(text) if has_year else ()):
        if _goal_year(text, m.start("full"), m.end("full")):
            continue  # "bảo đảm mục tiêu đến hết năm 2025 cả nước có …": when a goal is reached, not the duty's limit
        y = int(m.group("y"))
        cue = m.group("cue").lower()
        add(m, _last_day(y - 1 if cue.endswith("trước") else y, 12))
    for m in (_STRIVE_YEAR.finditer(text) if has_year and "phấn đấu" in low and not cell else ()):
        if (verb_at(text, m.end()) is not None or text.startswith("xong", m.end())) and \
                _STRIVE_NOT_DUTY.match(text, m.end()) is None:
            add(m, _last_day(int(m.group("y")), 12))
    if cell and not found:
        m3 = _CELL_YEAR.search(text.strip())
        if m3:
            found.append(Deadline(_last_day(int(m3.group("y")), 12), m3.group("full"), None, 0, len(m3.group("full"))))

    recur = _recurrence_in(text)
    if cell and recur is None:
        m4 = _CELL_RECURRENCE.search(text.strip())
        if m4:
            return Deadline(None, text.strip().rstrip("."), text.strip().rstrip("."), 0, len(text))
    if recur is not None and cell:
        whole = text.strip().rstrip(".")
        return Deadline(None, whole if found else None, whole, 0, len(text))

    found = [f for f in found if not any(g is not f and g.start <= f.start and f.end <= g.end
                                         and (g.end - g.start) > (f.end - f.start) for g in found)]
    if found and cell and any(f.date for f in found):
        # a cell "Quý IV/2025 - Quý II/2026" ends with its last date
        dated = [f for f in found if f.date]
        latest = max(dated, key=lambda f: (f.date or "", f.end))
        if len(dated) > 1:
            first = min(dated, key=lambda f: f.start)
            return Deadline(latest.date, text[first.start:latest.end].strip(" ,"), None, first.start, latest.end)
        return latest
    if found:
        # Prefer the earliest in the text; among those at one place, the longest phrase.
        found.sort(key=lambda f: (f.start, -(f.end - f.start)))
        best = found[0]
        if best.date is not None and best.end < len(text) and text[best.end] in " ,":
            best = _and_later(text, best)
        if best.text and re.match(r"hoàn thành\s+(?=trước|trong|vào)", best.text, re.IGNORECASE):
            cut = re.match(r"hoàn thành\s+", best.text, re.IGNORECASE)
            assert cut is not None
            best = Deadline(best.date, best.text[cut.end():], best.recurrence, best.start + cut.end(), best.end)
        if best.recurrence is None:
            near: list[re.Match[str]] = []
            for rm in (_RECURRENCE.finditer(text) if _may_recur(text) else ()):
                if rm.end() < best.start - 3 or _names_a_period_of_a_thing(text, rm):
                    continue
                gap = text[best.end:rm.start()]
                if rm.start() > best.end and (len(gap) > 24 or re.search(r"[;.(]", gap)):
                    break
                if best.date is not None and rm.start() > best.end and len(gap.split()) > 2 and " và " in f" {gap} " \
                        and _YEAR_IN.search(best.text or "") is not None and not any(c.isdigit() for c in gap):
                    break  # "trước ngày 03/12/2026 và tại các báo cáo định kỳ hằng tuần": a date, then the weekly reports
                near.append(rm)
            if near:
                start = min(best.start, *(rm.start() for rm in near))
                end = max(best.end, *(rm.end() for rm in near))
                label = max((rm.group("full").strip() for rm in near), key=lambda x: (not x.lower().startswith("định"), len(x)))
                return Deadline(None, text[start:end].strip(" ,"), label, start, end)
        return best
    if not cell and has_digit and ("hạn" in low or "thời gian" in low):
        m_lim = _LIMIT_NOUN.search(text)
        if m_lim is not None:
            # "Thời hạn hoàn thành là ngày 30/6/2025", "Hạn cuối: 15/7/2025", "Thời gian thực hiện: tháng 6/2025":
            # the time-limit word says what the date is, no cue word needed
            after = find_deadline(text[m_lim.end():], issued_date, cell=True)
            if after is not None and after.date and after.start <= 6:
                at = m_lim.end()
                return Deadline(after.date, after.text, None, at + after.start, at + after.end)
    if recur is not None:
        label = recur.group("full").strip()
        text_out = label if re.match(r"(?:trước|vào|chậm)", label) else None
        return Deadline(None, text_out, label, recur.start("full"), recur.end("full"))
    rel = _RELATIVE.search(text) if ((has_digit or "khi" in low or "tiến độ" in low)
                                     and any(w in text for w in _RELATIVE_HINTS)) \
        or ("trước" in text and _event_hint_in(text)) else None
    if rel is not None:
        return Deadline(None, rel.group("full").strip(" ,"), None, rel.start("full"), rel.end("full"))
    if ("năm nay" in low or "tháng này" in low) and not cell:
        m_this = _THIS_PERIOD.search(text)
        ref = _issued(issued_date)
        if m_this is not None and ref is not None:
            last = _last_day(ref.year, 12 if m_this.group("what").lower().startswith("năm") else ref.month)
            return Deadline(last, m_this.group("full"), None, m_this.start("full"), m_this.end("full"))
    if "cuối năm" in low and not cell:
        m_end = _YEAR_END.search(text)
        ref = _issued(issued_date)
        if m_end is not None and ref is not None:  # "phấn đấu cuối năm đạt …": the end of the document's year
            return Deadline(_last_day(ref.year, 12), m_end.group("full"), None, m_end.start("full"), m_end.end("full"))
    if has_year and not cell:
        # "thu ngân sách năm 2020": a duty about one year's plan is due by the end of that year (not "từ năm …",
        # "giai đoạn …", a range, or a year before the document's own)
        m_y = next((m for m in _BARE_YEAR.finditer(text)
                    if not re.search(r"(?:tháng\s+\d{1,2}|\d{1,2}/\d{1,2}|\d\s+tháng(?:\s+(?:đầu|cuối))?)\s*,?\s*$",
                                     text[max(0, m.start() - 18):m.start()])
                    and not _EVENT_NAME.search(text[max(0, m.start() - 100):m.start()])
                    # ("Báo cáo giữa kỳ thực hiện Kế hoạch (năm 2030)": a year in brackets says when, not what)
                    and (text[m.start() - 1:m.start()] == "(" or not _SUBJECT_YEAR.search(text[max(0, m.start() - 160):m.start()]))
                    and not _aim_year(text, m.start())
                    and not _goal_year(text, m.start("full"), m.end("full"))
                    and not ("số" in text[max(0, m.start() - 220):m.start()]
                             and _CITED_DOC.search(text[max(0, m.start() - 220):m.start()]))),
                   None)  # "ngày 22 tháng 8 năm 2021" is the date of a cited document, not a deadline
        if m_y is not None:
            ref = _issued(issued_date)
            y = int(m_y.group("y"))
            if ref is None or y >= ref.year:
                return Deadline(_last_day(y, 12), m_y.group("full"), None, m_y.start("full"), m_y.end("full"))
    return None


# "trong tháng 12/2025 và quý I/2026", "trong quý IV/2025 và tháng 01/2026", "trong năm 2025 và quý I/2026": a duty that
# spans two periods ends with the later one (rules42). The second period as written after "và" (or "đến"; a comma only
# before a quarter or a month), no cue word of its own.
_AND_PERIOD = re.compile(
    r"\s*(?:(?P<conj>và|đến|tới|[-–])|,)\s*(?:trong\s+)?(?:"
    r"(?:[Qq]u[ýíiy]|QU[ÝÍIY])\s+(?P<q>IV|III|II|I|[1-4])\b\s*(?:/|-|[Nn]ăm|,\s*[Nn]ăm)\s*(?P<qy>\d{4})"
    r"|tháng\s+(?P<m>\d{1,2})\s*(?:/|-|\.|năm)\s*(?P<my>\d{4})"
    r"|(?:6|sáu)\s+tháng\s+(?P<which>đầu|cuối)\s+năm\s+(?P<hy>\d{4})"
    r"|năm\s+(?P<y>\d{4}))(?![\d/\-–])")


def _and_later(text: str, best: Deadline) -> Deadline:
    """`best` reaching to the later period written right after it ("… và quý I/2026"), else `best` unchanged."""
    m = _AND_PERIOD.match(text, best.end)
    if m is None or best.date is None or (m.group("conj") is None and m.group("q") is None and m.group("m") is None):
        return best
    if m.group("q"):
        iso = _last_day(int(m.group("qy")), _ROMAN[m.group("q").upper()] * 3)
    elif m.group("m"):
        iso = _last_day(int(m.group("my")), int(m.group("m"))) if 1 <= int(m.group("m")) <= 12 else None
    elif m.group("which"):
        iso = _last_day(int(m.group("hy")), 6 if m.group("which") == "đầu" else 12)
    else:
        iso = _last_day(int(m.group("y")), 12)
    if iso is None or iso <= best.date:
        return best
    return Deadline(iso, text[best.start:m.end()].strip(" ,"), best.recurrence, best.start, m.end())


# "Sở A phấn đấu đến năm 2026 hoàn thành …", "… phấn đấu đến hết năm 2026, đưa … vào hoạt động": the year the duty
# itself is to be done by, said after "phấn đấu" with the duty's own verb after it (rules42; a goal's figure after it,
# "phấn đấu đến năm 2030 tỷ lệ … đạt 95%", "… có 100% xã …", stays no time limit: _goal_year)
_STRIVE_YEAR = re.compile(r"(?<=phấn\sđấu\s)(?P<full>(?:đến|tới)(?:\s+hết)?\s+năm\s+(?P<y>\d{4}))(?![\d/\-–])\s*,?\s*")
_STRIVE_NOT_DUTY = re.compile(r"(?:có|đạt|còn|tăng|giảm|phủ|bao\s+phủ|trở\s+thành|là)(?!\w)")


# A year that says when a goal is to be reached, or when the things a duty is about are planned to be finished, is not
# the duty's time limit (rules34, corpus-2025 read as a clerk): "…, bảo đảm mục tiêu đến hết năm 2025 cả nước có 1.700 km
# đường ven biển", "phấn đấu đến năm 2030 đạt 80% …", "ưu tiên các dự án trong danh mục hoàn thành 5.000 km vào năm
# 2030", "hỗ trợ các dự án có kế hoạch hoàn thành năm 2025". A duty that is to reach the goal keeps it ("Hoàn thành mục
# tiêu … trong năm 2025", "phấn đấu hoàn thành trong năm 2026").
# (right before the year: "mục tiêu đến hết năm 2025 …", "phấn đấu đến năm 2030 …"; not a noun of a list, "làm rõ mục
# tiêu, nội dung … trong năm 2026", nor "chương trình mục tiêu quốc gia"; "phấn đấu trong năm 2026 …" and a duty's own
# "dự kiến hoàn thành năm 2026" are its time)
_GOAL_BEFORE = re.compile(r"(?<!\w)(?:mục\s+tiêu(?:\s+(?:đến|tới)(?:\s+hết)?)?|phấn\s+đấu\s+(?:đến|tới)(?:\s+hết)?)\s+$", re.IGNORECASE)
_GOAL_AFTER = re.compile(r"\s*,?\s*(?:[^\s,.;:]+\s+){0,4}?(?:có|đạt|còn|tăng|giảm|phủ|bao\s+phủ)\s+(?:[^\s,.;:]+\s+){0,4}?"
                         r"(?:\d|khoảng|trên|dưới|tối\s+thiểu|ít\s+nhất|tỷ\s+lệ|tỉ\s+lệ)", re.IGNORECASE)
_PLANNED_THINGS = re.compile(r"(?<!\w)(?:có\s+kế\s+hoạch|danh\s+mục)\s+(?:[^\s,.;:]+\s+){0,3}?hoàn\s+thành"
                             r"(?:\s+[^\s,;:]+){0,4}?\s+(?:(?:vào|trong)\s+)?năm\s+\d{4}$")
_CLAUSE_BREAK = re.compile(r"[;:\n]|\.(?=\s)")  # (not the point of "5.000 km")


def _goal_year(text: str, start: int, end: int) -> bool:
    """The year phrase at start:end says when a goal is reached or planned things are finished (see _GOAL_BEFORE)."""
    lo = max(0, start - 200)
    clause_from = lo
    for m_cl in _CLAUSE_BREAK.finditer(text, lo, start):
        clause_from = m_cl.end()
    if _PLANNED_THINGS.search(text, clause_from, end) is not None:
        return True
    said = text[clause_from:end].lower()
    if "hoàn thành" in said or "xong" in said:
        return False  # "Hoàn thành mục tiêu … trong năm 2025", "phấn đấu hoàn thành trong năm 2026": the duty reaches it
    if _GOAL_BEFORE.search(text, max(clause_from, start - 30), start) is not None:
        return True
    cue = text[max(clause_from, start - 10):end]
    return _GOAL_AFTER.match(text, end) is not None and ("đến" in cue or "vào" in cue)


def _aim_year(text: str, at: int) -> bool:
    """The year at `at` stands in a purpose clause that follows the duty (see _PURPOSE_YEAR)."""
    lo = max(0, at - 200)
    m = _PURPOSE_YEAR.search(text, lo, at)
    if m is None or "hoàn thành" in text[lo:m.start()].lower():
        return False  # "Hoàn thành các chỉ tiêu … nhằm góp phần phát triển kinh tế năm 2026": the work of that year
    return len(text[max(0, m.start() - 40):m.start()].split()) >= 3


def parse_deadline(text: str, issued_date: str | None = None) -> tuple[str | None, str | None, str | None]:
    """(iso_deadline, deadline_text, recurrence) for the timing written in `text`; (None, None, None) when none."""
    found = find_deadline(text, issued_date)
    if found is None:
        return None, None, None
    return found.date, found.text, found.recurrence


def time_cell_at(cells: list[str]) -> int | None:
    """Which of a task-table row's remaining cells is its completion time ("Quý II/2027", "Năm 2025 - 2026").

    Empty cells leave no line in the text, so the time does not always fall in its column's place: the last cell
    when it reads as a time (a row that ends with its time), else the first cell that does (a row that goes on
    with its expected result or its funding after the time)."""
    if not cells:
        return None
    if find_deadline(cells[-1], None, cell=True) is not None:
        return len(cells) - 1
    return next((i for i, c in enumerate(cells[:-1]) if find_deadline(c, None, cell=True) is not None), None)


_DATELINE = re.compile(r"(?<![\d/.\-])(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>(?:19|20)\d{2})(?!\d)"
                       r"|ngày\s+(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>(?:19|20)\d{2})")


def reference_date(text: str) -> str | None:
    """The date a passage with no document date was written on: the first full date near its top (a news item's
    dateline, 'Ngày 25/5/2020, UBND tỉnh …'); used to place dates written without a year ('trước ngày 28-10')."""
    for m in _DATELINE.finditer(text, 0, min(len(text), 800)):
        d, mo, y = (m.group("d"), m.group("m"), m.group("y")) if m.group("d") else (m.group("d2"), m.group("m2"),
                                                                                    m.group("y2"))
        iso = iso_date(int(y), int(mo), int(d))
        if iso is not None:
            return iso
    return None


# a news item's dateline, its year often left out: "Ngày 5/3, …", "Sáng 16/6/2026, …"
DATELINE_DATE = re.compile(r"(?:(?:Ngày|Sáng|Chiều|Tối|Trưa)\s+)(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})"
                           r"(?:\s*[/.\-]\s*(?P<y>\d{4}))?(?!\d)")


def own_date(text: str, issued_date: str | None) -> tuple[int | None, int, int] | None:
    """The text's own date as (year or None, month, day), the one date every rule reads the text's time from: the
    issue date; else the first full date near its top (reference_date); else its first dateline, even without a year
    ("Ngày 16/6, …": a timetable's steps are placed after it)."""
    iso = issued_date if issued_date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", issued_date) else reference_date(text)
    if iso is not None:
        y, mo, d = (int(x) for x in iso.split("-"))
        return y, mo, d
    m = DATELINE_DATE.search(text[:3000])
    if m is None:
        return None
    return (int(m.group("y")) if m.group("y") else None), int(m.group("m")), int(m.group("d"))


def own_iso_date(text: str, issued_date: str | None) -> str | None:
    """The text's own date as an ISO date, where it has a year (own_date): what its deadlines are placed after."""
    ref = own_date(text, issued_date)
    if ref is None or ref[0] is None:
        return issued_date or None
    return iso_date(ref[0], ref[1], ref[2])


# Speed, the same matches: patterns searched along sentences get a first-character test (services/vntext/fastre.py)
guard_patterns(globals(), (
    "_BARE_DATE", "_CITED_DOC", "_DAY_LIST", "_THIS_PERIOD", "_QUARTER_LIST", "_LIMIT_NOUN", "_PERIOD_WINDOW", "_MONTH", "_QUARTER", "_QUARTER_NO_YEAR", "_HALF", "_YEAR_RANGE", "_MONTH_RANGE", "_MONTH_LIST", "_MONTH_NO_YEAR", "_YEAR_END", "_BARE_YEAR", "_RELATIVE",
))
