"""Recognising unit phrases (who must act) inside Vietnamese directive sentences.

A unit phrase is a list of units joined by ",", ";", "và", "cùng": a known name from the directory
("Sở TN&MT"), an administrative body ("UBND huyện Triệu Phong", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc
trung ương"), a collective ("các sở, ban, ngành liên quan"), a factored list ("các Sở: Tài chính, Xây dựng"),
a title before any of these ("Giám đốc Sở Xây dựng", "Thủ trưởng các sở, ban, ngành"), or an unknown unit that
starts with a head word ("Ban Quản lý …", "Trung tâm …").

Matching only ever starts at a given position and every pattern is linear, so long texts stay fast.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from services.vntext.fastre import first_chars
from services.vntext.letters import UPPER
from services.vntext.units import directory, is_known_unit

CAP_WORD = rf"[{UPPER}][\w]*"
PROPER = rf"{CAP_WORD}(?:\s+{CAP_WORD}){{0,4}}"

# fixed patterns used inside the matching functions, compiled once (an inline re.compile looks its pattern up in
# the re module's cache on every call, and dynamic patterns elsewhere evict them from it)
_SPACES = re.compile(r"\s+")
_SP_CAP_WORD = re.compile(rf"\s+{CAP_WORD}")
_COMMA_SP = re.compile(r",\s+")
_AMP_WORD = re.compile(r"&\s*[\w]+")
_DASH_CAP_WORD = re.compile(rf"[-–]\s+{CAP_WORD}")
_CAP_WORD_RE = re.compile(rf"{CAP_WORD}")
_PREV_CAP = re.compile(rf"(?<![\w]){CAP_WORD}$")
_WORD_VA_CUA = re.compile(r"[^\W\d_]+\s+(?:và|của)\s")
_WORD_CHARS = re.compile(r"[\w]+")
_ITEM_SEP = re.compile(r"\s*,\s*|\s+và\s+")
_NGANH_WORDS = re.compile(r"ngành(?:\s+(?!và\b|các\b)[\w]+){1,2}")
_FORCE_NAME = re.compile(r"\s+(?:[Bb]iên\s+phòng|[Nn]hân\s+dân|[Cc]ảnh\s+sát\s+biển)(?!\w)")
_FORCE_WORDS = re.compile(r"(?:công\s+an|quân\s+đội|bộ\s+đội|y\s+tế)(?!\w)")

# Words that start an action: where a unit's name ends and what it must do begins.
VERBS: tuple[str, ...] = (
    "có trách nhiệm", "chịu trách nhiệm", "có nhiệm vụ", "có các nhiệm vụ", "có những nhiệm vụ", "lãnh đạo, chỉ đạo", "cho ý kiến", "tham gia ý kiến", "ký", "chủ trì", "phối hợp", "khẩn trương", "tiếp tục", "chủ động", "kịp thời",
    "tập trung", "tăng cường", "đẩy mạnh", "nghiêm túc", "thường xuyên", "định kỳ", "sớm", "cần", "phải",
    "kiểm tra", "rà soát", "nghiên cứu", "tham mưu", "báo cáo", "chỉ đạo", "triển khai", "thực hiện", "tổ chức",
    "hướng dẫn", "đôn đốc", "theo dõi", "tổng hợp", "xem xét", "đề xuất", "xây dựng", "xử lý", "giải quyết",
    "trả lời", "cung cấp", "gửi", "phê duyệt", "ban hành", "trình", "hoàn thiện", "hoàn thành", "thẩm định",
    "bố trí", "cập nhật", "công khai", "tuyên truyền", "phổ biến", "quán triệt", "giám sát", "hỗ trợ",
    "định hướng", "lập", "tiến hành", "làm rõ", "làm việc", "có ý kiến", "có biện pháp", "có văn bản",
    "thống nhất", "họp", "chuẩn bị", "bảo đảm", "đảm bảo", "rút kinh nghiệm", "ra quyết định", "giúp",
    "tiếp nhận", "vận động", "huy động", "lựa chọn", "phân bổ", "bổ sung", "sửa đổi", "điều chỉnh", "thanh tra",
    "xác minh", "khắc phục", "sắp xếp", "tham gia", "góp ý", "lấy ý kiến", "tiếp thu", "soạn thảo", "biên soạn",
    "tập huấn", "bồi dưỡng", "khảo sát", "đánh giá", "thống kê", "nộp", "chi trả", "ứng phó", "di dời", "sơ tán",
    "theo dõi", "thông tin", "quản lý", "duy trì", "kiện toàn", "phát động", "liên hệ", "mời", "cử", "trực",
    "phân công", "tạo điều kiện", "nắm", "nắm bắt", "rà", "tuyên dương", "khen thưởng", "chấn chỉnh",
    "ngăn chặn", "vận hành", "cấu hình", "áp dụng", "nâng cao", "đề nghị", "yêu cầu", "kiến nghị",
    "thông báo", "công bố", "phát hành", "thu hồi", "hủy", "bãi bỏ", "dừng", "tạm dừng", "đình chỉ",
    "nghiệm thu", "quyết toán", "dự trù", "thanh toán", "tạm ứng", "giải ngân", "cấp", "đăng tải", "đăng", "niêm yết",
    "đối chiếu", "thu thập", "cập nhật", "số hóa", "hoàn tất", "tích cực", "quyết liệt", "nghiêm",
    "quyết định", "quyết nghị", "điện", "chỉ thị", "kết luận", "ghi nhận", "biểu dương",
    "kiểm soát", "bảo vệ", "phát triển", "ưu tiên", "thu", "chi", "mở", "đầu tư", "kết nối", "chia sẻ", "lưu trữ",
    "bàn giao", "hoàn chỉnh", "giới thiệu", "nhân rộng", "thẩm tra", "đo đạc", "cắm mốc", "thiết lập", "đào tạo",
    "chăm lo", "ổn định", "xúc tiến", "thu hút", "kêu gọi", "công nhận", "xác định", "lồng ghép", "quan tâm",
    "chú trọng", "tăng", "giảm", "dự báo", "cảnh báo", "tìm kiếm", "cứu hộ", "cứu nạn", "khôi phục", "sửa chữa",
    "nạo vét", "gia cố", "điều tra", "truy tìm", "truy tố", "xét xử", "tuần tra", "kiểm đếm", "rà", "tháo gỡ",
    "giữ", "giữ vững", "duy trì", "ký kết", "phê chuẩn", "thành lập", "giải thể", "sáp nhập", "hợp nhất",
    "chuyển", "chuyển giao", "tiếp tục", "làm tốt", "nghiên cứu", "chịu", "đề ra", "tổng kết", "sơ kết",
    "đẩy nhanh", "nâng cấp", "đổi mới", "phát huy", "khai thác", "hình thành", "thúc đẩy", "cải thiện", "cải cách",
    "chuyển đổi", "ứng dụng", "khuyến khích", "tổ chức lại", "sắp xếp lại", "bổ nhiệm", "tuyển dụng", "rà soát lại",
    "kiểm kê", "đánh giá lại", "xây dựng lại", "hướng dẫn lại", "tăng cường", "siết chặt", "xóa", "loại bỏ",
    "hạn chế", "nghiêm cấm", "tránh", "ngừng", "giám định", "trao đổi",
    # more verbs a duty starts with in directives and công điện (several syllables: never part of a unit's name)
    "sẵn sàng", "bám sát", "bám vào", "nhận diện", "bảo quản", "bảo dưỡng", "bảo trì", "che chắn", "chăm sóc", "chỉ định",
    "cài đặt", "cơ cấu lại", "cải tạo", "cấp phát", "cắt giảm", "di chuyển", "duy tu", "dọn dẹp", "ghi chép",
    "gia hạn", "giải trình", "giữ gìn", "hưởng ứng", "học tập", "hủy bỏ", "khuyến cáo", "khơi thông", "khử trùng",
    "kiểm định", "kê khai", "lan tỏa", "luân chuyển", "lấy mẫu", "lập danh sách", "lập hồ sơ",
    "lắng nghe", "mở rộng", "nhắc nhở", "phân khai", "phản hồi", "phục hồi", "rút ngắn", "soát xét", "thay thế",
    "thỏa thuận", "thoả thuận", "thu gom", "tiêu hủy", "tiêu huỷ", "tiêu độc", "tiếp đón", "tranh thủ", "triệt phá",
    "truy quét", "truy thu", "truyền tải", "túc trực", "tạm ngừng", "vào cuộc", "vận chuyển", "xử phạt",
    "điều động", "đơn giản hóa", "đấu thầu", "đối thoại", "ứng trực", "tái thiết",
    "chuẩn hóa", "số hoá", "đồng bộ", "cân đối", "thẩm tra", "kiểm tra, giám sát", "rà soát, đánh giá", "tích hợp", "vận động", "động viên", "thăm hỏi", "cung ứng", "dự trữ",
    "phê bình", "kiểm điểm", "xem xét lại", "bàn", "thảo luận", "xin ý kiến", "hoàn trả", "trình bày", "phát biểu", "lên", "giao",
    "tuân thủ", "chấp hành", "thực thi", "nêu rõ", "lưu ý", "chú ý", "phấn đấu", "phòng ngừa", "ngăn ngừa",
    "đấu tranh", "phản ánh", "tăng cường", "tạo", "đưa", "gắn", "khảo sát", "đề xuất", "thẩm định",
    "tổng rà soát", "nhân rộng", "vận hành", "khai báo", "cập nhật", "rà soát", "tra cứu", "mua sắm", "sử dụng",
    # more duty verbs of letters and news reports ("yêu cầu tính toán, phân bổ …", "nêu cao tinh thần trách nhiệm …")
    "tính toán", "nêu cao", "đề cao", "phân tích", "tìm hiểu", "chỉnh sửa", "biên tập",
    "trang bị", "phân loại", "giải tỏa", "giải toả", "cưỡng chế", "bồi thường", "lắp đặt", "chốt", "nhanh chóng",
    "gấp rút", "quyết tâm", "khẩn cấp", "có kế hoạch", "có phương án", "lãnh đạo tổ chức", "lãnh đạo thực hiện",
    "lãnh đạo triển khai", "lãnh đạo, chỉ đạo",
    # more duties of a semicolon series ("…; phát hiện, báo cáo kịp thời …; in ấn và treo pano …; nỗ lực hoàn thành …")
    "phát hiện", "nỗ lực", "in ấn", "chỉnh trang", "đồng loạt", "tham dự", "ra quân", "tổng kiểm tra",
    "lãnh đạo",
    # a commune's groups and forces at a storm or an election: "Tổ quản lý chợ X nắm tình hình …", "các thôn nắm chắc …"
    "nắm tình hình", "nắm chắc",
    # "Hội Nông dân xã và các chi hội làm nòng cốt, hướng dẫn …": a body the core of a campaign
    "làm nòng cốt", "làm lực lượng nòng cốt",
    # "các cấp ủy trực thuộc cụ thể hóa Nghị quyết …": turning a resolution into the unit's own plan
    "cụ thể hóa", "cụ thể hoá", "thể chế hóa", "thể chế hoá",
    # "b) Tối ưu hóa Hệ thống thông tin …", "c) Đa dạng hoá hình thức …": making something better, said with "-hóa"
    "tối ưu hóa", "tối ưu hoá", "đa dạng hóa", "đa dạng hoá", "hiện đại hóa", "hiện đại hoá",
    # roads and bridges: "đề nghị UBND huyện A cắm biển hạn chế tải trọng …", "lắp đặt/treo biển cảnh báo …"
    "cắm biển", "treo biển", "lắp biển", "đặt biển", "cắm cọc", "rào chắn", "phân luồng",
    # "…; có các biện pháp bảo quản …; có những giải pháp …": a duty of a semicolon series said with "có"
    "có các biện pháp", "có những biện pháp", "có giải pháp", "có các giải pháp", "có những giải pháp",
    "có các phương án", "có các kế hoạch", "có các văn bản", "có hình thức",
)
_VERB_RE = re.compile(
    r"(?:" + "|".join(sorted((re.escape(v).replace(r"\ ", r"\s+") for v in set(VERBS)), key=len, reverse=True)) + r")(?!\w)"
)
# Function words that never belong to a unit's name.
_NAME_STOP = re.compile(
    r"(?:theo|tại|trên|về|để|cho|với|trong|của|do|nêu|đã|đang|sẽ|được|là|có|và|cùng|nhằm|khi|nếu|thì|"
    r"căn|đối|từ|đến|ngày|số|cũng|đều|vẫn|còn|chưa|không|luôn|vừa|mới|trân\s+trọng|xin|truyền\s+đạt)(?!\w)"
    # "Tổ công tác liên ngành tự kiểm tra …": "tự" (by itself, not "trật tự", "thứ tự", "trình tự", "tương tự")
    # before a verb ends the name (fix21)
    r"|(?<![Tt]rật\s)(?<![Tt]hứ\s)(?<![Tt]rình\s)(?<![Tt]ương\s)tự\s+(?=" + _VERB_RE.pattern + r")"
)

_TITLE_WORDS = (
    # (a letter's "ông (bà) Hiệu trưởng …", "Ông/Bà Giám đốc …": the head addressed, whoever holds the office)
    r"(?:(?:[Cc]ác\s+(?:[Đđ]ồng\s*chí\s+)?|(?:[Đđ]ồng\s*chí|[Ôô]ng\s*(?:\(\s*[Bb]à\s*\)|/\s*[Bb]à)|[Ôô]ng|[Bb]à)\s+))?(?:Phó\s+|phó\s+)?(?:[Bb]an\s+[Tt]hường\s+vụ|Giám\s+đốc|giám\s+đốc|Chủ\s+tịch|chủ\s+tịch|"
    r"Thủ\s+trưởng|thủ\s+trưởng|Bộ\s+trưởng|bộ\s+trưởng|Thứ\s+trưởng|thứ\s+trưởng|Chánh\s+[Vv]ăn\s+phòng|Chánh\s+[Tt]hanh\s+tra|"
    # (heads named in lower case inside a sentence too: "yêu cầu hiệu trưởng các trường …", "cục trưởng các cục thuế")
    r"[Tt]rưởng\s+[Bb]an|Chỉ\s+huy\s+trưởng|Tổng\s+[Gg]iám\s+đốc|Tổng\s+[Cc]ục\s+trưởng|[Cc]ục\s+trưởng|[Vv]ụ\s+trưởng|"
    r"Viện\s+trưởng|[Hh]iệu\s+trưởng|[Ll]ãnh\s+đạo|[Nn]gười\s+đứng\s+đầu|Chủ\s+nhiệm|Bí\s+thư|(?<=chí\s)bí\s+thư|(?<=;\s)bí\s+thư|Trưởng\s+[Cc]ông\s+an|"
    r"[Cc]hi\s+cục\s+trưởng|[Tt]rưởng\s+[Pp]hòng|Thống\s+đốc|[UuỦủ]ỷ?y?\s+viên|"
    # the heads of a commune's villages and street groups: "Trưởng thôn", "Trưởng các ấp", "Tổ trưởng Tổ dân phố"
    r"[Tt]rưởng(?=\s+(?:các\s+)?(?:thôn|ấp|bản|xóm|khu\s+phố|[Tt]ổ\s+dân\s+phố)(?!\w))|[Tt]ổ\s+trưởng(?=\s+[Tt]ổ\s)|"
    # "yêu cầu cơ quan Thường trực Ban An toàn giao thông huyện, …": the standing agency acts for the board it serves
    r"(?<=\s)cơ\s+quan\s+[Tt]hường\s+trực(?=\s+(?:của\s+)?(?:Ban|Hội\s+đồng)\s)|"
    # a party letter's "…; trưởng các sở, ban, ngành": the heads of a kind of body, in lower case
    # (after "các đồng chí" or in a list of such titles: not "cấp trưởng các hội")
    r"(?<=chí\s)trưởng(?=\s+các\s)|(?<=;\s)trưởng(?=\s+các\s)|"
    # "Nhà trường yêu cầu Trưởng các đơn vị, Công đoàn …", "Trưởng các khoa": the heads of a school's or an office's units
    r"Trưởng(?=\s+các\s+(?:đơn\s+vị|khoa|phòng|ban|bộ\s+môn|tổ|trung\s+tâm)(?!\w))|"
    # "các đồng chí thành viên Ban Chỉ đạo …", "các đồng chí trong Ban Thường vụ …", "các đồng chí cấp ủy các thôn":
    # the people addressed stand for the body they sit in
    r"(?<=chí\s)(?:thành\s+viên|trong|cấp\s+[uủ]ỷ?y?(?=\s+các\s)))"
)
TITLES = _TITLE_WORDS + r"\s+"
TITLE_RE = re.compile(TITLES)  # a title before a unit's name (public: the units reader strips it)
# "các Bộ trưởng, Chủ tịch UBND các tỉnh …": a title alone names the heads of a kind of body
_TITLE_ALONE = re.compile(_TITLE_WORDS + r"(?=\s*[,;]|\s+và\s)")
# a title that names the kind of unit it heads: "Trưởng phòng", "Phó Trưởng ban"
# (not a person named after the title: "Trưởng phòng Nguyễn Văn A cho biết")
_SURNAME = re.compile(r"(?:Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đinh|Trương|Lương|Mai)\s")
_TITLE_KIND = re.compile(r"(?<![\w])[Tt]rưởng\s+([Pp]hòng|[Bb]an)\s+")

_ADMIN_HEAD = (r"(?:UBND|[Ủủ]y\s*ban\s+[Nn]hân\s+[Dd]ân|[Uu]ỷ\s*ban\s+[Nn]hân\s+[Dd]ân|ỦY\s+BAN\s+NHÂN\s+DÂN|HĐND|"
               r"Hội\s+đồng\s+[Nn]hân\s+[Dd]ân)")
_LEVEL = (
    # "UBND các địa phương", "Chủ tịch UBND các địa phương": the local bodies in the plural
    r"(?:cấp\s+(?:tỉnh|huyện|xã)|(?<=các\s)cấp|(?<=các\s)địa\s+phương|thành\s+phố|Thành\s+phố|thị\s+xã|Thị\s+xã|thị\s+trấn|tỉnh|Tỉnh|huyện|Huyện|"
    r"quận|Quận|xã(?!\s+hội)|phường|đặc\s+khu|thị|TP\.?|Tp\.?)(?!\w)"
)
_ADMIN_RE = re.compile(
    rf"{_ADMIN_HEAD}(?:\s*các\s*)?(?:\s*{_LEVEL}(?:(?:\s*(?:,|/|-|và)\s*|\s+)(?:các\s+)?{_LEVEL})*)?"
    rf"(?:\s+(?:từ\s+{PROPER}\s+đến\s+{PROPER}|nêu\s+trên|trực\s+thuộc\s+[Tt]rung\s+ương|cùng\s+cấp|"
    rf"(?:có\s+)?liên\s+quan|ven\s+biển|biên\s+giới|miền\s+núi|vùng\s+cao|bị\s+ảnh\s+hưởng|trọng\s+điểm|"
    rf"trên\s+địa\s+bàn(?:\s+(?:tỉnh|thành\s+phố))?|{PROPER}))?"
)
_ENDS_PROPER = re.compile(rf"(?:huyện|xã|phường|quận|thị\s+xã|thị\s+trấn|tỉnh|thành\s+phố)\s+{PROPER}$")
_MORE_PLACE = re.compile(rf"(?:\s*,\s*|\s+và\s+)({PROPER})(?=\s*[,;.:]|\s+và\s|\s+(?:{_VERB_RE.pattern}))")
_TRAILING_CAP = re.compile(rf"(?<=\s){CAP_WORD}$")
_NAME_GOES_ON = re.compile(r"\s+(?:các\s+)?(?:công\s+trình|dự\s+án|dân\s+dụng|giao\s+thông|nông\s+nghiệp|công\s+nghiệp|"
                           r"đô\s+thị|thủy\s+lợi)(?!\w)")
_DUTY_AFTER_NAME = re.compile(r"\s+(?:có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|chủ\s+trì|phối\s+hợp|khẩn\s+trương|tham\s+mưu|"
                              r"phải|cần|tiếp\s+tục|chủ\s+động|tập\s+trung)(?!\w)|\s*[,;:(]")
_LEVEL_LIST = re.compile(rf"\s+các\s+{_LEVEL}(?:\s*(?:,|/|và)\s*(?:các\s+)?{_LEVEL})*")
_PLACE_RE = re.compile(rf"(?:tỉnh|thành\s+phố|Tỉnh|[Xx]ã|[Pp]hường|[Hh]uyện|[Qq]uận|[Tt]hị\s+xã|[Tt]hị\s+trấn)\s+{PROPER}")

_NOUN = (
    r"(?:(?:[Ủủ]y|[Uu]ỷ)\s+ban(?!\s+(?:nhân|[^\W\d_a-zà-ỹđ]))|sở|Sở|ban|Ban|ngành|Ngành|cơ\s+quan\s+ngang\s+[bB]ộ|bộ(?!\s+(?:trưởng|phận|đội))|Bộ(?!\s+(?:trưởng|phận))|(?<=,\s)bộ\s+phận(?=\s*[,;]|\s+[a-zà-ỹđ])|(?<=[Cc]ác\s)bộ\s+phận(?=\s+(?:chuyên\s+môn|chức\s+năng|một\s+cửa|tham\s+mưu)(?!\w))|cơ\s+quan|Cơ\s+quan|đơn\s*vị|Đơn\s*vị|địa\s+phương|"
    r"Địa\s+phương|đoàn\s+thể|tổ\s+chức\s+cơ\s+sở\s+[Đđ]ảng|tổ\s+chức\s+[Đđ]ảng|tổ\s+chức(?=\s*,|\s+(?:chính|xã|đoàn|có|liên|khác|cá|thành|tín|hội|quần|kinh))|công\s+đoàn(?:\s+cơ\s+sở)?|[Cc]hi\s+bộ|đảng\s+bộ|chi\s+đoàn|cơ\s+sở\s+đoàn|cá\s+nhân|doanh\s+nghiệp|"
    r"hiệp\s+hội|hội|lực\s+lượng|thị\s+trấn|chủ\s+đầu\s+tư|(?:huyện|thành|tỉnh|đảng|quận|thị)\s+(?:[uủ]ỷ?y?|đoàn)(?=\s*[,;.(]|\s+(?:và|các|trực|cơ|cùng)\s|\s+\w+\s)|huyện|xã|phường|thị\s+xã|thành\s+phố|tỉnh|quận|thị|"
    r"cấp\s+(?:hội|công\s+đoàn)|phòng\s+khám|trường\s+học|trường(?!\s+hợp)|[Cc]hi\s+cục|Cục|Vụ(?=\s*,|\s+(?:chức|thuộc|liên|và))|phòng|cấp\s+ủy(?:\s+[Đđ]ảng)?|cấp\s+uỷ(?:\s+[Đđ]ảng)?|chính\s+quyền(?:\s+địa\s+phương)?|cấp|[tT]ập\s+đoàn|[tT]ổng\s+[cC]ông\s+ty|[cC]ông\s+ty|nhà\s+thầu|"
    r"[dD]oanh\s+nghiệp|ấp|thôn|[Tt]ổ\s+dân\s+phố|[Kk]hu\s+phố|khối\s+phố|xóm|khu\s+dân\s+cư|Trường\s+học|Trạm\s+y\s+tế|[Bb]áo,\s*[Đđ]ài|đặc\s+khu|thương\s+nhân|đầu\s+mối|cục|đoàn\s+(?:kiểm\s+tra|thanh\s+tra|công\s+tác|giám\s+sát)(?:\s+liên\s+ngành)?|(?:[Tt]ổ\s+)?đại\s+biểu(?:\s+và\s+(?:các\s+)?đại\s+biểu)?|[Cc]hi\s*,\s*[Đđ]ảng\s+bộ|[Cc]hi,\s*[Đđ]ảng\s+bộ|"
    r"nhà\s+trường|cơ\s+sở\s+giáo\s+dục|cơ\s+sở\s+y\s+tế|cơ\s+sở\s+(?:sản\s+xuất|kinh\s+doanh)(?:\s*,\s*kinh\s+doanh)?|cơ\s+sở|ngành\s+chức\s+năng|thành\s+viên|bệnh\s+viện|"
    r"trung\s+tâm|Trung\s+tâm|trạm\s+y\s+tế|chi\s+nhánh(?:\s+ngân\s+hàng)?|văn\s+phòng|ban\s+quản\s+lý|hợp\s+tác\s+xã|"
    # the market's actors a directive tells to act: "các ngân hàng thương mại", "các cửa hàng xăng dầu", "các hộ kinh
    # doanh", "các cơ sở sản xuất, kinh doanh" (and before "cấp", "phòng": "các cấp hội", "các phòng khám")
    r"ngân\s+hàng|cửa\s+hàng|hộ\s+kinh\s+doanh|nhà\s+mạng|"
    # "phối hợp với các Viện nghiên cứu, trường đại học …": research institutes in the plural
    r"[Vv]iện\s+nghiên\s+cứu|[Vv]iện(?=\s*,|\s+(?:và|trực|thuộc)\s)|"
    r"tổ\s+chức\s+chính\s+trị\s*-\s*xã\s+hội|đoàn\s+thể|chủ\s+rừng|chủ\s+dự\s+án|nhà\s+đầu\s+tư)(?!\w)"
)
_QUAL = (
    # "các sở, ban, ngành ở tỉnh", "các bộ, ngành ở Trung ương và địa phương": the level the bodies sit at
    r"(?:ở\s+(?:[Tt]rung\s+ương(?:\s+và\s+(?:ở\s+)?địa\s+phương)?|[Tt]ỉnh|[Tt]hành\s+phố|huyện|xã|địa\s+phương|cơ\s+sở)"
    r"(?=\s*[,;.:)]|\s+và\s|\s+[a-zà-ỹđ]|\s*$)|"
    r"có\s+liên\s+quan|liên\s+quan|liên\s+(?:bộ|ngành)|kiểm\s+lâm|tư\s+vấn|kiểm\s+toán(?:\s+độc\s+lập)?|cùng\s+cấp|tín\s+dụng|ven\s+biển|biên\s+giới|miền\s+núi|vùng\s+cao|trọng\s+điểm|cấp\s+tỉnh|cấp\s+huyện|cấp\s+xã|chức\s+năng|ngang\s+[bB]ộ|thuộc\s+Chính\s+phủ|"
    # "các Sở, cơ quan trực thuộc UBND tỉnh": the body they belong to ends the name, it is not told to act
    r"(?:trực\s+)?thuộc\s+(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)\s+(?:tỉnh|thành\s+phố|huyện|thị\s+xã|xã|phường)(?![\w ]*[A-ZĐ])|"
    # "các đơn vị trực thuộc Sở", "các phòng thuộc Ban": the issuing body they belong to, named by its kind alone
    r"(?:trực\s+)?thuộc\s+(?:Sở|Ban|Cục|Tổng\s+cục)(?=\s*[,;.:]|\s+và\s|\s+[a-zà-ỹđ])|"
    r"trực\s+thuộc(?:\s+[Tt]rung\s+ương)?|thuộc\s+Bộ|thuộc\s+tỉnh|thuộc\s+(?:[Tt]hành\s+phố|huyện|phạm\s+vi\s+quản\s+lý)(?=\s*[,;.:]|\s+và\s|\s+[a-zà-ỹđ])|thuộc\s+UBND\s+tỉnh|(?:của\s+)?[Tt]rung\s+ương|thanh\s+tra|"
    r"báo\s+chí|truyền\s+thông|thông\s+tin\s*,\s*báo\s+chí|thông\s+tin\s+đại\s+chúng|phát\s+thanh|truyền\s+hình|"
    # "các cá nhân phụ trách trên cơ sở kế hoạch …": the ones in charge, then the basis of their duty
    r"phụ\s+trách(?=\s+(?:trên\s+cơ\s+sở|căn\s+cứ)\s)|"
    r"thành\s+viên|nêu\s+trên|khác|chủ\s+quản|trường\s+học|quản\s+lý\s+(?:nhà\s+nước|thị\s+trường)|đại\s+học|cao\s+đẳng|thi\s+công|thương\s+mại(?:\s+cổ\s+phần)?|nước\s+ngoài|"
    # "các cơ sở Đoàn, Hội, Đội": the youth union, associations and pioneers they belong to, named as a list
    r"(?:Đoàn|Hội|Đội)(?:\s*[,–-]\s*(?:Đoàn|Hội|Đội)(?!\w))+|"
    # "các Tổ đại biểu, đại biểu Hội đồng nhân dân Thành phố", "các Ban Hội đồng nhân dân tỉnh": the council's own bodies
    r"(?:Hội\s+đồng\s+nhân\s+dân|HĐND)(?:\s+(?:tỉnh|Tỉnh|thành\s+phố|Thành\s+phố|huyện|xã|phường|cấp\s+xã)"
    r"(?:\s+[A-ZĐ][a-zà-ỹđ]+){0,3})?(?=\s*[,;.:]|\s+và\s|\s+[a-zà-ỹđ])|"
    # "các tỉnh, thành phố khu vực miền Trung", "các tỉnh Bắc Bộ": a region
    r"(?:khu\s+vực\s+)?(?:miền\s+(?:Bắc|Trung|Nam)|(?:Bắc|Trung|Nam)\s+Bộ|Tây\s+Nguyên|Tây\s+Bắc|Đông\s+Bắc|Đông\s+Nam\s+Bộ|"
    r"đồng\s+bằng\s+sông\s+(?:Hồng|Cửu\s+Long)|Đồng\s+bằng\s+sông\s+(?:Hồng|Cửu\s+Long))|"
    r"của\s+(?:thành\s+phố|tỉnh|huyện|quận|địa\s+phương)(?:\s*(?:,|và)\s*(?:quận|huyện|xã|thị\s+xã|phường))*(?=\s*[,;.:]|\s+[a-zà-ỹđ])|[Bb]áo,\s*[Đđ]ài(?:\s+(?:của\s+)?(?:tỉnh|thành\s+phố|huyện))?|cơ\s+sở(?!\s+(?:dữ|vật|hạ|giáo|y|pháp|khoa))|nhà\s+nước(?:\s+\([A-ZĐ]{2,8}\))?|kinh\s+tế|tuyến\s+(?:tỉnh|huyện|xã|trung\s+ương)|công\s+lập|ngoài\s+công\s+lập|sự\s+nghiệp(?=\s+công\s+lập|\s+khác|\s+trực|\s+thuộc)|hành\s+chính(?=\s+khác|\s+nhà\s+nước|\s+trực|\s+thuộc)|chuyên\s+môn(?:\s+thuộc\s+(?:UBND|Ủy\s+ban\s+nhân\s+dân)\s+(?:tỉnh|huyện|xã|cấp\s+\w+))?|"
    r"của\s+(?:các\s+)?(?:đoàn\s+thể|tổ\s+chức\s+chính\s+trị\s*-\s*xã\s+hội)|"
    r"của\s+(?:Hội\s+đồng\s+nhân\s+dân|HĐND|Ủy\s+ban\s+nhân\s+dân|UBND)(?:\s+(?:tỉnh|thành\s+phố|Thành\s+phố|huyện|xã))?|Thành\s+phố|tỉnh|Tỉnh|thành\s+phố|huyện(?=\s*[,;.:]|\s+và\s|\s+[a-zà-ỹđ])|chính\s+trị\s*-\s*xã\s+hội|có\s+tên\s+trên|"
    r"trên\s+địa\s+bàn(?:\s+tỉnh|\s+thành\s+phố)?|đóng\s+(?:chân\s+|quân\s+)?(?:trên|tại)\s+địa\s+bàn(?:\s+(?:tỉnh|huyện|thành\s+phố))?|"
    r"trên(?=\s*[,;.:]|\s+(?:chỉnh|hoàn|khẩn|tổ|triển|thực|báo|gửi|rà|tiếp|chủ|kiểm|xây|phối|nghiêm|tập|tăng))|"
    r"được\s+(?:giao|phân\s+công)(?:\s+chủ\s+trì)?(?:\s+thực\s+hiện)?(?:\s+(?:các\s+)?nhiệm\s+vụ)?"
    r"(?:\s+(?:theo|tại)\s+(?:Kế\s+hoạch|Quyết\s+định|Chỉ\s+thị|Chương\s+trình|Đề\s+án)\s+này)?)(?!\w)"
)
_NOUN_RE = re.compile(_NOUN)
_QUAL_RE = re.compile(r"\s+" + _QUAL)
# (also a letter's item opening with the kinds of body it is sent to, without "các": "1. Cơ quan, đơn vị trường học
# báo cáo …", "Đơn vị, trường học gửi …")
_COLLECTIVE_START = re.compile(r"(?:[Cc]ác|[Nn]hững|Quý|quý|[Tt]ừng|[Mm]ỗi|\d{1,3})\s+|"
                               r"(?=(?:Cơ\s+quan|Đơn\s+vị)\s*,\s*(?:cơ\s+quan|đơn\s+vị|trường\s+học|địa\s+phương)"
                               # (not bodies described by what they do: "Cơ quan, đơn vị tổ chức lập quy hoạch …")
                               r"(?:\s+trường\s+học)?(?!\w)(?!\s+(?:tổ\s+chức|quản\s+lý|được|đã|là|có\s+(?!trách)|"
                               r"sử\s+dụng|thực\s+hiện\s+dự)))")
_COMMA = re.compile(r"\s*,\s*")
_KIND_COLON = re.compile(r"(?:[Cc]ác|[Nn]hững)\s+(?:hội|hiệp\s+hội|đơn\s+vị|cơ\s+quan|tổ\s+chức|doanh\s+nghiệp|trường|"
                         r"tập\s+đoàn|công\s+ty|ngân\s+hàng|bệnh\s+viện)\s*:\s*")
# (also without "các" when the capitalised head has its colon: "giao Bộ: Tài chính, Xây dựng, Nội vụ chủ trì …")
_FACTORED = re.compile(rf"(?:(?:[Cc]ác|[Nn]hững)\s+|(?=(?:Sở|Bộ)\s*:\s*[{UPPER}]))(?P<head>[Ss]ở|[Bb]ộ|Ban|Cục|Tổng\s+cục|Ủy\s+ban|Uỷ\s+ban|Hội|Đài|"
                       r"Tập\s+đoàn|Tổng\s+công\s+ty)"
                       # "Các sở, ngành: Y tế, Công Thương": the departments, with the sectors they stand for
                       rf"(?:(?<=[Ss]ở)\s*,\s*(?:ban\s*,\s*)?ngành(?=\s*:\s*[{UPPER}]\s?[a-zà-ỹđ]))?\s*:\s*")
# "các Tập đoàn: Bưu chính Viễn thông Việt Nam, Công nghiệp - Viễn thông Quân đội tổ chức …": a group's or
# corporation's name runs over lower-case words ("chính", "nghiệp") to the comma, "và" or the verb
_LONG_NAMED_HEADS = frozenset({"Tập đoàn", "Tổng công ty"})
_NAME_WORD = re.compile(r"\s*(?:[-–]\s*)?([^\W\d_]+)")
_NAME_STOPS = frozenset({"và", "khẩn", "phải", "cần", "có", "chịu", "sớm", "tiếp", "cùng", "theo", "để", "trong", "tại",
                         "trên", "về", "đã", "đang", "sẽ", "được", "thì", "là"})
# "các sở Tài chính, NN-PTNT và …": a factored list without its colon, the head in lower case (two names at least)
_FACTORED_BARE = re.compile(rf"(?:các|những)\s+(?P<head>sở|bộ)\s+(?=[{UPPER}])")
# "các Sở Tài chính, Xây dựng": the same with the head capitalised, only when every item is a known department's name
_FACTORED_BARE_CAP = re.compile(rf"(?:các|những)\s+(?P<head>Sở|Bộ)\s+(?=[{UPPER}][^,;.]{{2,40}},\s*[{UPPER}])")
# (also counted: "Ủy ban nhân dân 03 xã: Tân Lập, Hòa Phú, An Bình")
_FACTORED_ADMIN = re.compile(rf"{_ADMIN_HEAD}\s+(?:các|\d{{1,3}})\s+(?:tỉnh|huyện|xã|phường|thành\s+phố)(?:\s*,\s*(?:thành\s+phố|phường|thị\s+trấn))?\s*:\s*")

# "Sở, ban, ngành, UBND các huyện …", "Sở, ngành, địa phương …", "Phòng, ban chuyên môn …": a plural without "các"
_BARE_COLLECTIVE = re.compile(r"(?:Sở|Phòng)\s*,\s*(?:ban\s*,\s*)?(?:ngành|ban|địa\s+phương)(?!\w)|"
                              r"(?:Xã|Phường|Huyện)\s*,\s*(?:xã|phường|thị\s+trấn|thị\s+xã|huyện)(?!\w)")
_SECTOR = re.compile(r"ngành(?=\s+[" + UPPER + r"])")
# heads whose name goes on in lower case: "Ban quản lý dự án …", "Ban chỉ đạo phòng, chống dịch …", "Tổ công tác …"
# ("Đảng ủy - UBND các xã": the party committee and the people's committee of the same place, one joint lead; "úy"
# as a scan or a keyboard often writes it)
_LOWER_NAMED = re.compile(r"(?:Đảng\s+(?:[uủ]ỷ?y|úy)(?=\s+[-–]\s+(?:UBND|Ủy\s+ban|Uỷ\s+ban))|Mặt\s+trận(?=\s*,|\s+và\s|\s+các\s)|[Tt]ỉnh\s*,\s*[Tt]hành\s+[uủ]ỷ?y?|[Hh]uyện\s*,\s*[Tt]hị\s*,\s*[Tt]hành\s+[uủ]ỷ?y?|Đoàn\s+đại\s+biểu\s+Quốc\s+hội|(?:Tỉnh|Thành|Huyện|Quận|Thị)\s+(?:đoàn|[uủ]ỷ?y?)(?!\w)|Tổng\s+công\s+ty\s+nhà\s+nước|Tập\s+đoàn\s+kinh\s+tế|Doanh\s+nghiệp\s+nhà\s+nước|Ban\s+quản\s+lý|Ban\s+[Cc]hỉ\s+đạo|Tổ\s+công\s+tác|Tổ\s+quản\s+lý|Tổ\s+[Cc]ông\s+tác|Hội\s+đồng\s+thẩm\s+định|"
                          # "Ban cán sự đảng UBND tỉnh", "Đảng đoàn Hội Nông dân tỉnh": the party group in a body
                          r"Ban\s+cán\s+sự\s+(?:đảng|Đảng)(?=\s+[A-ZĐỦ])|"
                          # "Chủ tịch Hội đồng thành viên Tập đoàn Điện lực Việt Nam": the board of a state firm
                          r"[Hh]ội\s+đồng\s+(?:thành\s+viên|quản\s+trị)(?=\s+(?:các\s+)?(?:Tập\s+đoàn|Tổng\s+công\s+ty|Công\s+ty|Ngân\s+hàng))|"
                          r"Cổng\s+[Tt]hông\s+tin(?:\s+điện\s+tử)?|Ban\s+[Tt]hường\s+vụ|Ban\s+[Tt]ổ\s+chức|Tổ\s+[Gg]iúp\s+việc|Ban\s+[Đđ]iều\s+hành|"
                          # courts, prosecutors, border guards, inspection teams: their names go on in lower case
                          r"T[oò]a\s+án\s+nhân\s+dân|Viện\s+[Kk]iểm\s+sát\s+nhân\s+dân|Bộ\s+đội\s+[Bb]iên\s+phòng|Đồn\s+[Bb]iên\s+phòng|"
                          r"Vườn\s+[Qq]uốc\s+gia|Đoàn\s+(?:kiểm\s+tra|thanh\s+tra|công\s+tác|giám\s+sát)|"
                          r"Đội\s+(?:[Qq]uản\s+lý\s+thị\s+trường|[Cc]ảnh\s+sát|[Kk]iểm\s+tra|[Tt]hanh\s+tra|[Cc]ông\s+tác))(?!\w)")
_GENERIC_HEAD = re.compile(
    r"(?:Sở|Bộ\s+Chỉ\s+huy|Bộ\s+CHQS|BCHQS|BCH|BĐBP|BQLDA|Bộ|Ban|Chi\s+cục|Tổng\s+cục|Cục|Vụ|Trung\s+tâm|Đài|Báo|Hiệp\s+hội|Hội\s+đồng|Hội|"
    r"Liên\s+minh|Liên\s+đoàn|Liên\s+hiệp\s+các\s+[Hh]ội|Văn\s+phòng|Thanh\s+tra|Công\s+an|Bộ\s+đội|Kho\s+bạc|Ngân\s+hàng|Bảo\s+hiểm|"
    r"Thông\s+tấn\s+xã|Viện\s+kiểm\s+sát|Viện|Trường|Tòa\s+án|Toà\s+án|Tỉnh\s+đoàn|Thành\s+đoàn|Đoàn|"
    r"Mặt\s+trận|(?:UB)?MTTQ(?:VN)?|Ủy\s+ban|Uỷ\s+ban|Quỹ|Tổng\s+công\s+ty|Công\s+ty|Tập\s+đoàn|Cảng\s+vụ|Hải\s+quan|BQL|Phòng|"
    # "phối hợp với phòng CNTT", "giao phòng KT-HT": a room written in lower case before its abbreviation
    # (not "Văn\nphòng UBND tỉnh" broken at the line, nor "Quốc phòng III")
    r"phòng(?=\s+(?!(?:UBND|HĐND|UBMTTQ|MTTQ|TP|[IVXL]+)(?![\w-]))[A-ZĐ][A-ZĐ&]+(?:-[A-ZĐ&]+)*(?![\w-]))|"
    r"Cảnh\s+sát|Điện\s+lực|Trạm|Đội|Hạt|Bệnh\s+viện|Học\s+viện|Đại\s+học|Nhà\s+máy|Xí\s+nghiệp|Hợp\s+tác\s+xã|Tổ\s+công\s+tác|Tổ|Thường\s+trực|Đảng\s+ủy|Đảng\s+uỷ|Đảng\s+đoàn|Đảng\s+bộ|Ban\s+cán\s+sự|"
    r"Chi\s+bộ|Huyện\s+đoàn|Ban\s+Thường\s+vụ|Tỉnh\s+ủy|Thành\s+ủy|Huyện\s+ủy|"
    r"Kiểm\s+toán|Ngành|Cơ\s+quan|Thuế(?=\s+(?:tỉnh|thành\s+phố|cơ\s+sở|khu\s+vực)))(?!\w)"
)
_LOCAL_WORD = re.compile(r"\s+(?:tỉnh|huyện|thành\s+phố|xã|quận|thị\s+xã|cấp\s+tỉnh|cấp\s+huyện|cấp\s+xã|Tỉnh|phường|đặc\s+khu|"
                         r"thị\s+trấn)(?!\w)"
                         # "Công an phường, xã, đặc khu": the same service at several levels of one place, one unit
                         r"(?:\s*,\s*(?:xã|phường|đặc\s+khu|thị\s+trấn|huyện|quận|thị\s+xã)(?!\w)(?!\s+[A-ZĐ]))*")
_LOCALITY_SUFFIX = re.compile(
    # "Công an các địa phương", "Sở Y tế các địa phương": a service's local branches in the plural
    rf"\s+các\s+địa\s+phương(?!\w)|"
    # "Kiểm toán nhà nước khu vực II", "Chi cục Hải quan khu vực XI": a regional branch
    rf"\s+khu\s+vực\s+(?:[IVXL]{{1,5}}|\d{{1,2}})(?!\w)|"
    rf"\s+(?:các\s+)?(?:tỉnh|thành\s+phố|Thành\s+phố|TP\.?|Tp\.?|huyện|quận|thị\s+xã)(?:\s*/\s*thành(?:\s+phố)?)?"
    # "Sở Y tế các tỉnh, thành phố trực thuộc Trung ương": the plural's levels go on after a comma
    rf"(?:(?<=tỉnh)\s*,\s*thành\s+phố(?:\s+trực\s+thuộc\s+[Tt]rung\s+ương)?|(?<=huyện)\s*,\s*(?:thị\s+xã|thành\s+phố|quận)"
    rf"(?:\s*,\s*(?:thị\s+xã|thành\s+phố))?)?"
    rf"(?:\s+{PROPER})?(?!\w)"
)
# "… và Tôn giáo", "… và Môi trường": capitalised name words after "và" (then a place, a verb, a mark or the end)
_AND_CAPS = re.compile(rf"\s+và\s+({CAP_WORD}(?:\s+[a-zà-ỹđ]+)?(?:\s+{CAP_WORD}(?:\s+[a-zà-ỹđ]+)?)?)(?=[\s,;.:)]|$)")
_NAME_THEN = re.compile(r"\s+(?:tỉnh|thành\s+phố|huyện|xã|phường|Thành\s+phố|Tỉnh)(?!\w)")
# "chi nhánh tỉnh Nghệ An", "chi nhánh Khu vực 9", "Chi nhánh Nam Đàn": the branch of a bank, a fund, a firm
_BRANCH = re.compile(rf"\s+[Cc]hi\s+nhánh\s+(?:(?:tỉnh|thành\s+phố|huyện|[Kk]hu\s+vực)(?:\s+(?:[IVXL]{{1,5}}|\d{{1,2}}|{PROPER}))?"
                     rf"|{PROPER})(?!\w)")
_CAP_RUN = re.compile(rf"(?:\s+{CAP_WORD}){{1,4}}(?!\w)")
_PAREN = re.compile(r"\s*\([^()]{0,120}\)")
_SEP = re.compile(r"\s*[,;]\s*(?:và\s+|cùng\s+(?!cấp\b))?|\s+và\s+|\s+cùng\s+(?:với\s+)?(?!cấp\b)|\s*,?\s*và\s+")
# "Hội Phụ nữ cùng cấp", "Đoàn Thanh niên cùng cấp": the body at the same level as the one named before
_SAME_LEVEL = re.compile(r"\s+cùng\s+cấp(?!\w)")
_WORD = re.compile(r"\s*(?:[\w&]+(?:[-'][\w]+)?|&)")


def _known_alts() -> list[tuple[str, str]]:
    alts = []
    for name in directory().names:
        pat = re.escape(name).replace(r"\ ", r"\s+")
        pat = pat.replace(r"\&", r"\s*&\s*").replace("&", r"\s*&\s*") if "&" in name else pat
        pat = pat.replace(r"\-", r"\s*-\s*").replace("-", r"\s*-\s*") if "-" in name else pat
        alts.append((name, pat))
    return alts


@cache
def _known_re() -> re.Pattern[str]:
    return re.compile(r"(?:" + "|".join(pat for _, pat in _known_alts()) + r")(?!\w)", re.IGNORECASE)


@cache
def _known_by_first() -> dict[str, re.Pattern[str]]:
    """The same alternation cut by the (lower-case) first letter of the names, each part in the same order."""
    groups: dict[str, list[str]] = {}
    for name, pat in _known_alts():
        groups.setdefault(name[:1].lower(), []).append(pat)
    return {k: re.compile(r"(?:" + "|".join(v) + r")(?!\w)", re.IGNORECASE) for k, v in groups.items()}


def _known_match(s: str, j: int) -> re.Match[str] | None:
    """`_known_re().match(s, j)`, trying only the names that begin with the letter at j: a name can only match
    where its first letter does (an ASCII letter that starts no name starts no match; any other letter that
    starts no name, such as a long s that ignorecase equates with 's', is tried against the whole alternation)."""
    if j >= len(s):
        return None
    c = s[j]
    part = _known_by_first().get(c.lower())
    if part is not None:
        return part.match(s, j)
    if c.isascii():
        return None
    return _known_re().match(s, j)


@cache
def _factored_items_re(head: str) -> re.Pattern[str]:
    names = directory().factored.get(head, ())
    alts = [re.escape(n).replace(r"\ ", r"\s+").replace(r"\&", r"\s*&\s*") for n in names] or ["(?!)"]
    return re.compile(r"(?:" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)


_FACTORED_UNKNOWN = re.compile(rf"{CAP_WORD}(?:-[A-ZĐ]\w*)*(?:\s+(?!và\b){CAP_WORD}){{0,3}}(?!\w)")  # "NN-PTNT"


_PLACE_ITEM = rf"(?:(?:Thành\s+phố|TP\.?)\s+)?{PROPER}"
_FACTORED_PLACES = re.compile(
    rf"{_PLACE_ITEM}(?:\s*,\s*{_PLACE_ITEM})*(?:\s+và\s+{_PLACE_ITEM})?(?=\s*(?:[,;.:)]|và\s|$)|\s+để\s|\s+(?:{_VERB_RE.pattern}))")


@dataclass(slots=True)  # (speed: made for every position tried)
class UnitMatch:
    start: int
    end: int
    units: list[str] = field(default_factory=list)  # each unit as written (factored lists expanded)

    @property
    def ok(self) -> bool:
        return self.end > self.start


def _norm(s: str) -> str:
    return _SPACES.sub(" ", s).strip(" ,;:.")


def is_verb_at(s: str, i: int) -> bool:
    return _VERB_RE.match(s, i) is not None


def verb_at(s: str, i: int) -> re.Match[str] | None:
    return _VERB_RE.match(s, i)


_LOWER_WORD = re.compile(r"[^\W\d_]+")
# one-syllable verbs that are also the second syllable of a capitalised name word ("Bầu cử", "Hậu cần", "Trợ giúp")
_SHORT_VERB = re.compile(r"(?:cử|cần|giúp|cấp|chi|thu|mở|lập|họp|nắm|giữ|tăng|giảm|chuyển|trực|mời|đăng|rà|tạo|ký)(?!\w)")


# "Trường THCS Nguyễn Du cử giáo viên …", "Trường THPT X lập danh sách …": the one-syllable verb with the people or the
# papers it acts on after it is the duty, not a syllable of the name ("Ban Bầu cử đại biểu …" keeps its noun)
_SHORT_VERB_OBJECT = re.compile(r"(?:cử|lập|mời|cấp|chuyển|giữ|mở|họp)\s+(?:cán\s+bộ|giáo\s+viên|bác\s+sĩ|học\s+sinh|"
                                r"danh\s+sách|đại\s+diện|lực\s+lượng|người|thành\s+viên|công\s+chức|viên\s+chức|"
                                r"nhân\s+viên|chuyên\s+viên|hồ\s+sơ|văn\s+bản|kế\s+hoạch|báo\s+cáo|\d)(?!\w)")


def _short_verb_only(s: str, k: int) -> bool:
    """A one-syllable verb that is not the start of a longer verb ('cử' yes, 'tăng cường' no)."""
    m = _SHORT_VERB.match(s, k)
    if m is None:
        return False
    if s.startswith("cần", k) and not s.endswith(("Hậu ", "hậu "), max(0, k - 5), k):
        return False  # "Tổng công ty Điện lực Việt Nam cần có …": the modal after the name, except in "Hậu cần"
    v = _VERB_RE.match(s, k)
    return v is None or v.end() <= m.end()


def _generic_name_end(s: str, i: int, first_required: bool = True) -> int:
    """End of an unknown unit's name that starts with a head word at i (head already matched, i after it)."""
    j = i
    count = 0
    m_loc = _LOCAL_WORD.match(s, j) or _LEVEL_LIST.match(s, j)  # "Đảng ủy các xã, thị trấn"
    if m_loc:
        j = m_loc.end()
        count += 1
    else:
        m = _SP_CAP_WORD.match(s, j)
        if m:
            j = m.end()
            count += 1
        elif first_required:
            return -1
    while count < 16:
        if _PAREN.match(s, j) or j >= len(s):
            break
        m_lv = _LEVEL_LIST.match(s, j)
        if m_lv:  # "Trung tâm Y tế các huyện, thành phố, thị xã"
            j = m_lv.end()
            count += 2
            continue
        m_sp = _SPACES.match(s, j)
        if m_sp and _NAME_THEN_REPORT.match(s, j):
            break  # "Cục Kinh tế xây dựng nhận được …": the name ends before what the sender received or did
        if not m_sp:
            m_pc = _PHONG_CHONG.match(s, j)
            if m_pc:  # "Ban Chỉ đạo phòng, chống dịch bệnh"
                j = m_pc.end()
                count += 1
                continue
            m_co = _COMMA_SP.match(s, j)
            m_cap = _CAP_THEN_VA.match(s, m_co.end()) if m_co else None
            if m_co and m_cap and not match_unit(s, m_co.end()).ok:
                j = m_cap.end()  # "Trung tâm Văn hóa, Thể thao và Truyền thông": the comma is inside the name
                count += 2
                continue
            if m_co:
                m_low = _LOWER_WORD.match(s, m_co.end())
                if m_low and m_low.group(0).islower() and not match_unit(s, m_co.end()).ok and re.search(
                        rf"(?<!\w){re.escape(m_low.group(0))}(?!\w)", s[i:j]):
                    # "Ban quản lý khu kinh tế, khu chế xuất, khu công nghiệp": coordinated nouns of the name
                    j = m_low.end()
                    count += 1
                    continue
            m_ab = _ABBR_PAIR.match(s, j) if s.startswith("-", j) else None
            if m_ab is not None and _ABBR_BEFORE.search(s, max(0, j - 6), j):
                j = m_ab.end()  # "Bộ TN-MT", "Sở GD-ĐT", "Bộ LĐ-TB&XH": an abbreviated name joined by a hyphen
                count += 1
                continue
            m_gd = _GLUED_DASH_WORDS.match(s, j) if s.startswith("-", j) else None
            if m_gd is not None and s[j - 1:j].islower() and not match_unit(s, j + 1).ok:
                # "Tập đoàn Công nghiệp-Năng lượng quốc gia Việt Nam": two fields of the name joined by a hyphen
                # with no spaces (a name, not "Sở GD-ĐT" nor a dash before the next unit)
                j = m_gd.end()
                count += 1
                continue
            if s.startswith(" - ", j) or s.startswith("-", j):
                break
            if s.startswith("&", j):
                m_amp = _AMP_WORD.match(s, j)
                if m_amp:
                    j = m_amp.end()
                    continue
            break
        k = m_sp.end()
        if s.startswith(("- ", "– "), k):  # "Lao động - Thương binh", "Công nghiệp Than – Khoáng sản"
            m_dash = _DASH_CAP_WORD.match(s, k)
            if m_dash:
                j = m_dash.end()
                count += 1
                continue
            break
        if s.startswith("&", k):
            m_amp = _AMP_WORD.match(s, k)
            if m_amp:
                j = m_amp.end()
                continue
        if s.startswith("và ", k):
            after = k + 3
            m_nv = _NAME_VERB.match(s, after)
            if m_nv and count >= 1 and _name_goes_on(s, m_nv.end()):
                # "Ban Chỉ huy phòng chống thiên tai và tìm kiếm cứu nạn": a second activity of the name
                j = m_nv.end()
                count += 2
                continue
            m_low = _LOWER_WORD.match(s, after)
            if m_low and not match_unit(s, after).ok and re.search(
                    rf"(?<!\w){re.escape(m_low.group(0))}(?!\w)", s[i:k]):
                # "Ban Quản lý các khu công nghệ cao và khu công nghiệp": a coordinated noun of the name
                j = m_low.end()
                count += 2
                continue
            if match_unit(s, after).ok or not _CAP_WORD_RE.match(s, after):
                break
            m_next = _CAP_WORD_RE.match(s, after)
            assert m_next is not None
            j = m_next.end()
            count += 2
            continue
        if s.startswith("số", k) and not s[k + 2:k + 3].isalnum() and not s.startswith(("số hóa", "số hoá"), k) and \
                _DIGITAL_BEFORE.search(s, max(0, k - 20), k):
            # "Trung tâm Chuyển đổi số Thành phố", "Trung tâm Dữ liệu số": "số" (digital) is a word of the name
            j = k + 2
            count += 1
            continue
        m_pair = _NAME_PAIR.match(s, k) if s.endswith("Đổi", max(0, j - 3), j) else None
        if m_pair is not None:
            # "Trung tâm Đổi mới sáng tạo": "mới" is a word of the name
            j = m_pair.end()
            count += 1
            continue
        # ("Trung tâm Chuyển đổi số Thành phố | xây dựng, đề xuất …": a name ends at its place, the verb after is the duty)
        m_nw = _NAME_VERB.match(s, k) if not _ENDS_PLACE.search(s, max(0, j - 12), j) else None
        if m_nw and (count >= 1 or not first_required) and _name_goes_on(s, m_nw.end()):
            # "Cục Quản lý đầu tư xây dựng", "Trung tâm Công nghệ thông tin tỉnh": verbs that are words of the name
            j = m_nw.end()
            count += 1
            continue
        prev_cap = _PREV_CAP.search(s, max(0, j - 12), j) is not None
        second_syllable = prev_cap and _LOWER_WORD.match(s, k) is not None and not _NAME_STOP.match(s, k) \
            and not _WORD_VA_CUA.match(s, k) and not _VERB_RE.match(s, k + 0) \
            or (prev_cap and _short_verb_only(s, k) and _SHORT_VERB_OBJECT.match(s, k) is None)
        if not second_syllable and (_VERB_RE.match(s, k) or _NAME_STOP.match(s, k)) and not _ELECTION.match(s, k):
            break
        m_w = _WORD_CHARS.match(s, k)
        if not m_w:
            break
        j = m_w.end()
        count += 1
    return j


