"""Support (phối hợp) units that the lead rules took for part of a lead (issue 11, support on unseen text).

"Báo tỉnh, Đài Phát thanh – Truyền hình tỉnh Phối hợp Ban Dân tộc tỉnh và các ngành liên quan xây dựng …" (a layout
that capitalised "Phối hợp"): no unit's name holds "phối hợp", so the lead ends there and the units after it support
the duty. Pure function over the tasks found.
"""
from __future__ import annotations

import re

from services.ingest.understanding.model import ExtractedTask
from services.ingest.understanding.task_units import match_units, verb_at
from services.vntext.units import fold_unit

_COOPERATE_IN_LEAD = re.compile(r"\s*,?\s+[Pp]hối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+(?:với|cùng))?\s+(?=\S)")
# names that do hold the words: "Tổ phối hợp liên ngành …", "Ban phối hợp …", "Cơ quan phối hợp …"
_NAMED_SO = re.compile(r"(?:Tổ|Ban|Cơ\s+quan|Đội|Nhóm|Hội\s+đồng|[Đđ]ơn\s+vị)\s*$")


def support_out_of_lead(tasks: list[ExtractedTask]) -> None:
    """Cut a lead at "phối hợp (với) …" and give the units after it to the task's support."""
    for t in tasks:
        if "hối hợp" not in t.lead:
            continue
        m = _COOPERATE_IN_LEAD.search(t.lead)
        if m is None or m.start() == 0 or _NAMED_SO.search(t.lead[:m.start()]):
            continue
        rest = t.lead[m.end():]
        um = match_units(rest, 0, support=True)
        if not um.ok or rest[um.end:].strip(" ,.;"):
            continue  # only when all that follows is units
        t.lead = t.lead[:m.start()].strip(" ,")
        for u in um.units:
            if u not in t.support:
                t.support.append(u)


# "Sở A (chủ trì), Sở B, Công an tỉnh (phối hợp) kiểm tra …": the role written in brackets after the units
_LEADS_NOTE = re.compile(r"\s*\(\s*[Cc]hủ\s+trì\s*\)\s*(?:[,;]\s*|và\s+|$)")
_PARTNERS_AFTER = re.compile(r"\s*\(\s*[Pp]hối\s+hợp(?:\s+thực\s+hiện)?\s*\)")


def roles_in_brackets(tasks: list[ExtractedTask]) -> None:
    """A lead that holds "(chủ trì)" is the unit before it; the units after it, up to "(phối hợp)" or the duty, support."""
    for t in tasks:
        if "hủ trì" not in t.lead or "(" not in t.lead:
            continue
        m = _LEADS_NOTE.search(t.lead)
        if m is None or m.start() == 0:
            continue
        rest = t.lead[m.end():]
        m_p = _PARTNERS_AFTER.search(rest)
        if m_p is not None:
            rest = rest[:m_p.start()]
        um = match_units(rest, 0, support=True) if rest.strip() else None
        if um is not None and (not um.ok or rest[um.end:].strip(" ,.;")):
            continue  # only when all that follows is units
        t.lead = t.lead[:m.start()].strip(" ,")
        for u in um.units if um is not None else ():
            if u not in t.support:
                t.support.append(u)


# "…; phối hợp với …", "chủ động phối hợp chặt chẽ với …", "tiếp tục phối hợp tốt với …", and "phối hợp" after any word of
# the duty: "tham mưu phối hợp với Sở B …", "tổng hợp phối hợp với …", "xác minh hoặc phối hợp với …", "xây dựng kế hoạch
# phối hợp cụ thể với …" — the units after it are the ones the duty is done with
# how the units work together, said between "phối hợp" and "với": one manner or several ("phối hợp chặt chẽ, thường
# xuyên với …", "phối hợp thường xuyên và chặt chẽ với …"); a colon may open the partner list ("phối hợp với: A, B")
_MANNER = (r"(?:chặt\s+chẽ|tốt|đồng\s+bộ|thường\s+xuyên|hiệu\s+quả|cụ\s+thể|nhịp\s+nhàng|kịp\s+thời|toàn\s+diện|"
           r"liên\s+tục|tích\s+cực|chủ\s+động)")
