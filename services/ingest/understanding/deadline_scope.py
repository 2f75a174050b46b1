"""Which duties a time limit written apart from them governs (issue 11, deadlines on unseen text).

A notice or plan often states its time frame as an item of its own before the assignments ("2. Thời gian lấy ý kiến:
từ ngày 01/4 đến ngày 20/4/2025." then "3. Giao: - Phòng Tư pháp …; - UBND các xã …"), and a duty may refer back to it
("Trong thời gian lấy ý kiến nêu trên, các cơ quan … gửi ý kiến …"). An office worker reads that time frame as the time
limit of every duty after it that names none of its own. Pure functions over the text and the tasks found in it.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from services.ingest.understanding.deadlines import Deadline, find_deadline
from services.ingest.understanding.model import ExtractedTask
from services.ingest.understanding.task_units import match_units, verb_at

# "2. Thời gian lấy ý kiến: từ ngày 17/3 đến ngày 05/4/2025.", "- Thời gian thực hiện: Quý III/2025": a line of its
# own (a marker may stand before it), the time frame after the colon and nothing else
_TIME_LINE = re.compile(
    r"^[ \t]*(?:(?:[0-9]{1,2}|[IVX]{1,4}|[a-zđ])[.)][ \t]*|[-–+•][ \t]*)?"
    r"(?P<head>Thời[ \t]+(?:gian|hạn)(?P<what>[^:\n\d]{0,60}?))[ \t]*:[ \t]*(?P<when>[^\n]{4,140}?)[ \t]*[.;]?[ \t]*$",
    re.MULTILINE)

# "Trong thời gian lấy ý kiến nêu trên": the time frame stated before, named again
_BACK = re.compile(r"(?:[Tt]rong\s+)?thời\s+(?:gian|hạn)(?P<what>(?:\s+[^\s,;.:]+){0,6}?)\s+(?:nêu|nói|kể)\s+trên",
                   re.IGNORECASE)

_SENTENCE_ON = re.compile(r"[.;:]\s+\S")
_YEAR = re.compile(r"\d{4}")
# a time frame governs the duties that follow it closely (a notice's items), not a whole long text after it
_REACH = 1500
_SHORT_PASSAGE = 3000
_INLINE_FRAME = re.compile(r"(?<=[,;.]\s)thời\s+gian\s+(?P<what>thực\s+hiện|triển\s+khai)\s*(?:là\s+|:\s*)?")


def stated_time_frames(text: str, issued_date: str | None) -> list[tuple[int, str, Deadline]]:
    """(offset where the line ends, what the time is of, the time limit) for each time-frame line with a date."""
    out: list[tuple[int, str, Deadline]] = []
    seen = -1
    at = text.find("Thời")
    while at >= 0:
        line_start = text.rfind("\n", 0, at) + 1
        m = _TIME_LINE.match(text, line_start) if line_start > seen and at - line_start <= 12 else None
        seen = line_start
        at = text.find("Thời", at + 4)
        if m is None:
            continue
        dl = find_deadline(m.group("when"), issued_date)
        if dl is None or dl.date is None or dl.start > 3:
            continue  # the line must start with its time ("từ …", "trước …", "Quý III/2025"), not a sentence
        if not _YEAR.search(dl.text or ""):
            continue  # "Thời hạn trình phê duyệt: trước ngày 15 tháng 8" with no year: a standing rule, every year
        rest = m.group("when")[dl.end:]
        if len(rest.split()) > 6 or _SENTENCE_ON.search(rest):
            continue  # "Thời hạn nộp báo cáo: trước ngày …. Tuy nhiên đến nay …": a report on what was due
        out.append((m.end(), " ".join(m.group("what").split()).lower(), dl))
    if "THỜI" in text or "Thời" in text:
        out += _heading_frames(text, issued_date)
        out.sort(key=lambda f: f[0])
    if len(text) <= _SHORT_PASSAGE and "thời gian" in text:
        # a short passage about one piece of work: "…, thời gian thực hiện trong năm 2025 - 2026." said of the work,
        # then "Giao UBND xã … tổ chức triển khai thực hiện": the same time frame
        for m2 in _INLINE_FRAME.finditer(text):
            dl = find_deadline(text[m2.end():m2.end() + 80], issued_date)
            lead_words = text[m2.end():m2.end() + max(dl.start, 0)].strip().lower() if dl is not None else "x"
            if dl is not None and dl.date and lead_words in ("", "trong", "từ", "vào", "đến", "trước") and \
                    _YEAR.search(dl.text or ""):
                out.append((m2.end() + dl.end, " ".join(m2.group("what").split()).lower(), dl))
        out.sort(key=lambda f: f[0])
    return out


# "III. THỜI GIAN THỰC HIỆN" / "3. Thời gian thực hiện:" as a heading of its own, its time on the next line ("Từ ngày
# 01/6/2026 đến ngày 30/6/2026.", "Kế hoạch được triển khai từ … đến …"): the same time frame as a "Thời gian: …" line
# (a bold heading's "**" are spaces by now: extract_tasks reads them so before the time frames)
_TIME_HEADING = re.compile(
    r"[ \t]*(?:(?:[0-9]{1,2}|[IVX]{1,4}|[a-zđ])[.)][ \t]*)?[ \t]*"
    r"(?:THỜI|Thời)[ \t]+(?:GIAN|gian|HẠN|hạn)(?P<what>[^:\n\d,*]{0,40}?)[ \t]*:?[ \t]*\n"
    r"(?:[ \t]*\n)*[ \t]*(?:[-–+•][ \t]*)?(?P<when>[^\n]{6,200})")


def _heading_frames(text: str, issued_date: str | None) -> list[tuple[int, str, Deadline]]:
    out: list[tuple[int, str, Deadline]] = []
    starts: set[int] = set()
    for word in ("Thời", "THỜI"):
        at = text.find(word)
        while at >= 0:
            line_start = text.rfind("\n", 0, at) + 1
            if at - line_start <= 12:
                starts.add(line_start)  # (a heading starts its line, after at most a marker)
            at = text.find(word, at + 4)
    for line_start in sorted(starts):
        m = _TIME_HEADING.match(text, line_start)
        if m is None:
            continue
        when = m.group("when").strip()
        dl = find_deadline(when, issued_date)
        if dl is None or dl.date is None or dl.recurrence or not _YEAR.search(dl.text or ""):
            continue
        rest = when[dl.end:]
        if dl.start > 3 and not plan_time_sentence(when):
            continue  # the line after the heading must give the time ("Từ …", "Trong quý …") or the plan's time
        if len(rest.split()) > 6 or _SENTENCE_ON.search(rest):
            continue
        out.append((m.end("when"), " ".join(m.group("what").split()).lower(), dl))
    return out


def apply_time_frames(text: str, tasks: list[ExtractedTask], issued_date: str | None) -> None:
    """Give a duty with no time of its own the time frame stated on a line of its own before it (the nearest one)."""
    if not tasks or all(t.deadline or t.deadline_text or t.recurrence for t in tasks):
        return
    frames = stated_time_frames(text, issued_date)
    if not frames:
        return
    for t in tasks:
        if t.span is None or t.recurrence:
            continue
        m_back = _BACK.search(t.sentence) if "thời gian" in t.sentence.lower() else None
        if m_back is not None:
            # "Trong thời gian lấy ý kiến nêu trên, …": the duty names the time frame it runs in
            what = " ".join(m_back.group("what").split()).lower()
            named = [f for f in frames if f[1] == what and f[0] <= t.span[0]]
            if named:
                dl = named[-1][2]
                t.deadline, t.deadline_text = dl.date, m_back.group(0).strip(" ,")
                continue
        if t.deadline or t.deadline_text:
            continue
        by_words = _frame_named_in(t.action, frames, t.span[0])
        if by_words is not None:
            # "… gửi về Đoàn xã trong thời gian triển khai" after "+ Thời gian triển khai: Từ … – …": that frame
            t.deadline, t.deadline_text = by_words.date, by_words.text
            continue
        after = _next_line_frame(text, frames, t.span[1])
        if after is not None:
            # "- Sở X hướng dẫn …\n- Thời gian hoàn thành: trước ngày …": the time line just after the duty is its own
            # (an earlier section's time line is not)
            t.deadline, t.deadline_text = after.date, after.text
            continue
        before = [f for f in frames if f[0] <= t.span[0] <= f[0] + _REACH and not _closes_item(text, f[0], tasks, t)]
        if before:
            dl = before[-1][2]
            t.deadline, t.deadline_text = dl.date, dl.text
            continue
        by_name = _named_frame(frames, t.action)
        if by_name is not None:
            # "- Thời gian hội thu và tặng quà: trước ngày 07/02/2026." then, pages later, "Tổ chức Hội thu quà tặng …":
            # the time frame named by its activity is the time limit of the duty that names that activity
            t.deadline, t.deadline_text = by_name.date, by_name.text
    heads = _heading_frames(text, issued_date) if "THỜI" in text or "Thời" in text else []
    if heads and all(t.span is None or t.span[0] < heads[-1][0] for t in tasks):
        # "V. THỜI GIAN THỰC HIỆN\nTừ … đến …" after every duty: a plan's own time section, placed last
        for t in tasks:
            if t.span is not None and not (t.deadline or t.deadline_text or t.recurrence):
                t.deadline, t.deadline_text = heads[-1][2].date, heads[-1][2].text


_NUMBERED_LINE = re.compile(r"[ \t]*(?:[0-9]{1,2}|[IVX]{1,4})[.)]")


def _closes_item(text: str, frame_end: int, tasks: list[ExtractedTask], later: ExtractedTask) -> bool:
    """The time line ending at `frame_end` closes the item just above it ("b) Hướng dẫn …\nThời gian hoàn thành: …"):
    it is that item's time, not the time of a later item ("3. Giao Sở Tài chính …")."""
    start = text.rfind("\n", 0, frame_end) + 1
    if _NUMBERED_LINE.match(text, start) is not None:
        return False  # "2. Thời gian thực hiện: …": an item of its own, the time frame of what follows
    ends = [o.span[1] for o in tasks if o is not later and o.span is not None and o.span[1] <= start]
    return bool(ends) and text[max(ends):start].strip() == ""