# "Hội đồng bầu cử quốc gia", "Ủy ban bầu cử xã": "cử" after "bầu"/"ứng" is the noun "election", not the verb "send"
_ELECTION = re.compile(r"(?<=bầu\s|ứng\s)cử(?!\w)")
# "Trung tâm Chuyển đổi số", "Trung tâm Dữ liệu số": the words before which "số" (digital) is a word of the name
_DIGITAL_BEFORE = re.compile(r"(?:[Cc]huyển\s+đổi|[Dd]ữ\s+liệu|[Kk]inh\s+tế|[Cc]ông\s+nghệ|[Hh]ạ\s+tầng|[Cc]hính\s+quyền|"
                             r"[Xx]ã\s+hội|[Tt]ruyền\s+thông)\s+$")
# "Trung tâm Đổi mới sáng tạo": "mới" after "Đổi" is a word of the name ("số" after "Chuyển đổi": _DIGITAL_BEFORE)
_NAME_PAIR = re.compile(r"(?<=Đổi\s)mới(?:\s+sáng\s+tạo)?(?!\w)")
# "Trung tâm Chuyển đổi số Thành phố | xây dựng, đề xuất …": the locality ends a name; a verb after it is the duty
_ENDS_PLACE = re.compile(r"(?<!\w)(?:tỉnh|Tỉnh|[Tt]hành\s+phố|huyện|quận|xã|phường)$")
_GLUED_DASH_WORDS = re.compile(rf"-[{UPPER}][a-zà-ỹđ]+(?=\s)")
_ABBR_PAIR = re.compile(r"-[A-ZĐ][A-ZĐ]{0,4}(?:&[A-ZĐ]{1,4})?(?![\w&])")
_ABBR_BEFORE = re.compile(r"(?<![\w])[A-ZĐ]{1,5}$")
_CAP_THEN_VA = re.compile(rf"{CAP_WORD}(?:\s+[^\W\d_]+)?\s+và\s+{CAP_WORD}(?:\s+[^\W\d_]+)?(?!\w)")
_PHONG_CHONG = re.compile(r"(?<=[Pp]hòng),\s*[Cc]hống(?!\w)")