COOPERATE_MANNER = rf"{_MANNER}(?:\s*(?:,|và)\s*{_MANNER}){{0,3}}"
# the one reader of "phối hợp (manner) với …" (tasks._PHOI_HOP is built from the same words): the verb, a scan's misread
# tone included ("phói hợp", "phôi hợp", "phổi hợp" — no other word is spelt so before "hợp với"), and the partner word
COOPERATE = r"[Pp]h(?:ối|ói|ôi|ổi)\s+hợp"
PARTNER_WORD = r"(?:cùng\s+với|với|cùng)"
_COOPERATE_WITH = re.compile(rf"(?<!\w){COOPERATE}\s*(?:{COOPERATE_MANNER}\s*)?{PARTNER_WORD}\s*:?\s*")
# "bố trí cán bộ phối hợp phòng CNTT kiểm tra …", "Phối hợp Ban Dân tộc tỉnh rà soát …", "phối hợp các địa phương giám
# sát …", "phối hợp chính quyền cơ sở bảo đảm …": a unit right after "phối hợp" (a head word in capitals, "phòng" before
# its abbreviation, a plural or the local government), then the duty's verb or the end of the duty
_COOPERATE_BARE = re.compile(r"(?<!\w)[Pp]hối\s+hợp\s+(?=[A-ZĐỦ]|phòng\s+[A-ZĐ]|(?:các|những)\s|chính\s+quyền\s)")
_RULES_OF = re.compile(r"(?<!\w)(?:[Qq]uy|[Cc]ơ)\s+chế\s*$")
_ADVISES_BODY = re.compile(r"(?<!\w)[Tt]ham\s+mưu(?:\s*,\s*đề\s+xuất)?(?:\s+(?:cho|với))?\s+(?:UBND|[ỦU]ỷ?y?\s+ban\s+nhân\s+dân|"
                           r"Chủ\s+tịch|Thường\s+trực|Ban\s+Thường\s+vụ|Bộ\s+trưởng|Thủ\s+tướng)[^,;:]{0,50}$")
_BODIES_OF = re.compile(r"(?:các\s+)?(?:cơ\s+quan|đơn\s+vị)(?:\s*,\s*(?:cơ\s+quan|đơn\s+vị))?(?:\s+(?:có\s+)?liên\s+quan)?"
                        r"\s+(?:trực\s+)?thuộc\s+(?=[A-ZĐỦ])")
_NO_NAME = frozenset({"cấp", "cấp trên", "các lực lượng", "lực lượng"})  # (no body named: "phối hợp các lực lượng")
_DUTY_GOES_ON = re.compile(r"\s*(?:[,;.:]|$)")


# "kiểm tra … (phối hợp: Sở B, UBND các huyện)": the partners in a bracketed note after the duty
_PARTNERS_NOTE = re.compile(r"\(\s*(?:[Cc]ơ\s+quan\s+|[Đđ]ơn\s+vị\s+)?[Pp]hối\s+hợp(?:\s+thực\s+hiện)?\s*:\s*")
# "…; cùng với Hội Phụ nữ huyện tổ chức tuyên truyền …": a duty of the series that opens with the units it is done with
_TOGETHER_WITH = re.compile(r";\s*cùng(?:\s+với)?\s+")


def partners_in_duty(action: str) -> list[str]:
    """The units a duty's own words say it is done with ("… phối hợp (chặt chẽ) với A, B …")."""
    out: list[str] = []
    if "; cùng" in action:
        for m_t in _TOGETHER_WITH.finditer(action):
            um_t = match_units(action, m_t.end(), support=True)
            if um_t.ok and verb_at(action, um_t.end + 1) is not None:
                out += [u for u in um_t.units if u not in out]
    if "hợp" not in action:
        return out
    for m_p in _PARTNERS_NOTE.finditer(action) if "(" in action else ():
        um_p = match_units(action, m_p.end(), support=True)
        if um_p.ok and action.startswith(")", um_p.end):
            out += [u for u in um_p.units if u not in out]  # "… (phối hợp: Sở B, UBND các huyện)"
    for m in _COOPERATE_WITH.finditer(action):
        if _RULES_OF.search(action, max(0, m.start() - 12), m.start()) or \
                _ADVISES_BODY.search(action, max(0, m.start() - 80), m.start()):
            # "thực hiện quy chế phối hợp với …": the rules agreed with another body; "tham mưu UBND tỉnh phối hợp với
            # các bộ …": the body advised is the one that works with them — neither names this duty's partner
            continue
        k = m.end()
        m_of = _BODIES_OF.match(action, k)
        if m_of is not None and match_units(action, m_of.end(), support=True).ok:
            k = m_of.end()  # "… với các cơ quan liên quan thuộc Bộ A, Bộ B": the bodies they belong to
        um = match_units(action, k, support=True)
        if um.ok:
            out += [u for u in um.units if u not in out and u not in _NO_NAME]  # (not "phối hợp với cấp trên")
    for m in _COOPERATE_BARE.finditer(action):
        if _ADVISES_BODY.search(action, max(0, m.start() - 80), m.start()):
            continue
        um = match_units(action, m.end(), support=True)
        if um.ok and (verb_at(action, um.end + 1) is not None or _DUTY_GOES_ON.match(action, um.end)):
            out += [u for u in um.units if u not in out and u not in _NO_NAME]
    return out