_IN_FRAME = re.compile(r"(?<!\w)trong\s+thời\s+gian\s+(?P<what>[^\s,;.:\d]+(?:\s+[^\s,;.:\d]+){0,4})", re.IGNORECASE)


def _frame_named_in(action: str, frames: list[tuple[int, str, Deadline]], at: int) -> Deadline | None:
    """The time frame stated before `at` that the duty names by its words ("trong thời gian triển khai")."""
    if "thời gian" not in action.lower():
        return None
    m = _IN_FRAME.search(action)
    if m is None:
        return None
    said = " ".join(m.group("what").split()).lower()
    named = [f for f in frames if f[1] and f[0] <= at and (said == f[1] or said.startswith(f[1] + " "))]
    return named[-1][2] if named else None


def _next_line_frame(text: str, frames: list[tuple[int, str, Deadline]], end: int) -> Deadline | None:
    """The time frame on the line right after offset `end` (a dashed or plain line, not a numbered section's)."""
    for at, _, dl in frames:
        start = text.rfind("\n", 0, at) + 1
        if start < end:
            continue
        if text[end:start].strip() == "" and text[start:start + 12].lstrip()[:1] in ("-", "–", "+", "•", "T"):
            return dl
        break
    return None


# what a time frame may be named by that says nothing of the activity
_GENERIC_WHAT = frozenset({"", "thực hiện", "triển khai", "hoàn thành", "tổ chức", "triển khai thực hiện",
                           "tổ chức thực hiện", "báo cáo", "gửi báo cáo", "thực hiện kế hoạch", "áp dụng"})


def _named_frame(frames: list[tuple[int, str, Deadline]], action: str) -> Deadline | None:
    """The one time frame whose activity (its first two words, e.g. "hội thu") the duty names; None if none or several."""
    low = " ".join(action.lower().split())
    hits: list[Deadline] = []
    for _, what, dl in frames:
        words = what.split()
        if what in _GENERIC_WHAT or len(words) < 2 or words[0] in ("thực", "triển", "hoàn", "tổ", "báo", "gửi"):
            continue
        key = " ".join(words[:2])
        if re.search(r"(?<!\w)" + re.escape(key) + r"(?!\w)", low) and all(h is not dl for h in hits):
            hits.append(dl)
    return hits[0] if len({h.date for h in hits}) == 1 else None



# "Kế hoạch được thực hiện từ 01/12 đến hết 28/02/2026.", "Hội thi diễn ra từ ngày 10/5 đến ngày 12/5/2025.": after the
# duties, the time of the plan, campaign or event itself; every duty just listed runs in it
_WHOLE_PLAN_TIME = re.compile(
    r"^(?:Toàn\s+bộ\s+)?(?:Kế\s+hoạch|Chương\s+trình|Chiến\s+dịch|Đợt\s+(?:cao\s+điểm|ra\s+quân|kiểm\s+tra|thi\s+đua)|"
    r"Hội\s+thi|Cuộc\s+thi|Hội\s+thao|Hội\s+diễn|Hội\s+nghị|Tháng\s+(?:hành\s+động|cao\s+điểm)|Tuần\s+lễ|"
    r"(?:Các\s+)?[Hh]oạt\s+động|Phong\s+trào|Cuộc\s+vận\s+động|Đợt)(?:\s+[^\s.;:,]+){0,12}?\s+"
    r"(?:được\s+|sẽ\s+(?:được\s+)?)?(?:thực\s+hiện|triển\s+khai|tổ\s+chức|diễn\s+ra|kéo\s+dài|tiến\s+hành|phát\s+động)\s+"
    r"(?:từ|trong|đến|vào|xong)\s")


def plan_time_sentence(sent: str) -> bool:
    """A sentence that gives the time of the plan or event itself ("Kế hoạch được thực hiện từ … đến …")."""
    return sent[:1] in "KCĐHTPtcđhkpT" and _WHOLE_PLAN_TIME.match(sent) is not None


# "Sở Tài chính trước ngày 15/4/2025 gửi …", "Sở Y tế hằng tuần báo cáo …": a time said between a unit and its verb
_TIME_WORDS = re.compile(r"(?<!\w)(?:trước|chậm\s+nhất|ngay|định\s+kỳ|(?:hằng|hàng|mỗi)\s+(?:ngày|tuần|tháng|quý|năm)|"
                         r"(?:trong|vào|cuối|đầu)\s+(?:tháng|quý|năm|tuần)\s+\S*\d)(?!\w)|\d{1,2}\s*[/.\-]\s*\d{1,2}", re.IGNORECASE)


def time_between(gap: str) -> bool:
    """The words between a unit's name and its verb hold a time ("trước ngày 15/4", "hằng tháng"): not a name."""
    return _TIME_WORDS.search(gap) is not None


# "Yêu cầu hoàn thành trước ngày …", "Tất cả phải xong trước …", "Hạn cuối là ngày …", "Hoàn thành trong quý II …":
# a sentence that says nothing but a time limit
_ONLY_TIME_HEAD = re.compile(
    r"(?:(?:Yêu\s+cầu|Đề\s+nghị|Tất\s+cả|Toàn\s+bộ|Các\s+việc\s+(?:này|trên)|Việc\s+(?:này|trên))(?:\s+|$))?"
    r"(?:(?:phải|cần|được|dự\s+kiến|đều|sẽ)(?:\s+|$))*(?:hoàn\s+thành|xong|thực\s+hiện)?(?:\s+xong)?"
    r"|(?:[Tt]hời\s+hạn|[Hh]ạn(?:\s+(?:cuối(?:\s+cùng)?|chót))?|[Tt]hời\s+gian)(?:\s+(?:hoàn\s+thành|thực\s+hiện))?"
    r"\s*(?:là|:)?", re.IGNORECASE)