# Words of unit names that are also verbs ("Quản lý đầu tư xây dựng", "Công nghệ thông tin", "Bảo vệ thực vật").
_NAME_VERB = re.compile(r"(?:thông\s+tin|đầu\s+tư|xây\s+dựng|phát\s+triển|bảo\s+vệ|kiểm\s+soát|xúc\s+tiến|truyền\s+thông|"
                        r"đào\s+tạo|quản\s+lý|giám\s+định|kiểm\s+định|kiểm\s+nghiệm|đăng\s+ký|cứu\s+hộ|cứu\s+nạn|"
                        r"chuyển\s+đổi\s+số|bồi\s+dưỡng|phục\s+vụ|hỗ\s+trợ|tư\s+vấn|ứng\s+dụng|giao\s+thông|cấp\s+nước|"
                        r"thoát\s+nước|quy\s+hoạch|phát\s+thanh|chữa\s+cháy|tìm\s+kiếm|công\s+trình|"
                        # "Tổng công ty Bưu điện Việt Nam": the post office ("điện" alone is the verb "to cable")
                        r"(?<=[Bb]ưu\s)điện)(?!\w)")
_NAME_STRONG_NEXT = re.compile(r"\s+(?:có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|chủ\s+trì|phối\s+hợp|khẩn\s+trương|tham\s+mưu|"
                               r"phải|cần|tiếp\s+tục|chủ\s+động|tập\s+trung|hướng\s+dẫn|thực\s+hiện|triển\s+khai|"
                               r"tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|trung\s+ương|quốc\s+gia|"
                               # "… Tìm kiếm cứu nạn các ngành, các cấp": the plural of the name's levels follows
                               r"các\s+(?:ngành|cấp|tỉnh|huyện|xã|địa\s+phương))(?!\w)|\s*(?:[,;:.)(]|$)|"
                               # (not a document it acts on: "Ban Thường trực … xây dựng Kế hoạch kiểm tra")
                               r"\s+(?!(?:Kế\s+hoạch|Đề\s+án|Chương\s+trình|Báo\s+cáo|Quy\s+chế|Phương\s+án|Dự\s+thảo|"
                               r"Tờ\s+trình|Công\s+văn|Hướng\s+dẫn)(?!\w))"
                               rf"[{UPPER}]")


