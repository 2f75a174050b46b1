"""Letters, as a clerk reads them: what in a letter is not a duty.

- The sending formula that closes a letter: "Văn phòng UBND tỉnh gửi Sở Xây dựng tổng hợp./.", "Sở Nội vụ gửi các
  đơn vị biết, thực hiện." — it says who the letter goes to, the duties are in the body above it.
- The issuer's own background: "Để thi hành Luật này, Bộ Nội vụ được giao xây dựng …" in a letter of that Bộ tells
  why it writes (a higher body gave it the duty long ago); it is not a duty this letter assigns.
- A request up to the body that decides: "UBND huyện X kính đề nghị UBND tỉnh xem xét hỗ trợ kinh phí …", "Sở Y
  đề nghị UBND tỉnh xem xét, phê duyệt …". The addressee decides whether to act; until it does there is nothing for
  a unit's inbox (the letter itself goes to the leader who decides), and the writer's own follow-up is waiting for
  the answer, not a duty this letter gives anyone. A duty a superior is asked to carry out for others ("đề nghị UBND
  tỉnh chỉ đạo các sở …") stays a task.
- The writer's own part in a letter up: "Sở Y tế báo cáo UBND tỉnh kết quả … và đề xuất …", "Bộ Tài chính sẽ tổng
  hợp, báo cáo Thủ tướng Chính phủ" in a letter whose Kính gửi is the province's committee (or a body above it).
  The writer tells what it did or will do, or what it proposes; the letter's reader decides and assigns. The writer is
  never the lead of a task in its own letter up (a duty it gives others there, "đề nghị UBND tỉnh chỉ đạo Sở X …",
  stays a task of the body asked).
- A letter that moves a deadline ("đồng ý điều chỉnh thời hạn khắc phục sạt lở … : giao Sở X hoàn thành trước ngày
  …"): the duty whose action only says "hoàn thành" is the work whose deadline moved, so the action names that work
  (the product then shows it beside the earlier task it amends, for the clerk to decide).
"""

from __future__ import annotations

import re

from services.ingest.understanding.deadlines import find_deadline
from services.ingest.understanding.model import ExtractedTask
from services.ingest.understanding.task_units import AUTHORITY, match_units

_PURPOSE = r"(?:biết|tổng\s+hợp|theo\s+dõi|tham\s+khảo|nghiên\s+cứu|xem\s+xét|phối\s+hợp|thực\s+hiện|triển\s+khai|" \
           r"chỉ\s+đạo|lưu\s+hồ\s+sơ|để\s+biết)"
_SEND = re.compile(r"(?:trân\s+trọng\s+|kính\s+)?gửi\s+", re.IGNORECASE)
_PURPOSE_END = re.compile(r"\s*(?:để\s+|được\s+)?" + _PURPOSE + r"(?:\s*(?:,|và|/)\s*(?:để\s+)?" + _PURPOSE +
                          r")*\s*[./]*$", re.IGNORECASE)


def sending_formula(action: str) -> bool:
    """'gửi Sở X tổng hợp', 'gửi các đơn vị biết, thực hiện': the letter's address, not a duty. What follows
    "gửi" must be the addressee itself, a unit ("gửi ý kiến về Phòng Tư pháp để tổng hợp" is a duty)."""
    a = action.strip()
    m = _SEND.match(a)
    if not m:
        return False
    um = match_units(a, m.end())
    return um.ok and bool(_PURPOSE_END.match(a, um.end))


def _letterhead(text: str) -> str:
    """The upper-case lines at the top of a letter, where its issuer stands, folded to single spaces."""
    lines = [ln.strip(" *|") for ln in text[:800].splitlines()[:14]]
    return " ".join(" ".join(ln.split()) for ln in lines if ln and ln == ln.upper() and re.search(r"[^\W\d_]", ln))


def issuer_background(task: ExtractedTask, head: str) -> bool:
    """'<issuer> được giao …' in the issuer's own letter: the reason it writes, not a duty it receives."""
    lead = " ".join(task.lead.split())
    if not lead or not head or lead.upper() not in head:
        return False
    return bool(re.search(re.escape(lead) + r"\s+(?:đã\s+)?được\s+(?:[^.,;]{0,60}?\s)?giao\b", " ".join(task.sentence.split())))