def only_time(sent: str, dl: Deadline) -> bool:
    """`sent` gives only the time limit `dl` (found in it), no unit and no duty of its own."""
    if dl.start < 0 or sent[dl.end:].strip(" .;,/") != "":
        return False
    head = " ".join(sent[:dl.start].replace(",", " ").split())
    return _ONLY_TIME_HEAD.fullmatch(head) is not None


# "Đối với các công trình đã xong, từ nay đến hết ngày 20/2 phải tổ chức bàn giao …": after its time the sentence
# says what must be done then (a modal and a duty other than finishing or reporting), a matter of its own
_MATTER_HEAD = re.compile(r"(?:(?:[Đđ]ối\s+với|[Rr]iêng|[Vv]ề)\s[^.;:]{2,160},)?\s*")
_OWN_DUTY_AFTER = re.compile(r"\s*,?\s*(?:thì\s+)?(?:phải|cần|sẽ)\s+(?!(?:hoàn\s+thành|xong|báo\s+cáo|gửi|nộp)(?!\w))"
                             r"\S+(?:\s+\S+){2}")


def time_opens_own_duty(sent: str, dl: Deadline) -> bool:
    """`sent` gives a time (`dl`, found in it) and then a duty of its own that must be done by then ("Đối với …, từ nay
    đến hết ngày 20/2 phải tổ chức …"): its time is not the time limit of the duty said before it."""
    if dl.start < 0:
        return False
    return _MATTER_HEAD.fullmatch(sent, 0, dl.start) is not None and _OWN_DUTY_AFTER.match(sent, dl.end) is not None


def last_stage(sent: str, first: Deadline, issued_date: str | None) -> Deadline:
    """The latest dated time limit of a sentence that sets stages ("cấp cơ sở hoàn thành trong quý II năm 2026 và cấp
    tỉnh hoàn thành trong quý III năm 2026"): the duties it follows are done when the last stage is; `first` when the
    sentence sets one time only."""
    best = first
    at = first.end
    for _ in range(4):
        nxt = find_deadline(sent[at:], issued_date) if at < len(sent) else None
        if nxt is None or nxt.end <= 0:
            break
        if nxt.date and (best.date is None or nxt.date > best.date):
            best = Deadline(nxt.date, nxt.text, nxt.recurrence, at + nxt.start, at + nxt.end)
        at += nxt.end
    return best


# "Tháng hành động vì an toàn thực phẩm năm 2026 (từ ngày 15/4 đến ngày 15/5/2026)": a campaign named with its window
_CAMPAIGN = re.compile(
    r"(?P<head>Tháng\s+(?:cao\s+điểm|hành\s+động)|Tuần\s+lễ|Đợt\s+cao\s+điểm|Chiến\s+dịch|Đợt\s+ra\s+quân)"
    r"(?P<name>[^()\n.;:]{0,160}?)\s*\(\s*(?P<when>(?:từ\s+)?(?:ngày\s+)?\d{1,2}\s*[/.\-]\s*\d{1,2}[^()\n]{0,40}?\d{4})\s*\)")


def campaign_windows(text: str, tasks: list[ExtractedTask], issued_date: str | None) -> None:
    """A duty done "trong <campaign>" whose window the text gave when it named the campaign runs to that window's end."""
    if "(" not in text or not any(not (t.deadline or t.deadline_text or t.recurrence) for t in tasks):
        return
    windows: list[tuple[str, Deadline]] = []
    for m in _CAMPAIGN.finditer(text):
        dl = find_deadline(m.group("when"), issued_date)
        if dl is not None and dl.date:
            key = " ".join((m.group("head") + m.group("name")).split()[:3]).lower()
            windows.append((key, dl))
    if not windows:
        return
    for t in tasks:
        if t.deadline or t.deadline_text or t.recurrence:
            continue
        said = " ".join(t.action.split()).lower()
        for key, dl in windows:
            at = said.find("trong " + key)
            if at >= 0:
                t.deadline, t.deadline_text = dl.date, dl.text
                break


# "…, trong đó Sở Tài chính thẩm định kinh phí trước ngày 20/5/2026": the part of the work given to one of the units,
# with its own time limit
# ("…; riêng Sở Xây dựng hoàn thành trước ngày …": the same, said of one of the units with "riêng")
_IN_WHICH = re.compile(r"(?:,\s*trong\s+đó|[,;]\s*riêng(?:\s+đối\s+với)?)\s*,?\s+(?=\S)")


def split_in_which(tasks: list[ExtractedTask], issued_date: str | None) -> list[ExtractedTask]:
    """A duty whose ", trong đó <unit> <verb> …" gives one unit its own part: that part is the unit's own task, and a
    time limit written in it is that task's, not the whole duty's."""
    out: list[ExtractedTask] = []
    for t in tasks:
        out.append(t)
        sent = t.sentence
        m = _IN_WHICH.search(sent) if "trong đó" in sent or "riêng" in sent else None
        head = " ".join(t.action.split()[:4])
        if m is None or not head or sent.find(head) < 0 or sent.find(head) > m.start():
            continue
        if any(o is not t and o.sentence == sent and o.lead and sent.find(o.lead, m.end()) >= 0 for o in tasks):
            continue  # the part already has its task
        um = match_units(sent, m.end())
        if not um.ok or sent[um.end:um.end + 1] != " " or verb_at(sent, um.end + 1) is None:
            continue
        end = sent.find(";", um.end)
        part = sent[um.end + 1:end if end >= 0 else len(sent)].strip(" .;")
        if len(part.split()) < 3:
            continue
        own = find_deadline(part, issued_date)
        if own is not None and t.deadline_text is not None and own.text == t.deadline_text:
            t.deadline, t.deadline_text = None, None  # the time limit was the part's, not the whole duty's
        marker = sent[m.start():m.end()].strip()
        at = t.action.find(marker)
        if at < 0 and marker[:1] in ",;":
            at = t.action.find(marker[1:].strip())
        if at > 0:
            t.action = t.action[:at].rstrip(" ,;")
        if own is not None and own.end >= len(part) - 1 and own.start > 0:
            part = part[:own.start].strip(" ,;")  # "thẩm định kinh phí trước ngày 20/5": the time apart from the duty
        if part.lower() in ("hoàn thành", "hoàn thành xong", "xong", "thực hiện xong", "phải hoàn thành"):
            part = t.action  # "riêng Sở B hoàn thành trước …": B's time for the same duty
        out.append(ExtractedTask(lead=sent[m.end():um.end].strip(), action=part,
                                 deadline=own.date if own else None, deadline_text=own.text if own else None,
                                 recurrence=own.recurrence if own else None, sentence=sent, span=t.span))
    return out


# "… đẩy mạnh tuyên truyền, trong quý I/2026 hoàn thành hồ sơ, 6 tháng đầu năm hoàn thành …": after a comma or a
# semicolon, a time then "hoàn thành"/"xong" opens the next duty of the same unit, and the time is that duty's
_TIMED_DUTY = re.compile(r"[,;]\s+(?P<time>[^,;()]{3,48}?)\s+(?:(?:phải|cần|sẽ|thì)\s+)?(?=(?:hoàn\s+thành|xong)\s+\S)")