def _name_goes_on(s: str, k: int) -> bool:
    """After a name-verb at …k: the name goes on if a duty, a locality, punctuation or another name-verb follows."""
    if _NAME_STRONG_NEXT.match(s, k) or _NAME_THEN_REPORT.match(s, k) or _LEVEL_LIST.match(s, k):
        return True
    m = _SPACES.match(s, k)
    if m is not None and _NAME_VERB.match(s, m.end()) is not None:
        return True
    # "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh chủ trì …": a few more lower-case
    # words of the name (no punctuation, no function word) before the duty word
    for _n, m_w in zip(range(8), _NEXT_WORD.finditer(s, k), strict=False):
        if m_w.start() != k:
            return False
        w = m_w.start(1)
        if _NAME_STRONG_DUTY.match(s, m_w.start()):
            return True
        if (_NAME_STOP.match(s, w) and not s.startswith("và ", w)) or not s[w].islower():
            return False
        k = m_w.end()
    return False


# "Cục Kinh tế xây dựng nhận được công văn …", "… đã ban hành …": a letter's sender, then what it received or did
_NAME_THEN_REPORT = re.compile(r"\s+(?:nhận\s+được|đã|vừa|đang|xin|trân\s+trọng|kính|có\s+ý\s+kiến)(?!\w)")
_NAME_STRONG_DUTY = re.compile(r"\s+(?:có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|chủ\s+trì|phối\s+hợp|khẩn\s+trương|tham\s+mưu|"
                               r"phải|cần|chủ\s+động)(?!\w)")