# a duty that only says to finish ("hoàn thành", "khẩn trương hoàn thành đúng thời hạn được điều chỉnh")
_ONLY_FINISH = re.compile(r"(?:(?:khẩn\s+trương|chủ\s+động|tập\s+trung)\s+)?(?:chủ\s+trì\s*,?\s*)?hoàn\s+thành"
                          r"(?:\s+(?:đúng|trước|theo|trong)\s+(?:thời\s+hạn|thời\s+gian)[^,;.]{0,40})?\s*[./]*", re.IGNORECASE)
# "điều chỉnh thời hạn (hoàn thành) <work> (tại Thông báo …| đến ngày …| : …)", "gia hạn thời gian thực hiện <work>"
_MOVED = re.compile(r"(?:điều\s+chỉnh|gia\s+hạn|lùi)\s+(?:thời\s+hạn|thời\s+gian)(?:\s+(?:hoàn\s+thành|thực\s+hiện))?"
                    r"(?:\s+(?:việc|nhiệm\s+vụ|các\s+nhiệm\s+vụ))?\s+(?P<work>[^:;.,()]{8,200}?)(?=\s+(?:tại|theo|nêu\s+tại|nêu\s+trên|được\s+giao|đến\s+(?:hết\s+)?ngày|"
                    r"đến\s+hết|sang|từ\s+ngày)(?!\w)|\s*[:;.,(])", re.IGNORECASE)
_MOVED_WORDS = re.compile(r"(?:điều\s+chỉnh|gia\s+hạn|lùi)\s+(?:thời\s+hạn|thời\s+gian)", re.IGNORECASE)


_NEW_DATE = re.compile(r"\s+(?:tại\s+[^,;:.]{0,80}?\s+)?đến\s+(?:hết\s+)?ngày\s+", re.IGNORECASE)


def moved_deadline_work(text: str, tasks: list[ExtractedTask], issued_date: str | None) -> None:
    """'… điều chỉnh thời hạn khắc phục sạt lở …: giao Sở X hoàn thành trước ngày …': the action is the work whose
    deadline moved, not "hoàn thành" (module docstring)."""
    for t in tasks:
        if t.span is None or not _ONLY_FINISH.fullmatch(t.action.strip()):
            continue
        lo = max(0, t.span[0] - 600)
        k = text.find(t.lead, t.span[0], t.span[1]) if t.lead else -1
        at = k if k >= 0 else t.span[1]  # (the work is named before the unit given it)
        if not _MOVED_WORDS.search(text, lo, at):
            continue
        work = None
        for m in _MOVED.finditer(text, lo, at):
            work = m
        if work is not None:
            t.action = " ".join(work.group("work").split())
            m_new = _NEW_DATE.match(text, work.end())
            dl = find_deadline(text[m_new.start():m_new.end() + 30], issued_date) if m_new and not t.deadline else None
            if dl is not None and dl.date:
                t.deadline, t.deadline_text = dl.date, dl.text  # "… đến ngày 31/8/2026": the new deadline


# the deferential request said only upwards, just before the body asked
_ASKED_UP = re.compile(r"(?:[Kk]ính|[Tt]rân\s+trọng)\s+(?:đề\s+nghị|trình|mong|xin\s+đề\s+nghị)(?:\s+(?:đến|lên))?\s*$")
_ASKED = re.compile(r"(?:đề\s+nghị|[Tt]rình)\s*$")
# what only the deciding body does: consider, approve, give its opinion, fund
_CONSIDER = re.compile(r"(?:(?:quan\s+tâm|sớm)\s*,?\s*)?(?:xem\s+xét|cho\s+ý\s+kiến|phê\s+duyệt|chấp\s+thuận|quyết\s+định|"
                       r"hỗ\s+trợ|giải\s+quyết|cấp\s+(?:bổ\s+sung\s+)?kinh\s+phí|bố\s+trí\s+kinh\s+phí|bổ\s+sung\s+kinh\s+phí)(?!\w)",
                       re.IGNORECASE)
# a request up with no work named: "quan tâm, chỉ đạo", "xem xét, giải quyết", "quan tâm, giúp đỡ"
_BARE_ASK = re.compile(r"(?:(?:quan\s+tâm|xem\s+xét|chỉ\s+đạo|giúp\s+đỡ|giải\s+quyết|cho\s+ý\s+kiến|hỗ\s+trợ|ủng\s+hộ|"
                       r"tạo\s+(?:mọi\s+)?điều\s+kiện|và)[\s,]*)+[./]*", re.IGNORECASE)