def split_timed_duties(tasks: list[ExtractedTask], issued_date: str | None) -> list[ExtractedTask]:
    """A duty that goes on with ", <time> hoàn thành <work>" holds a second duty of its own time: the work to be done
    by then is the unit's next task with that time limit, and that time is not the first duty's."""
    out: list[ExtractedTask] = []
    for t in tasks:
        action = t.action
        if "hoàn thành" not in action and "xong" not in action:
            out.append(t)
            continue
        cuts: list[tuple[int, int, Deadline]] = []  # (where the separator is, where the next duty starts, its time)
        for m in _TIMED_DUTY.finditer(action):
            time = m.group("time")
            dl = find_deadline(time, issued_date)
            if dl is not None and dl.start == 0 and dl.end >= len(time.rstrip()) - 1 and (dl.date or dl.text) and \
                    not dl.recurrence:
                if dl.date is None and cuts and cuts[-1][2].date:
                    # "…, trong quý I năm 2026 hoàn thành …, 6 tháng đầu năm hoàn thành …": the year said just before
                    dl = find_deadline(time, f"{cuts[-1][2].date[:4]}-01-01") or dl
                cuts.append((m.start(), m.end(), dl))
        first = action[:cuts[0][0]].rstrip(" ,;") if cuts else ""
        if len(first.split()) < 2:
            out.append(t)
            continue
        own = find_deadline(first, issued_date)
        t.action = first
        t.deadline, t.deadline_text, t.recurrence = (own.date, own.text, own.recurrence) if own else (None, None, None)
        out.append(t)
        for i, (_, at, dl) in enumerate(cuts):
            work = action[at:cuts[i + 1][0] if i + 1 < len(cuts) else len(action)].strip(" ,;.")
            out.append(ExtractedTask(lead=t.lead, support=list(t.support), action=work, deadline=dl.date,
                                     deadline_text=dl.text, sentence=t.sentence, span=t.span))
    return out


# what may stand between a time said at the head of a sentence and the unit it is said to: a comma, "thì"
_HEAD_GAP = re.compile(r"[\s,]*(?:thì[\s,]+)?")
# what may stand before that time: the sentence's start, or the speaker's verb ("đề nghị", "nhấn mạnh", "yêu cầu") and
# a comma or a short opener ("Theo đó,", "Đồng thời,")
_HEAD_BEFORE = re.compile(
    r"(?:(?<!\w)(?:đề\s+nghị|yêu\s+cầu|nhấn\s+mạnh|chỉ\s+đạo|giao|lưu\s+ý|đề\s+ra|khẳng\s+định|cho\s+rằng|nêu\s+rõ)"
    r"\s*:?|(?:^|,)\s*(?:Theo\s+đó|Đồng\s+thời|Vì\s+vậy|Do\s+đó|Tới\s+đây|Sắp\s+tới|Dự\s+kiến)\s*,|^)\s*$", re.IGNORECASE)


def head_time(tasks: list[ExtractedTask], issued_date: str | None) -> None:
    """A time said at the head of a sentence, before the unit it is said to ("… đề nghị trong năm 2026, Sở X cần …;
    …", "Trong quý III/2026, các huyện phải …"): the time limit of every duty the sentence gives that unit and that
    has no time of its own. A time that closes another unit's duty before it ("Sở A xong trước ngày …, Sở B …") is
    A's, not B's."""
    for t in tasks:
        if t.deadline or t.deadline_text or t.recurrence or not t.lead:
            continue
        sent = t.sentence
        act = sent.find(t.action[:40]) if t.action else -1
        # the unit's name where it stands as the subject: its last mention before the duty ("… công tác năm 2021 của
        # Tổng cục …, đề nghị trong năm 2021, Tổng cục cần …")
        at = sent.rfind(t.lead, 0, act) if act > 0 else sent.find(t.lead)
        if at <= 6:
            continue
        head = sent[:at]
        low = head.lower()
        said = head[:1].lower() + head[1:]  # "Ngay sau khi …", "Trước Tết …" at the sentence's start, read as written inside
        if not any(c.isdigit() for c in head) and "cuối năm" not in low and "khi " not in low and "trước" not in low:
            continue
        # the time just before the unit: the last one of the head (an earlier time is another matter's)
        pos = head.find(" ", max(0, len(head) - 90)) + 1 if len(head) > 90 else 0
        dl: Deadline | None = None
        start = end = 0
        for _ in range(4):
            nxt = find_deadline(said[pos:], issued_date)
            if nxt is None or nxt.end <= 0:
                break
            dl, start, end = nxt, pos + nxt.start, pos + nxt.end
            pos = end
        if dl is None or not (dl.date or dl.text) or dl.recurrence:
            continue  # (a relative or event time keeps its words: "Trong thời hạn 10 ngày kể từ …, Sở X …")
        gap = _HEAD_GAP.fullmatch(head, end)
        if gap is not None and dl.date is None and not head[start:].rstrip().endswith(","):
            continue  # "Sau khi Thủ tướng cho phép và giao Sở X …": the event's words run on into the assignment
        if gap is None or _HEAD_BEFORE.search(head[:start]) is None:
            continue
        if any(o is not t and o.sentence == sent and o.lead and o.lead != t.lead and o.lead in head[:start]
               for o in tasks):
            continue
        t.deadline, t.deadline_text = dl.date, head[start:end].strip(" ,")


# "Thời gian tổ chức các hoạt động diễn ra từ tháng 3 đến tháng 12/2026.", "Thời hạn nộp hồ sơ: trước ngày …": a
# sentence that gives only the time of the work (its activity may be named before the time)
_TIME_SENTENCE = re.compile(
    r"(?:Thời\s+gian|Thời\s+hạn)(?:\s+(?!từ|trước|đến|chậm|trong|xong|hoàn|vào)[^\s\d,.;:]+){0,10}?\s*:?\s*"
    r"(?:là\s+|diễn\s+ra\s+|kéo\s+dài\s+)?(?:từ|trước|đến|chậm|trong|xong|hoàn|vào)\s")
# a sentence ends at ".", "!" or "?" before a space, or at a line's end ("28.6.2026", "1.500" go on)
_SENTENCES = re.compile(r"[^.!?\n]+(?:[.!?]+(?=[^\s.!?])[^.!?\n]*)*(?:[.!?]+|\n|$)")


# "… trước ngày 15/02/2026 để tổng hợp báo cáo UBND tỉnh.": what the time is for may follow it ("đề" as mistyped)
_FOR_WHAT = re.compile(r"(?:để|đề(?!\s+(?:nghị|xuất|ra|án|cập))|nhằm|kịp)\s")
# a line broken inside a sentence (a scan's or a PDF's wrapped lines): the next line goes on in lower case or a number
_WRAPPED = re.compile(r"\n(?=[^\W_]|\d)")
# in a long document the closing time sentence is the time of the duty just before it, not of the whole text
_NEAR = 700


def _unwrapped(text: str) -> str:
    """`text` with wrapped lines joined (a line break before lower case or a digit becomes a space: same offsets)."""
    if "\n" not in text:
        return text
    return _WRAPPED.sub(lambda m: " " if (text[m.end()].islower() or text[m.end()].isdigit()) else "\n", text)