def _coordinated_tail(s: str, start: int, end: int) -> int:
    """'Ban Quản lý khu kinh tế, khu chế xuất, khu công nghiệp': lowercase nouns repeating a word of the name."""
    while True:
        m_co = _COORD.match(s, end)
        if not m_co:
            return end
        m_low = _LOWER_WORD.match(s, m_co.end())
        if not (m_low and m_low.group(0).islower() and re.search(
                rf"(?<!\w){re.escape(m_low.group(0))}(?!\w)", s[start:end], re.IGNORECASE)):
            return end
        k = m_low.end()
        for _ in range(4):
            m_w = _NEXT_WORD.match(s, k)
            if not m_w or _VERB_RE.match(s, m_w.start(1)) or _NAME_STOP.match(s, m_w.start(1)):
                break
            k = m_w.end()
        end = k


_COORD = re.compile(r"\s*,\s+|\s+và\s+")
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")


# Every pattern above starts with one of these words (or a digit, or the first word of a directory name): a word
# outside the set cannot start a unit, and most positions tried are such words — checking the set first is cheap.
_FIRST_WORDS = frozenset("""
các những quý từng mỗi toàn đồng đồngchí ông bà phó ban giám chủ thủ bộ chánh trưởng chỉ tổng cục vụ viện hiệu lãnh
người bí chi thống ủy uỷ ủyban uỷban ubnd hđnd hội ngành tập doanh tổ cổng tỉnh thành huyện quận thị xã phường sở trung
đài báo hiệp liên văn thanh công kho ngân bảo thông trường tòa toà đoàn mặt quỹ cảng hải bql phòng cảnh điện trạm đội
hạt bệnh học đại nhà xí hợp thường đảng kiểm cơ thuế đơn đơnvị địa cá lực cấp chính ấp thôn quân y
bch bchqs bđbp bqlda đồn vườn mttq mttqvn ubmttq ubmttqvn quản biên
""".split())
_FIRST_WORD = re.compile(r"[^\W_]+")


@cache
def _first_words() -> frozenset[str]:
    words = set(_FIRST_WORDS)
    for name in directory().names:
        m = _FIRST_WORD.match(name)
        if m:
            words.add(m.group(0).lower())
    return frozenset(words)


# whether a word may start a unit (a digit first, or one of _first_words()), remembered by the word as written within
# one document (see forget_units; a bounded number): the rules ask about the same words again and again
_STARTS_UNIT: dict[str, bool] = {}
_STARTS_UNIT_MAX = 20_000


# words common in any text that start a unit only with the word after them: a body's staff ("cán bộ Mặt trận …") and a
# vice-minister ("Thứ trưởng Bộ …"), not "cán bộ, công chức" or "thứ hai"
_TWO_WORD_FIRST = frozenset({"cán", "Cán", "thứ", "Thứ"})
_TWO_WORD_STARTS = re.compile(rf"[Cc]án\s+bộ\s+[{UPPER}]|[Tt]hứ\s+trưởng(?!\w)")


def may_start_unit(s: str, i: int) -> bool:
    """Whether the word at i is one a unit's name can start with: match_unit's first test (the rules ask this, not a
    list of first letters of their own)."""
    m_w = _FIRST_WORD.match(s, i)
    if m_w is None:
        return False
    word = m_w.group(0)
    if word in _TWO_WORD_FIRST:  # common words that start a unit only with the next one (speed: no unit reading)
        return _TWO_WORD_STARTS.match(s, i) is not None
    ok = _STARTS_UNIT.get(word)
    if ok is None:
        ok = word[0].isdigit() or word.lower() in _first_words()
        if len(_STARTS_UNIT) < _STARTS_UNIT_MAX:
            _STARTS_UNIT[word] = ok
    return ok


# "phối hợp với tỉnh Bình Dương, TP.HCM …": a province or city as a partner (support only; never a lead)
_PARTNER_PLACE = re.compile(rf"(?:tỉnh|thành\s+phố|Thành\s+phố)\s+{PROPER}(?!\w)|TP\.?\s?HCM(?!\w)|"
                            r"TP\.?\s?(?:Hồ\s+Chí\s+Minh|Hà\s+Nội|Đà\s+Nẵng|Hải\s+Phòng|Cần\s+Thơ|Huế)(?!\w)")


# "phối hợp với BHXH huyện …", "… với KBNN tỉnh": a partner written by its letters and its level (support only; a name the
# directory knows by its letters, "UBND", "HĐND", is read as before)
_ACRONYM_PARTNER = re.compile(r"([A-ZĐ][A-ZĐ&]{1,7})\s+(?:tỉnh|huyện|xã|quận|phường|thị\s+xã|thành\s+phố|cấp\s+(?:tỉnh|huyện|xã))"
                              r"(?![\w&/-])")
# "phối hợp chặt chẽ với đơn vị Công an cùng cấp": the kind of body said before the name of the partner
_KIND_BEFORE_NAME = re.compile(rf"(?:đơn\s+vị|cơ\s+quan)\s+(?=[{UPPER}])")


# "Quý Sở", "Quý cơ quan, đơn vị", "Quý Trường": a letter's courtesy and the kind of body it is sent to, no name after
_HONORIFIC_KINDS = (r"(?:Bộ|Sở|Tổng\s+cục|Chi\s+cục|Cục|Ban|Ủy\s+ban|Uỷ\s+ban|[Cc]ơ\s+quan|[Đđ]ơn\s+vị|[Đđ]ịa\s+phương|"
                    r"Tổng\s+công\s+ty|Công\s+ty|Tập\s+đoàn|Trường|Viện|Hội|Trung\s+tâm|Ngân\s+hàng|Bệnh\s+viện|"
                    r"Văn\s+phòng|Đài|Quỹ)")
_HONORIFIC_UNIT = re.compile(rf"[Qq]uý\s+{_HONORIFIC_KINDS}(?:\s*(?:,|và)\s*(?:cơ\s+quan|đơn\s+vị|ngành|địa\s+phương|"
                             rf"đoàn\s+thể))*(?=\s+[a-zà-ỹđ])")


_VILLAGE_NOUN = re.compile(r"(?:thôn|ấp|bản|xóm|khu\s+phố|[Tt]ổ\s+dân\s+phố)$")
_VILLAGE_NAME = re.compile(rf"\s+(?:số\s+)?(?:\d{{1,3}}[A-Z]?(?!\w)|{PROPER})")