def no_self_support(tasks: list[ExtractedTask]) -> None:
    """A unit does not cooperate with itself: "Sở Tài chính | Sở Tài chính và các cơ quan liên quan" in a task table's
    partner column (the lead repeated there) leaves only the others; the police's own forces are not its partners."""
    for t in tasks:
        if t.support:
            lead = " ".join(t.lead.split()).casefold()
            police = lead.startswith("công an")
            # (nor with its own forces: "Công an tỉnh … lực lượng Cảnh sát giao thông phối hợp với cảnh sát hình sự")
            t.support = [u for u in t.support if " ".join(u.split()).casefold() != lead and
                         not (police and u[:8].casefold() == "cảnh sát")]


# a kind of body with no name ("phối hợp với cơ quan, …" cut short, "Ủy ban nhân dân" with its places lost) names no
# partner: it would be a junk entry in the directory and the facets
_BARE_KIND = re.compile(r"(?:[Cc]ơ\s+quan|[Đđ]ơn\s+vị|[Tt]ổ\s+chức|UBND|[ỦU]ỷ?y?\s+ban(?:\s+nhân\s+dân)?)")


def no_bare_kind(tasks: list[ExtractedTask]) -> None:
    """Drop partners that are a kind of body alone ("cơ quan", "Ủy ban nhân dân")."""
    for t in tasks:
        if t.support:
            t.support = [u for u in t.support if _BARE_KIND.fullmatch(u.strip()) is None]


# "Cùng với Sở A, …", "Với sự phối hợp (chặt chẽ) của Sở A, …", "Có sự tham gia của Hội B, …": the partners named
# before the unit that acts (rules40)
PARTNERS_FIRST = re.compile(r"(?:Cùng\s+với|(?:Với|Có)\s+sự\s+(?:phối\s+hợp|tham\s+gia|hỗ\s+trợ)(?:\s+chặt\s+chẽ)?"
                            r"(?:\s+của)?)\s+")


_COMMA = re.compile(r",\s*")
_LOCALITY_GOES_ON = re.compile(r"(?:phường|thị\s+trấn|đặc\s+khu|thị\s+xã|xã|huyện|quận|thành\s+phố)(?!\w)")


def partners_first(sentence: str) -> tuple[list[str], int] | None:
    """The partners a sentence opens with and where the unit that acts starts: after the comma that closes the list
    ("Với sự phối hợp của Sở A và Sở B, UBND các xã tổ chức …"), or at the list's last unit when the list runs on into
    the lead with no comma ("Cùng với Sở A, Sở B, Công an tỉnh tổ chức …": Công an tỉnh acts). None when the sentence
    opens with no such phrase or no unit follows it."""
    m = PARTNERS_FIRST.match(sentence)
    if m is None:
        return None
    for m_c in _COMMA.finditer(sentence, m.end(), min(len(sentence), m.end() + 240)):
        # "… của Sở A và các đơn vị liên quan, Sở B …": a list closed by "và" (not the "và" inside a name: "Sở Văn hóa,
        # Thể thao và Du lịch") ends at the comma after it
        c = m_c.start()
        if _LOCALITY_GOES_ON.match(sentence, m_c.end()) is not None:
            continue  # "… và UBND các xã, phường, Sở B …": the comma inside "các xã, phường" ends no list (rules42)
        k_and = max(sentence.rfind(" và ", m.end(), c), sentence.rfind(" cùng ", m.end(), c))
        if k_and < 0:
            continue
        um_and = match_units(sentence[:c], m.end(), support=True)
        if not um_and.ok or um_and.end < c - 1:
            break
        if sentence.rfind(um_and.units[-1], m.end(), c) > k_and:
            return list(um_and.units), m_c.end()
    um = match_units(sentence, m.end(), support=True)
    if not um.ok:
        return None
    m_comma = re.match(r"\s*,\s*", sentence[um.end:])
    if m_comma is not None:
        return list(um.units), um.end + m_comma.end()
    if len(um.units) > 1:
        last = sentence.rfind(um.units[-1], um.start, um.end)
        if last > um.start:
            return list(um.units[:-1]), last
    return None