_DECIDES = re.compile(r"(?:(?:quan\s+tâm|sớm)\s*,?\s*)?(?:xem\s+xét|cho\s+ý\s+kiến|phê\s+duyệt|chấp\s+thuận|quyết\s+định)"
                      r"(?!\w)", re.IGNORECASE)
# the province's (or the Government's) deciding body itself, one body, not "UBND các huyện"
_DECIDING_BODY = re.compile(rf"(?:{AUTHORITY})(?:\s+[^\W\d_]+){{0,3}}|Chính\s+phủ|Thường\s+trực\s+(?:Tỉnh\s+ủy|"
                            r"HĐND\s+tỉnh|Hội\s+đồng\s+nhân\s+dân\s+tỉnh)")


# a letterhead of a body below the province's deciding one: a department, a district or commune, a board, a centre
_LOWER_WRITER = re.compile(r"(?<!\w)(?:SỞ|PHÒNG|CHI\s+CỤC|TRUNG\s+TÂM|BAN\s+QUẢN\s+LÝ|BỆNH\s+VIỆN|TRƯỜNG|CÔNG\s+TY|"
                           r"(?:UBND|ỦY\s+BAN\s+NHÂN\s+DÂN|UỶ\s+BAN\s+NHÂN\s+DÂN)\s+(?:HUYỆN|XÃ|PHƯỜNG|QUẬN|THỊ\s+XÃ|THỊ\s+TRẤN))"
                           r"(?!\w)")


def request_up(task: ExtractedTask, head: str = "") -> bool:
    """'kính đề nghị UBND tỉnh xem xét hỗ trợ …', and in a department's or district's letter 'đề nghị UBND tỉnh xem
    xét, phê duyệt …': a request up to the body that decides, no duty for an inbox (module docstring). Not the
    council's or the party committee's "đề nghị UBND tỉnh xem xét …": they oversee the committee."""
    lead = " ".join(task.lead.split())
    sentence = " ".join(task.sentence.split())
    at = sentence.find(lead) if lead else -1
    if at <= 0:
        return False
    before, action = sentence[:at].rstrip(), task.action.strip()
    if _ASKED_UP.search(before) and (_CONSIDER.match(action) or _BARE_ASK.fullmatch(action)):
        return True  # (and the courtesy that closes such a letter: "Kính đề nghị UBND tỉnh quan tâm, chỉ đạo./.")
    return bool(_ASKED.search(before) and _DECIDES.match(action) and _DECIDING_BODY.fullmatch(lead) and
                _LOWER_WRITER.search(head))


# the body a letter goes up to: the province's (city's) committee or its chair, the Government, a ministry, the party
# committee or council of the province
_KINH_GUI = re.compile(r"(?:Kính\s+gửi|KÍNH\s+GỬI)\s*:?[\s\-–•]*(?P<to>[^\n;]{3,160})")
_UP_BODY = re.compile(r"(?:(?:Đồng\s+chí\s+)?Chủ\s+tịch\s+)?(?:Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân|UBND)\s+(?:tỉnh|thành\s+phố|"
                      r"Tỉnh|Thành\s+phố|TP)(?!\s+(?:thuộc|trực\s+thuộc))|Thủ\s+tướng|Chính\s+phủ|Văn\s+phòng\s+Chính\s+phủ|"
                      r"Bộ\s+(?!phận)[A-ZĐ]|(?:Ban\s+Thường\s+vụ\s+|Thường\s+trực\s+)?(?:Tỉnh|Thành)\s+ủy|"
                      r"(?:Thường\s+trực\s+)?(?:Hội\s+đồng\s+nhân\s+dân|HĐND)\s+(?:tỉnh|thành\s+phố)")


def writer_in_letter_up(task: ExtractedTask, head: str, text: str) -> bool:
    """The letter's own writer as a lead in its letter up to the province or a body above it (module docstring)."""
    lead = " ".join(task.lead.split())
    if not lead or not head or lead.upper() not in head:
        return False
    m = _KINH_GUI.search(text, 0, 3000)
    if m is None:
        return False
    to = " ".join(m.group("to").split())
    return bool(_UP_BODY.match(to)) and lead.upper() not in to.upper()


def not_duties(text: str, tasks: list[ExtractedTask]) -> list[ExtractedTask]:
    """The tasks of a letter without its sending formula, the issuer's background, its requests up and its writer's
    own part in a letter up."""
    head = _letterhead(text)
    return [t for t in tasks if not sending_formula(t.action) and not issuer_background(t, head) and
            not request_up(t, head) and not writer_in_letter_up(t, head, text)]