def match_unit(s: str, i: int, support: bool = False) -> UnitMatch:
    """One unit starting exactly at i (no leading spaces skipped)."""
    start = i
    if support:
        m_pl = _PARTNER_PLACE.match(s, i)
        if m_pl is not None:
            return UnitMatch(start, m_pl.end(), [_norm(m_pl.group(0))])
        m_kb = _KIND_BEFORE_NAME.match(s, i) if s[i:i + 1] in "đc" else None
        if m_kb is not None:
            named = match_unit(s, m_kb.end(), True)
            if named.ok and len(named.units) == 1:
                return UnitMatch(start, named.end, [_norm(s[start:named.end])])
    m_hon = _HONORIFIC_UNIT.match(s, i) if s[i:i + 1] in "Qq" else None
    if m_hon is not None and _VERB_RE.match(s, m_hon.end() + 1) is not None:
        # "đề nghị Quý cơ quan cung cấp …", "Quý Trường cử …": in a letter the honorific and the kind stand for the
        # addressee; the verb after the kind is the duty, not a description of the body ("cơ quan cung cấp dịch vụ")
        return UnitMatch(start, m_hon.end(), [m_hon.group(0)])
    if not may_start_unit(s, i):
        m_ac = _ACRONYM_PARTNER.match(s, i) if support and s[i:i + 1].isupper() else None
        if m_ac is not None:
            return UnitMatch(start, m_ac.end(), [_norm(m_ac.group(0))])  # (only where no unit's name starts)
        return UnitMatch(start, start)
    m_t = TITLE_RE.match(s, i)
    if m_t is None and s.startswith(("các đồng chí ", "Các đồng chí "), i):
        # "các đồng chí Ban Chỉ đạo …": the people addressed stand for the body they sit in
        inner_c = _match_core(s, i + 13, False)
        if inner_c.ok:
            return UnitMatch(start, inner_c.end, [_norm(s[start:inner_c.end])])
    if m_t is None and s.startswith(("cán bộ ", "Cán bộ "), i) and s[i + 7:i + 8].isupper():
        # "phân công cán bộ Mặt trận, các tổ chức thành viên thực hiện …": a body's staff stand for the body
        inner_s = _match_core(s, i + 7, False)
        if inner_s.ok and len(inner_s.units) == 1:
            return UnitMatch(start, inner_s.end, [_norm(s[start:inner_s.end])])
    j = m_t.end() if m_t else i
    inner = _match_core(s, j, support or bool(m_t))
    if not inner.ok and m_t:
        m_kind = _TITLE_KIND.search(s, i, j)
        if m_kind and m_kind.end() == j and _CAP_WORD_RE.match(s, j) and not _SURNAME.match(s, j):
            # "Trưởng phòng Tài chính - Kế hoạch", "Trưởng ban Tổ chức Huyện ủy": the title names its unit's kind,
            # so the name after it is that unit's name ("Phòng Tài chính - Kế hoạch")
            k = m_kind.start(1)
            as_unit = s[:k] + s[k].upper() + s[k + 1:]
            named = _match_core(as_unit, k, True)
            if named.ok and named.end > j:
                return UnitMatch(start, named.end, [_norm(s[start:named.end])])
    if inner.ok and m_t and s[j:j + 1] in "tấbxkT" and _VILLAGE_NOUN.match(s, j, inner.end):
        m_vn = _VILLAGE_NAME.match(s, inner.end)
        if m_vn is not None:  # "Trưởng thôn Đông Hòa", "Trưởng ấp 3": the village is named after its kind
            return UnitMatch(start, m_vn.end(), [_norm(s[start:m_vn.end()])])
    if inner.ok:
        if m_t and inner.units and len(inner.units) > 1 and not _FACTORED.match(s, j):
            return UnitMatch(start, inner.end, [s[start:inner.end]])
        units = [(_norm(s[start:j]) + " " + u).strip() if m_t else u for u in inner.units]
        return UnitMatch(start, inner.end, units)
    if not m_t:
        m_ta = _TITLE_ALONE.match(s, i)
        if m_ta:
            return UnitMatch(start, m_ta.end(), [_norm(m_ta.group(0))])
    if m_t:
        # "Thủ trưởng cơ quan ngang bộ", "Bộ trưởng" alone, "Chủ tịch các xã" ...
        m_n = _NOUN_RE.match(s, j)
        if m_n:
            end = _collective_end(s, j)
            return UnitMatch(start, end, [_norm(s[start:end])])
    m_ac = _ACRONYM_PARTNER.match(s, i) if support and s[i:i + 1].isupper() else None
    if m_ac is not None:
        return UnitMatch(start, m_ac.end(), [_norm(m_ac.group(0))])  # (only where no unit's name was read)
    return UnitMatch(start, start)


_TRADE_HEADS = frozenset({"doanh nghiệp", "đơn vị", "công ty", "cửa hàng", "cơ sở kinh doanh"})
_TRADE = re.compile(r"\s+(?:viễn\s+thông|cấp\s+nước(?:\s+sạch)?|thoát\s+nước|cấp\s+điện|điện\s+lực|xăng\s+dầu|bưu\s+chính|"
                    r"vận\s+tải(?:\s+hành\s+khách)?)(?=\s*[,;:(.]|\s+(?:và|trên|có|chịu|phải|cần|khẩn|chủ|tập|tiếp|thuộc|đang|được)\s)")
_SECTOR_HEADS = frozenset({"sở", "phòng", "ban", "ngành", "trung tâm", "chi cục", "cục"})
_SECTOR_LOWER = re.compile(
    r"\s+(?:giáo\s+dục\s+và\s+đào\s+tạo|y\s+tế|tài\s+chính(?:\s*-\s*kế\s+hoạch)?|nội\s+vụ|tư\s+pháp|xây\s+dựng|công\s+thương|"
    r"nông\s+nghiệp\s+và\s+(?:phát\s+triển\s+nông\s+thôn|môi\s+trường)|tài\s+nguyên\s+và\s+môi\s+trường|"
    r"lao\s+động\s*-\s*thương\s+binh\s+và\s+xã\s+hội|văn\s+hóa(?:\s*,\s*thể\s+thao\s+và\s+du\s+lịch|\s*-\s*thông\s+tin|"
    r"\s+và\s+thông\s+tin|\s+và\s+thể\s+thao)|kế\s+hoạch\s+và\s+đầu\s+tư|giao\s+thông\s+vận\s+tải|"
    r"thông\s+tin\s+và\s+truyền\s+thông|khoa\s+học\s+và\s+công\s+nghệ|kinh\s+tế(?:\s*-\s*hạ\s+tầng)?|quản\s+lý\s+đô\s+thị|"
    r"dân\s+tộc|ngoại\s+vụ|"
    # "các cục thuế địa phương", "các Chi cục Kiểm lâm", "các Cục Hải quan": the branches of a service
    r"(?i:thuế|hải\s+quan|kiểm\s+lâm|thống\s+kê|quản\s+lý\s+thị\s+trường|thú\s+y|thi\s+hành\s+án\s+dân\s+sự)"
    r"(?:\s+(?:địa\s+phương|các\s+tỉnh(?:\s*,\s*thành\s+phố)?))?)(?!\w)")
_COMPOUND_NOUN = re.compile(r"\s+(?:ngành|ban|đơn\s+vị|đoàn\s+thể|địa\s+phương)(?!\w)|\s*-\s*(?:ngành|ban)(?!\w)")  # "các sở - ngành"


# (a force followed by its place is a body of its own: "lực lượng Kiểm lâm, Công an thành phố X" is two partners)
_FORCE_PLACE = r"(?:tỉnh|thành\s+phố|thành|huyện|quận|thị\s+xã|thị|xã|phường)(?!\w)"
_FORCE_ITEM = rf"(?>{CAP_WORD}(?:\s+(?!{_FORCE_PLACE})[a-zà-ỹđ]+(?!\w))?)(?!\s+{_FORCE_PLACE})"
_FORCES = re.compile(rf"\s+{_FORCE_ITEM}(?:(?:\s*,\s*|\s+và\s+){_FORCE_ITEM})+(?!\w)")
# a commune's or ward's own forces, named in lower case ("lực lượng bảo vệ dân phố tăng cường tuần tra": "bảo vệ" is
# the force's name, not its duty); not before a comma: "các lực lượng dân quân, công an, …" lists forces one by one
_COMMUNE_FORCE = re.compile(r"\s+(?:bảo\s+vệ\s+dân\s+phố|dân\s+quân(?:\s+tự\s+vệ)?|dân\s+phòng|xung\s+kích|"
                            r"(?:tham\s+gia\s+)?bảo\s+vệ\s+an\s+ninh\s*,\s*trật\s+tự\s+ở\s+cơ\s+sở)(?!\w)(?!\s*,)")
_MEMBERS_OF = re.compile(r"\s+(?:Chính\s+phủ|(?:Ủy|Uỷ)\s+ban|Hội\s+đồng|Thường\s+trực|Ban)(?!\w)(?!\s+[A-ZĐ])")


_ACRONYM_TAIL = re.compile(r"\s+(?!UBND|HĐND)[A-ZĐ][A-ZĐ&]{1,7}(?![\w&\-/])")


_MEDIA_PAIR = re.compile(r"\s*(?:,|và|-)\s*truyền\s+thông(?!\w)")

# a body named by what it manages: "cơ quan quản lý đường thủy nội địa, đường bộ", "các cơ quan, tổ chức quản lý công
# trình thủy lợi", "đơn vị quản lý khai thác công trình" — the kind alone ("cơ quan") names nobody
_MANAGING_KINDS = ("cơ quan", "Cơ quan", "đơn vị", "Đơn vị")
_MANAGING = re.compile(r"(?:\s*,\s*tổ\s+chức)?\s+(?:quản\s+lý|cung\s+cấp)(?:\s*,\s*(?:vận\s+hành|khai\s+thác))?"
                       r"(?:\s+(?:vận\s+hành|khai\s+thác))?(?!\s+(?:nhà\s+nước|thị\s+trường|chuyên\s+ngành)(?!\w))")
_NOUN_LIKE = re.compile(r"(?:thông\s+tin|truyền\s+thông|viễn\s+thông)(?!\w)")  # (nouns here, not "to inform")
_MANAGING_FULL = re.compile(r".*(?:vận\s+hành|khai\s+thác)$", re.DOTALL)
_OBJECT_WORD = re.compile(r"\s+(?!(?:để|trong|tại|theo|và|của|thì|khi|nhằm|cho|với|các|những|trên|thuộc|được|đã|đang|sẽ|"
                          r"căn\s+cứ|dựa\s+trên)(?!\w))([a-zà-ỹđ]+)")
_OBJECT_COMMA = re.compile(r"\s*,(?=\s+[a-zà-ỹđ])")


def _managing_end(s: str, end: int) -> int:
    """Where "… quản lý <what>" after a kind of body ends: over the words of what it manages (one more after a comma),
    up to a verb, "để", "trong" … or a mark; `end` itself when no such words follow."""
    m = _MANAGING.match(s, end)
    if m is None:
        return end
    j = m.end()
    words = 0
    for _ in range(2):
        k = j
        while words < 8:
            m_w = _OBJECT_WORD.match(s, k)
            v = _VERB_RE.match(s, m_w.start(1)) if m_w is not None and not _NOUN_LIKE.match(s, m_w.start(1)) else None
            # (a verb of one syllable inside the words is part of a noun: "công trình", "chương trình")
            if m_w is None or (v is not None and (k == j or " " in v.group(0))):
                break
            k = m_w.end()
            words += 1
        if k == j:
            break
        j = k
        m_c = _OBJECT_COMMA.match(s, j)
        if m_c is None or _VERB_RE.match(s, m_c.end() + 1) is not None:
            break
        k2 = m_c.end()
        m_w = _OBJECT_WORD.match(s, k2)
        if m_w is None or _VERB_RE.match(s, m_w.start(1)) is not None:
            break
        j = k2
    if words:
        return j
    # "các đơn vị quản lý khai thác được giao …": the role is said in full, what they run comes later
    return m.end() if _MANAGING_FULL.match(m.group(0)) else end


# "các tỉnh Nghệ An, Quảng Ngãi, Cao Bằng", "các xã Tân An và Tân Phú": a level in the plural, then its places by name
_PLACE_LEVEL = re.compile(r"tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|đặc\s+khu")
_PLACE_NAMES = re.compile(rf"\s+{PROPER}(?:(?:\s*,\s*|\s+và\s+){PROPER})+(?=\s+[a-zà-ỹđ]|\s*[,;.:(])")


def _collective_end(s: str, j: int) -> int:
    m = _NOUN_RE.match(s, j)
    if not m:
        return j
    end = m.end()
    m_kn = _known_match(s, m.start()) if m.group(0)[:1].isupper() else None
    if m_kn and m_kn.end() > end:
        end = m_kn.end()  # "các Sở Giáo dục và Đào tạo", "các Cục Hải quan": a known name in the plural
    elif m.group(0)[:1].isupper() and s[end:end + 1] == " " and s[end + 1:end + 2].isupper() and \
            _GENERIC_HEAD.fullmatch(m.group(0)):
        longer = _generic_name_end(s, end)
        if longer > end:
            end = longer  # "các Cục Quản lý đường bộ", "các Ban Quản lý dự án": a name the directory does not know
    m_names = _PLACE_NAMES.match(s, end) if s[end + 1:end + 2].isupper() and _PLACE_LEVEL.fullmatch(m.group(0)) else None
    if m_names is not None:
        return m_names.end()  # "các tỉnh Nghệ An, Quảng Ngãi, Cao Bằng": the places named one by one
    m_sec = _SECTOR_LOWER.match(s, end) if m.group(0).lower() in _SECTOR_HEADS else None
    if m_sec:  # "các phòng giáo dục và đào tạo", "các sở y tế"
        end = m_sec.end()
    elif " ".join(m.group(0).lower().split()) in _TRADE_HEADS:
        m_tr = _TRADE.match(s, end)
        if m_tr:  # "các doanh nghiệp viễn thông", "các đơn vị cấp nước": the firms of a trade
            end = m_tr.end()
    m_acr = _ACRONYM_TAIL.match(s, end)
    if m_acr:
        end = m_acr.end()  # "các hiệp hội CNTT", "các doanh nghiệp BOT": the field's acronym belongs to the name
    managing = s.endswith(_MANAGING_KINDS, j, m.end())
    while True:
        m_q = _QUAL_RE.match(s, end)
        while m_q:
            end = m_q.end()
            m_q = _QUAL_RE.match(s, end)
        if managing:
            # "cơ quan quản lý đường thủy nội địa", "các cơ quan, tổ chức quản lý công trình …", "các đơn vị quản lý
            # khai thác được giao quản lý công trình thủy lợi": a body named by what it manages or provides
            longer = _managing_end(s, end)
            if longer > end:
                end = longer
                continue
        m_cp = _COMPOUND_NOUN.match(s, end)
        if m_cp:  # "các sở, ban ngành", "các cơ quan đơn vị"
            end = m_cp.end()
            continue
        m_c = _COMMA.match(s, end)
        if m_c and _NOUN_RE.match(s, m_c.end()):
            m_n = _NOUN_RE.match(s, m_c.end())
            assert m_n is not None
            end = m_n.end()
            continue
        break
    if s.endswith("báo chí", j, end):
        m_media = _MEDIA_PAIR.match(s, end)
        if m_media:
            end = m_media.end()  # "các cơ quan báo chí, truyền thông": the press and the media, one kind of body
    if s.endswith(("lực lượng", "lực lượng liên ngành"), j, end):
        m_forces = _FORCES.match(s, end)
        if m_forces:
            end = m_forces.end()  # "3 lực lượng Công an, Quân sự, Biên phòng": the forces named one by one
        else:
            m_sv = _BARE_SERVICE.match(s, end + 1) if s.startswith(" ", end) else None
            if m_sv is not None:
                end = m_sv.end()  # "lực lượng Cảnh sát giao thông": the force named
                m_lv = _SERVICE_LEVEL.match(s, end)
                if m_lv is not None:
                    end = m_lv.end()  # "lực lượng Công an tỉnh", "lực lượng Quân sự huyện": and its level
            else:
                m_cf = _COMMUNE_FORCE.match(s, end)
                if m_cf is not None:
                    end = m_cf.end()  # "lực lượng bảo vệ dân phố", "lực lượng dân quân": a commune's force (rules36)
    if s.endswith("thành viên", j, end) and s.startswith(" ", end):
        m_u = match_unit(s, end + 1)
        if m_u.ok:
            end = m_u.end  # "các thành viên Ban Chỉ đạo phòng, chống dịch các cấp": members of a named body
        else:
            m_gov = _MEMBERS_OF.match(s, end)
            if m_gov:
                end = m_gov.end()  # "các thành viên Chính phủ", "các thành viên Ủy ban": members of the body
    return end