_NOTE_PARTNERS = re.compile(r"\s*(?:[Cc]ơ\s+quan\s+|[Đđ]ơn\s+vị\s+)?[Pp]hối\s+hợp(?:\s+thực\s+hiện)?(?:\s+(?:với|cùng))?\s*:?\s*")


def partners_in_note(note: str) -> list[str]:
    """The partners of a bracketed note that is nothing but them: "phối hợp với Sở B", "phối hợp: Sở B, Sở C" (rules40)."""
    m = _NOTE_PARTNERS.match(note)
    if m is None:
        return []
    um = match_units(note, m.end(), support=True)
    return list(um.units) if um.ok and not note[um.end:].strip(" .;,") else []


# "các phòng chuyên môn của Sở", "các Phòng thuộc Sở có liên quan", "các đơn vị trực thuộc Bộ Y tế": a collective of a
# body's own departments, named by whose they are (rules40)
_OWN_DEPARTMENTS = re.compile(
    r"(?:các|những)\s+(?:[Pp]hòng|[Bb]an|[Đđ]ơn\s+vị|[Cc]ơ\s+quan|[Cc]ục|[Vv]ụ)(?:\s*,\s*(?:phòng|ban|đơn\s+vị|cục|vụ))*"
    r"(?:\s+(?:chuyên\s+môn|nghiệp\s+vụ|chức\s+năng))?\s+(?:của|thuộc|trực\s+thuộc)\s+(?=[A-ZĐỦ])")
# the owner named by its kind alone: "của Sở", "thuộc Bộ", "thuộc UBND xã"
_OWNER_KIND = re.compile(r"(?:Sở|Bộ|Ban|Cục|Tổng\s+cục|Văn\s+phòng|UBND|[ỦU]ỷ?y?\s+ban\s+nhân\s+dân)"
                         r"(?:\s+(?:xã|phường|tỉnh|huyện|thành\s+phố|cùng\s+cấp))?(?=[\s,;.:]|$)")
_RELATED = re.compile(r"\s+(?:có\s+)?liên\s+quan(?=[\s,;.:]|$)")


def own_departments(text: str, k: int) -> int | None:
    """Where a partner that is a body's own departments ends ("các phòng chuyên môn của Sở", "các Phòng thuộc Sở có
    liên quan", "các đơn vị trực thuộc Bộ Y tế"), when one starts at k and runs past what the unit reader takes; else
    None."""
    m = _OWN_DEPARTMENTS.match(text, k)
    if m is None:
        return None
    um_owner = match_units(text, m.end())
    first = text.find(um_owner.units[0], m.end(), um_owner.end) if um_owner.ok else -1
    if first == m.end():
        end = first + len(um_owner.units[0])  # (the owner's own name; a list may go on after it)
    else:
        m_kind = _OWNER_KIND.match(text, m.end())
        if m_kind is None:
            return None
        end = m_kind.end()
    m_rel = _RELATED.match(text, end)
    end = m_rel.end() if m_rel else end
    um = match_units(text, k, support=True)
    return end if not um.ok or um.end < end else None


# "Theo đề nghị của Sở Tài chính tại Công văn số 123/STC-QLG ngày 02/12/2025, Sở Xây dựng thẩm định hồ sơ …", "Căn cứ
# Quyết định số 45/QĐ-UBND …, Sở Y tế tổ chức …", "Thực hiện ý kiến chỉ đạo … tại Văn bản số …, Sở Y tế tổng hợp …": the
# basis names a paper (and the body that asked), then the unit that acts, with its own verb. The body of the basis is
# neither the lead nor a partner. Only the first unit named after a comma may be the subject ("…, Sở A, Sở B rà soát"
# is a list inside the basis, no subject), and it must be followed by a verb ("…, UBND tỉnh." gives nothing).
_BASIS_CUT = re.compile(r",\s+")
_NOT_SUBJECT_VERB = re.compile(r"(?:đã|đang|được|bị|có\s+ý\s+kiến|quyết\s+định|đồng\s+ý|nhất\s+trí|thống\s+nhất|thông\s+qua|"
                               r"ban\s+hành|phê\s+duyệt|chấp\s+thuận|kết\s+luận|trả\s+lời)(?!\w)")