def _time_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) of each sentence of a long text that starts with "Thời" (found by a substring search)."""
    out: list[tuple[int, str]] = []
    at = text.find("Thời")
    while at >= 0:
        before = text[max(0, at - 3):at].rstrip(" \t")
        if before == "" or before[-1] in ".!?\n":
            m = _SENTENCES.match(_unwrapped(text[at:at + 400]))
            if m is not None:
                out.append((at, m.group(0).strip()))
        at = text.find("Thời", at + 4)
    return out


def closing_time_frame(text: str, tasks: list[ExtractedTask], issued_date: str | None) -> None:
    """A sentence after the duties that gives only the time of the work ("Kế hoạch được thực hiện từ … đến hết …",
    "Thời gian tổ chức các hoạt động diễn ra từ … đến …") is the time limit of every duty before it (within reach)
    that has none of its own, even when a photo caption or a remark stands between. In a long document, a sentence
    that starts with "Thời gian"/"Thời hạn" is the time of the duty just before it only (the nearest one, close by)."""
    if not tasks or ("Thời" not in text and "từ" not in text):
        return
    if all(t.deadline or t.deadline_text or t.recurrence for t in tasks):
        return
    long_text = len(text) > _SHORT_PASSAGE
    if long_text and "Thời" not in text:
        return
    for at, sent in (_time_sentences(text) if long_text else
                     ((m.start(), m.group(0).strip()) for m in _SENTENCES.finditer(_unwrapped(text)))):
        if len(sent) < 12 or not (sent.startswith("Thời") or (not long_text and plan_time_sentence(sent))):
            continue
        if sent.startswith("Thời") and _TIME_SENTENCE.match(sent) is None:
            continue
        dl = find_deadline(sent, issued_date)
        if dl is None or dl.date is None or dl.recurrence or not _YEAR.search(dl.text or ""):
            continue
        rest = sent[dl.end:].strip(" .;")
        if (len(rest.split()) > 6 and _FOR_WHAT.match(rest) is None) or (issued_date and dl.date < issued_date[:10]):
            continue
        if any(t.sentence and " ".join(sent.split()) in " ".join(t.sentence.split()) for t in tasks):
            continue  # the sentence is a duty's own: its rules placed the time
        if long_text:
            before = [t for t in tasks if t.span is not None and at - _NEAR <= t.span[0] < at]
            if not before or any(t.span is not None and before[-1].span is not None and
                                 before[-1].span[0] < t.span[0] < at for t in tasks):
                continue
            last = before[-1]
            # (every duty cut from that one sentence, "…; đồng thời, phối hợp …; bảo đảm …": the item's duties, rules34)
            for t in before:
                if t.span == last.span and not (t.deadline or t.deadline_text or t.recurrence):
                    t.deadline, t.deadline_text = dl.date, dl.text
            continue
        for t in tasks:
            if t.span is None or t.deadline or t.deadline_text or t.recurrence:
                continue
            if at - _REACH <= t.span[0] < at:
                t.deadline, t.deadline_text = dl.date, dl.text


# "Theo đó, …", "Cụ thể, …": the duties that follow a sentence are what it announced
_FOLLOWS_ON = re.compile(r"\s*(?:Theo\s+đó|Cụ\s+thể|Trong\s+(?:đợt|thời\s+gian)\s+(?:này|thi\s+đua|trên))\s*,")


def opening_time_frame(text: str, tasks: list[ExtractedTask], issued_date: str | None) -> None:
    """In a short passage, a sentence that gives the window of a campaign or plan ("Đợt thi đua … được phát động từ
    nay đến ngày 31/8/2026.") and is followed by "Theo đó, <units> …" is the time limit of every duty after it (within
    reach) that names none of its own (rules34; the same sentence after the duties is closing_time_frame's)."""
    if not tasks or len(text) > _SHORT_PASSAGE or ("Theo" not in text and "Cụ" not in text and "Trong" not in text):
        return
    if all(t.deadline or t.deadline_text or t.recurrence for t in tasks):
        return
    flat = _unwrapped(text)
    for m in _SENTENCES.finditer(flat):
        sent = m.group(0).strip()
        if len(sent) < 12 or not plan_time_sentence(sent) or _FOLLOWS_ON.match(flat, m.end()) is None:
            continue
        dl = find_deadline(sent, issued_date)
        if dl is None or dl.date is None or dl.recurrence or not _YEAR.search(dl.text or "") or \
                (issued_date and dl.date < issued_date[:10]):
            continue
        if any(t.sentence and " ".join(sent.split()) in " ".join(t.sentence.split()) for t in tasks):
            continue  # the sentence is a duty's own: its rules placed the time
        for t in tasks:
            if t.span is not None and m.end() <= t.span[0] < m.end() + _REACH and \
                    not (t.deadline or t.deadline_text or t.recurrence):
                t.deadline, t.deadline_text = dl.date, dl.text


# "I. NHỮNG NHIỆM VỤ CẦN TRIỂN KHAI NGAY TRONG THÁNG 12/2025", "II. Phương hướng, nhiệm vụ 6 tháng cuối năm 2025": a
# section heading that names the work and its month, quarter or half-year (a year alone mostly names the plan); anchored
# at a line's start (unanchored, every position of the text tried 80 × 80 ways: 38 ms a document, half the extraction)
_SECTION_HEAD = re.compile(r"^[ \t]*(?:[IVX]{1,4}[.)][ \t]*)?(?P<head>[^\n]{0,80}?(?:NHIỆM\s+VỤ|[Nn]hiệm\s+vụ|CÔNG\s+VIỆC|"
                           r"[Cc]ông\s+việc|VIỆC\s+CẦN\s+LÀM|[Vv]iệc\s+cần\s+làm)[^\n]{0,80})[ \t]*$", re.MULTILINE)
_SECTION_NOT = re.compile(r"(?:KẾT\s+QUẢ|[Kk]ết\s+quả|TÌNH\s+HÌNH|[Tt]ình\s+hình|BÁO\s+CÁO|[Bb]áo\s+cáo|ĐÃ|đã)(?!\w)")
_PERIOD_WORD = re.compile(r"(?:tháng|quý|quí)(?!\w)|\d\s*/\s*\d", re.IGNORECASE)
_NEXT_SECTION = re.compile(r"^[ \t]*(?:[IVX]{1,4}[.)]|(?:Nơi|NƠI)\s+(?:nhận|NHẬN)|Trên\s+đây)", re.MULTILINE)
# where one of _SECTION_HEAD's words can start (a superset: "nHIỆM VỤ" too), written with a class first so that the re
# module skips to it (the alternation as written is tried at every position)
_SECTION_WORD = re.compile(r"[NnCcVv](?:HIỆM\s+VỤ|hiệm\s+vụ|ÔNG\s+VIỆC|ông\s+việc|IỆC\s+CẦN\s+LÀM|iệc\s+cần\s+làm)")


def section_heads(text: str) -> Iterator[re.Match[str]]:
    """The matches of `_SECTION_HEAD.finditer(text)`, trying only the lines on which one of its words starts (every
    match starts at a line's start, and its word starts on that line): the same matches, in the same order."""
    last = 0  # the end of the last match: finditer goes on from there
    tried = -1  # the last line tried
    w = _SECTION_WORD.search(text)
    while w is not None:
        k = w.start()
        w = _SECTION_WORD.search(text, k + 1)  # (every start: a word may begin inside another, on the next line)
        ls = text.rfind("\n", 0, k) + 1
        if ls == tried or ls < last:
            continue
        tried = ls
        m = _SECTION_HEAD.match(text, ls)
        if m is not None:
            yield m
            last = m.end()


def section_time(text: str, tasks: list[ExtractedTask], issued_date: str | None) -> None:
    """A section whose heading names its work with a month, quarter or half-year ("I. NHỮNG NHIỆM VỤ CẦN TRIỂN KHAI
    NGAY TRONG THÁNG 12/2025"): that period is the time limit of every duty of the section that names none of its
    own, up to the next Roman-numbered section. A heading of results or of work done names no time limit."""
    if not tasks or ("HIỆM" not in text and "hiệm" not in text and "VIỆC" not in text and "việc" not in text):
        return
    if all(t.deadline or t.deadline_text or t.recurrence for t in tasks):
        return
    for m in section_heads(text):  # = _SECTION_HEAD.finditer(text), faster
        head = m.group("head")
        line_start = m.start()
        if head.rstrip().endswith((".", ";", ":")) and not head.isupper() or _SECTION_NOT.search(head):
            continue
        if not (head.isupper() or re.match(r"[ \t]*[IVX]{1,4}[.)]", text[line_start:m.end()])):
            continue  # (a heading: in capitals, or numbered with a Roman numeral)
        dl = find_deadline(head, issued_date)
        if dl is None:
            dl = find_deadline(head.lower(), issued_date)
            if dl is not None and dl.start >= 0:
                dl = Deadline(dl.date, head[dl.start:dl.end].strip(" ,"), dl.recurrence, dl.start, dl.end)
        if dl is None and (m_p := _PERIOD_WORD.search(head)) is not None:
            # "NHIỆM VỤ THÁNG 7/2025", "CÔNG VIỆC QUÝ III NĂM 2025": the period with no cue word, read as a time column
            got = find_deadline(head[m_p.start():], issued_date, cell=True)
            if got is not None and got.start == 0:
                at = m_p.start()
                dl = Deadline(got.date, head[at + got.start:at + got.end].strip(" ,"), got.recurrence, at, at + got.end)
        if dl is None or dl.date is None or dl.recurrence or _PERIOD_WORD.search(dl.text or "") is None:
            continue
        nxt = _NEXT_SECTION.search(text, m.end())
        end = nxt.start() if nxt is not None else len(text)
        for t in tasks:
            if t.span is None or not (m.end() <= t.span[0] < end) or t.deadline or t.deadline_text or t.recurrence:
                continue
            t.deadline, t.deadline_text = dl.date, dl.text


# "Yêu cầu các đơn vị hoàn thành, báo cáo kết quả về UBND tỉnh trước ngày …" after a list of units' duties: the units
# just named, said again as a whole, and the time of every duty of the list
_UNITS_AGAIN = re.compile(r"(?:[Cc]ác|[Nn]hững)\s+(?:cơ\s+quan,\s*)?(?:đơn\s+vị|cơ\s+quan|địa\s+phương|sở,\s*ngành)"
                          r"(?:,\s*(?:đơn\s+vị|địa\s+phương))*(?:\s+(?:trên|nêu\s+trên|nói\s+trên|được\s+giao(?:\s+nhiệm\s+vụ)?))?")
_WINDS_UP = re.compile(r"(?:hoàn\s+thành|báo\s+cáo|gửi|tổng\s+hợp|triển\s+khai|thực\s+hiện)(?!\w)", re.IGNORECASE)


def time_of_the_list(tasks: list[ExtractedTask]) -> None:
    """A duty of "các đơn vị" that only winds up the duties listed just before it (finish, report) with a time limit:
    that time is the limit of each listed duty that has none."""
    for i, t in enumerate(tasks):
        if not t.deadline or t.span is None or not t.lead:
            continue
        m_again = _UNITS_AGAIN.match(t.lead.strip())
        tail = t.lead.strip()[m_again.end():].lstrip() if m_again is not None else "x"
        if tail and not tail.startswith((",", "và ")):
            continue  # (a tail may name more of the units: "các cơ quan, đơn vị, UBND các xã")
        if _WINDS_UP.match(t.action.strip()) is None:
            continue
        listed: list[ExtractedTask] = []
        timed = 0  # listed duties with a time of their own keep it ("- Sở A …, trong tháng 6; - Sở B …")
        for o in reversed(tasks[:i]):
            if o.span is None or o.span[0] >= t.span[0] or t.span[0] - o.span[0] > _REACH:
                break
            if o.deadline or o.deadline_text or o.recurrence:
                if o.lead and _UNITS_AGAIN.match(o.lead.strip()) is not None:
                    break  # an earlier list's own closing request
                timed += 1
                continue
            listed.append(o)
        if listed and len(listed) + timed >= 2:
            for o in listed:
                o.deadline, o.deadline_text = t.deadline, t.deadline_text


_LIST_ITEM = re.compile(r"[ \t]*(?:[-–+•]|[a-zđ][).]|\d{1,2}[.)](?!\d))[ \t]*\S")


# "Trong năm 2026, công tác X đã có chuyển biến tích cực.", "… vừa được phê duyệt", "tình hình … diễn biến phức tạp":
# what happened or what is, not what is to be done
_PAST_REPORT = re.compile(r"(?<!\w)(?:đã|vừa|từng|có\s+chuyển\s+biến|diễn\s+biến|(?:tăng|giảm)\s+\d+)(?!\w)")
# where a sentence of a lead-in paragraph ends and the next begins (a stop after a word, a digit or a bracket)
_SENTENCE_BREAK = re.compile(r"(?<=[a-zà-ỹđ\d)”\"][.!?])\s+(?=\S)")


def lead_in_deadline(line: str, issued_date: str | None) -> Deadline | None:
    """The time a lead-in gives the items below it: said in the sentence that introduces them, or in an earlier
    sentence of its paragraph that sets a time frame ("Trong năm 2026, các sở tập trung … . Cụ thể:"), never in one
    that reports the past or a situation ("Trong năm 2026, công tác X đã có chuyển biến tích cực.")."""
    starts = [0] + [m.end() for m in _SENTENCE_BREAK.finditer(line)]
    for i, at in enumerate(starts):
        last = i + 1 == len(starts)
        sent = line[at:] if last else line[at:starts[i + 1]]
        dl = find_deadline(sent, issued_date)
        if dl is None or (not last and _PAST_REPORT.search(sent)):
            continue  # a sentence that reports assigns nothing: its time frames no duty
        return Deadline(dl.date, dl.text, dl.recurrence, dl.start + at, dl.end + at)
    return None


def lead_in_time(text: str, tasks: list[ExtractedTask], issued_date: str | None) -> None:
    """A lead-in line that ends with ":" and carries a time ("… các nhiệm vụ sau, hoàn thành trước ngày 30/6/2026:",
    "Trước ngày 30/6/2026, các sở, ngành thực hiện:"): the time of each listed item below it that has none."""
    if ":\n" not in text or all(t.deadline or t.deadline_text or t.recurrence for t in tasks):
        return
    at = text.find(":\n")
    while at >= 0:
        line_start = text.rfind("\n", 0, at) + 1
        line = text[line_start:at]
        nxt = text.find(":\n", at + 2)
        if _LIST_ITEM.match(text, at + 2) is not None and (any(c.isdigit() for c in line) or "quý" in line.lower()):
            dl = lead_in_deadline(line, issued_date)
            if dl is not None and dl.date and not dl.recurrence and not re.fullmatch(r"[Nn]ăm\s+\d{4}", dl.text or ""):
                # the block of list items right below the lead-in
                pos, end = at + 2, at + 2
                while pos < len(text):
                    eol = text.find("\n", pos)
                    eol = len(text) if eol < 0 else eol
                    if _LIST_ITEM.match(text, pos) is None and not text[pos:pos + 1].islower():
                        break  # (a line that starts in lower case goes on with the item above: a wrapped line)
                    end, pos = eol, eol + 1
                for t in tasks:
                    if t.span is not None and at < t.span[0] < end and \
                            not (t.deadline or t.deadline_text or t.recurrence):
                        t.deadline, t.deadline_text = dl.date, dl.text
        at = nxt


# "- Trước ngày 20/5/2026: UBND các xã …", "Bước 2 (trong tháng 6/2026): Phòng Nội vụ …", "+ Từ 01/6 đến 15/6/2026: …": a
# timetable line whose label before the colon is the time of the duty after it
_LABEL = re.compile(r"[ \t]*(?:(?:[0-9]{1,2}(?:\.[0-9]{1,2})*|[IVX]{1,4}|[a-zđ])[.)][ \t]*|[-–+•*][ \t]*)?"
                    r"(?P<label>[^\n:]{4,90}?)[ \t]*:[ \t]*$")
# what a label may say besides its time: a step's name ("Bước 1", "Giai đoạn 2", "Đợt 1") or the word for time
_LABEL_WORDS = re.compile(r"(?:(?:Bước|Giai\s+đoạn|Đợt|Lần|Kỳ)\s+(?:\d{1,2}|[IVX]{1,4}|một|hai|ba|bốn|năm)|"
                          r"(?:Thời\s+gian|Thời\s+hạn|Tiến\s+độ)(?:\s+(?:thực\s+hiện|hoàn\s+thành))?)?", re.IGNORECASE)


def time_label(text: str, tasks: list[ExtractedTask], issued_date: str | None) -> None:
    """A duty that follows a timetable label on its line ("- Trước ngày 20/5/2026: UBND các xã …") has that time."""
    if ":" not in text:
        return
    for t in tasks:
        if t.span is None or t.deadline or t.deadline_text or t.recurrence:
            continue
        start = t.span[0]
        line_start = text.rfind("\n", 0, start) + 1
        if start - line_start < 6 or text[start - 1:start] not in (" ", ":", "\t"):
            continue
        m = _LABEL.fullmatch(text, line_start, start)
        if m is None or not any(c.isdigit() for c in m.group("label")):
            continue
        label = m.group("label")
        dl = find_deadline(label, issued_date, cell=True)
        if dl is None or not (dl.date or dl.text) or dl.recurrence or dl.start < 0:
            continue
        rest = (label[:dl.start] + " " + label[dl.end:]).replace("(", " ").replace(")", " ").strip(" ,")
        if _LABEL_WORDS.fullmatch(" ".join(rest.split())) is None:
            continue  # "Căn cứ Kế hoạch số 12/KH-UBND ngày 5/3/2026:" names a document, not a time
        at = m.start("label")
        t.deadline, t.deadline_text = dl.date, text[at + dl.start:at + dl.end].strip(" ,")


# "Sở Y tế (trước ngày 10/6/2026) và Sở Giáo dục và Đào tạo (trước ngày 20/6/2026) báo cáo …": each unit of a joint lead
# given its own time in brackets right after its name
_UNIT_WITH_TIME = re.compile(r"(?P<unit>[^()]+?)\s*\((?P<when>[^()]{4,60})\)\s*(?:,|;|và(?=\s))?\s*")


def times_in_lead(tasks: list[ExtractedTask], issued_date: str | None) -> list[ExtractedTask]:
    """A joint lead whose units each carry a bracketed time is one task per unit, each with its own time."""
    out: list[ExtractedTask] = []
    for t in tasks:
        lead = t.lead
        if "(" not in lead or not any(c.isdigit() for c in lead):
            out.append(t)
            continue
        parts: list[tuple[str, Deadline | None]] = []
        at = 0
        for m in _UNIT_WITH_TIME.finditer(lead):
            if m.start() != at:
                break
            parts.append((m.group("unit").strip(" ,;"), find_deadline(m.group("when"), issued_date, cell=True)))
            at = m.end()
        rest = lead[at:].strip(" ,;")
        if rest.startswith("và "):
            rest = rest[3:]
        if at == 0 or len(parts) + bool(rest) < 2 or not any(dl is not None and dl.date for _, dl in parts) or \
                not all(match_units(u, 0).ok for u, _ in parts) or (rest and not match_units(rest, 0).ok):
            out.append(t)
            continue
        last: Deadline | None = None
        if rest and t.sentence.find(lead) >= 0:
            # the last unit's bracket stands after the lead as found ("… và Sở B (trước ngày …) báo cáo")
            m_last = re.compile(r"\s*\(([^()]{4,60})\)").match(t.sentence, t.sentence.find(lead) + len(lead))
            last = find_deadline(m_last.group(1), issued_date, cell=True) if m_last is not None else None
        for unit, dl in parts + ([(rest, last)] if rest else []):
            own = dl if dl is not None and (dl.date or dl.text) else None
            out.append(ExtractedTask(
                lead=unit, support=list(t.support), action=t.action,
                deadline=own.date if own else t.deadline, deadline_text=own.text if own else t.deadline_text,
                recurrence=own.recurrence if own else t.recurrence, sentence=t.sentence, span=t.span))
    return out


def inline_lead_in_time(tasks: list[ExtractedTask], issued_date: str | None) -> None:
    """A lead-in that carries a time and ends with ":" inside the sentence, the units' duties after it ("… yêu cầu các
    đơn vị sau hoàn thành trước ngày 30/6/2026: Sở A …; Sở B …"): the time of each of those duties that has none."""
    for t in tasks:
        if t.deadline or t.deadline_text or t.recurrence or not t.lead or ":" not in t.sentence:
            continue
        sent = t.sentence
        colon = sent.find(":")
        at = sent.find(t.lead, colon + 1)
        if colon < 12 or at < 0 or "\n" in sent[:colon]:
            continue
        head = sent[:colon]
        if not any(c.isdigit() for c in head) and "quý" not in head.lower():
            continue
        dl = find_deadline(head, issued_date)
        if dl is None or not dl.date or dl.recurrence or len(head[dl.end:].split()) > 5:
            continue  # the time must close the lead-in ("…, cụ thể như sau:"), not sit inside a cited title
        t.deadline, t.deadline_text = dl.date, dl.text


# "**PHỤ LỤC**", "PHỤ LỤC I": the annex after the signature, a list or table of the work
_ANNEX = re.compile(r"^[ \t*|]*PHỤ\s+LỤC(?:\s+[IVX\d]{1,4})?[ \t*]*$", re.MULTILINE)
_ANNEX_SAID = re.compile(r"[Pp]hụ\s+lục")
# where the clause that names the annex ends: a stop or semicolon, or a blank line
_CLAUSE_END = re.compile(r"[.;](?=\s|$)|\n\s*\n")


def annex_time(text: str, tasks: list[ExtractedTask], issued_date: str | None) -> None:
    """The body names the annex's list with a time ("xử lý các kiến nghị … (Phụ lục kèm theo), hoàn thành trước ngày
    15/12/2025"): the time of every duty of the annex that has none of its own."""
    if "PHỤ LỤC" not in text or not any(not (t.deadline or t.deadline_text or t.recurrence) for t in tasks):
        return
    m_annex = _ANNEX.search(text)
    if m_annex is None:
        return
    annex_at = m_annex.start()
    said: list[Deadline] = []
    for m in _ANNEX_SAID.finditer(text, 0, annex_at):
        end = _CLAUSE_END.search(text, m.end(), min(annex_at, m.end() + 300))
        clause = text[m.end():end.start() if end is not None else min(annex_at, m.end() + 300)]
        dl = find_deadline(clause, issued_date)
        if dl is not None and dl.date and not dl.recurrence:
            said.append(dl)
    if not said or len({d.date for d in said}) != 1:
        return  # no time said for the annex, or several (one per annex): not one time for all of it
    for t in tasks:
        if t.span is not None and t.span[0] >= annex_at and not (t.deadline or t.deadline_text or t.recurrence):
            t.deadline, t.deadline_text = said[0].date, " ".join((said[0].text or "").split())


# "Văn bản trả lời đề nghị gửi về Bộ Công an … trước ngày 24/12/2026.", "Báo cáo gửi về Sở Y tế trước ngày …": a
# letter's closing sentence about the reply it asks for, with its time
# (not "Báo cáo …"/"Kết quả …": the reports' time is the time of the report duties only, not of a review before them)
_REPLY = re.compile(r"(?:^|(?<=\n)|(?<=[.;:]\s))[ \t]*(?:Văn\s+bản|Ý\s+kiến|Hồ\s+sơ|Danh\s+sách|Đề\s+xuất|Đăng\s+ký)(?:\s+[^\s.;:]+){0,8}?\s+(?:(?:đề\s+nghị|xin)\s+(?:được\s+)?)?"
                    r"(?:gửi|nộp|chuyển)\s+(?:về|cho|đến|tới)\s")
_REPLY_REACH = 3000
# where _REPLY's first word can start (a superset), written with a class first so that the re module skips to it
_REPLY_WORD = re.compile(r"[VÝHDĐ](?:ăn\s+bản|\s+kiến|ồ\s+sơ|anh\s+sách|ề\s+xuất|ăng\s+ký)")


def replies(text: str, pos: int = 0) -> Iterator[re.Match[str]]:
    """The matches of `_REPLY.finditer(text, pos)`, trying only before its first words: a match starts at most the
    spaces and tabs before the word it opens with (the look-behinds say where), so the same matches in the same order."""
    last = pos  # where finditer goes on from
    w = _REPLY_WORD.search(text, pos)
    while w is not None:
        k = w.start()
        w = _REPLY_WORD.search(text, k + 1)
        q = k
        while q > last and text[q - 1] in " \t":
            q -= 1
        for s in range(max(q, last), k + 1):  # the leftmost start first, as finditer finds it
            m = _REPLY.match(text, s)
            if m is not None:
                yield m
                last = m.end()
                break
_REPLY_END = re.compile(r"\.(?=\s|$)|\n\s*\n")  # (the address and phone in brackets may hold ";")


def reply_time(text: str, tasks: list[ExtractedTask], issued_date: str | None) -> None:
    """The closing sentence of a letter that says when the reply is due dates every request before it that has no
    time of its own."""
    if not any(t.span is not None and not (t.deadline or t.deadline_text or t.recurrence) for t in tasks):
        return
    if "gửi" not in text and "nộp" not in text and "chuyển" not in text:
        return
    first = min((t.span[0] for t in tasks if t.span is not None), default=len(text))
    last_limit = first
    for m in replies(text, first):  # = _REPLY.finditer(text, first), faster
        end = _REPLY_END.search(text, m.end(), min(len(text), m.end() + 400))
        sent = text[m.start():end.start() if end is not None else min(len(text), m.end() + 400)]
        dl = find_deadline(sent, issued_date)
        if dl is None or not dl.date or dl.recurrence:
            continue
        for t in tasks:
            if t.span is None or t.deadline or t.deadline_text or t.recurrence:
                continue
            if last_limit <= t.span[0] < m.start() and m.start() - t.span[0] <= _REPLY_REACH:
                t.deadline, t.deadline_text = dl.date, " ".join((dl.text or "").split())
        last_limit = m.start()


# "… để hoàn thành tổ chức đại hội theo thời gian được nêu tại khoản 1": the time limit set in another item, named by it
_ITEM_TIME = re.compile(r"(?:theo|trong|đúng)\s+(?:thời\s+gian|thời\s+hạn|tiến\s+độ)\s+(?:đã\s+)?(?:được\s+)?"
                        r"(?:nêu|quy\s+định|ghi|đề\s+ra|xác\s+định)\s+(?:tại|ở)\s+(?:khoản|mục|điểm|phần)\s+"
                        r"(?P<n>\d{1,2}|[a-zđ]|[IVX]{1,4})(?!\w)", re.IGNORECASE)


def named_item_time(text: str, tasks: list[ExtractedTask], issued_date: str | None) -> None:
    """A duty "theo thời gian được nêu tại khoản 1" runs to the time limit written in item 1."""
    for t in tasks:
        if t.deadline or t.deadline_text or t.recurrence or "tại" not in t.sentence:
            continue
        m = _ITEM_TIME.search(t.sentence)
        if m is None:
            continue
        n = re.escape(m.group("n"))
        m_item = re.search(rf"(?m)^[ \t]*{n}[.)][ \t]", text)
        if m_item is None:
            continue
        m_next = re.search(r"(?m)^[ \t]*(?:\d{1,2}|[a-zđ]|[IVX]{1,4})[.)][ \t]", text[m_item.end():])
        item = text[m_item.end():m_item.end() + (m_next.start() if m_next is not None else 1500)]
        dl = find_deadline(item, issued_date)
        if dl is not None and dl.date and not dl.recurrence:
            t.deadline, t.deadline_text = dl.date, m.group(0)


def time_after_lead(tasks: list[ExtractedTask], issued_date: str | None) -> None:
    """A time said between the unit and its duty ("Ủy ban nhân dân các xã từ nay đến ngày 30/4/2026 phải hoàn thành
    …", "Sở A trước ngày 15/5/2026 gửi …") is the duty's time, not part of the unit's name: the lead ends before it and
    the task takes it when it has none of its own (rules40)."""
    for t in tasks:
        lead = t.lead
        if len(lead) < 12 or not any(c.isdigit() for c in lead) or "(" in lead:
            continue
        dl = find_deadline(lead, issued_date)
        if dl is None or dl.start < 3 or lead[dl.end:].strip(" ,"):
            continue
        unit = lead[:dl.start].rstrip(" ,")
        um = match_units(unit, 0)
        if not um.ok or um.end < len(unit):
            continue
        t.lead = unit
        if t.lead_units:
            t.lead_units = [u for u in t.lead_units if not dl.text or dl.text not in u] or [unit]
        if not t.deadline and not t.deadline_text and not t.recurrence:
            t.deadline, t.deadline_text, t.recurrence = dl.date, dl.text, dl.recurrence


# "V. THỜI GIAN VÀ ĐỊA ĐIỂM\nThời gian: Buổi sáng, ngày 18 tháng 4 năm 2026 …": the one day of the visit, meeting or
# inspection a plan is for (one day, or its days listed: the last; a window or a limit is a time frame,
# apply_time_frames' rule)
_EVENT_TIME_LINE = re.compile(r"^[ \t]*(?:[-+•][ \t]*)?Thời\s+gian(?:\s+(?:tổ\s+chức|làm\s+việc|kiểm\s+tra|khảo\s+sát))?"
                              r"[ \t]*:[ \t]*(?P<when>[^\n]{4,160})$", re.MULTILINE)
_NOT_ONE_DAY = re.compile(r"(?<!\w)(?:từ|đến|tới|trước|chậm|hạn|hằng|hàng|định|các\s+ngày)(?!\w)|\d\s*[-–]\s*\d",
                          re.IGNORECASE)
_PLACE_NEAR = re.compile(r"(?m)^[ \t]*(?:[-+•][ \t]*)?Địa\s+điểm[ \t]*:")
# taking part in it: receiving the delegation, working with it, attending (not planning or paying for it)
_TAKES_PART = re.compile(r"(?<!\w)(?:làm\s+việc\s+với\s+(?:các\s+)?[Đđ]oàn|tiếp\s+đón|đón\s+tiếp|tham\s+dự|"
                         r"dự\s+(?:họp|buổi|hội\s+nghị)|[Đđ]oàn\s+(?:kiểm\s+tra|công\s+tác|khảo\s+sát|giám\s+sát)"
                         r"[^;.]{0,60}?đến\s+làm\s+việc)")
_PLANS_FOR = re.compile(r"(?<!\w)(?:kế\s+hoạch|tham\s+mưu|dự\s+trù|quyết\s+toán|đề\s+cương)(?!\w)")


def event_day(text: str, tasks: list[ExtractedTask], issued_date: str | None) -> None:
    """The day of the event a plan is for ("Thời gian: Buổi sáng, ngày 18/4/2026") is the time of the duties that take
    part in it, said after it ("Cử đại diện lãnh đạo làm việc với Đoàn kiểm tra", "tham dự buổi làm việc", "tiếp
    đón …"), not of preparing or paying for it ("xây dựng kế hoạch tiếp đón", "quyết toán kinh phí") (rules40)."""
    if "Thời gian" not in text or ("Đoàn" not in text and "dự" not in text):
        return
    days = []
    for m in _EVENT_TIME_LINE.finditer(text):
        when = m.group("when")
        dl = find_deadline(when, issued_date, cell=True)
        if dl is not None and dl.date and not dl.recurrence and not _NOT_ONE_DAY.search(when) and \
                _YEAR.search(dl.text or "") and _PLACE_NEAR.search(text, max(0, m.start() - 200), m.end() + 200):
            days.append((m.end(), dl))  # (an event has its day and its place: "Địa điểm: …" beside the time)
    if len(days) != 1:
        return
    after, dl = days[0]
    for t in tasks:
        if t.deadline or t.deadline_text or t.recurrence or t.span is None or t.span[0] < after:
            continue
        m_part = _TAKES_PART.search(t.action)
        if m_part is not None and not _PLANS_FOR.search(t.action, 0, m_part.start()):
            t.deadline, t.deadline_text = dl.date, dl.text