# The patterns _match_core tries at its position, each with the class of characters a match of it can start with
# (services/vntext/fastre.first_chars; None: not known, always tried): a pattern whose class does not hold the
# character at the position cannot match there, and is not called (speed; the same answers).
_AT_START = ("_FACTORED", "_FACTORED_BARE", "_FACTORED_BARE_CAP", "_FACTORED_ADMIN", "_ADMIN_RE", "_BARE_COLLECTIVE",
             "_COLLECTIVE_START", "_SECTOR", "_LOWER_NAMED", "_GENERIC_HEAD", "_PLACE_RE")
_B_FACTORED, _B_FACTORED_BARE, _B_FACTORED_BARE_CAP, _B_FACTORED_ADMIN, _B_ADMIN, _B_BARE_COLLECTIVE, \
    _B_COLLECTIVE_START, _B_SECTOR, _B_LOWER_NAMED, _B_GENERIC_HEAD, _B_PLACE = (1 << k for k in range(len(_AT_START)))
_START_MASKS: dict[str, int] = {}


@cache
def _start_classes() -> tuple[re.Pattern[str] | None, ...]:
    out: list[re.Pattern[str] | None] = []
    for name in _AT_START:
        p: re.Pattern[str] = globals()[name]
        cls = first_chars(p)
        out.append(re.compile(cls, p.flags) if cls else None)
    return tuple(out)


def _start_mask(c: str) -> int:
    """Bit k set: the k-th pattern of _AT_START may match at a position holding c ("" at the end: none can)."""
    mask = _START_MASKS.get(c)
    if mask is None:
        mask = 0
        for k, cls in enumerate(_start_classes()):
            if cls is None or cls.match(c):
                mask |= 1 << k
        _START_MASKS[c] = mask
    return mask


def _long_name_end(s: str, k: int, end: int) -> int:
    """Where a corporation's name that starts at k ends: on over words (lower-case ones too, and " - ") up to a comma,
    "và" or a verb, at most eight words."""
    j = end
    for _ in range(8):
        m = _NAME_WORD.match(s, j)
        if m is None or m.group(1) in _NAME_STOPS or _VERB_RE.match(s, m.start(1)) is not None:
            break
        j = m.end()
    return j


def _match_core(s: str, j: int, support: bool) -> UnitMatch:
    can = _start_mask(s[j:j + 1])
    # Factored lists: "các Sở: Tài chính, Xây dựng", "Các Bộ: Quốc phòng, Công an".
    m_f = (_FACTORED.match(s, j) or _FACTORED_BARE.match(s, j) or _FACTORED_BARE_CAP.match(s, j)) \
        if can & (_B_FACTORED | _B_FACTORED_BARE | _B_FACTORED_BARE_CAP) else None
    if m_f and "ngành" in m_f.group(0) and _VERB_RE.match(s[m_f.end()].lower() + s[m_f.end() + 1:m_f.end() + 30]):
        m_f = None  # "Các sở, ngành: Tăng cường kiểm tra …": the duty after the colon, not the departments' names
    if m_f:
        head = _SPACES.sub(" ", m_f.group("head")).replace("Uỷ", "Ủy")
        head = head[:1].upper() + head[1:]
        items_re = _factored_items_re(head)
        k = m_f.end()
        items: list[str] = []
        end = -1
        while True:
            m_i = items_re.match(s, k)
            if not m_i and items and (_COLLECTIVE_START.match(s, k) or _ADMIN_RE.match(s, k) or
                                      (_GENERIC_HEAD.match(s, k) and head not in _LONG_NAMED_HEADS) or
                                      (head in _LONG_NAMED_HEADS and "và" in s[end:k] and
                                       (_GENERIC_HEAD.match(s, k) or _known_match(s, k) or s[k:k + 4] in ("Ban ", "Sở ", "Bộ ")))):
                break
            if not m_i and m_f.re is not _FACTORED_BARE_CAP:
                m_i = _FACTORED_UNKNOWN.match(s, k)
            if not m_i:
                break
            item_end = _long_name_end(s, k, m_i.end()) if head in _LONG_NAMED_HEADS else m_i.end()
            items.append(f"{head} {_norm(s[k:item_end])}")
            end = item_end
            m_c = _ITEM_SEP.match(s, end)
            if not m_c:
                break
            k = m_c.end()
        if items and (len(items) > 1 or m_f.re is _FACTORED):
            return UnitMatch(j, end, items)
    if s[j:j + 1] in "cCnN":
        m_cl = _KIND_COLON.match(s, j)
        if m_cl:
            # "các hội: Hội Nghề cá, Hiệp hội Nước mắm …": a kind, then the units of that kind named in full
            inner = match_units(s, m_cl.end(), support)
            if inner.ok and len(inner.units) >= 2:
                return UnitMatch(j, inner.end, inner.units)
    m_fa = _FACTORED_ADMIN.match(s, j) if can & _B_FACTORED_ADMIN else None
    if m_fa:
        m_p = _FACTORED_PLACES.match(s, m_fa.end())
        if m_p:
            return UnitMatch(j, m_p.end(), [_norm(s[j:m_p.end()])])
    m_a = _ADMIN_RE.match(s, j) if can & _B_ADMIN else None
    if m_a:
        end = m_a.end()
        m_cap = _TRAILING_CAP.search(s, j, end)
        if m_cap and m_cap.start() > j:
            low = s[m_cap.start()].lower() + s[m_cap.start() + 1:m_cap.start() + 40]
            v = _VERB_RE.match(low)
            if v is not None and m_cap.start() + v.end() > end:
                end = m_cap.start() - 1  # "UBND các huyện Xây dựng kế hoạch …": a verb with its capital, not a place
        if _ENDS_PROPER.search(s, j, end):
            # "UBND huyện Quang Bình, Bắc Quang": more places of the same level share the head
            while True:
                m_more = _MORE_PLACE.match(s, end)
                if m_more is None or match_unit(s, m_more.start(1)).ok or _GENERIC_HEAD.match(s, m_more.start(1)):
                    break
                end = m_more.end()
        return UnitMatch(j, end, [_norm(s[j:end])])
    m_bc = _BARE_COLLECTIVE.match(s, j) if can & _B_BARE_COLLECTIVE else None
    if m_bc:
        end = max(_collective_end(s, j), m_bc.end())
        return UnitMatch(j, end, [_norm(s[j:end])])
    m_k = _known_match(s, j)
    if m_k:
        end = _coordinated_tail(s, j, m_k.end())
        if _GENERIC_HEAD.match(s, j) and _NAME_GOES_ON.match(s, end):
            # "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng …": the name the directory knows is the start
            # of a longer one; it ends where the duty begins
            longer = _generic_name_end(s, end, first_required=False)
            if longer > end and _DUTY_AFTER_NAME.match(s, longer):
                end = longer
        m_and = _AND_CAPS.match(s, end)
        if m_and is not None and _NAME_THEN.match(s, m_and.end()) and not may_start_unit(s, m_and.start(1)) and \
                not _GENERIC_HEAD.match(s, m_and.start(1)):
            # "Ban Dân tộc và Tôn giáo tỉnh", "Sở Văn hóa và Thể thao huyện": a merged body's name goes on past the name
            # of one of the bodies it was merged from, to its place (the words after "và" start no unit's name)
            end = m_and.end()
        m_br = _BRANCH.match(s, end)
        if m_br is not None:
            end = m_br.end()  # "Ngân hàng Nhà nước chi nhánh Khu vực 9": the branch is the unit
        m_l = _LOCALITY_SUFFIX.match(s, end)
        if m_l and not _VERB_RE.match(s, m_l.start() + 1):
            end = m_l.end()
        m_cap = _CAP_RUN.match(s, end)
        if m_cap and not match_unit(s, end + len(m_cap.group(0)) - len(m_cap.group(0).lstrip())).ok:
            end = m_cap.end()  # "Thuế tỉnh Bình Phước", "Sở Y tế Hà Nội": the name ends where the capitals end
        return UnitMatch(j, end, [_norm(s[j:end])])
    m_c = _COLLECTIVE_START.match(s, j) if can & _B_COLLECTIVE_START else None
    if m_c and _NOUN_RE.match(s, m_c.end()):
        end = _collective_end(s, m_c.end())
        return UnitMatch(j, end, [_norm(s[j:end])])
    m_ng = _SECTOR.match(s, j) if can & _B_SECTOR else None
    if m_ng:  # "ngành Thuế tỉnh", "ngành Y tế"
        end = _generic_name_end(s, m_ng.end())
        if end > 0:
            return UnitMatch(j, end, [_norm(s[j:end])])
    m_bq = _LOWER_NAMED.match(s, j) if can & _B_LOWER_NAMED else None
    if m_bq:
        end = _generic_name_end(s, m_bq.end(), first_required=False)
        return UnitMatch(j, end, [_norm(s[j:end])])
    m_h = _GENERIC_HEAD.match(s, j) if can & _B_GENERIC_HEAD else None
    if m_h:
        end = _generic_name_end(s, m_h.end())
        if end > 0:
            m_br = _BRANCH.match(s, end)
            end = m_br.end() if m_br is not None else end  # "Ngân hàng Chính sách xã hội chi nhánh tỉnh"
            return UnitMatch(j, end, [_norm(s[j:end])])
    m_pl = _PLACE_RE.match(s, j) if can & _B_PLACE else None
    if m_pl and not support:
        return UnitMatch(j, m_pl.end(), [_norm(m_pl.group(0))])
    if support:
        m_n = _NOUN_RE.match(s, j)
        if m_n:
            if s.startswith("ngành", j):
                m_g = _NGANH_WORDS.match(s, j)
                if m_g:
                    end = m_g.end()
                    while end > j + 6 and _VERB_RE.match(s, s.rfind(" ", j, end) + 1):
                        end = s.rfind(" ", j, end)  # "ngành giáo dục tổ chức": the name stops before a verb
                    return UnitMatch(j, end, [_norm(s[j:end])])
            end = _collective_end(s, j)
            return UnitMatch(j, end, [_norm(s[j:end])])
        m_ca = _FORCE_WORDS.match(s, j)
        if m_ca:
            m_fn = _FORCE_NAME.match(s, m_ca.end())  # "bộ đội Biên phòng", "công an nhân dân": the force's full name
            end = m_fn.end() if m_fn else m_ca.end()
            return UnitMatch(j, end, [_norm(s[j:end])])
        m_sv = _BARE_SERVICE.match(s, j)
        if m_sv is not None and (_SERVICE_ENDS.match(s, m_sv.end()) or _VERB_RE.match(s, m_sv.end() + 1)):
            # "phối hợp với Thanh tra, Công an và Quản lý thị trường tại các huyện", "với Đoàn thanh niên cùng cấp": a
            # service or mass organisation named by its branch alone, the local one of the place the duty is in
            return UnitMatch(j, m_sv.end(), [_norm(m_sv.group(0))])
    return UnitMatch(j, j)


_BARE_SERVICE = re.compile(r"(?:Thanh\s+tra|Công\s+an|Quản\s+lý\s+thị\s+trường|Kiểm\s+lâm|Quân\s+đội|Quân\s+sự|Hải\s+quan|"
                           r"Biên\s+phòng|Đoàn\s+[Tt]hanh\s+niên|Hội\s+[Pp]hụ\s+nữ|Hội\s+[Nn]ông\s+dân|"
                           r"Hội\s+[Cc]ựu\s+chiến\s+binh|"
                           # "phối hợp chính quyền địa phương, Mặt trận cơ sở và các đoàn thể …": the Front of a level
                           r"Mặt\s+trận(?:\s+Tổ\s+quốc)?\s+(?:cơ\s+sở|các\s+cấp|cùng\s+cấp)|"
                           # "phối hợp với Cảnh sát giao thông, cảnh sát trật tự …": the police's forces by their field
                           r"[Cc]ảnh\s+sát\s+(?:giao\s+thông(?:\s+đường\s+(?:bộ|thủy))?|trật\s+tự|cơ\s+động|môi\s+trường|"
                           r"kinh\s+tế|hình\s+sự|khu\s+vực|đường\s+thủy))(?!\w)")