_ASKS_AFTER_BASIS = re.compile(r"(?:giao(?:\s+cho)?|yêu\s+cầu)\s+")


_REPLY = re.compile(r"(?<!\w)(?:như\s+sau|đã|xin)(?!\w)|:\s*$")


def subject_after_basis(sent: str) -> int | None:
    """Where the acting unit starts after a basis that cites a paper (see _BASIS_CUT), or None. Not in a reply that
    tells what was done ("Thực hiện Công văn số …, UBND huyện X báo cáo kết quả như sau: đã tổ chức …")."""
    if _REPLY.search(sent) is not None:
        return None
    for m in _BASIS_CUT.finditer(sent):
        k = m.end()
        m_ask = _ASKS_AFTER_BASIS.match(sent, k)
        if m_ask is not None:  # "…, giao Sở Xây dựng thẩm định …": the basis, then the assignment
            return k if match_units(sent, m_ask.end()).ok else None
        um = match_units(sent, k)
        if not um.ok or um.start != k:
            continue
        j = um.end
        while j < len(sent) and sent[j] == " ":
            j += 1
        if sent.startswith("được giao ", j):
            return k  # "…, Sở B được giao chủ trì thẩm định …": the assignment, said in the passive
        if j == um.end or verb_at(sent, j) is None or _NOT_SUBJECT_VERB.match(sent, j) is not None:
            return None
        if _RESTATES.match(sent, j) is not None and _asked_in_basis(sent, k, um.units):
            return None  # "Theo đề nghị của Sở A tại Tờ trình …, Sở A đề xuất …": the asker restating its request
        return k
    return None


# the body that asked or reported in the basis ("đề nghị / đề xuất / báo cáo / tờ trình / ý kiến của Sở A")
_ASKER = re.compile(r"(?<!\w)(?:đề\s+nghị|đề\s+xuất|báo\s+cáo|[Tt]ờ\s+trình|ý\s+kiến|kiến\s+nghị)\s+của\s+"
                    r"(?:(?:Giám\s+đốc|Thủ\s+trưởng|Chủ\s+tịch|Trưởng|Lãnh\s+đạo)\s+)?")


# what an asker says of its own request after the basis: it proposes, submits or asks again (no duty given to it);
# "…, Sở A hoàn chỉnh hồ sơ, trình UBND tỉnh trước ngày …" opens with work and stays a duty (review21)
_RESTATES = re.compile(r"(?:đề\s+xuất|đề\s+nghị|kiến\s+nghị|trình|xin)(?!\w)")


def _asked_in_basis(sent: str, k: int, subjects: list[str]) -> bool:
    """Whether every subject after k is a unit the basis (before k) names as the one that asked."""
    wanted = {fold_unit(u) for u in subjects}
    asked: set[str] = set()
    for m in _ASKER.finditer(sent, 0, k):
        asker = match_units(sent, m.end())
        if asker.ok and asker.start == m.end():
            asked |= {fold_unit(u) for u in asker.units}
    return bool(wanted) and wanted <= asked


# "Các đơn vị phối hợp: Sở Tài chính; Công an tỉnh." on a line (or an item) of its own, right after the line that gave
# a duty: the partners of that duty, not a task of "Các đơn vị" (rules42). Also "Đơn vị phối hợp:", "Cơ quan phối hợp
# thực hiện:", "- Cơ quan, đơn vị phối hợp:" and a bare "Phối hợp:". Only when every piece names units and nothing else.
PARTNER_LINE = re.compile(r"(?:[Cc]ác\s+)?(?:(?:[Cc]ơ\s+quan|[Đđ]ơn\s+vị)(?:\s*(?:,|và)\s*(?:cơ\s+quan|đơn\s+vị|tổ\s+chức))*"
                          r"\s+phối\s+hợp|Phối\s+hợp)(?:\s+(?:thực\s+hiện|triển\s+khai))?\s*:\s*")
_PIECES = re.compile(r"\s*;\s*")


def partner_line(body: str) -> list[str] | None:
    """The partners a line of its own names ("Các đơn vị phối hợp: A; B."), or None when it is no such line."""
    m = PARTNER_LINE.match(body)
    if m is None:
        return None
    partners: list[str] = []
    for piece in _PIECES.split(body[m.end():].strip(" .;")):
        um = match_units(piece, 0, support=True)
        if not (um.ok and um.end >= len(piece.rstrip(" .,"))):
            return None
        partners += [u for u in um.units if u not in partners]
    return partners or None