_SERVICE_ENDS = re.compile(r"\s*(?:[,;.:)]|$)|\s+(?:và|cùng|tại|trên|ở|của)\s")
# the level a force or service is named with ("lực lượng Công an tỉnh", "Mặt trận cơ sở"): part of its name, never the
# first word of the duty ("… Công an tỉnh kiểm tra …" read "tỉnh kiểm tra" as the action)
_SERVICE_LEVEL = re.compile(r"\s+(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|thị\s+trấn|đặc\s+khu|"
                            r"cấp\s+(?:tỉnh|huyện|xã)|các\s+cấp|cơ\s+sở)(?!\w)")


_LOWER_HEAD = re.compile(rf"(?:tổ|ban|phòng|sở|trung\s+tâm|đội|chi\s+cục|cục|vụ|văn\s+phòng)\s+[{UPPER}]")


_BARE_RELATED = re.compile(r"(?:đơn\s+vị|cơ\s+quan|địa\s+phương|ngành|tổ\s+chức|cá\s+nhân)\s+(?:có\s+)?liên\s+quan"
                           r"(?:\s+khác)?(?!\w)"
                           # "MTTQ các cấp và tổ chức thành viên": the Front's member organisations
                           r"|tổ\s+chức\s+thành\s+viên(?:\s+của\s+Mặt\s+trận)?(?!\w)")


# match_units is a pure function of (s, i, support) and the rules ask it the same question many times over a
# document (the logical lines, each sentence's clauses, the confidence and scope checks): the answers are kept, a
# bounded number, and each caller gets its own copy (UnitMatch and its list are mutable).
_UNITS_MEMO: dict[tuple[str, int, bool], UnitMatch] = {}
_UNITS_MEMO_MAX = 8192


def forget_units() -> None:
    """Drop the remembered answers (understand() does at each document: one document's answers serve only it)."""
    _UNITS_MEMO.clear()
    _STARTS_UNIT.clear()


_BARE_CODE = re.compile(r"[A-ZĐ][A-ZĐ&]{1,7}(?![^\W_])")


def _carried_code(s: str, k: int, last: str) -> UnitMatch:
    """'phối hợp với Sở GTVT, TC kiểm tra …': a bare code after a headed unit is read under that head when head +
    code is a unit the directory knows ("Sở TC" = Sở Tài chính), as on a Nơi nhận line."""
    m = _BARE_CODE.match(s, k)
    if m is None:
        return UnitMatch(k, k)
    for head in directory().factored:
        if last.startswith(head + " ") and is_known_unit(f"{head} {m.group(0)}"):
            return UnitMatch(k, m.end(), [f"{head} {m.group(0)}"])
    return UnitMatch(k, k)


# "Văn phòng HĐND và UBND huyện", "Văn phòng Đoàn ĐBQH và HĐND tỉnh": one office serving two bodies, not two units
JOINT_OFFICE = re.compile(r"Văn\s+phòng\s+(?:HĐND|Hội\s+đồng\s+nhân\s+dân|Đoàn\s+(?:ĐBQH|đại\s+biểu\s+Quốc\s+hội))"
                          r"\s+và\s+(?:HĐND|UBND|Hội\s+đồng\s+nhân\s+dân|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)(?!\w)")


def _joint_offices(s: str, found: UnitMatch) -> UnitMatch:
    """A list that names a joint office after another unit ("Phòng Nội vụ, Văn phòng HĐND và UBND huyện") keeps the
    office whole: its two halves, read as two units and written with "và" between them, are joined again."""
    units = found.units
    if len(units) < 2 or not any(u.startswith("Văn phòng") for u in units[:-1]):
        return found
    out: list[str] = []
    j = 0
    while j < len(units):
        if j + 1 < len(units) and JOINT_OFFICE.match(units[j]) is None \
                and JOINT_OFFICE.match(joined := f"{units[j]} và {units[j + 1]}") is not None \
                and re.search(rf"{re.escape(units[j])}\s+và\s+{re.escape(units[j + 1])}", s[found.start:found.end]):
            out.append(joined)
            j += 2
        else:
            out.append(units[j])
            j += 1
    return UnitMatch(found.start, found.end, out)


def match_units(s: str, i: int, support: bool = False) -> UnitMatch:
    """A list of units starting at i: 'Sở A, Sở B và UBND các huyện'. Trailing '(…)' after a unit is skipped."""
    if not may_start_unit(s, i) and not (support and (_PARTNER_PLACE.match(s, i) or _ACRONYM_PARTNER.match(s, i))):
        return UnitMatch(i, i)  # match_unit's own first test, before the memo (most positions fail it)
    key = (s, i, support)
    hit = _UNITS_MEMO.get(key)
    if hit is None:
        if len(_UNITS_MEMO) >= _UNITS_MEMO_MAX:
            _UNITS_MEMO.clear()
        hit = _UNITS_MEMO[key] = _joint_offices(s, _match_units(s, i, support))
    return UnitMatch(hit.start, hit.end, list(hit.units))


# "Đề nghị Quý UBND huyện A cắm biển …", "Quý Công ty B kiểm tra …": the courtesy word before a body named in full is
# no part of its name ("Quý Sở" alone stays as it was: the letter's addressee)
_POLITE_BODY = re.compile(r"(?:Quý|quý)\s+(?=[" + UPPER + r"])")
_BARE_HEAD = re.compile(r"(?:UBND|Ủy\s+ban|Uỷ\s+ban)(?:\s+nhân\s+dân)?|Sở|Bộ|Ban|Cục|Chi\s+cục|Tổng\s+cục|Công\s+ty|"
                        r"Trung\s+tâm|Văn\s+phòng|Hội|Viện|Trường|Đoàn|Quỹ|Ngân\s+hàng|Tập\s+đoàn|Tổng\s+công\s+ty|"
                        r"Cơ\s+quan|Đơn\s+vị|Địa\s+phương|Tổ\s+chức|Doanh\s+nghiệp")


def bare_head(name: str) -> bool:
    """'Ủy ban', 'Sở', 'Công ty': a head with no name (after 'Quý' it is the letter's addressee)."""
    return _BARE_HEAD.fullmatch(name.strip()) is not None


# a local police force written in lower case ("giao công an xã tuần tra …", "công an các xã, thị trấn"): read as
# its name with the capital ("Công an xã")
_LOWER_POLICE = re.compile(r"công\s+an\s+(?:các\s+)?(?:xã|phường|thị\s+trấn|huyện|quận|thị\s+xã)(?!\w)")


def _match_units(s: str, i: int, support: bool = False) -> UnitMatch:
    if s.startswith("công", i) and _LOWER_POLICE.match(s, i):
        return _match_units(s[:i] + "C" + s[i + 1:], i, support)
    m_q = _POLITE_BODY.match(s, i)
    if m_q is not None:
        named = _match_units(s, m_q.end(), support)
        if named.ok and not bare_head(named.units[0]):
            return UnitMatch(i, named.end, named.units)
    first = match_unit(s, i, support)
    if not first.ok:
        return first
    units = list(first.units)
    end = first.end
    m_sl = _SAME_LEVEL.match(s, end)
    if m_sl and len(units) == 1:
        units[-1] += " cùng cấp"
        end = m_sl.end()
    while True:
        m_p = _PAREN.match(s, end)
        probe = m_p.end() if m_p else end
        m_s = _SEP.match(s, probe)
        if not m_s:
            if m_p:
                end = probe
            break
        nxt = match_unit(s, m_s.end(), support)
        if not nxt.ok and _LOWER_HEAD.match(s, m_s.end()):
            k = m_s.end()
            up = s[:k] + s[k].upper() + s[k + 1:]
            nxt = match_unit(up, k, support)
        if not nxt.ok:
            nxt = _carried_code(s, m_s.end(), units[-1])
        if not nxt.ok:
            m_rel = _BARE_RELATED.match(s, m_s.end())
            if m_rel:  # "Sở A, UBND các huyện và đơn vị liên quan": the list's last item without "các"
                nxt = UnitMatch(m_s.end(), m_rel.end(), [_norm(m_rel.group(0))])
        if not nxt.ok:
            if m_p:
                end = probe
            break
        units += nxt.units
        end = nxt.end
        m_sl = _SAME_LEVEL.match(s, end)
        if m_sl and len(nxt.units) == 1:
            units[-1] += " cùng cấp"
            end = m_sl.end()
    if units[-1].endswith("chủ quản"):
        end_p = _projects_named(s, end)
        if end_p > end:
            units[-1] += s[end:end_p]
            end = end_p
    return UnitMatch(i, end, units)


# "…, cơ quan chủ quản các dự án đang triển khai thi công tiếp tục chỉ đạo …": the owner named with its projects;
# the name runs to the duty, which an adverb opens when the projects are described by a clause (rules35)
_PROJECTS = re.compile(r"\s+(?:của\s+)?(?:các\s+)?(?:dự\s+án|công\s+trình|gói\s+thầu)(?!\w)")
_CLAUSE_WORD = re.compile(r"(?:đang|đã|được|sẽ)(?!\w)")
_DUTY_OPENS = re.compile(r"(?:tiếp\s+tục|khẩn\s+trương|chủ\s+động|tập\s+trung|cần|phải|có\s+trách\s+nhiệm|kịp\s+thời|"
                         r"sớm|rà\s+soát|chỉ\s+đạo|đôn\s+đốc)(?!\w)")


def _projects_named(s: str, end: int) -> int:
    """Where the description of the projects after an owner ends (before its duty), or `end` when it does not."""
    m_p = _PROJECTS.match(s, end)
    if m_p is None:
        return end
    in_clause = False
    for n, m_w in enumerate(WORD_AT.finditer(s, m_p.end() - 1, min(len(s), m_p.end() + 120))):
        pos = m_w.start()
        if n > 12 or re.search(r"[,;.:()]", s[pos - 2:pos]):
            break
        if _CLAUSE_WORD.match(s, pos):
            in_clause = True
            continue
        if _DUTY_OPENS.match(s, pos) or (not in_clause and verb_at(s, pos) is not None):
            return pos - 1
    return end


# the province's deciding body or the Government's head, one body: "UBND tỉnh", "Chủ tịch Ủy ban nhân dân thành phố",
# "Thủ tướng Chính phủ" (the speaker of a directive, or the addressee of a request up: tasks and letters read this one)
AUTHORITY = (r"(?:Chủ\s+tịch\s+)?(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)\s+(?:tỉnh|thành\s+phố|TP|Tỉnh|Thành\s+phố)"
             r"|Thủ\s+tướng(?:\s+Chính\s+phủ)?|Phó\s+Thủ\s+tướng(?:\s+Chính\s+phủ)?")

# -- the unit reader's lower-case scanners (the request and subject rules of tasks.py ask these, not lists of their own)
# a multi-syllable verb that is as often a noun in a unit's description ("các doanh nghiệp kinh doanh …")
NOUN_LIKE_VERB = re.compile(r"quản\s+lý|sử\s+dụng|đầu\s+tư|hoạt\s+động|kinh\s+doanh|sản\s+xuất|phát\s+triển|đào\s+tạo")
WORD_AT = re.compile(r"(?<=\s)\S")  # the start of each word after the first
NAME_STOP_WORDS = re.compile(r"(?<!\w)(?:căn\s+cứ|theo|tại|trên|về|để|cho|với|trong|của|do|đã|đang|sẽ|được|là|có|khi|nếu)(?!\w)")


_HEAD_WORDS = re.compile(r"(?:Trung\s+tâm|Ban|Phòng|Chi\s+cục|Cục|Văn\s+phòng|Đội|Trạm|Hạt|Tổ|[Bb]ộ\s+phận|"
                         # (after a request the head may be in lower case: "yêu cầu phòng chuyên môn thuộc huyện …";
                         # not "phòng chống", "phòng ngừa" …, which are verbs)
                         r"trung\s+tâm|phòng(?!\s+(?:chống|ngừa|tránh|cháy|dịch|bệnh|thủ|vệ|hộ))|chi\s+cục)\s+(?=[a-zà-ỹđ])")


def lower_named_unit(sentence: str, k: int) -> UnitMatch:
    """'Trung tâm phát triển quỹ đất thành phố hoàn thành …': a head word whose name goes on in lower case, up to the
    first verb that is not a word of the name (at most eight words, no punctuation); an empty match when none."""
    m_h = _HEAD_WORDS.match(sentence, k)
    if m_h is None:
        return UnitMatch(k, k)
    for n, m_w in enumerate(WORD_AT.finditer(sentence, m_h.end() - 1, min(len(sentence), m_h.end() + 90))):
        pos = m_w.start()
        if n > 8 or re.search(r"[,;.:()]", sentence[pos - 2:pos]) or NAME_STOP_WORDS.match(sentence, pos):
            break
        v = verb_at(sentence, pos)
        if v is not None and n >= 2 and not NOUN_LIKE_VERB.fullmatch(v.group(0)) and \
                not _NAME_VERB_WORDS.fullmatch(v.group(0)):
            name = sentence[k:pos - 1]
            return UnitMatch(k, pos - 1, [name])
    return UnitMatch(k, k)


_NAME_VERB_WORDS = re.compile(r"thông\s+tin|xây\s+dựng|bảo\s+vệ|kiểm\s+soát|xúc\s+tiến|truyền\s+thông|giám\s+định|"
                              r"kiểm\s+định|đăng\s+ký|cứu\s+hộ|cứu\s+nạn|bồi\s+dưỡng|phục\s+vụ|hỗ\s+trợ|tư\s+vấn|ứng\s+dụng|"
                              r"quy\s+hoạch|phát\s+thanh|chữa\s+cháy|tìm\s+kiếm|giải\s+phóng|thu|chi|giữ|mở|cấp|lập")


HEAD_ALONE = re.compile(r"(?:Chi\s+bộ|Đảng\s+ủy|Đảng\s+uỷ|Đảng\s+bộ|Thường\s+trực|Tổng\s+cục|Mặt\s+trận(?:\s+và\s+các\s+đoàn\s+thể)?|"
                        r"Chính\s+quyền)(?=\s)")


def head_alone(sentence: str, k: int) -> UnitMatch:
    """"Tổng cục cần …", "Chi bộ tiếp tục …": the body the text is about, named by its kind alone."""
    m_alone = HEAD_ALONE.match(sentence, k)
    return UnitMatch(k, m_alone.end(), [m_alone.group(0)]) if m_alone is not None else UnitMatch(k, k)
